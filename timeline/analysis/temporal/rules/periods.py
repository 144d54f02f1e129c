"""Named periods: months, years, quarters, halves, seasons, decades, centuries, weeks and weekends
("in March", "last year", "Q3 2025", "the 1990s", "this week")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.calendar import (
    add_months,
    add_years,
    interval_of,
    month_value,
    part_interval,
    quarter_of,
    season_of,
    week_start,
    week_value,
)
from timeline.analysis.temporal.rules.anchoring import (
    comparison_period,
    day_resolution,
    first_weekend_after,
    period_of_reference,
    shift,
    shifted_reference,
    value_at,
    week_anchor,
    year_told_in_clause,
)
from timeline.analysis.temporal.rules.base import Context, Resolution, Rule, rx
from timeline.analysis.temporal.rules.dates import absolute_day, full_year, resolve_month_day
from timeline.analysis.temporal.rules.durations import anchored_span, duration_value
from timeline.analysis.temporal.rules.guards import SENTENCE_START, accept_unless_title, in_title_case_line, is_title
from timeline.analysis.temporal.rules.pieces import (
    DAY,
    FUNCTION_WORDS,
    MONTH,
    ORDINAL,
    ORDINAL_DAY_WORDS,
    PREPOSITIONS,
    RELATIVE_START,
    TENS,
    YEAR,
    month_of,
    next_word,
    previous_word,
    unit_of,
)
from timeline.analysis.temporal.rules.weekdays import FOR_DAY
from timeline.analysis.temporal.tense import Tense, is_whole_phrase
from timeline.models import Granularity, TimexType


def resolve_month_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the June quarter': the quarter that holds the month (which month, as for a bare month)."""
    month = resolve_month(match, ctx)
    if month is None or (interval := interval_of(month.value)) is None:
        return None
    return Resolution(value_at(interval[0], "quarter"), TimexType.DATE, confidence=0.8)


def resolve_week_of(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the week of March 6': the week that contains the day."""
    day = resolve_month_day(match, ctx)
    if day is None or day.interval is None:
        return None
    return Resolution(week_value(day.interval[0]), TimexType.DATE, confidence=0.85)


def resolve_week_ending(match: re.Match[str], ctx: Context) -> Resolution | None:
    day = resolve_month_day(match, ctx)
    if day is None or day.interval is None:
        return None
    return Resolution(week_value(day.interval[0]), TimexType.DATE, confidence=day.confidence)


def resolve_month_relative_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'January this year', 'June last year', '3 July last year': a month (or a day of it) of a year named
    relative to publication."""
    year = ctx.published.year + YEAR_SHIFT[match.group("yrel").lower()]
    month = month_of(match.group("month"))
    if day_number := match.group("dayfirst") or match.group("daylast"):
        return absolute_day(year, month, int(day_number), 0.9)
    return Resolution(month_value(year, month), TimexType.DATE, confidence=0.9)


SPOKEN_UNITS = {w: n for w, n in lx.NUMBER_WORDS.items() if isinstance(n, int) and n < 100 and " " not in w
                and w not in ("a", "an", "dozen")}


def resolve_spoken_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'nineteen ninety-six', 'the year two thousand', 'January nineteen ninety-seven', 'the winter of
    nineteen ninety-four' (broadcast transcripts)."""
    year = _spoken_year(match.group("spoken"))
    if year is None:
        return None
    value = f"{year:04d}"
    if month := match.group("month"):
        value = month_value(year, month_of(month))
    elif season := match.group("season"):
        value = f"{value}-{lx.SEASONS[season.lower()]}"
    return Resolution(value, TimexType.DATE, anchor="absolute", confidence=0.9)


def _spoken_year(spoken: str) -> int | None:
    words = re.split(r"[\s-]+", spoken.lower())
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(SPOKEN_UNITS.get(w, 0) for w in words[2:] if w != "and")
    century = SPOKEN_UNITS.get(words[0])
    rest = sum(SPOKEN_UNITS.get(w, 0) for w in words[1:])
    if century not in (18, 19, 20) or not 0 < rest < 100:
        return None
    return century * 100 + rest


def resolve_month_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    value = month_value(int(match.group("year")), month_of(match.group("month")))
    return Resolution(value, TimexType.DATE, anchor="absolute", confidence=0.95)


def resolve_month(match: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_of(match.group("month"))
    rel = (match.groupdict().get("rel") or "").lower()
    published = ctx.published
    if rel not in ("last", "next", "this", "this past", "this coming") and (told := year_told_in_clause(ctx)):
        # "mid-May" and "early June" too: a modifier narrows the month, not its year
        return Resolution(month_value(told.start.year, month), TimexType.DATE, anchor="mention", confidence=0.75,
                          anchor_mention=told.index)
    this_year = date(published.year, month, 1)
    current_month = date(published.year, published.month, 1)
    if rel == "last":
        start = this_year if this_year < current_month else date(published.year - 1, month, 1)
    elif rel == "next":
        start = this_year if this_year > current_month else date(published.year + 1, month, 1)
    elif rel == "this":
        start = this_year
    else:
        current = date(published.year, published.month, 1)
        candidates = [date(published.year + k, month, 1) for k in (-1, 0, 1)]
        near = [d for d in candidates if abs((d.year - current.year) * 12 + d.month - current.month) <= 2]
        attributive = previous_word(ctx.text, match.start()) == "the" and \
            re.match(r"\s+(?!of\b|and\b|or\b|to\b)[a-z]", ctx.text[match.end():match.end() + 4])
        if current in candidates:
            start = current
        elif attributive:
            # "the November election", "the March attack": a month naming an event is the nearest one
            start = min(candidates, key=lambda d: (abs((d - current).days), d))
        elif near and not (ctx.tense is Tense.FUTURE and max(near) < current):
            # a nearby month whatever the tense, except one already past in a clause about the future
            # ("the vote will come in May", written in July, is next May)
            start = min(near, key=lambda d: (abs((d - current).days), d))
        elif ctx.tense is Tense.FUTURE:
            start = min(d for d in candidates if d > current)
        else:
            start = max(d for d in candidates if d < current)
    return Resolution(month_value(start.year, start.month), TimexType.DATE, confidence=0.8)


def resolve_fiscal_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'fiscal 1988', 'FY2025', 'FY26' (the fiscal year named by the calendar year it ends in)."""
    if match.group("yy"):
        return Resolution(f"{ctx.published.year // 100 * 100 + int(match.group('yy'))}", TimexType.DATE,
                          anchor="absolute", confidence=0.85)
    return resolve_year(match, ctx)


def resolve_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    return Resolution(match.group("year"), TimexType.DATE, anchor="absolute", confidence=0.9)


DECADE_WORDS = {word: 10 * (i + 2) for i, word in enumerate(
    ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"))}


def resolve_decade(match: re.Match[str], ctx: Context) -> Resolution | None:
    if match.group("decade"):
        return Resolution(match.group("decade")[:3], TimexType.DATE, anchor="absolute", confidence=0.9)
    # "the nineties" (never "his sixties", an age: the rule wants "the")
    short = int(match.group("short")) if match.group("short") else DECADE_WORDS[match.group("word").lower()]
    century = ctx.published.year // 100
    if short > ctx.published.year % 100:
        century -= 1
    return Resolution(f"{century:02d}{short // 10}", TimexType.DATE, confidence=0.85)


def resolve_century(match: re.Match[str], ctx: Context) -> Resolution | None:
    ordinal = int(match.group("ord")) if match.group("ord") else lx.ORDINAL_WORDS[match.group("ordw").lower()]
    return Resolution(f"{ordinal - 1:02d}", TimexType.DATE, anchor="absolute", confidence=0.9)


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}


def resolve_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the third quarter', 'Q3', 'Q2 2025': a quarter, of the year the tense and publication point to."""
    groups = match.groupdict()
    code = groups.get("q") or groups.get("q_")
    quarter = int(code) if code else lx.ORDINAL_PERIODS[match.group("ord").lower()]
    if year_written := groups.get("year") or groups.get("year_"):
        return Resolution(f"{year_written}-Q{quarter}", TimexType.DATE, anchor="absolute", confidence=0.95)
    year_word = (match.groupdict().get("yrel") or match.groupdict().get("yrel_") or "").lower()
    year = ctx.published.year
    if year_word:  # "the fourth quarter of last year", "next year's first quarter"
        year += YEAR_SHIFT[year_word]
        return Resolution(f"{year}-Q{quarter}", TimexType.DATE, confidence=0.9)
    current = _quarter_start(year, quarter_of(ctx.published))
    candidates = [_quarter_start(y, quarter) for y in (year - 1, year, year + 1)]
    upcoming = min(d for d in candidates if d >= current)
    # financial news reports completed quarters: a quarter ahead only when the clause speaks of the future
    # ("expects fourth-quarter earnings" written in the third quarter; "inflation will rise in the third
    # quarter" written in the first), and never the one just ended, which companies report on next
    latest = max(d for d in candidates if d <= current)
    just_ended = latest == add_months(current, -3)  # "expects to report third-quarter results" in October
    if upcoming == current or (ctx.tense is Tense.FUTURE and not just_ended and upcoming <= add_months(current, 9)):
        start = upcoming
    else:
        start = latest
    return Resolution(f"{start.year}-Q{quarter}", TimexType.DATE, confidence=0.85)


def resolve_year_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the 1988 third quarter', 'the year-ago third quarter', 'the 1988 period' (the period under report,
    in 1988)."""
    period = comparison_period(ctx, 600)
    reported = period or ctx.reporting_period
    ordinal = match.group("ord")
    quarter_number = lx.ORDINAL_PERIODS[ordinal.lower()] if ordinal else \
        (quarter_of(reported.start) if reported else None)
    if match.group("year"):
        year = int(match.group("year"))
    else:
        year = (period.start.year if period else ctx.published.year) - 1
    if quarter_number is None:
        return Resolution(str(year), TimexType.DATE, anchor="absolute", confidence=0.7)
    return Resolution(f"{year}-Q{quarter_number}", TimexType.DATE, confidence=0.8,
                      anchor="absolute" if match.group("year") else "mention")


# "the same period last year", "the quarter a year ago": the period just named, a year back
YEAR_BACK = r"\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior)\s+year)"


def resolve_relative_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    rel = (match.group("rel") or "the").lower()
    if re.search(rf"(?:{YEAR_BACK})$|^last\s+year", match.group(0), re.IGNORECASE):
        period = comparison_period(ctx, 600) or ctx.nearby_reference(600)
        if period is None:
            return Resolution(str(ctx.published.year - 1), TimexType.DATE, confidence=0.6)
        return shifted_reference(period, ctx, "year", -1)
    current = _quarter_start(ctx.published.year, quarter_of(ctx.published))
    reference = ctx.nearby_reference()
    ref_quarter = reference.start if reference and reference.granularity is Granularity.QUARTER else None
    if rel in ("year-ago", "year-earlier", "year earlier"):
        # a year-ago quarter is a comparison ("mention"), never the period later expressions count from
        period = comparison_period(ctx, 600)
        start = add_years(period.start if period else add_months(current, -3), -1)
        return Resolution(f"{start.year}-Q{quarter_of(start)}", TimexType.DATE, anchor="mention", confidence=0.75,
                          anchor_mention=period.index if period else None)
    if rel in ("current", "this"):
        start = current
    elif rel in ("next", "coming", "following"):
        start = add_months(current, 3)
    elif rel in ("same", "the") and ref_quarter:
        start = ref_quarter
    elif rel in ("latest", "recent", "the", "past", "last", "previous", "prior", "preceding", "same"):
        start = ref_quarter if rel in ("the", "same") and ref_quarter else add_months(current, -3)
    else:
        return None
    anchor = "mention" if ref_quarter and start == ref_quarter else "publication"
    return Resolution(f"{start.year}-Q{quarter_of(start)}", TimexType.DATE, anchor=anchor, confidence=0.75,
                      anchor_mention=reference.index if anchor == "mention" and reference else None)


def resolve_compact_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    year = full_year(match.group("yy") or match.group("yy_"), ctx.published)
    return Resolution(f"{year}-Q{match.group('q') or match.group('q_')}", TimexType.DATE, anchor="absolute",
                      confidence=0.8)


def resolve_half(match: re.Match[str], ctx: Context) -> Resolution | None:
    half = 1 if match.group("ord").lower() == "first" else 2
    year_word = (match.group("yrel") or "").lower()
    if match.group("year"):
        year = int(match.group("year"))
    elif year_word:
        year = ctx.published.year + YEAR_SHIFT[year_word]
    else:
        current_half = 1 if ctx.published.month <= 6 else 2
        year = ctx.published.year
        if ctx.tense is Tense.FUTURE and half < current_half:
            year += 1
        elif ctx.tense is not Tense.FUTURE and half > current_half:
            year -= 1
    return Resolution(f"{year}-H{half}", TimexType.DATE, confidence=0.85)


def resolve_season(match: re.Match[str], ctx: Context) -> Resolution | None:
    code = lx.SEASONS[match.group("season").lower()]
    if match.group("year"):
        return Resolution(f"{match.group('year')}-{code}", TimexType.DATE, anchor="absolute", confidence=0.9)
    if match.group("syrel"):  # "the autumn of next year"
        return Resolution(f"{ctx.published.year + YEAR_SHIFT[match.group('syrel').lower()]}-{code}", TimexType.DATE,
                          confidence=0.9)
    rel = re.sub(r"\s+", " ", (match.group("rel") or "").lower()).replace("this past", "last") \
        .replace("the coming", "next")
    published = ctx.published
    if rel in ("the following", "the next", "the previous", "the preceding"):
        # "the following spring": the season after the date just named (else after publication)
        reference = ctx.nearby_reference(1000)
        first, last = (reference.start, reference.end) if reference else (published, published)
        seasons = [(y, iv) for y in range(first.year - 2, last.year + 3) if (iv := interval_of(f"{y}-{code}"))]
        year = min(y for y, iv in seasons if iv[0] > last) if rel in ("the following", "the next") else \
            max(y for y, iv in seasons if iv[0] < first)
        return Resolution(f"{year}-{code}", TimexType.DATE, anchor="mention" if reference else "publication",
                          confidence=0.75, anchor_mention=reference.index if reference else None)
    starts = {y: interval_of(f"{y}-{code}") for y in (published.year - 2, published.year - 1, published.year,
                                                      published.year + 1)}
    started = [y for y, iv in starts.items() if iv and iv[0] <= published]
    upcoming = [y for y, iv in starts.items() if iv and iv[0] > published]
    current_year, current_code = season_of(published)
    if rel == "this":
        year = published.year if code != "WI" or (published.month != 1 and published.month != 2) else published.year - 1
    elif rel == "last":
        ended = [y for y, iv in starts.items() if iv and iv[1] < published]
        year = max(ended)
    elif rel == "next":
        year = min(upcoming)
    elif ctx.tense is Tense.FUTURE:
        year = current_year if current_code == code else min(upcoming)
    elif not rel.startswith("the ") and (ctx.tense in (Tense.PRESENT, Tense.UNKNOWN) or
                                         FOR_DAY.search(ctx.text, max(0, ctx.match_start - 9), ctx.match_start)):
        # "bookings for the winter season", "the winter storm season brings outages", written in November:
        # the season nearest, on whichever side (a clause in the past tense tells of the last one)
        def distance(y: int) -> int:
            first, last = starts[y][:2]  # type: ignore[index]
            return max((first - published).days, (published - last).days, 0)
        year = min((y for y in started[-1:] + upcoming[:1]), key=distance)
    else:
        year = max(started)
    return Resolution(f"{year}-{code}", TimexType.DATE, confidence=0.8)


REL_SHIFT = {
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "this past": -1, "the past": -1,
    "this": 0, "current": 0, "the current": 0, "next": 1, "coming": 1, "the coming": 1, "the next": 1,
    "this coming": 1,
}


def resolve_relative_unit(match: re.Match[str], ctx: Context) -> Resolution | None:
    # "upcoming" says what "coming" says ("the upcoming week", "this upcoming weekend")
    rel = re.sub(r"\s+", " ", match.group("rel").lower()).replace("upcoming", "coming")
    unit = unit_of(match.group("unit"))
    if rel in ("the past", "the coming", "the next") and not match.group("mod") and unit != "weekend":
        # "the past month": a month's duration, over the days before publication
        return Resolution(duration_value(1, unit), TimexType.DURATION, anchor="none", confidence=0.8,
                          interval=anchored_span(match, 1, unit, ctx.published))
    amount = REL_SHIFT[rel]
    if unit == "weekend":
        saturday = week_start(ctx.published) + timedelta(days=5)
        if amount < 0:
            saturday -= timedelta(weeks=1) if saturday >= ctx.published else timedelta(0)
        elif amount > 0:
            saturday = first_weekend_after(ctx.published)
        return Resolution(week_value(saturday) + "-WE", TimexType.DATE, confidence=0.85)
    day = shift(week_anchor(ctx.published) if unit == "week" else ctx.published, unit, amount)
    return Resolution(value_at(day, unit), TimexType.DATE, confidence=0.9)


def resolve_weekend(match: re.Match[str], ctx: Context) -> Resolution | None:
    saturday = week_start(ctx.published) + timedelta(days=5)
    if ctx.tense is not Tense.FUTURE and saturday > ctx.published:
        saturday -= timedelta(weeks=1)
    return Resolution(week_value(saturday) + "-WE", TimexType.DATE, confidence=0.75)


def resolve_that_period(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'that day', 'later that year', 'that same morning': the period of the date just mentioned (none
    without one)."""
    return period_of_reference(match, ctx, fall_back_to_publication=False)


def resolve_in_the_period(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'later in the day', 'earlier in the week', 'in the afternoon': the period of the date just
    mentioned, else of publication."""
    return period_of_reference(match, ctx, fall_back_to_publication=True)


# "the year ended March 31", "the fiscal year that ended", "the year to March 31": a reporting year's length
_YEAR_CLOSED = re.compile(rf"\s+(?:(?:that\s+|which\s+)?end(?:ed|ing)\b|to\s+(?:the\s+end\s+of\s+)?{MONTH})",
                          re.IGNORECASE)


def resolve_the_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'for the year', 'the full year', 'the current fiscal year': the year the article reports on; a year
    'ended' or 'ending' on a date is a reporting period's length."""
    if _YEAR_CLOSED.match(ctx.text, ctx.match_end):
        return Resolution("P1Y", TimexType.DURATION, anchor="none", confidence=0.7)
    latest = "latest" in (match.group("mod") or "").lower()
    return Resolution(str(ctx.published.year - latest), TimexType.DATE, confidence=0.7)


def resolve_full_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """The year of publication, except for results told in its first quarter: those close the year before."""
    closing = ctx.published.month <= 3 and ctx.tense is not Tense.FUTURE and \
        next_word(ctx.text, match.end()) in ("results", "earnings", "profit", "profits", "loss", "revenue", "sales")
    return Resolution(str(ctx.published.year - closing), TimexType.DATE, confidence=0.7)


# "until at least March", "no later than May": a bound on a date, as a preposition would be
_BOUND_BEFORE = re.compile(r"\b(?:at\s+(?:the\s+)?(?:least|earliest|latest)|no\s+(?:later|earlier|sooner)\s+than|"
                           r"not\s+before)\s+$", re.IGNORECASE)


_CYCLE_STEP = re.compile(r"\s+(?:after\s+next|before\s+last)\b", re.IGNORECASE)


def accept_bare_month(match: re.Match[str], text: str) -> bool:
    """A month name alone counts after a date-like preposition or modifier, or for the unambiguous names
    when no capitalised word follows ("August Wilson" is a name)."""
    if match.group("rel") or _CYCLE_STEP.match(text, match.end()):
        return True
    word = match.group("month").rstrip(".").lower()
    following = re.match(r"\s+([A-Z][a-z]+)", text[match.end():match.end() + 20])
    if following and not match.group("month").endswith(".") and (word in lx.AMBIGUOUS_MONTHS or len(word) <= 3) \
            and following.group(1).lower() not in lx.MONTHS:
        return False  # "Jan Kavan", "May Smith": a first name
    noun = re.match(r"\s+([a-z]+)", text[match.end():match.end() + 20])
    if previous_word(text, match.start()) == "the" and noun and noun.group(1) not in FUNCTION_WORDS:
        return True  # "the March attack", "the May elections": a month naming an event
    if previous_word(text, match.start()) in PREPOSITIONS or _BOUND_BEFORE.search(text, max(0, match.start() - 20),
                                                                                    match.start()):
        return True
    if word in lx.AMBIGUOUS_MONTHS or len(word) <= 3:
        return False
    return following is None


def accept_year(match: re.Match[str], text: str) -> bool:
    before = text[max(0, match.start() - 2):match.start()]
    # "$1995", "No. 1990", "1,995" are amounts; "in 1994, 1995 and 1997" is a list of years
    if re.search(r"[$£€#№]\s?$|[,.]$", before) or re.search(r"\d[\s,.]$", before):
        return False
    after = text[match.end():match.end() + 3]
    if re.match(r"\s?(%|[,.]\d|:\d|-\d|\d)", after):
        return False
    following = next_word(text, match.end())
    if following in lx.COUNTED_NOUN_HINTS:
        return False
    previous = previous_word(text, match.start())
    if previous in ("no", "number", "room", "flight", "route", "page", "article", "section", "about"):
        return False
    return not _named_by_year(match, text)


_DATE_WORDS = frozenset({*lx.MONTHS, *lx.SEASONS, *lx.WEEKDAYS, *PREPOSITIONS, "fiscal", "year", "the", "that"})


def _named_by_year(match: re.Match[str], text: str) -> bool:
    """A year after a capitalised word in mid-sentence names something: "Vision 2030", "Orion 1980"."""
    name = re.search(r"\b([A-Z][a-z]+)\s+$", text[max(0, match.start() - 30):match.start()])
    if name is None or name.group(1).lower() in _DATE_WORDS:
        return False
    name_start = match.start() - (len(name.group(0)))
    return not SENTENCE_START.search(text[max(0, name_start - 10):name_start])


_BEFORE_A_VERB = frozenset({"to", "will", "would", "could", "may", "might", "can", "should", "must", "not"})


def accept_season(match: re.Match[str], text: str) -> bool:
    season = match.group("season")
    named = is_title(match, text) or re.match(r"\s+of\s+[A-Z]", text[match.end():match.end() + 6]) or \
        (season[0].isupper() and match.start("season") > match.start() and not in_title_case_line(text, match.start()))
    if named and not match.group("year"):
        return False  # "Prague Spring", "Spring of Life", "the Summer Olympics"
    if re.match(r"\s+(?-i:[A-Z][a-z])", text[match.end():match.end() + 3]) and season[0].isupper() and \
            not in_title_case_line(text, match.start()):
        return False  # "Summer Olympics", "Winter Palace"
    if previous_word(text, match.start()) in ("a", "an") and re.match(r"\s+[a-z]", text[match.end():match.end() + 2]):
        return False  # "a winter storm", "a summer job": a kind of thing, not a season told
    if season.lower() in ("spring", "fall") and not match.group("rel") and \
            previous_word(text, match.start()) in _BEFORE_A_VERB and \
            re.match(r"\s+(?:a|an|the|his|her|their|its|back|up|out)\b", text[match.end():match.end() + 7], re.I):
        return False  # "want to spring a surprise", "could fall back": a verb
    if season.lower() != "fall":
        return True
    if re.match(rf"\s+(?:of|in)\s+(?!{YEAR}|(?:this|last|next)\s+year)", text[match.end():match.end() + 20],
                re.IGNORECASE) and not match.group("year") and (match.group("rel") or "the").lower() == "the":
        return False  # "the fall of the Berlin Wall", "the fall in prices": a collapse, not autumn ("last fall in")
    return bool(match.group("rel") or match.group("year") or match.group("mod")) or \
        previous_word(text, match.start()) in ("in", "the", "this", "last", "next", "by", "until", "since")


def accept_the_year(match: re.Match[str], text: str) -> bool:
    """A bare 'the year' counts after a preposition of time ("for the year", "earlier in the year"), not as
    the head of a description ("the year of the dragon", "the year since the invasion", "person of the year")."""
    if match.group("mod") or _YEAR_CLOSED.match(text, match.end()):
        return True  # "the full year", "sold 11.3 million in the year to March 31"
    following = next_word(text, match.end())
    if following in ("of", "when", "that", "in", "before", "after", "since", "ago", "which", "earlier", "later",
                     "to", "as", "is", "was", "has", "had", "will", "from", "and", "or"):
        return False
    if re.match(r"\s+\d", text[match.end():match.end() + 3]):
        return False
    if re.match(r"\s+(?:so\s+far|to\s+date)\b", text[match.end():match.end() + 12]):
        return True  # "the best-selling phone of the year so far"
    if _PART_OF_A_PERIOD.search(text, max(0, match.start() - 30), match.start()):
        return True  # "the first nine months of the year", "the second half of the year"
    return previous_word(text, match.start()) in ("for", "during", "through", "throughout", "in", "into")


_PART_OF_A_PERIOD = re.compile(r"\b(?:months|weeks|days|half|quarter|part|start|beginning|middle)\s+of\s+$",
                               re.IGNORECASE)


RULES: list[Rule] = [
    Rule("month_quarter", rx(rf"\bthe\s+(?P<month>{MONTH})\s+quarter\b"), resolve_month_quarter),
    Rule("week_of", rx(rf"\bthe\s+week\s+of\s+(?P<month>{MONTH})\s+{DAY}\b"), resolve_week_of),
    Rule("month_relative_year", rx(rf"\b(?:(?P<dayfirst>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{MONTH})"
                                    rf"(?:\s+(?P<daylast>[0-3]?\d)(?:st|nd|rd|th)?,?)?\s+(?:of\s+)?"
                                    r"(?P<yrel>this|last|next)\s+year\b"),
         resolve_month_relative_year),
    # "the week ended Feb. 24", "in the week to Nov. 7": the week that holds the day named
    Rule("week_ending", rx(rf"\bthe\s+week\s+(?:ended|ending|to|through)\s+(?:(?:on\s+)?(?:[A-Za-z]+day,?\s+)?)"
                            rf"(?P<month>{MONTH})\s+{DAY}\b"), resolve_week_ending),
    Rule("month_year", rx(rf"\b(?:(?:early|late|mid|the end of|the beginning of|the start of|the middle of)"
                           rf"[\s-]*)?(?P<month>{MONTH})\s+(?:of\s+)?{YEAR}\b"), resolve_month_year),
    Rule("month", rx(rf"\b(?:(?P<rel>last|this|next|early|late|mid|(?:the\s+)?end(?:\s+of)?|the beginning of|"
                      rf"(?:the\s+)?start\s+of|the middle of|this past|this coming)[\s-]+)?"
                      rf"(?P<month>{MONTH})(?!\w|['’](?!s\b))"),
         resolve_month, accept_bare_month),
    Rule("decade", rx(r"\b(?:the\s+)?(?:(?:early|late|mid)[- ])?(?:(?P<decade>(?:1[5-9]|20)\d0)'?s\b|"
                       r"'(?P<short>\d0)s\b)|\bthe\s+(?:(?:early|late|mid)[- ])?(?P<word>twenties|thirties|forties|"
                       r"fifties|sixties|seventies|eighties|nineties)\b"), resolve_decade),
    Rule("century", rx(rf"\b(?:the\s+)?(?:(?:early|late|mid)[- ])?(?:(?P<ord>\d{{1,2}})(?:st|nd|rd|th)|"
                        rf"(?P<ordw>{ORDINAL_DAY_WORDS}))[- ]century\b"),
         resolve_century),
    Rule("quarter", rx(rf"\b(?:the\s+|(?P<yrel_>last|this|next)\s+year['’]s\s+)?{ORDINAL}[- ](?:fiscal[- ])?"
                        rf"(?:quarters?\b|qtrs?\b\.?)(?:(?:\s+of\s+(?:fiscal\s+)?|,?\s+){YEAR}\b|"
                        rf"\s+of\s+(?P<yrel>last|this|next)\s+year\b)?"), resolve_quarter),
    Rule("quarter_code", rx(r"\b(?-i:Q)(?P<q>[1-4])(?:[\s-]+(?P<year>(?:19|20)\d\d))?\b|"
                             r"\b(?P<year_>(?:19|20)\d\d)[\s-]?Q(?P<q_>[1-4])\b"), resolve_quarter),
    # "17q3", "3Q17": a quarter and a two-digit year written together, as analysts do
    Rule("compact_quarter", rx(r"\b(?:(?P<yy>\d\d)q(?P<q>[1-4])|(?P<q_>[1-4])q(?P<yy_>\d\d))\b"),
         resolve_compact_quarter),
    # "2014-10", "2014/10", "10/2014": a month written in figures (not "2011-12", a span of two years)
    Rule("numeric_month", rx(r"(?<![\d/.-])(?:(?P<year>(?:1[6-9]|20)\d\d)[-/](?P<m>0?[1-9]|1[0-2])|"
                              r"(?P<m_>0?[1-9]|1[0-2])/(?P<year_>(?:1[6-9]|20)\d\d))\b(?![/.-]?\d)"),
         lambda m, c: Resolution(month_value(int(m.group("year") or m.group("year_")),
                                             int(m.group("m") or m.group("m_"))),
                                 TimexType.DATE, anchor="absolute", confidence=0.85),
         lambda m, t: not m.group("year") or int(m.group("m")) <= int(m.group("year")) % 100),
    # "all week", "the whole month", and "the week" said alone: the current one
    Rule("whole_period", rx(r"\b(?:all|(?:the\s+)?(?:whole|entire))\s+(?P<unit>week|month|year)\b|"
                             r"^\s*(?:(?:in|during|for)\s+)?the\s+(?P<unit_>week|month|year)\s*[.!?]?\s*$"),
         lambda m, c: Resolution(value_at(c.published, (m.group("unit") or m.group("unit_")).lower()),
                                 TimexType.DATE, confidence=0.75),
         # "protests went on all week" is a manner of lasting (TimeML leaves it out); said alone, a week
         lambda m, t: not m.group(0).lower().startswith("all") or is_whole_phrase(t, m.start(), m.end())),
    Rule("half_code", rx(r"\b(?-i:H)(?P<h>[12])\s+(?P<year>(?:19|20)\d\d)\b"),
         lambda m, c: Resolution(f"{m.group('year')}-H{m.group('h')}", TimexType.DATE, "absolute", 0.95)),
    Rule("year_quarter", rx(rf"\b(?:the\s+)?(?:(?P<year>(?:19|20)\d\d)|(?P<ago>year-ago|year-earlier))"
                             rf"\s+(?:{ORDINAL}[- ])?(?:fiscal\s+)?(?:quarter|period)\b"), resolve_year_quarter),
    Rule("relative_quarter", rx(rf"\b(?:the\s+)?(?P<rel>current|latest|previous|last|past|prior|year-ago|"
                                 rf"year-earlier|year earlier|same|corresponding|comparable|recent|next|coming|"
                                 rf"preceding|following|this)\s+(?:fiscal\s+)?(?:quarter|qtr|period)\b(?:{YEAR_BACK})?|"
                                 rf"\bthe\s+(?:quarter|period)(?:{YEAR_BACK})|\bthe\s+quarter\b|"
                                 rf"\blast\s+year['’]s\s+(?:quarter|period)\b"),
         resolve_relative_quarter),
    Rule("half", rx(r"\b(?:the\s+)?(?P<ord>first|second|last|latter)\s+(?:half|two\s+quarters"
                     r"(?=\s+of\s+(?:this|last|next|19|20)))\b(?!\s+of\s+the\b(?!\s+(?:fiscal\s+)?year\b))"
                     r"(?:\s+of\s+(?:(?P<yrel>this|last|next)\s+year|(?P<year>(?:19|20)\d\d)\b))?"), resolve_half),
    Rule("season", rx(rf"\b(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<rel>this past|the coming|this|last|next|"
                       rf"the\s+(?:following|next|previous|preceding)|the)\s+)?(?P<season>spring|summer|fall|autumn|winter)\b"
                       rf"(?:\s+(?:of\s+)?{YEAR}\b|\s+of\s+(?P<syrel>this|last|next)\s+year\b)?"
                       rf"(?:\s+(?:months|season)\b)?"), resolve_season, accept_season),
    Rule("fiscal_year", rx(rf"\b(?:fiscal(?:\s+year)?\s+|the\s+year\s+|FY\s?){YEAR}\b|"
                            r"\b(?-i:FY)\s?(?P<yy>\d\d)\b"), resolve_fiscal_year),
    Rule("year", rx(rf"\b(?:(?:early|late|mid)[- ])?{YEAR}\b"), resolve_year, accept_year),
    Rule("relative_unit", rx(rf"\b{RELATIVE_START}(?:(?P<mod>earlier|later|early|late|mid|the end of|"
                              r"the beginning of|the start of|the middle of|the rest of|the remainder of|so far)"
                              r"[\s-]+)?"
                              r"(?P<rel>last|this past|this (?:up)?coming|this|next|past|(?:up)?coming|previous|"
                              r"current|the current|the past|the (?:up)?coming|the next)\s+"
                              r"(?P<unit>week|weekend|month|year|decade|century|yr|wk)\b"
                              rf"(?!\s+of\s+(?:{MONTH}|the\s+(?:month|year)\b))"),
         resolve_relative_unit, accept_unless_title),
    Rule("weekend", rx(r"\bthe\s+weekend\b|^\s*weekend(?=\s*$)"), resolve_weekend),  # bare, only alone
    Rule("that_period", rx(r"\b(?:(?:earlier|later)\s+)?that\s+(?:same\s+)?(?P<unit>day|week|month|year|morning|"
                            r"afternoon|evening|night)\b"), resolve_that_period),
    # "later in the day", "in the afternoon" (but "in the week to Friday" is no day of its own)
    Rule("in_the_period", rx(r"(?<=\bin )the\s+(?P<unit>day|week|month|year|morning|afternoon|evening)\b"),
         resolve_in_the_period, lambda m, t: m.group("unit").lower() in lx.PARTS_OF_DAY or
         bool(re.search(r"\b(?:later|earlier)\s+in\s+$", t[max(0, m.start() - 12):m.start()], re.IGNORECASE))),
    Rule("the_year", rx(r"\bthe\s+(?P<mod>(?:(?:full|current|latest)\s+)?fiscal\s+|full\s+|current\s+)?year\b"
                         r"(?![-'’])"), resolve_the_year, accept_the_year),
    # "this time last year": the same day a year back (or ahead)
    Rule("this_time_year", rx(r"\b(?:at\s+)?this\s+time\s+(?P<rel>last|next)\s+year\b"),
         lambda m, c: day_resolution(add_years(c.published, YEAR_SHIFT[m.group("rel").lower()]), m, 0.7)),
    # "early in the new year": the year about to begin (the one just begun in its first months)
    Rule("new_year", rx(r"\bthe\s+(?-i:new)\s+year\b"),
         lambda m, c: Resolution(str(c.published.year + (c.published.month >= 10)), TimexType.DATE, confidence=0.7)),
    # "full-year results", "full-year guidance": the year reported on
    Rule("full_year", rx(r"\bfull[- ]year\b(?=\s+[a-z])"), resolve_full_year),
    # "by year-end": the end of the year, by the written convention of its parts
    Rule("year_end", rx(r"\byear(?:-|\s+|['’]s\s+)end\b"),
         lambda m, c: Resolution(str(c.published.year), TimexType.DATE, confidence=0.8,
                                 interval=part_interval(str(c.published.year), "late"))),
    Rule("spoken_year", rx(rf"\b(?:the\s+year\s+|(?P<month>{MONTH})\s+(?:of\s+)?|"
                            rf"the\s+(?P<season>spring|summer|fall|autumn|winter)\s+of\s+)?(?P<spoken>(?:eighteen|nineteen|twenty)[\s-]+(?:{TENS}"
                            r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
                            r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and)?"
                            r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b"),
         resolve_spoken_year, lambda m, t: m.group(0).lower().startswith("the year") or bool(m.group("month")) or
         not m.group("spoken").lower().startswith("two thousand")),
]
