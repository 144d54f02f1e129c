"""Pattern pieces and word helpers shared by the rules of several dimensions (built from lexicon.py)."""

from __future__ import annotations

import re

from timeline.analysis.temporal import lexicon as lx
from timeline.analysis.temporal.rules.base import phrase_alternation

MONTH = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|"
         r"Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?|"
         # in lower case, the names no other word shares; the rest ("may", "march", "dec") next to a figure
         r"january|february|april|june|july|august|september|october|november|december|"
         r"(?:(?<=\d\s)|(?<=\d(?:st|nd|rd|th)\s)|(?<=\sof\s)|(?<=\d-)|(?<=\d/))"
         r"(?:march|may|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?|"
         r"(?:march|may|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|Mar|MAR)\.?"
         # (a day figure not counting a noun: "march 3 at 2pm" yes, "march 3 miles" no)
         r"(?=\s*(?:[0-3]?\d(?:st|nd|rd|th)?\b(?!\s+(?!(?:at|on|in|and|or|to|until|through)\b)[a-z]{2,})|"
         r"(?:1[6-9]|20)\d\d\b)))")


DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
DAY_ORDINAL = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)"
ORDINAL_DAY_WORDS = phrase_alternation(word for word, n in lx.ORDINAL_WORDS.items() if n > 0)

YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"

WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# before a date a weekday may be abbreviated, written as a name is ("Fri 17th", "Wed., July 16", "SAT 19 JULY";
# "the cat sat 17th in line" is a verb)
WEEKDAY_BEFORE_DATE = (r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                       r"(?-i:(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun|MON|TUES?|WED|THU(?:RS?)?|FRI|SAT|SUN)\.?))")

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


UNIT = (r"(?P<unit>second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centur(?:y|ie)|"
        r"yr|wk|qtr)s?")


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
    word = lx.UNIT_ABBREVIATIONS.get(word.lower(), word.lower())
    if word.startswith("centur"):
        return "century"
    return word[:-1] if word.endswith("s") and word[:-1] in lx.UNITS else word


def month_of(word: str) -> int:
    return lx.MONTHS[word.lower().rstrip(".")]


def previous_word(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z$£€]+)[\s-]*$", text[max(0, start - 30):start])
    return match.group(1).lower() if match else ""


def next_word(text: str, end: int) -> str:
    match = re.match(r"\s*([A-Za-z%]+)", text[end:end + 30])
    return match.group(1).lower() if match else ""


# an auxiliary of the future in the words before: "talks will run from Monday", "will be on Sept. 17"
FUTURE_AUXILIARY = re.compile(r"\b(?:will|would|shall|'ll)\b", re.IGNORECASE)

MODALS = frozenset({"will", "would", "could", "might", "may", "can", "shall", "should", "must"})

FUNCTION_WORDS = frozenset({
    "to", "in", "on", "at", "for", "and", "or", "but", "the", "a", "an", "of", "by", "from", "with", "as", "than",
    "since", "until", "while", "when", "if", "that", "is", "are", "was", "were", "be", "will", "would",
})

COUNT_START = starting_with(COUNT_FIRST_WORDS)

DURATION_START = starting_with(COUNT_FIRST_WORDS | {"the", "past", "last", "next", "coming", "first"})

RELATIVE_START = starting_with({"earlier", "later", "early", "late", "mid", "the", "so", "last", "this", "next",
                                 "past", "coming", "upcoming", "previous", "current"})


AGO_START = starting_with(COUNT_FIRST_WORDS | lx.UNIT_WORDS)
