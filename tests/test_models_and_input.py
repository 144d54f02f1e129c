from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import SHARED
from timeline.analysis.pipeline import analyse_article
from timeline.models import InvalidArticle, parse_article
from timeline.sources.article_files import read_articles, read_jsonl

VALID = {"id": "a1", "url": "https://example.org/a", "source": "Wire", "title": "T", "published": "2025-07-14",
         "language": "en", "text": "Body text."}


def test_naive_dates_and_datetimes_are_utc() -> None:
    assert parse_article(VALID, "r").published == datetime(2025, 7, 14, tzinfo=UTC)
    local = parse_article({**VALID, "published": "2025-07-14T23:30:00-04:00"}, "r")
    assert local.published == datetime(2025, 7, 15, 3, 30, tzinfo=UTC)
    assert local.publication_date == date(2025, 7, 14)  # the day where it was published
    naive = parse_article({**VALID, "published": "2025-07-14T10:00:00"}, "r")
    assert naive.published.tzinfo is not None and naive.published.hour == 10


@pytest.mark.parametrize(("change", "field"), [
    ({"published": "not a date"}, "published"),
    ({"published": "1850-01-01"}, "published"),
    ({"published": "3000-01-01"}, "published"),
    ({"published": (datetime.now(UTC) + timedelta(days=30)).isoformat()}, "published"),
    ({"published": 1720000000}, "published"),
    ({"text": "   "}, "text"),
    ({"id": ""}, "id"),
    ({"source": None}, "source"),
    ({"url": "ftp://x"}, "url"),
])
def test_validation_errors_name_the_field_and_the_record(change: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidArticle) as caught:
        parse_article({**VALID, **change}, "feed.jsonl:7")
    message = str(caught.value)
    assert message.startswith("feed.jsonl:7")
    assert f"{field}:" in message


def test_missing_fields_are_all_listed() -> None:
    with pytest.raises(InvalidArticle) as caught:
        parse_article({"id": "x"}, "line 3")
    assert "line 3 (id 'x')" in str(caught.value)
    for name in ("source", "published", "text"):
        assert f"{name}: Field required" in str(caught.value)


def test_content_hash_ignores_id_and_sees_content() -> None:
    a = parse_article(VALID, "r")
    assert a.content_hash() == parse_article({**VALID, "id": "other"}, "r").content_hash()
    assert a.content_hash() != parse_article({**VALID, "text": "Changed."}, "r").content_hash()


def test_jsonl_reports_line_numbers_for_bad_lines() -> None:
    lines = [json.dumps(VALID), "{not json", "", json.dumps({**VALID, "published": "x"}), "[1, 2]"]
    records = list(read_jsonl(io.StringIO("\n".join(lines)), "in.jsonl"))
    assert [r.location for r in records] == ["in.jsonl:1", "in.jsonl:2", "in.jsonl:4", "in.jsonl:5"]
    assert records[0].article is not None
    assert "invalid JSON" in (records[1].error or "")
    assert "published" in (records[2].error or "")
    assert "expected a JSON object" in (records[3].error or "")


def test_folders_json_documents_and_capture_format(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text(json.dumps({"articles": [VALID, {**VALID, "id": "a2"}]}))
    (tmp_path / "a.jsonl").write_text(json.dumps({**VALID, "id": "a0"}) + "\n")
    (tmp_path / "body.txt").write_text("Captured body.")
    (tmp_path / "c.json").write_text(json.dumps([{**{k: v for k, v in VALID.items() if k != "text"},
                                                  "id": "a3", "file": "body.txt"}]))
    (tmp_path / "notes.md").write_text("ignored")
    records = list(read_articles([tmp_path]))
    assert [r.article.id for r in records if r.article] == ["a0", "a1", "a2", "a3"]
    assert records[-1].article is not None and records[-1].article.text == "Captured body."


def test_non_utf8_file_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(json.dumps(VALID).encode() + b"\n\xff\xfe broken\n")
    records = list(read_articles([path]))
    assert records[0].article is not None
    assert records[-1].article is None and "UTF-8" in (records[-1].error or "")


def test_a_latin1_line_is_an_encoding_problem_and_the_lines_after_it_are_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    latin1 = json.dumps({**VALID, "id": "caf\u00e9", "text": "Le caf\u00e9 a ferm\u00e9."},
                        ensure_ascii=False).encode("latin-1")
    path.write_bytes(latin1 + b"\r\n" + json.dumps({**VALID, "id": "after"}).encode() + b"\n")
    first, second = read_articles([path])
    assert first.article is None and first.location == f"{path}:1"
    assert "not UTF-8 (an encoding problem): byte 0xe9" in (first.error or "")
    assert first.original == latin1  # the bytes as read, without the line ending
    assert second.article is not None and second.article.id == "after"


def test_a_latin1_json_document_is_reported_as_an_encoding_problem(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps({**VALID, "text": "D\u00fcsseldorf"}, ensure_ascii=False).encode("latin-1"))
    (record,) = read_articles([path])
    assert record.article is None and "not UTF-8 (an encoding problem)" in (record.error or "")
    assert "invalid JSON" not in (record.error or "") and record.original == path.read_bytes()


def test_every_rejected_record_keeps_its_own_bytes(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps([VALID, {"id": "no-text", "source": "S", "published": "2025-07-01"}]))
    good, bad = read_articles([path])
    assert good.article is not None and bad.article is None and bad.location == f"{path}[1]"
    assert json.loads(bad.original) == {"id": "no-text", "source": "S", "published": "2025-07-01"}
    (missing,) = read_articles([tmp_path / "missing.jsonl"])
    assert missing.article is None and "no such file or folder" in (missing.error or "")


def test_seeds_are_the_five_shared_articles(seed_articles) -> None:  # type: ignore[no-untyped-def]
    shared = SHARED / "seeds" / "articles.json"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    metadata = json.loads(shared.read_text())
    assert {a.id for a in seed_articles} == {m["id"] for m in metadata["articles"]}
    for article in seed_articles:
        meta = next(m for m in metadata["articles"] if m["id"] == article.id)
        assert article.publication_date.isoformat() == meta["published"]
        assert article.source == meta["source"]


def test_a_timestamp_with_an_offset_keeps_the_publishers_day() -> None:
    article = parse_article({**VALID, "published": "2025-11-08T21:11:00-05:00",
                             "text": "The council voted yesterday and will meet again on Monday."}, "r")
    assert article.published == datetime(2025, 11, 9, 2, 11, tzinfo=UTC)  # the instant, for ordering
    assert article.utc_offset_minutes == -300 and article.publication_date == date(2025, 11, 8)
    again = parse_article(json.loads(article.model_dump_json()), "topic")  # what a consumer reads
    assert again.publication_date == date(2025, 11, 8) and again.content_hash() == article.content_hash()
    values = {m.text: m.value for m in analyse_article(article).mentions}
    assert values["yesterday"] == "2025-11-07", "relative dates count from the local day"


def test_a_utc_timestamp_has_no_offset_and_hashes_as_before() -> None:
    article = parse_article({**VALID, "published": "2025-11-09T02:11:00Z"}, "r")
    assert article.utc_offset_minutes is None and article.publication_date == date(2025, 11, 9)
    # the hash an article had before the offset was kept: stored articles are not taken for new versions
    assert article.content_hash() == "b0e1561e3d58348284d6a774b7aa53cfcdee4f5682169964fa4c6ac504ac57de"
