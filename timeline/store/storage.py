"""The DuckDB store: schema, idempotent batch upserts, incremental merging, and what it publishes to readers.

DuckDB lets one process hold a file for writing, or many hold it read-only, never both (measured: a writer
holding its connection makes every reader fail with "Could not set lock", and a reader holding the file
makes the writer fail the same way). So the writer owns a private working file, numbers every committed
batch (`_seq` on each row it wrote, a tombstone for each row it deleted) and publishes what changed as
Parquet parts behind a small catalog at the path users open (timeline.store.publishing). Readers never block the
writer and never see a half-written batch; a reader that holds the catalog keeps reading the state it
opened, and the next connection sees the newest one.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from timeline.analysis.actors import name_key
from timeline.analysis.sentences import split_sentences
from timeline.models import AnalysedArticle, TimelineEntry, newest_versions
from timeline.sources.cleaning import clean_text
from timeline.store.publishing import PUBLISHED_TABLES, Publisher, PublishStats, parts_dir
from timeline.stories.grouping import is_name, label_of, story_names, story_profile
from timeline.stories.merging import (
    MERGE_WINDOW_DAYS,
    MERGEABLE_GRANULARITIES,
    REPORTING_LAG_DAYS,
    EventForMerge,
    build_entry,
    merge_changes,
    merge_events,
)
from timeline.stories.salience import ArticleDays, day_salience, entry_salience
from timeline.stories.similarity import (
    DocumentFrequencies,
    StoryStream,
    StoryVector,
)
from timeline.stories.similarity import settings as similarity_settings

log = logging.getLogger("timeline.store")

SCHEMA_VERSION = 1
# How entries are built (their titles, the merge rules). A writer that finds entries of an earlier version
# merges the timeline again once when it starts: 2 = titles are headlines of the evidence, not templates;
# 3 = titles are the events' own, built from the parse in analysis (events.title); 4 = two named speakers'
# statements are two entries (events.subject); 5 = entries carry their salience in their story.
ENTRIES_VERSION = 5

SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_meta (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS entries_meta (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR NOT NULL, url VARCHAR, source VARCHAR NOT NULL, title VARCHAR, published TIMESTAMP NOT NULL,
    language VARCHAR, text VARCHAR NOT NULL, content_hash VARCHAR NOT NULL, analyser_version VARCHAR,
    ingested_at TIMESTAMP NOT NULL, n_mentions INTEGER, n_events INTEGER
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL, mention_idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR, type VARCHAR, value VARCHAR, date_start DATE, date_end DATE, granularity VARCHAR,
    confidence DOUBLE, anchor VARCHAR, rule VARCHAR, open_side VARCHAR
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, event_type VARCHAR NOT NULL, cameo VARCHAR,
    trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER, sentence VARCHAR, sentence_start INTEGER,
    sentence_end INTEGER, actors VARCHAR[], keywords VARCHAR[], status VARCHAR, negated BOOLEAN, modality VARCHAR,
    date_start DATE NOT NULL, date_end DATE NOT NULL, granularity VARCHAR, date_source VARCHAR, date_text VARCHAR,
    date_value VARCHAR, date_mention_start INTEGER, confidence DOUBLE, source VARCHAR, published TIMESTAMP
);
CREATE TABLE IF NOT EXISTS timeline (
    entry_id VARCHAR NOT NULL, event_type VARCHAR NOT NULL, date_start DATE NOT NULL, date_end DATE NOT NULL,
    granularity VARCHAR, title VARCHAR, article_ids VARCHAR[], event_ids VARCHAR[], sources VARCHAR[],
    n_sources INTEGER, first_reported TIMESTAMP, dates_disagree BOOLEAN, candidate_dates VARCHAR[],
    actors VARCHAR[], merge_reason VARCHAR, date_source VARCHAR, span_start DATE, span_end DATE, mergeable BOOLEAN
);
CREATE TABLE IF NOT EXISTS timeline_members (
    entry_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS ingest_batches (
    written_at TIMESTAMP NOT NULL, records INTEGER, articles_written INTEGER, redeliveries_skipped INTEGER,
    older_versions_skipped INTEGER, events_written INTEGER, entries_recomputed INTEGER, seconds DOUBLE
);
-- migrations of files written by earlier versions
ALTER TABLE ingest_batches ADD COLUMN IF NOT EXISTS lag BIGINT;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS open_side VARCHAR;
ALTER TABLE timeline ADD COLUMN IF NOT EXISTS span_start DATE;
ALTER TABLE timeline ADD COLUMN IF NOT EXISTS span_end DATE;
ALTER TABLE timeline ADD COLUMN IF NOT EXISTS mergeable BOOLEAN;
ALTER TABLE events ADD COLUMN IF NOT EXISTS subject VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS object VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS title VARCHAR;
-- the publisher's local day (relative dates count from it) beside the UTC instant `published`
ALTER TABLE articles ADD COLUMN IF NOT EXISTS publication_date DATE;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS utc_offset_minutes INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS publication_date DATE;
-- stories (timeline.stories.similarity): each article's story and each story's label
ALTER TABLE articles ADD COLUMN IF NOT EXISTS story_terms VARCHAR[];
ALTER TABLE timeline ADD COLUMN IF NOT EXISTS story_id VARCHAR;
-- key dates (timeline.stories.salience): how much an entry's day matters to its story
ALTER TABLE timeline ADD COLUMN IF NOT EXISTS salience DOUBLE;
CREATE TABLE IF NOT EXISTS article_stories (article_id VARCHAR NOT NULL, story_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR NOT NULL, label VARCHAR NOT NULL, n_articles INTEGER NOT NULL, first_published TIMESTAMP,
    last_published TIMESTAMP, names VARCHAR[]
);
-- the story rule's state (timeline.stories.similarity), the writer's own: each article's term weights, the document
-- frequencies of the terms, and the index of each article's strongest terms that finds a new article's candidates
DROP TABLE IF EXISTS story_keys;
CREATE TABLE IF NOT EXISTS story_vectors (
    article_id VARCHAR NOT NULL, published TIMESTAMP NOT NULL, terms VARCHAR[], weights DOUBLE[]
);
CREATE TABLE IF NOT EXISTS story_df (term VARCHAR PRIMARY KEY, df BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS story_index (
    term VARCHAR NOT NULL, story_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, published TIMESTAMP NOT NULL
);
-- change tracking for publishing (timeline.store.publishing): the batch that wrote each row, deletions by key
CREATE TABLE IF NOT EXISTS deletions (table_name VARCHAR NOT NULL, key VARCHAR NOT NULL, _seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS store_state (store_id VARCHAR NOT NULL, last_seq BIGINT NOT NULL);
""" + "".join(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS _seq BIGINT DEFAULT 0;\n"
              for table in PUBLISHED_TABLES)
WRITER_MEMORY_LIMIT = "512MB"

EVENT_COLUMNS = (
    "event_id", "article_id", "event_type", "cameo", "trigger", "trigger_start", "trigger_end", "sentence",
    "sentence_start", "sentence_end", "actors", "keywords", "status", "negated", "modality", "date_start",
    "date_end", "granularity", "date_source", "date_text", "date_value", "date_mention_start", "confidence",
    "subject", "object", "title",
)
MENTION_COLUMNS = (
    "start", "end", "text", "type", "value", "date_start", "date_end", "granularity", "confidence", "anchor", "rule",
    "open_side",
)


def writer_path(published: Path) -> Path:
    """The writer's private working file beside the published catalog."""
    return published.with_name(f"{published.stem}.writer{published.suffix or '.duckdb'}")


@dataclass
class BatchResult:
    records: int = 0
    articles_written: int = 0
    redeliveries_skipped: int = 0
    older_versions_skipped: int = 0
    events_written: int = 0
    entries_recomputed: int = 0
    seconds: float = 0.0
    written_ids: list[str] = field(default_factory=list)


def _utc_naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


class TimelineStore:
    """The single writer of the DuckDB working file, publishing Parquet parts and a catalog for everyone else."""

    def __init__(self, published: Path, publish_interval_s: float = 0.5,
                 memory_limit: str = WRITER_MEMORY_LIMIT) -> None:
        self.published = published
        self.work = writer_path(published)
        self.publish_interval_s = publish_interval_s
        self._last_publish = 0.0
        self._dirty = True
        published.parent.mkdir(parents=True, exist_ok=True)
        # no insertion order: COPY then streams parts of any size within the memory limit (merging sorts its
        # input, nothing else reads rows in storage order)
        self.connection = duckdb.connect(str(self.work), config={"memory_limit": memory_limit,
                                                                 "preserve_insertion_order": False})
        self.store_id, self.last_seq = self._migrate()
        self._seq = self.last_seq
        self.publisher = Publisher(published, self.store_id)
        self.last_publish: PublishStats | None = None
        # an earlier version's store is merged again once: its articles placed in stories, or its entries built
        # the old way (one merge serves both)
        placed = self._place_articles_without_story()
        outdated = self._entries_of_an_earlier_version()
        if placed or outdated is not None:
            self.rebuild_timeline()
            log.info("store: timeline merged again (%d articles placed in stories; entries of version %s)",
                     placed, outdated)
        self.connection.execute("DELETE FROM entries_meta")
        self.connection.execute("INSERT INTO entries_meta VALUES (?)", [ENTRIES_VERSION])

    def _entries_of_an_earlier_version(self) -> int | None:
        """The version that built the stored entries when it is older than this one (0: before versions were
        kept), else None."""
        row = self.connection.execute("SELECT max(version) FROM entries_meta").fetchone()
        stored = row[0] if row is not None else None
        if stored is not None:
            return stored if stored < ENTRIES_VERSION else None
        has_entries = self.connection.execute("SELECT count(*) FROM timeline").fetchone()
        return 0 if has_entries is not None and has_entries[0] > 0 else None

    def _migrate(self) -> tuple[str, int]:
        self.connection.execute(SCHEMA)
        versions = self.connection.execute("SELECT max(version) FROM schema_meta").fetchone()
        if versions is None or versions[0] is None:
            self.connection.execute("INSERT INTO schema_meta VALUES (?)", [SCHEMA_VERSION])
        state = self.connection.execute("SELECT store_id, last_seq FROM store_state").fetchone()
        if state is None:
            state = (uuid.uuid4().hex, 0)
            self.connection.execute("INSERT INTO store_state VALUES (?, ?)", list(state))
        return str(state[0]), int(state[1])

    def close(self) -> None:
        self.publish(force=True)
        self.publisher.close()
        self.connection.close()

    # -- change tracking -------------------------------------------------------------------------------

    def _begin(self) -> None:
        """Open the transaction of one batch; every row it writes or deletes is marked with its number."""
        self.connection.execute("BEGIN TRANSACTION")
        self._seq = self.last_seq + 1
        self.connection.execute("UPDATE store_state SET last_seq = ?", [self._seq])

    def _commit(self) -> None:
        self.connection.execute("COMMIT")
        self.last_seq = self._seq
        self._dirty = True

    def _rollback(self) -> None:
        self.connection.execute("ROLLBACK")
        self._seq = self.last_seq

    def _delete_keys(self, table: str, keys: list[str]) -> None:
        """Delete the rows of these keys and leave tombstones, so that published parts drop them too."""
        key = PUBLISHED_TABLES[table]
        if not keys or key is None:
            return
        self.connection.execute("INSERT INTO deletions SELECT ?, unnest(?), ?", [table, keys, self._seq])
        self.connection.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [keys])

    def _append_plain(self, table: str, rows: pa.Table) -> None:
        """Insert into a table that is not published (no batch number)."""
        self.connection.register("incoming_rows", rows)
        try:
            self.connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
        finally:
            self.connection.unregister("incoming_rows")

    def _append(self, table: str, rows: pa.Table) -> None:
        self._append_plain(table, rows.append_column("_seq", pa.array([self._seq] * rows.num_rows, pa.int64())))

    # -- writing ---------------------------------------------------------------------------------------

    def write_batch(self, batch: Sequence[AnalysedArticle], lag: int | None = None) -> BatchResult:
        """Store a batch in one transaction; redeliveries and older versions leave the store unchanged.

        `lag`: how many records the writer still had to read when it took this batch (for freshness)."""
        started = time.perf_counter()
        result = BatchResult(records=len(batch))
        candidates = newest_versions(batch, lambda item: item.article)
        result.redeliveries_skipped = len(batch) - len(candidates)
        stored = self._stored_versions([c.article.id for c in candidates])
        to_write: list[AnalysedArticle] = []
        for item in candidates:
            previous = stored.get(item.article.id)
            if previous is not None and previous[0] == item.content_hash:
                result.redeliveries_skipped += 1
            elif previous is not None and previous[1] > _utc_naive(item.article.published):
                result.older_versions_skipped += 1
            else:
                to_write.append(item)
        replaced = [item.article.id for item in to_write if item.article.id in stored]
        self._begin()
        try:
            if to_write:
                result.entries_recomputed = self._replace_articles(to_write, replaced)
                result.articles_written = len(to_write)
                result.events_written = sum(len(item.events) for item in to_write)
                result.written_ids = [item.article.id for item in to_write]
            result.seconds = time.perf_counter() - started
            self.connection.execute(
                "INSERT INTO ingest_batches (written_at, records, articles_written, redeliveries_skipped, "
                "older_versions_skipped, events_written, entries_recomputed, seconds, lag, _seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_utc_naive(datetime.now(UTC)), result.records, result.articles_written,
                 result.redeliveries_skipped, result.older_versions_skipped, result.events_written,
                 result.entries_recomputed, result.seconds, lag, self._seq],
            )
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return result

    def _stored_versions(self, ids: list[str]) -> dict[str, tuple[str, datetime]]:
        if not ids:
            return {}
        rows = self.connection.execute(
            "SELECT article_id, content_hash, published FROM articles WHERE article_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
        return {row[0]: (row[1], row[2]) for row in rows}

    def _replace_articles(self, items: list[AnalysedArticle], replaced: list[str]) -> int:
        """Insert the articles with their mentions and events; `replaced`: ids stored before (older versions)."""
        ids = [item.article.id for item in items]
        old_windows = self._event_windows_of(replaced) if replaced else []
        old_stories = self._stories_of(replaced)
        for table in ("mentions", "events", "articles"):
            self._delete_keys(table, replaced)
        self._forget_story_state(replaced)
        now = _utc_naive(datetime.now(UTC))
        self._append("articles", pa.Table.from_pylist([_article_row(item, now) for item in items]))
        self._append("mentions", pa.Table.from_pylist(
            [row for item in items for row in _mention_rows(item)], schema=_MENTIONS_ARROW))
        self._append("events", pa.Table.from_pylist(
            [row for item in items for row in _event_rows(item)], schema=_EVENTS_ARROW))
        new_windows = [
            (e.event_type.value, e.date_start, e.date_end)
            for item in items for e in item.events if e.granularity in MERGEABLE_GRANULARITIES
        ]
        changed = {event.event_id for item in items for event in item.events}
        self._place_in_stories([StoryVector(item.article.id, _utc_naive(item.article.published), item.story_weights)
                                for item in items], old_stories)
        # a placed article never moves afterwards, so only the new articles' events are merged again
        recomputed = self._remerge(old_windows + new_windows, removed_articles=ids, changed=changed)
        self._update_salience(old_stories | self._stories_of(ids))
        return recomputed

    # -- stories ---------------------------------------------------------------------------------------

    def _place_articles_without_story(self, chunk: int = 2_000) -> int:
        """Stores written before the story rule of timeline.stories.similarity: their stories are dropped and
        their articles placed again, oldest first, with weights from the stored text (the caller then merges
        the timeline again within stories). Done once, when the writer starts; returns how many it placed."""
        pending = self.connection.execute(
            "SELECT count(*) FROM articles ANTI JOIN story_vectors USING (article_id)").fetchone()
        if not pending or not pending[0]:
            return 0
        if not self.connection.execute("SELECT count(*) FROM story_vectors").fetchone()[0]:
            # stories of the earlier rule: every article is placed again
            self._begin()
            try:
                stored = [row[0] for row in self.connection.execute("SELECT story_id FROM stories").fetchall()]
                self._delete_keys("stories", stored)
                self._delete_keys("article_stories", [row[0] for row in self.connection.execute(
                    "SELECT article_id FROM article_stories").fetchall()])
                self._commit()
            except BaseException:
                self._rollback()
                raise
        placed = 0
        while True:
            rows = self.connection.execute(
                "SELECT a.article_id, a.published, a.title, a.text, a.source FROM articles a "
                "ANTI JOIN story_vectors v USING (article_id) ORDER BY a.published, a.article_id LIMIT ?",
                [chunk]).fetchall()
            if not rows:
                break
            profiles = {article_id: story_profile(title or "", [s.text for s in split_sentences(clean_text(text).text)],
                                                  source)
                        for article_id, _, title, text, source in rows}
            self._begin()
            try:
                ids = list(profiles)
                self.connection.execute("INSERT INTO deletions SELECT 'articles', unnest(?), ?", [ids, self._seq])
                self.connection.register("placed_terms", pa.Table.from_pylist(
                    [{"article_id": article_id, "story_terms": profile.terms}
                     for article_id, profile in profiles.items()]))
                self.connection.execute(
                    "UPDATE articles SET story_terms = p.story_terms, _seq = ? FROM placed_terms p "
                    "WHERE articles.article_id = p.article_id", [self._seq])
                self.connection.unregister("placed_terms")
                self._place_in_stories([StoryVector(article_id, published, profiles[article_id].weights)
                                        for article_id, published, *_ in rows], set())
                self._commit()
            except BaseException:
                self._rollback()
                raise
            placed += len(rows)
            log.info("store: placed %d articles in stories by the similarity rule", placed)
        return placed

    def _stories_of(self, article_ids: list[str]) -> set[str]:
        if not article_ids:
            return set()
        return {row[0] for row in self.connection.execute(
            "SELECT DISTINCT story_id FROM article_stories WHERE article_id IN (SELECT unnest(?))",
            [article_ids]).fetchall()}

    def _forget_story_state(self, article_ids: list[str]) -> None:
        """An article replaced by a new version leaves the story rule's state (its story keeps the others)."""
        if not article_ids:
            return
        self.connection.execute(
            "UPDATE story_df SET df = story_df.df - gone.n FROM (SELECT term, count(*) AS n FROM "
            "(SELECT unnest(terms) AS term FROM story_vectors WHERE article_id IN (SELECT unnest(?))) GROUP BY term) "
            "gone WHERE story_df.term = gone.term", [article_ids])
        for table in ("story_vectors", "story_index"):
            self.connection.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [article_ids])
        self._delete_keys("article_stories", article_ids)

    def _place_in_stories(self, new: list[StoryVector], old_stories: set[str]) -> None:
        """Place the new articles in stories by timeline.stories.similarity, one at a time in the order they
        came, with the state of the stories near them in time loaded from the store: what a stream holding
        every article would decide, however the articles were batched."""
        if not new:
            self._rewrite_stories(old_stories, [])
            return
        rule = similarity_settings()
        terms = {t for a in new for t in a.weights}
        frequencies = DocumentFrequencies(self._placed_articles(), Counter(self._frequencies_of(terms)))
        window = timedelta(days=rule.window_days)
        low, high = min(a.published for a in new) - window, max(a.published for a in new) + window
        # any term of the batch may become one of an article's keys: the index rows of all of them
        keyed: dict[str, list[tuple[str, datetime]]] = {}
        for term, story_id, published in self.connection.execute(
                "SELECT term, story_id, published FROM story_index WHERE term IN (SELECT unnest(?)) "
                "AND published BETWEEN ? AND ?", [sorted(terms), low, high]).fetchall():
            keyed.setdefault(term, []).append((story_id, published))
        candidates = sorted({story_id for entries in keyed.values() for story_id, _ in entries})
        members: dict[str, list[StoryVector]] = {}
        for article_id, published, member_terms, weights, story_id in self.connection.execute(
                "SELECT v.article_id, v.published, v.terms, v.weights, s.story_id FROM story_vectors v "
                "JOIN article_stories s USING (article_id) WHERE s.story_id IN (SELECT unnest(?)) "
                "AND v.published BETWEEN ? AND ?", [candidates, low, high]).fetchall():
            members.setdefault(story_id, []).append(
                StoryVector(article_id, published, dict(zip(member_terms, weights, strict=True))))
        frequencies.include(self._frequencies_of(
            {t for group in members.values() for m in group for t in m.weights} - terms))
        stream = StoryStream(rule, frequencies, members, keyed)
        story_of = {a.article_id: stream.add(a) for a in new}
        self._append_plain("story_vectors", pa.Table.from_pylist(
            [{"article_id": a.article_id, "published": a.published, "terms": list(a.weights),
              "weights": list(a.weights.values())} for a in new], schema=_STORY_VECTORS_ARROW))
        self.connection.execute(
            "INSERT INTO story_df SELECT term, count(*) FROM (SELECT unnest(terms) AS term FROM story_vectors "
            "WHERE article_id IN (SELECT unnest(?))) GROUP BY term "
            "ON CONFLICT (term) DO UPDATE SET df = story_df.df + excluded.df", [list(story_of)])
        published_of = {a.article_id: a.published for a in new}
        self._append("article_stories", pa.Table.from_pylist(
            [{"article_id": article_id, "story_id": story_id} for article_id, story_id in story_of.items()]))
        self._append_plain("story_index", pa.Table.from_pylist(
            [{"term": term, "story_id": story_of[article_id], "article_id": article_id,
              "published": published_of[article_id]}
             for article_id in story_of for term in stream.keys_of[article_id]], schema=_STORY_INDEX_ARROW))
        self._rewrite_stories(old_stories, sorted(set(story_of.values())))

    def _name_frequencies(self, names: set[str]) -> DocumentFrequencies:
        """The document frequencies of these names' keys (what labels weigh names by)."""
        return DocumentFrequencies(self._placed_articles(),
                                   Counter(self._frequencies_of({name_key(n).lower() for n in names})))

    def _placed_articles(self) -> int:
        # fetched to the end: a result left open would refuse the next register() of Arrow rows
        return int(self.connection.execute("SELECT count(*) FROM story_vectors").fetchall()[0][0])

    def _frequencies_of(self, terms: set[str]) -> dict[str, int]:
        if not terms:
            return {}
        return dict(self.connection.execute(
            "SELECT term, df FROM story_df WHERE term IN (SELECT unnest(?))", [sorted(terms)]).fetchall())

    def _rewrite_stories(self, old: set[str], new: list[str]) -> None:
        """Replace the rows of the stories that changed with their members' label and counts (a story left by
        its last article is gone)."""
        self._delete_keys("stories", sorted(old | set(new)))
        rows = self.connection.execute(
            "SELECT s.story_id, count(*), min(a.published), max(a.published), "
            "list(a.story_terms ORDER BY a.published, a.article_id) FROM article_stories s "
            "JOIN articles a USING (article_id) WHERE s.story_id IN (SELECT unnest(?)) GROUP BY s.story_id",
            [sorted(old | set(new))]).fetchall()
        idf = self._name_frequencies({term for *_, term_lists in rows for terms in term_lists for term in terms or ()
                                      if is_name(term)}).idf
        stories = []
        for story_id, count, first, last, term_lists in rows:
            names = story_names((terms or () for terms in term_lists), idf)
            stories.append({"story_id": story_id, "label": label_of(names), "n_articles": count,
                            "first_published": first, "last_published": last, "names": names})
        self._append("stories", pa.Table.from_pylist(stories, schema=_STORIES_ARROW))

    # -- key dates --------------------------------------------------------------------------------------

    def _update_salience(self, story_ids: set[str] | None) -> None:
        """Score the days of these stories (None: of every story) by timeline.stories.salience and rewrite the
        entries whose salience changed."""
        if story_ids is not None and not story_ids:
            return
        where = "" if story_ids is None else "WHERE story_id IN (SELECT unnest(?))"
        params = [] if story_ids is None else [sorted(story_ids)]
        rows = self.connection.execute(f"""
            WITH members AS (SELECT article_id, story_id FROM article_stories {where}),
            named AS (SELECT article_id, list(DISTINCT date_start) AS days FROM mentions
                      WHERE article_id IN (SELECT article_id FROM members) AND granularity = 'day'
                      AND date_start = date_end GROUP BY article_id),
            dated AS (SELECT article_id, list(DISTINCT CAST(day AS DATE)) AS days FROM events,
                      range(date_start, date_end + INTERVAL 1 DAY, INTERVAL 1 DAY) t(day)
                      WHERE article_id IN (SELECT article_id FROM members) AND granularity IN ('day', 'week')
                      AND date_source = 'text' GROUP BY article_id)
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

    # -- incremental merging ---------------------------------------------------------------------------

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
                rows = self.connection.execute(
                    f"SELECT DISTINCT {_MERGE_COLUMNS} FROM {_EVENTS_FOR_MERGE} JOIN merge_windows w "
                    f"ON e.event_type = w.event_type AND {_EVIDENCE_START} <= w.high "
                    f"AND e.date_end >= w.low WHERE e.{_MERGEABLE_SQL}").fetchall()
            finally:
                self.connection.unregister("merge_windows")
            # members of those entries whose own evidence lies outside the windows: fetched by id, as an
            # entry is re-merged whole or kept whole
            fetched = {row[0] for row in rows}
            missing = [event_id for _, _, ids in previous for event_id in ids if event_id not in fetched]
            if missing:
                rows += self.connection.execute(f"SELECT {_MERGE_COLUMNS} FROM {_EVENTS_FOR_MERGE} WHERE e.event_id IN "
                                                f"(SELECT unnest(?))", [missing]).fetchall()
            by_type: dict[str, list[EventForMerge]] = {}
            for row in rows:
                event = EventForMerge.from_row(row)
                by_type.setdefault(event.event_type.value, []).append(event)
            entry_of_members = {tuple(sorted(ids)): entry_id for entry_id, _, ids in previous}
            kept: set[str] = set()
            for event_type, events in by_type.items():
                previous_groups = [ids for _, kind, ids in previous if kind == event_type]
                for group in merge_changes(events, previous_groups, changed):
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

    def _events_of_type(self, event_type: str) -> list[EventForMerge]:
        rows = self.connection.execute(f"SELECT {_MERGE_COLUMNS} FROM {_EVENTS_FOR_MERGE} WHERE e.event_type = ?",
                                       [event_type]).fetchall()
        return [EventForMerge.from_row(row) for row in rows]

    def _unmerged_events_of(self, article_ids: list[str]) -> list[EventForMerge]:
        rows = self.connection.execute(
            f"SELECT {_MERGE_COLUMNS} FROM {_EVENTS_FOR_MERGE} WHERE e.article_id IN (SELECT unnest(?)) "
            f"AND NOT e.{_MERGEABLE_SQL}",
            [article_ids],
        ).fetchall()
        return [EventForMerge.from_row(row) for row in rows]

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

    # -- publishing --------------------------------------------------------------------------------------

    def publish(self, force: bool = False) -> bool:
        """Publish what changed since the last publish, at most every interval (and any finished merge)."""
        now = time.monotonic()
        due = self._dirty and (force or now - self._last_publish >= self.publish_interval_s)
        if not due and not self.publisher.compaction_pending:
            return False
        self.last_publish = self.publisher.publish(self.connection, self.last_seq)
        for outcome in self.last_publish.compactions_applied:
            # a failed merge leaves the parts as they were and is tried again at the next publish
            log.log(logging.WARNING if outcome.startswith("compaction failed") else logging.INFO, "store: %s",
                    outcome)
        # tombstones now live in the published parts; the working file needs them no longer
        self.connection.execute("DELETE FROM deletions WHERE _seq <= ?", [self.last_seq])
        self._last_publish = now
        self._dirty = False
        return True

    def settle(self) -> None:
        """Publish, and finish every due merge of parts before returning (bulk loads, tests)."""
        self.publisher.settle(self.connection, self.last_seq)
        self.connection.execute("DELETE FROM deletions WHERE _seq <= ?", [self.last_seq])
        self._dirty = False


_MERGEABLE_SQL = "granularity IN (" + ", ".join(f"'{g.value}'" for g in sorted(MERGEABLE_GRANULARITIES)) + ")"
# The columns of EventForMerge.from_row: each event with the story of its article.
_MERGE_COLUMNS = ", ".join(f"e.{column}" for column in (
    "event_id", "article_id", "source", "published", "event_type", "date_start", "date_end", "granularity",
    "date_source", "actors", "keywords", "trigger", "sentence", "status", "title", "subject",
    "publication_date")) + \
    ", coalesce(st.story_id, '')"
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


def _article_row(item: AnalysedArticle, now: datetime) -> dict[str, object]:
    article = item.article
    return {
        "article_id": article.id, "url": article.url, "source": article.source, "title": article.title,
        "published": _utc_naive(article.published), "language": article.language, "text": article.text,
        "content_hash": item.content_hash, "analyser_version": item.analyser_version, "ingested_at": now,
        "n_mentions": len(item.mentions), "n_events": len(item.events), "story_terms": item.story_terms,
        "publication_date": article.publication_date, "utc_offset_minutes": article.utc_offset_minutes,
    }


_STORY_VECTORS_ARROW = pa.schema([("article_id", pa.string()), ("published", pa.timestamp("us")),
                                  ("terms", pa.list_(pa.string())), ("weights", pa.list_(pa.float64()))])
_STORY_INDEX_ARROW = pa.schema([("term", pa.string()), ("story_id", pa.string()), ("article_id", pa.string()),
                                ("published", pa.timestamp("us"))])
_STORIES_ARROW = pa.schema([
    ("story_id", pa.string()), ("label", pa.string()), ("n_articles", pa.int32()),
    ("first_published", pa.timestamp("us")), ("last_published", pa.timestamp("us")), ("names", pa.list_(pa.string())),
])

_MENTIONS_ARROW = pa.schema([
    ("article_id", pa.string()), ("mention_idx", pa.int32()), ("start", pa.int32()), ("end", pa.int32()),
    ("text", pa.string()), ("type", pa.string()), ("value", pa.string()), ("date_start", pa.date32()),
    ("date_end", pa.date32()), ("granularity", pa.string()), ("confidence", pa.float64()),
    ("anchor", pa.string()), ("rule", pa.string()), ("open_side", pa.string()),
])

_EVENTS_ARROW = pa.schema([
    ("event_id", pa.string()), ("article_id", pa.string()), ("event_type", pa.string()), ("cameo", pa.string()),
    ("trigger", pa.string()), ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
    ("sentence", pa.string()), ("sentence_start", pa.int32()), ("sentence_end", pa.int32()),
    ("actors", pa.list_(pa.string())), ("keywords", pa.list_(pa.string())), ("status", pa.string()),
    ("negated", pa.bool_()), ("modality", pa.string()), ("date_start", pa.date32()), ("date_end", pa.date32()),
    ("granularity", pa.string()), ("date_source", pa.string()), ("date_text", pa.string()),
    ("date_value", pa.string()), ("date_mention_start", pa.int32()), ("confidence", pa.float64()),
    ("source", pa.string()), ("published", pa.timestamp("us")), ("subject", pa.string()), ("object", pa.string()),
    ("title", pa.string()), ("publication_date", pa.date32()),
])


def _mention_rows(item: AnalysedArticle) -> Iterator[dict[str, object]]:
    for index, mention in enumerate(item.mentions):
        row = mention.model_dump(include=set(MENTION_COLUMNS))
        row["granularity"] = mention.granularity.value if mention.granularity else None
        row["type"] = mention.type.value
        yield {"article_id": item.article.id, "mention_idx": index, **row}


def _event_rows(item: AnalysedArticle) -> Iterator[dict[str, object]]:
    for event in item.events:
        row = event.model_dump(mode="python", include=set(EVENT_COLUMNS))
        for key in ("event_type", "status", "granularity", "date_source"):
            row[key] = getattr(event, key).value
        row["source"] = item.article.source
        row["published"] = _utc_naive(item.article.published)
        row["publication_date"] = item.article.publication_date
        yield row


def _entry_row(entry: TimelineEntry) -> dict[str, object]:
    row = entry.model_dump(mode="python")
    for key in ("event_type", "granularity", "date_source"):
        row[key] = getattr(entry, key).value
    row["first_reported"] = _utc_naive(entry.first_reported)
    return row


# -- reading -----------------------------------------------------------------------------------------------

WRITE_STATEMENT = re.compile(
    r"^\s*(?:insert|update|delete|create|drop|alter|attach|detach|copy|export|import|install|load|set|pragma|"
    r"call|checkpoint|vacuum|begin|commit|rollback|truncate|replace|merge|grant|use)\b",
    re.IGNORECASE,
)


def is_write_statement(query: str) -> bool:
    """Whether a statement would change something: readers refuse these before DuckDB sees them (the published
    tables are views over Parquet parts, where DuckDB's own refusal would read as a binder error)."""
    return WRITE_STATEMENT.match(query) is not None


class NoSnapshotYet(FileNotFoundError):
    """The DuckDB file has not been published yet: nothing has been ingested."""


@contextlib.contextmanager
def read_only(path: Path, attempts: int = 20, wait_s: float = 0.1) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection to the published catalog (views over the store's Parquet parts).

    Close it soon: a process that keeps one open keeps reading the state it opened (DuckDB caches the
    database per path within a process), and the parts behind it are deleted 10 minutes after a merge
    replaced them. Retries cover the instant a catalog is being renamed into place and a writer from an
    older design still holding the file.
    """
    if not path.exists():
        raise NoSnapshotYet(f"{path} does not exist yet: start ingestion (timeline run / timeline ingest) first")
    last_error: Exception | None = None
    for _ in range(attempts):
        try:
            connection = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.IOException as error:
            last_error = error
            time.sleep(wait_s)
    else:
        raise last_error if last_error else RuntimeError("unreachable")
    try:
        _read_only_surface(connection, parts_dir(path))
        yield connection
    finally:
        connection.close()


# what a reader's query may use: the page and `timeline sql` run queries that anyone who can open them writes
READER_MEMORY_LIMIT = "1GB"


def _read_only_surface(connection: duckdb.DuckDBPyConnection, parts: Path) -> None:
    """A reader's connection reads the timeline and nothing else: no file or network outside the store's
    parts (read_text, read_csv, ATTACH, COPY, INSTALL and LOAD are refused), a memory limit, and the
    configuration locked so that a query cannot undo it. A process that holds the catalog open shares one
    database instance across its connections: the first one locks it for all."""
    if connection.execute("SELECT current_setting('lock_configuration')").fetchone()[0]:
        return
    folder = str(parts.resolve()).replace("'", "''")
    connection.execute(f"SET allowed_directories = ['{folder}/']")
    connection.execute("SET enable_external_access = false")
    connection.execute(f"SET memory_limit = '{READER_MEMORY_LIMIT}'")
    connection.execute("SET lock_configuration = true")
