"""Removing page boilerplate before analysis, without moving a single character.

Removed regions are blanked (replaced by spaces, newlines kept) instead of cut out, so every offset into the
cleaned text is an offset into the original: spans found later point at the text exactly as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line that is one of these ends the article: what follows is teasers, tags and comments.
END_OF_ARTICLE_MARKERS = re.compile(
    r"^\s*(?:hashtags|tags|related(?: articles| stories| content| news| coverage)?|more from .{0,40}|"
    r"you (?:may|might) also like|recommended(?: for you| stories)?|read (?:more|next|also)|"
    r"most (?:read|popular|viewed)|trending(?: now| stories)?|comments?(?: \(\d+\))?|"
    r"leave a (?:comment|reply)|share this(?: article| story)?|about the author|latest news|"
    r"more stories|top stories|see also|further reading|also read)\s*:?\s*$",
    re.IGNORECASE,
)
# Lines that are page furniture wherever they appear.
FURNITURE_LINE = re.compile(
    r"^\s*(?:"
    r"try our ai features|explore what .{0,40} can do for you:?|no comments yet\.*|"
    r"(?:sign up|subscribe|log ?in|sign in|register)\b.{0,80}|advertisement|sponsored(?: content)?|"
    r"click here.{0,80}|follow us on .{0,60}|share (?:on|via) .{0,40}|copyright .{0,120}|©.{0,120}|"
    r"all rights reserved\.?|"
    r"(?:\d+|an?|one) (?:second|minute|hour|day|week)s? ago|-\s*[A-Z][\w .&'-]{0,40}|"
    r"(?:home|news|world|politics|business|sport|opinion)(?:\s*[|>»/•·]\s*\w[\w ]{0,20}){2,}"
    r")\s*$",
    re.IGNORECASE,
)
# Promotional sentences appended to a body paragraph ("Please bookmark and sign up for our newsletter").
PROMO_PHRASE = re.compile(
    r"\b(?:sign up for our|subscribe to our|bookmark (?:us|this|and)|our website is the place|follow us on|"
    r"download our app)\b",
    re.IGNORECASE,
)
PROMO_TAIL_CHARS = 600  # promotions close a paragraph; only its end is searched


@dataclass(frozen=True)
class CleanText:
    """The text with boilerplate blanked, and the regions that were removed (start, end, why)."""

    text: str
    removed: tuple[tuple[int, int, str], ...]

    def kept(self, start: int, end: int) -> bool:
        return not any(s <= start and end <= e for s, e, _ in self.removed)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _lines(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def clean_text(text: str) -> CleanText:
    """Page furniture of plain text blanked (HTML is turned into text before, by trafilatura: see
    timeline.analysis.pipeline.as_plain_text)."""
    removed: list[tuple[int, int, str]] = []
    lines = _lines(text)
    body_chars = 0
    for start, end in lines:
        line = text[start:end]
        if body_chars > 80 and END_OF_ARTICLE_MARKERS.match(line):
            removed.append((start, len(text), f"end-of-article marker {line.strip()!r} and everything after"))
            break
        if FURNITURE_LINE.match(line):
            removed.append((start, end, "page furniture line"))
            continue
        body_chars += len(line.strip())
    cleaned = text
    for start, end, _ in removed:
        cleaned = _blank(cleaned, start, end)
    for start, end in lines:
        if any(s <= start < e for s, e, _ in removed):
            continue
        tail = max(start, end - PROMO_TAIL_CHARS)
        promo = PROMO_PHRASE.search(cleaned, tail, end)
        if promo is None:
            continue
        boundary = max(cleaned.rfind(mark, start, promo.start()) for mark in ".!?")
        cut = boundary + 1 if boundary >= start else start
        if cut > start:  # never a whole line: a promotion closes a paragraph, it is not one
            removed.append((cut, end, "promotional sentence"))
            cleaned = _blank(cleaned, cut, end)
    return CleanText(cleaned, tuple(sorted(removed)))
