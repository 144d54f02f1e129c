"""Calendar arithmetic on TIMEX3 values: periods, shifts and the intervals values denote."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from timeline.analysis.temporal.lexicon import PERIOD_PARTS
from timeline.models import Granularity

SEASON_MONTHS: dict[str, tuple[int, int]] = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class OutsideCalendar(ValueError):
    """A date before year 1 or after 9999 ("over 2,500 years ago"): it has a TIMEX3 value but no interval
    Python's calendar can hold."""

    def __init__(self, year: int) -> None:
        super().__init__(f"year {year} is outside the calendar (1-9999)")
        self.year = year


def year_value(year: int) -> str:
    """The TIMEX3 value of any year, astronomical numbering: year 0 is 1 BC, written "BC0001"."""
    return f"BC{1 - year:04d}" if year < 1 else f"{year:04d}"


def _within_calendar(year: int) -> int:
    if not date.min.year <= year <= date.max.year:
        raise OutsideCalendar(year)
    return year


def add_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise OutsideCalendar(day.year + int(days / 365.2425)) from None


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    _within_calendar(year)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(day: date, years: int) -> date:
    year = _within_calendar(day.year + years)
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February into a common year
        return day.replace(year=year, day=28)


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def day_value(day: date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")


def interval_of(value: str) -> tuple[date, date, Granularity] | None:
    """The inclusive calendar interval a specific TIMEX3 date value denotes, or None (durations, vague)."""
    try:
        return _interval_of(value)
    except ValueError:
        return None


def _interval_of(value: str) -> tuple[date, date, Granularity] | None:
    if m := _DAY.match(value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day, Granularity.DAY
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + timedelta(days=5), monday + timedelta(days=6), Granularity.WEEK
        return monday, monday + timedelta(days=6), Granularity.WEEK
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), month_end(year, month), Granularity.MONTH
    if m := _QUARTER.match(value):
        year, quarter = int(m[1]), int(m[2])
        return date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), Granularity.QUARTER
    if m := _HALF.match(value):
        year, half = int(m[1]), int(m[2])
        return date(year, 6 * half - 5, 1), month_end(year, 6 * half), Granularity.HALF
    if m := _SEASON.match(value):
        year = int(m[1])
        first, last = SEASON_MONTHS[m[2]]
        end_year = year + 1 if last < first else year
        return date(year, first, 1), month_end(end_year, last), Granularity.SEASON
    if m := _YEAR.match(value):
        year = int(m[1])
        return date(year, 1, 1), date(year, 12, 31), Granularity.YEAR
    if m := _DECADE.match(value):
        decade = int(m[1]) * 10
        return date(max(decade, 1), 1, 1), date(decade + 9, 12, 31), Granularity.DECADE
    if m := _CENTURY.match(value):
        century = int(m[1]) * 100
        return date(max(century, 1), 1, 1), date(century + 99, 12, 31), Granularity.CENTURY
    return None


def season_of(day: date) -> tuple[int, str]:
    """(year, season code) of a day; December belongs to the winter that starts that year."""
    for code, (first, last) in SEASON_MONTHS.items():
        if first <= last and first <= day.month <= last:
            return day.year, code
    return (day.year, "WI") if day.month == 12 else (day.year - 1, "WI")


def _subperiods(start: date, end: date, granularity: Granularity) -> list[tuple[date, date]]:
    """The whole years of a decade or century, the months of a year, half, quarter or season, the days of
    a month or week."""
    periods: list[tuple[date, date]] = []
    day = start
    while day <= end:
        if granularity in (Granularity.DECADE, Granularity.CENTURY):
            last = date(day.year, 12, 31)
        elif granularity in (Granularity.YEAR, Granularity.HALF, Granularity.QUARTER, Granularity.SEASON):
            last = month_end(day.year, day.month)
        else:
            last = day
        periods.append((day, min(last, end)))
        day = last + timedelta(days=1)
    return periods


def part_of(start: date, end: date, granularity: Granularity, part: str) -> tuple[date, date]:
    """The early, middle or late part of a period by the written convention (lexicon.PERIOD_PARTS): "the
    early 1990s" 1990-1992, "late 2024" September-December, "mid-August" 11-20 August, "the end of the week"
    Friday to Sunday."""
    periods = _subperiods(start, end, granularity)
    first, last = PERIOD_PARTS[granularity.value][part]
    chosen = periods[first - 1:last] or periods[-1:]
    return chosen[0][0], chosen[-1][1]


def part_interval(value: str, part: str) -> tuple[date, date, Granularity] | None:
    """The early, middle or late part of the period a TIMEX3 value names ("EOY", "year-end": 2026's late part)."""
    if (interval := interval_of(value)) is None:
        return None
    start, end, granularity = interval
    return (*part_of(start, end, granularity, part), granularity)
