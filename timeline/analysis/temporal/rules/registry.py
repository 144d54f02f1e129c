"""Every rule of the grammar in one place: the order in which they win a tie, and the gates that skip
windows a rule cannot match in."""

from __future__ import annotations

from dataclasses import replace

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
    **dict.fromkeys(("relative_quarter", "year_quarter"), r"\b(?:quarter|qtr|period)\b"),
    **dict.fromkeys(("ago", "ago_this_period"), r"\bago\b"),
    "ordinal_day": r"\d(?:st|nd|rd|th)\b|\bthe\s+[a-z]+(?:st|nd|rd|th)\b",
    "unit_long": r"s?-long\b",
    "compound_duration": r"\band\b",
    **dict.fromkeys(("duration", "this_time_year", "new_year", "full_year", "rest_of_period", "reference_step_period"),
                    _UNIT_WORD),
    "quarter": r"\b(?:quarter|qtr)",

    "decade": r"\d0'?s\b|ties\b",
    "century": r"\bcentury\b",
    "midweek": r"\bmid-?week\b",
    "relative_day": r"\b(?:yesterday|today|tomorrow|tonight)",
    "dotted_date": r"\d\.[0-3]?\d\.",
    "vague_offset": r"\b(?:later|earlier|afterwards?)\b",
    "after_next": r"\b(?:after\s+next|before\s+last)\b",
    "year_boundary": r"\bof\s+(?:1[6-9]|20)\d\d\b",
    "offset": r"\b(?:earlier|later|before|after|afterwards?|from\s+(?:right\s+)?now|from today|hence|previously|"
              r"prior)\b",
    "season": r"\b(?:spring|summer|fall|autumn|winter)\b",
    **dict.fromkeys(("bare_duration", "bare_duration_linked", "uncounted_stretch"),
                    r"\b(?:minutes|hours|days|weeks|months|years|decades)\b"),
    "relative_unit": r"\b(?:week|weekend|month|year|decade|century|yr|wk)\b",
    "modified_part_of_day": r"\b(?:morning|afternoon|evening)\b",
    "clock_tonight": r"\b(?:tonight|this\s+evening)\b",
    "spoken_year": r"\b(?:eighteen|nineteen|twenty|two\s+thousand)\b",
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
                    tags=RULE_TAGS.get(name, frozenset()))
            for name in PRIORITY]


RULES: list[Rule] = _in_priority_order()

# Productions build on the mentions the rules found, in this order: an ordinal or a weekday inside a period
# first, then "after next", then ranges joining two mentions, then counts of units from a date
# ("two days before Christmas").
PRODUCTIONS: list[Production] = [*ordinals_in_periods.PRODUCTIONS, *weekdays.PRODUCTIONS, *ranges.PRODUCTIONS,
                                   *counted_offsets.PRODUCTIONS]

TAGS: dict[str, frozenset[str]] = {**{rule.name: rule.tags for rule in RULES},
                                   **{production.name: production.tags for production in PRODUCTIONS}}
