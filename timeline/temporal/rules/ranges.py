"""Ranges written as one expression: "July 13-15", "24-25 June 2025", "2011-2012", "April-June"."""

from __future__ import annotations

import re
from datetime import date

from timeline.models import Granularity, TimexType
from timeline.temporal.calendar import (
    add_months,
    day_value,
    month_end,
    month_value,
)
from timeline.temporal.rules.anchoring import in_tense_direction, valid_date
from timeline.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.temporal.rules.pieces import MONTH, YEAR, month_of
from timeline.temporal.tense import Tense


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
    starts = [d for y in years if (d := valid_date(y, month, first))]
    if not starts:
        return None
    start = starts[0] if len(starts) == 1 else in_tense_direction(starts, ctx)
    end = valid_date(start.year, month, last)
    if end is None:
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
    Rule("day_range", rx(rf"\b(?P<month>{MONTH})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|through)\s*"
                          rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{YEAR}\b)?"), resolve_day_range),
    Rule("day_first_range", rx(rf"(?<![\d.,])\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to)\s*(?P<d2>[0-3]?\d)"
                                rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH})\b(?:,?\s+{YEAR}\b)?"),
         resolve_day_range),
    Rule("year_range", rx(rf"\b{YEAR}\s*[-–/]\s*(?P<y2>(?:19|20)\d\d|\d\d)\b(?![-/.,]\d)"), resolve_year_range,
         lambda m, t: not re.search(r"[$£€#]\s?$", t[max(0, m.start() - 2):m.start()])),
]
