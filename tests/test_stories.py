"""Stories: grouping articles by what they are about, incrementally in the store and at once offline."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SHARED
from timeline.analysis.pipeline import analyse_article
from timeline.models import AnalysedArticle, Article, DateSource, EventType, Granularity
from timeline.store.storage import TimelineStore, read_only, writer_path
from timeline.stories.grouping import (
    STORY_WINDOW_DAYS,
    StoryArticle,
    group_stories,
    same_story,
    story_id_of,
    story_label,
    story_terms,
)
from timeline.stories.merging import EventForMerge, merge_events, same_event
from timeline.stories.report import timeline_of_articles

TIMEBANK = SHARED / "data" / "timebank"
DAY = datetime(2025, 7, 14, 9, tzinfo=UTC)


def story_article(article_id: str, terms: list[str], days: float = 0) -> StoryArticle:
    return StoryArticle.of(article_id, DAY + timedelta(days=days), terms)


def test_articles_naming_the_same_people_and_places_are_one_story() -> None:
    a = story_article("a", ["Kenya", "Tanzania", "Nairobi", "Albright", "Clinton", "~bomb"])
    b = story_article("b", ["Kenya", "Nairobi", "Tanzania", "Clinton", "FBI"], days=2)
    assert same_story(a, b)


def test_a_shared_country_or_two_is_not_a_story() -> None:
    a = story_article("a", ["United States", "China", "Boeing", "Seattle", "Muilenburg"])
    b = story_article("b", ["United States", "China", "Hong Kong", "Lam", "Xi", "Legco"])
    assert not same_story(a, b)


def test_the_same_names_weeks_apart_are_linked_only_through_the_days_between() -> None:
    names = ["Gonzalez", "Castro", "Cuba", "Miami", "Reno"]
    first, later = story_article("a", names), story_article("b", names, days=STORY_WINDOW_DAYS + 1)
    assert not same_story(first, later)
    between = story_article("c", names, days=STORY_WINDOW_DAYS / 2)
    (story,) = group_stories([first, later, between])
    assert {m.article_id for m in story} == {"a", "b", "c"}


def test_short_items_link_by_all_they_name_and_by_their_lead_words() -> None:
    headline = story_article("h", ["Trump", "Rutte"])
    report = story_article("r", ["Rutte", "Trump", "~discu"], days=1)
    assert same_story(headline, report)
    quake_1 = story_article("q1", ["Chile", "~earth", "~north", "~damag", "~roads"])
    quake_2 = story_article("q2", ["Chile", "~earth", "~north", "~damag", "~bridg"], days=1)
    assert same_story(quake_1, quake_2)
    assert not same_story(quake_1, story_article("x", ["Chile", "~elect", "~presi", "~runof"]))


def test_story_terms_are_names_then_lead_word_families_without_calendar_words_or_the_outlet() -> None:
    sentences = ["An earthquake struck northern Chile on Tuesday, Euractiv reported.",
                 "President Gabriel Boric visited Antofagasta in March."]
    terms = story_terms("Quake hits Chile", sentences, source="Euractiv")
    assert terms[:3] == ["Chile", "Boric", "Antofagasta"]
    assert {"~earth", "~struc", "~north"} <= set(terms)
    assert not {"Tuesday", "March", "Euractiv"} & set(terms)


def test_a_story_is_named_after_its_earliest_article_and_labelled_by_its_names() -> None:
    older, newer = story_article("z-old", ["A"], days=-1), story_article("a-new", ["A"])
    assert story_id_of([newer, older]) == story_id_of([older])
    label = story_label([["Kenya", "Nairobi", "United States", "~bomb"], ["Nairobi", "Kenya", "Albright"],
                         ["Kenya", "Nairobi", "Tanzania"]])
    assert label.split(" · ")[:2] == ["Kenya", "Nairobi"]
    assert "~bomb" not in label


def merge_event(event_id: str, story_id: str) -> EventForMerge:
    return EventForMerge(
        event_id=event_id, article_id=event_id.split("#")[0], source="Wire", published=DAY,
        event_type=EventType.MEETING, date_start=date(2025, 7, 14), date_end=date(2025, 7, 14),
        granularity=Granularity.DAY, date_source=DateSource.TEXT, actors=("Trump", "Rutte"),
        keywords=("talks", "weapons"), trigger="met", sentence="Trump met Rutte on Monday.", status="happened",
        story_id=story_id)


def test_events_never_merge_across_stories() -> None:
    a, b = merge_event("a#0", "story-1"), merge_event("b#0", "story-1")
    other = merge_event("c#0", "story-2")
    assert same_event(a, b) and not same_event(a, other)
    entries = merge_events([a, b, other])
    assert sorted(e.event_ids for e in entries) == [["a#0", "b#0"], ["c#0"]]
    assert {e.story_id for e in entries} == {"story-1", "story-2"}


def terms_only(article_id: str, terms: list[str], days: float) -> AnalysedArticle:
    article = Article(id=article_id, source="Wire", title=article_id, published=DAY + timedelta(days=days),
                      text=f"Text of {article_id}.")
    return AnalysedArticle(article=article, content_hash=f"{article_id}-{terms}", mentions=[], events=[],
                           story_terms=terms)


def stories_in(store: TimelineStore) -> dict[str, str]:
    return dict(store.connection.execute("SELECT article_id, story_id FROM article_stories").fetchall())


def test_a_story_joins_when_a_bridging_article_arrives_and_parts_when_it_is_replaced(tmp_path: Path) -> None:
    store = TimelineStore(tmp_path / "t.duckdb")
    a = terms_only("a", ["Alder", "Birch", "Cedar"], 0)
    c = terms_only("c", ["Cedar", "Dogwood", "Elm"], 2)
    store.write_batch([a, c])
    assert len(set(stories_in(store).values())) == 2
    store.write_batch([terms_only("b", ["Alder", "Birch", "Cedar", "Dogwood", "Elm"], 1)])
    joined = stories_in(store)
    assert set(joined.values()) == {story_id_of([StoryArticle.of("a", a.article.published, [])])}
    (row,) = store.connection.execute("SELECT n_articles, label FROM stories").fetchall()
    assert row[0] == 3 and "Cedar" in row[1]
    # a new version of the bridge about something else: the story comes apart again
    replacement = terms_only("b", ["Fir", "Gum", "Hazel"], 1.5)
    store.write_batch([replacement])
    parted = stories_in(store)
    assert len({parted["a"], parted["b"], parted["c"]}) == 3
    assert parted["a"] == joined["a"]
    assert store.connection.execute("SELECT count(*), sum(n_articles) FROM stories").fetchone() == (3, 3)
    store.close()


@pytest.mark.skipif(not TIMEBANK.is_dir(), reason="needs ../shared/data/timebank")
def test_the_store_groups_a_mixed_feed_as_the_whole_collection_does_in_any_order(
        tmp_path: Path, seed_articles: list[Article]) -> None:
    articles = seed_articles + corpus_articles("aquaint.jsonl")
    analysed = [analyse_article(article) for article in articles]
    oracle = {m.article_id: story_id_of(group) for group in group_stories(
        [StoryArticle.of(i.article.id, i.article.published.replace(tzinfo=None), i.story_terms) for i in analysed])
        for m in group}
    for seed in (1, 2):
        random.Random(seed).shuffle(analysed)
        store = TimelineStore(tmp_path / f"order-{seed}.duckdb")
        for start in range(0, len(analysed), 6):
            store.write_batch(analysed[start:start + 6])
        assert stories_in(store) == oracle
        incremental = store.connection.execute("SELECT entry_id, story_id FROM timeline ORDER BY 1").fetchall()
        store.rebuild_timeline()
        assert store.connection.execute("SELECT entry_id, story_id FROM timeline ORDER BY 1").fetchall() == incremental
        spanning = store.connection.execute(
            "SELECT count(*) FROM timeline_members m JOIN article_stories s USING (article_id) "
            "JOIN timeline t USING (entry_id) WHERE s.story_id <> t.story_id").fetchone()
        assert spanning == (0,)
        store.close()


def corpus_articles(name: str) -> list[Article]:
    documents = [json.loads(line) for line in (TIMEBANK / name).open(encoding="utf-8")]
    return [Article(id=d["doc_id"], source=d["corpus"], published=d["dct"], text=d["text"]) for d in documents]


@pytest.mark.skipif(not TIMEBANK.is_dir(), reason="needs ../shared/data/timebank")
def test_the_seed_articles_are_one_story_of_their_own_among_timebank_and_aquaint(
        seed_articles: list[Article]) -> None:
    articles = seed_articles + corpus_articles("timebank.jsonl") + corpus_articles("aquaint.jsonl")
    entries = timeline_of_articles(articles)
    seed_ids = {a.id for a in seed_articles}
    seed_stories = {e.story_id for e in entries if seed_ids & set(e.article_ids)}
    assert len(seed_stories) == 1
    assert all(set(e.article_ids) <= seed_ids for e in entries if e.story_id in seed_stories)
    assert {a for e in entries if e.story_id in seed_stories for a in e.article_ids} == seed_ids


def test_a_store_from_before_stories_places_its_articles_when_the_writer_starts(
        tmp_path: Path, seed_articles: list[Article]) -> None:
    path = tmp_path / "t.duckdb"
    analysed = [analyse_article(article) for article in seed_articles]
    store = TimelineStore(path)
    store.write_batch(analysed)
    expected = stories_in(store)
    entries = store.connection.execute("SELECT entry_id, story_id FROM timeline ORDER BY 1").fetchall()
    store.close()
    # what an earlier version left: no story terms, no stories
    connection = duckdb.connect(str(writer_path(path)))
    connection.execute("UPDATE articles SET story_terms = NULL; UPDATE timeline SET story_id = NULL; "
                       "DELETE FROM article_stories; DELETE FROM stories; DELETE FROM story_keys")
    connection.close()
    store = TimelineStore(path)
    assert stories_in(store) == expected
    assert store.connection.execute("SELECT entry_id, story_id FROM timeline ORDER BY 1").fetchall() == entries
    store.close()
    with read_only(path) as reader:
        assert reader.execute("SELECT count(*), count(DISTINCT article_id), count(story_terms) FROM articles"
                              ).fetchone() == (5, 5, 5)
        assert reader.execute("SELECT count(*) FROM stories").fetchone() == (1,)
