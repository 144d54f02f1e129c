"""Holidays, fixed and movable: Christmas, Easter and the days counted from it, Thanksgiving, Eid."""

from __future__ import annotations

import functools
import re
import warnings
from datetime import date, timedelta

import holidays
from dateutil.easter import easter

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import (
    add_months,
    day_value,
)
from timeline.analysis.temporal.rules.anchoring import in_tense_direction
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, phrase_alternation, rx
from timeline.analysis.temporal.rules.pieces import YEAR
from timeline.models import Granularity, TimexType


def resolve_holiday(match: re.Match[str], ctx: Context) -> Resolution | None:
    name = re.sub(r"\s+", " ", match.group("holiday").lower()).replace("’", "'")
    explicit = match.group("year")
    years = [int(explicit)] if explicit else [ctx.published.year + k for k in (-1, 0, 1)]
    days = [d for year in years if (d := _holiday_in(name, year))]
    if not days:
        return None
    day = days[0] if explicit else in_tense_direction(days, ctx)
    return Resolution(day_value(day), TimexType.DATE, anchor="absolute" if explicit else "publication",
                      confidence=0.85, interval=(day, day, Granularity.DAY))


def _holiday_in(name: str, year: int) -> date | None:
    if name in lx.FIXED_HOLIDAYS:
        month, day = lx.FIXED_HOLIDAYS[name]
        return date(year, month, day)
    if name in lx.EASTER_HOLIDAYS:
        return easter(year) + timedelta(days=lx.EASTER_HOLIDAYS[name])
    if name in lx.WEEKDAY_HOLIDAYS:
        month, weekday, nth = lx.WEEKDAY_HOLIDAYS[name]
        return _nth_weekday(year, month, weekday, nth)
    if name in lx.THANKSGIVING_HOLIDAYS:
        return _nth_weekday(year, 11, 4, 4) + timedelta(days=lx.THANKSGIVING_HOLIDAYS[name])
    if name in lx.CALENDAR_HOLIDAYS:
        return _calendar_holiday(*lx.CALENDAR_HOLIDAYS[name], year)
    if name in lx.ELECTION_HOLIDAYS:
        # the Tuesday after the first Monday of November (US)
        return _nth_weekday(year, 11, 1, 1) + timedelta(days=1 + lx.ELECTION_HOLIDAYS[name])
    return None


@functools.lru_cache(maxsize=256)
def _calendar_holiday(country: str, holiday: str, year: int) -> date | None:
    """A lunisolar or lunar holiday's first day in a year, as the `holidays` package computes it for a country
    that keeps it (none for years it does not cover)."""
    with warnings.catch_warnings():
        # outside the years a calendar covers the package warns and returns nothing: that is our None
        warnings.simplefilter("ignore")
        try:
            days = holidays.country_holidays(country, years=year, language="en_US")
        except NotImplementedError:
            return None
    return min((day for day, name in days.items() if name.startswith(holiday)), default=None)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth ISO weekday (1 = Monday) of a month; nth = -1 is the last one."""
    if nth < 0:
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def accept_holiday(match: re.Match[str], text: str) -> bool:
    # "Easter Island", "Christmas Carol": a holiday name followed by a capitalised word is a name
    if re.match(r"\s+[A-Z][a-z]", text[match.end():match.end() + 3]) and not match.group("year"):
        return False
    # "Ukraine's Independence Day" is not July 4: another country's national day is not in the lexicon
    owner = re.search(r"\b([A-Z][\w.]*)['’]s\s+$", text[max(0, match.start() - 30):match.start()])
    return not (match.group("holiday").lower().startswith("independence") and owner is not None and
                owner.group(1) not in ("America", "U.S.", "US"))


HOLIDAY_NAMES = (*lx.FIXED_HOLIDAYS, *lx.EASTER_HOLIDAYS, *lx.THANKSGIVING_HOLIDAYS, *lx.WEEKDAY_HOLIDAYS,
                 *lx.ELECTION_HOLIDAYS, *lx.CALENDAR_HOLIDAYS)


def _holiday_alternation() -> str:
    """Every holiday of the lexicon; a name that is also a plain noun counts only capitalised, as written."""
    def capitalised(name: str) -> str:
        return re.sub(r"(^|[\s-])([a-z])", lambda m: m.group(1) + m.group(2).upper(), name) \
            .replace("Al-", "al-").replace("'S", "'s")

    anycase = [name for name in HOLIDAY_NAMES if name not in lx.CAPITALISED_ONLY_HOLIDAYS]
    titled = sorted({form for name in lx.CAPITALISED_ONLY_HOLIDAYS
                     for form in (capitalised(name), capitalised(name).replace("'", "’"))}, key=len, reverse=True)
    forms = {*anycase, *(name.replace("'", "’") for name in anycase)}
    # said alone ("independence day" as a query), nothing else can be meant: any case
    alone = rf"^\s*(?:{phrase_alternation(lx.CAPITALISED_ONLY_HOLIDAYS)})(?=\s*$)"
    # the longest name first: "Easter Sunday" before "Easter"
    return rf"(?P<holiday>{phrase_alternation(forms)}|(?-i:{'|'.join(re.escape(t) for t in titled)})|{alone})"


HOLIDAYS = _holiday_alternation()


RULES: list[Rule] = [
    Rule("holiday", rx(rf"\b{HOLIDAYS}\b(?:,?\s+{YEAR}\b)?"), resolve_holiday, accept_holiday),
]
