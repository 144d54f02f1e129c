"""Stories by weighted similarity, as news-stream clustering does it (Miranda et al. 2018, Event Registry): each
article is a sparse vector of its names and content word families, TF-IDF weighted with document frequencies
that grow with the feed; it joins the story whose recent articles it is most similar to (cosine with the
story's time-decayed centroid), or starts one.

A story's centroid is computed from its members each time it is compared, with the document frequencies of
the moment, so the outcome is a function of the articles seen so far and the order they came in: whoever keeps
the articles can rebuild it exactly. It depends on arrival order the way every single-pass clusterer does; in
publication order it is what `group_by_similarity` returns.

The vectors are a few dozen terms each and are compared with a handful of centroids, so plain dictionaries do;
scikit-learn's TF-IDF transformer is fit on a fixed collection, whereas here the frequencies change with each
article.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from timeline.analysis.actors import find_actors, name_vocabulary, outlet_words
from timeline.analysis.events import WORD, stopwords
from timeline.resources import load
from timeline.stories.grouping import LEAD_WORD_MARK, not_story_terms
from timeline.stories.merging import WORD_FAMILY_LETTERS


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


def term_weights(title: str, sentences: Sequence[str], source: str = "",
                 names: frozenset[str] | None = None) -> dict[str, float]:
    """The article's term frequencies before IDF: each name by the number of sentences naming it (1 + log),
    the word families of the title and lead, and those of the whole text (1 + log of their count), smaller."""
    rule = settings()
    if names is None:
        names = name_vocabulary(list(sentences))
    excluded, outlet, common = not_story_terms(), outlet_words(source), stopwords()
    named: Counter[str] = Counter()
    for text in (title, *sentences):
        named.update({actor.lower() for actor in find_actors(text, names, outlet)} - excluded)
    weights = {name: 1 + math.log(count) for name, count in named.items()}
    families: Counter[str] = Counter()
    for text in sentences:
        families.update(_family(word) for word in WORD.findall(text) if _content_word(word, common))
    for family, count in families.items():
        weights.setdefault(family, rule.body_weight * (1 + math.log(count)))
    for text in (title, *sentences[:1]):
        for word in WORD.findall(text):
            if _content_word(word, common):
                weights[_family(word)] = max(weights.get(_family(word), 0.0), rule.lead_weight)
    return weights


def _content_word(word: str, common: frozenset[str]) -> bool:
    return word[0].islower() and len(word) >= 4 and word not in common


def _family(word: str) -> str:
    return LEAD_WORD_MARK + word[:WORD_FAMILY_LETTERS]


@dataclass
class DocumentFrequencies:
    articles: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, terms: Iterable[str]) -> None:
        self.articles += 1
        self.counts.update(terms)

    def idf(self, term: str) -> float:
        return math.log((self.articles + 1) / (self.counts[term] + 1))


def tf_idf(weights: Mapping[str, float], frequencies: DocumentFrequencies) -> dict[str, float]:
    """The unit-length TF-IDF vector of an article's term weights (terms every article has weigh nothing)."""
    vector = {term: weight * frequencies.idf(term) for term, weight in weights.items()}
    vector = {term: value for term, value in vector.items() if value > 0}
    norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {term: value / norm for term, value in vector.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


@dataclass(frozen=True)
class StoryVector:
    article_id: str
    published: datetime
    weights: Mapping[str, float]


def story_id_for(article_id: str) -> str:
    """A story is named after the article that started it."""
    return "story-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


@dataclass
class StoryStream:
    """Stories of a stream of articles: each one joins the most similar recent story or starts its own."""

    rule: Similarity = field(default_factory=settings)
    frequencies: DocumentFrequencies = field(default_factory=DocumentFrequencies)
    members: dict[str, list[StoryVector]] = field(default_factory=dict)
    _by_term: dict[str, set[str]] = field(default_factory=dict)

    def add(self, article: StoryVector) -> str:
        """The story the article joins (or starts)."""
        self.frequencies.add(article.weights)
        vector = tf_idf(article.weights, self.frequencies)
        best, best_similarity = None, self.rule.join_at
        for story_id in self._candidates(vector):
            similarity = cosine(vector, self._centroid(story_id, article.published))
            if similarity >= best_similarity:
                best, best_similarity = story_id, similarity
        story_id = best or story_id_for(article.article_id)
        self.members.setdefault(story_id, []).append(article)
        for term in article.weights:
            self._by_term.setdefault(term, set()).add(story_id)
        return story_id

    def _candidates(self, vector: Mapping[str, float]) -> set[str]:
        strongest = sorted(vector, key=vector.__getitem__, reverse=True)[:self.rule.candidate_terms]
        return set().union(*(self._by_term.get(term, set()) for term in strongest))

    def _centroid(self, story_id: str, at: datetime) -> dict[str, float]:
        """The story's members within the window around `at`, each weighed down by its distance in time and
        by its length (unit term weights), with today's IDF applied to the sum."""
        window = timedelta(days=self.rule.window_days)
        summed: Counter[str] = Counter()
        for member in self.members[story_id]:
            distance = abs(at - member.published)
            if distance > window:
                continue
            decay = 0.5 ** (distance.total_seconds() / 86400 / self.rule.half_life_days)
            norm = math.sqrt(sum(value * value for value in member.weights.values())) or 1.0
            for term, value in member.weights.items():
                summed[term] += decay * value / norm
        return {term: value * self.frequencies.idf(term) for term, value in summed.items()}


def group_by_similarity(articles: Iterable[StoryVector]) -> dict[str, str]:
    """Each article's story when the articles arrive in publication order."""
    stream = StoryStream()
    return {article.article_id: stream.add(article)
            for article in sorted(articles, key=lambda a: (a.published, a.article_id))}
