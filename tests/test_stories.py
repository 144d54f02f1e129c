"""Stories: grouping articles by what they are about, incrementally in the store and at once offline."""

from __future__ import annotations

import json
import math
import random
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SHARED
from timeline.analysis.pipeline import analyse_article
from timeline.models import AnalysedArticle, Article, DateSource, EventType, Granularity
from timeline.store.publishing import parts_dir
from timeline.store.reading import read_only
from timeline.store.storage import TimelineStore, writer_path
from timeline.stories.grouping import story_label, story_names, story_terms
from timeline.stories.merging import EventForMerge, merge_events, same_event
from timeline.stories.report import timeline_of_articles
from timeline.stories.salience import article_days, day_salience, entry_salience
from timeline.stories.similarity import StoryStream, StoryVector, group_by_similarity, settings, story_id_for

TIMEBANK = SHARED / "data" / "timebank"
DAY = datetime(2025, 7, 14, 9, tzinfo=UTC)
# other news of the same weeks: what makes a name rare or common (document frequencies need a feed)
BACKGROUND = [
    StoryVector(f"bg{i}", DAY + timedelta(hours=7 * i), {
        "united states": 1.0, "china": 1.0, f"topic{i}": 2.0, f"person{i}": 1.7, f"place{i}": 1.4,
        "~marke": 0.5, "~gover": 0.5, "~said": 0.5, f"~word{i % 5}": 0.5})
    for i in range(60)
]


def vector(article_id: str, weights: dict[str, float], days: float = 0) -> StoryVector:
    return StoryVector(article_id, DAY + timedelta(days=days), weights)


def stories_of(*articles: StoryVector) -> dict[str, str]:
    placed = group_by_similarity([*BACKGROUND, *articles])
    return {a.article_id: placed[a.article_id] for a in articles}


BOMBINGS = {"kenya": 1.7, "tanzania": 1.4, "nairobi": 2.1, "albright": 1.0, "~bomb": 0.5, "~embas": 1.2,
            "~expl": 0.8}


def test_articles_naming_the_same_people_places_and_things_are_one_story() -> None:
    first = vector("a", BOMBINGS)
    second = vector("b", {"kenya": 1.4, "nairobi": 1.7, "tanzania": 1.0, "clinton": 1.0, "fbi": 1.0,
                          "~embas": 1.0, "~bomb": 0.8}, days=2)
    placed = stories_of(first, second)
    assert placed["a"] == placed["b"] == story_id_for("a")


def test_a_shared_country_or_two_is_not_a_story() -> None:
    boeing = vector("a", {"united states": 1.7, "china": 1.4, "boeing": 2.0, "seattle": 1.0, "~aircr": 1.2})
    hong_kong = vector("b", {"united states": 1.0, "china": 1.7, "hong kong": 2.0, "lam": 1.4, "~prote": 1.2},
                       days=1)
    placed = stories_of(boeing, hong_kong)
    assert placed["a"] != placed["b"]


def test_a_story_lives_as_long_as_coverage_continues() -> None:
    window = settings().window_days
    first, much_later = vector("a", BOMBINGS), vector("z", BOMBINGS, days=window + 6)
    assert len(set(stories_of(first, much_later).values())) == 2
    every_few_days = [vector(f"d{day}", BOMBINGS, days=day) for day in range(4, window + 6, 4)]
    assert set(stories_of(first, *every_few_days, much_later).values()) == {story_id_for("a")}


def test_stories_follow_publication_order_whatever_order_the_list_is_in() -> None:
    articles = [*BACKGROUND, vector("a", BOMBINGS), vector("b", BOMBINGS, days=1)]
    assert group_by_similarity(list(reversed(articles))) == group_by_similarity(articles)


def test_story_terms_are_names_then_lead_word_families_without_calendar_words_or_the_outlet() -> None:
    sentences = ["An earthquake struck northern Chile on Tuesday, Euractiv reported.",
                 "President Gabriel Boric visited Antofagasta in March."]
    terms = story_terms("Quake hits Chile", sentences, source="Euractiv")
    assert terms[:3] == ["Chile", "Gabriel Boric", "Antofagasta"]  # in full, without the title
    assert {"~earth", "~struc", "~north"} <= set(terms)
    assert not {"Tuesday", "March", "Euractiv"} & set(terms)


def test_a_story_is_labelled_by_the_names_most_of_its_articles_mention() -> None:
    label = story_label([["Kenya", "Nairobi", "United States", "~bomb"], ["Nairobi", "Kenya", "Albright"],
                         ["Kenya", "Nairobi", "Tanzania"]])
    assert label.split(" · ")[:2] == ["Kenya", "Nairobi"]
    assert "~bomb" not in label


def test_labels_use_full_names_and_prefer_what_is_distinctive_of_the_story() -> None:
    sentences = ["Governor Nikki Haley spoke to voters on Tremont Street in Roxbury, the Boston Globe said.",
                 "Haley told the crowd in Boston that she would win.", "Israeli troops left the Gaza Strip."]
    terms = story_terms("Haley in Boston", sentences, source="Sentinel")
    assert "Nikki Haley" in terms and "Tremont Street" in terms and "Gaza Strip" in terms
    assert not {"Haley", "Street", "Strip", "Governor Nikki Haley"} & set(terms)
    common = {"united states": 900, "boston": 300}

    def idf(key: str) -> float:
        return math.log(1001 / (common.get(key, 5) + 1)) + 1

    articles = [["United States", "Boston", "Nikki Haley", "Roxbury"], ["Boston", "United States", "Nikki Haley"],
                ["Boston", "United States", "Roxbury", "Gaza", "Gaza Strip"]]
    names = story_names(articles, idf)
    assert names[0] == "Nikki Haley" and "Roxbury" in names
    assert sum(n in {"Gaza", "Gaza Strip"} for n in names) <= 1
    assert story_names(articles)[0] in {"Boston", "United States"}  # without frequencies: the most mentioned


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


def weighted(article_id: str, weights: dict[str, float], days: float) -> AnalysedArticle:
    article = Article(id=article_id, source="Wire", title=article_id, published=DAY + timedelta(days=days),
                      text=f"Text of {article_id}.")
    return AnalysedArticle(article=article, content_hash=f"{article_id}-{sorted(weights.items())}", mentions=[],
                           events=[], story_terms=[term.title() for term in weights], story_weights=weights)


def stories_in(store: TimelineStore) -> dict[str, str]:
    return dict(store.connection.execute("SELECT article_id, story_id FROM article_stories").fetchall())


def partition(story_of: dict[str, str]) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for article_id, story_id in story_of.items():
        members.setdefault(story_id, set()).add(article_id)
    return {frozenset(group) for group in members.values()}


def background_batch() -> list[AnalysedArticle]:
    return [weighted(v.article_id, dict(v.weights), (v.published - DAY).total_seconds() / 86400)
            for v in BACKGROUND]


def test_a_replaced_article_is_placed_again_and_its_story_keeps_the_others(tmp_path: Path) -> None:
    store = TimelineStore(tmp_path / "t.duckdb")
    store.write_batch(background_batch())
    store.write_batch([weighted("a", BOMBINGS, 0), weighted("b", BOMBINGS, 1), weighted("c", BOMBINGS, 2)])
    placed = stories_in(store)
    assert placed["a"] == placed["b"] == placed["c"] == story_id_for("a")
    # a new version of "b" about something else leaves the story and starts its own
    store.write_batch([weighted("b", {"iceland": 2.0, "reykjavik": 1.7, "~volca": 1.2, "~erupt": 1.0}, 1.5)])
    after = stories_in(store)
    assert after["a"] == after["c"] == story_id_for("a") and after["b"] == story_id_for("b")
    counts = dict(store.connection.execute(
        "SELECT story_id, n_articles FROM stories WHERE story_id IN (?, ?)", [story_id_for("a"),
                                                                              story_id_for("b")]).fetchall())
    assert counts == {story_id_for("a"): 2, story_id_for("b"): 1}
    store.close()


@pytest.mark.skipif(not TIMEBANK.is_dir(), reason="needs ../shared/data/timebank")
def test_the_store_places_a_feed_as_the_stream_does_however_batched_and_across_a_restart(
        tmp_path: Path, seed_articles: list[Article]) -> None:
    articles = sorted(seed_articles + corpus_articles("aquaint.jsonl"), key=lambda a: (a.published, a.id))
    analysed = [analyse_article(article) for article in articles]
    stream = StoryStream()
    expected = {i.article.id: stream.add(StoryVector(i.article.id, i.article.published, i.story_weights))
                for i in analysed}
    assert len(set(expected.values())) < len(expected)  # some articles share stories
    path = tmp_path / "feed.duckdb"
    store = TimelineStore(path)
    start, sizes = 0, [1, 7, 3, 12, 5]
    for number, size in enumerate(sizes * 10):
        if number == 6:  # the writer restarts on the way
            store.close()
            store = TimelineStore(path)
        store.write_batch(analysed[start:start + size])
        start += size
    store.write_batch(analysed[start:])
    assert stories_in(store) == expected
    incremental = store.connection.execute("SELECT entry_id, story_id, salience FROM timeline ORDER BY 1").fetchall()
    days = day_salience(article_days(item, expected[item.article.id]) for item in analysed)
    assert any(salience > 0 for *_, salience in incremental)
    assert all(salience == entry_salience(story_id, start, end, days) for story_id, start, end, salience in
               store.connection.execute("SELECT story_id, date_start, date_end, salience FROM timeline").fetchall())
    store.rebuild_timeline()
    assert store.connection.execute("SELECT entry_id, story_id, salience FROM timeline ORDER BY 1").fetchall() \
        == incremental
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
                       "DELETE FROM article_stories; DELETE FROM stories; DELETE FROM story_vectors; "
                       "DELETE FROM story_index; DELETE FROM story_df")
    connection.close()
    # and nothing published of them: the catalog is published from scratch
    shutil.rmtree(parts_dir(path))
    path.unlink()
    store = TimelineStore(path)
    # the same stories (named after their earliest article now: the articles are placed oldest first)
    assert partition(stories_in(store)) == partition(expected)
    renamed = dict(zip(expected.values(), stories_in(store).values(), strict=True))
    assert store.connection.execute("SELECT entry_id, story_id FROM timeline ORDER BY 1").fetchall() == [
        (entry_id, renamed[story_id]) for entry_id, story_id in entries]
    store.close()
    with read_only(path) as reader:
        assert reader.execute("SELECT count(*), count(DISTINCT article_id), count(story_terms) FROM articles"
                              ).fetchone() == (5, 5, 5)
        assert reader.execute("SELECT count(*) FROM stories").fetchone() == (1,)


def topical_feed(rng: random.Random, count: int) -> list[AnalysedArticle]:
    """Articles of four overlapping topics within ten days, each with events (so entries must follow them)."""
    topics = [{"kenya": 1.7, "nairobi": 2.1, "~bomb": 0.5, "~embas": 1.2},
              {"kenya": 1.0, "tanzania": 1.7, "~bomb": 0.5, "~flood": 1.2},
              {"chile": 1.7, "boric": 1.4, "~earth": 1.2, "~rescu": 0.8},
              {"chile": 1.0, "peru": 1.7, "~earth": 0.5, "~trade": 1.2}]
    texts = ["Officials met in Nairobi on Monday to discuss the attack.",
             "Rescue teams met in Santiago on Tuesday, the ministry announced."]
    items = []
    for n in range(count):
        topic = rng.randrange(len(topics))
        weights = {term: weight * rng.uniform(0.6, 1.4) for term, weight in topics[topic].items()
                   if rng.random() > 0.25}
        weights[f"noise{rng.randrange(30)}"] = 1.0
        published = DAY + timedelta(hours=rng.uniform(0, 240))
        article = Article(id=f"t{n:03d}", source=f"Wire{n % 3}", title=f"t{n}", published=published,
                          text=texts[topic // 2])
        items.append(analyse_article(article).model_copy(update={"story_weights": weights}))
    return items


def test_placing_the_newest_window_again_undoes_the_arrival_order(tmp_path: Path) -> None:
    rng = random.Random(7)
    feed = topical_feed(rng, 60)
    in_order = group_by_similarity(StoryVector(i.article.id, i.article.published.replace(tzinfo=None),
                                               i.story_weights) for i in feed)
    differed = 0
    for attempt in range(3):
        arrival = feed[:]
        rng.shuffle(arrival)
        store = TimelineStore(tmp_path / f"t{attempt}.duckdb")
        for start in range(0, len(arrival), 7):
            store.write_batch(arrival[start:start + 7])
        differed += stories_in(store) != in_order
        store.recluster_recent()
        assert stories_in(store) == in_order
        assert store.placed_since_recluster == 0
        incremental = store.connection.execute(
            "SELECT entry_id, story_id, event_ids, salience FROM timeline ORDER BY 1").fetchall()
        labels = store.connection.execute("SELECT story_id, label, n_articles FROM stories ORDER BY 1").fetchall()
        assert sorted(story for story, _, _ in labels) == sorted(set(in_order.values()))
        store.rebuild_timeline()
        assert store.connection.execute(
            "SELECT entry_id, story_id, event_ids, salience FROM timeline ORDER BY 1").fetchall() == incremental
        assert store.recluster_recent() == 0  # placed in publication order already
        store.close()
    assert differed  # the arrival order did change the stories before they were placed again


def test_the_writer_places_the_newest_window_again_when_the_feed_pauses(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    feed = topical_feed(rng, 41)
    in_order = group_by_similarity(StoryVector(i.article.id, i.article.published.replace(tzinfo=None),
                                               i.story_weights) for i in feed[:40])
    arrival = feed[:40]
    rng.shuffle(arrival)
    store = TimelineStore(tmp_path / "t.duckdb")
    for start in range(0, len(arrival), 5):
        store.write_batch(arrival[start:start + 5])
    store.when_idle()
    assert stories_in(store) == in_order and store.placed_since_recluster == 0
    with read_only(store.published) as reader:  # and what it placed is published
        assert dict(reader.execute("SELECT article_id, story_id FROM article_stories").fetchall()) == in_order
    store.write_batch(feed[40:])
    store.when_idle()  # a pause right after the last one: not yet
    assert store.placed_since_recluster == 1
    monkeypatch.setattr("timeline.store.storage.RECLUSTER_INTERVAL_S", 0.0)
    store.when_idle()
    assert store.placed_since_recluster == 0
    store.close()
