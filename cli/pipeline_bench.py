"""`timeline bench pipeline`: throughput, latency, scale-out, memory and merge cost, on a real broker.

Everything is measured in one run and printed as a table; ratios matter more than absolute figures on
shared machines. The broker is started on its own port with its own state, so a running demo is untouched.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from broker import kafka_broker
from broker.clients import ARTICLES, ensure_topics, producer
from cli.ingest import wait_for_arrival
from cli.services import Services
from producers.article_producer import encode_article, publish_records
from timeline.analysis.pipeline import analyse_article, analyse_articles
from timeline.models import Article
from timeline.settings import Settings
from timeline.sources.article_files import ArticleRecord
from timeline.sources.corpus import generate, source_texts
from timeline.store.publishing import parts_dir
from timeline.store.reading import read_only
from timeline.store.storage import TimelineStore, writer_path

ROOT = Path(__file__).resolve().parent.parent
ANALYSIS_BATCH = 16  # articles whose sentences are parsed in one stream


@dataclass
class Table:
    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, measure: str, value: str, target: str = "") -> None:
        self.rows.append((measure, value, target))
        print(f"  {measure:<58} {value:>22}  {target}", flush=True)


def _free_port() -> int:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if not kafka_broker.port_open("127.0.0.1", port + 1):
            return port
    raise RuntimeError("no free port pair")


def _corpus(count: int, prefix: str, seed: int) -> list[Article]:
    texts = source_texts(ROOT / "seeds" / "articles.jsonl", ROOT.parent / "shared" / "data" / "timebank")
    return list(generate(texts, count, seed=seed, prefix=prefix, start=datetime.now(UTC) - timedelta(days=700),
                         days=690))


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def analysis_throughput(table: Table, articles: list[Article], baseline_sample: int) -> None:
    words = sum(len(a.text.split()) for a in articles)
    analyse_articles(articles[:1])  # the language model loads once per process
    started = time.process_time()
    for start in range(0, len(articles), ANALYSIS_BATCH):
        analyse_articles(articles[start:start + ANALYSIS_BATCH])
    seconds = time.process_time() - started
    per_s = len(articles) / seconds
    table.add("full analysis (clean, temporal, parse, events with titles, story terms), articles/s/core",
              f"{per_s:.0f}")
    table.add("  words/s/core", f"{words / seconds:,.0f}")
    table.add("  in 700-word articles/s/core", f"{words / 700 / seconds:.0f}")
    from dateparser.search import search_dates

    sample = articles[:baseline_sample]
    sample_words = sum(len(a.text.split()) for a in sample)
    started = time.process_time()
    for article in sample:
        search_dates(article.text, languages=["en"])
    base_seconds = time.process_time() - started
    table.add("search_dates(languages=['en']) alone, 700-word articles/s", f"{sample_words / 700 / base_seconds:.1f}")
    table.add("  ratio full analysis / search_dates", f"{(words / seconds) / (sample_words / base_seconds):.1f}x")


class Visibility:
    """Polls the published snapshot as a reader would and notes when each article first appears."""

    def __init__(self, db: Path, prefix: str) -> None:
        self.db, self.prefix = db, prefix
        self.seen: dict[str, float] = {}
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with read_only(self.db, attempts=2, wait_s=0.02) as connection:
                    ids = connection.execute("SELECT article_id FROM articles WHERE starts_with(article_id, ?)",
                                             [self.prefix]).fetchall()
                now = time.monotonic()
                for (article_id,) in ids:
                    self.seen.setdefault(article_id, now)
            except Exception:
                pass
            time.sleep(0.05)

    def __enter__(self) -> Visibility:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self.thread.join()


def latency_at_rate(table: Table, settings: Settings, rate: float, seconds: float, seed: int) -> None:
    prefix = f"lat{int(rate)}"
    articles = _corpus(int(rate * seconds), prefix, seed)
    client = producer(settings, linger_ms=0)
    sent: dict[str, float] = {}
    with Visibility(settings.db_path, prefix) as visibility:
        started = time.monotonic()
        for index, article in enumerate(articles):
            due = started + index / rate
            time.sleep(max(0.0, due - time.monotonic()))
            key, value = encode_article(article)
            client.send(ARTICLES.name, key=key, value=value)
            sent[article.id] = time.monotonic()
        client.flush()
        deadline = time.monotonic() + 120
        while len(visibility.seen) < len(articles) and time.monotonic() < deadline:
            time.sleep(0.2)
    client.close()
    latencies = sorted(visibility.seen[i] - sent[i] for i in sent if i in visibility.seen)
    if len(latencies) < 2:
        table.add(f"end-to-end latency at {rate:.0f} articles/s", "no articles seen")
        return
    cuts = statistics.quantiles(latencies, n=100)
    target = "p95 target <= 2 s" if rate == 20 else ""
    table.add(f"end-to-end publish -> visible in DuckDB at {rate:.0f}/s: p50/p95/p99 s",
              f"{cuts[49]:.2f} / {cuts[94]:.2f} / {cuts[98]:.2f}", target)
    if len(latencies) < len(articles):
        table.add("  articles not visible within 120 s", str(len(articles) - len(latencies)))


def drain_throughput(settings: Settings, members: int, count: int, seed: int) -> tuple[float, dict[str, float]]:
    """Publish `count` articles with no consumer running, then time `members` analysis members draining them."""
    prefix = f"drain{members}"
    articles = _corpus(count, prefix, seed)
    client = producer(settings)
    report = publish_records(client, (ArticleRecord("bench", a, None) for a in articles))
    client.close()
    services = Services(settings)
    started = time.monotonic()
    for index in range(members):
        services.start_analysis(f"analysis-{index + 1}")
    services.start_writer()
    try:
        state = wait_for_arrival(settings, report.published, 900, check=services.check_alive, poll_s=0.25)
        elapsed = time.monotonic() - started
        rss = {s.name: _peak_rss_mb(s.process.pid) or 0.0 for s in services.running}
    finally:
        services.stop_all()
    if not state.complete:
        raise RuntimeError(f"{len(state.missing)} articles did not arrive")
    return count / elapsed, rss


def merge_cost(table: Table, scales: list[int], workdir: Path) -> None:
    """Cost of storing one more article as the events table grows: should stay near-constant."""
    probe = [analyse_article(a) for a in _corpus(20, "merge-probe", 99)]
    results = []
    for scale in scales:
        store = TimelineStore(workdir / f"merge-{scale}.duckdb")
        _fill_synthetic_events(store.connection, scale)
        started = time.perf_counter()
        for item in probe:
            store.write_batch([item])
        per_article_ms = (time.perf_counter() - started) / len(probe) * 1000
        results.append(per_article_ms)
        table.add(f"store + incremental merge per new article, {scale:>9,} events ({EVENTS_PER_DAY}/day)",
                  f"{per_article_ms:.1f} ms")
        store.connection.close()
    table.add("  cost growth from smallest to largest table", f"{results[-1] / results[0]:.2f}x",
              "near-constant expected")


EVENTS_PER_DAY = 30


def _fill_synthetic_events(connection: duckdb.DuckDBPyConnection, count: int) -> None:
    """`count` events at a steady EVENTS_PER_DAY, ending at the end of 2025 (so a table grows back in time, as an
    archive does), each its own timeline entry (as merging would leave most)."""
    days = max(1, count // EVENTS_PER_DAY)
    connection.execute(f"""
        INSERT INTO events (event_id, article_id, event_type, cameo, trigger, sentence, actors, keywords, status,
                            negated, date_start, date_end, granularity, date_source, confidence, source, published)
        SELECT 'syn-' || i || '#0', 'syn-' || i, ['announcement','pause','meeting','other'][1 + i % 4], '010', 'met',
               'synthetic', ['Actor' || (i % 500)], ['word' || (i % 997)], 'happened', false,
               DATE '2025-12-31' - CAST(i % {days} AS INTEGER), DATE '2025-12-31' - CAST(i % {days} AS INTEGER),
               'day', 'text', 0.8, 'Synthetic', TIMESTAMP '2025-01-01'
        FROM range({count}) t(i)
    """)
    connection.execute("""
        INSERT INTO timeline (entry_id, event_type, date_start, date_end, granularity, title, article_ids, event_ids,
                              sources, n_sources, first_reported, dates_disagree, candidate_dates, actors,
                              merge_reason, date_source, span_start, span_end, mergeable)
        SELECT 'e-' || event_id, event_type, date_start, date_end, granularity, 'synthetic', [article_id],
               [event_id], ['Synthetic'], 1, published, false, [], actors, 'synthetic', 'text', date_start, date_end,
               true
        FROM events WHERE starts_with(event_id, 'syn-')
    """)
    connection.execute("INSERT INTO timeline_members (entry_id, event_id, article_id) SELECT 'e-' || event_id, "
                       "event_id, article_id FROM events "
                       "WHERE starts_with(event_id, 'syn-')")
    connection.execute("CHECKPOINT")


def run_pipeline_benchmark(_: Settings, args: argparse.Namespace) -> int:
    count = max(200, int(getattr(args, "articles", 2000)))
    workdir = Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    settings = Settings(bootstrap_servers=f"127.0.0.1:{_free_port()}", db_path=workdir / "bench.duckdb",
                        state_dir=workdir / "state", cache_dir=Settings.from_env().cache_dir)
    table = Table()
    print(f"timeline pipeline benchmark · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.node()} · "
          f"{os.cpu_count()} cores · Python {platform.python_version()} · Kafka {kafka_broker.kafka_version()}")
    analysis_throughput(table, _corpus(min(count, 1000), "cpu", 1), baseline_sample=60)
    kafka_broker.start(settings)
    broker_pid = kafka_broker.status(settings).pid
    try:
        ensure_topics(settings)
        single, rss_single = drain_throughput(settings, 1, count, 2)
        table.add(f"max sustained throughput, 1 analysis member ({count} articles)", f"{single:.0f} articles/s")
        double, rss_double = drain_throughput(settings, 2, count, 3)
        table.add(f"max sustained throughput, 2 analysis members ({count} articles)", f"{double:.0f} articles/s")
        table.add("  scaling ratio 2 / 1 members", f"{double / single:.2f}x",
                  f"target >= 1.7 where cores allow ({os.cpu_count()} cores shared with broker and writer)")
        with read_only(settings.db_path) as connection:
            rows, busy = connection.execute(
                "SELECT sum(articles_written + events_written), sum(seconds) FROM ingest_batches").fetchone()
            mentions, articles = connection.execute(
                "SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM articles)").fetchone()
        written = (rows or 0) + mentions
        table.add("DuckDB writer, rows/s while writing (articles+mentions+events)", f"{written / busy:,.0f}")
        table.add("store size per 1,000 articles: working file / published parts",
                  f"{writer_path(settings.db_path).stat().st_size / 1e6 / articles * 1000:.1f} / "
                  f"{folder_mb(parts_dir(settings.db_path)) / articles * 1000:.1f} MB")
        services = Services(settings)
        services.start_analysis("analysis-1")
        services.start_writer()
        try:
            # The second member of the drain left without a LeaveGroup (static membership): its partitions
            # stay assigned to it until the 10 s session timeout. Measure the steady state after that.
            time.sleep(12)
            latency_at_rate(table, settings, 20, 30, 4)
            latency_at_rate(table, settings, 100, 20, 5)
            rss_live = {s.name: _peak_rss_mb(s.process.pid) or 0.0 for s in services.running}
        finally:
            services.stop_all()
        for name, mb in {**rss_single, **rss_double, **rss_live}.items():
            table.add(f"peak RSS {name}", f"{mb:.0f} MB", "target <= 500 MB")
        if broker_pid:
            table.add("peak RSS Kafka broker (JVM, -Xmx256m)", f"{_peak_rss_mb(broker_pid) or 0:.0f} MB",
                      "target <= 500 MB")
    finally:
        kafka_broker.stop(settings)
    merge_cost(table, [10_000, 100_000, 1_000_000], workdir)
    return 0
