"""Ranges written as one expression: "July 13-15", "24-25 June 2025", "2011-2012", "April-June"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from timeline.analysis.temporal.calendar import add_months, day_value, month_end, month_value
from timeline.analysis.temporal.rules.anchoring import in_tense_direction, toward_tense, valid_date, value_at
from timeline.analysis.temporal.rules.base import Composition, Context, Production, Resolution, Rule, rx
from timeline.analysis.temporal.rules.pieces import MONTH, YEAR, month_of
from timeline.analysis.temporal.tense import Tense, is_whole_phrase
from timeline.models import Granularity, TemporalMention, TimexType


def resolve_month_range(match: re.Match[str], ctx: Context) -> Resolution | None:
    first, last = month_of(match.group("m1")), month_of(match.group("m2"))
    length = (last - first) % 12 + 1
    if length < 2:
        return None
    if match.group("year"):
        start = date(int(match.group("year")), first, 1)
    else:
        # the span under way or the latest begun; ahead only when the clause speaks of the future
        starts = [date(ctx.published.year + k, first, 1) for k in (-1, 0, 1)]
        begun = [d for d in starts if d <= ctx.published]
        ending = [d for d in starts if month_end(add_months(d, length - 1).year, last) >= ctx.published]
        start = min(ending) if ctx.tense is Tense.FUTURE and ending else max(begun)
    end = month_end(add_months(start, length - 1).year, last)
    if length == 3 and first % 3 == 1:
        value = f"{start.year}-Q{(first + 2) // 3}"
    elif length == 6 and first in (1, 7):
        value = f"{start.year}-H{1 if first == 1 else 2}"
    else:
        value = month_value(start.year, first)
    return Resolution(value, TimexType.DATE, anchor="absolute" if match.group("year") else "publication",
                      confidence=0.8, interval=(start, end, Granularity.MONTH))


def resolve_day_range(match: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_of(match.group("month"))
    first, last = int(match.group("d1")), int(match.group("d2"))
    if not 1 <= first < last <= 31:
        return None
    if match.group("year"):
        years = [int(match.group("year"))]
    else:
        years = [ctx.published.year - 1, ctx.published.year, ctx.published.year + 1]
    # the year is chosen by the range's last day: "Feb. 10-12" said on 12 February is under way, not next year's
    ends = [d for y in years if valid_date(y, month, first) and (d := valid_date(y, month, last))]
    if not ends:
        return None
    end = ends[0] if len(ends) == 1 else in_tense_direction(ends, ctx)
    start = valid_date(end.year, month, first)
    if start is None:
        return None
    return Resolution(day_value(start), TimexType.DATE, confidence=0.85, interval=(start, end, Granularity.DAY),
                      anchor="absolute" if match.group("year") else "publication")


def resolve_year_range(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'2011-2012', 'the 2013-14 season': one mention spanning both years, valued by the first."""
    first, last = int(match.group("year")), match.group("y2")
    end = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if not first < end <= first + 30:
        return None
    return Resolution(str(first), TimexType.DATE, anchor="absolute", confidence=0.85,
                      interval=(date(first, 1, 1), date(end, 12, 31), Granularity.YEAR))


RULES: list[Rule] = [
    # "the July-September period", "April-June 2025": a span of months (a quarter or half when it is one)
    Rule("month_range", rx(rf"\b(?:the\s+)?(?P<m1>{MONTH})\s*[-–]\s*(?P<m2>{MONTH})(?:\s+{YEAR})?"
                            r"(?:\s+(?:period|quarter|months))?\b"), resolve_month_range),
    Rule("day_range", rx(rf"\b(?P<month>{MONTH})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|through|thru)"
                          r"\s*"
                          rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{YEAR}\b)?"), resolve_day_range),
    Rule("day_first_range", rx(rf"(?<![\d.,])(?:\bthe\s+)?\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|through|thru)"
                          r"\s*"
                                r"(?:the\s+)?(?P<d2>[0-3]?\d)"
                                rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH})\b(?:,?\s+{YEAR}\b)?"),
         resolve_day_range),
    Rule("year_range", rx(rf"\b{YEAR}\s*[-–/]\s*(?P<y2>(?:19|20)\d\d|\d\d)\b(?![-/.,]\d)"), resolve_year_range,
         lambda m, t: not re.search(r"[$£€#]\s?$", t[max(0, m.start() - 2):m.start()])),
]


# -- productions: a range written as two dates ---------------------------------------------------------------

_RANGE_LINK = rx(r"\s*(?P<link>-|–|to|through|thru|until|till|and)\s*(?:the\s+)?")
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
# how far apart the ends of a range of each granularity may lie (further, "2010 - 1990" is no range)
_LONGEST = {Granularity.DAY: 366, Granularity.MONTH: 3 * 366, Granularity.YEAR: 200 * 366}


def build_range(composition: Composition) -> Resolution | None:
    """'from July 13 to July 15', 'Aug 8 - Aug 12', 'between March and May 2014': one mention valued by its start
    (TimeML), with the calendar span from the start of the first to the end of the second."""
    first, second, link = composition.mention, composition.second, composition.after
    if second is None or link is None or first.date_start is None or second.date_end is None or \
            first.granularity is not second.granularity or first.granularity not in _LONGEST or \
            first.type is not TimexType.DATE or second.type is not TimexType.DATE:
        return None
    word = link.group("link").lower()
    opening = (_BETWEEN if word == "and" else _FROM).search(composition.text, max(0, first.start - 9), first.start)
    if word not in ("-", "–", "through", "thru") and not opening:
        # "shares rose to March highs", "met Monday until Tuesday's vote": no range without its "from" (a dash
        # or "through" between two dates makes one: "Tuesday through Thursday"); "and" only after "between"
        return None
    start, end = first.date_start, second.date_end
    if first.anchor != "absolute" and second.anchor == "absolute" and first.granularity is not Granularity.YEAR:
        start = start.replace(year=end.year) if start.replace(year=end.year) <= end else start  # "March to May 2014"
    elif first.anchor == second.anchor == "publication" and first.granularity is not Granularity.YEAR and \
            is_whole_phrase(composition.text, composition.start, composition.end):
        # "Aug 8 - Aug 12" said alone is ahead, though each half alone was not
        start, end = toward_tense(start, end, composition.tense, composition.published)
    if not start <= end or (end - start).days > _LONGEST[first.granularity]:
        return None
    value = value_at(start, first.granularity.value)
    return Resolution(value, TimexType.DATE, anchor=first.anchor, confidence=min(first.confidence, 0.85),
                      interval=(start, end, first.granularity))


PRODUCTIONS = [
    Production("joined_range", frozenset({"day", "month", "year"}), build_range, after=_RANGE_LINK, joins=True,
               tags=frozenset({"range"})),
]


# -- open ranges ---------------------------------------------------------------------------------------------

_OPEN_END = re.compile(r"\b(?:since|from|starting|beginning|as\s+of)\s+(?:on\s+|in\s+)?$", re.IGNORECASE)
_ONWARDS = re.compile(r"\s*(?:on(?:wards?)?|and\s+(?:beyond|after|later))\b", re.IGNORECASE)
_OPEN_START = re.compile(r"\b(?:until|till|through|thru|up\s+to|up\s+until)\s+(?:on\s+|in\s+)?$", re.IGNORECASE)
# "anytime after 2016", "sometime before 2016": an open range that excludes the period it names (a bare "after
# July 4" stays the day, the nearest a reader can place an event told that way)
_SOFT = r"\b(?:any\s?time|some\s?time|at\s+any\s+(?:point|time))\s+"
_SOFT_AFTER = re.compile(_SOFT + r"after\s+$", re.IGNORECASE)
_SOFT_BEFORE = re.compile(_SOFT + r"before\s+$", re.IGNORECASE)
_AN_END = re.compile(r"(?:the\s+)?(?:end|close)\b", re.IGNORECASE)


def _soft_range(text: str, mention: TemporalMention) -> str | None:
    """'after' for "anytime after 2016", 'before' for "sometime before 2016", else None."""
    low = max(0, mention.start - 24)
    if _SOFT_AFTER.search(text, low, mention.start):
        return "after"
    return "before" if _SOFT_BEFORE.search(text, low, mention.start) else None


def open_side_of(text: str, mention: TemporalMention, is_range: bool, soft: str | None) -> str | None:
    """'since 2014', '2014 onwards' run on from their date (the end is open); 'until March', 'through 2014' run
    up to it (the start is open); `soft`: "anytime after", "sometime before" (_soft_range). The signal stays
    outside the span, as TimeML has it."""
    if mention.type is not TimexType.DATE or mention.date_start is None or mention.granularity is Granularity.VAGUE \
            or is_range:
        return None
    before = text[max(0, mention.start - 16):mention.start]
    if _OPEN_START.search(before) or soft == "before":
        return "start"
    if _OPEN_END.search(before) and (not before.lower().rstrip().endswith("from") or _ONWARDS.match(text, mention.end)):
        return "end"
    if soft == "after":
        return "end"
    if _ONWARDS.match(text, mention.end) and not re.match(r"\s*on\s+\w", text[mention.end:mention.end + 8]):
        return "end"
    return None


def with_open_sides(text: str, mentions: list[TemporalMention],
                    is_range: Callable[[TemporalMention], bool]) -> list[TemporalMention]:
    """The mentions with the open side of an open range set (a range of its own is never open)."""
    opened = []
    for mention in mentions:
        soft = _soft_range(text, mention)
        side = open_side_of(text, mention, is_range(mention), soft)
        # "sometime before the end of June" is by the end of June: an end is not excluded
        excluded = soft is not None and not _AN_END.match(mention.text)
        if side == "end":
            start = mention.date_end + timedelta(days=1) if excluded and mention.date_end else mention.date_start
            mention = mention.model_copy(update={"open_side": side, "date_start": start, "date_end": None})
        elif side == "start":
            end = mention.date_start - timedelta(days=1) if excluded and mention.date_start else mention.date_end
            mention = mention.model_copy(update={"open_side": side, "date_start": None, "date_end": end})
        opened.append(mention)
    return opened
