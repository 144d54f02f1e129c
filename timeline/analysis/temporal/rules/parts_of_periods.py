"""Parts of a period: "the end of 2026", "the start of next month", "the rest of the year"."""

from __future__ import annotations

import re
from dataclasses import replace

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import interval_of, part_interval
from timeline.analysis.temporal.rules.anchoring import period_of_reference, shift, value_at
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.analysis.temporal.rules.periods import resolve_year
from timeline.analysis.temporal.rules.pieces import YEAR, unit_of
from timeline.analysis.temporal.tense import Tense
from timeline.models import Granularity, TimexType


def resolve_rest_of_period(match: re.Match[str], ctx: Context) -> Resolution | None:
    """What is ahead counts from publication ("will stay shut for the rest of the week": from the day of
    publication to the end of the week); what is told counts from the date just mentioned ("in 2019 ... spent
    the rest of the year in hospital": that year)."""
    resolution = period_of_reference(match, ctx, fall_back_to_publication=True,
                                     use_reference=ctx.tense is not Tense.FUTURE)
    if resolution is None or resolution.anchor != "publication" or (period := interval_of(resolution.value)) is None:
        return resolution
    start, end = period[0], period[1]
    if not start <= ctx.published <= end:
        return resolution
    return replace(resolution, interval=(ctx.published, end, Granularity(unit_of(match.group("unit")))))


def resolve_period_boundary(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = unit_of(match.group("unit"))
    rel = (match.group("rel") or "this").lower()
    amount = {"this": 0, "the": 0, "last": -1, "next": 1}.get(rel, 0)
    return Resolution(value_at(shift(ctx.published, unit, amount), unit), TimexType.DATE, confidence=0.8)


def resolve_midweek(match: re.Match[str], ctx: Context) -> Resolution | None:
    """The week of publication; the engine narrows it to its middle as it narrows "mid-March"."""
    return Resolution(value_at(ctx.published, "week"), TimexType.DATE, confidence=0.7)


def resolve_period_abbreviation(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit, part = lx.PERIOD_ABBREVIATIONS[match.group("abbr").lower()]
    value = value_at(ctx.published, unit)
    if unit == "day":
        return Resolution(value, TimexType.DATE, confidence=0.8)
    return Resolution(value, TimexType.DATE, confidence=0.8, interval=part_interval(value, part))


def accept_period_abbreviation(match: re.Match[str], text: str) -> bool:
    """Capitalised ("EOM") or after "by" ("by eod"): not the word "boy"."""
    return match.group("abbr").isupper() or bool(re.search(r"\bby\s+$", text[max(0, match.start() - 4):match.start()]))


RULES: list[Rule] = [
    Rule("year_boundary", rx(rf"\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+{YEAR}\b"), resolve_year,
         lambda m, t: not re.match(r"\s?(%|[,.]\d|:\d|-\d|\d)", t[m.end():m.end() + 3])),
    # "for the rest of the week", "the remainder of the year": the period it ends, told or current
    Rule("rest_of_period", rx(r"\b(?:the\s+(?:rest|remainder|balance)|(?<!\bthe\s)(?:rest|remainder))"
                              r"\s+of\s+(?:the|this)\s+"
                              r"(?P<unit>day|week|month|year)\b"), resolve_rest_of_period),
    Rule("period_boundary", rx(r"\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:(?P<rel>the|this|last|next)\s+)?"
                                r"(?P<unit>week|month|quarter|year|decade)\b(?!-)"), resolve_period_boundary),
    # "by midweek", "a mid-week meeting": the middle of the week of publication
    Rule("midweek", rx(r"\b(?:the\s+)?mid-?week\b"), resolve_midweek),
    # "by EOD", "EOM", "eoy": the end (or beginning) of the current period
    Rule("period_abbreviation", rx(rf"\b(?P<abbr>{'|'.join(lx.PERIOD_ABBREVIATIONS)})\b"),
         resolve_period_abbreviation, accept_period_abbreviation),
]
