"""Weekdays: "on Monday", "last Friday", "next Thursday", "a week on Friday", "the day after Tuesday"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import add_months, day_value, month_value, week_start
from timeline.analysis.temporal.rules.anchoring import day_resolution, shift, toward_tense, value_at
from timeline.analysis.temporal.rules.base import Composition, Context, Production, Resolution, Rule, rx
from timeline.analysis.temporal.rules.pieces import PART, WEEKDAY
from timeline.analysis.temporal.tense import Tense
from timeline.models import Granularity, TimexType

_LATER_OR_EARLIER = re.compile(r"\b(later|earlier)\s+$", re.IGNORECASE)

FOR_DAY = re.compile(r"\bfor\s+$", re.IGNORECASE)


# "ordered schools to close from Friday": what an order, a plan or a call is for
_INFINITIVE_BEFORE = re.compile(r"\bto\s+[a-z]+(?:\s+[a-z]+){0,2}\s+(?:on|from|by|until|before)\s+$")

_AFTER_WEEKDAY = re.compile(r"\b(?P<previous>mon|tues|wednes|thurs|fri|satur|sun)day,?\s+"
                            r"(?:and|or|to|through|until)\s+$", re.IGNORECASE)


_AWAITED = re.compile(r"\b(?:await(?:s|ed|ing)?|ahead\s+of|upcoming|preview(?:s|ing)?|prepar\w+\s+for)\s+"
                      r"(?:the\s+)?$", re.IGNORECASE)


def _this_weekday(weekday: int, ctx: Context) -> date:
    """The day of the publication's week, unless the clause looks the other way: "will arrive this Monday"
    said on a Tuesday is six days on, "left this Friday" said on a Tuesday was four days ago."""
    day = week_start(ctx.published) + timedelta(days=weekday - 1)
    return toward_tense(day, day, ctx.tense, ctx.published, "week")[0]


def resolve_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
    weekday = lx.weekday_number(match.group("weekday"))
    rel = re.sub(r"\s+", " ", (match.groupdict().get("rel") or "").lower())
    published = ctx.published
    if rel.startswith("the "):
        return _weekday_from_reference(weekday, rel, match, ctx)
    if not rel and (day := _coordinated_weekday(weekday, ctx) or _restated_weekday(weekday, ctx)):
        return day_resolution(day, match, 0.85, anchor="mention")
    offset_back = (published.isoweekday() - weekday) % 7
    offset_forward = (weekday - published.isoweekday()) % 7
    if rel in ("last", "this past", "past", "previous"):
        day = published - timedelta(days=offset_back or 7)
    elif rel == "next":
        # "next Thursday" is the Thursday of next week: said on a Wednesday it is not tomorrow ("this Thursday")
        day = week_start(published) + timedelta(days=7 + weekday - 1)
    elif rel in ("this coming", "coming"):
        day = published + timedelta(days=offset_forward or 7)
    elif rel == "this":
        day = _this_weekday(weekday, ctx)
    elif step := _LATER_OR_EARLIER.search(ctx.text, max(0, ctx.match_start - 9), ctx.match_start):
        # "is expected to speak later Wednesday": later on the nearest Wednesday, today included ("later"
        # is a signal outside the span, as TimeML has it)
        day = published + timedelta(days=offset_forward) if step.group(1).lower() == "later" \
            else published - timedelta(days=offset_back)
    elif _AWAITED.search(ctx.text, max(0, ctx.match_start - 40), ctx.match_start):
        # "investors await Friday's jobs report", "ahead of Sunday's vote": what is awaited lies ahead
        day = published + timedelta(days=offset_forward)
    elif FOR_DAY.search(ctx.text, max(0, ctx.match_start - 5), ctx.match_start) or \
            _INFINITIVE_BEFORE.search(ctx.text, max(0, ctx.match_start - 40), ctx.match_start):
        # "declared a fire ban for Tuesday", "a strike called for Saturday went ahead", "ordered schools to
        # close from Friday": the day something was set for is the one nearest the report, on whichever side;
        # ahead when the clause is ("will be without him for Sunday's derby")
        ahead = ctx.tense is Tense.FUTURE or offset_forward < offset_back
        day = published + timedelta(days=offset_forward) if ahead else published - timedelta(days=offset_back)
    elif re.search(r"['’]s$", match.group(0).split()[-1] if not match.groupdict().get("part") else "") or \
            ctx.text[ctx.match_end:ctx.match_end + 2] in ("'s", "’s") or \
            re.search(r"\w['’]s\s+$", ctx.text[max(0, ctx.match_start - 20):ctx.match_start]):
        # "Wednesday's ruling", "Trump's Monday remarks" name what already happened
        day = published - timedelta(days=offset_back)
    elif ctx.whole_phrase:
        # alone, the publication day's own weekday would be "today": "tuesday" said on a Tuesday is next week's
        day = published + timedelta(days=offset_forward or 7)
    elif ctx.tense is Tense.FUTURE:
        # wire style names the publication day by its weekday: "the cabinet is expected to approve it on
        # Thursday", written on a Thursday, is today
        day = published + timedelta(days=offset_forward)
    else:
        day = published - timedelta(days=offset_back)
    confidence = 0.9 if rel or ctx.tense in (Tense.PAST, Tense.FUTURE) else 0.7
    return day_resolution(day, match, confidence)


_RESTATING = re.compile(r",\s*(?:an?\s+)?|\s+on\s+", re.IGNORECASE)


def _restated_weekday(weekday: int, ctx: Context) -> date | None:
    """'Valentine's Day on Saturday', 'Jan. 3, a Saturday': the weekday of the day just named, when it is."""
    reference = ctx.reference
    if reference is None or reference.granularity is not Granularity.DAY or reference.end_offset < 0 or \
            reference.start.isoweekday() != weekday or \
            not _RESTATING.fullmatch(ctx.text, reference.end_offset, ctx.match_start):
        return None
    return reference.start


def _coordinated_weekday(weekday: int, ctx: Context) -> date | None:
    """'next Wednesday and Thursday', 'for Tuesday and Wednesday': the second day of the same week as the
    first (ahead of it, or behind it when the clause looks back: "on Tuesday and Monday")."""
    coordination = _AFTER_WEEKDAY.search(ctx.text, max(0, ctx.match_start - 24), ctx.match_start)
    reference = ctx.reference
    if coordination is None or reference is None or reference.granularity is not Granularity.DAY or \
            reference.start.isoweekday() != lx.WEEKDAYS[coordination.group("previous").lower() + "day"]:
        return None
    difference = weekday - reference.start.isoweekday()
    if ctx.tense is Tense.FUTURE:
        return reference.start + timedelta(days=difference % 7)
    day = reference.start + timedelta(days=difference)
    # a past clause keeps the second day behind publication unless the first is already ahead of it
    ahead_already = reference.start > ctx.published
    return day if day <= ctx.published or ahead_already or ctx.tense is not Tense.PAST else None


def _weekday_from_reference(weekday: int, rel: str, match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the previous Friday', 'the following Monday': counted from the day just mentioned, else publication."""
    reference = ctx.nearby_reference(600)
    base = reference.start if reference and reference.granularity is Granularity.DAY else ctx.published
    if rel.endswith("following"):
        day = base + timedelta(days=(weekday - base.isoweekday()) % 7 or 7)
    else:
        day = base - timedelta(days=(base.isoweekday() - weekday) % 7 or 7)
    counted_from = reference if reference and base == reference.start else None
    resolution = day_resolution(day, match, 0.8, anchor="mention" if counted_from else "publication")
    return replace(resolution, anchor_mention=counted_from.index if counted_from else None)


def resolve_weekday_week(match: re.Match[str], ctx: Context) -> Resolution | None:
    weekday = lx.WEEKDAYS[(match.group("weekday") or match.group("weekday2")).lower()]
    coming = ctx.published + timedelta(days=(weekday - ctx.published.isoweekday()) % 7 or 7)
    return day_resolution(coming + timedelta(days=7), match, 0.8)


def resolve_step_from_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the day before last Tuesday's hearing', 'the week after Monday': a step from the weekday named."""
    weekday = resolve_weekday(match, ctx)
    if weekday is None or weekday.interval is None:
        return None
    step = 1 if match.group("dir").lower() == "after" else -1
    unit = match.group("unit").lower()
    day = shift(weekday.interval[0], unit, step)
    return Resolution(value_at(day, unit), TimexType.DATE, confidence=0.8)


# "Super Tuesday", "Bloody Sunday", "Black Monday": days named for an event, not the weekday of this week
_NAMED_WEEKDAY = re.compile(r"\b(?-i:Super|Bloody|Black|Blue)\s+$")


# "The Sunday Times", "the Sunday Telegraph": a weekday between "the" and a capitalised word is a title
_TITLE_BEFORE_WEEKDAY = re.compile(r"\b(?-i:The|the)\s+$")

_TITLE_AFTER_WEEKDAY = re.compile(r"\s+(?-i:[A-Z][a-z]+)")


def accept_weekday(match: re.Match[str], text: str) -> bool:
    if _NAMED_WEEKDAY.search(text, max(0, match.start() - 8), match.start()):
        return False
    if re.match(r"\.[a-z]", text[match.end():match.end() + 2]):
        return False  # "Monday.com"
    following = _TITLE_AFTER_WEEKDAY.match(text, match.end())
    return not (following and _TITLE_BEFORE_WEEKDAY.search(text, max(0, match.start() - 5), match.start())
                and following.group(0).strip().lower() not in lx.MONTHS)


_ABBREVIATED = "|".join(sorted(lx.WEEKDAY_ABBREVIATIONS, key=len, reverse=True))


RULES: list[Rule] = [
    # "early Tuesday", "late yesterday": the modifier belongs to the span (TimeML), the value stays the day
    Rule("weekday", rx(rf"\b(?:(?:early|late)\s+)?(?:(?P<rel>last|this past|this coming|this|next|past|coming|"
                        rf"previous|the\s+(?:previous|preceding|following))\s+)?{WEEKDAY}"
                        rf"(?:'s|’s)?(?:\s+{PART})?\b"), resolve_weekday,
         accept_weekday),
    # "tue", "wed.", "next fri", "on sat" said alone (lexicon.WEEKDAY_ABBREVIATIONS; "on" stays outside the span)
    Rule("abbreviated_weekday", rx(rf"(?:(?<=^on\s)|^)\s*(?:(?P<rel>last|this|next)\s+)?(?P<weekday>{_ABBREVIATED})"
                                    r"\.?\s*$"), resolve_weekday),
    Rule("step_from_weekday", rx(rf"\bthe\s+(?P<unit>day|week)\s+(?P<dir>before|after)\s+"
                                  rf"(?:(?P<rel>last|next|this)\s+)?{WEEKDAY}\b"), resolve_step_from_weekday),
    # "a week on Friday", "Friday week" (British): the Friday after the coming one
    Rule("weekday_week", rx(rf"\ba\s+week\s+on\s+{WEEKDAY}\b|"
                             rf"\b{WEEKDAY.replace('(?P<weekday>', '(?P<weekday2>')}\s+week\b"
                             r"(?!\s*(?:'s|’s|of|ago|later|earlier|after|before)\b)"), resolve_weekday_week),
]


# -- productions ----------------------------------------------------------------------------------------------

# "monday of last week", "sunday from last week", "thursday next week"
_WEEKDAY_OF = rx(rf"\b{WEEKDAY}\s+(?:(?:of|from|in)\s+(?:the\s+)?)?$")


def weekday_named(text: str) -> int | None:
    found = re.search(WEEKDAY, text, re.IGNORECASE)
    return lx.WEEKDAYS[found.group("weekday").lower()] if found else None


# "last week's Friday", "next week’s Monday"
_WEEKS_WEEKDAY = rx(rf"['’]s\s+{WEEKDAY}\b")


def build_weekday_of_week(composition: Composition) -> Resolution | None:
    """'monday of last week', 'sunday from last week', 'wednesday of next week', 'last week's friday': that day
    of the week named."""
    week = composition.mention
    named = composition.before or composition.after
    if named is None or week.date_start is None or week.value.endswith("-WE"):
        return None
    weekday = lx.WEEKDAYS[named.group("weekday").lower()]
    day = week_start(week.date_start) + timedelta(days=weekday - 1)
    return Resolution(day_value(day), TimexType.DATE, anchor=week.anchor, confidence=0.85)


_AFTER_NEXT = rx(r"\s+(?P<dir>after\s+next|before\s+last)\b")


def build_after_next(composition: Composition) -> Resolution | None:
    """'friday after next' (the Friday after the coming one), 'wednesday before last', 'March after next'."""
    mention, published = composition.mention, composition.published
    if composition.after is None or mention.date_start is None:
        return None
    ahead = composition.after.group("dir").lower().startswith("after")
    if mention.granularity is Granularity.MONTH:
        month = mention.date_start.month
        coming = next(add_months(published, k) for k in range(1, 13) if add_months(published, k).month == month)
        latest = next(add_months(published, -k) for k in range(1, 13) if add_months(published, -k).month == month)
        day = add_months(coming, 12) if ahead else add_months(latest, -12)
        return Resolution(month_value(day.year, day.month), TimexType.DATE, confidence=0.85)
    weekday = weekday_named(mention.text)
    if weekday is None:
        return None
    if ahead:
        day = published + timedelta(days=(weekday - published.isoweekday()) % 7 or 7) + timedelta(weeks=1)
    else:
        day = published - timedelta(days=(published.isoweekday() - weekday) % 7 or 7) - timedelta(weeks=1)
    return Resolution(day_value(day), TimexType.DATE, confidence=0.85)


PRODUCTIONS = [
    Production("weekday_of_week", frozenset({"week"}), build_weekday_of_week, before=_WEEKDAY_OF),
    Production("weeks_weekday", frozenset({"week"}), build_weekday_of_week, after=_WEEKS_WEEKDAY),
    Production("after_next", frozenset({"weekday_name", "month_name"}), build_after_next, after=_AFTER_NEXT),
]
