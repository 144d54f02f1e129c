"""Calendar days written out: "July 23", "23 July 2025", "Monday, July 14", "2025-07-14", "14.07.2025", "7/14/2025",
"on the 14th"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import (
    add_months,
    day_value,
)
from timeline.analysis.temporal.rules.anchoring import (
    day_resolution,
    in_tense_direction,
    valid_date,
    year_told_in_clause,
)
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.analysis.temporal.rules.pieces import (
    DAY,
    DAY_ORDINAL,
    MONTH,
    ORDINAL_DAY_WORDS,
    WEEKDAY_BEFORE_DATE,
    YEAR,
    month_of,
)
from timeline.analysis.temporal.tense import is_whole_phrase
from timeline.models import Granularity, TimexType


def around_publication(published: date, month: int, day_number: int) -> list[date]:
    """That month and day in the year before publication, its year and the year after (those that exist)."""
    return [d for y in (published.year - 1, published.year, published.year + 1)
            if (d := valid_date(y, month, day_number))]


def resolve_month_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_of(match.group("month"))
    day_number = int(match.group("day"))
    candidates = around_publication(ctx.published, month, day_number)
    if not candidates:
        return None
    rel = (match.groupdict().get("rel") or "").lower()
    if not rel and (told := year_told_in_clause(ctx)) and (day := valid_date(told.start.year, month, day_number)):
        return replace(day_resolution(day, match, 0.75, anchor="mention"), anchor_mention=told.index)
    if rel == "last" and (before := [d for d in candidates if d < ctx.published]):
        return day_resolution(max(before), match, 0.9)
    if rel == "next" and (after := [d for d in candidates if d > ctx.published]):
        return day_resolution(min(after), match, 0.9)
    return day_resolution(in_tense_direction(candidates, ctx), match, 0.85)


def resolve_weekday_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'Monday, July 14': without its year, the year in which that day is that weekday, if one is near."""
    if match.group("year"):
        return resolve_absolute_parts(match, ctx)
    weekday = lx.weekday_number(match.group("weekday"))
    month, number = month_of(match.group("month")), int(match.group("day"))
    fitting = [d for d in around_publication(ctx.published, month, number) if d.isoweekday() == weekday]
    if len(fitting) == 1:
        return day_resolution(fitting[0], match, 0.9)
    return resolve_month_day(match, ctx)


def absolute_day(year: int, month: int, day_number: int, confidence: float) -> Resolution | None:
    day = valid_date(year, month, day_number)
    if day is None:
        return None
    return Resolution(day_value(day), TimexType.DATE, anchor="absolute", confidence=confidence,
                      interval=(day, day, Granularity.DAY))


def resolve_absolute_parts(match: re.Match[str], ctx: Context) -> Resolution | None:
    return absolute_day(int(match.group("year")), month_of(match.group("month")), int(match.group("day")), 0.95)


def resolve_ordinal_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'on the 14th', 'on the first': that day of the month just named, else of the month around publication
    the tense points to."""
    day_number = _day_number(match)
    if day_number < 1:
        return None
    reference = ctx.nearby_reference(600)
    if reference and reference.granularity in (Granularity.DAY, Granularity.MONTH):
        day = valid_date(reference.start.year, reference.start.month, day_number)
        if day is None:
            return None
        resolution = day_resolution(day, match, 0.75, anchor="mention")
        return replace(resolution, anchor_mention=reference.index)
    months = [add_months(date(ctx.published.year, ctx.published.month, 1), k) for k in (-1, 0, 1)]
    candidates = [d for m in months if (d := valid_date(m.year, m.month, day_number))]
    return day_resolution(in_tense_direction(candidates, ctx, window_days=0), match, 0.7) if candidates else None


def resolve_iso_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'2025-10-05', '2026-03-02T09:00Z' (the clock as written; its zone is not converted)."""
    day = absolute_day(int(match.group("year")), int(match.group("m")), int(match.group("d")), 0.95)
    if day is None or not match.group("hh"):
        return day
    return replace(day, value=f"{day.value}T{match.group('hh')}:{match.group('mm')}", type=TimexType.TIME)


def resolve_dotted_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'01.07.2025': day first, as everywhere dots separate a date; '10.31.1974' is month first, as only it can be."""
    first, second = int(match.group("d")), int(match.group("m"))
    day, month = (second, first) if second > 12 >= first else (first, second)
    return absolute_day(int(match.group("year")), month, day, 0.9)


def full_year(written: str, published: date) -> int:
    """'74' is 1974 and '15' 2015: a two-digit year is the one of the century that puts it at most ten years
    after publication."""
    if len(written) == 4:
        return int(written)
    year = published.year // 100 * 100 + int(written)
    return year - 100 if year > published.year + 10 else year


def month_and_day(first: int, second: int, ctx: Context) -> tuple[int, int] | None:
    """US order (month first) unless the source writes day first; whichever order is the only possible one
    wins ('31/10' is 31 October anywhere)."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first or not ctx.day_first:
        return (first, second) if first <= 12 else None
    return second, first


def resolve_numeric_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'10/31/1974', '10/31/74', '10-31-74', '3/3/15'."""
    order = month_and_day(int(match.group("a")), int(match.group("b")), ctx)
    if order is None:
        return None
    return absolute_day(full_year(match.group("y"), ctx.published), *order, 0.9)


def resolve_month_slash_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'on 2/15', '3-21' alone: a month and day without their year, in the year the tense points to."""
    order = month_and_day(int(match.group("a")), int(match.group("b")), ctx)
    if order is None:
        return None
    candidates = around_publication(ctx.published, *order)
    return day_resolution(in_tense_direction(candidates, ctx), match, 0.75) if candidates else None


# "on 2/15", "by 3/1": a bare slashed pair is a date only where a date is expected (not "1/2 cup", "24/7")
_DATE_PREPOSITION = re.compile(r"\b(?:on|by|from|until|till|since|before|after|through|due|dated)\s+$", re.IGNORECASE)


def accept_month_slash_day(match: re.Match[str], text: str) -> bool:
    """'on 2/15' after a date's preposition, or any of '3/21', '3 / 21', '3-21', '3 - 21' said alone (a hyphen or a
    spaced slash in running text is a score, a vote or a ratio: "won 3-1 on 2-1 aggregate")."""
    if is_whole_phrase(text, match.start(), match.end()):
        return True
    return match.group("sep") == "/" and bool(_DATE_PREPOSITION.search(text, max(0, match.start() - 8),
                                                                      match.start()))


def resolve_abbreviated_month_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'31-Oct-74', '31/Oct/1974': day, month name and year, the way logs and forms write them."""
    return absolute_day(full_year(match.group("y"), ctx.published), month_of(match.group("month")),
                        int(match.group("day")), 0.9)


def _day_number(match: re.Match[str]) -> int:
    groups = match.groupdict()
    word = groups.get("ordw") or groups.get("ordw_")
    return lx.ORDINAL_WORDS[word.lower()] if word else int(match.group("day"))


def resolve_month_ordinal_word(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the first of March', 'March twenty-first', 'June second 2016'."""
    number = _day_number(match)
    if number < 1:
        return None
    month = month_of(match.group("month") or match.group("month_"))
    if match.group("year"):
        return absolute_day(int(match.group("year")), month, number, 0.9)
    candidates = around_publication(ctx.published, month, number)
    return day_resolution(in_tense_direction(candidates, ctx), match, 0.8) if candidates else None


def resolve_weekday_the_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'Tuesday the 19th', 'Tuesday 19th': the day of that number, in the nearest month where it is that weekday
    (the tense decides between a month back and a month ahead)."""
    weekday = lx.weekday_number(match.group("weekday"))
    number = int(match.group("day"))
    months = [add_months(date(ctx.published.year, ctx.published.month, 1), k) for k in range(-6, 7)]
    candidates = [d for m in months if (d := valid_date(m.year, m.month, number)) and d.isoweekday() == weekday]
    return day_resolution(in_tense_direction(candidates, ctx), match, 0.85) if candidates else None


RULES: list[Rule] = [
    # "Mon, Mar 4"; after a weekday, a date written without its space ("Mon, Mar4") is still one
    Rule("weekday_month_day", rx(rf"\b{WEEKDAY_BEFORE_DATE},?\s+(?P<month>{MONTH})\s*{DAY}\b(?:,?\s+{YEAR}\b)?"),
         resolve_weekday_date),
    Rule("weekday_day_month", rx(rf"\b{WEEKDAY_BEFORE_DATE},?\s+(?:the\s+)?{DAY}\s+(?:of\s+)?(?P<month>{MONTH})\b"
                                  rf"(?:,?\s+{YEAR}\b)?"),
         resolve_weekday_date),
    Rule("month_day_year", rx(rf"\b(?P<month>{MONTH})\s+{DAY},?\s+{YEAR}\b"), resolve_absolute_parts),
    Rule("day_month_year", rx(rf"\b{DAY}\s+(?:of\s+)?(?P<month>{MONTH})\b,?\s+{YEAR}\b"), resolve_absolute_parts),
    Rule("iso_date", rx(r"\b(?P<year>(?:1[6-9]|20)\d\d)([-/])(?P<m>[01]?\d)\2(?P<d>[0-3]?\d)"
                         r"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b(?!-)"),
         resolve_iso_date),
    Rule("dotted_date", rx(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[0-3]?\d)\.(?P<year>(?:19|20)\d\d)\b(?![.]\d)"),
         resolve_dotted_date),
    Rule("numeric_date", rx(r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/-])(?P<b>[0-3]?\d)(?P=sep)"
                             r"(?P<y>(?:1[6-9]|20)\d\d|\d\d)\b(?![/-]\d)"), resolve_numeric_date),
    Rule("month_slash_day", rx(r"(?<![\d/.-])(?P<a>[01]?\d)(?P<sep>/|\s/\s|-|\s-\s)(?P<b>[0-3]?\d)\b(?![/.-]?\d|%)"),
         resolve_month_slash_day, accept_month_slash_day),
    Rule("abbreviated_month_date", rx(rf"(?<![\d/.-])(?P<day>[0-3]?\d)(?P<sep>[/-])(?P<month>{MONTH})(?P=sep)"
                                       r"(?P<y>(?:1[6-9]|20)\d\d|\d\d)\b"), resolve_abbreviated_month_date),
    # "the first of March", "March twenty-first", either with its year ("June second 2016"); a spelled ordinal
    # after the month ends the phrase unless a year follows ("March first quarter" is no day)
    Rule("month_ordinal_word", rx(rf"(?:\b(?:the\s+)?(?P<ordw>{ORDINAL_DAY_WORDS})\s+of\s+(?P<month>{MONTH})\b|"
                                   rf"\b(?P<month_>{MONTH})\s+(?:the\s+)?(?P<ordw_>{ORDINAL_DAY_WORDS})\b)"
                                   rf"(?:,?\s+{YEAR}\b|(?(ordw_)(?=\s*(?:$|[.,;:!?)]))))"), resolve_month_ordinal_word),
    Rule("weekday_the_day", rx(rf"\b{WEEKDAY_BEFORE_DATE},?\s+(?:the\s+)?{DAY_ORDINAL}\b(?!\s+(?:of\s+)?[A-Za-z]+\s*\d)"
                                rf"(?!\s+(?:of\s+)?{MONTH})"), resolve_weekday_the_day),
    Rule("month_day", rx(rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<month>{MONTH})\s+{DAY}\b"
                          r"(?!\s*(?:%|percent|[,.]\d|\d|:\d|-year|million|billion))"), resolve_month_day),
    Rule("day_month", rx(rf"\b(?:the\s+)?{DAY}\s+(?:of\s+)?(?P<month>{MONTH})\b"), resolve_month_day),
    # "9th May 16", "9 May '16": a two-digit year where the phrase ends ("on 9 May 16 soldiers died" is no year)
    Rule("day_month_short_year", rx(rf"\b{DAY}\s+(?P<month>{MONTH})\s+['’]?(?P<y>\d\d)(?=\s*(?:$|[.;:!?)]))"),
         lambda m, c: absolute_day(full_year(m.group("y"), c.published), month_of(m.group("month")),
                                   int(m.group("day")), 0.8)),
    # "March the 10th" (spoken and British)
    Rule("month_the_day", rx(rf"\b(?P<month>{MONTH})\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"), resolve_month_day),
    # "on the 14th", "on 14th" (British), "the first"; a spelled ordinal needs "the" ("came on first")
    Rule("ordinal_day", rx(r"(?:(?<=\bon\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s)|^)"
                            rf"(?:(?:the\s+)?(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)|the\s+(?P<ordw>{ORDINAL_DAY_WORDS}))\b"
                            r"(?=\s*(?:$|[.,;:)!?]|\s+(?:and|or|at|when)\b))"),
         resolve_ordinal_day),
]
