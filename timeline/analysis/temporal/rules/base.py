"""The machinery every rule shares: the context a resolver reads, its result, and the rule itself."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from timeline.analysis.temporal.tense import Tense, is_whole_phrase, tense_around
from timeline.models import Granularity, TemporalMention, TimexType


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
    # the source writes numeric dates day first ("3/4" is 3 April): British, European, Indian copy
    day_first: bool = False
    _tense: Tense | None = field(default=None, repr=False)

    @property
    def tense(self) -> Tense:
        if self._tense is None:
            self._tense = tense_around(self.text, self.match_start, self.match_end)
        return self._tense

    @property
    def whole_phrase(self) -> bool:
        return is_whole_phrase(self.text, self.match_start, self.match_end)

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
    interval: tuple[date | None, date | None, Granularity] | None = None  # a side None: open
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
    # keywords (lexicon.KEYWORDS, or the engine's markers for figures and whole phrases) one of which every
    # match of the rule contains: a window holding none is skipped, a set look-up instead of a search
    words: frozenset[str] | None = None
    # what the passes after matching need to know of its mentions (see TAGS in the registry)
    tags: frozenset[str] = frozenset()


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


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Composition:
    """What a production sees: the mention it builds on, the words before or after it that make the new
    expression, the mention those words lead to (a range's end), and the span of the whole."""

    text: str
    published: date
    mention: TemporalMention
    start: int
    end: int
    before: re.Match[str] | None = None
    after: re.Match[str] | None = None
    second: TemporalMention | None = None

    @property
    def tense(self) -> Tense:
        return tense_around(self.text, self.start, self.end)


@dataclass(frozen=True)
class Production:
    """A rule over resolved mentions, as Duckling composes its rules: words before or after a mention of some
    kind make a new expression of it ("the first Tuesday of [October]", "[Friday] after next", "from [July 13]
    to [July 15]"). `builds_on`: the kinds of mention it takes (a granularity, or a tag of the rule that found
    it); `before` must end where the mention starts, `after` start where it ends; `joins`: the words after lead
    to a second mention of the same kinds, which ends the expression (as TimeML segments it, both stay
    mentions of their own, the first with the interval of the whole); `timeml`: TimeML writes the expression
    as one (not: "two days before Christmas" is a duration and a date to TimeML)."""

    name: str
    builds_on: frozenset[str]
    build: Callable[[Composition], Resolution | None]
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    joins: bool = False
    tags: frozenset[str] = frozenset()
    timeml: bool = True
