"""A feed of many stories through the real broker: the seed articles get a story of their own."""

from __future__ import annotations

import json
import random

import pytest

from broker.clients import producer
from cli.ingest import wait_for_arrival
from producers.article_producer import publish_records
from tests.conftest import SHARED, running_pipeline
from timeline.models import Article
from timeline.settings import Settings
from timeline.sources.article_files import ArticleRecord
from timeline.store.reading import read_only

TIMEBANK = SHARED / "data" / "timebank"



def corpus_articles() -> list[Article]:
    documents = [json.loads(line) for name in ("timebank.jsonl", "aquaint.jsonl")
                 for line in (TIMEBANK / name).open(encoding="utf-8")]
    return [Article(id=d["doc_id"], source=d["corpus"], title=d["text"].strip().split("\n")[0][:120],
                    published=d["dct"], text=d["text"]) for d in documents]


@pytest.mark.skipif(not TIMEBANK.is_dir(), reason="needs ../shared/data/timebank")
def test_the_seeds_are_one_story_of_their_own_in_a_mixed_feed(pipeline_settings: Settings,
                                                                 seed_articles: list[Article]) -> None:
    feed = seed_articles + corpus_articles()
    random.Random(5).shuffle(feed)  # the seeds arrive scattered among the other stories
    with running_pipeline(pipeline_settings) as services:
        client = producer(pipeline_settings)
        report = publish_records(client, (ArticleRecord("feed", article, None) for article in feed))
        client.close()
        state = wait_for_arrival(pipeline_settings, report.published, 240, check=services.check_alive)
        assert state.complete and state.stored == len(feed)
    seed_ids = sorted(a.id for a in seed_articles)
    with read_only(pipeline_settings.db_path) as connection:
        stories = connection.execute(
            "SELECT story_id, list(article_id ORDER BY article_id) FROM article_stories GROUP BY story_id").fetchall()
        assert sum(len(members) for _, members in stories) == len(feed)
        (seed_story,) = [story for story, members in stories if set(members) & set(seed_ids)]
        assert dict(stories)[seed_story] == seed_ids
        label, n_articles = connection.execute(
            "SELECT label, n_articles FROM stories WHERE story_id = ?", [seed_story]).fetchone()
        assert n_articles == 5 and "Ukraine" in label
        # every entry of the seeds' events is in their story, and holds nothing else
        entries = connection.execute(
            "SELECT story_id, article_ids FROM timeline WHERE len(list_intersect(article_ids, ?)) > 0",
            [seed_ids]).fetchall()
        assert entries and all(story == seed_story and set(ids) <= set(seed_ids) for story, ids in entries)
        assert connection.execute("SELECT count(DISTINCT story_id) FROM stories").fetchone()[0] > 100
