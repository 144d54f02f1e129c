"""Ordinals inside a period: "the first week of August", "the last half of May"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import add_months, day_value, interval_of, week_value
from timeline.analysis.temporal.rules.anchoring import precise_enough, toward_tense, value_at
from timeline.analysis.temporal.rules.base import Composition, Context, Production, Resolution, Rule, rx
from timeline.analysis.temporal.rules.periods import resolve_month, resolve_month_year
from timeline.analysis.temporal.rules.pieces import MONTH, ORDINAL_DAY_WORDS, YEAR
from timeline.analysis.temporal.tense import Tense
from timeline.models import Granularity, TimexType


def resolve_part_of_month(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the first week of August' (the first week whose Thursday is in August, and so on; 'the last week'
    the last such), 'the second half of July' (the month, with the half as its interval)."""
    month_resolution = resolve_month_year(match, ctx) if match.group("year") else resolve_month(match, ctx)
    if month_resolution is None or (interval := interval_of(month_resolution.value)) is None:
        return None
    first, last = interval[0], interval[1]
    ordinal = match.group("ord").lower()
    if match.group("unit").lower() == "half":
        middle = first + timedelta(days=14)
        half = (first, middle) if ordinal == "first" else (middle + timedelta(days=1), last)
        return replace(month_resolution, confidence=0.75, interval=(*half, Granularity.MONTH))
    # a week belongs to the month that holds its Thursday (as ISO weeks belong to years)
    first_thursday = first + timedelta(days=(4 - first.isoweekday()) % 7)
    last_thursday = last - timedelta(days=(last.isoweekday() - 4) % 7)
    day = last_thursday if ordinal in ("last", "final") else \
        first_thursday + timedelta(weeks=lx.ORDINAL_PERIODS[ordinal] - 1)
    return Resolution(week_value(day), TimexType.DATE, anchor=month_resolution.anchor, confidence=0.75)


RULES: list[Rule] = [
    Rule("part_of_month", rx(rf"\bthe\s+(?P<ord>first|second|third|fourth|last|final)\s+(?P<unit>week|half)\s+of\s+"
                              rf"(?P<month>{MONTH})(?:,?\s+{YEAR}\b)?"), resolve_part_of_month),
]


# -- productions: an ordinal of days, weekdays or weeks inside any period another rule found ----------------

_WEEKDAY_OR_UNIT = r"(?P<what>monday|tuesday|wednesday|thursday|friday|saturday|sunday|day|week|weekend)"
# "the third last day", "the second-to-last week", "the penultimate Friday": counted from the end
ORDINAL_IN = rx(rf"(?:\bthe\s+)?\b(?:(?P<ord>{ORDINAL_DAY_WORDS}|last|final|[1-9]\d?(?:st|nd|rd|th))"
                 rf"(?P<from_end>[\s-]+(?:to[\s-]+)?last)?|(?P<penultimate>penultimate))\s+{_WEEKDAY_OR_UNIT}"
                 r"\s+(?:of|in)\s+(?:the\s+month\s+of\s+)?$|"
                 r"(?:\bthe\s+)?\b(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+$|"
                 rf"(?:\bthe\s+)?\b(?P<dayword>{ORDINAL_DAY_WORDS})\s+of\s+$")


def counted_in(text: str, start: int) -> bool:
    """Whether an ordinal counting in the period at `start` comes before it ("the first Friday of [the month]",
    "the 12th of [the following month]")."""
    return ORDINAL_IN.search(text, max(0, start - 60), start) is not None


def _after_an_ordinal(match: re.Match[str], text: str) -> bool:
    """'the month' counts as a period only when an ordinal counts in it: 'the first Friday of the month'."""
    return counted_in(text, match.start())


def resolve_period_after_ordinal(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the month' of 'the first Friday of the month': the month just told ("In March ... the first week of the
    month"), else the month of publication (or the week)."""
    unit = match.group("unit").lower()
    reference = ctx.nearby_reference(600)
    if reference is not None and precise_enough(reference, unit):
        return Resolution(value_at(reference.start, unit), TimexType.DATE, anchor="mention", confidence=0.7,
                          anchor_mention=reference.index)
    return Resolution(value_at(ctx.published, unit), TimexType.DATE, confidence=0.7)


RULES.append(Rule("period_after_ordinal", rx(r"\bthe\s+(?P<unit>month|week)\b"), resolve_period_after_ordinal,
                  _after_an_ordinal))


def _ordinal(word: str) -> int:
    word = word.lower()
    if word in lx.ORDINAL_WORDS:
        return lx.ORDINAL_WORDS[word]
    return int(re.sub(r"\D", "", word))


def _counted(before: re.Match[str]) -> int:
    """The ordinal's place: from the start (1, 2, ...) or from the end (-1 the last, -2 the one before it)."""
    if before.group("penultimate"):
        return -2
    nth = _ordinal(before.group("ord"))
    return -nth if before.group("from_end") and nth > 0 else nth


def nth_in(start: date, end: date, what: str, nth: int) -> tuple[date, Granularity] | None:
    """The nth (-1: the last, -2: the one before it) day, weekday, ISO week (the weeks whose Thursday falls
    inside) or weekend of a period, or None when the period has fewer."""
    if what == "day":
        days = [start + timedelta(days=k) for k in range((end - start).days + 1)]
        granularity = Granularity.DAY
    else:
        weekday = lx.WEEKDAYS.get(what, {"week": 4, "weekend": 6}.get(what, 0))
        first = start + timedelta(days=(weekday - start.isoweekday()) % 7)
        days = [first + timedelta(weeks=k) for k in range((end - first).days // 7 + 1)] if first <= end else []
        granularity = Granularity.WEEK if what in ("week", "weekend") else Granularity.DAY
    if not days or nth == 0 or abs(nth) > len(days):
        return None
    return days[nth - 1 if nth > 0 else nth], granularity


# a period that says where it lies ("last month", "the previous month", "2014") keeps its place; only a bare
# month or season takes the direction of the whole expression
RELATIVE = re.compile(r"\d|\b(?:last|next|this|previous|preceding|prior|following|coming|past)\b", re.I)


def _period_of(composition: Composition) -> tuple[date, date] | None:
    """The period the ordinal counts in: a bare month or season takes the direction of the whole expression
    ("the summit is on the first Tuesday of October" is next October, though "October" alone was past)."""
    mention = composition.mention
    if mention.date_start is None or mention.date_end is None:
        return None
    start, end = mention.date_start, mention.date_end
    if mention.anchor == "publication" and not RELATIVE.search(mention.text):
        return toward_tense(start, end, composition.tense, composition.published)
    return start, end


def build_nth_in_period(composition: Composition) -> Resolution | None:
    """'the first Tuesday of October', 'last Monday of March 2014', 'the third day of October', 'the 20th of
    next month', 'the second week of 2014'."""
    period = _period_of(composition)
    before = composition.before
    if period is None or before is None:
        return None
    if before.group("day") or before.group("dayword"):
        if composition.mention.granularity is not Granularity.MONTH:
            return None
        day = int(before.group("day")) if before.group("day") else lx.ORDINAL_WORDS[before.group("dayword").lower()]
        found = nth_in(*period, "day", day)
    else:
        found = nth_in(*period, before.group("what").lower(), _counted(before))
    if found is None:
        return None
    day, granularity = found
    what = (before.group("what") or "day").lower()
    value = day_value(day) if granularity is Granularity.DAY else \
        week_value(day) + ("-WE" if what == "weekend" else "")
    anchor = "absolute" if composition.mention.anchor == "absolute" else "publication"
    return Resolution(value, TimexType.DATE, anchor=anchor, confidence=0.85)


# "the first nine months of the year", "the last two quarters of 2012": a stretch of whole months at one end
_STRETCH_IN = rx(r"\b(?:the\s+)?(?P<end>first|last|final)\s+(?P<num>two|three|four|five|six|seven|eight|nine|ten|"
                 r"eleven|[2-9]|1[01])\s+(?P<unit>months|quarters)\s+of\s+$")


def build_stretch_of_year(composition: Composition) -> Resolution | None:
    """The months the stretch covers, valued by the year (TimeML writes 'the first nine months' as a duration
    and the year apart)."""
    before, mention = composition.before, composition.mention
    period = _period_of(composition)
    if before is None or period is None:
        return None
    count = lx.NUMBER_WORDS.get(before.group("num").lower()) or int(before.group("num"))
    months = count * (3 if before.group("unit").lower() == "quarters" else 1)
    if not 1 <= months < 12:
        return None
    year = period[0].year
    first = 1 if before.group("end").lower() == "first" else 13 - months
    start = date(year, first, 1)
    end = add_months(start, months) - timedelta(days=1)
    published = composition.published
    if mention.anchor != "absolute" and composition.tense is Tense.PAST and end - published > published - start:
        # "profits rose in the first nine months of the year", written in February: last year's (most of the
        # stretch is still ahead; the final three months told in mid-December are this year's)
        start, end = add_months(start, -12), add_months(end + timedelta(days=1), -12) - timedelta(days=1)
    return Resolution(value_at(start, "year"), TimexType.DATE, anchor=mention.anchor, confidence=0.8,
                      interval=(start, end, Granularity.MONTH))


PRODUCTIONS = [
    Production("nth_in_period", frozenset({"month", "year", "quarter", "week", "season", "half"}),
               build_nth_in_period, before=ORDINAL_IN),
    Production("stretch_of_year", frozenset({"year"}), build_stretch_of_year, before=_STRETCH_IN, timeml=False),
]
