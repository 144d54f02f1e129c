"""`timeline bench store`: what publishing costs as the store grows, next to the old whole-file snapshot copy.

For each size, a store is bulk-loaded with synthetic articles (250-word texts, 8 date mentions and 3 events
each, one timeline entry per event, 2,000 stories told by their actors) at a steady 10 articles a day, so
that the store's size is the only thing that changes: merging costs what the events in a ±14-day window
cost, whatever the size (see `merge cost` in `timeline bench pipeline`). Then, in one run:
- the writer stores and publishes batches of real analysed articles: the cost of one publish, and of one
  store + merge, against what copying the whole working file (the old snapshot) costs at that size;
- a one-story timeline query through the page's own query and through `timeline sql` (a whole process);
- at the largest size, the live path on a real broker at 20 articles/s: publish -> visible, and the
  writer's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from app.data import ALL_STORIES, Filters, entries, evidence
from broker import kafka_broker
from broker.clients import ensure_topics
from cli.pipeline_bench import Table, _corpus, _free_port, _peak_rss_mb, folder_mb, latency_at_rate
from cli.services import Services
from timeline.analysis.pipeline import analyse_article
from timeline.models import AnalysedArticle
from timeline.settings import Settings
from timeline.store.publishing import parts_dir
from timeline.store.storage import TimelineStore, writer_path

ARTICLES_PER_DAY = 10
ARTICLES_PER_SEQ = 1_000  # bulk rows are numbered as if written in batches of this many articles
STORIES = 2_000
PROBE_BATCHES = 30
PROBE_BATCH_SIZE = 10
STORY_QUERY = ("SELECT date_start, event_type, n_sources, title FROM timeline "
               "WHERE list_contains(actors, 'Actor 17') ORDER BY date_start")


def fill_synthetic_store(connection: duckdb.DuckDBPyConnection, count: int) -> int:
    """`count` synthetic articles with their mentions, events, entries and members; returns the last _seq."""
    last_day = "DATE '2025-12-31'"
    connection.execute(f"""
        CREATE TEMP TABLE syn AS
        SELECT i, 'syn-' || i AS article_id, i // {ARTICLES_PER_SEQ} AS seq, i % {STORIES} AS story,
               {last_day} - CAST(i // {ARTICLES_PER_DAY} AS INTEGER) AS day
        FROM range({count}) t(i)
    """)
    connection.execute("""
        INSERT INTO articles BY NAME
        SELECT article_id, 'https://news.example/' || i AS url, 'Source ' || (i % 50) AS source,
               'Story ' || story || ': update ' || i AS title, CAST(day AS TIMESTAMP) + INTERVAL 9 HOUR AS published,
               'en' AS language,
               array_to_string(list_transform(range(250), lambda k: 'w' || (hash(i * 1000 + k) % 20000)), ' ') AS text,
               md5(article_id) AS content_hash, '1' AS analyser_version, now() AS ingested_at, 8 AS n_mentions,
               3 AS n_events, ['Actor ' || story, 'Actor ' || ((story + 1) % 2000), 'Place ' || story] AS story_terms,
               seq AS _seq
        FROM syn
    """)
    # stories as the writer keeps them: the same names recur only 200 days apart, so each article is a story
    # of its own; its weights, their document frequencies and its index keys are what a new article is
    # compared with
    connection.execute("""
        INSERT INTO story_vectors
        SELECT article_id, CAST(day AS TIMESTAMP) + INTERVAL 9 HOUR, ['actor ' || story,
               'actor ' || ((story + 1) % 2000), 'place ' || story], [1.0, 1.0, 1.0]
        FROM syn
    """)
    connection.execute("INSERT INTO story_df SELECT term, count(*) FROM (SELECT unnest(terms) AS term "
                       "FROM story_vectors) GROUP BY term")
    connection.execute("INSERT INTO story_index SELECT unnest(v.terms), 'syn-story-' || s.i, v.article_id, "
                       "v.published FROM story_vectors v JOIN syn s USING (article_id)")
    connection.execute("INSERT INTO article_stories BY NAME SELECT article_id, 'syn-story-' || i AS story_id, "
                       "seq AS _seq FROM syn")
    connection.execute("""
        INSERT INTO stories BY NAME
        SELECT 'syn-story-' || i AS story_id, 'Actor ' || story || ' · Place ' || story AS label, 1 AS n_articles,
               CAST(day AS TIMESTAMP) + INTERVAL 9 HOUR AS first_published,
               CAST(day AS TIMESTAMP) + INTERVAL 9 HOUR AS last_published,
               ['Actor ' || story, 'Place ' || story] AS names, seq AS _seq
        FROM syn
    """)
    connection.execute("""
        INSERT INTO mentions BY NAME
        SELECT article_id, m AS mention_idx, m * 200 AS start, m * 200 + 9 AS "end", 'on Monday' AS text,
               'DATE' AS type, strftime(day - m, '%Y-%m-%d') AS value, day - m AS date_start, day - m AS date_end,
               'day' AS granularity, 0.9 AS confidence, 'publication' AS anchor, 'weekday' AS rule, seq AS _seq
        FROM syn, (SELECT CAST(range AS INTEGER) AS m FROM range(8))
    """)
    connection.execute("""
        INSERT INTO events BY NAME
        SELECT article_id || '#' || e AS event_id, article_id,
               ['announcement', 'pause', 'meeting', 'other'][1 + (i + e) % 4] AS event_type, '010' AS cameo,
               'met' AS trigger, 10 AS trigger_start, 13 AS trigger_end,
               'Actor ' || story || ' met Actor ' || ((story + 1) % 2000) || ' on Monday to discuss item ' || e
                   AS sentence, 0 AS sentence_start, 60 AS sentence_end,
               ['Actor ' || story, 'Actor ' || ((story + 1) % 2000)] AS actors, ['item', 'talks'] AS keywords,
               'happened' AS status, false AS negated, day - e AS date_start, day - e AS date_end,
               'day' AS granularity, 'text' AS date_source, 'on Monday' AS date_text,
               strftime(day - e, '%Y-%m-%d') AS date_value, 0 AS date_mention_start, 0.8 AS confidence,
               'Source ' || (i % 50) AS source, CAST(day AS TIMESTAMP) AS published, seq AS _seq
        FROM syn, (SELECT CAST(range AS INTEGER) AS e FROM range(3))
    """)
    connection.execute("""
        INSERT INTO timeline BY NAME
        SELECT 'entry-' || event_id AS entry_id, event_type, date_start, date_end, granularity,
               sentence AS title, [article_id] AS article_ids, [event_id] AS event_ids, [source] AS sources,
               1 AS n_sources, published AS first_reported, false AS dates_disagree, [] AS candidate_dates, actors,
               'single report' AS merge_reason, date_source, date_start AS span_start, date_end AS span_end,
               true AS mergeable, 'syn-story-' || split_part(article_id, '-', 2) AS story_id, _seq
        FROM events WHERE starts_with(event_id, 'syn-')
    """)
    connection.execute("INSERT INTO timeline_members BY NAME SELECT 'entry-' || event_id AS entry_id, event_id, "
                       "article_id, _seq FROM events WHERE starts_with(event_id, 'syn-')")
    last_seq = max(0, (count - 1) // ARTICLES_PER_SEQ)
    connection.execute("UPDATE store_state SET last_seq = ?", [last_seq])
    connection.execute("DROP TABLE syn")
    connection.execute("CHECKPOINT")
    return last_seq


def build_store(path: Path, count: int) -> float:
    """Bulk-load and publish a store of `count` articles; returns the seconds it took."""
    started = time.perf_counter()
    store = TimelineStore(path)
    store.last_seq = fill_synthetic_store(store.connection, count)
    store.settle()
    store.close()
    return time.perf_counter() - started


def old_snapshot_copy_s(path: Path) -> float:
    """What the old design paid on every publish: checkpoint, then copy the whole working file."""
    store = TimelineStore(path)
    started = time.perf_counter()
    store.connection.execute("CHECKPOINT")
    copy = path.with_name("old-snapshot-copy.duckdb")
    shutil.copyfile(store.work, copy)
    seconds = time.perf_counter() - started
    copy.unlink()
    store.publisher.close()
    store.connection.close()
    return seconds


def probe_writes(path: Path, probes: list[AnalysedArticle]) -> tuple[list[float], list[float]]:
    """Store and publish PROBE_BATCHES batches of real articles: (write seconds, publish seconds) each."""
    store = TimelineStore(path)
    writes, publishes = [], []
    for index in range(PROBE_BATCHES):
        batch = probes[index * PROBE_BATCH_SIZE:(index + 1) * PROBE_BATCH_SIZE]
        started = time.perf_counter()
        store.write_batch(batch)
        writes.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.publish(force=True)
        publishes.append(time.perf_counter() - started)
    store.close()
    return writes, publishes


def query_seconds(path: Path) -> tuple[float, float, int]:
    """The one-story query: the page's own (entries + the first entry's evidence), and `timeline sql`."""
    started = time.perf_counter()
    frame = entries(path, Filters(types=("announcement", "pause", "meeting", "other"), actor="Actor 17",
                                  story=ALL_STORIES))
    if not frame.empty:
        evidence(path, str(frame["entry_id"].iloc[0]))
    page_s = time.perf_counter() - started
    env = {**os.environ, "TIMELINE_DB": str(path)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli.main", "sql", STORY_QUERY], env=env, check=True,
                   capture_output=True, cwd=Path(__file__).resolve().parent.parent)
    return page_s, time.perf_counter() - started, len(frame)


def live_path(table: Table, path: Path, workdir: Path) -> None:
    settings = Settings(bootstrap_servers=f"127.0.0.1:{_free_port()}", db_path=path, state_dir=workdir / "state",
                        cache_dir=Settings.from_env().cache_dir)
    kafka_broker.start(settings)
    try:
        ensure_topics(settings)
        services = Services(settings)
        services.start_analysis("analysis-1")
        writer = services.start_writer()
        try:
            time.sleep(5)
            latency_at_rate(table, settings, 20, 30, 4)
            table.add("  peak RSS of the writer", f"{_peak_rss_mb(writer.process.pid) or 0:.0f} MB",
                      "target <= 1 GB")
        finally:
            services.stop_all()
    finally:
        kafka_broker.stop(settings)


def run_store_benchmark(args: argparse.Namespace) -> int:
    sizes = sorted(args.sizes or [10_000, 100_000, 1_000_000])
    workdir = Path(tempfile.mkdtemp(prefix="timeline-store-bench-", dir=args.workdir))
    table = Table()
    print(f"timeline store benchmark · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.node()} · "
          f"{os.cpu_count()} cores · DuckDB {duckdb.__version__} · in {workdir}")
    probes = [analyse_article(a) for a in _corpus(PROBE_BATCHES * PROBE_BATCH_SIZE, "probe", 11)]
    publish_p50: dict[int, float] = {}
    try:
        for size in sizes:
            path = workdir / f"store-{size}" / "timeline.duckdb"
            path.parent.mkdir()
            load_s = build_store(path, size)
            table.add(f"{size:>9,} articles: bulk load + first publish", f"{load_s:.0f} s")
            table.add("  working file / published parts",
                      f"{writer_path(path).stat().st_size / 1e6:,.0f} / "
                      f"{folder_mb(parts_dir(path)):,.0f} MB")
            copy_s = old_snapshot_copy_s(path)
            writes, publishes = probe_writes(path, probes)
            publish_p50[size] = statistics.median(publishes)
            cuts = statistics.quantiles(publishes, n=20)
            table.add(f"  one publish ({PROBE_BATCH_SIZE} articles): p50 / p95",
                      f"{publish_p50[size] * 1000:.0f} / {cuts[18] * 1000:.0f} ms")
            table.add("  old design, checkpoint + copy of the whole file", f"{copy_s * 1000:,.0f} ms")
            table.add("  store + incremental merge of the batch: p50", f"{statistics.median(writes) * 1000:.0f} ms")
            page_s, cli_s, shown = query_seconds(path)
            table.add(f"  one-story query ({shown} entries): page / `timeline sql` process",
                      f"{page_s:.2f} / {cli_s:.2f} s", "target <= 1 s")
        smallest, largest = sizes[0], sizes[-1]
        table.add(f"publish cost, {largest:,} / {smallest:,} articles",
                  f"{publish_p50[largest] / publish_p50[smallest]:.2f}x", "target <= 1.5x")
        if not args.no_live:
            table.add(f"live path on {largest:,} articles", "")
            live_path(table, workdir / f"store-{largest}" / "timeline.duckdb", workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0
