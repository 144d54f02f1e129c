"""Days named from publication or from the day told: "today", "yesterday", "last night", "overnight",
"the next day", "until then"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import day_value
from timeline.analysis.temporal.rules.anchoring import (
    day_resolution,
    period_of_reference,
    precise_enough,
    shifted_reference,
)
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.analysis.temporal.rules.guards import SENTENCE_START, accept_unless_title
from timeline.analysis.temporal.rules.pieces import MODALS, PART, WEEKDAY, next_word, previous_word
from timeline.analysis.temporal.rules.weekdays import resolve_weekday
from timeline.analysis.temporal.tense import Tense
from timeline.models import Granularity, TimexType


def relative_day_offset(word: str) -> int:
    """Days from publication of "yesterday", "the day after tomorrow", "day before yesterday"."""
    return lx.RELATIVE_DAYS[re.sub(r"\s+", " ", word.lower()).removeprefix("the ")]


def resolve_relative_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    word = match.group("word").lower()
    day = ctx.published + timedelta(days=relative_day_offset(word))
    resolution = day_resolution(day, match, 0.95)
    if word == "tonight":
        return Resolution(day_value(day) + "TNI", TimexType.TIME, confidence=0.95,
                          interval=(day, day, Granularity.DAY))
    return resolution


_WEEKDAY_AFTER_PART = re.compile(rf",?\s+(?:on\s+)?(?:(?P<rel>last|this|next)\s+)?{WEEKDAY}\b", re.IGNORECASE)


def resolve_modified_part_of_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """The part of the day named after it ("yesterday", "on Tuesday"), else of the day told, else of
    publication."""
    if word := match.group("word"):
        day: date | None = ctx.published + timedelta(days=relative_day_offset(word))
    elif weekday := _WEEKDAY_AFTER_PART.match(ctx.text, ctx.match_end):
        named = resolve_weekday(weekday, ctx)
        day = named.interval[0] if named and named.interval else None
    else:
        return period_of_reference(match, ctx, fall_back_to_publication=True)
    if day is None:
        return None
    return part_of_day_on(day, lx.PARTS_OF_DAY[match.group("unit").lower()], confidence=0.85)


def resolve_part_of_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    rel = match.group("rel").lower()
    day = ctx.published - timedelta(days=1) if rel == "last" else ctx.published
    return day_resolution(day, match, 0.9)


def part_of_day_on(day: date, part: str, confidence: float = 0.7) -> Resolution:
    """A part of a day ('…TEV') as a TIME whose interval is that day."""
    return Resolution(f"{day_value(day)}T{part}", TimexType.TIME, confidence=confidence,
                      interval=(day, day, Granularity.DAY))


def resolve_then(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'until then', 'by then': the date just named (none without one)."""
    reference = ctx.nearby_reference(600)
    if reference is None:
        return None
    return Resolution(reference.value, TimexType.TIME if "T" in reference.value else TimexType.DATE,
                      anchor="mention", confidence=0.7,
                      interval=(reference.start, reference.end, reference.granularity), anchor_mention=reference.index)


def resolve_indefinite_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'Islam will one day be…', 'someday', 'One day, he vanished': a time not said, ahead or behind."""
    ahead = ctx.tense is Tense.FUTURE or previous_word(ctx.text, match.start()) in MODALS
    if ahead:
        return Resolution("FUTURE_REF", TimexType.DATE, confidence=0.5,
                          interval=(ctx.published, ctx.published + timedelta(days=3650), Granularity.VAGUE))
    return Resolution("PAST_REF", TimexType.DATE, confidence=0.5,
                      interval=(ctx.published - timedelta(days=3650), ctx.published, Granularity.VAGUE))


def accept_indefinite_day(match: re.Match[str], text: str) -> bool:
    """'one day' is a time only after a modal ('will one day be') or opening a sentence ('One day, …');
    elsewhere it counts ('for one day', 'one day of talks')."""
    if not match.group(0).lower().startswith("one"):
        return True
    if re.match(r"\s+(?:of|later|earlier|before|after|ago|and|or)\b", text[match.end():match.end() + 8]):
        return False
    before = text[max(0, match.start() - 10):match.start()]
    return previous_word(text, match.start()) in MODALS or \
        bool(SENTENCE_START.search(before) and re.match(r"\s*,", text[match.end():match.end() + 2]))


def resolve_overnight(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'overnight': the night before the day just named (the day the story is telling), else the night
    before publication."""
    if weekday := _WEEKDAY_AFTER_PART.match(ctx.text, ctx.match_end):
        # "restock overnight on Friday": the night of that Friday
        named = resolve_weekday(weekday, ctx)
        if named is None or named.interval is None:
            return None
        night = named.interval[0]
        return Resolution(day_value(night) + "TNI", TimexType.TIME, confidence=0.7,
                          interval=(night, night + timedelta(days=1), Granularity.DAY))
    reference = ctx.nearby_reference(400)
    after_day = reference is not None and reference.granularity is Granularity.DAY
    # ahead, the coming night ("winds would peak overnight"); told, the night before the day
    day = (reference.start if after_day and reference else ctx.published) - \
        timedelta(days=0 if ctx.tense is Tense.FUTURE else 1)
    return Resolution(day_value(day) + "TNI", TimexType.TIME, anchor="mention" if after_day else "publication",
                      confidence=0.6, interval=(day, day + timedelta(days=1), Granularity.DAY),
                      anchor_mention=reference.index if after_day and reference else None)


def accept_overnight(match: re.Match[str], text: str) -> bool:
    # "an overnight success", "an overnight stay": an adjective of manner or of a noun, not a night
    return next_word(text, match.end()) not in lx.NOT_A_NIGHT_AFTER_OVERNIGHT and \
        previous_word(text, match.start()) not in ("an", "almost", "virtually", "nearly", "literally")


def _next_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = match.group("unit").lower()
    reference = ctx.nearby_reference(2000)
    if not precise_enough(reference, "day"):
        return None
    resolution = shifted_reference(reference, ctx, "day", 1)
    if resolution and unit != "day":
        suffix = f"T{lx.PARTS_OF_DAY[unit]}"
        return Resolution(resolution.value + suffix, TimexType.TIME, resolution.anchor, resolution.confidence,
                          anchor_mention=resolution.anchor_mention)
    return resolution


RULES: list[Rule] = [
    Rule("relative_day", rx(rf"\b(?:(?:early|late)\s+(?=yesterday|today|tomorrow))?(?P<word>(?:the\s+)?day\s+before\s+"
                             rf"yesterday|(?:the\s+)?day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight)"
                             rf"(?:'s|’s)?(?:\s+{PART})?\b"), resolve_relative_day,
         accept_unless_title),
    Rule("part_of_day", rx(rf"\b(?P<rel>last|this)\s+{PART}\b"), resolve_part_of_day),
    # "by mid-afternoon", "in the early afternoon", "late morning yesterday": a part of the day told
    Rule("modified_part_of_day", rx(r"(?:(?<=\bin\s)|(?<=\bby\s)|(?<=\bat\s)|(?<=\buntil\s)|(?<=\bsince\s)|"
                                     r"(?<=\bfrom\s))(?:the\s+)?(?:early|late|mid)[\s-]?(?P<unit>morning|afternoon|evening)"
                                     r"(?:\s+(?P<word>yesterday|today|tomorrow))?\b"), resolve_modified_part_of_day),
    Rule("overnight", rx(r"\bovernight\b"), resolve_overnight, accept_overnight),
    Rule("indefinite_day", rx(r"\b(?:one\s+day|some\s?day)\b"), resolve_indefinite_day, accept_indefinite_day),
    # "until then", "by then" name the date just told; "since then" is a connective ("since that happened")
    Rule("then", rx(r"\bthen\b(?:(?<=\buntil\sthen)|(?<=\bby\sthen)|(?<=\btill\sthen))"), resolve_then),
    Rule("next_day", rx(r"\bthe\s+next\s+(?P<unit>day|morning|evening|night)\b"),
         lambda m, c: _next_day(m, c)),
]
