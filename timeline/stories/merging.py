"""Merging events reported by many articles into timeline entries.

Two events are the same real-world event when they have the same type, dates that agree (or lie within a
few days of each other, which is then flagged as a disagreement), and enough shared actors and keywords.
Entries are the connected components of that pairwise relation, so the result depends only on the set of
events, never on their order, and an event can only reach events of its type within MERGE_WINDOW_DAYS:
the property the store's incremental re-merge relies on.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from timeline.models import Article, DateSource, Event, EventStatus, EventType, Granularity, TimelineEntry

MERGE_WINDOW_DAYS = 7
MERGEABLE_GRANULARITIES = frozenset({Granularity.DAY, Granularity.WEEK, Granularity.MONTH})
# A publication-dated event says "reported on": it may have happened in the days before.
REPORTING_LAG_DAYS = 7


@dataclass(frozen=True)
class EventForMerge:
    event_id: str
    article_id: str
    source: str
    published: datetime
    event_type: EventType
    date_start: date
    date_end: date
    granularity: Granularity
    date_source: DateSource
    actors: tuple[str, ...]
    keywords: tuple[str, ...]
    trigger: str
    sentence: str
    status: str
    title: str = ""
    subject: str = ""
    story_id: str = ""
    publication_date: date | None = None  # the publisher's local day; stores of earlier versions have none
    terms: frozenset[str] = field(init=False, repr=False, compare=False)
    weight: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # computed once: merging compares every pair of nearby events
        terms = frozenset(a.lower() for a in self.actors) | frozenset(k.lower() for k in self.keywords)
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "weight", sum(_weight(t, _gazetteer_terms()) for t in terms))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> EventForMerge:
        """An event as the store keeps it (the events table's columns of these fields, and its story)."""
        published, publication_date = row["published"], row["publication_date"]
        return cls(
            event_id=str(row["event_id"]), article_id=str(row["article_id"]), source=str(row["source"]),
            published=published.replace(tzinfo=UTC) if isinstance(published, datetime) else published,
            event_type=EventType(row["event_type"]), date_start=row["date_start"], date_end=row["date_end"],
            granularity=Granularity(row["granularity"]), date_source=DateSource(row["date_source"]),
            actors=tuple(row["actors"] or ()), keywords=tuple(row["keywords"] or ()), trigger=str(row["trigger"]),
            sentence=str(row["sentence"]), status=str(row["status"]), title=str(row["title"] or ""),
            subject=str(row["subject"] or ""), story_id=str(row["story_id"] or ""),
            publication_date=publication_date if isinstance(publication_date, date) else None,
        )

    @classmethod
    def from_event(cls, event: Event, article: Article, story_id: str = "") -> EventForMerge:
        return cls(
            event_id=event.event_id, article_id=event.article_id, source=article.source,
            published=article.published, event_type=event.event_type, date_start=event.date_start,
            date_end=event.date_end, granularity=event.granularity, date_source=event.date_source,
            actors=tuple(event.actors), keywords=tuple(event.keywords), trigger=event.trigger,
            sentence=event.sentence, status=event.status.value, title=event.title, subject=event.subject or "",
            story_id=story_id, publication_date=article.publication_date,
        )

    @property
    def mergeable(self) -> bool:
        return self.granularity in MERGEABLE_GRANULARITIES

    @property
    def evidence_window(self) -> tuple[date, date]:
        if self.date_source is not DateSource.TEXT:  # no date of its own: it may have happened days before
            return self.date_end - timedelta(days=REPORTING_LAG_DAYS), self.date_end
        return self.date_start, self.date_end


def _gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """0 when the intervals intersect, else the days between them."""
    if a[0] <= b[1] and b[0] <= a[1]:
        return 0
    return min(abs((b[0] - a[1]).days), abs((a[0] - b[1]).days))


def _weight(term: str, gazetteer: frozenset[str]) -> float:
    return 0.5 if term in gazetteer else 1.0


def agreement(a: EventForMerge, b: EventForMerge) -> tuple[float, float]:
    """(weighted shared terms, their share of the smaller event's terms). Countries and institutions weigh
    half: a story names them in nearly every sentence."""
    common = a.terms & b.terms
    if not common:
        return 0.0, 0.0
    gazetteer = _gazetteer_terms()
    shared = sum(_weight(t, gazetteer) for t in common)
    smaller = min(a.weight, b.weight)
    return shared, (shared / smaller if smaller else 0.0)


@functools.cache
def _gazetteer_terms() -> frozenset[str]:
    from timeline.analysis.actors import gazetteer_names

    return frozenset(name.lower() for name in gazetteer_names())


def _shares_person(a: EventForMerge, b: EventForMerge) -> bool:
    gazetteer = _gazetteer_terms()
    return any(actor.lower() not in gazetteer for actor in set(a.actors) & set(b.actors))


def _same_text_day(a: EventForMerge, b: EventForMerge) -> bool:
    return (a.date_source is DateSource.TEXT and b.date_source is DateSource.TEXT
            and a.granularity is Granularity.DAY and b.granularity is Granularity.DAY
            and a.date_start == b.date_start)


def _days_apart(a: EventForMerge, b: EventForMerge) -> int | None:
    """How many days apart two events are that their own sentences date to a day each, else None."""
    if a.date_source is DateSource.TEXT and b.date_source is DateSource.TEXT \
            and a.granularity is Granularity.DAY and b.granularity is Granularity.DAY:
        return abs((a.date_start - b.date_start).days)
    return None


# Words of one family share their first letters: "allies"/"allied", "weapons"/"weaponry", "agreed"/"agreement".
# Snowball stemming was measured on the seed story's three reports of one announcement and links only the
# inflections (allies/allied), which leaves one report out; five letters link all three and still tell
# "a subway safety plan" from "a tax rebate for farmers".
WORD_FAMILY_LETTERS = 5


def _topic_families(event: EventForMerge) -> set[str]:
    return {word.lower()[:WORD_FAMILY_LETTERS] for word in event.keywords}


def _topics_differ(a: EventForMerge, b: EventForMerge) -> bool:
    """Both say what the event was about and share no word family of it ("a subway safety plan", "a tax
    rebate for farmers")."""
    topics_a, topics_b = _topic_families(a), _topic_families(b)
    return len(topics_a) >= 2 and len(topics_b) >= 2 and not topics_a & topics_b


def _told_before_it_happened(a: EventForMerge, b: EventForMerge) -> bool:
    """`a`'s article tells of something done, and was published before the first day `b` can be on: what
    it told cannot be `b` (a report of 12 July is not the announcement of 14 July)."""
    if a.status == EventStatus.PLANNED:
        return False
    earliest = b.date_start if b.date_source is DateSource.TEXT else b.evidence_window[0]
    return (a.publication_date or a.published.astimezone(UTC).date()) < earliest


def _plan_meets_realisation(a: EventForMerge, b: EventForMerge) -> bool:
    """A planned event and one told as done are one only when both texts name the same day for it."""
    return (a.status == EventStatus.PLANNED) != (b.status == EventStatus.PLANNED)


def _speaker_key(subject: str) -> str | None:
    """A named subject's last word ("U.S. Secretary of State Marco Rubio" -> "rubio"); None for a common noun
    phrase ("officials") or none."""
    words = subject.replace("’s", "").replace("'s", "").split()
    return words[-1].lower() if words and words[-1][:1].isupper() else None


def _named_speakers_differ(a: EventForMerge, b: EventForMerge) -> bool:
    """Two statements by two named people are two statements, whatever they share."""
    first, second = _speaker_key(a.subject), _speaker_key(b.subject)
    return first is not None and second is not None and first != second


def same_event(a: EventForMerge, b: EventForMerge) -> bool:
    """The pairwise rule: one story, same type, compatible dates, and agreeing actors and keywords."""
    if a.story_id != b.story_id or a.event_type != b.event_type or not (a.mergeable and b.mergeable):
        return False
    if a.status == "negated" or b.status == "negated":
        return False
    if _told_before_it_happened(a, b) or _told_before_it_happened(b, a):
        return False
    if _plan_meets_realisation(a, b) and not _same_text_day(a, b):
        return False
    if a.event_type is EventType.ANNOUNCEMENT and _named_speakers_differ(a, b):
        return False
    if a.article_id == b.article_id and a.sentence == b.sentence:
        return False  # one sentence's two clauses tell two events (the analysis keeps one per type and clause)
    gap = _gap_days(a.evidence_window, b.evidence_window)
    if gap > MERGE_WINDOW_DAYS:
        return False
    apart = _days_apart(a, b)
    if apart is not None and (apart > 1 or (apart == 1 and _topics_differ(a, b))):
        # each sentence names its day: two days are two events (the same people meet again), unless they
        # are neighbours told of the same thing (sources a time zone or a day's confusion apart)
        return False
    if apart == 0 and _topics_differ(a, b):
        return False  # one person, one day, two different announcements
    shared, overlap = agreement(a, b)
    if _same_text_day(a, b):
        # both sentences date it to the same day: one named person in common, or a person's worth of
        # other agreement (a word family of what it was about counts half), is enough ("Trump's
        # announcement on Monday")
        families = len(_topic_families(a) & _topic_families(b))
        return shared + 0.5 * families >= 1.5 or _shares_person(a, b)
    if gap == 0 and (a.date_source is DateSource.TEXT) != (b.date_source is DateSource.TEXT):
        # an event with no date of its own spans the week before its report: to be the one another text
        # places on a day, it must agree as much as events whose dates do not meet (else it bridges
        # reports of different days into one entry)
        return shared >= 3 and overlap >= 0.4
    if gap == 0:
        return shared >= 2 and overlap >= 0.3
    # Dates that do not meet need stronger agreement on who and what before we call it one event.
    return shared >= 3 and overlap >= 0.5


class Components:
    """Union-find over 0..size-1; a component's root is its smallest member."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def merge_events(events: Sequence[EventForMerge]) -> list[TimelineEntry]:
    """Group events into timeline entries; the result is independent of the input order."""
    ordered = sorted(events, key=lambda e: (e.evidence_window[0], e.event_id))
    components = Components(len(ordered))
    for i, a in enumerate(ordered):
        if not a.mergeable:
            continue
        horizon = a.evidence_window[1] + timedelta(days=MERGE_WINDOW_DAYS)
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            if b.evidence_window[0] > horizon:
                break
            if same_event(a, b):
                components.union(i, j)
    groups: dict[int, list[EventForMerge]] = {}
    for i, event in enumerate(ordered):
        groups.setdefault(components.find(i), []).append(event)
    entries = [build_entry(members) for members in groups.values()]
    return sorted(entries, key=lambda e: (e.date_start, e.event_type.value, e.entry_id))


def merge_changes(window: Sequence[EventForMerge], previous: Iterable[Sequence[str]],
                  changed: Collection[str]) -> list[list[EventForMerge]]:
    """The groups merge_events(window) would give, comparing only the pairs a change can affect.

    `previous`: the member event ids of the entries that held the window's events before the change; they
    are the connected components of same_event over the events then, so an intact group stays whole and
    relates to nothing outside it. `changed`: events added or rewritten since. Pairs are checked for every
    changed event, and for any event no intact group holds, against all its neighbours in time; and within
    each group that lost or changed a member, whose rest may have come apart.
    """
    events = sorted(window, key=lambda e: (e.evidence_window[0], e.event_id))
    index = {event.event_id: i for i, event in enumerate(events)}
    components = Components(len(events))
    settled: set[int] = set()
    for group in previous:
        members = [index[event_id] for event_id in group if event_id in index]
        if len(members) == len(group) and not any(event_id in changed for event_id in group):
            for member in members[1:]:
                components.union(members[0], member)
            settled.update(members)
            continue
        rest = [m for m in members if events[m].event_id not in changed]
        for position, i in enumerate(rest):
            for j in rest[position + 1:]:
                if same_event(events[i], events[j]):
                    components.union(i, j)
        settled.update(rest)
    starts = [event.evidence_window[0] for event in events]
    longest = max((e.evidence_window[1] - e.evidence_window[0] for e in events), default=timedelta(0))
    reach = timedelta(days=MERGE_WINDOW_DAYS)
    for i, event in enumerate(events):
        if i in settled:
            continue
        low = bisect.bisect_left(starts, event.evidence_window[0] - reach - longest)
        high = bisect.bisect_right(starts, event.evidence_window[1] + reach)
        for j in range(low, high):
            if j != i and same_event(event, events[j]):
                components.union(i, j)
    groups: dict[int, list[EventForMerge]] = {}
    for i, event in enumerate(events):
        groups.setdefault(components.find(i), []).append(event)
    return list(groups.values())


def _agreed_interval(members: Sequence[EventForMerge]) -> tuple[date, date, bool, list[str]]:
    """The tightest interval the text-dated members agree on, or the best-supported one and a disagreement.

    Members dated only by their publication say when the event was reported, not when it happened: they
    never make a disagreement; an entry with no text date is dated by its first report.
    """
    dated = [m for m in members if m.date_source is DateSource.TEXT]
    if not dated:
        first = min(m.date_start for m in members)
        return first, first, False, []
    start = max(m.date_start for m in dated)
    end = min(m.date_end for m in dated)
    candidates = sorted({_interval_label(m.date_start, m.date_end) for m in dated})
    if start <= end:
        return start, end, False, candidates
    support = Counter((m.date_start, m.date_end) for m in dated)
    (best_start, best_end), _ = max(support.items(), key=lambda kv: (kv[1], -(kv[0][1] - kv[0][0]).days, kv[0]))
    return best_start, best_end, True, candidates


def _interval_label(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def _granularity_of(start: date, end: date, members: Sequence[EventForMerge]) -> Granularity:
    for member in sorted(members, key=lambda m: (m.date_end - m.date_start).days):
        if (member.date_start, member.date_end) == (start, end):
            return member.granularity
    return Granularity.DAY if start == end else Granularity.WEEK if (end - start).days < 7 else Granularity.MONTH


def _title(members: Sequence[EventForMerge]) -> str:
    """The headline of the member whose evidence says most plainly what happened: one dated by its own text
    before one dated by tense or publication, then a sentence of ordinary length (a long one is a paragraph
    of clauses, a short one a fragment)."""
    best = min(members, key=lambda m: (DATE_SOURCES_BEST_FIRST.index(m.date_source), abs(len(m.sentence) - 120),
                                       m.event_id))
    return best.title or _as_written(best.sentence)


TITLE_WORDS_WHEN_UNPARSED = 12


def _as_written(sentence: str) -> str:
    """An event stored before events had titles: its sentence's first words."""
    words = sentence.split()
    return " ".join(words[:TITLE_WORDS_WHEN_UNPARSED]) + (" …" if len(words) > TITLE_WORDS_WHEN_UNPARSED else "")


# how well a member's date is founded: by its own text, by its tense, only by publication
DATE_SOURCES_BEST_FIRST = (DateSource.TEXT, DateSource.TENSE, DateSource.PUBLICATION)


def _ranked(values: Sequence[str]) -> list[str]:
    counts = Counter(values)
    return [value for value, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def build_entry(members: Sequence[EventForMerge]) -> TimelineEntry:
    members = sorted(members, key=lambda m: m.event_id)
    event_type = members[0].event_type
    start, end, disagree, candidates = _agreed_interval(members)
    actors = _ranked([a for m in members for a in dict.fromkeys(m.actors)])
    article_ids = sorted({m.article_id for m in members})
    sources = sorted({m.source for m in members})
    shared = frozenset.intersection(*(m.terms for m in members)) if len(members) > 1 else frozenset()
    sources_of_date = {m.date_source for m in members}
    reason = (
        f"{len(members)} {event_type.value} event(s) from {len(article_ids)} article(s); "
        + (f"dates agree on {_interval_label(start, end)}" if not disagree
           else f"dates within {MERGE_WINDOW_DAYS} days but disagree: {', '.join(candidates)}")
        + (f"; shared by all: {', '.join(sorted(shared))}" if shared else "")
        + ("" if len(members) > 1 else "; single report")
    )
    digest = hashlib.sha1("|".join(m.event_id for m in members).encode()).hexdigest()[:16]
    return TimelineEntry(
        entry_id=f"{event_type.value[:3]}-{digest}",
        event_type=event_type,
        date_start=start,
        date_end=end,
        granularity=_granularity_of(start, end, members),
        title=_title(members),
        article_ids=article_ids,
        event_ids=[m.event_id for m in members],
        sources=sources,
        n_sources=len(article_ids),
        first_reported=min(m.published for m in members).astimezone(UTC),
        dates_disagree=disagree,
        candidate_dates=candidates if disagree else [],
        actors=actors,
        merge_reason=reason,
        date_source=next(s for s in DATE_SOURCES_BEST_FIRST if s in sources_of_date),
        span_start=min(m.evidence_window[0] for m in members),
        span_end=max(max(m.evidence_window[1], m.date_end) for m in members),
        mergeable=all(m.mergeable for m in members),
        story_id=members[0].story_id,
    )
