"""The command line's own behaviour where no broker is needed: exit codes, reports, going on after a failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
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
