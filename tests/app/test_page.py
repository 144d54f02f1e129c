"""The Streamlit page through Streamlit's own test harness, on a snapshot of the analysed seeds."""

from __future__ import annotations

import html
import itertools
import json
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app import data
from app.data import Filters
from app.views import filters_from_query, highlighted, query_from_filters, timeline_figure
from tests.conftest import SEEDS
from timeline.analysis.pipeline import analyse_article
from timeline.models import Article
from timeline.sources.article_files import read_articles
from timeline.store.storage import TimelineStore

APP = str(Path(__file__).resolve().parents[2] / "app" / "streamlit_app.py")


@pytest.fixture
def page(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TIMELINE_DB", str(seeded_db))
    return AppTest.from_file(APP, default_timeout=60)


def test_page_shows_counts_chart_and_evidence(page: AppTest) -> None:
    page.run()
    assert not page.exception
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Articles"] == "5"
    assert int(metrics["Timeline entries"]) > 0
    entry_box = page.selectbox(key="entry_select")
    assert entry_box.options
    assert page.query_params.get("entry") in (None, entry_box.value)


def test_filters_live_in_the_url_and_restore_the_view(page: AppTest) -> None:
    page.query_params["types"] = "meeting"
    page.query_params["q"] = "Oval Office"
    page.run()
    assert not page.exception
    assert page.multiselect(key="types").value == ["meeting"]
    assert page.text_input(key="q").value == "Oval Office"
    options = page.selectbox(key="entry_select").options
    assert options and all("meeting" in option for option in options)


def test_choosing_an_entry_is_kept_in_the_url(page: AppTest, seeded_db: Path) -> None:
    page.run()
    frame = data.entries(seeded_db, Filters())
    target = frame["entry_id"].iloc[-1]
    page.selectbox(key="entry_select").select(target).run()
    assert not page.exception
    assert page.query_params["entry"] == target
    title = frame[frame["entry_id"] == target]["title"].iloc[0]
    assert any(title in h.value for h in page.subheader)
    # the entry in the URL is what a shared link opens
    shared = AppTest.from_file(APP, default_timeout=60)
    shared.query_params["entry"] = target
    shared.run()
    assert shared.selectbox(key="entry_select").value == target


def test_sql_tab_refuses_writes(page: AppTest) -> None:
    page.run()
    page.text_area(key="sql_text").input("DELETE FROM articles")
    page.button(key="sql_run").click().run()
    assert any("only reads" in e.value for e in page.error)
    page.text_area(key="sql_text").input("SELECT count(*) AS n FROM articles")
    page.button(key="sql_run").click().run()
    assert not page.error
    assert int(page.dataframe[-1].value["n"][0]) == 5


def test_page_waits_politely_for_a_missing_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_DB", str(tmp_path / "none.duckdb"))
    page = AppTest.from_file(APP, default_timeout=60).run()
    assert not page.exception
    assert any("Waiting for data" in i.value for i in page.info)


def test_query_parameters_round_trip() -> None:
    filters = Filters(types=("pause",), sources=("Reuters", "Euractiv"), actor="Rutte", search="Patriot",
                      mode="reported", min_sources=2)
    assert filters_from_query(query_from_filters(filters)) == filters


def test_untrusted_text_is_escaped_before_highlighting() -> None:
    text = "<script>alert(1)</script> met on Monday"
    start = text.index("Monday")
    rendered = highlighted(text, [(start, start + 6, "2025-07-14", "#ffe08a")])
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert '<mark style="background:#ffe08a" title="2025-07-14">Monday</mark>' in rendered


def test_run_sql_refuses_writes_even_when_disguised(seeded_db: Path) -> None:
    for statement in ("INSERT INTO articles SELECT * FROM articles", "  drop table timeline",
                      "SELECT 1; DELETE FROM articles", "ATTACH 'x.duckdb' AS x"):
        with pytest.raises(ValueError):
            data.run_sql(seeded_db, statement)
    assert data.run_sql(seeded_db, "SELECT count(*) AS n FROM articles")["n"][0] == 5


def test_exports_cover_the_view(seeded_db: Path) -> None:
    frame = data.entries(seeded_db, Filters(types=("meeting", "announcement", "pause")))
    exported = data.export_frame(frame)
    assert len(exported) == len(frame) and "sources" in exported
    timeline_json = json.loads(data.timelinejs(frame))
    assert len(timeline_json["events"]) == len(frame)
    assert {e["group"] for e in timeline_json["events"]} <= {"meeting", "announcement", "pause"}


def test_entries_are_capped_to_the_newest_with_the_full_count(seeded_db: Path) -> None:
    every = data.entries(seeded_db, Filters(types=data.EVENT_TYPES, all_entries=True))
    capped = data.entries(seeded_db, Filters(types=data.EVENT_TYPES, all_entries=True), limit=3)
    assert len(every) > 3 and len(capped) == 3
    assert set(capped["n_matching"]) == {len(every)}
    newest = every.sort_values(["date_start", "entry_id"]).tail(3)
    assert sorted(capped["entry_id"]) == sorted(newest["entry_id"])


def test_actor_and_date_filters_select_in_sql(seeded_db: Path) -> None:
    every = data.entries(seeded_db, Filters(types=data.EVENT_TYPES, all_entries=True))
    actor = every["actors"].explode().dropna().value_counts().index[0]
    by_actor = data.entries(seeded_db, Filters(types=data.EVENT_TYPES, actor=actor.upper(), all_entries=True))
    assert 0 < len(by_actor) < len(every)
    assert all(actor in list(actors) for actors in by_actor["actors"])
    day = sorted(every["date_start"])[len(every) // 2]
    later = data.entries(seeded_db, Filters(types=data.EVENT_TYPES, start=day, all_entries=True))
    assert 0 < len(later) < len(every) and (later["date_end"] >= day).all()


def test_the_default_view_shows_what_the_text_places_and_keeps_the_rest_on_request(seeded_db: Path) -> None:
    default = data.entries(seeded_db, Filters())
    assert len(default) > 0 and default["key"].all() and set(default["date_source"]) <= {"text", "tense"}
    every_placed = data.entries(seeded_db, Filters(all_entries=True))
    assert len(every_placed) > len(default) and set(every_placed["date_source"]) <= {"text", "tense"}
    assert set(default["entry_id"]) == set(every_placed[every_placed["key"]]["entry_id"])
    left_out = every_placed[~every_placed["key"]]
    assert default["salience"].min() >= left_out["salience"].min()
    everything = data.entries(seeded_db, Filters(with_publication_dated=True))
    reported = data.entries(seeded_db, Filters(mode="reported"))
    assert len(everything) == len(reported) > len(default)
    assert "publication" in set(everything["date_source"])

    def shown(event_type: str, start: str, end: str | None = None, actors: set[str] = frozenset(),  # type: ignore[assignment]
              sources: int = 1) -> bool:
        rows = default[(default["event_type"] == event_type)
                       & (pd.to_datetime(default["date_start"]) == pd.Timestamp(start))
                       & (pd.to_datetime(default["date_end"]) == pd.Timestamp(end or start))
                       & (default["n_sources"] >= sources)]
        return any(actors <= set(row) for row in rows["actors"])

    # the seed story's events (tests/test_events_and_merging.py::test_seed_timeline_acceptance), all shown
    assert shown("meeting", "2025-07-14", actors={"Trump", "Rutte"}, sources=2)
    assert shown("meeting", "2025-07-23")
    assert shown("pause", "2025-06-30", "2025-07-06")
    assert shown("meeting", "2025-07-10", actors={"Trump"})
    assert shown("announcement", "2025-07-14", sources=3)
    # said on a day of their own: Rubio on Friday, the US ambassador to NATO on Thursday
    assert shown("announcement", "2025-07-11", actors={"Rubio"})
    assert shown("announcement", "2025-07-17", actors={"Whitaker"})


def test_the_chart_opens_on_the_key_events_not_on_an_outlier_years_away(seeded_db: Path) -> None:
    every = data.entries(seeded_db, Filters(types=data.EVENT_TYPES, all_entries=True))
    outlier = every.iloc[[0]].assign(entry_id="outlier", date_start=pd.Timestamp("2019-03-01"),
                                     date_end=pd.Timestamp("2019-03-01"), plot_start=pd.Timestamp("2019-03-01"),
                                     plot_end=pd.Timestamp("2019-03-01"), granularity="day", key=False)
    window = data.focus_range(pd.concat([every, outlier], ignore_index=True))
    assert window is not None
    key = every[every["key"] & every["granularity"].isin(["day", "week", "month"])]
    assert len(key) > 1 and window[0] <= key["plot_start"].min() and window[1] >= key["plot_end"].max()
    assert window[0] > pd.Timestamp("2025-01-01")


def test_the_chart_names_the_most_reported_entries(seeded_db: Path) -> None:
    frame = data.entries(seeded_db, Filters())
    labelled = data.entries_to_label(frame)
    assert len(labelled) == min(len(frame), data.LABELLED_ENTRIES)
    assert labelled["n_sources"].min() >= frame["n_sources"].nlargest(len(labelled)).min()
    texts = [annotation.text for annotation in timeline_figure(frame).layout.annotations]
    assert texts == [html.escape(data.short_label(t)) for t in labelled["title"]]
    for lane in set(labelled["event_type"]):  # no two labels of one lane on top of each other
        days = sorted(pd.to_datetime(labelled[labelled["event_type"] == lane]["date_start"]))
        assert all((later - earlier).days >= 2 for earlier, later in itertools.pairwise(days))
    assert data.short_label("x" * 100).endswith("…") and len(data.short_label("x" * 100)) == 42


def test_one_story_at_a_time_the_newest_by_default(tmp_path: Path, seeded_db: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "two-stories.duckdb"
    store = TimelineStore(path)
    store.write_batch([analyse_article(r.article) for r in read_articles([SEEDS]) if r.article])
    quake = [Article(id=f"quake-{n}", source=source, title="Earthquake in Chile", published=f"2025-08-0{n}",
                     text=f"A strong earthquake struck northern Chile near Antofagasta on {day}, President Boric "
                          "said. Boric met rescue teams in Antofagasta and Calama.")
             for n, source, day in ((2, "Wire", "Friday"), (3, "Daily", "Friday"))]
    store.write_batch([analyse_article(article) for article in quake])
    store.close()
    listed = data.stories(path)
    assert len(listed) == 2 and "Boric" in listed.iloc[0]["label"]  # the newest story first
    newest = data.entries(path, Filters(types=data.EVENT_TYPES, all_entries=True))
    every = data.entries(path, Filters(types=data.EVENT_TYPES, story=data.ALL_STORIES, all_entries=True))
    seeds = data.entries(path, Filters(types=data.EVENT_TYPES, story=listed.iloc[1]["story_id"], all_entries=True))
    assert set(newest["story_id"]) == {listed.iloc[0]["story_id"]}
    assert all(any(a.startswith("quake-") for a in ids) for ids in newest["article_ids"])
    assert len(every) == len(newest) + len(seeds) and len(seeds) > len(newest) > 0
    monkeypatch.setenv("TIMELINE_DB", str(path))
    page = AppTest.from_file(APP, default_timeout=60)
    page.query_params["story"] = str(listed.iloc[1]["story_id"])
    page.run()
    assert not page.exception
    picker = next(box for box in page.selectbox if box.label == "Story")
    assert picker.value == listed.iloc[1]["story_id"]
    assert picker.options[0].startswith("Newest: ") and picker.options[-1] == "All stories"


def test_a_query_past_the_time_limit_is_stopped_with_a_clear_message(seeded_db: Path) -> None:
    started = time.monotonic()
    with pytest.raises(data.QueryTooLong, match=r"limit of 0\.5 s"):
        data.run_sql(seeded_db, "SELECT count(*) FROM range(100000000000) a", seconds=0.5)
    assert time.monotonic() - started < 10
    assert data.run_sql(seeded_db, "SELECT count(*) AS n FROM articles", seconds=0.5)["n"][0] == 5


@pytest.mark.parametrize(("start", "end", "granularity", "words"), [
    ("2025-07-14", "2025-07-14", "day", "Mon 14 Jul 2025"),
    ("2025-06-30", "2025-07-06", "week", "week of 30 Jun – 6 Jul 2025"),
    ("2025-07-01", "2025-07-31", "month", "July 2025"),
    ("2025-06-23", "2025-06-23", "week", "about Mon 23 Jun 2025 (± a week)"),
    ("2024-07-14", "2024-07-14", "year", "about Sun 14 Jul 2024 (± a year)"),
])
def test_a_date_is_described_with_its_uncertainty(start: str, end: str, granularity: str, words: str) -> None:
    assert data.describe_period(date.fromisoformat(start), date.fromisoformat(end), granularity) == words
