"""Scoring event dating against the TimeBank event times, and the dating rules it measures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SHARED
from timeline.analysis.event_evaluation import (
    dated_right,
    is_typed_kind,
    parse_gold,
    read_documents,
    read_gold,
    score_documents,
)
from timeline.analysis.pipeline import analyse_article
from timeline.models import Article, DateSource, Granularity

D = date.fromisoformat
EVENTTIME = SHARED / "data" / "eventtime"


@pytest.mark.parametrize("gold, start, end, right", [
    ("1998-01-08", "1998-01-08", "1998-01-08", True),
    ("1998-01-08", "1998-01-07", "1998-01-08", False),  # a day must be that day, not a span holding it
    ("after1997-10-01before1997-10-28", "1997-10-02", "1997-10-27", True),  # the bounds are open
    ("after1997-10-01before1997-10-28", "1997-10-01", "1997-10-01", False),
    ("before1998-01-08", "1990-01-01", "1998-01-07", True),
    ("after1998-01-08", "1998-01-08", "1998-01-08", False),
    ("beginPoint=1998-01-05endPoint=1998-01-09", "1998-01-09", "1998-01-09", True),
    ("beginPoint=1998-01-05endPoint=1998-01-09", "1997-12-01", "1998-01-31", False),  # wider than a month
    ("beginPoint=after1990-08-15endPoint=after1990-08-15", "1990-08-16", "1990-10-01", True),
    ("beginPoint=xxxx-xx-xxendPoint=1990-08-01", "1980-01-01", "1980-01-01", True),
    ("after1996-01-01before1996-12-31,1998-01-20", "1998-01-20", "1998-01-20", True),  # alternatives
])
def test_gold_event_times_and_what_counts_as_dated_right(gold: str, start: str, end: str, right: bool) -> None:
    assert dated_right(parse_gold(gold), D(start), D(end)) is right


def test_unreadable_gold_values_are_refused() -> None:
    with pytest.raises(ValueError, match="unreadable"):
        parse_gold("sometime")


def test_the_kinds_we_type_are_the_words_of_our_trigger_vocabulary() -> None:
    assert is_typed_kind(" met") and is_typed_kind("announced")
    assert not is_typed_kind("believe") and not is_typed_kind("worth")


def event_of(text: str) -> tuple[date, date, Granularity, DateSource]:
    article = Article(id="t", source="Wire", title="t", published="2025-07-16", text=text)  # type: ignore[arg-type]
    [event] = analyse_article(article).events
    return event.date_start, event.date_end, event.granularity, event.date_source


def test_an_undated_event_about_the_future_lies_after_publication() -> None:
    start, end, granularity, source = event_of("Ministers from Chile and Peru will meet to discuss fishing quotas.")
    assert (start, granularity, source) == (D("2025-07-17"), Granularity.VAGUE, DateSource.TENSE)
    assert end > start
    assert event_of("Ministers from Chile and Peru met to discuss fishing quotas.") == (
        D("2025-07-16"), D("2025-07-16"), Granularity.DAY, DateSource.PUBLICATION)
    assert event_of("Ministers from Chile and Peru will meet on Friday to discuss fishing quotas.")[:3] == (
        D("2025-07-18"), D("2025-07-18"), Granularity.DAY)


def test_an_event_in_the_future_is_undated_after_publication_not_spread_over_years() -> None:
    """"in the future" sets no horizon: the event is some time after publication (as an undated future
    clause is), with the expression as its evidence, not ten years long."""
    start, end, granularity, source = event_of("Ministers from Chile and Peru will meet in the future.")
    undated = event_of("Ministers from Chile and Peru will meet.")
    assert (start, end, granularity) == undated[:3]
    assert start == D("2025-07-17") and granularity is Granularity.VAGUE and source is DateSource.TEXT


@pytest.mark.skipif(not EVENTTIME.is_dir(), reason="../shared/data/eventtime is not beside the project")
@pytest.mark.parametrize("name", ["eventtime_train.jsonl", "eventtime_dev.jsonl"])
def test_event_dating_beats_putting_every_event_on_its_publication_day(name: str) -> None:
    gold = read_gold(EVENTTIME / name)
    documents = read_documents(SHARED / "data" / "timebank" / "timebank.jsonl", {g.doc_id for g in gold})
    score = score_documents(gold, documents)
    assert len(score.at_gold) == len(gold) == score.gold_mentions
    baseline = sum(t.publication_day_right for t in score.at_gold) / len(score.at_gold)
    assert score.accuracy_at_gold >= baseline
    assert score.typed_coverage >= 0.4, "many triggers of our vocabulary are detected (weak ones need a date)"


def test_gold_lines_without_a_time_are_left_out(tmp_path: Path) -> None:
    line = ('{{"doc_id": "d", "dct": "1998-01-08T00:00:00", "eid": "{eid}", "start": 0, "end": 4, "text": "said", '
            '"value": "{value}"}}')
    path = tmp_path / "eventtime_x.jsonl"
    path.write_text("\n".join([line.format(eid="e1", value="n/a"), line.format(eid="e2", value="1998-01-08")]))
    assert [g.eid for g in read_gold(path)] == ["e2"]


def test_an_undated_event_in_the_present_perfect_happened_as_it_was_reported() -> None:
    start, end, granularity, source = event_of("NATO has officially confirmed the purchase of Patriot systems.")
    assert (start, end, granularity, source) == (D("2025-07-16"), D("2025-07-16"), Granularity.DAY,
                                                 DateSource.TENSE)
    assert event_of("Ministers from Chile and Peru have talks about fishing quotas.")[3] is DateSource.PUBLICATION
