"""Stories by weighted similarity, as news-stream clustering does it (Miranda et al. 2018, Event Registry): each
article is a sparse vector of its names and content word families, TF-IDF weighted with document frequencies
that grow with the feed; it joins the story whose recent articles it is most similar to (cosine with the
story's time-decayed centroid), or starts one.

Articles are placed one at a time, each counted in the document frequencies first; a story's centroid is
computed from its members when it is compared, with the frequencies of the moment. So the outcome is a function
of the sequence of articles alone (not of how a store batches them, nor of restarts): whoever keeps the
articles in their order can rebuild it exactly. It depends on that order the way every single-pass clusterer
does; in publication order it is what `group_by_similarity` returns.

The vectors are a few dozen terms each and are compared with a handful of centroids, so plain dictionaries do;
scikit-learn's TF-IDF transformer is fit on a fixed collection, whereas here the frequencies change with each
article.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from timeline.resources import load


@dataclass(frozen=True)
class Similarity:
    """The rule's settings (resources/stories.toml [similarity])."""

    join_at: float
    window_days: int
    half_life_days: float
    lead_weight: float
    body_weight: float
    candidate_terms: int


@functools.cache
def settings() -> Similarity:
    return Similarity(**load("stories.toml")["similarity"])


@dataclass
class DocumentFrequencies:
    articles: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    _idf: dict[str, float] = field(default_factory=dict, repr=False)  # until the next article is counted

    def add(self, terms: Iterable[str]) -> None:
        """Count one article's terms (a mapping counts its keys, not its weights)."""
        self.articles += 1
        self.counts.update(list(terms))
        self._idf.clear()

    def include(self, counts: Mapping[str, int]) -> None:
        """Take the stored counts of more terms (a store loads only the terms it needs)."""
        self.counts.update(counts)
        self._idf.clear()

    def idf(self, term: str) -> float:
        """Smoothed as scikit-learn's TfidfTransformer does: a term every article has still weighs 1, so that
        the first articles of a feed are not empty vectors."""
        value = self._idf.get(term)
        if value is None:
            value = self._idf[term] = math.log((self.articles + 1) / (self.counts[term] + 1)) + 1.0
        return value


def tf_idf(weights: Mapping[str, float], frequencies: DocumentFrequencies) -> dict[str, float]:
    """The unit-length TF-IDF vector of an article's term weights."""
    vector = {term: weight * frequencies.idf(term) for term, weight in weights.items()}
    vector = {term: value for term, value in vector.items() if value > 0}
    norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {term: value / norm for term, value in vector.items()}


@dataclass(frozen=True)
class StoryVector:
    """An article as the story rule sees it: when it was published and its term weights before IDF."""

    article_id: str
    published: datetime
    weights: Mapping[str, float]

    @functools.cached_property
    def unit_weights(self) -> dict[str, float]:
        """The weights scaled to unit length: a long article counts as much as a short one in a centroid."""
        norm = math.sqrt(sum(value * value for value in self.weights.values())) or 1.0
        return {term: value / norm for term, value in self.weights.items()}


def story_id_for(article_id: str) -> str:
    """A story is named after the article that started it."""
    return "story-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def strongest_terms(vector: Mapping[str, float], count: int) -> list[str]:
    """An article's keys in the story index: its terms of highest TF-IDF (ties by name, for determinism)."""
    return sorted(vector, key=lambda term: (-vector[term], term))[:count]


@dataclass
class StoryStream:
    """Places articles in stories: each joins the recent story most similar to it, or starts its own.

    `members` (articles by story) and `keyed` (index key -> the stories and publication times of the members
    that have it) need only hold the stories near in time to the articles being placed: the store loads that
    much for each batch, and a stream kept in memory holds everything.
    """

    rule: Similarity = field(default_factory=settings)
    frequencies: DocumentFrequencies = field(default_factory=DocumentFrequencies)
    members: dict[str, list[StoryVector]] = field(default_factory=dict)
    keyed: dict[str, list[tuple[str, datetime]]] = field(default_factory=dict)
    keys_of: dict[str, list[str]] = field(default_factory=dict)  # the index keys given to each placed article
    # the members' decayed sums by story, time and member count: they do not depend on the frequencies, so a
    # day's articles compare with the same sums and only the IDF is applied anew
    _sums: dict[tuple[str, datetime, int], dict[str, float]] = field(default_factory=dict, repr=False)

    def add(self, article: StoryVector) -> str:
        """Count the article in the document frequencies and place it: the story it joins (or starts)."""
        self.frequencies.add(article.weights)
        return self.place(article)

    def place(self, article: StoryVector) -> str:
        """The story the article joins (or starts), its frequencies counted already."""
        vector = tf_idf(article.weights, self.frequencies)
        keys = strongest_terms(vector, self.rule.candidate_terms)
        best, best_similarity = None, self.rule.join_at
        for story_id in sorted(self._candidates(keys, article.published)):
            centroid, norm = self._centroid(story_id, article.published)
            # the article's vector has unit length: the cosine is the dot product over the centroid's length
            similarity = sum(value * centroid.get(term, 0.0) for term, value in vector.items()) / norm if norm else 0.0
            if similarity >= best_similarity:
                best, best_similarity = story_id, similarity
        story_id = best or story_id_for(article.article_id)
        self.members.setdefault(story_id, []).append(article)
        for key in keys:
            self.keyed.setdefault(key, []).append((story_id, article.published))
        self.keys_of[article.article_id] = keys
        return story_id

    def _candidates(self, keys: Iterable[str], at: datetime) -> set[str]:
        """Stories with a member within the window that shares one of the article's keys."""
        window = timedelta(days=self.rule.window_days)
        return {story_id for key in keys for story_id, published in self.keyed.get(key, ())
                if abs(at - published) <= window}

    def _centroid(self, story_id: str, at: datetime) -> tuple[dict[str, float], float]:
        """The story's centroid at `at` (its members within the window around `at`, each weighed down by its
        distance in time and by its length, with today's IDF applied to the sum) and the centroid's length."""
        idf = self.frequencies.idf
        centroid = {term: value * idf(term) for term, value in self._decayed_sum(story_id, at).items()}
        return centroid, math.sqrt(sum(value * value for value in centroid.values()))

    def _decayed_sum(self, story_id: str, at: datetime) -> dict[str, float]:
        key = (story_id, at, len(self.members[story_id]))
        if key not in self._sums:
            if self._sums and next(iter(self._sums))[1] != at:
                self._sums.clear()  # kept for one publication time at a time: the memory stays small
            window = timedelta(days=self.rule.window_days)
            summed: Counter[str] = Counter()
            for member in self.members[story_id]:
                distance = abs(at - member.published)
                if distance > window:
                    continue
                decay = 0.5 ** (distance.total_seconds() / 86400 / self.rule.half_life_days)
                for term, value in member.unit_weights.items():
                    summed[term] += decay * value
            self._sums[key] = dict(summed)
        return self._sums[key]


def group_by_similarity(articles: Iterable[StoryVector]) -> dict[str, str]:
    """Each article's story when the articles arrive in publication order."""
    stream = StoryStream()
    return {article.article_id: stream.add(article)
            for article in sorted(articles, key=lambda a: (a.published, a.article_id))}
