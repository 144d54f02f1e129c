"""Key dates of a story: its days ranked by salience, date-wise as news timeline summarisation does it
(news-tls, Gholipour Ghalandari and Ifrim 2020; Tran et al. 2015), without training data.

A day matters to a story when many of its articles name that day, when articles still name it after the fact
(a day recalled later is one that mattered), when articles date one of the story's events to it (the date
sits in the sentence that reports the event), and when reporting bursts on it or the day after. Each signal
counts articles, not sentences, so that one long article cannot make a day; the weights are data
(resources/stories.toml [salience]).

An entry's salience is the salience of its day; an entry that spans several days (a week, "late July") gets
the mean over its days, and one longer than a month none: it cannot be a key date. The key events of a story
are its most salient entries, as many as its length and span call for (`key_event_count`).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

from timeline.models import AnalysedArticle, DateSource, Granularity, TimelineEntry
from timeline.resources import load


@dataclass(frozen=True)
class SalienceWeights:
    """How much each signal of a day counts (resources/stories.toml [salience])."""

    mentioned: float
    recalled: float
    dated_events: float
    published: float
    longest_entry_days: int
    key_events_min: int
    key_events_per_day: int
    key_events_max: int
    key_events_per_fortnight: float


@functools.cache
def weights() -> SalienceWeights:
    return SalienceWeights(**load("stories.toml")["salience"])


@dataclass(frozen=True)
class ArticleDays:
    """What salience reads of one article: its story, its local publication day, the days its text names to
    the day, and the days its text dates an event to (every day of an event dated to a week)."""

    story_id: str
    publication_date: date
    mentioned: frozenset[date]
    event_days: frozenset[date]


# A day is named by a date mention of one day. An event dated by its own text to a day or a week names each of
# its days (less precisely, so an entry of that week, the mean over its days, scores lower than one of a day
# that is named as often); a month or a year says too little of a day. The store reads the same rule in SQL
# (timeline.store.remerge).
NAMING_GRANULARITY = Granularity.DAY
EVENT_GRANULARITIES = frozenset({Granularity.DAY, Granularity.WEEK})
EVENT_DATE_SOURCE = DateSource.TEXT


def article_days(item: AnalysedArticle, story_id: str) -> ArticleDays:
    return ArticleDays(
        story_id=story_id,
        publication_date=item.article.publication_date,
        mentioned=frozenset(m.date_start for m in item.mentions
                            if m.granularity is NAMING_GRANULARITY and m.date_start is not None
                            and m.date_start == m.date_end),
        event_days=frozenset(e.date_start + timedelta(days=offset) for e in item.events
                             if e.granularity in EVENT_GRANULARITIES and e.date_source is EVENT_DATE_SOURCE
                             for offset in range((e.date_end - e.date_start).days + 1)),
    )


def day_salience(articles: Iterable[ArticleDays]) -> dict[tuple[str, date], float]:
    """Each (story, day) that any signal reaches, with its salience."""
    mentioned: Counter[tuple[str, date]] = Counter()
    recalled: Counter[tuple[str, date]] = Counter()
    dated: Counter[tuple[str, date]] = Counter()
    published: Counter[tuple[str, date]] = Counter()
    for article in articles:
        story = article.story_id
        for day in article.mentioned:
            mentioned[story, day] += 1
            if day < article.publication_date:
                recalled[story, day] += 1
        dated.update((story, day) for day in article.event_days)
        # an event is reported the day it happens or the day after
        published.update([(story, article.publication_date),
                          (story, article.publication_date - timedelta(days=1))])
    rule = weights()
    days = set(mentioned) | set(dated) | set(published)
    return {key: rule.mentioned * mentioned[key] + rule.recalled * recalled[key]
            + rule.dated_events * dated[key] + rule.published * published[key] for key in days}


def entry_salience(story_id: str, start: date, end: date, days: Mapping[tuple[str, date], float]) -> float:
    """The salience of an entry's day in its story, or the mean over the days it spans (none beyond a month)."""
    length = (end - start).days + 1
    if length > weights().longest_entry_days:
        return 0.0
    total = sum(days.get((story_id, start + timedelta(days=offset)), 0.0) for offset in range(length))
    return round(total / length, 6)


def with_salience(entries: Iterable[TimelineEntry], articles: Iterable[ArticleDays]) -> list[TimelineEntry]:
    """The entries with their salience within their stories."""
    days = day_salience(articles)
    return [entry.model_copy(update={"salience": entry_salience(entry.story_id, entry.date_start, entry.date_end,
                                                                days)})
            for entry in entries]


def key_event_count(n_articles: int, span_days: int) -> int:
    """How many key events a story shows: more for a story with more articles and a longer span (a square root
    of its articles plus some per fortnight it covers), within bounds."""
    rule = weights()
    wanted = math.sqrt(max(n_articles, 0)) + rule.key_events_per_fortnight * max(span_days, 0) / 14
    return max(rule.key_events_min, min(rule.key_events_max, round(wanted)))


class Ranked(Protocol):
    """What ranking reads of an entry: a TimelineEntry, or a row of the page's table."""

    @property
    def entry_id(self) -> str: ...
    @property
    def story_id(self) -> str: ...
    @property
    def date_start(self) -> date: ...
    @property
    def date_end(self) -> date: ...
    @property
    def salience(self) -> float: ...
    @property
    def n_sources(self) -> int: ...
    @property
    def article_ids(self) -> Sequence[str]: ...


RankedT = TypeVar("RankedT", bound=Ranked)


def key_events(entries: Iterable[RankedT]) -> list[RankedT]:
    """The key events of each story: its most salient entries (the most widely reported first among equals), at
    most a few a day, as many as `key_event_count` asks for the articles reporting its events and the span of
    its dated entries; in date order."""
    by_story: dict[str, list[RankedT]] = {}
    for entry in entries:
        by_story.setdefault(entry.story_id, []).append(entry)
    chosen = [entry for story in by_story.values() for entry in _key_events_of_story(story)]
    return sorted(chosen, key=lambda e: (e.date_start, e.entry_id))


def _key_events_of_story(entries: list[RankedT]) -> list[RankedT]:
    dated = [e for e in entries if e.salience > 0] or entries
    span = (max(e.date_end for e in dated) - min(e.date_start for e in dated)).days
    n_articles = len({article_id for e in entries for article_id in e.article_ids})
    wanted, per_day = key_event_count(n_articles, span), weights().key_events_per_day
    chosen: list[RankedT] = []
    on_day: Counter[date] = Counter()
    # a big day holds many entries: a few of them, then the next days, as a journalist's timeline does
    for entry in sorted(entries, key=_salience_order):
        if len(chosen) == wanted:
            break
        if on_day[entry.date_start] < per_day:
            chosen.append(entry)
            on_day[entry.date_start] += 1
    return chosen


def _salience_order(entry: Ranked) -> tuple[float, int, int, date, str]:
    return -entry.salience, -entry.n_sources, -len(entry.article_ids), entry.date_start, entry.entry_id


def key_dates(entries: Iterable[Ranked]) -> list[date]:
    """A story's days in the order of their most salient entry: its key dates, best first."""
    seen: dict[date, None] = {}
    for entry in sorted(entries, key=_salience_order):
        if entry.salience > 0:
            seen.setdefault(entry.date_start)
    return list(seen)
