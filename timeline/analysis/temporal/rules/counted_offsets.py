"""Counted offsets from publication or from the date told: "two weeks ago", "three days later",
"the previous year", "the week after next"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import interval_of, week_value
from timeline.analysis.temporal.rules.anchoring import (
    SPAN_DAYS,
    comparison_period,
    day_resolution,
    first_weekend_after,
    offset_point,
    precise_enough,
    shift,
    shifted_reference,
    toward_tense,
    value_at,
    week_anchor,
)
from timeline.analysis.temporal.rules.base import Composition, Context, Production, Reference, Resolution, Rule, rx
from timeline.analysis.temporal.rules.durations import duration_value
from timeline.analysis.temporal.rules.ordinals_in_periods import RELATIVE, counted_in
from timeline.analysis.temporal.rules.pieces import (
    AGO_START,
    APPROX,
    COUNT_START,
    FUTURE_AUXILIARY,
    NUMBER,
    UNIT,
    WEEKDAY,
    number_of,
    previous_word,
    unit_of,
)
from timeline.analysis.temporal.rules.relative_days import part_of_day_on
from timeline.analysis.temporal.tense import Tense
from timeline.models import Granularity, TimexType


def resolve_ago(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = unit_of(match.group("unit"))
    # "weeks ago" names no number of weeks: a vague past, like "several weeks ago"
    counted = match.group("num") is not None or not re.search(r"s\s+ago$", match.group(0), re.IGNORECASE)
    amount = number_of(match.group("num")) if counted else None
    if amount is None:
        back = {"day": 14, "week": 56, "month": 183, "year": 1826, "decade": 7300}.get(unit, 30)
        return Resolution("PAST_REF", TimexType.DATE, confidence=0.6,
                          interval=(ctx.published - timedelta(days=back), ctx.published, Granularity.VAGUE))
    if unit == "year" and amount == 1 and (period := comparison_period(ctx, 300)):
        return shifted_reference(period, ctx, unit, -1)
    if unit in SPAN_DAYS and re.match(r"(?:less\s+than|fewer\s+than|under|just\s+under)\s", match.group(0), re.I):
        # "took office less than a month ago": somewhere in the last month, most likely its middle
        day = ctx.published - timedelta(days=amount * SPAN_DAYS[unit] / 2)
        return Resolution(value_at(day, unit), TimexType.DATE, confidence=0.6, interval=offset_point(day, unit))
    if unit == "week":
        # the value is the news week (a Sunday closes it: week_anchor), the point the same weekday that far back
        back = timedelta(weeks=int(amount))
        return Resolution(week_value(week_anchor(ctx.published) - back), TimexType.DATE, confidence=0.85,
                          interval=offset_point(ctx.published - back, unit))
    if unit in ("decade", "century"):
        # "a decade ago" is about the year ten years back, not the whole decade that contains it
        return shifted_reference(None, ctx, "year", -amount * (10 if unit == "decade" else 100))
    return shifted_reference(None, ctx, unit, -amount)


def resolve_ago_either(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'a day or two ago', 'two or three weeks ago': the stretch between the two counts back, valued by the
    farther (as 'three weeks ago' alone would be)."""
    unit = unit_of(match.group("unit") or match.group("unit_"))
    counts = [number_of(match.group("num") or match.group("num_")),
              number_of(match.group("num2") or match.group("num2_"))]
    if None in counts or any(c != int(c) or c < 1 for c in counts):  # type: ignore[operator]
        return None
    near, far = sorted(int(c) for c in counts)  # type: ignore[arg-type]
    if near == far:
        return None
    farthest, nearest = shift(ctx.published, unit, -far), shift(ctx.published, unit, -near)
    return Resolution(value_at(farthest, unit), TimexType.DATE, confidence=0.7,
                      interval=(farthest, nearest, Granularity(unit)))


def resolve_ago_this_period(match: re.Match[str], ctx: Context) -> Resolution | None:
    period = {"this week": "week", "this month": "month", "today": "day"}[re.sub(r"\s+", " ",
                                                                               match.group("period").lower())]
    amount = int(number_of(match.group("num")) or 1)
    back = shift(week_anchor(ctx.published) if period == "week" else ctx.published, unit_of(match.group("unit")),
                 -amount)
    return Resolution(value_at(back, period), TimexType.DATE, confidence=0.8)


def resolve_weeks_ago_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'a week ago Sunday' (US usage): the Sunday that many weeks before the latest Sunday (today excluded)."""
    latest = ctx.published - timedelta(
        days=(ctx.published.isoweekday() - lx.WEEKDAYS[match.group("weekday").lower()]) % 7 or 7)
    return day_resolution(latest - timedelta(weeks=int(number_of(match.group("num")) or 1)), match, 0.8)


def resolve_offset(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = unit_of(match.group("unit"))
    direction = (match.group("dir") or match.group("dir_")).lower()
    amount = number_of(match.group("num"))
    if amount is None:
        # "a few days later": how far from what is not said
        return Resolution(duration_value(None, unit), TimexType.DURATION, anchor="none", confidence=0.5)
    if direction.startswith("from") or direction == "hence":
        if unit == "weekend" and amount == int(amount) and amount >= 1:
            return _weekend_from_now(ctx, int(amount))
        return shifted_reference(None, ctx, unit, amount)
    sign = -1 if direction in ("earlier", "before", "previously", "prior") else 1
    if unit == "year" and amount == 1 and sign < 0 and (period := comparison_period(ctx, 2000)):
        return shifted_reference(period, ctx, unit, -1)
    reference = ctx.nearby_reference(2000)
    if sign < 0 and reference and reference.granularity is Granularity.DAY and reference.start > ctx.published and \
            not FUTURE_AUXILIARY.search(ctx.text, max(0, ctx.match_start - 120), ctx.match_start):
        # "markets see a cut on Sept. 17, down from 65% a day earlier": a comparison with now, not a day
        # before the day ahead ("the vote will be on Sept. 17 ... two days earlier" keeps it; so does a
        # year ahead: "sales in fiscal 2026, up from 232 million a year earlier")
        reference = None
    if unit in ("hour", "minute", "second"):
        return _clock_offset(reference, unit, sign * amount)
    if unit == "year" and amount == 1 and sign < 0 and reference and reference.granularity is Granularity.DAY \
            and abs((reference.start - ctx.published).days) <= 7 and ctx.month_reference and \
            ctx.match_start - ctx.month_reference.offset <= 600:
        return shifted_reference(ctx.month_reference, ctx, unit, -1)
    if reference is None and sign > 0 and ctx.tense is not Tense.FUTURE:
        # "Two days later, on July 4, ..." with no date before it: later than what is not said, and
        # counting from publication would put a past event in the future
        return Resolution(duration_value(amount, unit), TimexType.DURATION, anchor="none", confidence=0.6)
    return shifted_reference(reference, ctx, unit, sign * amount)


def _weekend_from_now(ctx: Context, count: int) -> Resolution:
    """'two weekends from now': the first weekend to start after publication is the first (as "next weekend")."""
    saturday = first_weekend_after(ctx.published) + timedelta(weeks=count - 1)
    return Resolution(week_value(saturday) + "-WE", TimexType.DATE, confidence=0.8)


def _clock_offset(reference: Reference | None, unit: str, amount: float) -> Resolution:
    """'78 minutes later' after '04:09 UTC' is 05:27 that day; with no clock time told before, only the
    span is known (TimeBank writes 'over an hour later' as PT1H)."""
    clock = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d):(\d\d)", reference.value) if reference else None
    if clock is None:
        return Resolution(duration_value(abs(amount), unit), TimexType.DURATION, anchor="none", confidence=0.6)
    moment = datetime.fromisoformat(f"{clock.group(1)}T{clock.group(2)}:{clock.group(3)}") + \
        timedelta(**{unit + "s": amount})
    assert reference is not None
    return Resolution(moment.strftime("%Y-%m-%dT%H:%M"), TimexType.TIME, anchor="mention", confidence=0.7,
                      interval=(moment.date(), moment.date(), Granularity.DAY), anchor_mention=reference.index)


def resolve_year_ago_adjective(match: re.Match[str], ctx: Context) -> Resolution | None:
    if period := comparison_period(ctx, 600):
        return shifted_reference(period, ctx, "year", -1)
    reference = ctx.nearby_reference(600)
    if reference and reference.granularity is Granularity.MONTH:
        return shifted_reference(reference, ctx, "year", -1)
    return Resolution(str(ctx.published.year - 1), TimexType.DATE, confidence=0.6)


def resolve_reference_step(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = unit_of(match.group("unit"))
    word = (match.groupdict().get("rel") or match.groupdict().get("dir") or "").lower()
    step = {"previous": -1, "preceding": -1, "prior": -1, "before": -1, "earlier": -1, "following": 1,
            "next": 1, "after": 1, "later": 1, "same": 0}[word]
    part = lx.PARTS_OF_DAY.get(match.group("unit").lower())
    if part:
        unit = "day"
    reference = ctx.nearby_reference(2000)
    if (step == 0 or part) and unit == "day" and not precise_enough(reference, unit):
        # "met Merz the same day" after "this week"; "the previous evening" after "since the start of the
        # year": the last day told (not one ahead of a past clause), else the day of publication
        reference = ctx.unless_ahead_of_clause(ctx.nearby_day_reference(600)) or (reference if step == 0 else None)
    if not precise_enough(reference, unit):
        return None
    if part and reference is None:
        return part_of_day_on(shift(ctx.published, "day", step), part)
    after_an_ordinal = counted_in(ctx.text, ctx.match_start)
    if reference is None and ((unit == "day" and step != 0) or
                              (step > 0 and ctx.tense is not Tense.FUTURE and not after_an_ordinal)):
        # "the day after the summit", "the following week" with no date told before count from an event,
        # not from publication (which would put a past event in the future); "the previous year" alone is
        # the year before publication; "the 12th of the following month" counts its day in the month after
        # publication's
        return None
    if unit in ("week", "month", "year"):
        # "the following week" after "July 14" is the week after that week, not the day a week later
        # (that is "a week later"): the step names a whole period of its unit
        base = reference.start if reference else ctx.published
        return Resolution(value_at(shift(base, unit, step), unit), TimexType.DATE,
                          anchor="mention" if reference else "publication", confidence=0.7,
                          anchor_mention=reference.index if reference else None)
    shifted = shifted_reference(reference, ctx, unit, step)
    if part and shifted and reference:
        return replace(part_of_day_on(reference.start + timedelta(days=step), part), anchor="mention",
                       anchor_mention=reference.index)
    return shifted


def resolve_after_next(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the week after next', 'the weekend before last': two of the unit ahead of (behind) this one."""
    unit = match.group("unit").lower()
    steps = 2 if match.group("dir").lower().startswith("after") else -2
    base = week_anchor(ctx.published) if unit in ("week", "weekend") else ctx.published
    if unit == "weekend" and steps < 0 and ctx.published.isoweekday() == 7:
        steps += 1  # written on a Sunday, "last weekend" is this one; the one before is a week back
    return Resolution(value_at(shift(base, "week" if unit == "weekend" else unit, steps), unit), TimexType.DATE,
                      confidence=0.85)


def resolve_counted_weekdays(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'3 fridays from now', '2 thursdays ago': counting that weekday's occurrences, today not included."""
    amount = number_of(match.group("num"))
    if amount is None or amount != int(amount) or amount < 1:
        return None
    weekday = lx.WEEKDAYS[match.group("weekday").lower()]
    published = ctx.published
    if match.group("dir").lower() == "ago":
        latest = published - timedelta(days=(published.isoweekday() - weekday) % 7 or 7)
        return day_resolution(latest - timedelta(weeks=int(amount) - 1), match, 0.85)
    coming = published + timedelta(days=(weekday - published.isoweekday()) % 7 or 7)
    return day_resolution(coming + timedelta(weeks=int(amount) - 1), match, 0.85)


RULES: list[Rule] = [
    Rule("counted_weekdays", rx(rf"\b{NUMBER}\s+{WEEKDAY}s\s+(?P<dir>from\s+(?:right\s+)?(?:now|today)|hence|ago)\b"),
         resolve_counted_weekdays),
    # "a day or two ago", "two or three weeks ago"
    Rule("ago_either", rx(r"\b(?:(?P<num>a|an|one|two|three|four|five|six|\d+)\s+(?P<unit>day|week|month|year)s?"
                           r"\s+or\s+(?P<num2>two|three|four|five|six|seven|\d+)|"
                           r"(?P<num_>one|two|three|four|five|six|\d+)\s+or\s+"
                           r"(?P<num2_>two|three|four|five|six|seven|eight|\d+)\s+(?P<unit_>day|week|month|year)s)\s+ago\b"),
         resolve_ago_either),
    Rule("ago", rx(rf"\b{AGO_START}{APPROX}(?:{NUMBER}[\s-]+)?{UNIT}\s+ago\b"), resolve_ago),
    # "a year ago this week", "a month ago today": the period of publication, that far back
    Rule("ago_this_period", rx(r"\b(?P<num>a|one|two|three|four|five|ten)\s+(?P<unit>year|month)s?\s+ago\s+"
                                r"(?P<period>this\s+week|this\s+month|today)\b"), resolve_ago_this_period),
    # "a week ago Sunday" (US): the Sunday a week before the latest one
    Rule("weeks_ago_weekday", rx(rf"\b(?P<num>a|one|two|three)\s+weeks?\s+ago\s+{WEEKDAY}\b"),
         resolve_weeks_ago_weekday),
    # "two days before the vote" counts from the vote, not from a date: only the duration is temporal there
    # ("a week later than last year" compares, it does not count)
    Rule("offset", rx(rf"\b{COUNT_START}{APPROX}{NUMBER}[\s-]+{UNIT}\s+(?:(?P<dir>earlier|later|afterwards?|"
                       r"from\s+(?:right\s+)?now|from\s+today|hence|previously)\b(?!\s+than\b)|"
                       r"(?P<dir_>before|after|prior)\b(?!\s+(?:to\b|[\w$])))"),
         resolve_offset),
    # "hours later", "weeks earlier": a span of unsaid length from what was just told, as "a few days later"
    Rule("vague_offset", rx(r"\b(?P<unit>minutes|hours|days|weeks|months|years|decades)\s+"
                             r"(?:later|earlier|afterwards?)\b(?!\s+than\b)"),
         lambda m, c: Resolution(duration_value(None, unit_of(m.group("unit"))), TimexType.DURATION, anchor="none",
                                 confidence=0.5)),
    Rule("year_ago_adjective", rx(r"\b(?:the\s+)?year[- ](?:earlier|ago)(?:\s+(?:quarter|period|month|levels?))?\b"),
         resolve_year_ago_adjective),
    Rule("reference_step", rx(r"\b(?:the\s+)?(?P<rel>previous|following|preceding|same|prior)\s+"
                               r"(?P<unit>day|week|month|year|morning|evening|night)\b"), resolve_reference_step),
    Rule("reference_step_after", rx(r"\bthe\s+(?P<unit>day|week)\s+(?P<dir>before|after|earlier)\b(?!\s+\w+ing)"),
         resolve_reference_step),
    # "tripled the year before", "up from $4 million the month before": a step back from the period just
    # told, when nothing follows to count from ("the year before the war" is counted from the war)
    Rule("reference_step_period", rx(r"\bthe\s+(?P<unit>month|year)\s+(?P<dir>before|earlier)\b"
                                      r"(?=\s*(?:$|[.,;:)!?\"”]|\s(?:and|but|or|when)\b))"),
         resolve_reference_step),
    Rule("after_next", rx(r"\bthe\s+(?P<unit>week|weekend|month|year)\s+(?P<dir>after\s+next|before\s+last)\b"),
         resolve_after_next),
]


# -- productions: a count of units before or after a date another rule found -------------------------------

_OFFSET_BEFORE = rx(rf"(?:\b{NUMBER}[\s-]+{UNIT}|\bthe\s+(?P<step_unit>day|week|month|year))\s+"
                    r"(?P<dir>before|after|from)\s+$")


# a weekday comes back every week, the other dates without their year every year
_WEEKDAY_NAME = rx(rf"\b(?:{'|'.join(lx.WEEKDAYS)})\b")


def build_offset_from_date(composition: Composition) -> Resolution | None:
    """'two days before Christmas', 'a week after July 4', 'a week from Friday', 'the day after Thanksgiving',
    'three years after 2008': the date that far from the date told. A day stays a day; a month or a year
    counts in its own unit."""
    mention, before = composition.mention, composition.before
    if before is None or mention.date_start is None or mention.granularity is None or \
            mention.type is not TimexType.DATE:
        return None
    if previous_word(composition.text, before.start()) == "for":
        return None  # "jailed for two years after 2010": the count is how long, not when
    period = interval_of(mention.value)
    if period is None or mention.date_end is None or mention.date_end > period[1]:
        return None  # "seven years from 2008 to 2015": a range follows, the count is its length
    unit = unit_of(before.group("step_unit") or before.group("unit"))
    amount = 1 if before.group("step_unit") else number_of(before.group("num"))
    if amount is None or amount != int(amount) or amount < 1 or \
            (mention.granularity is not Granularity.DAY and mention.granularity.value != unit):
        return None
    base = mention.date_start
    if mention.anchor == "publication" and not RELATIVE.search(mention.text):
        # a date named without its year (or week) takes the direction of the whole expression: "two days
        # before Christmas" said alone, or in a clause about the future, is before the coming Christmas
        cycle = "week" if _WEEKDAY_NAME.search(mention.text) else "year"
        base, _ = toward_tense(base, base, composition.tense, composition.published, cycle)
    day = shift(base, unit, int(amount) * (-1 if before.group("dir").lower() == "before" else 1))
    return Resolution(value_at(day, mention.granularity.value), TimexType.DATE, anchor=mention.anchor,
                      confidence=min(mention.confidence, 0.8))


# TimeML writes "two days before Christmas" as a duration and a date, the signal "before" between them
PRODUCTIONS = [
    Production("offset_from_date", frozenset({"day", "month", "year"}), build_offset_from_date,
               before=_OFFSET_BEFORE, timeml=False),
]
