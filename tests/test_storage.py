"""The DuckDB store: idempotent upserts, version rules, incremental merging, snapshots for other processes."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from timeline.analysis.pipeline import analyse_article
from timeline.models import AnalysedArticle, Article
from timeline.store.reading import is_write_statement, read_only
from timeline.store.storage import ENTRIES_VERSION, TimelineStore, writer_path


def analysed(article_id: str, text: str, published: str, source: str = "Wire") -> AnalysedArticle:
    return analyse_article(Article(id=article_id, source=source, title=article_id, published=published,  # type: ignore[arg-type]
                                   text=text))


CORPUS = [
    analysed("r1", "Trump met Rutte in the Oval Office on Monday. NATO announced the plan on Monday.", "2025-07-15"),
    analysed("r2", "On Monday, Rutte met Trump at the Oval Office. The Pentagon paused shipments last week.",
             "2025-07-16", "Other"),
    analysed("r3", "The Pentagon halted weapons shipments last week, officials said.", "2025-07-09", "Third"),
    analysed("r4", "Zelensky met Merz in Berlin on Wednesday. They will meet again on July 23.", "2025-07-17"),
    analysed("r5", "Ministers met in 1998 and in the summer of 1999 about trade.", "2025-07-17", "Archive"),
]


def table(store: TimelineStore, query: str) -> list[tuple]:  # type: ignore[type-arg]
    return store.connection.execute(query).fetchall()


def timeline_rows(store: TimelineStore) -> list[tuple]:  # type: ignore[type-arg]
    return table(store, "SELECT event_type, date_start, date_end, article_ids, event_ids, dates_disagree, salience "
                        "FROM timeline ORDER BY ALL")


def test_redelivery_is_absorbed(tmp_path: Path) -> None:
    store = TimelineStore(tmp_path / "t.duckdb")
    first = store.write_batch(CORPUS)
    again = store.write_batch(CORPUS + CORPUS[:2])
    assert first.articles_written == 5 and again.articles_written == 0 and again.redeliveries_skipped == 7
    counts = table(store, "SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT article_id) FROM articles),"
                          " (SELECT count(*) FROM events), (SELECT count(DISTINCT event_id) FROM events)")[0]
    assert counts[0] == counts[1] == 5 and counts[2] == counts[3]


def test_newest_publication_wins(tmp_path: Path) -> None:
    store = TimelineStore(tmp_path / "t.duckdb")
    old = analysed("x", "Leaders met on Monday.", "2025-07-15")
    new = analysed("x", "Leaders met on Tuesday in Rome.", "2025-07-16")
    store.write_batch([new])
    skipped = store.write_batch([old])
    assert skipped.older_versions_skipped == 1
    assert table(store, "SELECT text FROM articles") == [("Leaders met on Tuesday in Rome.",)]
    store.write_batch([analysed("x", "Leaders met on Wednesday.", "2025-07-17")])
    assert table(store, "SELECT count(*), min(date_start) FROM events") == [(1, date(2025, 7, 16))]


def test_incremental_merge_equals_a_full_rebuild_in_any_batching(tmp_path: Path) -> None:
    rng = random.Random(3)
    for attempt in range(4):
        items = CORPUS[:]
        rng.shuffle(items)
        store = TimelineStore(tmp_path / f"t{attempt}.duckdb")
        position = 0
        while position < len(items):
            size = rng.randint(1, 3)
            store.write_batch(items[position:position + size])
            position += size
        store.write_batch([analysed("r2", "Rutte and Trump met at the Oval Office on Monday.", "2025-07-18", "Other")])
        incremental = timeline_rows(store)
        store.rebuild_timeline()
        assert timeline_rows(store) == incremental
        members = table(store, "SELECT count(*) FROM timeline_members m LEFT JOIN events e USING (event_id) "
                               "WHERE e.event_id IS NULL")
        assert members == [(0,)]


def test_disagreeing_entries_are_rebuilt_whole_when_a_neighbour_changes(tmp_path: Path) -> None:
    """Sources a day apart across a month boundary make one entry displayed on one member's dates; a later
    batch near the other member must rebuild that entry, not leave the event in two entries."""
    first = analysed("d1", "Officials from Kenya and Chile signed the water deal in September in Nairobi.",
                     "2025-10-01")
    second = analysed("d2", "Officials from Kenya and Chile signed the water deal in October in Nairobi.",
                      "2025-10-20")
    later = analysed("d3", "Officials from Peru signed a trade deal on October 31 in Lima.", "2025-11-03", "Other")
    store = TimelineStore(tmp_path / "t.duckdb")
    store.write_batch([first, second])
    store.write_batch([later])
    incremental = timeline_rows(store)
    assert table(store, "SELECT count(*) - count(DISTINCT event_id) FROM timeline_members") == [(0,)]
    store.rebuild_timeline()
    assert timeline_rows(store) == incremental


def test_an_event_just_beyond_the_window_keeps_its_single_entry(tmp_path: Path) -> None:
    """An event 15 to 21 days after a new one lies past the window's reach by its date but not by its
    reporting lag: it must be re-merged with its entry or not at all, never into a second entry."""
    store = TimelineStore(tmp_path / "t.duckdb")
    store.write_batch([analysed("v", "Leaders met in Rome on July 19 to discuss grain.", "2025-07-20")])
    store.write_batch([analysed("x", "Leaders met in Paris on July 1 to discuss oil.", "2025-07-02", "Other")])
    assert table(store, "SELECT count(*) - count(DISTINCT event_id) FROM timeline_members") == [(0,)]
    incremental = timeline_rows(store)
    store.rebuild_timeline()
    assert timeline_rows(store) == incremental


def test_every_event_is_in_exactly_one_entry(tmp_path: Path) -> None:
    store = TimelineStore(tmp_path / "t.duckdb")
    store.write_batch(CORPUS)
    rows = table(store, "SELECT event_id, count(*) FROM events LEFT JOIN timeline_members USING (event_id) "
                        "GROUP BY event_id HAVING count(entry_id) <> 1")
    assert rows == []


def test_another_process_reads_the_snapshot_while_the_writer_holds_its_file(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    store = TimelineStore(path, publish_interval_s=0)
    store.write_batch(CORPUS[:2])
    store.publish()
    reader = ("import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True); "
              "print(c.execute('SELECT count(*) FROM articles').fetchone()[0])")
    assert subprocess.run([sys.executable, "-c", reader, str(path)], capture_output=True, text=True,
                          check=True).stdout.strip() == "2"
    # a reader holding the published file does not stop the writer from storing and republishing
    with read_only(path) as held:
        store.write_batch(CORPUS[2:])
        assert store.publish()
        assert held.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert subprocess.run([sys.executable, "-c", reader, str(path)], capture_output=True, text=True,
                          check=True).stdout.strip() == "5"
    store.close()


def test_readers_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    store = TimelineStore(path)
    store.write_batch(CORPUS[:1])
    store.close()
    for statement in ("DELETE FROM articles", "CREATE TABLE copied AS SELECT * FROM articles"):
        with read_only(path) as connection, pytest.raises(duckdb.Error):
            connection.execute(statement)
    assert is_write_statement("  delete from articles") and not is_write_statement("SELECT * FROM deleted")
    with read_only(path) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_entries_of_an_earlier_version_are_merged_again_when_the_writer_starts(
        tmp_path: Path, seed_articles: list[Article]) -> None:
    path = tmp_path / "t.duckdb"
    store = TimelineStore(path)
    store.write_batch([analyse_article(article) for article in seed_articles])
    expected = store.connection.execute("SELECT entry_id, title FROM timeline ORDER BY 1").fetchall()
    store.close()
    # what an earlier version left: template titles and no record of how its entries were built
    connection = duckdb.connect(str(writer_path(path)))
    connection.execute("UPDATE timeline SET title = 'Meeting — Rutte, Trump: met'; DELETE FROM entries_meta")
    connection.close()
    store = TimelineStore(path)
    assert store.connection.execute("SELECT entry_id, title FROM timeline ORDER BY 1").fetchall() == expected
    store.close()
    with read_only(path) as reader:
        titles = [row[0] for row in reader.execute("SELECT title FROM timeline").fetchall()]
    assert titles and not any("—" in title for title in titles)
    # a store already of this version is not merged again
    store = TimelineStore(path)
    assert store.connection.execute("SELECT max(version) FROM entries_meta").fetchone() == (ENTRIES_VERSION,)
    store.close()


@pytest.mark.parametrize("query", [
    "SELECT content FROM read_text('/etc/hostname')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "ATTACH '{outside}/other.duckdb' AS other",
    "COPY (SELECT 1) TO '{outside}/out.csv'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SELECT * FROM read_text('{parts}/../secret.txt')",
])
def test_a_reader_reads_the_timeline_and_nothing_else(tmp_path: Path, query: str) -> None:
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    (store_dir / "secret.txt").write_text("not for readers")
    path = store_dir / "timeline.duckdb"
    store = TimelineStore(path)
    store.write_batch(CORPUS[:2])
    store.settle()
    store.close()
    with read_only(path) as connection:
        assert connection.execute("SELECT count(*) FROM timeline").fetchone()[0] > 0  # the store's own parts
        with pytest.raises(duckdb.Error, match=r"disabled|locked|configuration"):
            connection.execute(query.format(outside=tmp_path, parts=store_dir / "timeline.parts")).fetchall()
    # a second connection of the same process is locked down as well
    with read_only(path) as again, pytest.raises(duckdb.Error):
        again.execute("SELECT content FROM read_text('/etc/hostname')").fetchall()


def test_the_store_keeps_the_utc_instant_and_the_publishers_local_day(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    store = TimelineStore(path)
    store.write_batch([analysed("local", "The council met yesterday in the town hall.", "2025-11-08T21:11:00-05:00")])
    store.settle()
    store.close()
    with read_only(path) as reader:
        assert reader.execute("SELECT published, publication_date, utc_offset_minutes FROM articles").fetchall() == [
            (datetime(2025, 11, 9, 2, 11), date(2025, 11, 8), -300)]
        assert reader.execute("SELECT DISTINCT publication_date, date_start FROM events").fetchall() == [
            (date(2025, 11, 8), date(2025, 11, 7))]
