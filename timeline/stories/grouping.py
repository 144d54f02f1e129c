"""Stories: the articles of a feed grouped by what they are about, so that each story gets its own timeline.

An article is described by the names it mentions (people, places, organisations: timeline.analysis.actors), less
calendar words and company suffixes, and by the word families of its lead. Two articles are of one story
when they were published within STORY_WINDOW_DAYS of each other and these terms agree (Jaccard >=
STORY_MIN_JACCARD, with at least STORY_MIN_SHARED in common, or all those of a short item); a story is a
connected component of that relation, so the grouping depends only on the set of articles, never on the
order they arrive in, and a story that runs for weeks stays one as long as each day's reports link to the
days before.

Finding an article's neighbours among millions is MinHash locality-sensitive hashing (datasketch): each
name set gets a MinHash signature, cut into bands; articles sharing a band key are candidates, which the
exact rule then checks. The band keys are plain integers, so the store keeps them in a table and asks it
for candidates: the index survives restarts and never has to fit in memory.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from datasketch import MinHash, MinHashLSH

from timeline.analysis.actors import find_actors, gazetteer_names, name_vocabulary, outlet_words
from timeline.analysis.events import WORD, stopwords
from timeline.analysis.temporal.lexicon import MONTHS, WEEKDAYS
from timeline.resources import load
from timeline.stories.merging import WORD_FAMILY_LETTERS, Components

STORY_WINDOW_DAYS = 7
STORY_MIN_JACCARD = 0.3
STORY_MIN_SHARED = 3
# Candidates are looked for at a lower similarity than the rule asks, so that LSH misses few true links:
# 64 permutations at 0.15 give 32 bands of 2 rows, which finds a pair at Jaccard 0.3 with p = 0.95 (0.99
# at 0.4); a story links through many pairs, so one missed pair rarely splits it.
NUM_PERM = 64
CANDIDATE_JACCARD = 0.15
LABEL_TERMS = 4
LEAD_WORD_MARK = "~"


@dataclass(frozen=True)
class StoryArticle:
    """What the story rule needs of an article."""

    article_id: str
    published: datetime
    terms: frozenset[str]  # lowercased, for comparison
    names: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(t for t in self.terms if is_name(t)))

    @classmethod
    def of(cls, article_id: str, published: datetime, terms: Iterable[str]) -> StoryArticle:
        return cls(article_id, published, frozenset(t.lower() for t in terms))


@functools.cache
def not_story_terms() -> frozenset[str]:
    words = load("stories.toml")["not_story_terms"]["words"]
    return frozenset(w.lower() for w in words) | frozenset(MONTHS) | frozenset(WEEKDAYS)


def story_terms(title: str, sentences: Sequence[str], source: str = "", names: frozenset[str] | None = None
                ) -> list[str]:
    """The names an article mentions, in order of first mention (canonical case, without duplicates), then
    the word families of its title's and first sentence's content words, marked "~" ("~earth" for
    "earthquake"): what the article is about, which tells stories apart when an item names little.
    `names`: the article's name vocabulary (actors.name_vocabulary), when the caller has it already."""
    if names is None:
        names = name_vocabulary(list(sentences))
    excluded = not_story_terms()
    outlet = outlet_words(source)
    found: dict[str, None] = {}
    for text in (title, *sentences):
        for actor in find_actors(text, names, outlet):
            if actor.lower() not in excluded:
                found.setdefault(actor, None)
    common = stopwords()
    for text in (title, *sentences[:1]):
        for match in WORD.finditer(text):
            word = match.group(0)
            if word[0].islower() and len(word) >= 4 and word not in common:
                found.setdefault(LEAD_WORD_MARK + word[:WORD_FAMILY_LETTERS], None)
    return list(found)


def is_name(term: str) -> bool:
    return not term.startswith(LEAD_WORD_MARK)


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    # a short item (a headline, a caption) has fewer terms: then all of them count, and at least two
    if shared < max(2, min(STORY_MIN_SHARED, len(a), len(b))):
        return False
    return shared / len(a | b) >= STORY_MIN_JACCARD


def same_story(a: StoryArticle, b: StoryArticle) -> bool:
    """The pairwise rule: published within the window, and their names agree, or their names and lead
    words together do (an item that names little: "earthquake", "Chile")."""
    if abs(a.published - b.published) > timedelta(days=STORY_WINDOW_DAYS):
        return False
    return _agree(a.names, b.names) or _agree(a.terms, b.terms)


@functools.cache
def _bands() -> tuple[int, int]:
    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(terms: Iterable[str]) -> list[int]:
    """The LSH band keys of an article's terms, and of its names alone: articles that share one are
    candidates of one story."""
    lowered = {t.lower() for t in terms}
    names = {t for t in lowered if is_name(t)}
    return _keys_of(lowered, space=0) + (_keys_of(names, space=1) if names != lowered else [])


def _keys_of(terms: set[str], space: int) -> list[int]:
    if len(terms) < 2:
        return []  # can never meet the rule
    signature = MinHash(num_perm=NUM_PERM)
    signature.update_batch([t.encode("utf-8") for t in sorted(terms)])
    bands, rows = _bands()
    keys = []
    for band in range(bands):
        chunk = signature.hashvalues[band * rows:(band + 1) * rows].tobytes()
        digest = hashlib.blake2b(bytes([space]) + band.to_bytes(2, "big") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def story_id_of(members: Iterable[StoryArticle]) -> str:
    """A story is named after its earliest article: its id changes only when it joins an older story."""
    first = min(members, key=lambda m: (m.published, m.article_id))
    return "story-" + hashlib.sha1(first.article_id.encode("utf-8")).hexdigest()[:12]


def story_groups(articles: Sequence[StoryArticle], links: Iterable[tuple[str, str]]) -> list[list[StoryArticle]]:
    """Connected components of the given links (pairs of article ids) over the articles."""
    index = {article.article_id: i for i, article in enumerate(articles)}
    components = Components(len(articles))
    for a, b in links:
        if a in index and b in index:
            components.union(index[a], index[b])
    groups: dict[int, list[StoryArticle]] = {}
    for i, article in enumerate(articles):
        groups.setdefault(components.find(i), []).append(article)
    return list(groups.values())


def group_stories(articles: Sequence[StoryArticle]) -> list[list[StoryArticle]]:
    """Stories of a whole collection at once (the oracle the store's incremental assignment must equal)."""
    by_key: dict[int, list[StoryArticle]] = {}
    for article in articles:
        for key in band_keys(article.terms):
            by_key.setdefault(key, []).append(article)
    links = {(a.article_id, b.article_id) for bucket in by_key.values()
             for i, a in enumerate(bucket) for b in bucket[i + 1:] if same_story(a, b)}
    return story_groups(articles, links)


def story_names(term_lists: Iterable[Sequence[str]]) -> list[str]:
    """The names most of the story's articles mention, earliest mentioned first (an article names what it is
    about in its title and lead); people and specific places before countries and institutions, which many
    stories share."""
    counts: Counter[str] = Counter()
    positions: dict[str, list[int]] = {}
    spelling: dict[str, str] = {}
    for terms in term_lists:
        names = (spelling.setdefault(t.lower(), t) for t in terms if is_name(t))
        for position, term in enumerate(dict.fromkeys(names)):
            counts[term] += 1
            positions.setdefault(term, []).append(position)
    ranked = sorted(counts, key=lambda t: (-counts[t], sum(positions[t]) / len(positions[t]), t))
    gazetteer = {name.lower() for name in gazetteer_names()}
    specific = [term for term in ranked if term.lower() not in gazetteer]
    general = [term for term in ranked if term.lower() in gazetteer]
    chosen = set(specific[:LABEL_TERMS - 1] + general[:1])
    chosen |= set([t for t in ranked if t not in chosen][:LABEL_TERMS - len(chosen)])
    return [t for t in ranked if t in chosen]


def label_of(names: Sequence[str]) -> str:
    return " · ".join(names) or "(no names)"


def story_label(term_lists: Iterable[Sequence[str]]) -> str:
    return label_of(story_names(term_lists))
