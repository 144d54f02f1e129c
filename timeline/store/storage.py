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

import logging
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from timeline.models import (
    EVENTS,
    INGEST_BATCHES,
    MENTIONS,
    PUBLISHED,
    AnalysedArticle,
    BatchResult,
    TemporalMention,
    newest_versions,
)
from timeline.store.changes import DELETIONS, STORE_STATE
from timeline.store.publishing import Publisher, PublishStats
from timeline.store.remerge import Remerging
from timeline.store.schema import declare, utc_naive
from timeline.store.story_index import STORY_DF, STORY_INDEX, STORY_VECTORS, StoryPlacement
from timeline.stories.merging import MERGEABLE_GRANULARITIES
from timeline.stories.similarity import StoryVector

log = logging.getLogger("timeline.store")

SCHEMA_VERSION = 1
# How entries are built (their titles, the merge rules). A writer that finds entries of an earlier version
# merges the timeline again once when it starts: 2 = titles are headlines of the evidence, not templates;
# 3 = titles are the events' own, built from the parse in analysis (events.title); 4 = two named speakers'
# statements are two entries (events.subject); 5 = entries carry their salience in their story.
ENTRIES_VERSION = 5
SCHEMA_META = declare("schema_meta", "version", {"version": int}, required="version", published=False)
ENTRIES_META = declare("entries_meta", "version", {"version": int}, required="version", published=False)
# Every table of the working file, created or given the columns declared since the file was written; the story
# keys of the rule before timeline.stories.similarity are dropped.
SCHEMA = "".join(table.ddl() for table in (SCHEMA_META, ENTRIES_META, *PUBLISHED, STORY_VECTORS, STORY_DF,
                                            STORY_INDEX, DELETIONS, STORE_STATE)) + "DROP TABLE IF EXISTS story_keys;\n"
WRITER_MEMORY_LIMIT = "512MB"
# Placing the newest window again costs about as much as placing its articles did: done when the writer is idle,
# at most this often.
RECLUSTER_INTERVAL_S = 30.0


def writer_path(published: Path) -> Path:
    """The writer's private working file beside the published catalog."""
    return published.with_name(f"{published.stem}.writer{published.suffix or '.duckdb'}")


class TimelineStore(StoryPlacement, Remerging):
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
        self.placed_since_recluster = 0
        self._last_recluster = float("-inf")
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
            elif previous is not None and previous[1] > utc_naive(item.article.published):
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
            self._append("ingest_batches", pa.Table.from_pylist(
                [result.batch_row(utc_naive(datetime.now(UTC)), lag)], schema=INGEST_BATCHES.arrow_schema))
            self._commit()
        except BaseException:
            self._rollback()
            raise
        self.placed_since_recluster += result.articles_written
        return result

    def recluster_recent(self) -> int:
        """Place the newest window's articles again in publication order (timeline.store.story_index), so that
        the order they arrived in stops mattering for them; the entries of the articles that moved are merged
        again in their new stories. One batch of its own; returns how many articles moved."""
        self._begin()
        try:
            moved, stories = self._place_recent_again()
            if not moved:
                self._rollback()
                self.placed_since_recluster = 0
                self._last_recluster = time.monotonic()
                return 0
            changed = {row[0] for row in self.connection.execute(
                "SELECT event_id FROM events WHERE article_id IN (SELECT unnest(?))", [moved]).fetchall()}
            self._remerge(self._event_windows_of(moved), removed_articles=moved, changed=changed)
            self._update_salience(stories)
            self._commit()
        except BaseException:
            self._rollback()
            raise
        self.placed_since_recluster = 0
        self._last_recluster = time.monotonic()
        log.info("store: %d recent articles moved to other stories when placed again in publication order",
                 len(moved))
        return len(moved)

    def when_idle(self) -> None:
        """What the writer does when the feed pauses: place the newest window again if articles came since the
        last time (at most every RECLUSTER_INTERVAL_S: a feed that trickles in pauses after every article), and
        publish."""
        if self.placed_since_recluster and time.monotonic() - self._last_recluster >= RECLUSTER_INTERVAL_S:
            self.recluster_recent()
        self.publish()

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
        now = utc_naive(datetime.now(UTC))
        self._append("articles", pa.Table.from_pylist([_article_row(item, now) for item in items]))
        self._append("mentions", pa.Table.from_pylist(
            [row for item in items for row in _mention_rows(item)], schema=MENTIONS.arrow_schema))
        self._append("events", pa.Table.from_pylist(
            [row for item in items for row in _event_rows(item)], schema=EVENTS.arrow_schema))
        new_windows = [
            (e.event_type.value, e.date_start, e.date_end)
            for item in items for e in item.events if e.granularity in MERGEABLE_GRANULARITIES
        ]
        changed = {event.event_id for item in items for event in item.events}
        joined = self._place_in_stories(
            [StoryVector(item.article.id, utc_naive(item.article.published), item.story_weights) for item in items],
            old_stories)
        # a placed article moves only when the newest window is placed again (recluster_recent), so only the new
        # articles' events are merged again
        recomputed = self._remerge(old_windows + new_windows, removed_articles=ids, changed=changed)
        self._update_salience(old_stories | joined)
        return recomputed

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



def _article_row(item: AnalysedArticle, now: datetime) -> dict[str, object]:
    article = item.article
    return {
        "article_id": article.id, "url": article.url, "source": article.source, "title": article.title,
        "published": utc_naive(article.published), "language": article.language, "text": article.text,
        "content_hash": item.content_hash, "analyser_version": item.analyser_version, "ingested_at": now,
        "n_mentions": len(item.mentions), "n_events": len(item.events), "story_terms": item.story_terms,
        "publication_date": article.publication_date, "utc_offset_minutes": article.utc_offset_minutes,
    }


# the columns of each table its model gives (the rest the writer adds)
_MENTION_FIELDS = set(MENTIONS.names) & set(TemporalMention.model_fields)
_EVENT_FIELDS = set(EVENTS.names)


def _mention_rows(item: AnalysedArticle) -> Iterator[dict[str, object]]:
    for index, mention in enumerate(item.mentions):
        row = mention.model_dump(include=_MENTION_FIELDS)
        row["granularity"] = mention.granularity.value if mention.granularity else None
        row["type"] = mention.type.value
        yield {"article_id": item.article.id, "mention_idx": index, **row}


def _event_rows(item: AnalysedArticle) -> Iterator[dict[str, object]]:
    for event in item.events:
        row = event.model_dump(mode="python", include=_EVENT_FIELDS)
        for key in ("event_type", "status", "granularity", "date_source"):
            row[key] = getattr(event, key).value
        row["source"] = item.article.source
        row["published"] = utc_naive(item.article.published)
        row["publication_date"] = item.article.publication_date
        yield row
