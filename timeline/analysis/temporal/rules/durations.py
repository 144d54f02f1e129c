"""Durations: "for two hours", "five years and three months", "weeks of talks", "decade-long"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import OutsideCalendar, add_days
from timeline.analysis.temporal.rules.anchoring import shift, shifted_reference
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.analysis.temporal.rules.pieces import (
    APPROX,
    COUNT_START,
    DURATION_START,
    NUMBER,
    UNIT,
    number_of,
    previous_word,
    unit_of,
)
from timeline.analysis.temporal.tense import Tense
from timeline.models import Granularity, TimexType

# a fraction of a unit is written in the next smaller one: "2 1/2 years" is P2Y6M, "5 1/2 hours" PT5H30M
SMALLER_UNIT = {"year": (12, "M"), "week": (7, "D"), "day": (24, "H"), "hour": (60, "M"), "minute": (60, "S")}


def duration_value(amount: float | None, unit: str) -> str:
    """The TIMEX3 value of a duration ("P3D", "PT5H30M", "PXY" for an unknown count)."""
    letter, is_time, _ = lx.UNITS[unit]
    if unit == "fortnight":
        amount = None if amount is None else amount * 2
    if unit in ("decade", "century"):
        letter, amount = "Y", None if amount is None else amount * (10 if unit == "decade" else 100)
    time = "T" if is_time else ""
    if amount is None:
        return f"P{time}X{letter}"
    whole, fraction = int(amount), amount - int(amount)
    if fraction and unit in SMALLER_UNIT and (fraction * SMALLER_UNIT[unit][0]).is_integer():
        factor, small = SMALLER_UNIT[unit]
        small_time = "T" if (unit == "day" and not time) else ""
        head = f"{whole}{letter}" if whole else ""
        return f"P{time}{head}{small_time}{int(fraction * factor)}{small}"
    count = f"{amount:g}" if fraction else str(whole)
    return f"P{time}{count}{letter}"


def resolve_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit_word = match.group("unit")
    unit = unit_of(unit_word)
    if unit == "weekend":
        return None
    num = match.groupdict().get("num")
    # a bare plural ("for months") names no number
    amount = None if num is None and unit_word.lower() != unit else number_of(num)
    if amount is not None and match.groupdict().get("half"):
        amount += 0.5
    if amount is not None and amount == int(amount) and unit in ("day", "week", "fortnight", "month", "year") and \
            (match.group(0)[0].islower() or ctx.whole_phrase) and previous_word(ctx.text, match.start()) == "in" and \
            ctx.tense is Tense.FUTURE and not match.group(0).lower().startswith(("the ", "a few", "few", "several")):
        # "will be redeemed in five years", "is due in two weeks' time", "in 7 days": the date that far ahead
        return shifted_reference(None, ctx, unit, amount)
    if amount is not None and unit in ("hour", "minute") and ctx.whole_phrase and \
            previous_word(ctx.text, match.start()) == "in":
        # "in 5 minutes", "in 36 hours" said alone: the day they end on (the clock of publication is unknown)
        ahead = shifted_reference(None, ctx, unit, amount)
        return replace(ahead, confidence=0.6) if ahead else None
    spanned = amount if amount is not None else lx.VAGUE_COUNT_SPANS.get(re.sub(r"\s+", " ", (num or "").lower()))
    return Resolution(duration_value(amount, unit), TimexType.DURATION, anchor="none", confidence=0.85,
                      interval=anchored_span(match, spanned, unit, ctx.published,
                                             within=_within_from_now(match, ctx)))


# "the past two weeks", "the next three days", "last 2 months": a duration that ends the day before
# publication or starts the day after it (TimeML's endPoint / beginPoint) has the calendar span it covers
# ("could last a year" is the verb)
_ANCHORED = re.compile(r"(?:the\s+)?(?:(?P<back>past|last)|(?P<ahead>next|coming))\s+(?!an?\s)", re.IGNORECASE)


def _within_from_now(match: re.Match[str], ctx: Context) -> bool:
    """"within two weeks" counts from now; "within two weeks of the vote" from the vote."""
    return previous_word(ctx.text, match.start()) == "within" and \
        not re.match(r"\s+of\b", ctx.text[match.end():match.end() + 4])


def anchored_span(match: re.Match[str], amount: float | None, unit: str, published: date,
                  within: bool = False) -> tuple[date, date, Granularity] | None:
    """The calendar span of "the past two weeks" (the days before publication), "the next three days" (the
    days after it), "within two weeks" (from publication on); hours count in the days they reach ("the last 48
    hours" the two days before publication and the day itself)."""
    anchored = _ANCHORED.match(match.group(0))
    if (anchored is None and not within) or amount is None or amount != int(amount) or amount < 1:
        return None
    back = anchored is not None and bool(anchored.group("back"))
    if unit == "hour":
        days = -(-int(amount) // 24)
        return (add_days(published, -days), published, Granularity.DAY) if back else \
            (published, add_days(published, days), Granularity.DAY)
    if unit not in ("day", "week", "fortnight", "month", "quarter", "year", "decade"):
        return None
    granularity = Granularity(unit if unit not in ("fortnight",) else "week")
    try:
        if back:
            return shift(published, unit, -int(amount)), published - timedelta(days=1), granularity
        first = published if within and anchored is None else published + timedelta(days=1)
        return first, shift(published, unit, int(amount)), granularity
    except OutsideCalendar:  # "the last 2,014 years": the duration keeps its value, the span has no interval
        return None


_DURATION_ORDER = ("year", "month", "week", "day", "hour", "minute", "second")


def resolve_compound_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'five hours and 29 minutes' PT5H29M, 'two years and three months' P2Y3M, '2 hours, 14 minutes and 20
    seconds' PT2H14M20S (weeks join days as days)."""
    parts: dict[str, float] = {}
    for number, unit_word in ((match.group("n0"), match.group("u0")), (match.group("n1"), match.group("u1")),
                              (match.group("n2"), match.group("u2"))):
        if number is None:
            continue
        amount = number_of(number)
        unit = unit_of(unit_word)
        if amount is None or amount != int(amount) or unit in parts:
            return None
        parts[unit] = amount
    order = [_DURATION_ORDER.index(unit) for unit in parts]
    if order != sorted(order):
        return None  # "29 minutes and five hours" is no single duration
    if "week" in parts and "day" in parts:
        parts["day"] += 7 * parts.pop("week")
    date_part = "".join(f"{int(parts[u])}{lx.UNITS[u][0]}" for u in ("year", "month", "week", "day") if u in parts)
    time_part = "".join(f"{int(parts[u])}{lx.UNITS[u][0]}" for u in ("hour", "minute", "second") if u in parts)
    return Resolution(f"P{date_part}{'T' + time_part if time_part else ''}", TimexType.DURATION, anchor="none",
                      confidence=0.85)


RATE_COUNT = re.compile(rf"(?:\d|\b(?:{lx.COUNT_WORDS})\b)[\d,.]*\s+(?:[a-z]+\s+)?(?:[a-z]+s|[mbtr]illion)\s+$",
                        re.IGNORECASE)


def accept_duration(match: re.Match[str], text: str) -> bool:
    num = (match.groupdict().get("num") or "").lower()
    # ages ("a 6-year-old", "52 years old") are not temporal expressions of the story
    if re.search(r"old$", match.group(0), re.IGNORECASE) or re.match(r"\s+old\b", text[match.end():match.end() + 5]):
        return False
    if num in ("a", "an") and previous_word(text, match.start()) in ("once", "twice", "times", "per"):
        return False
    if num in ("a", "an") and (text[match.end("unit"):match.end("unit") + 1].lower() == "s" or
                               match.group(0).lower().endswith("-long")):
        return False  # "a years-long dispute", "a day-long meeting": the article is the noun's
    before = text[max(0, match.start() - 40):match.start()]
    # "$5 a year", "2 percent a year", "four flights a week", "$2 million a year" are rates, not durations
    if num in ("a", "an", "per") and (re.search(r"(\d|percent|%)\s*$", before) or RATE_COUNT.search(before)):
        return False
    unit_word = match.group("unit")
    # "60 Minutes" mid-sentence is a title; "a second term" an ordinal; "three-quarters of" a fraction
    if unit_word[0].isupper() and not match.group(0)[0].isupper():
        return False
    if unit_of(unit_word) == "second" and num in ("a", "an") and not re.match(
            r"\s*(?:[^\w\s]|$|(?:later|earlier|ago|after|before|or|and)\b)", text[match.end():match.end() + 10]):
        return False
    # "three quarters of the vote" is a fraction; "several quarters of losses" a time
    return not (unit_of(unit_word) == "quarter" and num not in lx.VAGUE_QUANTITIES and
                re.match(r"\s+of\b", text[match.end():match.end() + 4]))


# the words after which a bare plural unit is a duration of its own: "for months", "within weeks", "took years"
BARE_DURATION_AFTER = frozenset({"for", "over", "within", "in", "take", "takes", "took"})


# what a bare plural unit after these words is part of: "the first days after", "the early hours of"
NOT_A_BARE_DURATION_AFTER = frozenset({
    *lx.NUMBER_WORDS, *lx.VAGUE_QUANTITIES, "that", "this", "those", "these", "first", "last", "final", "early",
    "late", "past", "coming", "recent", "next", "all", "its", "his", "her", "their", "our", "my", "your", "other",
    "same", "following", "previous", "dark", "heady", "such", "between", "more", "over", "within", "in", "take",
    "takes", "took", "hundreds", "thousands", "dozens",
})


def accept_bare_duration_linked(match: re.Match[str], text: str) -> bool:
    before = previous_word(text, match.start())
    counted = re.search(rf"[\d-]\s*$|(?:\d|\b(?:{lx.COUNT_WORDS}))\s+[a-z]+\s+$",
                        text[max(0, match.start() - 30):match.start()], re.IGNORECASE)
    return not (before in NOT_A_BARE_DURATION_AFTER or counted) and match.group("unit")[0].islower()


def accept_uncounted_stretch(match: re.Match[str], text: str) -> bool:
    """Next to the time told ("the previous weeks", but "the last days of the war" are its end), over it
    ("over the years"), or after an event ("the weeks that followed", "the months since")."""
    after = text[match.end():match.end() + 16]
    if match.group("mod"):
        return not re.match(r"\s+of\b", after)
    return bool(re.search(r"\bover\s+$", text[max(0, match.start() - 6):match.start()], re.IGNORECASE) or
                re.match(r"\s+(?:(?:that|which)\s+followed|since)\b", after))


RULES: list[Rule] = [
    # "the 30-day period": a hyphenated count is an adjective and its article belongs to the noun
    Rule("duration", rx(rf"\b{DURATION_START}{APPROX}(?:the\s+(?![\w.]+-(?:second|minute|hour|day|week|month|year)\b)"
                         rf"(?:(?:past|last|next|coming|first|final|previous|following|preceding|latest|initial)\s+)?)?"
                         rf"(?:(?:past|last|next|coming|first)\s+)?{NUMBER}[\s-]+"
                         rf"(?:more\s+|full\s+|straight\s+|consecutive\s+|additional\s+|extra\s+)?{UNIT}(?P<half>\s+and\s+a\s+half)?"
                         rf"(?:[- ](?:long|old))?\b"),
         resolve_duration, accept_duration),
    # "five hours and 29 minutes", "two years and three months": one duration of both parts
    Rule("compound_duration", rx(rf"\b{COUNT_START}{APPROX}(?:{NUMBER.replace('(?P<num>', '(?P<n0>')}[\s-]+"
                                  rf"(?P<u0>year|month|week|day|hour|minute)s?,\s+)?"
                                  rf"{NUMBER.replace('(?P<num>', '(?P<n1>')}[\s-]+"
                                  rf"(?P<u1>year|month|week|day|hour|minute)s?,?\s+and\s+"
                                  rf"{NUMBER.replace('(?P<num>', '(?P<n2>')}[\s-]+"
                                  rf"(?P<u2>month|week|day|hour|minute|second)s?\b"),
         resolve_compound_duration),
    # "a decade-long war", "a years-long dispute": how long, as an adjective (plural: of unsaid length)
    Rule("unit_long", rx(r"\b(?P<unit>(?:hour|day|week|month|year|decade)s?)-long\b"),
         lambda m, c: Resolution(duration_value(None if m.group("unit").lower().endswith("s") else 1,
                                                unit_of(m.group("unit"))), TimexType.DURATION, anchor="none",
                                 confidence=0.7)),
    Rule("bare_duration", rx(r"\b(?P<unit>minutes|hours|days|weeks|months|years|decades)\b"), resolve_duration,
         lambda m, t: previous_word(t, m.start()) in BARE_DURATION_AFTER and t[m.start() - 1:m.start()].isspace()),
    # "in the fortnight to Feb. 8", "the past fortnight": two weeks
    Rule("the_fortnight", rx(r"\bthe\s+(?:(?:past|last|previous|next|coming|following)\s+)?fortnight\b"),
         lambda m, c: Resolution("P2W", TimexType.DURATION, anchor="none", confidence=0.8)),
    # "the previous weeks", "over the years", "in the weeks that followed": a stretch of unsaid length
    Rule("uncounted_stretch", rx(r"\bthe\s+(?P<mod>(?:previous|preceding|past|last|following|next)\s+)?"
                                  r"(?P<unit>hours|days|weeks|months|years|decades)\b"),
         resolve_duration, accept_uncounted_stretch),
    # "months of talks", "days before it expired", "weeks ahead of the vote": how long, count unsaid
    Rule("bare_duration_linked", rx(r"\b(?P<unit>hours|days|weeks|months|years|decades)"
                                     r"(?=\s+(?:before|after|ahead\s+of|of\s+(?!the\b|a\b|an\b|his\b|her\b|its\b|"
                                     r"their\b|our\b|this\b|that\b|\d)))"),
         resolve_duration, accept_bare_duration_linked),
]
