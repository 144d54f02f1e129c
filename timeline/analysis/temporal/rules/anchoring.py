"""Anchoring helpers shared by the dimensions: shifting a date by units, choosing the tense's direction,
and counting from the date mentioned before."""

from __future__ import annotations

import re
from datetime import date, timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import (
    OutsideCalendar,
    add_days,
    add_months,
    add_years,
    day_value,
    interval_of,
    month_value,
    quarter_of,
    season_of,
    week_start,
    week_value,
    year_value,
)
from timeline.analysis.temporal.rules.base import Context, Reference, Resolution
from timeline.analysis.temporal.rules.guards import SENTENCE_START
from timeline.analysis.temporal.tense import Tense
from timeline.models import Granularity, TimexType


def shift(day: date, unit: str, amount: int) -> date:
    """`amount` units later (earlier when negative); OutsideCalendar when that leaves years 1-9999."""
    if unit in ("day", "night"):
        return add_days(day, amount)
    if unit in ("week", "weekend"):
        return add_days(day, 7 * amount)
    if unit == "fortnight":
        return add_days(day, 14 * amount)
    if unit == "month":
        return add_months(day, amount)
    if unit == "quarter":
        return add_months(day, 3 * amount)
    if unit == "year":
        return add_years(day, amount)
    if unit == "decade":
        return add_years(day, 10 * amount)
    if unit == "century":
        return add_years(day, 100 * amount)
    return day


def value_at(day: date, granularity: str) -> str:
    """The TIMEX3 value of the period of a given granularity that contains a day."""
    if granularity in ("day", "night", "hour", "minute", "second"):
        return day_value(day)
    if granularity in ("week", "fortnight"):
        return week_value(day)
    if granularity == "weekend":
        return week_value(day) + "-WE"
    if granularity == "month":
        return month_value(day.year, day.month)
    if granularity == "quarter":
        return f"{day.year}-Q{quarter_of(day)}"
    if granularity == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if granularity == "season":
        year, code = season_of(day)
        return f"{year}-{code}"
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return day_value(day)


# A date written without its year that falls within this many days of publication is read as that nearby
# date whatever the tense: news rarely names a date a year away without its year.
NEAREST_WINDOW_DAYS = 60


def first_weekend_after(published: date) -> date:
    """The Saturday of the first weekend to start after publication ("next weekend": said on a Saturday, the
    following one, not the one under way)."""
    saturday = week_start(published) + timedelta(days=5)
    return saturday + timedelta(weeks=1) if saturday <= published else saturday


def toward_tense(start: date, end: date, tense: Tense, published: date, cycle: str = "year") -> tuple[date, date]:
    """A period named without its year (a weekday without its week) moved one cycle the way its clause looks:
    ahead when the clause looks ahead and the period is past ("will meet two days before Christmas" written in
    February), back when it tells the past and the period is ahead."""
    step = 1 if tense is Tense.FUTURE and end < published else -1 if tense is Tense.PAST and start > published else 0
    if step == 0:
        return start, end
    if cycle == "week":
        return add_days(start, 7 * step), add_days(end, 7 * step)
    # the last day of a month stays the last ("the last week of February" into a leap year)
    return add_years(start, step), add_days(add_years(add_days(end, 1), step), -1)


def in_tense_direction(candidates: list[date], ctx: Context, window_days: int = NEAREST_WINDOW_DAYS) -> date:
    """Pick the candidate near publication, else the one the tense points to: the latest not after
    publication for the past (and for an unknown tense: news reports the past), the earliest not before
    it for the future."""
    published = ctx.published
    nearest = min(candidates, key=lambda d: (abs((d - published).days), d))
    if abs((nearest - published).days) <= window_days and not ctx.whole_phrase:
        return nearest
    if ctx.tense is Tense.FUTURE:
        future = [d for d in candidates if d >= published]
        if future:
            return min(future)
    past = [d for d in candidates if d <= published]
    return max(past) if past else nearest


def valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _part_suffix(match: re.Match[str]) -> str:
    part = match.groupdict().get("part")
    return f"T{lx.PARTS_OF_DAY[part.lower()]}" if part else ""


def day_resolution(day: date, match: re.Match[str], confidence: float, anchor: str = "publication") -> Resolution:
    suffix = _part_suffix(match)
    return Resolution(
        value=day_value(day) + suffix, type=TimexType.TIME if suffix else TimexType.DATE, anchor=anchor,
        confidence=confidence, interval=(day, day, Granularity.DAY),
    )


def year_told_in_clause(ctx: Context) -> Reference | None:
    """The year just named, if the clause is still about it: "last year, when the holiday fell in April",
    "in 2019 he moved in March", "Last year, Biden spoke on March 7" (not "won in 2024 and have not lost
    since March")."""
    told = ctx.nearby_reference(120)
    if told is None or told.granularity is not Granularity.YEAR or told.start.year == ctx.published.year:
        return None
    between = ctx.text[told.offset:ctx.match_start]
    if re.search(r"[.!?]\s", between):
        return None
    # a year opening the sentence ("Last year, ...", "In 2019, ...") sets the time of all that follows
    opening = "," in between and SENTENCE_START.search(
        ctx.text[max(0, told.offset - 12):told.offset].removesuffix("In "))
    if ", when " in between or opening or not re.search(r"[,;]|\s(?:and|but|since)\s", between):
        return told
    return None


def week_anchor(published: date) -> date:
    """The day whose week is "this week": news weeks begin on Sunday, so an article published on a Sunday
    says "last week" of the Monday-to-Saturday just ended (the ISO week that the Sunday closes)."""
    return published + timedelta(days=1) if published.isoweekday() == 7 else published


def shifted_reference(
    reference: Reference | None, ctx: Context, unit: str, amount: float | None
) -> Resolution | None:
    """Count a number of units from the reference date (or publication), at a sensible granularity."""
    if amount is None:
        return None
    whole = int(amount)
    base = reference.start if reference else ctx.published
    anchor = "mention" if reference else "publication"
    if reference and reference.granularity in (Granularity.QUARTER, Granularity.DAY) and unit in (
            "year", "quarter", "month", "week", "day"):
        granularity = reference.granularity.value if unit in ("year", "quarter") or \
            reference.granularity is Granularity.DAY else unit
    elif reference and reference.granularity is Granularity.MONTH and unit in ("year", "month"):
        granularity = "month"
    else:
        granularity = "day" if unit in ("hour", "minute", "second", "night") else unit
    if unit in ("hour", "minute", "second"):
        # "24 hours from now" is tomorrow, "an hour ago" today: whole days of the count (the clock is unknown)
        whole, unit = int(amount / {"hour": 24, "minute": 1440, "second": 86400}[unit]), "day"
    try:
        day = shift(base, unit, whole)
    except OutsideCalendar as outside:  # "2,500 years ago": its year, and no interval
        return Resolution(year_value(outside.year), TimexType.DATE, anchor=anchor, confidence=0.5,
                          anchor_mention=reference.index if reference else None)
    return Resolution(value_at(day, granularity), TimexType.DATE, anchor=anchor, confidence=0.7,
                      anchor_mention=reference.index if reference else None,
                      interval=offset_point(day, unit) if reference is None and granularity == unit else None)


def offset_point(day: date, unit: str) -> tuple[date, date, Granularity] | None:
    """A count of units from a day names a day, known to within the unit: "three weeks ago" is the day three
    weeks back, give or take a week (its TIMEX3 value stays the week, as TimeML writes it)."""
    unit = "week" if unit == "fortnight" else unit
    if unit not in POINT_UNITS:
        return None
    return day, day, Granularity(unit)


POINT_UNITS = frozenset({"week", "month", "quarter", "year"})


_CLOSED_BY = re.compile(r"\s+(?:ended|ending|to|through)\s+(?:on\s+)?", re.IGNORECASE)


def comparison_period(ctx: Context, max_chars: int) -> Reference | None:
    """The quarter that "a year ago" or "the year-earlier period" is compared with: a quarter mentioned just
    before, else the reporting period the article is about, unless a nearer year or month is the anchor."""
    reference = ctx.nearby_reference(max_chars)
    if reference and reference.granularity is Granularity.QUARTER:
        return reference
    period = ctx.reporting_period
    if period is None or reference is None:
        return period
    if period.start <= reference.start <= period.end:  # "the quarter ended Sept. 30": a day of the period
        return period
    if period.end_offset >= 0 and _CLOSED_BY.fullmatch(ctx.text, period.end_offset, reference.offset):
        return period  # "the fourth quarter ended Jan. 26" (a fiscal quarter): the day closes the period
    if reference.granularity is not Granularity.YEAR or \
            reference.start.year not in (period.start.year, period.start.year - 1):
        return None
    return period


def precise_enough(reference: Reference | None, unit: str) -> bool:
    """Whether a step of one `unit` can be counted from the reference: "the day before" a year is no day."""
    return reference is None or SPAN_DAYS.get(reference.granularity.value, 10**6) <= SPAN_DAYS.get(unit, 0)


# how many days each granularity spans at least: a reference is precise enough for "that <unit>" when its
# own granularity is no coarser than the unit
SPAN_DAYS = {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}


def period_of_reference(match: re.Match[str], ctx: Context, fall_back_to_publication: bool,
                         use_reference: bool = True) -> Resolution | None:
    unit = match.group("unit").lower()
    period = "day" if unit in lx.PARTS_OF_DAY else unit
    reference = ctx.nearby_reference(1000) if use_reference else None
    if unit in lx.PARTS_OF_DAY and not precise_enough(reference, period):
        reference = ctx.nearby_day_reference(1000) or reference
    reference = ctx.unless_ahead_of_clause(reference)
    if reference is None or not precise_enough(reference, period):
        if not fall_back_to_publication:
            return None
        reference = None
    base = reference.start if reference else (week_anchor(ctx.published) if period == "week" else ctx.published)
    value = value_at(base, period)
    suffix = f"T{lx.PARTS_OF_DAY[unit]}" if unit in lx.PARTS_OF_DAY else ""
    return Resolution(value + suffix, TimexType.TIME if suffix else TimexType.DATE,
                      anchor="mention" if reference else "publication",
                      confidence=0.7 if fall_back_to_publication else 0.75, interval=interval_of(value),
                      anchor_mention=reference.index if reference else None)
