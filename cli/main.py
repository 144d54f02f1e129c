"""`timeline`: run the broker, publish articles, run the consumers, query and view the timeline."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, ValidationError

if TYPE_CHECKING:
    from cli.ingest import Arrival
    from cli.services import Services
    from producers.article_producer import PublishReport

from timeline.settings import Settings
from timeline.sources.article_files import ArticleRecord, read_articles

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds" / "articles.jsonl"
SHARED_DATA = PROJECT.parent / "shared" / "data"  # ../shared beside the project


class IngestOptions(BaseModel):
    paths: list[Path] = Field(min_length=1)
    timeout_s: float = Field(default=600, gt=0)
    analysers: int = Field(default=1, ge=1, le=16)


class AppOptions(BaseModel):
    port: int = Field(default=8501, ge=1, le=65535)
    address: str = "127.0.0.1"


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both stop a long-running command cleanly, whatever signal state it inherited (a
    command started in the background by a script begins with SIGINT ignored)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValidationError as error:
        raise SystemExit(f"invalid environment: {error}") from None


# -- broker ------------------------------------------------------------------------------------------------

def cmd_broker(args: argparse.Namespace) -> int:
    from broker import kafka_broker

    settings = _settings()
    try:
        if args.action == "start":
            print(kafka_broker.start(settings).describe())
            from broker.clients import ensure_topics

            created = ensure_topics(settings)
            print(f"topics ready{': created ' + ', '.join(created) if created else ''}")
        elif args.action == "stop":
            print("stopped" if kafka_broker.stop(settings) else "not running (nothing started by timeline)")
        elif args.action == "fetch":
            print(f"Kafka {kafka_broker.kafka_version()} jars verified in {kafka_broker.fetch(settings)}")
        else:
            print(kafka_broker.status(settings).describe())
    except kafka_broker.BrokerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


# -- producing ---------------------------------------------------------------------------------------------

# `timeline produce` exits 0 when every record was published (or was published before), EXIT_INCOMPLETE when
# one was rejected, dead-lettered or not taken by the broker, EXIT_RETRY_LATER when pages only wait for a
# retry (sysexits' EX_TEMPFAIL), 2 for a wrong command line
EXIT_INCOMPLETE = 1
EXIT_RETRY_LATER = 75


def _records(paths: Sequence[str]) -> Iterator[ArticleRecord]:
    return read_articles(Path(p) for p in paths)


def cmd_produce(args: argparse.Namespace) -> int:
    from broker.clients import ensure_topics, producer
    from producers.article_producer import Progress, follow, publish_records

    settings = _settings()
    ensure_topics(settings)
    client = producer(settings)
    try:
        if args.feed or args.url:
            return _produce_from_web(settings, client, args)
        if isinstance(args.follow, str):
            folder = Path(args.follow)
            print(f"following {folder}: new article files are published as they appear (Ctrl-C stops)")
            with contextlib.suppress(KeyboardInterrupt):
                follow(client, folder, settings.state_dir / "follow" / f"{folder.resolve().name}.json",
                       on_report=lambda path, report: print(f"{path.name}: {report.summary()}", flush=True))
            return 0
        if not args.paths:
            print("error: name files, folders or - (stdin), --feed URL|FILE, --url URL, or --follow DIR",
                  file=sys.stderr)
            return 2
        report = publish_records(client, _records(args.paths), Progress(sys.stderr))
        print(report.summary())
        return EXIT_INCOMPLETE if report.failed or report.rejected else 0
    finally:
        client.close()


class WebOptions(BaseModel):
    feeds: list[str] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)
    interval_s: float = Field(default=300, ge=1)
    per_host_interval_s: float = Field(default=1.0, ge=0)
    timeout_s: float = Field(default=15, gt=0)
    fetch_pages: bool = True
    allow_private_hosts: bool = False


def _produce_from_web(settings: Settings, client: object, args: argparse.Namespace) -> int:
    from producers.web_fetch import Fetcher
    from producers.web_producer import SeenStore, WebProducer, WebReport
    from producers.web_producer import follow as follow_web

    try:
        options = WebOptions(feeds=args.feed or [], urls=args.url or [], interval_s=args.interval,
                             per_host_interval_s=args.rate_limit, timeout_s=args.fetch_timeout,
                             fetch_pages=not args.feed_content_only,
                             allow_private_hosts=args.allow_private_hosts or settings.allow_private_hosts)
    except ValidationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    seen = SeenStore(settings.state_dir / "web" / "seen.sqlite")
    web = WebProducer(client, Fetcher(timeout_s=options.timeout_s,  # type: ignore[arg-type]
                                      per_host_interval_s=options.per_host_interval_s,
                                      allow_private_hosts=options.allow_private_hosts),
                      seen, fetch_pages=options.fetch_pages)
    reports: list[WebReport] = []

    def show(report: WebReport) -> None:
        reports.append(report)
        print(report.summary(), flush=True)

    try:
        if args.follow:
            print(f"polling {len(options.feeds)} feed(s) and {len(options.urls)} page(s) every "
                  f"{options.interval_s:g} s (Ctrl-C stops)", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                follow_web(web, options.feeds, options.urls, options.interval_s, show)
            return 0
        for feed in options.feeds:
            show(web.run_feed(feed))
        for url in options.urls:
            show(web.run_page(url))
    finally:
        seen.close()
    if any(r.publish.failed or r.publish.rejected or r.dead_lettered for r in reports):
        return EXIT_INCOMPLETE
    return EXIT_RETRY_LATER if any(r.retry_later for r in reports) else 0


# -- consumers ---------------------------------------------------------------------------------------------

def cmd_run(args: argparse.Namespace) -> int:
    from broker.clients import ensure_topics
    from cli.services import Services

    settings = _settings()
    ensure_topics(settings)
    _stop_on_signals()
    services = Services(settings)
    for index in range(args.analysers):
        services.start_analysis(f"analysis-{index + 1}")
    services.start_writer()
    print(f"running {args.analysers} analysis member(s) and the DuckDB writer into {settings.db_path}; "
          f"logs in {settings.state_dir / 'logs'} (Ctrl-C stops)")
    try:
        services.wait()
    except KeyboardInterrupt:
        pass
    finally:
        services.stop_all()
    return 0


@contextlib.contextmanager
def _running_pipeline(settings: Settings, analysers: int = 1) -> Iterator[Services]:
    """The broker (started if none runs), the topics, the analysis members and the writer; on exit, stops
    what it started and leaves a broker that was already running."""
    from broker import kafka_broker
    from broker.clients import ensure_topics
    from cli.services import Services

    started_broker = not kafka_broker.status(settings).running
    kafka_broker.start(settings)
    ensure_topics(settings)
    services = Services(settings)
    try:
        for index in range(analysers):
            services.start_analysis(f"analysis-{index + 1}")
        services.start_writer()
        yield services
    finally:
        services.stop_all()
        if started_broker:
            kafka_broker.stop(settings)


def _publish_and_wait(settings: Settings, services: Services, records: Iterable[ArticleRecord],
                      timeout_s: float) -> tuple[PublishReport, Arrival]:
    """Publish records with a progress line, print the report, wait until each is stored or dead."""
    from broker.clients import producer
    from cli.ingest import wait_for_arrival
    from producers.article_producer import Progress, publish_records

    client = producer(settings)
    report = publish_records(client, records, Progress(sys.stderr))
    client.close()
    print(report.summary(), flush=True)
    return report, wait_for_arrival(settings, report.published, timeout_s, check=services.check_alive)


def ingest(settings: Settings, options: IngestOptions) -> int:
    """Publish through the live path and wait until everything is in DuckDB or dead-lettered."""
    with _running_pipeline(settings, options.analysers) as services:
        began = time.monotonic()
        report, state = _publish_and_wait(settings, services, _records([str(p) for p in options.paths]),
                                          options.timeout_s)
        print(f"in DuckDB ({settings.db_path}): {state.stored} stored, {state.superseded} kept out by a newer "
              f"version, {state.dead_lettered} dead-lettered, {len(state.missing)} missing "
              f"after {time.monotonic() - began:.1f}s")
        if state.missing:
            print("missing: " + ", ".join(state.missing[:20]), file=sys.stderr)
        return 0 if state.complete and not report.failed else 1


def cmd_ingest(args: argparse.Namespace) -> int:
    try:
        options = IngestOptions(paths=[Path(p) for p in args.paths], timeout_s=args.timeout,
                                analysers=args.analysers)
    except ValidationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return ingest(_settings(), options)


# -- the main job --------------------------------------------------------------------------------------------

def cmd_demo(args: argparse.Namespace) -> int:
    from broker import kafka_broker

    settings = _settings()
    options = AppOptions(port=args.port)
    _stop_on_signals()
    try:
        with _running_pipeline(settings) as services:
            print(kafka_broker.status(settings).describe(), flush=True)
            _, state = _publish_and_wait(settings, services, read_articles([SEEDS]), 300)
            print(f"{state.stored + state.superseded} seed articles in {settings.db_path}", flush=True)
            services.start_app(options.port, options.address)
            url = f"http://{options.address}:{options.port}"
            _wait_for_http(url, services)
            print(f"timeline open at {url}  (consumers keep running for new articles: "
                  f"`timeline produce FILE` in another shell; Ctrl-C stops everything)", flush=True)
            if not args.exit_after_ready:
                services.wait()
    except KeyboardInterrupt:
        print("\nstopping …")
    return 0


def _wait_for_http(url: str, services, timeout_s: float = 60) -> None:  # type: ignore[no-untyped-def]
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        services.check_alive()
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the app did not answer at {url} within {timeout_s}s")


def cmd_app(args: argparse.Namespace) -> int:
    import os

    from cli.services import Services, streamlit_command

    settings = _settings()
    options = AppOptions(port=args.port, address=args.address)
    env = Services(settings).environment()
    os.execvpe(sys.executable, streamlit_command(options.port, options.address), env)
    return 0


# -- offline analysis and queries ------------------------------------------------------------------------------

def cmd_extract(args: argparse.Namespace) -> int:
    from timeline.analysis.pipeline import analyse_article

    output = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    analysed = rejected = failed = 0
    try:
        for record in _records([args.input]):
            if record.article is None:
                print(f"rejected {record.error}", file=sys.stderr)
                rejected += 1
                continue
            try:
                result = analyse_article(record.article)
            except Exception as error:  # one article's failure must not cost the others their output
                print(f"failed {record.location} ({record.article.id}): {type(error).__name__}: {error}",
                      file=sys.stderr)
                failed += 1
                continue
            line = {"id": record.article.id, "published": record.article.published.isoformat(),
                    "mentions": [m.model_dump(mode="json") for m in result.mentions],
                    "events": [e.model_dump(mode="json") for e in result.events]}
            output.write(json.dumps(line, ensure_ascii=False) + "\n")
            analysed += 1
    finally:
        if output is not sys.stdout:
            output.close()
    print(f"analysed {analysed}, rejected {rejected}, failed {failed}", file=sys.stderr)
    return 0 if not rejected and not failed else 1


def cmd_report(args: argparse.Namespace) -> int:
    from timeline.stories.report import format_entries, timeline_of_articles

    if args.input:
        articles = [r.article for r in _records([args.input]) if r.article is not None]
        entries = timeline_of_articles(articles)
    else:
        from timeline.stories.report import entries_from_db

        entries = entries_from_db(_settings().db_path)
    types = set(args.types.split(",")) if args.types else None
    entries = [e for e in entries if types is None or e.event_type.value in types]
    if args.key_events:
        from timeline.stories.salience import key_events

        entries = key_events(entries)
    print(format_entries(entries, min_sources=args.min_sources))
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from cli.sql_shell import SqlRefused, SqlShell, format_rows, read_query, run_prompt, run_script

    settings = _settings()
    if args.query is None:  # a prompt on a terminal; statements read from a pipe or a file otherwise
        shell = SqlShell(settings.db_path, sys.stdout, args.limit, args.json)
        if sys.stdin.isatty():
            run_prompt(shell, settings.state_dir / "sql_history")
            return 0
        run_script(shell, sys.stdin)
        return 2 if shell.failures else 0
    query = sys.stdin.read() if args.query == "-" else args.query
    try:
        columns, rows = read_query(settings.db_path, query, args.limit)
    except SqlRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(format_rows(columns, rows, args.json))
    return 0


def cmd_dlq(args: argparse.Namespace) -> int:
    from broker.clients import ARTICLES, producer
    from consumers.dead_letters import WEB_SOURCE, read_dead_letters, replay, where_from

    settings = _settings()
    letters = list(read_dead_letters(settings))
    if args.action == "list":
        for offset, letter in letters:
            if args.json:
                print(letter.model_dump_json())
            else:
                print(f"{offset:>6}  {letter.stage:<8}  {letter.error_class}: {letter.error_message[:300]}\n"
                      f"        {letter.failed_at:%Y-%m-%d %H:%M:%S}  from {where_from(letter)}  "
                      f"article {letter.article_id or '-'}")
        if not args.json:
            print(f"{len(letters)} dead letter(s)")
        return 0
    selected = [letter for offset, letter in letters if args.from_offset is None or offset >= args.from_offset]
    client = producer(settings)
    count = replay(settings, client, selected)
    client.close()
    print(f"re-published {count} dead letter(s) to their source topics (rejected records of files to "
          f"{ARTICLES.name}, where the consumers validate them again)")
    web = [letter for letter in selected if letter.source_topic == WEB_SOURCE]
    if web:
        print(f"{len(web)} dead letter(s) of pages and feeds came from no topic; fetch them again with:")
        for letter in {where_from(letter): letter for letter in web}.values():
            print(f"  timeline produce --{'feed' if letter.stage == 'feed' else 'url'} {where_from(letter)}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.what == "temporal":
        from timeline.analysis.temporal.evaluation import default_corpora, run_benchmark

        corpora = [Path(c) for c in args.corpus] or default_corpora(SHARED_DATA, PROJECT)
        return run_benchmark(corpora, baseline=not args.no_baseline)
    if args.what == "events":
        from timeline.analysis.event_evaluation import run_event_benchmark, run_trigger_benchmark

        corpus = Path(args.corpus[0]) if args.corpus else SHARED_DATA / "eventtime"
        status = run_event_benchmark(corpus, Path(args.timebank or SHARED_DATA / "timebank" / "timebank.jsonl"),
                                     errors=args.errors)
        return status or run_trigger_benchmark(SHARED_DATA / "timeml_events", SHARED_DATA / "timebank",
                                               errors=args.errors)
    if args.what == "stories":
        from timeline.stories.evaluation import run_story_benchmark

        return run_story_benchmark(Path(args.corpus[0]) if args.corpus else SHARED_DATA, SEEDS)
    if args.what == "analysis":
        from cli.analysis_bench import run_analysis_benchmark

        corpus = Path(args.corpus[0]) if args.corpus else SHARED_DATA / "timebank" / "timebank.jsonl"
        return run_analysis_benchmark(corpus, args.documents)
    if args.what == "store":
        from cli.store_bench import run_store_benchmark

        return run_store_benchmark(args)
    from cli.pipeline_bench import run_pipeline_benchmark

    return run_pipeline_benchmark(_settings(), args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    broker = sub.add_parser("broker", help="fetch, start, stop or inspect the local Kafka broker (KRaft)")
    broker.add_argument("action", choices=["start", "stop", "status", "fetch"])
    broker.set_defaults(func=cmd_broker)

    produce = sub.add_parser("produce", help="publish articles (JSON, JSONL, folders, - for stdin, feeds, web "
                                             "pages) to Kafka")
    produce.add_argument("paths", nargs="*")
    produce.add_argument("--follow", metavar="DIR", nargs="?", const=True, default=None,
                         help="with DIR: publish new files in DIR as they appear; with --feed/--url: poll them")
    produce.add_argument("--feed", action="append", metavar="URL|FILE",
                         help="an RSS, Atom or JSON feed: publish its items' articles (repeatable)")
    produce.add_argument("--url", action="append", metavar="URL", help="an article page to publish (repeatable)")
    produce.add_argument("--interval", type=float, default=300, help="seconds between polls with --follow")
    produce.add_argument("--rate-limit", type=float, default=1.0, metavar="SECONDS",
                         help="at least this long between two requests to one host (default 1)")
    produce.add_argument("--fetch-timeout", type=float, default=15, metavar="SECONDS")
    produce.add_argument("--allow-private-hosts", action="store_true",
                         help="let feeds and pages on loopback or private addresses be fetched (refused by default: "
                              "a feed must not make the fetcher probe the internal network)")
    produce.add_argument("--feed-content-only", action="store_true",
                         help="use the text the feed carries instead of fetching each item's page")
    produce.set_defaults(func=cmd_produce)

    run = sub.add_parser("run", help="run the analysis member(s) and the DuckDB writer in the foreground")
    run.add_argument("--analysers", type=int, default=1)
    run.set_defaults(func=cmd_run)

    ingest_cmd = sub.add_parser("ingest", help="load files through the live path and wait until stored")
    ingest_cmd.add_argument("paths", nargs="+")
    ingest_cmd.add_argument("--timeout", type=float, default=600)
    ingest_cmd.add_argument("--analysers", type=int, default=1)
    ingest_cmd.set_defaults(func=cmd_ingest)

    demo = sub.add_parser("demo", help="broker + consumers + seed articles + the timeline page")
    demo.add_argument("--port", type=int, default=8501)
    demo.add_argument("--exit-after-ready", action="store_true", help=argparse.SUPPRESS)
    demo.set_defaults(func=cmd_demo)

    app = sub.add_parser("app", help="start the Streamlit timeline page")
    app.add_argument("--port", type=int, default=8501)
    app.add_argument("--address", default="127.0.0.1")
    app.set_defaults(func=cmd_app)

    extract = sub.add_parser("extract", help="analyse articles offline (no Kafka) into JSONL")
    extract.add_argument("--input", required=True)
    extract.add_argument("--output")
    extract.set_defaults(func=cmd_extract)

    report = sub.add_parser("report", help="print the merged timeline (of --input articles, or of the DB)")
    report.add_argument("--input")
    report.add_argument("--types", help="comma-separated event types to show")
    report.add_argument("--min-sources", type=int, default=1)
    report.add_argument("--key-events", action="store_true",
                        help="only each story's key events: its most salient entries, as many as its length and "
                             "span call for (timeline.stories.salience)")
    report.set_defaults(func=cmd_report)

    sql = sub.add_parser("sql", help="run read-only SQL on the DuckDB file")
    sql.add_argument("query", nargs="?", help="the statement, or - to read one from stdin; without it, an "
                                              "interactive prompt (statements and .tables from a pipe)")
    sql.add_argument("--limit", type=int, default=1000)
    sql.add_argument("--json", action="store_true", help="one JSON object per row")
    sql.set_defaults(func=cmd_sql)

    dlq = sub.add_parser("dlq", help="list or replay dead letters")
    dlq.add_argument("action", choices=["list", "replay"])
    dlq.add_argument("--json", action="store_true")
    dlq.add_argument("--from-offset", type=int)
    dlq.set_defaults(func=cmd_dlq)

    bench = sub.add_parser("bench", help="benchmarks: temporal (accuracy and speed), events (dating), pipeline, "
                                                "or store (scale)")
    bench.add_argument("what", choices=["temporal", "events", "analysis", "stories", "pipeline", "store"])
    bench.add_argument("--documents", type=int, default=4000, help="analysis: documents (the corpus cycled)")
    bench.add_argument("--corpus", nargs="*", default=[])
    bench.add_argument("--no-baseline", action="store_true")
    bench.add_argument("--articles", type=int, default=2000)
    bench.add_argument("--sizes", type=int, nargs="*", help="store: store sizes in articles (10^4 10^5 10^6)")
    bench.add_argument("--no-live", action="store_true", help="store: skip the live path on a real broker")
    bench.add_argument("--keep", action="store_true", help="store: keep the stores it built")
    bench.add_argument("--workdir", help="store: where to build the stores (default: the temp folder)")
    bench.add_argument("--timebank", help="events: the TimeBank documents (default ../shared/data/timebank)")
    bench.add_argument("--errors", type=int, default=0, help="events: print this many wrongly dated events")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    sys.exit(args.func(args))


if __name__ == "__main__":
    main()
