"""Keeping the timeline in step with the events: merging again only the entries a batch can reach, the whole
table when the rules change, and the salience of the entries of the stories a batch touched."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pyarrow as pa

from timeline.models import EVENTS, TimelineEntry
from timeline.store.changes import ChangeLog
from timeline.store.schema import utc_naive
from timeline.stories.merging import (
    MERGE_WINDOW_DAYS,
    MERGEABLE_GRANULARITIES,
    REPORTING_LAG_DAYS,
    EventForMerge,
    build_entry,
    merge_changes,
    merge_events,
)
from timeline.stories.salience import (
    EVENT_DATE_SOURCE,
    EVENT_GRANULARITIES,
    NAMING_GRANULARITY,
    ArticleDays,
    day_salience,
    entry_salience,
)


class Remerging(ChangeLog):
    """The timeline's entries and their salience, rebuilt where a batch changed something."""

    def _update_salience(self, story_ids: set[str] | None) -> None:
        """Score the days of these stories (None: of every story) by timeline.stories.salience (the days each
        article names, as salience.article_days reads them, selected in SQL) and rewrite the entries whose
        salience changed."""
        if story_ids is not None and not story_ids:
            return
        where = "" if story_ids is None else "WHERE story_id IN (SELECT unnest(?))"
        params = [] if story_ids is None else [sorted(story_ids)]
        rows = self.connection.execute(f"""
            WITH members AS (SELECT article_id, story_id FROM article_stories {where}),
            named AS (SELECT article_id, list(DISTINCT date_start) AS days FROM mentions
                      WHERE article_id IN (SELECT article_id FROM members) AND {_NAMING_SQL}
                      AND date_start = date_end GROUP BY article_id),
            dated AS (SELECT article_id, list(DISTINCT CAST(day AS DATE)) AS days FROM events,
                      range(date_start, date_end + INTERVAL 1 DAY, INTERVAL 1 DAY) t(day)
                      WHERE article_id IN (SELECT article_id FROM members) AND {_DATING_SQL}
                      GROUP BY article_id)
            SELECT m.story_id, coalesce(a.publication_date, CAST(a.published AS DATE)), named.days, dated.days
            FROM members m JOIN articles a USING (article_id) LEFT JOIN named USING (article_id)
            LEFT JOIN dated USING (article_id)""", params).fetchall()
        days = day_salience(ArticleDays(story_id, published, frozenset(named or ()), frozenset(dated or ()))
                            for story_id, published, named, dated in rows)
        changed = [{"entry_id": entry_id, "salience": new}
                   for entry_id, story_id, start, end, old in self.connection.execute(
                       f"SELECT entry_id, story_id, date_start, date_end, salience FROM timeline {where}",
                       params).fetchall()
                   if old != (new := entry_salience(story_id, start, end, days))]
        if not changed:
            return
        ids = [row["entry_id"] for row in changed]
        self.connection.execute("INSERT INTO deletions SELECT 'timeline', unnest(?), ?", [ids, self._seq])
        self.connection.register("new_salience", pa.Table.from_pylist(changed))
        try:
            self.connection.execute("UPDATE timeline SET salience = n.salience, _seq = ? FROM new_salience n "
                                    "WHERE timeline.entry_id = n.entry_id", [self._seq])
        finally:
            self.connection.unregister("new_salience")

    def _event_windows_of(self, ids: list[str]) -> list[tuple[str, date, date]]:
        return self.connection.execute(
            f"SELECT event_type, date_start, date_end FROM events WHERE article_id IN (SELECT unnest(?)) "
            f"AND {_MERGEABLE_SQL}", [ids]
        ).fetchall()

    def _remerge(self, windows: list[tuple[str, date, date]], removed_articles: list[str],
                 changed: set[str]) -> int:
        """Recompute only the timeline entries that the changed events can reach.

        Merging is a function of the set of events (see timeline.stories.merging): entries are the connected
        components of a pairwise relation, and an event relates only to events of its type within
        MERGE_WINDOW_DAYS (plus the reporting lag of publication-dated events). So the windows around the
        changed events, padded by that reach, hold every event a changed one can relate to; adding every
        member of the entries whose span (the hull of their members' evidence) meets a window closes the
        set, because a relation between two unchanged events is unchanged, and so is the entry that already
        held both. Within that set only the pairs a change can affect are compared (merging.merge_changes),
        and only entries whose members changed are rewritten, so the cost follows the batch, not how many
        events share its dates. Events too coarse to merge (a year, a decade) are single-event entries and
        are replaced one by one.
        """
        self._drop_entries_of_articles(removed_articles)
        groups = _padded_groups(windows)
        entries: list[TimelineEntry] = []
        if groups:
            self.connection.register("merge_windows", pa.Table.from_pylist(
                [{"event_type": t, "low": low, "high": high} for t, low, high in groups]))
            try:
                previous = self.connection.execute(
                    "SELECT t.entry_id, any_value(t.event_type), any_value(t.event_ids) FROM timeline t "
                    "JOIN merge_windows w ON t.event_type = w.event_type AND t.span_start <= w.high "
                    "AND t.span_end >= w.low WHERE t.mergeable GROUP BY t.entry_id").fetchall()
                stale = [entry_id for entry_id, _, _ in previous]
                events = self._events_for_merge(
                    f"SELECT DISTINCT {_MERGE_COLUMNS} FROM {_EVENTS_FOR_MERGE} JOIN merge_windows w "
                    f"ON e.event_type = w.event_type AND {_EVIDENCE_START} <= w.high "
                    f"AND e.date_end >= w.low WHERE e.{_MERGEABLE_SQL}")
            finally:
                self.connection.unregister("merge_windows")
            # members of those entries whose own evidence lies outside the windows: fetched by id, as an
            # entry is re-merged whole or kept whole
            fetched = {event.event_id for event in events}
            missing = [event_id for _, _, ids in previous for event_id in ids if event_id not in fetched]
            if missing:
                events += self._events_for_merge(f"SELECT {_MERGE_COLUMNS} FROM {_EVENTS_FOR_MERGE} WHERE e.event_id "
                                                 f"IN (SELECT unnest(?))", [missing])
            by_type: dict[str, list[EventForMerge]] = {}
            for event in events:
                by_type.setdefault(event.event_type.value, []).append(event)
            entry_of_members = {tuple(sorted(ids)): entry_id for entry_id, _, ids in previous}
            kept: set[str] = set()
            for event_type, of_type in by_type.items():
                previous_groups = [ids for _, kind, ids in previous if kind == event_type]
                for group in merge_changes(of_type, previous_groups, changed):
                    members = tuple(sorted(event.event_id for event in group))
                    unchanged = entry_of_members.get(members)
                    if unchanged is not None and changed.isdisjoint(members):
                        kept.add(unchanged)
                    else:
                        entries.append(build_entry(group))
            self._delete_entries([entry_id for entry_id in stale if entry_id not in kept])
        entries.extend(merge_events(self._unmerged_events_of(removed_articles)))
        self._insert_entries(entries)
        return len(entries)

    def _events_for_merge(self, query: str, params: list[object] | None = None) -> list[EventForMerge]:
        cursor = self.connection.execute(query, params or [])
        names = [column[0] for column in cursor.description or []]
        return [EventForMerge.from_row(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def _events_of_type(self, event_type: str) -> list[EventForMerge]:
        return self._events_for_merge(f"SELECT {_MERGE_COLUMNS} FROM {_EVENTS_FOR_MERGE} WHERE e.event_type = ?",
                                      [event_type])

    def _unmerged_events_of(self, article_ids: list[str]) -> list[EventForMerge]:
        return self._events_for_merge(
            f"SELECT {_MERGE_COLUMNS} FROM {_EVENTS_FOR_MERGE} WHERE e.article_id IN (SELECT unnest(?)) "
            f"AND NOT e.{_MERGEABLE_SQL}", [article_ids])

    def _insert_entries(self, entries: list[TimelineEntry]) -> None:
        if not entries:
            return
        self._append("timeline", pa.Table.from_pylist([_entry_row(entry) for entry in entries]))
        self._append("timeline_members", pa.Table.from_pylist(
            [{"entry_id": entry.entry_id, "event_id": event_id, "article_id": article_id}
             for entry in entries for event_id, article_id in _members(entry)]))

    def _drop_entries_of_articles(self, article_ids: list[str]) -> None:
        """Remove the entries of replaced articles that no window re-merge will reach.

        Mergeable entries are rebuilt by the window re-merge; coarse single-event entries and entries left
        pointing at deleted events are removed here.
        """
        stale = [r[0] for r in self.connection.execute(
            """
            SELECT DISTINCT m.entry_id FROM timeline_members m JOIN timeline t USING (entry_id)
            LEFT JOIN events e USING (event_id)
            WHERE m.article_id IN (SELECT unnest(?)) AND (e.event_id IS NULL OR NOT t.mergeable)
            """,
            [article_ids],
        ).fetchall()]
        self._delete_entries(stale)

    def _delete_entries(self, entry_ids: list[str]) -> None:
        self._delete_keys("timeline", entry_ids)
        self._delete_keys("timeline_members", entry_ids)

    def rebuild_timeline(self) -> int:
        """Merge the whole table from scratch (used after changing merge rules, and by tests as the oracle)."""
        self._begin()
        try:
            self._delete_entries([r[0] for r in self.connection.execute("SELECT entry_id FROM timeline").fetchall()])
            types = [r[0] for r in self.connection.execute("SELECT DISTINCT event_type FROM events").fetchall()]
            count = 0
            for event_type in types:
                entries = merge_events(self._events_of_type(event_type))
                self._insert_entries(entries)
                count += len(entries)
            self._update_salience(None)
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return count


_NAMING_SQL = f"granularity = '{NAMING_GRANULARITY.value}'"
_DATING_SQL = ("granularity IN (" + ", ".join(f"'{g.value}'" for g in sorted(EVENT_GRANULARITIES)) +
               f") AND date_source = '{EVENT_DATE_SOURCE.value}'")
_MERGEABLE_SQL = "granularity IN (" + ", ".join(f"'{g.value}'" for g in sorted(MERGEABLE_GRANULARITIES)) + ")"
# What EventForMerge.from_row reads: the events' columns it has a field for, and the story of their article.
_MERGE_COLUMNS = (EVENTS.select_list("e", [name for name in EVENTS.names if name in EventForMerge.__dataclass_fields__])
                  + ", coalesce(st.story_id, '') AS story_id")
_EVENTS_FOR_MERGE = "events e LEFT JOIN article_stories st ON st.article_id = e.article_id"
# The first day an event's evidence reaches (EventForMerge.evidence_window): entries' spans are built from
# it, so selecting events by anything else would re-merge an event without the entry that holds it.
_EVIDENCE_START = (f"CASE WHEN e.date_source <> 'text' THEN e.date_end - INTERVAL {REPORTING_LAG_DAYS} DAY "
                   f"ELSE e.date_start END")


def _padded_groups(windows: list[tuple[str, date, date]]) -> list[tuple[str, date, date]]:
    """Per event type, the changed date windows padded by how far an event can reach, joined where they meet."""
    pad = timedelta(days=MERGE_WINDOW_DAYS + REPORTING_LAG_DAYS)
    return _joined([(event_type, start - pad, end + pad) for event_type, start, end in windows])


def _joined(windows: list[tuple[str, date, date]]) -> list[tuple[str, date, date]]:
    """Per event type, overlapping windows joined into one."""
    groups: list[tuple[str, date, date]] = []
    for event_type, low, high in sorted(windows):
        if groups and groups[-1][0] == event_type and low <= groups[-1][2]:
            groups[-1] = (event_type, groups[-1][1], max(groups[-1][2], high))
        else:
            groups.append((event_type, low, high))
    return groups


def _members(entry: TimelineEntry) -> Iterator[tuple[str, str]]:
    # event ids are "<article_id>#<n>", so each member's article is recoverable without a lookup
    for event_id in entry.event_ids:
        yield event_id, event_id.rsplit("#", 1)[0]


def _entry_row(entry: TimelineEntry) -> dict[str, object]:
    row = entry.model_dump(mode="python")
    for key in ("event_type", "granularity", "date_source"):
        row[key] = getattr(entry, key).value
    row["first_reported"] = utc_naive(entry.first_reported)
    return row
