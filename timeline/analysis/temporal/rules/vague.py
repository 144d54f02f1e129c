"""Vague references with a bounded interval: "now", "recently", "in the coming weeks"."""

from __future__ import annotations

import re
from datetime import timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, phrase_alternation, rx
from timeline.analysis.temporal.rules.pieces import FUNCTION_WORDS
from timeline.analysis.temporal.tense import is_whole_phrase
from timeline.models import Granularity, TimexType


def resolve_vague(match: re.Match[str], ctx: Context) -> Resolution | None:
    phrase = re.sub(r"\s+", " ", match.group(0).lower())
    value, back, forward = lx.VAGUE_REFERENCES[phrase]
    start = None if back is None else ctx.published - timedelta(days=back)
    end = None if forward is None else ctx.published + timedelta(days=forward)
    return Resolution(value, TimexType.DATE, confidence=0.6, interval=(start, end, Granularity.VAGUE))


def accept_vague(match: re.Match[str], text: str) -> bool:
    phrase = match.group(0).lower()
    before = text[max(0, match.start() - 12):match.start()].lower()
    after = text[match.end():match.end() + 12].lower()
    if phrase in ("the past", "the future") and re.match(rf"\s+(?:{lx.COUNT_WORDS}|few|several|\d|"
                                                         r"(?:hour|day|week|month|year|decade)s\b)", after):
        return False  # "the past three summers": a count of periods follows
    if phrase in ("current", "recent"):
        # adjectives count only before a noun, not in "the current" (a noun phrase head) nor before a count
        return bool(re.match(r"\s+[a-z]", after)) and not re.match(rf"\s+(?:{lx.COUNT_WORDS})\b", after)
    if phrase.endswith("future"):
        # "the future president": an adjective before a noun
        following = re.match(r"\s+([a-z]+)", after)
        return following is None or following.group(1) in FUNCTION_WORDS
    if phrase in lx.VAGUE_REFERENCES_ALONE:
        return is_whole_phrase(text, match.start(), match.end())
    if phrase == "soon":
        # "as soon as", "soon after the vote": a relation to another event, not a time
        return not (before.endswith("as ") or re.match(r"\s*(as|after|afterwards?|thereafter)\b", after))
    if phrase == "now":
        # "Now, ..." opens a sentence as a discourse marker ("now that ..." still speaks of the present)
        return not (re.search(r"(^|[.!?\"“]\s*)$", before) and re.match(r"\s*,", after))
    return True


def _vague_pattern() -> str:
    return rf"\b{phrase_alternation(lx.VAGUE_REFERENCES)}\b"


RULES: list[Rule] = [
    Rule("vague", rx(_vague_pattern()), resolve_vague, accept_vague),
]
