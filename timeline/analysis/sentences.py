"""Sentence splitting for news text: abbreviations, initials, quotes, dashes and list bullets."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from timeline.resources import load

ABBREVIATIONS = frozenset({
    "u.s", "u.k", "u.n", "e.u", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr", "gov", "sen", "rep",
    "rev", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "vs", "v", "etc", "e.g", "i.e", "inc",
    "corp", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "a.m", "p.m", "mt", "ft", "fig", "approx", "dept", "est", "pres", "sec", "gens", "sens", "reps", "d.c",
})
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*(?:[-•*–]\s|\d+[.)]\s|[A-Z\"“]))")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12):dot])
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    # single initials ("Donald J. Trump") and listed abbreviations do not end sentences
    return word in ABBREVIATIONS or (len(word) == 1 and text[dot - 1].isupper())


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        piece = boundary.group(0)
        if piece.startswith(".") and _is_abbreviation(text, boundary.start()) and len(piece.strip(".")) == 0:
            continue
        _append(sentences, text, start, boundary.end())
        start = boundary.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and re.search(r"\w", text[start:end]):
        sentences.append(Sentence(start, end, text[start:end]))


@functools.cache
def _dateline() -> re.Pattern[str]:
    return re.compile(load("sentences.toml")["dateline"]["pattern"])


def without_dateline(sentence: Sentence) -> Sentence:
    """The sentence without a dateline at its start ("SEOUL, Jun 5 (Yonhap) -- President Lee signed ..."); a
    dateline that is the whole sentence stays."""
    match = _dateline().match(sentence.text)
    if match is None or match.end() >= len(sentence.text) or not sentence.text[match.end():].strip():
        return sentence
    return Sentence(sentence.start + match.end(), sentence.end, sentence.text[match.end():])
