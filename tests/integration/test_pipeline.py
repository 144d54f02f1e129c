"""The whole path on the real broker: producer -> analysis group -> writer -> DuckDB, and its failure paths."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from broker.clients import ARTICLES, producer
from cli.ingest import arrival, wait_for_arrival
from cli.services import Services
from consumers.dead_letters import read_dead_letters
from producers.article_producer import PublishedArticle, publish_records
from tests.conftest import SEEDS, SHARED, cli_env
from timeline.settings import Settings
from timeline.sources.article_files import ArticleRecord
from timeline.sources.corpus import generate, source_texts
from timeline.store.reading import read_only

pytestmark = pytest.mark.integration
TIMELINE = [sys.executable, "-m", "cli.main"]


def run_cli(settings: Settings, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TIMELINE, *args], env=cli_env(settings), capture_output=True, text=True,
                          timeout=timeout, cwd=Path(__file__).resolve().parents[2])


def query(settings: Settings, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with read_only(settings.db_path) as connection:
        return connection.execute(sql).fetchall()


def test_seed_articles_flow_through_kafka_into_duckdb(pipeline_settings: Settings) -> None:
    result = run_cli(pipeline_settings, "ingest", str(SEEDS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 stored" in result.stdout
    assert query(pipeline_settings, "SELECT count(*), count(DISTINCT article_id) FROM articles") == [(5, 5)]
    assert query(pipeline_settings, "SELECT count(*) > 30 FROM mentions") == [(True,)]
    meetings = query(pipeline_settings, "SELECT n_sources, actors FROM timeline WHERE event_type = 'meeting' "
                                        "AND date_start = DATE '2025-07-14'")
    assert any("Trump" in actors and "Rutte" in actors for _, actors in meetings)
    # the same articles again: redelivery changes nothing
    again = run_cli(pipeline_settings, "ingest", str(SEEDS))
    assert again.returncode == 0, again.stderr
    assert query(pipeline_settings, "SELECT count(*) FROM articles") == [(5,)]
    sql = run_cli(pipeline_settings, "sql", "SELECT count(*) AS n FROM events", "--json")
    assert json.loads(sql.stdout)["n"] == query(pipeline_settings, "SELECT count(*) FROM events")[0][0]
    refused = run_cli(pipeline_settings, "sql", "DELETE FROM articles")
    assert refused.returncode == 2 and "read-only" in refused.stderr


def test_bad_records_are_dead_lettered_and_the_pipeline_keeps_going(pipeline_settings: Settings) -> None:
    raw = [
        (b"bad-json", b"{not json"),
        (b"bad-utf8", b'{"id": "bad-utf8", "text": "\xff\xfe"}'),
        (b"no-text", json.dumps({"id": "no-text", "source": "S", "published": "2025-07-01"}).encode()),
        (b"bad-date", json.dumps({"id": "bad-date", "source": "S", "published": "someday", "text": "x"}).encode()),
        (b"good-1", json.dumps({"id": "good-1", "source": "S", "published": "2025-07-01",
                                "text": "Leaders met on Monday in Rome."}).encode()),
    ]
    services = Services(pipeline_settings)
    services.start_analysis("analysis-dlq")
    services.start_writer()
    try:
        client = producer(pipeline_settings)
        for key, value in raw:
            client.send(ARTICLES.name, key=key, value=value)
        client.flush()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            dead = {letter.article_id: letter for _, letter in read_dead_letters(pipeline_settings, 1.0)}
            stored = pipeline_settings.db_path.exists() and query(
                pipeline_settings, "SELECT count(*) FROM articles WHERE article_id = 'good-1'") == [(1,)]
            if {"bad-json", "bad-utf8", "no-text", "bad-date"} <= set(dead) and stored:
                break
            time.sleep(0.5)
        services.check_alive()
    finally:
        services.stop_all()
    assert dead["bad-json"].error_class == "JSONDecodeError"
    assert dead["bad-utf8"].error_class == "UnicodeDecodeError"
    assert "text: Field required" in dead["no-text"].error_message
    assert "published" in dead["bad-date"].error_message
    assert dead["bad-json"].source_topic == "articles" and dead["bad-json"].source_offset >= 0
    listed = run_cli(pipeline_settings, "dlq", "list", "--json")
    letters = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {"bad-json", "bad-utf8", "no-text", "bad-date"} <= {letter["article_id"] for letter in letters}
    assert stored


def test_the_producer_exits_non_zero_and_dead_letters_every_record_it_rejects(pipeline_settings: Settings,
                                                                              tmp_path: Path) -> None:
    good = json.dumps({"id": "produce-good", "source": "S", "published": "2025-07-01",
                       "text": "Leaders met on Monday in Rome."}).encode()
    no_text = json.dumps({"id": "produce-no-text", "source": "S", "published": "2025-07-01"}).encode()
    latin1 = '{"id": "produce-latin1", "source": "S", "published": "2025-07-01", "text": "Café"}'.encode("latin-1")
    feed = tmp_path / "mixed.jsonl"
    feed.write_bytes(b"\n".join([good, b"{not json", no_text, latin1]) + b"\n")
    missing = tmp_path / "nowhere.jsonl"
    before = {offset for offset, _ in read_dead_letters(pipeline_settings, 1.0)}
    result = run_cli(pipeline_settings, "produce", str(feed), str(missing))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "published 1, rejected 4" in result.stdout and "\r" not in result.stderr  # no progress line in a log
    letters = {letter.origin: letter for offset, letter in read_dead_letters(pipeline_settings, 1.0)
               if offset not in before}
    assert set(letters) == {f"{feed}:2", f"{feed}:3", f"{feed}:4", str(missing)}
    assert all(letter.stage == "produce" and letter.source_topic == "file" for letter in letters.values())
    assert base64.b64decode(letters[f"{feed}:3"].original_base64) == no_text
    assert letters[f"{feed}:3"].article_id == "produce-no-text" and "text" in letters[f"{feed}:3"].error_message
    assert base64.b64decode(letters[f"{feed}:4"].original_base64) == latin1
    assert "encoding problem" in letters[f"{feed}:4"].error_message
    assert "no such file" in letters[str(missing)].error_message
    listed = run_cli(pipeline_settings, "dlq", "list").stdout.splitlines()
    line = next(i for i, text in enumerate(listed) if "encoding problem" in text)
    assert listed[line].split()[1] == "produce" and f"from {feed}:4" in listed[line + 1]
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(good + b"\n")
    assert run_cli(pipeline_settings, "produce", str(clean)).returncode == 0


def test_readers_in_other_processes_never_stall_ingestion(pipeline_settings: Settings) -> None:
    texts = source_texts(SEEDS, SHARED / "data" / "timebank")
    articles = list(generate(texts, 300, seed=11, prefix="read"))
    services = Services(pipeline_settings)
    services.start_analysis("analysis-read")
    services.start_writer()
    reader_code = (
        "import sys,time,duckdb\n"
        "path, seconds = sys.argv[1], float(sys.argv[2]); counts=[]; errors=0; end=time.time()+seconds\n"
        "while time.time() < end:\n"
        "    try:\n"
        "        c = duckdb.connect(path, read_only=True); counts.append(c.execute('SELECT count(*) FROM articles')"
        ".fetchone()[0]); time.sleep(0.3); c.close()\n"  # holds the file 0.3 s per read
        "    except Exception as e:\n"
        "        errors += 1; print(repr(e), file=sys.stderr); time.sleep(0.05)\n"
        "print(errors, ' '.join(map(str, counts)))\n"
    )
    try:
        deadline = time.monotonic() + 60
        while not pipeline_settings.db_path.exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # the writer publishes its first (empty) snapshot when it starts
        client = producer(pipeline_settings)
        reader = subprocess.Popen([sys.executable, "-c", reader_code, str(pipeline_settings.db_path), "25"],
                                  stdout=subprocess.PIPE, text=True)
        report = publish_records(client, (ArticleRecord("gen", a, None) for a in articles))
        client.close()
        state = wait_for_arrival(pipeline_settings, report.published, 180, check=services.check_alive)
        output, _ = reader.communicate(timeout=60)
    finally:
        services.stop_all()
    assert state.complete and state.stored == 300
    errors, *counts = output.split()
    readings = [int(c) for c in counts]
    assert readings == sorted(readings), "a reader never sees the store go backwards"
    assert len(readings) > 20
    assert int(errors) == 0


def test_a_restarted_member_takes_its_partitions_back_at_once(pipeline_settings: Settings) -> None:
    services = Services(pipeline_settings)
    writer = services.start_writer()
    member = services.start_analysis("analysis-restart")
    try:
        client = producer(pipeline_settings)
        first = publish_records(client, [ArticleRecord("x", a, None) for a in generate(
            source_texts(SEEDS, None), 1, prefix="restart-a")])
        assert wait_for_arrival(pipeline_settings, first.published, 90, check=services.check_alive).complete
        member.process.kill()  # kill -9: no leave-group, no commit
        member.process.wait()
        services.running.remove(member)
        services.start_analysis("analysis-restart")
        started = time.monotonic()
        second = publish_records(client, [ArticleRecord("x", a, None) for a in generate(
            source_texts(SEEDS, None), 1, seed=5, prefix="restart-b")])
        client.close()
        state = wait_for_arrival(pipeline_settings, second.published, 60, check=services.check_alive)
        recovery = time.monotonic() - started
    finally:
        services.stop_all()
    assert writer.process.returncode is not None
    assert state.complete
    print(f"restart to stored: {recovery:.1f}s (session timeout 10s)")
    assert recovery < 9, "static membership should avoid waiting out the session timeout"


def test_arrival_distinguishes_newer_stored_versions(pipeline_settings: Settings) -> None:
    run = run_cli(pipeline_settings, "ingest", str(SEEDS))
    assert run.returncode == 0
    with read_only(pipeline_settings.db_path) as connection:
        stored = connection.execute("SELECT article_id, content_hash, published FROM articles").fetchall()
    older = [PublishedArticle(stored[0][0], "0" * 64, datetime(2000, 1, 1, tzinfo=UTC))]
    assert arrival(pipeline_settings, older).superseded == 1
    pending = [PublishedArticle(stored[0][0], "1" * 64, datetime(2030, 1, 1, tzinfo=UTC))]
    assert arrival(pipeline_settings, pending).missing == [stored[0][0]]
    assert date(2025, 7, 12) <= stored[0][2].date() <= date(2025, 7, 18)
    with pytest.raises(duckdb.Error), read_only(pipeline_settings.db_path) as connection:
        connection.execute("CREATE TABLE x (i INTEGER)")


def test_follow_publishes_new_files_and_replay_resends_dead_letters(pipeline_settings: Settings, tmp_path: Path
                                                                    ) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    services = Services(pipeline_settings)
    services.start_analysis("analysis-follow")
    services.start_writer()
    follower = subprocess.Popen([*TIMELINE, "produce", "--follow", str(inbox)], env=cli_env(pipeline_settings),
                                cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True)
    try:
        article = {"id": "followed-1", "source": "Wire", "published": "2025-07-14",
                   "text": "Leaders met in Rome on Monday to discuss the ceasefire."}
        (inbox / "drop.jsonl").write_text(json.dumps(article) + "\n" + '{"id": "followed-bad"' + "\n")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if pipeline_settings.db_path.exists() and query(
                    pipeline_settings, "SELECT count(*) FROM articles WHERE article_id = 'followed-1'") == [(1,)]:
                break
            time.sleep(0.5)
        else:
            raise AssertionError("the followed file was not published and stored")
        # a restarted follower remembers what it published
        follower.terminate()
        follower.wait(timeout=20)
        follower = subprocess.Popen([*TIMELINE, "produce", "--follow", str(inbox)], env=cli_env(pipeline_settings),
                                    cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True)
        time.sleep(4)
        assert query(pipeline_settings, "SELECT count(*) FROM articles WHERE article_id = 'followed-1'") == [(1,)]
        # dead letters can be replayed to their source topic; still broken, they come back
        before = len(list(read_dead_letters(pipeline_settings, 1.0)))
        assert before > 0
        replayed = run_cli(pipeline_settings, "dlq", "replay")
        assert replayed.returncode == 0 and f"re-published {before}" in replayed.stdout
        deadline = time.monotonic() + 60
        while len(list(read_dead_letters(pipeline_settings, 1.0))) < 2 * before and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(list(read_dead_letters(pipeline_settings, 1.0))) == 2 * before
    finally:
        follower.terminate()
        follower.wait(timeout=20)
        services.stop_all()
