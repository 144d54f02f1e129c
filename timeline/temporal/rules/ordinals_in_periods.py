"""Ordinals inside a period: "the first week of August", "the last half of May"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from timeline.models import Granularity, TimexType
from timeline.temporal import lexicon as lx
from timeline.temporal.calendar import (
    interval_of,
    week_value,
)
from timeline.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.temporal.rules.periods import resolve_month, resolve_month_year
from timeline.temporal.rules.pieces import MONTH, YEAR


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
