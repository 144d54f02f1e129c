"""The temporal grammar: candidate patterns and the resolvers that anchor them, one rule per row of RULES.

Patterns find candidate spans (TimeBank conventions: determiners and modifiers such as "the", "last",
"early" belong to the span, prepositions do not). Guards reject the false friends naive parsers take
("may" the verb, "17 Patriots", "$69 billion"). Resolvers turn a match into a TIMEX3 value against the
publication date, the tense of the clause, or the last specific date mentioned before it.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import holidays
from dateparser.date import DateDataParser
from dateutil.easter import easter

from timeline.models import Granularity, TimexType
from timeline.temporal import lexicon as lx
from timeline.temporal.calendar import (
    add_months,
    add_years,
    day_value,
    interval_of,
    month_end,
    month_value,
    quarter_of,
    season_of,
    week_start,
    week_value,
)
from timeline.temporal.tense import Tense, tense_around

# -- context and results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """The last specific date mentioned: what "the next day" or "a year earlier" is counted from."""

    index: int
    value: str
    start: date
    end: date
    granularity: Granularity
    offset: int
    end_offset: int = -1  # where its text ends (-1: not a span of the text)


@dataclass
class Context:
    text: str
    published: date
    match_start: int
    match_end: int
    reference: Reference | None
    # the last quarter the article spoke of: earnings reports compare "a year ago" with that period
    reporting_period: Reference | None = None
    # the last month the article spoke of: monthly figures ("sales jumped in February, the group said on
    # Thursday ... from a year earlier") compare with that month, not with the day they were reported
    month_reference: Reference | None = None
    # the last day the article spoke of: "earlier that evening" after "Wednesday ... since November 2001"
    # (a part of a day belongs to the story's day, not to a background month)
    day_reference: Reference | None = None
    _tense: Tense | None = field(default=None, repr=False)

    @property
    def tense(self) -> Tense:
        if self._tense is None:
            self._tense = tense_around(self.text, self.match_start, self.match_end)
        return self._tense

    def nearby_reference(self, max_chars: int = 400) -> Reference | None:
        if self.reference is None or self.match_start - self.reference.offset > max_chars:
            return None
        return self.reference

    def unless_ahead_of_clause(self, reference: Reference | None) -> Reference | None:
        """A day ahead of publication is not the day a clause that does not look ahead is telling: "Sabalenka
        won earlier in the day", "temperatures at 3 p.m. hit 32C" after "the final is on Sunday"."""
        if reference is not None and reference.start > self.published and self.tense is Tense.PAST:
            return None
        return reference

    def nearby_day_reference(self, max_chars: int) -> Reference | None:
        """The last day told, if within reach: what a clock time or a part of the day falls on even when a
        background year or month was named since ("on Friday, their first talks since 2021 ... at 11 a.m.")."""
        if self.day_reference is None or self.match_start - self.day_reference.offset > max_chars:
            return None
        return self.day_reference


@dataclass(frozen=True)
class Resolution:
    value: str
    type: TimexType
    anchor: str = "publication"
    confidence: float = 0.85
    interval: tuple[date, date, Granularity] | None = None
    anchor_mention: int | None = None


Resolver = Callable[[re.Match[str], Context], Resolution | None]
Guard = Callable[[re.Match[str], str], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    accept: Guard | None = None
    # a word the rule cannot match without: a window lacking it is skipped (speed only, never meaning)
    requires: re.Pattern[str] | None = None


# -- pattern pieces ------------------------------------------------------------------------------------

def phrase_alternation(phrases: Iterable[str]) -> str:
    """A pattern matching any of the phrases, longest first, written as a trie ("the (?:coming (?:days|weeks)|
    past)"): the regex engine then tries a few letters at each position instead of every phrase in turn
    (three times faster for the vague references). Spaces match any whitespace."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alternatives = [(r"\s+" if char == " " else re.escape(char)) + branch(child)
                        for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = "(?:" + "|".join(alternatives) + ")"
        return body + "?" if "" in node else body

    return branch(trie)


MONTH = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|"
         r"Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)")
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"
WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
PART = r"(?P<part>morning|afternoon|evening|night)"
TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
# counts written in words ("an?" and "a quarter of an" stay apart, after them: "a quarter of an hour")
NUMBER_PHRASES = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "a dozen", "dozen", "a hundred",
    "a couple of", "a couple", "couple of", "a few", "few", "several", "many", "a single", "another",
)
NUMBER = (r"(?P<num>\d+\s+1/2|\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d+)?|"
          rf"{TENS}(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
          rf"{phrase_alternation(NUMBER_PHRASES)}|"
          r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)[- ]and[- ]a[- ]half|"
          r"a\s+quarter(?:\s+of\s+an?)?|an?|half an?)")
UNIT = r"(?P<unit>second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
# the words a count can open with ("nearly two weeks", "a dozen years", "twenty-one days")
COUNT_FIRST_WORDS = frozenset({
    "nearly", "almost", "about", "roughly", "approximately", "more", "less", "fewer", "at", "up", "just", "a", "an",
    "half", "couple", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    *(phrase.split()[0] for phrase in NUMBER_PHRASES),
})


def starting_with(words: frozenset[str] | set[str]) -> str:
    """A lookahead for a digit or one of the words, for patterns whose long alternations are costly to try at
    every position: a word that cannot open the expression fails at its first letters (3x faster)."""
    return rf"(?=\d|{phrase_alternation(sorted(words))}\b)"
# a clock time, with the time zone news wires add ("9 a.m. EST"), before the day it falls on
ZONE = r"(?-i:[ECMP][SD]?T|GMT|UTC|BST|CES?T|EES?T|MSK)\b"
CLOCK = (rf"\b(?:(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
         rf"(?:\s+(?:{ZONE}|local\s+time))?|"
         rf"(?P<h24>[01]?\d|2[0-3]):?(?P<m24>[0-5]\d)\s*{ZONE}|(?P<clockword>noon|midday|midnight)(?:\s+{ZONE})?)")
# "around 7:15 p.m.": an approximate clock time keeps its approximation in the extent too
CLOCK_APPROX = r"(?:\b(?:about|around|approximately|roughly)\s+)?"
# "nearly two weeks ago", "at least 30 days": TimeML keeps an approximation in the extent (its MOD)
APPROX = (r"(?:(?:nearly|almost|about|roughly|approximately|more\s+than|less\s+than|fewer\s+than|at\s+least|"
          r"up\s+to|just\s+over|just\s+under)\s+)?")
ORDINAL = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
PREPOSITIONS = frozenset({
    "in", "since", "by", "until", "till", "of", "from", "through", "before", "after", "during", "on",
    "last", "next", "this", "early", "late", "mid", "around", "about", "between", "and", "to", "for",
    "throughout", "into", "as", "at", "within", "past",
})


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# -- small helpers -------------------------------------------------------------------------------------


def number_of(word: str | None) -> float | None:
    """The number a numeral names, or None for vague quantities ("several")."""
    if word is None:
        return 1
    word = word.lower().strip()
    if word in lx.VAGUE_QUANTITIES:
        return None
    if word in lx.NUMBER_WORDS:
        return lx.NUMBER_WORDS[word]
    if re.fullmatch(r"\d+\s+1/2", word):
        return int(word.split()[0]) + 0.5
    if half := re.fullmatch(r"(\w+)[- ]and[- ]a[- ]half", word):  # "three-and-a-half", "2 and a half"
        whole = number_of(half.group(1))
        return None if whole is None else whole + 0.5
    if re.fullmatch(r"a\s+quarter(?:\s+of\s+an?)?", word):  # "a quarter-century", "a quarter of an hour"
        return 0.25
    word = word.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word) if "." in word else int(word)
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[0] in lx.NUMBER_WORDS and parts[1] in lx.NUMBER_WORDS:
        return lx.NUMBER_WORDS[parts[0]] + lx.NUMBER_WORDS[parts[1]]
    return None


def unit_of(word: str) -> str:
    """The singular unit a unit word names ("months" -> "month")."""
    word = word.lower()
    if word.startswith("centur"):
        return "century"
    return word[:-1] if word.endswith("s") and word[:-1] in lx.UNITS else word


def month_of(word: str) -> int:
    return lx.MONTHS[word.lower().rstrip(".")]


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z$£€]+)[\s-]*$", text[max(0, start - 30):start])
    return match.group(1).lower() if match else ""


def _next_word(text: str, end: int) -> str:
    match = re.match(r"\s*([A-Za-z%]+)", text[end:end + 30])
    return match.group(1).lower() if match else ""


def shift(day: date, unit: str, amount: int) -> date:
    if unit in ("day", "night"):
        return day + timedelta(days=amount)
    if unit in ("week", "weekend"):
        return day + timedelta(weeks=amount)
    if unit == "fortnight":
        return day + timedelta(weeks=2 * amount)
    if unit == "month":
        return add_months(day, amount)
    if unit == "quarter":
        return add_months(day, 3 * amount)
    if unit == "year":
        return add_years(day, amount)
    if unit == "decade":
        return add_years(day, 10 * amount)
    if unit == "century":
        return add_years(day, 100 * amount)
    return day


def value_at(day: date, granularity: str) -> str:
    """The TIMEX3 value of the period of a given granularity that contains a day."""
    if granularity in ("day", "night", "hour", "minute", "second"):
        return day_value(day)
    if granularity in ("week", "fortnight"):
        return week_value(day)
    if granularity == "weekend":
        return week_value(day) + "-WE"
    if granularity == "month":
        return month_value(day.year, day.month)
    if granularity == "quarter":
        return f"{day.year}-Q{quarter_of(day)}"
    if granularity == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if granularity == "season":
        year, code = season_of(day)
        return f"{year}-{code}"
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return day_value(day)


# A date written without its year that falls within this many days of publication is read as that nearby
# date whatever the tense: news rarely names a date a year away without its year.
NEAREST_WINDOW_DAYS = 60


def in_tense_direction(candidates: list[date], ctx: Context, window_days: int = NEAREST_WINDOW_DAYS) -> date:
    """Pick the candidate near publication, else the one the tense points to: the latest not after
    publication for the past (and for an unknown tense: news reports the past), the earliest not before
    it for the future."""
    published = ctx.published
    nearest = min(candidates, key=lambda d: (abs((d - published).days), d))
    if abs((nearest - published).days) <= window_days:
        return nearest
    if ctx.tense is Tense.FUTURE:
        future = [d for d in candidates if d >= published]
        if future:
            return min(future)
    past = [d for d in candidates if d <= published]
    return max(past) if past else nearest


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _part_suffix(match: re.Match[str]) -> str:
    part = match.groupdict().get("part")
    return f"T{lx.PARTS_OF_DAY[part.lower()]}" if part else ""


def _day_resolution(day: date, match: re.Match[str], confidence: float, anchor: str = "publication") -> Resolution:
    suffix = _part_suffix(match)
    return Resolution(
        value=day_value(day) + suffix, type=TimexType.TIME if suffix else TimexType.DATE, anchor=anchor,
        confidence=confidence, interval=(day, day, Granularity.DAY),
    )


@functools.lru_cache(maxsize=1)
def _absolute_parser() -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "MDY",
                  "RELATIVE_BASE": datetime(2000, 1, 1), "PREFER_DAY_OF_MONTH": "first"},
    )


@functools.lru_cache(maxsize=8192)
def parse_absolute_date(text: str) -> date | None:
    """A complete written date ("Sept. 30, 1989", "14 July 2025", "07/14/2025") through dateparser."""
    parsed = _absolute_parser().get_date_data(text)
    return parsed.date_obj.date() if parsed and parsed.date_obj else None


# -- resolvers -----------------------------------------------------------------------------------------


def resolve_absolute(match: re.Match[str], ctx: Context) -> Resolution | None:
    day = parse_absolute_date(match.group(0).replace("of ", ""))
    if day is None:
        return None
    return Resolution(day_value(day), TimexType.DATE, anchor="absolute", confidence=0.95,
                      interval=(day, day, Granularity.DAY))


def resolve_month_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_of(match.group("month"))
    day_number = int(match.group("day"))
    year = ctx.published.year
    candidates = [d for y in (year - 1, year, year + 1) if (d := _date(y, month, day_number))]
    if not candidates:
        return None
    rel = (match.groupdict().get("rel") or "").lower()
    if not rel and (told := _year_told_in_clause(ctx)) and (day := _date(told.start.year, month, day_number)):
        return replace(_day_resolution(day, match, 0.75, anchor="mention"), anchor_mention=told.index)
    if rel == "last" and (before := [d for d in candidates if d < ctx.published]):
        return _day_resolution(max(before), match, 0.9)
    if rel == "next" and (after := [d for d in candidates if d > ctx.published]):
        return _day_resolution(min(after), match, 0.9)
    return _day_resolution(in_tense_direction(candidates, ctx), match, 0.85)


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


def resolve_month_relative_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'January this year', 'June last year', '3 July last year': a month (or a day of it) of a year named
    relative to publication."""
    year = ctx.published.year + YEAR_SHIFT[match.group("yrel").lower()]
    month = month_of(match.group("month"))
    if day_number := match.group("dayfirst") or match.group("daylast"):
        return _absolute_day(year, month, int(day_number), 0.9)
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


def resolve_day_range(match: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_of(match.group("month"))
    first, last = int(match.group("d1")), int(match.group("d2"))
    if not 1 <= first < last <= 31:
        return None
    if match.group("year"):
        years = [int(match.group("year"))]
    else:
        years = [ctx.published.year - 1, ctx.published.year, ctx.published.year + 1]
    starts = [d for y in years if (d := _date(y, month, first))]
    if not starts:
        return None
    start = starts[0] if len(starts) == 1 else in_tense_direction(starts, ctx)
    end = _date(start.year, month, last)
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


def resolve_weekday_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    if match.group("year"):
        return resolve_absolute_parts(match, ctx)
    return resolve_month_day(match, ctx)


def _absolute_day(year: int, month: int, day_number: int, confidence: float) -> Resolution | None:
    day = _date(year, month, day_number)
    if day is None:
        return None
    return Resolution(day_value(day), TimexType.DATE, anchor="absolute", confidence=confidence,
                      interval=(day, day, Granularity.DAY))


def resolve_absolute_parts(match: re.Match[str], ctx: Context) -> Resolution | None:
    return _absolute_day(int(match.group("year")), month_of(match.group("month")), int(match.group("day")), 0.95)


def resolve_month_year(match: re.Match[str], ctx: Context) -> Resolution | None:
    value = month_value(int(match.group("year")), month_of(match.group("month")))
    return Resolution(value, TimexType.DATE, anchor="absolute", confidence=0.95)


def _year_told_in_clause(ctx: Context) -> Reference | None:
    """The year just named, if the clause is still about it: "last year, when the holiday fell in April",
    "in 2019 he moved in March", "Last year, Biden spoke on March 7" (not "won in 2024 and have not lost
    since March")."""
    told = ctx.nearby_reference(120)
    if told is None or told.granularity is not Granularity.YEAR or told.start.year == ctx.published.year:
        return None
    between = ctx.text[told.offset:ctx.match_start]
    if re.search(r"[.!?]\s", between):
        return None
    # a year opening the sentence ("Last year, ...", "In 2019, ...") sets the time of all that follows
    opening = "," in between and _SENTENCE_START.search(
        ctx.text[max(0, told.offset - 12):told.offset].removesuffix("In "))
    if ", when " in between or opening or not re.search(r"[,;]|\s(?:and|but|since)\s", between):
        return told
    return None


def resolve_month(match: re.Match[str], ctx: Context) -> Resolution | None:
    month = month_of(match.group("month"))
    rel = (match.groupdict().get("rel") or "").lower()
    published = ctx.published
    if rel not in ("last", "next", "this", "this past", "this coming") and (told := _year_told_in_clause(ctx)):
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
        attributive = _previous_word(ctx.text, match.start()) == "the" and \
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
    ordinal = int(match.group("ord"))
    return Resolution(f"{ordinal - 1:02d}", TimexType.DATE, anchor="absolute", confidence=0.9)


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}


def resolve_quarter(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the third quarter', 'Q3', 'Q2 2025': a quarter, of the year the tense and publication point to."""
    code = match.groupdict().get("q")
    quarter = int(code) if code else lx.ORDINAL_PERIODS[match.group("ord").lower()]
    if match.groupdict().get("year"):
        return Resolution(f"{match.group('year')}-Q{quarter}", TimexType.DATE, anchor="absolute", confidence=0.95)
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
    period = _comparison_period(ctx, 600)
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
        period = _comparison_period(ctx, 600) or ctx.nearby_reference(600)
        if period is None:
            return Resolution(str(ctx.published.year - 1), TimexType.DATE, confidence=0.6)
        return _shifted_reference(period, ctx, "year", -1)
    current = _quarter_start(ctx.published.year, quarter_of(ctx.published))
    reference = ctx.nearby_reference()
    ref_quarter = reference.start if reference and reference.granularity is Granularity.QUARTER else None
    if rel in ("year-ago", "year-earlier", "year earlier"):
        # a year-ago quarter is a comparison ("mention"), never the period later expressions count from
        period = _comparison_period(ctx, 600)
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
    elif not rel.startswith("the ") and _FOR_DAY.search(ctx.text, max(0, ctx.match_start - 9), ctx.match_start):
        # "bookings for the winter season", written in October: the season nearest, on whichever side
        def distance(y: int) -> int:
            first, last = starts[y][:2]  # type: ignore[index]
            return max((first - published).days, (published - last).days, 0)
        year = min((y for y in started[-1:] + upcoming[:1]), key=distance)
    else:
        year = max(started)
    return Resolution(f"{year}-{code}", TimexType.DATE, confidence=0.8)


_LATER_OR_EARLIER = re.compile(r"\b(later|earlier)\s+$", re.IGNORECASE)
_FOR_DAY = re.compile(r"\bfor\s+$", re.IGNORECASE)
# an auxiliary of the future in the words before: "talks will run from Monday", "will be on Sept. 17"
FUTURE_AUXILIARY = re.compile(r"\b(?:will|would|shall|'ll)\b", re.IGNORECASE)
# "ordered schools to close from Friday": what an order, a plan or a call is for
_INFINITIVE_BEFORE = re.compile(r"\bto\s+[a-z]+(?:\s+[a-z]+){0,2}\s+(?:on|from|by|until|before)\s+$")
_AFTER_WEEKDAY = re.compile(r"\b(?P<previous>mon|tues|wednes|thurs|fri|satur|sun)day,?\s+"
                            r"(?:and|or|to|through|until)\s+$", re.IGNORECASE)
_AWAITED = re.compile(r"\b(?:await(?:s|ed|ing)?|ahead\s+of|upcoming|preview(?:s|ing)?|prepar\w+\s+for)\s+"
                      r"(?:the\s+)?$", re.IGNORECASE)


def resolve_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
    weekday = lx.WEEKDAYS[match.group("weekday").lower()]
    rel = re.sub(r"\s+", " ", (match.groupdict().get("rel") or "").lower())
    published = ctx.published
    if rel.startswith("the "):
        return _weekday_from_reference(weekday, rel, match, ctx)
    if not rel and (day := _coordinated_weekday(weekday, ctx) or _restated_weekday(weekday, ctx)):
        return _day_resolution(day, match, 0.85, anchor="mention")
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
        day = week_start(published) + timedelta(days=weekday - 1)
    elif step := _LATER_OR_EARLIER.search(ctx.text, max(0, ctx.match_start - 9), ctx.match_start):
        # "is expected to speak later Wednesday": later on the nearest Wednesday, today included ("later"
        # is a signal outside the span, as TimeML has it)
        day = published + timedelta(days=offset_forward) if step.group(1).lower() == "later" \
            else published - timedelta(days=offset_back)
    elif _AWAITED.search(ctx.text, max(0, ctx.match_start - 40), ctx.match_start):
        # "investors await Friday's jobs report", "ahead of Sunday's vote": what is awaited lies ahead
        day = published + timedelta(days=offset_forward)
    elif _FOR_DAY.search(ctx.text, max(0, ctx.match_start - 5), ctx.match_start) or \
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
    elif ctx.tense is Tense.FUTURE:
        # wire style names the publication day by its weekday: "the cabinet is expected to approve it on
        # Thursday", written on a Thursday, is today
        day = published + timedelta(days=offset_forward)
    else:
        day = published - timedelta(days=offset_back)
    confidence = 0.9 if rel or ctx.tense in (Tense.PAST, Tense.FUTURE) else 0.7
    return _day_resolution(day, match, confidence)


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
    resolution = _day_resolution(day, match, 0.8, anchor="mention" if counted_from else "publication")
    return replace(resolution, anchor_mention=counted_from.index if counted_from else None)


RELATIVE_DAYS = {
    "the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1, "today": 0, "tomorrow": 1,
    "tonight": 0,
}


def resolve_relative_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    word = match.group("word").lower()
    day = ctx.published + timedelta(days=RELATIVE_DAYS[word])
    resolution = _day_resolution(day, match, 0.95)
    if word == "tonight":
        return Resolution(day_value(day) + "TNI", TimexType.TIME, confidence=0.95,
                          interval=(day, day, Granularity.DAY))
    return resolution


_WEEKDAY_AFTER_PART = re.compile(rf",?\s+(?:on\s+)?(?:(?P<rel>last|this|next)\s+)?{WEEKDAY}\b", re.IGNORECASE)


def resolve_modified_part_of_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """The part of the day named after it ("yesterday", "on Tuesday"), else of the day told, else of
    publication."""
    if word := match.group("word"):
        day: date | None = ctx.published + timedelta(days=RELATIVE_DAYS[word.lower()])
    elif weekday := _WEEKDAY_AFTER_PART.match(ctx.text, ctx.match_end):
        named = resolve_weekday(weekday, ctx)
        day = named.interval[0] if named and named.interval else None
    else:
        return _period_of_reference(match, ctx, fall_back_to_publication=True)
    if day is None:
        return None
    return _part_of_day_on(day, lx.PARTS_OF_DAY[match.group("unit").lower()], confidence=0.85)


def resolve_part_of_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    rel = match.group("rel").lower()
    day = ctx.published - timedelta(days=1) if rel == "last" else ctx.published
    return _day_resolution(day, match, 0.9)


REL_SHIFT = {
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "this past": -1, "the past": -1,
    "this": 0, "current": 0, "the current": 0, "next": 1, "coming": 1, "the coming": 1, "the next": 1,
    "this coming": 1,
}


def resolve_relative_unit(match: re.Match[str], ctx: Context) -> Resolution | None:
    rel = re.sub(r"\s+", " ", match.group("rel").lower())
    unit = unit_of(match.group("unit"))
    if rel in ("the past", "the coming", "the next") and not match.group("mod"):
        return Resolution(duration_value(1, unit), TimexType.DURATION, anchor="none", confidence=0.8)
    amount = REL_SHIFT[rel]
    if unit == "weekend":
        saturday = week_start(ctx.published) + timedelta(days=5)
        if amount < 0:
            saturday -= timedelta(weeks=1) if saturday >= ctx.published else timedelta(0)
        elif amount > 0:
            saturday += timedelta(weeks=1) if saturday < ctx.published else timedelta(0)
        return Resolution(week_value(saturday) + "-WE", TimexType.DATE, confidence=0.85)
    day = shift(week_anchor(ctx.published) if unit == "week" else ctx.published, unit, amount)
    return Resolution(value_at(day, unit), TimexType.DATE, confidence=0.9)


def week_anchor(published: date) -> date:
    """The day whose week is "this week": news weeks begin on Sunday, so an article published on a Sunday
    says "last week" of the Monday-to-Saturday just ended (the ISO week that the Sunday closes)."""
    return published + timedelta(days=1) if published.isoweekday() == 7 else published


def resolve_weekend(match: re.Match[str], ctx: Context) -> Resolution | None:
    saturday = week_start(ctx.published) + timedelta(days=5)
    if ctx.tense is not Tense.FUTURE and saturday > ctx.published:
        saturday -= timedelta(weeks=1)
    return Resolution(week_value(saturday) + "-WE", TimexType.DATE, confidence=0.75)


def _shifted_reference(
    reference: Reference | None, ctx: Context, unit: str, amount: float | None
) -> Resolution | None:
    """Count a number of units from the reference date (or publication), at a sensible granularity."""
    if amount is None:
        return None
    whole = int(amount)
    base = reference.start if reference else ctx.published
    anchor = "mention" if reference else "publication"
    if reference and reference.granularity in (Granularity.QUARTER, Granularity.DAY) and unit in (
            "year", "quarter", "month", "week", "day"):
        granularity = reference.granularity.value if unit in ("year", "quarter") or \
            reference.granularity is Granularity.DAY else unit
    elif reference and reference.granularity is Granularity.MONTH and unit in ("year", "month"):
        granularity = "month"
    else:
        granularity = "day" if unit in ("hour", "minute", "second", "night") else unit
    if unit in ("hour", "minute", "second"):
        whole = 0
    day = shift(base, unit, whole)
    return Resolution(value_at(day, granularity), TimexType.DATE, anchor=anchor, confidence=0.7,
                      anchor_mention=reference.index if reference else None)


_CLOSED_BY = re.compile(r"\s+(?:ended|ending|to|through)\s+(?:on\s+)?", re.IGNORECASE)


def _comparison_period(ctx: Context, max_chars: int) -> Reference | None:
    """The quarter that "a year ago" or "the year-earlier period" is compared with: a quarter mentioned just
    before, else the reporting period the article is about, unless a nearer year or month is the anchor."""
    reference = ctx.nearby_reference(max_chars)
    if reference and reference.granularity is Granularity.QUARTER:
        return reference
    period = ctx.reporting_period
    if period is None or reference is None:
        return period
    if period.start <= reference.start <= period.end:  # "the quarter ended Sept. 30": a day of the period
        return period
    if period.end_offset >= 0 and _CLOSED_BY.fullmatch(ctx.text, period.end_offset, reference.offset):
        return period  # "the fourth quarter ended Jan. 26" (a fiscal quarter): the day closes the period
    if reference.granularity is not Granularity.YEAR or \
            reference.start.year not in (period.start.year, period.start.year - 1):
        return None
    return period


def resolve_ago(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = unit_of(match.group("unit"))
    # "weeks ago" names no number of weeks: a vague past, like "several weeks ago"
    counted = match.group("num") is not None or not re.search(r"s\s+ago$", match.group(0), re.IGNORECASE)
    amount = number_of(match.group("num")) if counted else None
    if amount is None:
        back = {"day": 14, "week": 56, "month": 183, "year": 1826, "decade": 7300}.get(unit, 30)
        return Resolution("PAST_REF", TimexType.DATE, confidence=0.6,
                          interval=(ctx.published - timedelta(days=back), ctx.published, Granularity.VAGUE))
    if unit == "year" and amount == 1 and (period := _comparison_period(ctx, 300)):
        return _shifted_reference(period, ctx, unit, -1)
    if unit in _SPAN_DAYS and re.match(r"(?:less\s+than|fewer\s+than|under|just\s+under)\s", match.group(0), re.I):
        # "took office less than a month ago": somewhere in the last month, most likely its middle
        day = ctx.published - timedelta(days=amount * _SPAN_DAYS[unit] / 2)
        return Resolution(value_at(day, unit), TimexType.DATE, confidence=0.6)
    if unit == "week":
        day = week_anchor(ctx.published) - timedelta(weeks=int(amount))
        return Resolution(week_value(day), TimexType.DATE, confidence=0.85)
    if unit in ("decade", "century"):
        # "a decade ago" is about the year ten years back, not the whole decade that contains it
        return _shifted_reference(None, ctx, "year", -amount * (10 if unit == "decade" else 100))
    return _shifted_reference(None, ctx, unit, -amount)


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
    return _day_resolution(latest - timedelta(weeks=int(number_of(match.group("num")) or 1)), match, 0.8)


def resolve_offset(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = unit_of(match.group("unit"))
    direction = (match.group("dir") or match.group("dir_")).lower()
    amount = number_of(match.group("num"))
    if amount is None:
        # "a few days later": how far from what is not said
        return Resolution(duration_value(None, unit), TimexType.DURATION, anchor="none", confidence=0.5)
    if direction in ("from now", "hence", "from today"):
        return _shifted_reference(None, ctx, unit, amount)
    sign = -1 if direction in ("earlier", "before", "previously", "prior") else 1
    if unit == "year" and amount == 1 and sign < 0 and (period := _comparison_period(ctx, 2000)):
        return _shifted_reference(period, ctx, unit, -1)
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
        return _shifted_reference(ctx.month_reference, ctx, unit, -1)
    if reference is None and sign > 0 and ctx.tense is not Tense.FUTURE:
        # "Two days later, on July 4, ..." with no date before it: later than what is not said, and
        # counting from publication would put a past event in the future
        return Resolution(duration_value(amount, unit), TimexType.DURATION, anchor="none", confidence=0.6)
    return _shifted_reference(reference, ctx, unit, sign * amount)


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
    if period := _comparison_period(ctx, 600):
        return _shifted_reference(period, ctx, "year", -1)
    reference = ctx.nearby_reference(600)
    if reference and reference.granularity is Granularity.MONTH:
        return _shifted_reference(reference, ctx, "year", -1)
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
    if (step == 0 or part) and unit == "day" and not _precise_enough(reference, unit):
        # "met Merz the same day" after "this week"; "the previous evening" after "since the start of the
        # year": the last day told (not one ahead of a past clause), else the day of publication
        reference = ctx.unless_ahead_of_clause(ctx.nearby_day_reference(600)) or (reference if step == 0 else None)
    if not _precise_enough(reference, unit):
        return None
    if part and reference is None:
        return _part_of_day_on(shift(ctx.published, "day", step), part)
    if reference is None and ((unit == "day" and step != 0) or (step > 0 and ctx.tense is not Tense.FUTURE)):
        # "the day after the summit", "the following week" with no date told before count from an event,
        # not from publication (which would put a past event in the future); "the previous year" alone is
        # the year before publication
        return None
    if unit in ("week", "month", "year"):
        # "the following week" after "July 14" is the week after that week, not the day a week later
        # (that is "a week later"): the step names a whole period of its unit
        base = reference.start if reference else ctx.published
        return Resolution(value_at(shift(base, unit, step), unit), TimexType.DATE,
                          anchor="mention" if reference else "publication", confidence=0.7,
                          anchor_mention=reference.index if reference else None)
    shifted = _shifted_reference(reference, ctx, unit, step)
    if part and shifted and reference:
        return replace(_part_of_day_on(reference.start + timedelta(days=step), part), anchor="mention",
                       anchor_mention=reference.index)
    return shifted


def _part_of_day_on(day: date, part: str, confidence: float = 0.7) -> Resolution:
    """A part of a day ('…TEV') as a TIME whose interval is that day."""
    return Resolution(f"{day_value(day)}T{part}", TimexType.TIME, confidence=confidence,
                      interval=(day, day, Granularity.DAY))


def resolve_then(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'until then', 'by then': the date just named (none without one)."""
    reference = ctx.nearby_reference(600)
    if reference is None:
        return None
    return Resolution(reference.value, TimexType.TIME if "T" in reference.value else TimexType.DATE,
                      anchor="mention", confidence=0.7,
                      interval=(reference.start, reference.end, reference.granularity), anchor_mention=reference.index)


_MODALS = frozenset({"will", "would", "could", "might", "may", "can", "shall", "should", "must"})


def resolve_indefinite_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'Islam will one day be…', 'someday', 'One day, he vanished': a time not said, ahead or behind."""
    ahead = ctx.tense is Tense.FUTURE or _previous_word(ctx.text, match.start()) in _MODALS
    if ahead:
        return Resolution("FUTURE_REF", TimexType.DATE, confidence=0.5,
                          interval=(ctx.published, ctx.published + timedelta(days=3650), Granularity.VAGUE))
    return Resolution("PAST_REF", TimexType.DATE, confidence=0.5,
                      interval=(ctx.published - timedelta(days=3650), ctx.published, Granularity.VAGUE))


def accept_indefinite_day(match: re.Match[str], text: str) -> bool:
    """'one day' is a time only after a modal ('will one day be') or opening a sentence ('One day, …');
    elsewhere it counts ('for one day', 'one day of talks')."""
    if not match.group(0).lower().startswith("one"):
        return True
    if re.match(r"\s+(?:of|later|earlier|before|after|ago|and|or)\b", text[match.end():match.end() + 8]):
        return False
    before = text[max(0, match.start() - 10):match.start()]
    return _previous_word(text, match.start()) in _MODALS or \
        bool(_SENTENCE_START.search(before) and re.match(r"\s*,", text[match.end():match.end() + 2]))


def resolve_after_next(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the week after next', 'the weekend before last': two of the unit ahead of (behind) this one."""
    unit = match.group("unit").lower()
    steps = 2 if match.group("dir").lower().startswith("after") else -2
    base = week_anchor(ctx.published) if unit in ("week", "weekend") else ctx.published
    if unit == "weekend" and steps < 0 and ctx.published.isoweekday() == 7:
        steps += 1  # written on a Sunday, "last weekend" is this one; the one before is a week back
    return Resolution(value_at(shift(base, "week" if unit == "weekend" else unit, steps), unit), TimexType.DATE,
                      confidence=0.85)


def resolve_weekday_week(match: re.Match[str], ctx: Context) -> Resolution | None:
    weekday = lx.WEEKDAYS[(match.group("weekday") or match.group("weekday2")).lower()]
    coming = ctx.published + timedelta(days=(weekday - ctx.published.isoweekday()) % 7 or 7)
    return _day_resolution(coming + timedelta(days=7), match, 0.8)


def resolve_ordinal_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'on the 14th': that day of the month just named, else of the month around publication the tense
    points to."""
    day_number = int(match.group("day"))
    reference = ctx.nearby_reference(600)
    if reference and reference.granularity in (Granularity.DAY, Granularity.MONTH):
        day = _date(reference.start.year, reference.start.month, day_number)
        if day is None:
            return None
        resolution = _day_resolution(day, match, 0.75, anchor="mention")
        return replace(resolution, anchor_mention=reference.index)
    months = [add_months(date(ctx.published.year, ctx.published.month, 1), k) for k in (-1, 0, 1)]
    candidates = [d for m in months if (d := _date(m.year, m.month, day_number))]
    return _day_resolution(in_tense_direction(candidates, ctx, window_days=0), match, 0.7) if candidates else None


def resolve_iso_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'2025-10-05', '2026-03-02T09:00Z' (the clock as written; its zone is not converted)."""
    day = _absolute_day(int(match.group("year")), int(match.group("m")), int(match.group("d")), 0.95)
    if day is None or not match.group("hh"):
        return day
    return replace(day, value=f"{day.value}T{match.group('hh')}:{match.group('mm')}", type=TimexType.TIME)


def resolve_dotted_date(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'01.07.2025': day first, as everywhere dots separate a date."""
    return _absolute_day(int(match.group("year")), int(match.group("m")), int(match.group("d")), 0.9)


def _precise_enough(reference: Reference | None, unit: str) -> bool:
    """Whether a step of one `unit` can be counted from the reference: "the day before" a year is no day."""
    return reference is None or _SPAN_DAYS.get(reference.granularity.value, 10**6) <= _SPAN_DAYS.get(unit, 0)


def resolve_step_from_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'the day before last Tuesday's hearing', 'the week after Monday': a step from the weekday named."""
    weekday = resolve_weekday(match, ctx)
    if weekday is None or weekday.interval is None:
        return None
    step = 1 if match.group("dir").lower() == "after" else -1
    unit = match.group("unit").lower()
    day = shift(weekday.interval[0], unit, step)
    return Resolution(value_at(day, unit), TimexType.DATE, confidence=0.8)


# a fraction of a unit is written in the next smaller one: "2 1/2 years" is P2Y6M, "5 1/2 hours" PT5H30M
SMALLER_UNIT = {"year": (12, "M"), "week": (7, "D"), "day": (24, "H"), "hour": (60, "M"), "minute": (60, "S")}


def duration_value(amount: float | None, unit: str) -> str:
    """The TIMEX3 value of a duration ("P3D", "PT5H30M", "PXY" for an unknown count)."""
    letter, is_time, _ = lx.UNITS[unit]
    if unit == "fortnight":
        amount = None if amount is None else amount * 2
    if unit in ("decade", "century"):
        letter, amount = "Y", None if amount is None else amount * (10 if unit == "decade" else 100)
    time = "T" if is_time else ""
    if amount is None:
        return f"P{time}X{letter}"
    whole, fraction = int(amount), amount - int(amount)
    if fraction and unit in SMALLER_UNIT and (fraction * SMALLER_UNIT[unit][0]).is_integer():
        factor, small = SMALLER_UNIT[unit]
        small_time = "T" if (unit == "day" and not time) else ""
        head = f"{whole}{letter}" if whole else ""
        return f"P{time}{head}{small_time}{int(fraction * factor)}{small}"
    count = f"{amount:g}" if fraction else str(whole)
    return f"P{time}{count}{letter}"


# how many days each granularity spans at least: a reference is precise enough for "that <unit>" when its
# own granularity is no coarser than the unit
_SPAN_DAYS = {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}


def resolve_that_period(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'that day', 'later that year', 'that same morning': the period of the date just mentioned (none
    without one)."""
    return _period_of_reference(match, ctx, fall_back_to_publication=False)


def resolve_in_the_period(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'later in the day', 'earlier in the week', 'in the afternoon': the period of the date just
    mentioned, else of publication."""
    return _period_of_reference(match, ctx, fall_back_to_publication=True)


def _period_of_reference(match: re.Match[str], ctx: Context, fall_back_to_publication: bool,
                         use_reference: bool = True) -> Resolution | None:
    unit = match.group("unit").lower()
    period = "day" if unit in lx.PARTS_OF_DAY else unit
    reference = ctx.nearby_reference(1000) if use_reference else None
    if unit in lx.PARTS_OF_DAY and not _precise_enough(reference, period):
        reference = ctx.nearby_day_reference(1000) or reference
    reference = ctx.unless_ahead_of_clause(reference)
    if reference is None or not _precise_enough(reference, period):
        if not fall_back_to_publication:
            return None
        reference = None
    base = reference.start if reference else (week_anchor(ctx.published) if period == "week" else ctx.published)
    value = value_at(base, period)
    suffix = f"T{lx.PARTS_OF_DAY[unit]}" if unit in lx.PARTS_OF_DAY else ""
    return Resolution(value + suffix, TimexType.TIME if suffix else TimexType.DATE,
                      anchor="mention" if reference else "publication",
                      confidence=0.7 if fall_back_to_publication else 0.75, interval=interval_of(value),
                      anchor_mention=reference.index if reference else None)


def resolve_rest_of_period(match: re.Match[str], ctx: Context) -> Resolution | None:
    """What is ahead counts from publication ("will stay shut for the rest of the week"); what is told
    counts from the date just mentioned ("in 2019 ... spent the rest of the year in hospital")."""
    return _period_of_reference(match, ctx, fall_back_to_publication=True,
                                use_reference=ctx.tense is not Tense.FUTURE)


def resolve_overnight(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'overnight': the night before the day just named (the day the story is telling), else the night
    before publication."""
    if weekday := _WEEKDAY_AFTER_PART.match(ctx.text, ctx.match_end):
        # "restock overnight on Friday": the night of that Friday
        named = resolve_weekday(weekday, ctx)
        if named is None or named.interval is None:
            return None
        night = named.interval[0]
        return Resolution(day_value(night) + "TNI", TimexType.TIME, confidence=0.7,
                          interval=(night, night + timedelta(days=1), Granularity.DAY))
    reference = ctx.nearby_reference(400)
    after_day = reference is not None and reference.granularity is Granularity.DAY
    # ahead, the coming night ("winds would peak overnight"); told, the night before the day
    day = (reference.start if after_day and reference else ctx.published) - \
        timedelta(days=0 if ctx.tense is Tense.FUTURE else 1)
    return Resolution(day_value(day) + "TNI", TimexType.TIME, anchor="mention" if after_day else "publication",
                      confidence=0.6, interval=(day, day + timedelta(days=1), Granularity.DAY),
                      anchor_mention=reference.index if after_day and reference else None)


def accept_overnight(match: re.Match[str], text: str) -> bool:
    # "an overnight success", "an overnight stay": an adjective of manner or of a noun, not a night
    return _next_word(text, match.end()) not in lx.NOT_A_NIGHT_AFTER_OVERNIGHT and \
        _previous_word(text, match.start()) not in ("an", "almost", "virtually", "nearly", "literally")


def resolve_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit_word = match.group("unit")
    unit = unit_of(unit_word)
    if unit == "weekend":
        return None
    num = match.groupdict().get("num")
    # a bare plural ("for months") names no number
    amount = None if num is None and unit_word.lower() != unit else number_of(num)
    if amount is not None and match.groupdict().get("half"):
        amount += 0.5
    if amount is not None and amount == int(amount) and unit in ("day", "week", "month", "year") and \
            match.group(0)[0].islower() and _previous_word(ctx.text, match.start()) == "in" and \
            ctx.tense is Tense.FUTURE and not match.group(0).lower().startswith(("the ", "a few", "few", "several")):
        # "will be redeemed in five years", "is due in two weeks' time": the date that far ahead
        return _shifted_reference(None, ctx, unit, amount)
    return Resolution(duration_value(amount, unit), TimexType.DURATION, anchor="none", confidence=0.85)


_DURATION_ORDER = ("year", "month", "week", "day", "hour", "minute", "second")


def resolve_compound_duration(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'five hours and 29 minutes' PT5H29M, 'two years and three months' P2Y3M, '2 hours, 14 minutes and 20
    seconds' PT2H14M20S (weeks join days as days)."""
    parts: dict[str, float] = {}
    for number, unit_word in ((match.group("n0"), match.group("u0")), (match.group("n1"), match.group("u1")),
                              (match.group("n2"), match.group("u2"))):
        if number is None:
            continue
        amount = number_of(number)
        unit = unit_of(unit_word)
        if amount is None or amount != int(amount) or unit in parts:
            return None
        parts[unit] = amount
    order = [_DURATION_ORDER.index(unit) for unit in parts]
    if order != sorted(order):
        return None  # "29 minutes and five hours" is no single duration
    if "week" in parts and "day" in parts:
        parts["day"] += 7 * parts.pop("week")
    date_part = "".join(f"{int(parts[u])}{lx.UNITS[u][0]}" for u in ("year", "month", "week", "day") if u in parts)
    time_part = "".join(f"{int(parts[u])}{lx.UNITS[u][0]}" for u in ("hour", "minute", "second") if u in parts)
    return Resolution(f"P{date_part}{'T' + time_part if time_part else ''}", TimexType.DURATION, anchor="none",
                      confidence=0.85)


def resolve_set(match: re.Match[str], ctx: Context) -> Resolution | None:
    groups = match.groupdict()
    if groups.get("adverb"):
        return Resolution(lx.SET_ADVERBS[groups["adverb"].lower()], TimexType.SET, anchor="none", confidence=0.8)
    if groups.get("weekday"):
        return Resolution(f"XXXX-WXX-{lx.WEEKDAYS[groups['weekday'].lower()]}", TimexType.SET, anchor="none",
                          confidence=0.85)
    if groups.get("season"):
        return Resolution(f"XXXX-{lx.SEASONS[groups['season'].lower()]}", TimexType.SET, anchor="none",
                          confidence=0.85)
    if groups.get("month"):
        day = f"-{int(groups['day']):02d}" if groups.get("day") and 1 <= int(groups["day"]) <= 31 else ""
        return Resolution(f"XXXX-{month_of(groups['month']):02d}{day}", TimexType.SET, anchor="none",
                          confidence=0.85)
    unit = unit_of(groups["unit"])
    if unit in ("morning", "evening", "night", "afternoon"):
        return Resolution(f"XXXX-XX-XXT{lx.PARTS_OF_DAY[unit]}", TimexType.SET, anchor="none", confidence=0.8)
    letter, is_time, _ = lx.UNITS[unit]
    every = number_of(groups.get("num")) if groups.get("num") and groups["num"].lower() != "other" else None
    count = 2 if (groups.get("num") or "").lower() == "other" else (every or 1)
    return Resolution(f"P{'T' if is_time else ''}{count}{letter}", TimexType.SET, anchor="none", confidence=0.8)


def resolve_vague(match: re.Match[str], ctx: Context) -> Resolution | None:
    phrase = re.sub(r"\s+", " ", match.group(0).lower())
    value, back, forward = lx.VAGUE_REFERENCES[phrase]
    start, end = ctx.published - timedelta(days=back), ctx.published + timedelta(days=forward)
    return Resolution(value, TimexType.DATE, confidence=0.6, interval=(start, end, Granularity.VAGUE))


def resolve_holiday(match: re.Match[str], ctx: Context) -> Resolution | None:
    name = re.sub(r"\s+", " ", match.group("holiday").lower()).replace("’", "'")
    explicit = match.group("year")
    years = [int(explicit)] if explicit else [ctx.published.year + k for k in (-1, 0, 1)]
    days = [d for year in years if (d := _holiday_in(name, year))]
    if not days:
        return None
    day = days[0] if explicit else in_tense_direction(days, ctx)
    return Resolution(day_value(day), TimexType.DATE, anchor="absolute" if explicit else "publication",
                      confidence=0.85, interval=(day, day, Granularity.DAY))


def _holiday_in(name: str, year: int) -> date | None:
    if name in lx.FIXED_HOLIDAYS:
        month, day = lx.FIXED_HOLIDAYS[name]
        return date(year, month, day)
    if name in lx.EASTER_HOLIDAYS:
        return easter(year) + timedelta(days=lx.EASTER_HOLIDAYS[name])
    if name in lx.WEEKDAY_HOLIDAYS:
        month, weekday, nth = lx.WEEKDAY_HOLIDAYS[name]
        return _nth_weekday(year, month, weekday, nth)
    if name in lx.THANKSGIVING_HOLIDAYS:
        return _nth_weekday(year, 11, 4, 4) + timedelta(days=lx.THANKSGIVING_HOLIDAYS[name])
    if name in lx.CALENDAR_HOLIDAYS:
        return _calendar_holiday(*lx.CALENDAR_HOLIDAYS[name], year)
    if name == "election day":
        # the Tuesday after the first Monday of November (US)
        return _nth_weekday(year, 11, 1, 1) + timedelta(days=1)
    return None


@functools.lru_cache(maxsize=256)
def _calendar_holiday(country: str, holiday: str, year: int) -> date | None:
    """A lunisolar or lunar holiday's first day in a year, as the `holidays` package computes it for a country
    that keeps it (none for years it does not cover)."""
    with warnings.catch_warnings():
        # outside the years a calendar covers the package warns and returns nothing: that is our None
        warnings.simplefilter("ignore")
        try:
            days = holidays.country_holidays(country, years=year, language="en_US")
        except NotImplementedError:
            return None
    return min((day for day, name in days.items() if name.startswith(holiday)), default=None)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth ISO weekday (1 = Monday) of a month; nth = -1 is the last one."""
    if nth < 0:
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


# the weekday a clock time falls on, named after or in a restatement: "10:35 a.m. (0735 GMT) Friday",
# "at 4 in the morning (4 a.m. EDT Thursday)"
_WEEKDAY_AFTER_CLOCK = re.compile(
    rf"(?:\)|\s*\([^()]{{1,30}}\)|\s*\((?:[^()]{{0,30}}?\s)?)"
    rf"\s*,?\s*(?:on\s+)?(?:(?P<rel>last|this|next)\s+)?{WEEKDAY}\b",
    re.IGNORECASE)


def resolve_clock_time(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'10:35 a.m.', 'at midnight': a time on the weekday named just after it, else on the day just
    mentioned, else on the publication day."""
    reference = ctx.nearby_reference(400)
    if reference is None or reference.granularity is not Granularity.DAY:
        reference = ctx.nearby_day_reference(400) or reference
    reference = ctx.unless_ahead_of_clause(reference)  # "shares rose 2.4% by 0915 GMT" after December's meeting
    if weekday := _WEEKDAY_AFTER_CLOCK.match(ctx.text, ctx.match_end):
        day = resolve_weekday(weekday, ctx)
    elif reference and reference.granularity is Granularity.DAY:
        day = Resolution(day_value(reference.start), TimexType.DATE, anchor="mention", confidence=0.8,
                         interval=(reference.start, reference.start, Granularity.DAY),
                         anchor_mention=reference.index)
    else:
        day = Resolution(day_value(ctx.published), TimexType.DATE, confidence=0.8,
                         interval=(ctx.published, ctx.published, Granularity.DAY))
    return _clock_on(day, match)


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


def resolve_clock_weekday(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'10 p.m. Wednesday', 'noon Thursday', '9 a.m. EST Tuesday': a time on the weekday's date."""
    return _clock_on(resolve_weekday(match, ctx), match)


def resolve_clock_month_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    """'5 p.m. EST Nov. 9': a time on that date."""
    return _clock_on(resolve_month_day(match, ctx), match)


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
        _next_word(ctx.text, match.end()) in ("results", "earnings", "profit", "profits", "loss", "revenue", "sales")
    return Resolution(str(ctx.published.year - closing), TimexType.DATE, confidence=0.7)


def resolve_period_boundary(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = unit_of(match.group("unit"))
    rel = (match.group("rel") or "this").lower()
    amount = {"this": 0, "the": 0, "last": -1, "next": 1}.get(rel, 0)
    return Resolution(value_at(shift(ctx.published, unit, amount), unit), TimexType.DATE, confidence=0.8)


# -- guards --------------------------------------------------------------------------------------------


# "until at least March", "no later than May": a bound on a date, as a preposition would be
_BOUND_BEFORE = re.compile(r"\b(?:at\s+(?:the\s+)?(?:least|earliest|latest)|no\s+(?:later|earlier|sooner)\s+than|"
                           r"not\s+before)\s+$", re.IGNORECASE)


def accept_bare_month(match: re.Match[str], text: str) -> bool:
    """A month name alone counts after a date-like preposition or modifier, or for the unambiguous names
    when no capitalised word follows ("August Wilson" is a name)."""
    if match.group("rel"):
        return True
    word = match.group("month").rstrip(".").lower()
    following = re.match(r"\s+([A-Z][a-z]+)", text[match.end():match.end() + 20])
    if following and not match.group("month").endswith(".") and (word in lx.AMBIGUOUS_MONTHS or len(word) <= 3) \
            and following.group(1).lower() not in lx.MONTHS:
        return False  # "Jan Kavan", "May Smith": a first name
    noun = re.match(r"\s+([a-z]+)", text[match.end():match.end() + 20])
    if _previous_word(text, match.start()) == "the" and noun and noun.group(1) not in FUNCTION_WORDS:
        return True  # "the March attack", "the May elections": a month naming an event
    if _previous_word(text, match.start()) in PREPOSITIONS or _BOUND_BEFORE.search(text, max(0, match.start() - 20),
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
    following = _next_word(text, match.end())
    if following in lx.COUNTED_NOUN_HINTS:
        return False
    previous = _previous_word(text, match.start())
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
    return not _SENTENCE_START.search(text[max(0, name_start - 10):name_start])


def accept_season(match: re.Match[str], text: str) -> bool:
    season = match.group("season")
    named = is_title(match, text) or re.match(r"\s+of\s+[A-Z]", text[match.end():match.end() + 6]) or \
        (season[0].isupper() and match.start("season") > match.start() and not in_title_case_line(text, match.start()))
    if named and not match.group("year"):
        return False  # "Prague Spring", "Spring of Life", "the Summer Olympics"
    if re.match(r"\s+(?-i:[A-Z][a-z])", text[match.end():match.end() + 3]) and season[0].isupper() and \
            not in_title_case_line(text, match.start()):
        return False  # "Summer Olympics", "Winter Palace"
    if _previous_word(text, match.start()) in ("a", "an") and re.match(r"\s+[a-z]", text[match.end():match.end() + 2]):
        return False  # "a winter storm", "a summer job": a kind of thing, not a season told
    if season.lower() != "fall":
        return True
    if re.match(rf"\s+of\s+(?!{YEAR}|(?:this|last|next)\s+year)", text[match.end():match.end() + 20], re.IGNORECASE) \
            and not match.group("year"):
        return False  # "the fall of the Berlin Wall": a collapse, not autumn
    return bool(match.group("rel") or match.group("year") or match.group("mod")) or \
        _previous_word(text, match.start()) in ("in", "the", "this", "last", "next", "by", "until", "since")


FUNCTION_WORDS = frozenset({
    "to", "in", "on", "at", "for", "and", "or", "but", "the", "a", "an", "of", "by", "from", "with", "as", "than",
    "since", "until", "while", "when", "if", "that", "is", "are", "was", "were", "be", "will", "would",
})


_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’')]*\s+|\n\s*|--\s*|:\s+)$")
_QUOTE_START = re.compile(r"[\"“‘(`]+$")
_HEADLINE_WORD = re.compile(r"\b[A-Z][a-z][\w'’-]*\s+$")


def is_title(match: re.Match[str], text: str) -> bool:
    """Capitalised in mid-sentence, it is a name: "the Daily Mail", ABC's "This Week", "VOA Today", "the
    Arab Spring". In a headline, a line in title case ("Talks Resume Next Week"), it is not."""
    words = match.group(0).split()
    if not words[0][0].isupper():
        return False
    before = text[max(0, match.start() - 30):match.start()]
    if _SENTENCE_START.search(before) or (_HEADLINE_WORD.search(before) and in_title_case_line(text, match.start())):
        return False
    return (len(words) > 1 and all(w[0].isupper() for w in words)) or not _QUOTE_START.search(before)


def in_title_case_line(text: str, position: int) -> bool:
    """Whether the line around a position is a headline in title case: most of its longer words capitalised,
    and no full stop at its end (a sentence full of names has one)."""
    window_start, window_end = max(0, position - 300), min(len(text), position + 300)  # headlines are short
    line_start = text.rfind("\n", window_start, position) + 1 or window_start
    line_end = text.find("\n", position, window_end)
    line = text[line_start:line_end if line_end >= 0 else window_end].strip()
    if re.search(r"[.!?][\"”’')]*$", line):
        return False
    words = re.findall(r"[A-Za-z][A-Za-z'’-]{3,}", line)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def accept_unless_title(match: re.Match[str], text: str) -> bool:
    return not is_title(match, text)


def accept_set_adverb(match: re.Match[str], text: str) -> bool:
    if is_title(match, text):
        return False
    # "a quarterly dividend", "daily newspapers": an adjective before a noun is no frequency of events
    following = re.match(r"\s+([a-z]+)", text[match.end():match.end() + 25])
    return following is None or following.group(1) in FUNCTION_WORDS


RATE_COUNT = re.compile(rf"(?:\d|\b(?:{lx.COUNT_WORDS})\b)[\d,.]*\s+(?:[a-z]+\s+)?(?:[a-z]+s|[mbtr]illion)\s+$",
                        re.IGNORECASE)


def accept_duration(match: re.Match[str], text: str) -> bool:
    num = (match.groupdict().get("num") or "").lower()
    # ages ("a 6-year-old", "52 years old") are not temporal expressions of the story
    if re.search(r"old$", match.group(0), re.IGNORECASE) or re.match(r"\s+old\b", text[match.end():match.end() + 5]):
        return False
    if num in ("a", "an") and _previous_word(text, match.start()) in ("once", "twice", "times", "per"):
        return False
    if num in ("a", "an") and (text[match.end("unit"):match.end("unit") + 1].lower() == "s" or
                               match.group(0).lower().endswith("-long")):
        return False  # "a years-long dispute", "a day-long meeting": the article is the noun's
    before = text[max(0, match.start() - 40):match.start()]
    # "$5 a year", "2 percent a year", "four flights a week", "$2 million a year" are rates, not durations
    if num in ("a", "an", "per") and (re.search(r"(\d|percent|%)\s*$", before) or RATE_COUNT.search(before)):
        return False
    unit_word = match.group("unit")
    # "60 Minutes" mid-sentence is a title; "a second term" an ordinal; "three-quarters of" a fraction
    if unit_word[0].isupper() and not match.group(0)[0].isupper():
        return False
    if unit_of(unit_word) == "second" and num in ("a", "an") and not re.match(
            r"\s*(?:[^\w\s]|$|(?:later|earlier|ago|after|before|or|and)\b)", text[match.end():match.end() + 10]):
        return False
    # "three quarters of the vote" is a fraction; "several quarters of losses" a time
    return not (unit_of(unit_word) == "quarter" and num not in lx.VAGUE_QUANTITIES and
                re.match(r"\s+of\b", text[match.end():match.end() + 4]))


# the words after which a bare plural unit is a duration of its own: "for months", "within weeks", "took years"
BARE_DURATION_AFTER = frozenset({"for", "over", "within", "in", "take", "takes", "took"})
# what a bare plural unit after these words is part of: "the first days after", "the early hours of"
NOT_A_BARE_DURATION_AFTER = frozenset({
    *lx.NUMBER_WORDS, *lx.VAGUE_QUANTITIES, "that", "this", "those", "these", "first", "last", "final", "early",
    "late", "past", "coming", "recent", "next", "all", "its", "his", "her", "their", "our", "my", "your", "other",
    "same", "following", "previous", "dark", "heady", "such", "between", "more", "over", "within", "in", "take",
    "takes", "took", "hundreds", "thousands", "dozens",
})


def accept_bare_duration_linked(match: re.Match[str], text: str) -> bool:
    before = _previous_word(text, match.start())
    counted = re.search(rf"[\d-]\s*$|(?:\d|\b(?:{lx.COUNT_WORDS}))\s+[a-z]+\s+$",
                        text[max(0, match.start() - 30):match.start()], re.IGNORECASE)
    return not (before in NOT_A_BARE_DURATION_AFTER or counted) and match.group("unit")[0].islower()


def accept_uncounted_stretch(match: re.Match[str], text: str) -> bool:
    """Next to the time told ("the previous weeks", but "the last days of the war" are its end), over it
    ("over the years"), or after an event ("the weeks that followed", "the months since")."""
    after = text[match.end():match.end() + 16]
    if match.group("mod"):
        return not re.match(r"\s+of\b", after)
    return bool(re.search(r"\bover\s+$", text[max(0, match.start() - 6):match.start()], re.IGNORECASE) or
                re.match(r"\s+(?:(?:that|which)\s+followed|since)\b", after))


def accept_the_year(match: re.Match[str], text: str) -> bool:
    """A bare 'the year' counts after a preposition of time ("for the year", "earlier in the year"), not as
    the head of a description ("the year of the dragon", "the year since the invasion", "person of the year")."""
    if match.group("mod") or _YEAR_CLOSED.match(text, match.end()):
        return True  # "the full year", "sold 11.3 million in the year to March 31"
    following = _next_word(text, match.end())
    if following in ("of", "when", "that", "in", "before", "after", "since", "ago", "which", "earlier", "later",
                     "to", "as", "is", "was", "has", "had", "will", "from", "and", "or"):
        return False
    if re.match(r"\s+\d", text[match.end():match.end() + 3]):
        return False
    if re.match(r"\s+(?:so\s+far|to\s+date)\b", text[match.end():match.end() + 12]):
        return True  # "the best-selling phone of the year so far"
    if _PART_OF_A_PERIOD.search(text, max(0, match.start() - 30), match.start()):
        return True  # "the first nine months of the year", "the second half of the year"
    return _previous_word(text, match.start()) in ("for", "during", "through", "throughout", "in", "into")


_PART_OF_A_PERIOD = re.compile(r"\b(?:months|weeks|days|half|quarter|part|start|beginning|middle)\s+of\s+$",
                               re.IGNORECASE)
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


def accept_holiday(match: re.Match[str], text: str) -> bool:
    # "Easter Island", "Christmas Carol": a holiday name followed by a capitalised word is a name
    if re.match(r"\s+[A-Z][a-z]", text[match.end():match.end() + 3]) and not match.group("year"):
        return False
    # "Ukraine's Independence Day" is not July 4: another country's national day is not in the lexicon
    owner = re.search(r"\b([A-Z][\w.]*)['’]s\s+$", text[max(0, match.start() - 30):match.start()])
    return not (match.group("holiday").lower().startswith("independence") and owner is not None and
                owner.group(1) not in ("America", "U.S.", "US"))


def accept_vague(match: re.Match[str], text: str) -> bool:
    phrase = match.group(0).lower()
    before = text[max(0, match.start() - 12):match.start()].lower()
    after = text[match.end():match.end() + 12].lower()
    if phrase in ("the past", "the future") and re.match(rf"\s+(?:{lx.COUNT_WORDS}|few|several|\d|"
                                                         r"(?:hour|day|week|month|year|decade)s\b)", after):
        return False  # "the past three summers": a count of periods follows
    if phrase in ("current", "recent"):
        # adjectives count only before a noun, not in "the current" (a noun phrase head) nor before a count
        return bool(re.match(r"\s+[a-z]", after)) and not re.match(rf"\s+(?:{lx.COUNT_WORDS})\b", after)
    if phrase.endswith("future"):
        # "the future president": an adjective before a noun
        following = re.match(r"\s+([a-z]+)", after)
        return following is None or following.group(1) in FUNCTION_WORDS
    if phrase == "soon":
        # "as soon as", "soon after the vote": a relation to another event, not a time
        return not (before.endswith("as ") or re.match(r"\s*(as|after|afterwards?|thereafter)\b", after))
    if phrase == "now":
        # "Now, ..." opens a sentence as a discourse marker ("now that ..." still speaks of the present)
        return not (re.search(r"(^|[.!?\"“]\s*)$", before) and re.match(r"\s*,", after))
    return True


# -- the rules -----------------------------------------------------------------------------------------

def _vague_pattern() -> str:
    return rf"\b{phrase_alternation(lx.VAGUE_REFERENCES)}\b"


HOLIDAYS = (r"(?P<holiday>(?-i:New Year's Day|New Year's Eve|New Year’s Day|New Year’s Eve|Christmas Day|"
            r"Christmas Eve|Christmas|Boxing Day|Independence Day|Halloween|Valentine's Day|Veterans Day|"
            r"Bastille Day|May Day|Thanksgiving Day|Thanksgiving|Black Friday|Cyber Monday|Easter Sunday|"
            r"Easter Monday|Easter|Good Friday|Palm Sunday|Ash Wednesday|Maundy Thursday|Holy Thursday|"
            r"Shrove Tuesday|Pentecost|Memorial Day|Labor Day|Election Day|Lunar New Year|Chinese New Year|"
            r"Spring Festival|Mid-Autumn Festival|Dragon Boat Festival|Eid al-Fitr|Eid al-Adha|Diwali|"
            r"Rosh Hashanah|Yom Kippur|Passover))")

_COUNT_START = starting_with(COUNT_FIRST_WORDS)
_DURATION_START = starting_with(COUNT_FIRST_WORDS | {"the", "past", "last", "next", "coming", "first"})
_RELATIVE_START = starting_with({"earlier", "later", "early", "late", "mid", "the", "so", "last", "this", "next",
                                 "past", "coming", "previous", "current"})
_AGO_START = starting_with(COUNT_FIRST_WORDS | set(lx.UNITS) | {unit + "s" for unit in lx.UNITS} | {"centuries"})

RULES: list[Rule] = [
    # "the July-September period", "April-June 2025": a span of months (a quarter or half when it is one)
    Rule("month_range", _rx(rf"\b(?:the\s+)?(?P<m1>{MONTH})\s*[-–]\s*(?P<m2>{MONTH})(?:\s+{YEAR})?"
                            r"(?:\s+(?:period|quarter|months))?\b"), resolve_month_range),
    Rule("day_range", _rx(rf"\b(?P<month>{MONTH})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|through)\s*"
                          rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{YEAR}\b)?"), resolve_day_range),
    Rule("day_first_range", _rx(rf"(?<![\d.,])\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to)\s*(?P<d2>[0-3]?\d)"
                                rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH})\b(?:,?\s+{YEAR}\b)?"),
         resolve_day_range),
    Rule("weekday_month_day", _rx(rf"\b{WEEKDAY},?\s+(?P<month>{MONTH})\s+{DAY}\b(?:,?\s+{YEAR}\b)?"),
         resolve_weekday_date),
    Rule("weekday_day_month", _rx(rf"\b{WEEKDAY},?\s+(?:the\s+)?{DAY}\s+(?:of\s+)?(?P<month>{MONTH})\b"
                                  rf"(?:,?\s+{YEAR}\b)?"),
         resolve_weekday_date),
    Rule("month_day_year", _rx(rf"\b(?P<month>{MONTH})\s+{DAY},?\s+{YEAR}\b"), resolve_absolute_parts),
    Rule("day_month_year", _rx(rf"\b{DAY}\s+(?:of\s+)?(?P<month>{MONTH})\b,?\s+{YEAR}\b"), resolve_absolute_parts),
    Rule("iso_date", _rx(r"\b(?P<year>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
                         r"(?:T(?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b(?!-)"),
         resolve_iso_date),
    Rule("dotted_date", _rx(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b(?![.]\d)"),
         resolve_dotted_date),
    Rule("numeric_date", _rx(r"(?<![\d/])(?:[01]?\d)/(?:[0-3]?\d)/(?:(?:19|20)\d\d)\b(?!/)"), resolve_absolute),
    Rule("part_of_month", _rx(rf"\bthe\s+(?P<ord>first|second|third|fourth|last|final)\s+(?P<unit>week|half)\s+of\s+"
                              rf"(?P<month>{MONTH})(?:,?\s+{YEAR}\b)?"), resolve_part_of_month),
    Rule("month_quarter", _rx(rf"\bthe\s+(?P<month>{MONTH})\s+quarter\b"), resolve_month_quarter),
    Rule("week_of", _rx(rf"\bthe\s+week\s+of\s+(?P<month>{MONTH})\s+{DAY}\b"), resolve_week_of),
    Rule("month_relative_year", _rx(rf"\b(?:(?P<dayfirst>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{MONTH})"
                                    rf"(?:\s+(?P<daylast>[0-3]?\d)(?:st|nd|rd|th)?,?)?\s+(?:of\s+)?"
                                    r"(?P<yrel>this|last|next)\s+year\b"),
         resolve_month_relative_year),
    # "the week ended Feb. 24", "in the week to Nov. 7": the week that holds the day named
    Rule("week_ending", _rx(rf"\bthe\s+week\s+(?:ended|ending|to|through)\s+(?:(?:on\s+)?(?:[A-Za-z]+day,?\s+)?)"
                            rf"(?P<month>{MONTH})\s+{DAY}\b"), resolve_week_ending),
    Rule("month_day", _rx(rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<month>{MONTH})\s+{DAY}\b"
                          r"(?!\s*(?:%|percent|[,.]\d|\d|:\d|-year|million|billion))"), resolve_month_day),
    Rule("day_month", _rx(rf"\b(?:the\s+)?{DAY}\s+(?:of\s+)?(?P<month>{MONTH})\b"), resolve_month_day),
    # "March the 10th" (spoken and British)
    Rule("month_the_day", _rx(rf"\b(?P<month>{MONTH})\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"), resolve_month_day),
    Rule("month_year", _rx(rf"\b(?:(?:early|late|mid|the end of|the beginning of|the start of|the middle of)"
                           rf"[\s-]*)?(?P<month>{MONTH})\s+(?:of\s+)?{YEAR}\b"), resolve_month_year),
    Rule("month", _rx(rf"\b(?:(?P<rel>last|this|next|early|late|mid|(?:the\s+)?end(?:\s+of)?|the beginning of|"
                      rf"(?:the\s+)?start\s+of|the middle of|this past|this coming)[\s-]+)?"
                      rf"(?P<month>{MONTH})(?!\w|['’](?!s\b))"),
         resolve_month, accept_bare_month),
    Rule("decade", _rx(r"\b(?:the\s+)?(?:(?:early|late|mid)[- ])?(?:(?P<decade>(?:1[5-9]|20)\d0)'?s\b|"
                       r"'(?P<short>\d0)s\b)|\bthe\s+(?:(?:early|late|mid)[- ])?(?P<word>twenties|thirties|forties|"
                       r"fifties|sixties|seventies|eighties|nineties)\b"), resolve_decade),
    Rule("century", _rx(r"\b(?:the\s+)?(?:(?:early|late|mid)[- ])?(?P<ord>\d{1,2})(?:st|nd|rd|th)[- ]century\b"),
         resolve_century),
    Rule("quarter", _rx(rf"\b(?:the\s+|(?P<yrel_>last|this|next)\s+year['’]s\s+)?{ORDINAL}[- ](?:fiscal[- ])?"
                        rf"quarters?\b(?:(?:\s+of\s+(?:fiscal\s+)?|,?\s+){YEAR}\b|"
                        rf"\s+of\s+(?P<yrel>last|this|next)\s+year\b)?"), resolve_quarter),
    Rule("quarter_code", _rx(r"\b(?-i:Q)(?P<q>[1-4])(?:\s+(?P<year>(?:19|20)\d\d))?\b"), resolve_quarter),
    Rule("half_code", _rx(r"\b(?-i:H)(?P<h>[12])\s+(?P<year>(?:19|20)\d\d)\b"),
         lambda m, c: Resolution(f"{m.group('year')}-H{m.group('h')}", TimexType.DATE, "absolute", 0.95)),
    Rule("year_quarter", _rx(rf"\b(?:the\s+)?(?:(?P<year>(?:19|20)\d\d)|(?P<ago>year-ago|year-earlier))"
                             rf"\s+(?:{ORDINAL}[- ])?(?:fiscal\s+)?(?:quarter|period)\b"), resolve_year_quarter),
    Rule("relative_quarter", _rx(rf"\b(?:the\s+)?(?P<rel>current|latest|previous|last|past|prior|year-ago|"
                                 rf"year-earlier|year earlier|same|corresponding|comparable|recent|next|coming|"
                                 rf"preceding|following|this)\s+(?:fiscal\s+)?(?:quarter|period)\b(?:{YEAR_BACK})?|"
                                 rf"\bthe\s+(?:quarter|period)(?:{YEAR_BACK})|\bthe\s+quarter\b|"
                                 rf"\blast\s+year['’]s\s+(?:quarter|period)\b"),
         resolve_relative_quarter),
    Rule("half", _rx(r"\b(?:the\s+)?(?P<ord>first|second|last|latter)\s+(?:half|two\s+quarters"
                     r"(?=\s+of\s+(?:this|last|next|19|20)))\b(?!\s+of\s+the\b(?!\s+(?:fiscal\s+)?year\b))"
                     r"(?:\s+of\s+(?:(?P<yrel>this|last|next)\s+year|(?P<year>(?:19|20)\d\d)\b))?"), resolve_half),
    Rule("season", _rx(rf"\b(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<rel>this past|the coming|this|last|next|"
                       rf"the\s+(?:following|next|previous|preceding)|the)\s+)?(?P<season>spring|summer|fall|autumn|winter)\b"
                       rf"(?:\s+(?:of\s+)?{YEAR}\b|\s+of\s+(?P<syrel>this|last|next)\s+year\b)?"
                       rf"(?:\s+(?:months|season)\b)?"), resolve_season, accept_season),
    Rule("fiscal_year", _rx(rf"\b(?:fiscal(?:\s+year)?\s+|the\s+year\s+|FY\s?){YEAR}\b|"
                            r"\b(?-i:FY)\s?(?P<yy>\d\d)\b"), resolve_fiscal_year),
    Rule("year_range", _rx(rf"\b{YEAR}\s*[-–/]\s*(?P<y2>(?:19|20)\d\d|\d\d)\b(?![-/.,]\d)"), resolve_year_range,
         lambda m, t: not re.search(r"[$£€#]\s?$", t[max(0, m.start() - 2):m.start()])),
    Rule("year_boundary", _rx(rf"\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+{YEAR}\b"), resolve_year,
         lambda m, t: not re.match(r"\s?(%|[,.]\d|:\d|-\d|\d)", t[m.end():m.end() + 3])),
    Rule("year", _rx(rf"\b(?:(?:early|late|mid)[- ])?{YEAR}\b"), resolve_year, accept_year),
    # "early Tuesday", "late yesterday": the modifier belongs to the span (TimeML), the value stays the day
    Rule("weekday", _rx(rf"\b(?:(?:early|late)\s+)?(?:(?P<rel>last|this past|this coming|this|next|past|coming|"
                        rf"previous|the\s+(?:previous|preceding|following))\s+)?{WEEKDAY}"
                        rf"(?:'s|’s)?(?:\s+{PART})?\b"), resolve_weekday,
         accept_weekday),
    Rule("relative_day", _rx(rf"\b(?:(?:early|late)\s+(?=yesterday|today|tomorrow))?(?P<word>the day before "
                             rf"yesterday|the day after tomorrow|yesterday|today|tomorrow|tonight)"
                             rf"(?:'s|’s)?(?:\s+{PART})?\b"), resolve_relative_day,
         accept_unless_title),
    Rule("part_of_day", _rx(rf"\b(?P<rel>last|this)\s+{PART}\b"), resolve_part_of_day),
    # "by mid-afternoon", "in the early afternoon", "late morning yesterday": a part of the day told
    Rule("modified_part_of_day", _rx(r"(?:(?<=\bin\s)|(?<=\bby\s)|(?<=\bat\s)|(?<=\buntil\s)|(?<=\bsince\s)|"
                                     r"(?<=\bfrom\s))(?:the\s+)?(?:early|late|mid)[\s-]?(?P<unit>morning|afternoon|evening)"
                                     r"(?:\s+(?P<word>yesterday|today|tomorrow))?\b"), resolve_modified_part_of_day),
    Rule("relative_unit", _rx(rf"\b{_RELATIVE_START}(?:(?P<mod>earlier|later|early|late|mid|the end of|"
                              r"the beginning of|the start of|the middle of|the rest of|the remainder of|so far)"
                              r"[\s-]+)?"
                              r"(?P<rel>last|this past|this coming|this|next|past|coming|previous|current|the current|"
                              r"the past|the coming|the next)\s+(?P<unit>week|weekend|month|year|decade|century)\b"
                              rf"(?!\s+of\s+(?:{MONTH}|the\s+(?:month|year)\b))"),
         resolve_relative_unit, accept_unless_title),
    Rule("weekend", _rx(r"\bthe\s+weekend\b"), resolve_weekend),
    Rule("ago", _rx(rf"\b{_AGO_START}{APPROX}(?:{NUMBER}[\s-]+)?{UNIT}\s+ago\b"), resolve_ago),
    # "a year ago this week", "a month ago today": the period of publication, that far back
    Rule("ago_this_period", _rx(r"\b(?P<num>a|one|two|three|four|five|ten)\s+(?P<unit>year|month)s?\s+ago\s+"
                                r"(?P<period>this\s+week|this\s+month|today)\b"), resolve_ago_this_period),
    # "a week ago Sunday" (US): the Sunday a week before the latest one
    Rule("weeks_ago_weekday", _rx(rf"\b(?P<num>a|one|two|three)\s+weeks?\s+ago\s+{WEEKDAY}\b"),
         resolve_weeks_ago_weekday),
    # "two days before the vote" counts from the vote, not from a date: only the duration is temporal there
    # ("a week later than last year" compares, it does not count)
    Rule("offset", _rx(rf"\b{_COUNT_START}{APPROX}{NUMBER}[\s-]+{UNIT}\s+(?:(?P<dir>earlier|later|afterwards?|"
                       r"from now|from today|hence|previously)\b(?!\s+than\b)|"
                       r"(?P<dir_>before|after|prior)\b(?!\s+(?:to\b|[\w$])))"),
         resolve_offset),
    # "hours later", "weeks earlier": a span of unsaid length from what was just told, as "a few days later"
    Rule("vague_offset", _rx(r"\b(?P<unit>minutes|hours|days|weeks|months|years|decades)\s+"
                             r"(?:later|earlier|afterwards?)\b(?!\s+than\b)"),
         lambda m, c: Resolution(duration_value(None, unit_of(m.group("unit"))), TimexType.DURATION, anchor="none",
                                 confidence=0.5)),
    Rule("overnight", _rx(r"\bovernight\b"), resolve_overnight, accept_overnight),
    Rule("year_ago_adjective", _rx(r"\b(?:the\s+)?year[- ](?:earlier|ago)(?:\s+(?:quarter|period|month|levels?))?\b"),
         resolve_year_ago_adjective),
    Rule("reference_step", _rx(r"\b(?:the\s+)?(?P<rel>previous|following|preceding|same|prior)\s+"
                               r"(?P<unit>day|week|month|year|morning|evening|night)\b"), resolve_reference_step),
    Rule("that_period", _rx(r"\b(?:(?:earlier|later)\s+)?that\s+(?:same\s+)?(?P<unit>day|week|month|year|morning|"
                            r"afternoon|evening|night)\b"), resolve_that_period),
    Rule("reference_step_after", _rx(r"\bthe\s+(?P<unit>day|week)\s+(?P<dir>before|after|earlier)\b(?!\s+\w+ing)"),
         resolve_reference_step),
    # "tripled the year before", "up from $4 million the month before": a step back from the period just
    # told, when nothing follows to count from ("the year before the war" is counted from the war)
    Rule("reference_step_period", _rx(r"\bthe\s+(?P<unit>month|year)\s+(?P<dir>before|earlier)\b"
                                      r"(?=\s*(?:$|[.,;:)!?\"”]|\s(?:and|but|or|when)\b))"),
         resolve_reference_step),
    # "for the rest of the week", "the remainder of the year": the period it ends, told or current
    Rule("rest_of_period", _rx(r"\bthe\s+(?:rest|remainder|balance)\s+of\s+(?:the|this)\s+"
                               r"(?P<unit>day|week|month|year)\b"), resolve_rest_of_period),
    Rule("step_from_weekday", _rx(rf"\bthe\s+(?P<unit>day|week)\s+(?P<dir>before|after)\s+"
                                  rf"(?:(?P<rel>last|next|this)\s+)?{WEEKDAY}\b"), resolve_step_from_weekday),
    Rule("indefinite_day", _rx(r"\b(?:one\s+day|some\s?day)\b"), resolve_indefinite_day, accept_indefinite_day),
    # "until then", "by then" name the date just told; "since then" is a connective ("since that happened")
    Rule("then", _rx(r"\bthen\b(?:(?<=\buntil\sthen)|(?<=\bby\sthen)|(?<=\btill\sthen))"), resolve_then),
    Rule("after_next", _rx(r"\bthe\s+(?P<unit>week|weekend|month|year)\s+(?P<dir>after\s+next|before\s+last)\b"),
         resolve_after_next),
    # "a week on Friday", "Friday week" (British): the Friday after the coming one
    Rule("weekday_week", _rx(rf"\ba\s+week\s+on\s+{WEEKDAY}\b|"
                             rf"\b{WEEKDAY.replace('(?P<weekday>', '(?P<weekday2>')}\s+week\b"
                             r"(?!\s*(?:'s|’s|of|ago|later|earlier|after|before)\b)"), resolve_weekday_week),
    Rule("ordinal_day", _rx(r"(?:(?<=\bon\s)|(?<=\bsince\s)|(?<=\buntil\s)|(?<=\bby\s))the\s+"
                            r"(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?=\s*(?:$|[.,;:)!?]|\s+(?:and|or|at|when)\b))"),
         resolve_ordinal_day),
    Rule("next_day", _rx(r"\bthe\s+next\s+(?P<unit>day|morning|evening|night)\b"),
         lambda m, c: _next_day(m, c)),
    Rule("period_boundary", _rx(r"\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?P<rel>the|this|last|next)\s+"
                                r"(?P<unit>week|month|year|decade)\b"), resolve_period_boundary),
    # "later in the day", "in the afternoon" (but "in the week to Friday" is no day of its own)
    Rule("in_the_period", _rx(r"(?<=\bin )the\s+(?P<unit>day|week|month|year|morning|afternoon|evening)\b"),
         resolve_in_the_period, lambda m, t: m.group("unit").lower() in lx.PARTS_OF_DAY or
         bool(re.search(r"\b(?:later|earlier)\s+in\s+$", t[max(0, m.start() - 12):m.start()], re.IGNORECASE))),
    Rule("the_year", _rx(r"\bthe\s+(?P<mod>(?:(?:full|current|latest)\s+)?fiscal\s+|full\s+|current\s+)?year\b"
                         r"(?![-'’])"), resolve_the_year, accept_the_year),
    # "this time last year": the same day a year back (or ahead)
    Rule("this_time_year", _rx(r"\b(?:at\s+)?this\s+time\s+(?P<rel>last|next)\s+year\b"),
         lambda m, c: _day_resolution(add_years(c.published, YEAR_SHIFT[m.group("rel").lower()]), m, 0.7)),
    # "early in the new year": the year about to begin (the one just begun in its first months)
    Rule("new_year", _rx(r"\bthe\s+(?-i:new)\s+year\b"),
         lambda m, c: Resolution(str(c.published.year + (c.published.month >= 10)), TimexType.DATE, confidence=0.7)),
    # "full-year results", "full-year guidance": the year reported on
    Rule("full_year", _rx(r"\bfull[- ]year\b(?=\s+[a-z])"), resolve_full_year),
    Rule("year_end", _rx(r"\byear(?:-|\s+|['’]s\s+)end\b"),
         lambda m, c: Resolution(str(c.published.year), TimexType.DATE, confidence=0.8)),
    # "the 30-day period": a hyphenated count is an adjective and its article belongs to the noun
    Rule("duration", _rx(rf"\b{_DURATION_START}{APPROX}(?:the\s+(?![\w.]+-(?:second|minute|hour|day|week|month|year)\b)"
                         rf"(?:(?:past|last|next|coming|first|final|previous|following|preceding|latest|initial)\s+)?)?"
                         rf"(?:(?:past|last|next|coming|first)\s+)?{NUMBER}[\s-]+"
                         rf"(?:more\s+|full\s+|straight\s+|consecutive\s+|additional\s+|extra\s+)?{UNIT}(?P<half>\s+and\s+a\s+half)?"
                         rf"(?:[- ](?:long|old))?\b"),
         resolve_duration, accept_duration),
    # "five hours and 29 minutes", "two years and three months": one duration of both parts
    Rule("compound_duration", _rx(rf"\b{_COUNT_START}{APPROX}(?:{NUMBER.replace('(?P<num>', '(?P<n0>')}[\s-]+"
                                  rf"(?P<u0>year|month|week|day|hour|minute)s?,\s+)?"
                                  rf"{NUMBER.replace('(?P<num>', '(?P<n1>')}[\s-]+"
                                  rf"(?P<u1>year|month|week|day|hour|minute)s?,?\s+and\s+"
                                  rf"{NUMBER.replace('(?P<num>', '(?P<n2>')}[\s-]+"
                                  rf"(?P<u2>month|week|day|hour|minute|second)s?\b"),
         resolve_compound_duration),
    # "a decade-long war", "a years-long dispute": how long, as an adjective (plural: of unsaid length)
    Rule("unit_long", _rx(r"\b(?P<unit>(?:hour|day|week|month|year|decade)s?)-long\b"),
         lambda m, c: Resolution(duration_value(None if m.group("unit").lower().endswith("s") else 1,
                                                unit_of(m.group("unit"))), TimexType.DURATION, anchor="none",
                                 confidence=0.7)),
    Rule("bare_duration", _rx(r"\b(?P<unit>minutes|hours|days|weeks|months|years|decades)\b"), resolve_duration,
         lambda m, t: _previous_word(t, m.start()) in BARE_DURATION_AFTER and t[m.start() - 1:m.start()].isspace()),
    # "in the fortnight to Feb. 8", "the past fortnight": two weeks
    Rule("the_fortnight", _rx(r"\bthe\s+(?:(?:past|last|previous|next|coming|following)\s+)?fortnight\b"),
         lambda m, c: Resolution("P2W", TimexType.DURATION, anchor="none", confidence=0.8)),
    # "the previous weeks", "over the years", "in the weeks that followed": a stretch of unsaid length
    Rule("uncounted_stretch", _rx(r"\bthe\s+(?P<mod>(?:previous|preceding|past|last|following|next)\s+)?"
                                  r"(?P<unit>hours|days|weeks|months|years|decades)\b"),
         resolve_duration, accept_uncounted_stretch),
    # "months of talks", "days before it expired", "weeks ahead of the vote": how long, count unsaid
    Rule("bare_duration_linked", _rx(r"\b(?P<unit>hours|days|weeks|months|years|decades)"
                                     r"(?=\s+(?:before|after|ahead\s+of|of\s+(?!the\b|a\b|an\b|his\b|her\b|its\b|"
                                     r"their\b|our\b|this\b|that\b|\d)))"),
         resolve_duration, accept_bare_duration_linked),
    Rule("set_adverb", _rx(r"\b(?P<adverb>hourly|daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly)\b"),
         resolve_set, accept_set_adverb),
    Rule("set_every", _rx(rf"\b(?:every|each)\s+(?:(?:(?P<num>other|two|three|four|five|six|seven|eight|nine|ten|"
                          rf"twelve|\d+)\s+)?(?P<unit>day|week|month|year|quarter|morning|evening|night|afternoon)s?|"
                          rf"{WEEKDAY}|(?P<season>spring|summer|autumn|fall|winter)|(?P<month>{MONTH})(?:\s+(?P<day>[0-3]?\d)"
                          rf"(?:st|nd|rd|th)?)?)\b"),
         resolve_set),
    Rule("set_frequency", _rx(r"\b(?:once|twice|three times|four times|\d+ times)\s+(?:a|an|per|each|every)\s+"
                              r"(?P<unit>day|week|month|year|hour)\b"), resolve_set),
    Rule("vague", _rx(_vague_pattern()), resolve_vague, accept_vague),
    Rule("holiday", _rx(rf"\b{HOLIDAYS}\b(?:,?\s+{YEAR}\b)?"), resolve_holiday, accept_holiday),
    Rule("spoken_year", _rx(rf"\b(?:the\s+year\s+|(?P<month>{MONTH})\s+(?:of\s+)?|"
                            rf"the\s+(?P<season>spring|summer|fall|autumn|winter)\s+of\s+)?(?P<spoken>(?:eighteen|nineteen|twenty)[\s-]+(?:{TENS}"
                            r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
                            r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and)?"
                            r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b"),
         resolve_spoken_year, lambda m, t: m.group(0).lower().startswith("the year") or bool(m.group("month")) or
         not m.group("spoken").lower().startswith("two thousand")),
    # "at 7:30 tonight", "at 8 this evening": an evening time of the publication day
    Rule("clock_tonight", _rx(r"(?:(?<=\bat\s)|(?<=\buntil\s)|(?<=\bby\s)|(?<=\bfrom\s))(?P<hour>1[0-2]|0?[1-9])"
                              r"(?::(?P<minute>[0-5]\d))?\s+(?:tonight|this\s+evening)\b"),
         lambda m, c: Resolution(f"{day_value(c.published)}T{int(m.group('hour')) % 12 + 12:02d}:"
                                 f"{m.group('minute') or '00'}", TimexType.TIME, confidence=0.85,
                                 interval=(c.published, c.published, Granularity.DAY))),
    Rule("clock_weekday", _rx(rf"{CLOCK_APPROX}{CLOCK}\s+(?:on\s+)?{WEEKDAY}\b"), resolve_clock_weekday),
    # "8:30 a.m. today", "at noon tomorrow": a time on the day named just after it
    Rule("clock_relative_day", _rx(rf"{CLOCK_APPROX}{CLOCK}\s+(?P<word>today|tomorrow|yesterday)\b"),
         lambda m, c: _clock_on(resolve_relative_day(m, c), m)),
    Rule("clock_month_day", _rx(rf"{CLOCK_APPROX}{CLOCK},?\s+(?:on\s+)?(?P<month>{MONTH})\s+{DAY}\b"),
         resolve_clock_month_day),
    Rule("clock_time", _rx(rf"{CLOCK_APPROX}(?:\b(?P<h24>[01]?\d|2[0-3]):?(?P<m24>[0-5]\d)\s*{ZONE}\b|"
                           r"\b(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
                           rf"(?:\s+(?:{ZONE}|local\s+time))?|"
                           r"(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bafter\s)|(?<=\bbefore\s))"
                           r"(?:(?P<clockword>noon|midday|midnight)\b|(?P<hourw>[01]?\d)(?::(?P<minutew>[0-5]\d))?"
                           r"\s+in\s+the\s+(?P<dayhalf>morning|afternoon|evening)\b))"),
         resolve_clock_time),
]


_MONTH_WORD = rf"\b{MONTH}"
_UNIT_WORD = r"\b(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centur)"
_WEEKDAY_WORD = r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_CLOCK_WORD = rf"\d\s*(?:[ap]\.?m\b|{ZONE})|\b(?:noon|midday|midnight)\b|\d\s+in\s+the\s+(?:morning|afternoon|evening)"
# Rules whose patterns begin with long optional alternations are slow to try at every position; most
# windows lack the one word they need, and a cheap search for it skips them.
RULE_GATES: dict[str, str] = {
    **dict.fromkeys(("day_range", "day_first_range", "weekday_month_day", "month_day_year", "day_month_year",
                     "week_of", "part_of_month", "weekday_day_month", "month_quarter",
                     "month_relative_year", "month_day", "day_month", "month_year", "month", "week_ending",
                     "month_range"),
                    _MONTH_WORD),
    **dict.fromkeys(("weekday", "step_from_weekday", "weekday_week"), _WEEKDAY_WORD),
    **dict.fromkeys(("clock_weekday", "clock_month_day", "clock_time", "clock_relative_day"), _CLOCK_WORD),
    **dict.fromkeys(("relative_quarter", "year_quarter"), r"\b(?:quarter|period)\b"),
    **dict.fromkeys(("ago", "ago_this_period"), r"\bago\b"),
    "ordinal_day": r"\d(?:st|nd|rd|th)\b",
    "unit_long": r"s?-long\b",
    "compound_duration": r"\band\b",
    **dict.fromkeys(("duration", "this_time_year", "new_year", "full_year", "rest_of_period", "reference_step_period"),
                    _UNIT_WORD),
    "quarter": r"\bquarter",
    "decade": r"\d0'?s\b|ties\b",
    "century": r"\bcentury\b",
    "relative_day": r"\b(?:yesterday|today|tomorrow|tonight)",
    "dotted_date": r"\d\.[01]?\d\.",
    "vague_offset": r"\b(?:later|earlier|afterwards?)\b",
    "after_next": r"\b(?:after\s+next|before\s+last)\b",
    "year_boundary": r"\bof\s+(?:1[6-9]|20)\d\d\b",
    "offset": r"\b(?:earlier|later|before|after|afterwards?|from now|from today|hence|previously|prior)\b",
    "season": r"\b(?:spring|summer|fall|autumn|winter)\b",
    **dict.fromkeys(("bare_duration", "bare_duration_linked", "uncounted_stretch"),
                    r"\b(?:minutes|hours|days|weeks|months|years|decades)\b"),
    "relative_unit": r"\b(?:week|weekend|month|year|decade|century)\b",
    "modified_part_of_day": r"\b(?:morning|afternoon|evening)\b",
    "clock_tonight": r"\b(?:tonight|this\s+evening)\b",
    "spoken_year": r"\b(?:eighteen|nineteen|twenty|two\s+thousand)\b",
}
RULES = [replace(rule, requires=_rx(RULE_GATES[rule.name])) if rule.name in RULE_GATES else rule for rule in RULES]

def _next_day(match: re.Match[str], ctx: Context) -> Resolution | None:
    unit = match.group("unit").lower()
    reference = ctx.nearby_reference(2000)
    if not _precise_enough(reference, "day"):
        return None
    resolution = _shifted_reference(reference, ctx, "day", 1)
    if resolution and unit != "day":
        suffix = f"T{lx.PARTS_OF_DAY[unit]}"
        return Resolution(resolution.value + suffix, TimexType.TIME, resolution.anchor, resolution.confidence,
                          anchor_mention=resolution.anchor_mention)
    return resolution
