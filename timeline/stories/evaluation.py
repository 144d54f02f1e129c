"""Scoring story grouping on a labelled mixed feed (`timeline bench stories`): purity and B-cubed.

The feed and how it is labelled are described in resources/story_dev_topics.toml. The grouping scored is the
stream's in publication order (similarity.group_by_similarity), which the store's equals for the same batches.
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from timeline.analysis.pipeline import analyse_articles
from timeline.analysis.sentences import split_sentences
from timeline.models import Article
from timeline.resources import load
from timeline.sources.article_files import read_articles
from timeline.stories.grouping import story_label
from timeline.stories.similarity import StoryVector, group_by_similarity

SEED_LABEL = "patriot-2025"
LEAD_SENTENCES = 3


@functools.cache
def _topics() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(pattern) for name, pattern in load("story_dev_topics.toml")["topics"].items()}


def topic_of(article: Article) -> str | None:
    """The article's label: the one topic its lead matches, with the year ("bird-flu-2005"), else None."""
    lead = " ".join(s.text for s in split_sentences(article.text)[:LEAD_SENTENCES]).replace("\n", " ")
    matched = [name for name, pattern in _topics().items() if pattern.search(lead)]
    return f"{matched[0]}-{article.published.year}" if len(matched) == 1 else None


def dev_feed(shared: Path, seeds: Path) -> list[Article]:
    """Every article of ../shared/data's wire and TimeBank/AQUAINT files and the seeds, by publication time."""
    articles = [record.article for record in read_articles([seeds]) if record.article is not None]
    files = [shared / "te3silver" / "te3_silver.jsonl", shared / "timebank" / "timebank.jsonl",
             shared / "timebank" / "aquaint.jsonl"]
    for path in files:
        for line in path.open(encoding="utf-8"):
            document = json.loads(line)
            source = document.get("corpus") or document["doc_id"].split("_")[0]
            articles.append(Article(id=document["doc_id"], source=source, title="", published=document["dct"],
                                    text=document["text"]))
    return sorted(articles, key=lambda a: (a.published, a.id))


@dataclass(frozen=True)
class StoryScores:
    articles: int
    labelled: int
    stories: int
    single_article_stories: int
    purity: float
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(groups: Iterable[Sequence[str]], labels: Mapping[str, str]) -> StoryScores:
    """Purity and B-cubed of groups of article ids against the labels of the labelled ones."""
    groups = [list(group) for group in groups]
    cluster_of = {article_id: index for index, group in enumerate(groups) for article_id in group}
    labelled = [article_id for article_id in cluster_of if article_id in labels]
    in_cluster: dict[int, Counter[str]] = {}
    for article_id in labelled:
        in_cluster.setdefault(cluster_of[article_id], Counter())[labels[article_id]] += 1
    per_label = Counter(labels[article_id] for article_id in labelled)
    pure = sum(counts.most_common(1)[0][1] for counts in in_cluster.values())
    precision = recall = 0.0
    for article_id in labelled:
        counts = in_cluster[cluster_of[article_id]]
        same = counts[labels[article_id]]
        precision += same / sum(counts.values())
        recall += same / per_label[labels[article_id]]
    n = len(labelled) or 1
    return StoryScores(len(cluster_of), len(labelled), len(groups), sum(1 for g in groups if len(g) == 1),
                       pure / n, precision / n, recall / n)


def run_story_benchmark(shared: Path, seeds: Path) -> int:
    started = time.perf_counter()
    feed = dev_feed(shared, seeds)
    seed_ids = {record.article.id for record in read_articles([seeds]) if record.article is not None}
    found = {a.id: SEED_LABEL if a.id in seed_ids else topic_of(a) for a in feed}
    labels = {article_id: label for article_id, label in found.items() if label}
    analysed = analyse_articles(feed)
    analysis_s = time.perf_counter() - started
    story_of = group_by_similarity(StoryVector(item.article.id, item.article.published, item.story_weights)
                                   for item in analysed)
    grouping_s = time.perf_counter() - started - analysis_s
    members: dict[str, list[str]] = {}
    for article_id, story_id in story_of.items():
        members.setdefault(story_id, []).append(article_id)
    groups = list(members.values())
    scores = score(groups, labels)
    print(f"story grouping on the mixed dev feed ({scores.articles} articles, {scores.labelled} labelled in "
          f"{len(set(labels.values()))} stories; resources/story_dev_topics.toml says how)")
    print(f"  stories {scores.stories}, of one article {scores.single_article_stories}")
    print(f"  purity {scores.purity:.3f}  B-cubed precision {scores.precision:.3f} recall {scores.recall:.3f} "
          f"F1 {scores.f1:.3f}")
    seed_groups = [group for group in groups if seed_ids & set(group)]
    print(f"  seeds: {len(seed_groups)} story(ies), holding {sum(len(g) for g in seed_groups)} article(s): "
          + "; ".join(story_label(item.story_terms for item in analysed if item.article.id in set(group))
                      for group in seed_groups))
    by_label: dict[str, Counter[int]] = {}
    index_of = {article_id: i for i, group in enumerate(groups) for article_id in group}
    for article_id, label in labels.items():
        by_label.setdefault(label, Counter())[index_of[article_id]] += 1
    for label, counts in sorted(by_label.items(), key=lambda kv: -sum(kv[1].values()))[:12]:
        print(f"  {label:<34} {sum(counts.values()):>4} articles in {len(counts):>3} stories (largest "
              f"{counts.most_common(1)[0][1]})")
    print(f"  time: analysis {analysis_s:.1f} s, grouping {grouping_s:.2f} s")
    return 0

