"""Every rule of the grammar in one place: the order in which they win a tie, and the gates that skip
windows a rule cannot match in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.rules import (
    clock_times,
    counted_offsets,
    dates,
    durations,
    holidays,
    ordinals_in_periods,
    parts_of_periods,
    periods,
    ranges,
    relative_days,
    sets,
    vague,
    weekdays,
)
from timeline.analysis.temporal.rules.base import Production, Rule, rx
from timeline.analysis.temporal.rules.pieces import MONTH, ZONE

# each module is one kind of expression, with its RULES
DIMENSIONS = (
    clock_times, counted_offsets, dates, durations, holidays, ordinals_in_periods, parts_of_periods,
    periods, ranges, relative_days, sets, vague, weekdays,
)

# Candidates of the same length: the rule listed first wins.
PRIORITY: tuple[str, ...] = (
    "month_range",
    "day_range",
    "day_first_range",
    "weekday_month_day",
    "weekday_day_month",
    "month_day_year",
    "day_month_year",
    "day_month_short_year",
    "iso_date",
    "dotted_date",
    "numeric_date",
    "abbreviated_month_date",
    "month_slash_day",
    "month_ordinal_word",
    "weekday_the_day",
    "part_of_month",
    "month_quarter",
    "week_of",
    "month_relative_year",
    "week_ending",
    "month_day",
    "day_month",
    "month_the_day",
    "month_year",
    "month",
    "decade",
    "century",
    "quarter",
    "compact_quarter",
    "quarter_code",
    "numeric_month",
    "whole_period",
    "half_code",
    "year_quarter",
    "relative_quarter",
    "half",
    "season",
    "fiscal_year",
    "year_range",
    "year_boundary",
    "year",
    "weekday",
    "relative_day",
    "part_of_day",
    "modified_part_of_day",
    "relative_unit",
    "weekend",
    "counted_weekdays",
    "ago_either",
    "ago",
    "ago_this_period",
    "weeks_ago_weekday",
    "offset",
    "vague_offset",
    "overnight",
    "year_ago_adjective",
    "reference_step",
    "that_period",
    "reference_step_after",
    "reference_step_period",
    "rest_of_period",
    "step_from_weekday",
    "indefinite_day",
    "then",
    "after_next",
    "weekday_week",
    "abbreviated_weekday",
    "ordinal_day",
    "next_day",
    "period_boundary",
    "midweek",
    "period_abbreviation",
    "in_the_period",
    "the_year",
    "period_after_ordinal",
    "this_time_year",
    "new_year",
    "full_year",
    "year_end",
    "duration",
    "compound_duration",
    "unit_long",
    "bare_duration",
    "the_fortnight",
    "uncounted_stretch",
    "bare_duration_linked",
    "set_adverb",
    "set_every",
    "set_frequency",
    "vague",
    "holiday",
    "spoken_year",
    "clock_tonight",
    "clock_weekday",
    "clock_relative_day",
    "clock_month_day",
    "clock_time",
    "spoken_clock",
)

_MONTH_WORD = rf"\b{MONTH}"
_UNIT_WORD = r"\b(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centur|yr|wk|qtr)"
# a weekday's name, or its abbreviation before a date ("Fri 17th": dates.weekday_the_day)
_WEEKDAY_WORD = r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b)"
_CLOCK_WORD = rf"\d\s*(?:[ap]\.?m\b|{ZONE})|\b(?:noon|midday|midnight)\b|\d\s+in\s+the\s+(?:morning|afternoon|evening)"

# Rules whose patterns begin with long optional alternations are slow to try at every position; most
# windows lack the one word they need, and a cheap search for it skips them.
RULE_GATES: dict[str, str] = {
    **dict.fromkeys(("day_range", "day_first_range", "weekday_month_day", "month_day_year", "day_month_year",
                     "week_of", "part_of_month", "weekday_day_month", "month_quarter",
                     "month_relative_year", "month_day", "day_month", "day_month_short_year",
                     "month_year", "month", "week_ending",
                     "month_range", "month_ordinal_word", "abbreviated_month_date"),
                    _MONTH_WORD),
    **dict.fromkeys(("weekday", "step_from_weekday", "weekday_week", "weekday_the_day"), _WEEKDAY_WORD),
    **dict.fromkeys(("clock_weekday", "clock_month_day", "clock_time", "clock_relative_day"), _CLOCK_WORD),
    "ordinal_day": r"\d(?:st|nd|rd|th)\b|\bthe\s+[a-z]+(?:st|nd|rd|th)\b",
    "unit_long": r"s?-long\b",
    "compound_duration": r"\band\b",
    **dict.fromkeys(("duration", "this_time_year", "new_year", "full_year", "rest_of_period", "reference_step_period"),
                    _UNIT_WORD),
    "decade": r"\d0'?s\b|ties\b",
    "midweek": r"\bmid-?week\b",
    "dotted_date": r"\d\.[0-3]?\d\.",
    "after_next": r"\b(?:after\s+next|before\s+last)\b",
    "year_boundary": r"\bof\s+(?:1[6-9]|20)\d\d\b",
    "offset": r"\b(?:earlier|later|before|after|afterwards?|from\s+(?:right\s+)?now|from today|hence|previously|"
              r"prior)\b",
}


_GENERIC = lx.UNIT_WORDS | frozenset(lx.WEEKDAYS)


def keywords_of(phrases: Iterable[str]) -> frozenset[str]:
    """A keyword of each phrase that every mention of it contains: its most telling one ("christmas" rather
    than "day"); the engine's whole-phrase marker for one that holds none ("at this time" is read alone)."""
    chosen: set[str] = set()
    for phrase in phrases:
        words = [word for word in re.split(r"[^a-z]+", phrase.lower()) if word in lx.KEYWORDS]
        telling = [word for word in words if word not in _GENERIC]
        chosen.update(telling or words or [lx.WHOLE_PHRASE])
    return frozenset(chosen)


_PLURAL_UNITS = frozenset({"minutes", "hours", "days", "weeks", "months", "years", "decades"})
_UNIT_WORDS = lx.UNIT_WORDS | frozenset(lx.UNIT_ABBREVIATIONS)
_UNITS_TOLD = frozenset({"day", "week", "month", "year", "morning", "afternoon", "evening", "night"})

# Keywords one of which every match of a rule contains (rules.base.Rule.words): the engine skips a window that
# holds none, with a set look-up. A figure (a year, "9/11", "Q3") is lx.FIGURE.
RULE_WORDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("iso_date", "numeric_date", "numeric_month", "compact_quarter", "quarter_code", "half_code",
                     "year_range", "year"), frozenset({lx.FIGURE})),
    "month_slash_day": frozenset({lx.FIGURE, lx.WHOLE_PHRASE}),
    "fiscal_year": frozenset({lx.FIGURE, "fiscal", "fy"}),
    "month_the_day": frozenset(lx.MONTHS),
    "whole_period": frozenset({"week", "month", "year"}),
    "half": frozenset({"half", "quarters"}),
    "part_of_day": frozenset(lx.PARTS_OF_DAY),
    "weekend": frozenset({"weekend"}),
    "counted_weekdays": frozenset({"now", "today", "ago", "hence"}),
    "weeks_ago_weekday": frozenset({"ago"}),
    "overnight": frozenset({"overnight"}),
    **dict.fromkeys(("year_ago_adjective", "the_year", "year_end"), frozenset({"year"})),
    **dict.fromkeys(("reference_step", "that_period", "next_day", "in_the_period"), _UNITS_TOLD),
    "reference_step_after": frozenset({"day", "week"}),
    "indefinite_day": frozenset({"day", "someday"}),
    "then": frozenset({"then"}),
    "period_boundary": frozenset({"week", "month", "quarter", "year", "decade"}),
    "period_abbreviation": frozenset(lx.PERIOD_ABBREVIATIONS),
    "period_after_ordinal": frozenset({"month", "week"}),
    "the_fortnight": frozenset({"fortnight"}),
    "set_adverb": frozenset(lx.SET_ADVERBS),
    "set_frequency": frozenset({"day", "week", "month", "year", "hour"}),
    **dict.fromkeys(("relative_quarter", "year_quarter"), frozenset({"quarter", "qtr", "period"})),
    "quarter": frozenset({"quarter", "quarters", "qtr", "qtrs"}),
    **dict.fromkeys(("ago", "ago_this_period", "ago_either"), frozenset({"ago"})),
    "century": frozenset({"century"}),
    "relative_day": frozenset({"yesterday", "today", "tomorrow", "tonight"}),
    "season": frozenset(lx.SEASONS),
    **dict.fromkeys(("bare_duration", "bare_duration_linked", "uncounted_stretch", "vague_offset"), _PLURAL_UNITS),
    "relative_unit": frozenset({"week", "weekend", "month", "year", "decade", "century", "yr", "wk"}),
    "modified_part_of_day": frozenset({"morning", "afternoon", "evening"}),
    "clock_tonight": frozenset({"tonight", "evening"}),
    "spoken_year": frozenset({"eighteen", "nineteen", "twenty", "thousand"}),
    # with a search of their own after it (RULE_GATES): a month, a unit
    **dict.fromkeys((name for name, gate in RULE_GATES.items() if gate == _MONTH_WORD), frozenset(lx.MONTHS)),
    **dict.fromkeys((name for name, gate in RULE_GATES.items() if gate == _UNIT_WORD), _UNIT_WORDS),
    "spoken_clock": frozenset({"clock", "past", "quarter", "half", lx.FIGURE}),
    "vague": keywords_of(lx.VAGUE_REFERENCES),
    "holiday": keywords_of(holidays.HOLIDAY_NAMES),
}


# What the passes after matching (productions, ranges, coordinated days) need to know of a rule's mentions.
RULE_TAGS: dict[str, frozenset[str]] = {
    "weekday": frozenset({"weekday_name"}),  # a weekday by its name: a week earlier or later is the same name
    "month": frozenset({"month_name"}),  # a month by its name: a year earlier or later is the same name
    "month_day": frozenset({"month_first_day"}),  # "July 9, 10 and 11": the days after it share its month
    "day_month": frozenset({"day_first_day"}),  # "9, 10 and 11 July": the days before it share its month
    "day_month_year": frozenset({"day_first_day"}),
    # one mention spanning a range: never an open range of its own
    **dict.fromkeys(("month_range", "day_range", "day_first_range", "year_range"), frozenset({"range"})),
}


def _in_priority_order() -> list[Rule]:
    by_name = {rule.name: rule for module in DIMENSIONS for rule in module.RULES}
    assert sorted(by_name) == sorted(PRIORITY), set(by_name) ^ set(PRIORITY)
    return [replace(by_name[name], requires=rx(RULE_GATES[name]) if name in RULE_GATES else None,
                    words=RULE_WORDS.get(name), tags=RULE_TAGS.get(name, frozenset()))
            for name in PRIORITY]


RULES: list[Rule] = _in_priority_order()

# Productions build on the mentions the rules found, in this order: an ordinal or a weekday inside a period
# first, then "after next", then ranges joining two mentions, then counts of units from a date
# ("two days before Christmas").
PRODUCTIONS: list[Production] = [*ordinals_in_periods.PRODUCTIONS, *weekdays.PRODUCTIONS, *ranges.PRODUCTIONS,
                                   *counted_offsets.PRODUCTIONS]

TAGS: dict[str, frozenset[str]] = {**{rule.name: rule.tags for rule in RULES},
                                   **{production.name: production.tags for production in PRODUCTIONS}}
