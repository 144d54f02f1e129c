"""Actors named in a sentence: people, organisations and countries, from a gazetteer and name patterns.

No downloadable NER model is available, so names are capitalised word sequences, cleaned of titles and
function words; people are keyed by surname ("President Donald Trump" -> "Trump") so that sources that
name them differently agree, and places and institutions by their canonical gazetteer name.
"""

from __future__ import annotations

import functools
import re

from timeline.resources import load

_NAME = re.compile(r"\b[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*(?:\s+(?:[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*|[A-Z]\.))*")


@functools.cache
def _gazetteer() -> tuple[re.Pattern[str], dict[str, str], frozenset[str], re.Pattern[str]]:
    data = load("actors.toml")
    canonical: dict[str, str] = {}
    for name, variants in data["aliases"].items():
        for variant in variants:
            canonical[variant] = name
    ordered = sorted(canonical, key=len, reverse=True)
    aliases = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(v) for v in ordered) + r")(?![\w])")
    titles = sorted(data["not_names"]["titles"], key=len, reverse=True)
    title_prefix = re.compile(r"^(?:(?:" + "|".join(re.escape(t) for t in titles) + r")\s+)+")
    return aliases, canonical, frozenset(data["not_names"]["words"]), title_prefix


def _name_key(name: str, not_names: frozenset[str], title_prefix: re.Pattern[str]) -> str | None:
    name = title_prefix.sub("", name).strip()
    words = [w.rstrip("'’").removesuffix("'s").removesuffix("’s") for w in name.split()]
    words = [w for w in words if w and w not in not_names]
    if not words:
        return None
    if len(words) <= 3 and all(w[0].isupper() for w in words):
        return words[-1]  # a person's surname, or a one-word name
    return " ".join(words)


def find_actors(sentence: str) -> list[str]:
    """Canonical actor names in order of first appearance."""
    aliases, canonical, not_names, title_prefix = _gazetteer()
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for match in aliases.finditer(sentence):
        found.append((match.start(), canonical[match.group(0)]))
        covered.append((match.start(), match.end()))
    for match in _NAME.finditer(sentence):
        if any(s < match.end() and match.start() < e for s, e in covered):
            continue
        key = _name_key(match.group(0), not_names, title_prefix)
        if key and len(key) > 2:
            found.append((match.start(), key))
    seen: dict[str, None] = {}
    for _, name in sorted(found):
        seen.setdefault(name, None)
    return list(seen)
