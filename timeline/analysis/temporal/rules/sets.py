"""Recurring times (TIMEX3 SET): "daily", "every Monday", "twice a week"."""

from __future__ import annotations

import re

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.analysis.temporal.rules.guards import is_title
from timeline.analysis.temporal.rules.pieces import FUNCTION_WORDS, MONTH, WEEKDAY, month_of, number_of, unit_of
from timeline.models import TimexType


def resolve_set(match: re.Match[str], ctx: Context) -> Resolution | None:
    groups = match.groupdict()
    if groups.get("adverb"):
        return Resolution(lx.SET_ADVERBS[groups["adverb"].lower()], TimexType.SET, anchor="none", confidence=0.8)
    if groups.get("weekday"):
        return Resolution(f"XXXX-WXX-{lx.WEEKDAYS[groups['weekday'].lower()]}", TimexType.SET, anchor="none",
                          confidence=0.85)
    if groups.get("season"):
        return Resolution(f"XXXX-{lx.SEASONS[groups['season'].lower()]}", TimexType.SET, anchor="none",
                          confidence=0.85)
    if groups.get("month"):
        day = f"-{int(groups['day']):02d}" if groups.get("day") and 1 <= int(groups["day"]) <= 31 else ""
        return Resolution(f"XXXX-{month_of(groups['month']):02d}{day}", TimexType.SET, anchor="none",
                          confidence=0.85)
    unit = unit_of(groups["unit"])
    if unit in ("morning", "evening", "night", "afternoon"):
        return Resolution(f"XXXX-XX-XXT{lx.PARTS_OF_DAY[unit]}", TimexType.SET, anchor="none", confidence=0.8)
    letter, is_time, _ = lx.UNITS[unit]
    every = number_of(groups.get("num")) if groups.get("num") and groups["num"].lower() != "other" else None
    count = 2 if (groups.get("num") or "").lower() == "other" else (every or 1)
    return Resolution(f"P{'T' if is_time else ''}{count}{letter}", TimexType.SET, anchor="none", confidence=0.8)


_PERIODICAL_BEFORE = re.compile(r"\b(?i:the|a|an|its|his|her|their|this|that)\s+(?:[A-Z][\w-]*\s+)?$")


def accept_set_adverb(match: re.Match[str], text: str) -> bool:
    if is_title(match, text):
        return False
    # "a quarterly dividend", "daily newspapers": an adjective before a noun is no frequency of events
    following = re.match(r"\s+([a-z]+)", text[match.end():match.end() + 25])
    if following is not None and following.group(1) not in FUNCTION_WORDS:
        return False
    # "the French daily Le Figaro", "told the Sabah daily": a periodical, the noun after a determiner
    return _PERIODICAL_BEFORE.search(text, max(0, match.start() - 40), match.start()) is None


RULES: list[Rule] = [
    Rule("set_adverb", rx(r"\b(?P<adverb>hourly|daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly)\b"),
         resolve_set, accept_set_adverb),
    Rule("set_every", rx(rf"\b(?:every|each)\s+(?:(?:(?P<num>other|two|three|four|five|six|seven|eight|nine|ten|"
                          rf"twelve|\d+)\s+)?(?P<unit>day|week|month|year|quarter|morning|evening|night|afternoon)s?|"
                          rf"{WEEKDAY}|(?P<season>spring|summer|autumn|fall|winter)|(?P<month>{MONTH})(?:\s+(?P<day>[0-3]?\d)"
                          rf"(?:st|nd|rd|th)?)?)\b"),
         resolve_set),
    Rule("set_frequency", rx(r"\b(?:once|twice|three times|four times|\d+ times)\s+(?:a|an|per|each|every)\s+"
                              r"(?P<unit>day|week|month|year|hour)\b"), resolve_set),
]
