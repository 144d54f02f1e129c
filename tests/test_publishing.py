"""Publishing to readers: Parquet parts, tombstones, compaction, restarts and the grace period of old parts."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest

from tests.test_storage import CORPUS, analysed
from timeline.store import publishing
from timeline.store.publishing import PUBLISHED_TABLES, Manifest, parts_dir, size_tier
from timeline.store.reading import read_only
from timeline.store.storage import TimelineStore

COMPARED = ("articles", "mentions", "events", "timeline", "timeline_members")


def working_rows(store: TimelineStore, table: str) -> list[tuple]:  # type: ignore[type-arg]
    columns = [d[0] for d in store.connection.execute(f"SELECT * FROM {table} LIMIT 0").description
               if d[0] != "_seq"]
    return store.connection.execute(f"SELECT {', '.join(map(repr_column, columns))} FROM {table} ORDER BY ALL"
                                    ).fetchall()


def published_rows(path: Path, table: str) -> list[tuple]:  # type: ignore[type-arg]
    with read_only(path) as connection:
        columns = [d[0] for d in connection.execute(f"SELECT * FROM {table} LIMIT 0").description]
        return connection.execute(f"SELECT {', '.join(map(repr_column, columns))} FROM {table} ORDER BY ALL"
                                  ).fetchall()


def repr_column(name: str) -> str:
    return f'"{name}"'


def assert_published_equals_working(store: TimelineStore) -> None:
    for table in COMPARED:
        assert published_rows(store.published, table) == working_rows(store, table), table


def rewritten(article_id: str, day: int) -> object:
    """A new version of an article: same id, later publication, other content (replaces rows, leaves tombstones)."""
    return analysed(article_id, f"Ministers met in Rome on July {day} about grain. They agreed a deal.",
                    f"2025-07-{day + 1:02d}")


@pytest.fixture
def small_tiers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiers and full rewrites small enough for a few dozen articles to exercise every kind of merge."""
    monkeypatch.setattr(publishing, "SMALLEST_TIER_ROWS", 4)
    monkeypatch.setattr(publishing, "MERGE_FACTOR", 3)
    monkeypatch.setattr(publishing, "FULL_REWRITE_MIN_TOMBSTONES", 5)


def test_size_tiers_grow_by_the_merge_factor() -> None:
    assert size_tier(0) == size_tier(publishing.SMALLEST_TIER_ROWS - 1) == 0
    assert size_tier(publishing.SMALLEST_TIER_ROWS) == 1
    assert size_tier(publishing.SMALLEST_TIER_ROWS * publishing.MERGE_FACTOR) == 2


def test_published_views_equal_the_working_tables_through_replacements_and_merges(
        tmp_path: Path, small_tiers: None) -> None:
    rng = random.Random(5)
    store = TimelineStore(tmp_path / "t.duckdb", publish_interval_s=0)
    for round_ in range(12):
        batch = [CORPUS[rng.randrange(len(CORPUS))], rewritten(f"v{rng.randrange(4)}", 3 + round_)]
        store.write_batch(batch)
        store.publish()
        assert_published_equals_working(store)  # whatever the compactor has or has not finished
    store.settle()
    assert_published_equals_working(store)
    parts = store.publisher.manifest.parts
    # merges happened: far fewer parts than the 12 publishes wrote, and tombstones rewritten away
    assert len([p for p in parts if p.table == "mentions" and not p.tombstones]) < 6
    store.close()


def test_a_full_rewrite_drops_the_tombstones_it_applied(tmp_path: Path, small_tiers: None) -> None:
    store = TimelineStore(tmp_path / "t.duckdb", publish_interval_s=0)
    for day in range(3, 12):
        store.write_batch([rewritten("same", day)])  # each version deletes the last one's rows
        store.publish()
    store.settle()
    tombstone_rows = sum(p.rows for p in store.publisher.manifest.parts if p.tombstones and p.table == "mentions")
    assert tombstone_rows < publishing.FULL_REWRITE_MIN_TOMBSTONES
    assert_published_equals_working(store)
    assert published_rows(store.published, "articles")[0][0] == "same"
    store.close()


def test_a_reader_keeps_its_catalog_while_parts_are_merged_and_retired(tmp_path: Path, small_tiers: None) -> None:
    path = tmp_path / "t.duckdb"
    store = TimelineStore(path, publish_interval_s=0)
    store.write_batch(CORPUS[:2])
    store.publish()
    with read_only(path) as held:
        before = held.execute("SELECT count(*) FROM mentions").fetchone()
        for day in range(3, 12):
            store.write_batch([rewritten(f"r{day}", day)])
            store.publish()
        store.settle()
        assert store.publisher.manifest.retired, "merges retire parts"
        assert held.execute("SELECT count(*) FROM mentions").fetchone() == before
    store.publisher.grace_s = 0
    store.write_batch([rewritten("last", 20)])
    store.publish()
    retired_files = [parts_dir(path) / r.file for r in store.publisher.manifest.retired]
    assert store.publisher.manifest.retired == [] and not any(f.exists() for f in retired_files)
    assert_published_equals_working(store)
    store.close()


def test_a_writer_stopped_before_publishing_publishes_on_restart(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    store = TimelineStore(path, publish_interval_s=3600)
    store.write_batch(CORPUS[:2])
    store.publish(force=True)
    store.write_batch(CORPUS[2:])  # committed, never published: the process dies here
    orphan = parts_dir(path) / "events" / "000000000099-000000000099-deadbeef.parquet"
    orphan.write_bytes(b"half-written")  # a part written by a publish that did not finish
    store.connection.close()
    assert len(published_rows(path, "articles")) == 2

    restarted = TimelineStore(path)
    assert not orphan.exists()
    restarted.publish(force=True)
    assert len(published_rows(path, "articles")) == len(CORPUS)
    assert_published_equals_working(restarted)
    restarted.close()


def test_a_new_working_file_is_published_from_scratch(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    first = TimelineStore(path)
    first.write_batch(CORPUS)
    first.close()
    first.work.unlink()  # the working file is gone (a user deleted it to start over)
    second = TimelineStore(path)
    second.write_batch(CORPUS[:1])
    second.close()
    assert [r[0] for r in published_rows(path, "articles")] == [CORPUS[0].article.id]
    manifest = Manifest.model_validate_json((parts_dir(path) / "manifest.json").read_text())
    assert manifest.store_id == second.store_id


def test_the_catalog_documents_its_parts_and_every_table_has_columns_from_the_start(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    store = TimelineStore(path)
    store.publish(force=True)  # nothing written yet: empty but typed tables
    with read_only(path) as connection:
        for table in PUBLISHED_TABLES:
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        assert "article_id" in [d[0] for d in connection.execute("SELECT * FROM events LIMIT 0").description]
        with pytest.raises(duckdb.Error):
            connection.execute("SELECT _seq FROM articles")
    store.write_batch(CORPUS)
    store.close()
    with read_only(path) as connection:
        files = connection.execute("SELECT file FROM store_parts WHERE table_name = 'articles'").fetchall()
        assert files and all(Path(f).is_file() for (f,) in files)
    assert path.stat().st_size < 2_000_000


def test_the_benchmarks_bulk_loads_fit_the_schema_and_the_store_works_after_them(tmp_path: Path) -> None:
    """`timeline bench store` and `bench pipeline` load synthetic rows straight into the working file."""
    from app.data import ALL_STORIES, Filters, entries
    from cli.pipeline_bench import _fill_synthetic_events
    from cli.store_bench import build_store

    path = tmp_path / "store" / "timeline.duckdb"
    path.parent.mkdir()
    build_store(path, 3_000)
    store = TimelineStore(path, publish_interval_s=0)
    store.write_batch(CORPUS)
    store.publish()
    assert len(published_rows(path, "articles")) == 3_000 + len(CORPUS)
    assert not entries(path, Filters(actor="Actor 17", story=ALL_STORIES)).empty
    assert published_rows(path, "stories") and published_rows(path, "article_stories")
    store.close()

    merge = TimelineStore(tmp_path / "merge.duckdb")
    _fill_synthetic_events(merge.connection, 600)
    assert merge.write_batch(CORPUS).articles_written == len(CORPUS)
    assert merge.connection.execute(
        "SELECT count(*) FROM events LEFT JOIN timeline_members USING (event_id) GROUP BY event_id "
        "HAVING count(entry_id) <> 1").fetchall() == [], "every event in exactly one entry"
    merge.close()
