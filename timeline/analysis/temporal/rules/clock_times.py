"""Clock times: "at 3 p.m.", "10:35 a.m. (0735 GMT) Friday", "8:30 a.m. today", "at noon"."""

from __future__ import annotations

import re

from timeline.analysis.temporal.calendar import day_value
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.analysis.temporal.rules.dates import resolve_month_day
from timeline.analysis.temporal.rules.pieces import CLOCK, CLOCK_APPROX, DAY, MONTH, WEEKDAY, ZONE, number_of
from timeline.analysis.temporal.rules.relative_days import resolve_relative_day
from timeline.analysis.temporal.rules.weekdays import resolve_weekday
from timeline.models import Granularity, TimexType

# the weekday a clock time falls on, named after or in a restatement: "10:35 a.m. (0735 GMT) Friday",
# "at 4 in the morning (4 a.m. EDT Thursday)", "at 10:30 on Monday"
_WEEKDAY_AFTER_CLOCK = re.compile(
    rf"(?:\)|\s*\([^()]{{1,30}}\)|\s*\((?:[^()]{{0,30}}?\s)?|(?=\s+on\s))"
    rf"\s*,?\s*(?:on\s+)?(?:(?P<rel>last|this|next)\s+)?{WEEKDAY}\b",
    re.IGNORECASE)


# "at 00:00 Nov. 25": the date a clock time is followed by
_MONTH_DAY_AFTER_CLOCK = re.compile(rf"\s*,?\s*(?:on\s+)?(?P<month>{MONTH})\s+{DAY}\b", re.IGNORECASE)


def resolve_clock_time(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'10:35 a.m.', 'at midnight': a time on the weekday named just after it, else on the day just
    mentioned, else on the publication day."""
    return _clock_on(_day_of_clock(ctx), match)


def _day_of_clock(ctx: Context) -> Resolution | None:
    reference = ctx.nearby_reference(400)
    if reference is None or reference.granularity is not Granularity.DAY:
        reference = ctx.nearby_day_reference(400) or reference
    reference = ctx.unless_ahead_of_clause(reference)  # "shares rose 2.4% by 0915 GMT" after December's meeting
    if weekday := _WEEKDAY_AFTER_CLOCK.match(ctx.text, ctx.match_end):
        return resolve_weekday(weekday, ctx)
    if month_day := _MONTH_DAY_AFTER_CLOCK.match(ctx.text, ctx.match_end):
        return resolve_month_day(month_day, ctx)
    if reference and reference.granularity is Granularity.DAY:
        return Resolution(day_value(reference.start), TimexType.DATE, anchor="mention", confidence=0.8,
                          interval=(reference.start, reference.start, Granularity.DAY),
                          anchor_mention=reference.index)
    return Resolution(day_value(ctx.published), TimexType.DATE, confidence=0.8,
                      interval=(ctx.published, ctx.published, Granularity.DAY))


def _clock_on(day: Resolution | None, match: re.Match[str]) -> Resolution | None:
    """The time a CLOCK match names, on the day another resolver found."""
    if day is None or day.interval is None:
        return None
    word = (match.groupdict().get("clockword") or "").lower()
    if word:
        hour, minute = (24, 0) if word == "midnight" else (12, 0)
    elif match.groupdict().get("h24"):
        hour, minute = int(match.group("h24")), int(match.group("m24"))  # "0735 GMT", "14:30 CET"
    elif dayhalf := match.groupdict().get("dayhalf"):
        hour, minute = int(match.group("hourw")), int(match.group("minutew") or 0)  # "at 4 in the morning"
        if not (1 <= hour <= 12 and minute < 60):
            return None
        hour = hour % 12 + (0 if dayhalf.lower() == "morning" else 12)
    else:
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        if not (1 <= hour <= 12 and minute < 60):
            return None
        hour = hour % 12 + (12 if match.group("ampm").lower().startswith("p") else 0)
    value = f"{day.value[:10]}T{hour:02d}" + ("" if word == "midnight" else f":{minute:02d}")
    return Resolution(value, TimexType.TIME, anchor=day.anchor, confidence=day.confidence, interval=day.interval,
                      anchor_mention=day.anchor_mention)


_FRACTION_MINUTES = {"quarter": 15, "half": 30}


def resolve_spoken_clock(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'3 o'clock', 'quarter past 5', 'half past two', 'ten to six', 'at 17:30': the time as said, on the day
    the story tells (as any clock time); no half of the day is guessed ('3 o'clock' is T03:00, as TimeML
    writes it)."""
    groups = match.groupdict()
    if groups.get("h24"):
        hour, minute = int(groups["h24"]), int(groups["m24"])
    else:
        hour = int(number_of(groups["hour"] or groups["hour_"]) or 0)
        if not 1 <= hour <= 12:
            return None
        minute = 0
        if groups.get("minutes"):
            words = groups["minutes"].lower()
            minute = _FRACTION_MINUTES.get(words) or int(number_of(words) or 0)
            if minute >= 60:
                return None
            if groups["rel"].lower() in ("to", "before"):
                hour, minute = (hour - 2) % 12 + 1, 60 - minute
    day = _day_of_clock(ctx)
    if day is None or day.interval is None:
        return None
    return Resolution(f"{day.value[:10]}T{hour:02d}:{minute:02d}", TimexType.TIME, anchor=day.anchor,
                      confidence=min(day.confidence, 0.8), interval=day.interval, anchor_mention=day.anchor_mention)


def resolve_clock_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'10 p.m. Wednesday', 'noon Thursday', '9 a.m. EST Tuesday': a time on the weekday's date."""
    return _clock_on(resolve_weekday(match, ctx), match)


def resolve_clock_month_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'5 p.m. EST Nov. 9': a time on that date."""
    return _clock_on(resolve_month_day(match, ctx), match)


_HOUR = r"1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"

RULES: list[Rule] = [
    # "3 o'clock", "quarter past 5", "ten to six", and a 24-hour clock after a preposition or alone ("at 17:30")
    Rule("spoken_clock", rx(rf"\b(?:(?P<hour>{_HOUR})\s+o['’]clock\b|(?P<minutes>quarter|half|five|ten|twenty|"
                             rf"twenty-five|[1-5]?\d)\s+(?P<rel>past|after|to|before)\s+(?P<hour_>{_HOUR})\b"
                             # the hour ends the phrase, or a time or day follows ("quarter to 6 tonight");
                             # not "five to ten people", "half past two decades"
                             r"(?=\s*(?:$|[.,;:!?)](?!\d)|(?:in|on|at|today|tomorrow|tonight|yesterday|this|and|or|"
                             r"local|GMT|UTC)\b))|"
                             r"(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bfrom\s)|(?<=\bbefore\s)|(?<=\bafter\s)|^)"
                             # (not a race time: "2:27.13")
                             r"(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b(?!\s*(?:a\.?m|p\.?m)\b|\.\s?\d))"),
         resolve_spoken_clock),
    # "at 7:30 tonight", "at 8 this evening": an evening time of the publication day
    Rule("clock_tonight", rx(r"(?:(?<=\bat\s)|(?<=\buntil\s)|(?<=\bby\s)|(?<=\bfrom\s))(?P<hour>1[0-2]|0?[1-9])"
                              r"(?::(?P<minute>[0-5]\d))?\s+(?:tonight|this\s+evening)\b"),
         lambda m, c: Resolution(f"{day_value(c.published)}T{int(m.group('hour')) % 12 + 12:02d}:"
                                 f"{m.group('minute') or '00'}", TimexType.TIME, confidence=0.85,
                                 interval=(c.published, c.published, Granularity.DAY))),
    Rule("clock_weekday", rx(rf"{CLOCK_APPROX}{CLOCK}\s+(?:on\s+)?{WEEKDAY}\b"), resolve_clock_weekday),
    # "8:30 a.m. today", "at noon tomorrow": a time on the day named just after it
    Rule("clock_relative_day", rx(rf"{CLOCK_APPROX}{CLOCK}\s+(?P<word>today|tomorrow|yesterday)\b"),
         lambda m, c: _clock_on(resolve_relative_day(m, c), m)),
    Rule("clock_month_day", rx(rf"{CLOCK_APPROX}{CLOCK},?\s+(?:on\s+)?(?P<month>{MONTH})\s+{DAY}\b"),
         resolve_clock_month_day),
    Rule("clock_time", rx(rf"{CLOCK_APPROX}(?:\b(?P<h24>[01]?\d|2[0-3]):?(?P<m24>[0-5]\d)\s*{ZONE}\b|"
                           r"\b(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
                           rf"(?:\s+(?:{ZONE}|local\s+time))?|"
                           r"(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bafter\s)|(?<=\bbefore\s)|^)"
                           r"(?:(?P<clockword>noon|midday|midnight)\b|(?P<hourw>[01]?\d)(?::(?P<minutew>[0-5]\d))?"
                           r"\s+in\s+the\s+(?P<dayhalf>morning|afternoon|evening)\b))"),
         resolve_clock_time),
]
