"""The command line's own behaviour where no broker is needed: exit codes, reports, going on after a failure."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.main import main
from cli.sql_shell import SqlShell, run_script
from tests.conftest import ROOT
from timeline.analysis import pipeline

ARTICLE = {"source": "Wire", "published": "2025-07-14T09:00:00Z", "title": "Talks",
           "text": "The ministers met on Monday in Brussels and agreed to meet again next week."}


def _articles_file(tmp_path: Path, ids: list[str]) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({**ARTICLE, "id": article_id}) + "\n" for article_id in ids))
    return path


def test_extract_reads_an_expression_before_year_one_and_goes_on(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps({**ARTICLE, "id": "old", "text": "The temple was built over 2,500 years ago and "
                                "restored in the last 2,014 years; the ministers met there on Monday."}) + "\n")
    with pytest.raises(SystemExit) as exit_code:
        main(["extract", "--input", str(path)])
    assert exit_code.value.code == 0
    line = json.loads(capsys.readouterr().out)
    values = {m["text"]: (m["value"], m["date_start"]) for m in line["mentions"]}
    assert values["2,500 years ago"] == ("BC0476", None)
    assert values["Monday"][1] == "2025-07-14"


def test_extract_reports_a_failing_article_and_analyses_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    real = pipeline.analyse_article

    def failing_on_the_first(article):  # type: ignore[no-untyped-def]
        if article.id == "first":
            raise RuntimeError("a rule broke")
        return real(article)

    monkeypatch.setattr(pipeline, "analyse_article", failing_on_the_first)
    with pytest.raises(SystemExit) as exit_code:
        main(["extract", "--input", str(_articles_file(tmp_path, ["first", "second"]))])
    out, err = capsys.readouterr()
    assert exit_code.value.code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["second"]
    assert "failed" in err and "first" in err and "a rule broke" in err
    assert "analysed 1, rejected 0, failed 1" in err


def test_report_prints_each_storys_key_events_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = str(ROOT / "seeds" / "articles.jsonl")
    with pytest.raises(SystemExit) as every:
        main(["report", "--input", seeds])
    all_rows = capsys.readouterr().out.splitlines()
    with pytest.raises(SystemExit) as key:
        main(["report", "--input", seeds, "--key-events"])
    key_rows = capsys.readouterr().out.splitlines()
    assert every.value.code == key.value.code == 0
    listed, chosen = all_rows[2:-1], key_rows[2:-1]  # between the header and the row count
    assert 0 < len(chosen) < len(listed) and set(chosen) <= set(listed)
    assert key_rows[-1] == f"({len(chosen)} rows)"


# -- timeline sql: one statement, a script from a pipe, an interactive prompt ------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.test_storage import CORPUS
    from timeline.store.storage import TimelineStore

    path = tmp_path_factory.mktemp("sql") / "timeline.duckdb"
    writer = TimelineStore(path)
    writer.write_batch(CORPUS[:3])
    writer.settle()
    writer.close()
    return path


def test_the_shell_runs_statements_across_lines_and_lists_tables(store: Path) -> None:
    out = io.StringIO()
    shell = SqlShell(store, out)
    script = [".tables", "SELECT article_id", "  FROM articles", " ORDER BY article_id;", ".schema mentions",
              "DELETE FROM articles;", ".json", "SELECT count(*) AS n FROM articles;", ".nonsense", ".quit",
              "SELECT 'never read';"]
    run_script(shell, script)
    text = out.getvalue()
    listed = text.splitlines()[0].split()
    assert {"articles", "events", "mentions", "timeline"} <= set(listed)
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[lines.index("r1"):lines.index("r1") + 4] == ["r1", "r2", "r3", "(3 rows)"]
    assert "column_name" in text and "value" in text and "date_start" in text  # the schema of mentions
    assert "error: refused: the timeline database is read-only" in text
    assert '{"n": 3}' in text and "unknown command .nonsense" in text and "never read" not in text
    assert shell.failures == 2


def test_a_script_on_standard_input_exits_2_when_a_statement_failed(store: Path) -> None:
    env = {**os.environ, "TIMELINE_DB": str(store), "TIMELINE_STATE_DIR": str(store.parent / "state")}
    good = subprocess.run([sys.executable, "-m", "cli.main", "sql"], input=".tables\nSELECT 1 AS one\n",
                          env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert good.returncode == 0 and "articles" in good.stdout and "one" in good.stdout, good.stderr
    bad = subprocess.run([sys.executable, "-m", "cli.main", "sql"], input="SELECT * FROM read_text('/etc/hostname');",
                         env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and "error:" in bad.stdout


def test_the_prompt_on_a_terminal_keeps_a_history(store: Path) -> None:
    state = store.parent / "prompt-state"
    env = {**os.environ, "TIMELINE_DB": str(store), "TIMELINE_STATE_DIR": str(state), "TERM": "dumb"}
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "sql"], stdin=secondary, stdout=secondary,
                               stderr=secondary, env=env, cwd=ROOT, close_fds=True)
    os.close(secondary)
    seen = _read_until(primary, b"timeline> ")
    os.write(primary, b"SELECT count(*) AS n\n")
    seen += _read_until(primary, b"...> ")
    os.write(primary, b"FROM articles;\n")
    seen += _read_until(primary, b"(1 row)")
    os.write(primary, b".quit\n")
    assert process.wait(timeout=60) == 0
    os.close(primary)
    assert b"read-only" in seen and b"3" in seen
    assert "FROM articles;" in (state / "sql_history").read_text()


def _read_until(fd: int, marker: bytes, timeout_s: float = 60) -> bytes:
    data, deadline = b"", time.monotonic() + timeout_s
    while marker not in data:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        assert ready, f"waited for {marker!r}, got {data!r}"
        data += os.read(fd, 4096)
    return data
