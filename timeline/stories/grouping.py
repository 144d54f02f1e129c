"""What places an article in a story, and how a story is labelled.

An article is described by the names it mentions (people, places, organisations: timeline.analysis.actors), less
calendar words and company suffixes, and by the word families of its text; its story_profile gives both the
terms a story's label is made of and the weights timeline.stories.similarity compares articles by.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from timeline.analysis.actors import find_names, gazetteer_names, name_key, name_vocabulary, outlet_words
from timeline.analysis.events import WORD, stopwords
from timeline.analysis.temporal.lexicon import MONTHS, WEEKDAYS
from timeline.resources import load
from timeline.stories.merging import WORD_FAMILY_LETTERS
from timeline.stories.similarity import settings as similarity_settings

LABEL_TERMS = 4
LEAD_WORD_MARK = "~"


@functools.cache
def not_story_terms() -> frozenset[str]:
    words = load("stories.toml")["not_story_terms"]["words"]
    return frozenset(w.lower() for w in words) | frozenset(MONTHS) | frozenset(WEEKDAYS)


@dataclass(frozen=True)
class StoryProfile:
    """What places an article in a story: its terms (for labels) and their weights (for similarity)."""

    terms: list[str]
    weights: dict[str, float]


def story_profile(title: str, sentences: Sequence[str], source: str = "",
                  names: frozenset[str] | None = None) -> StoryProfile:
    """The names an article mentions in full ("Nikki Haley", "Gaza Strip"), in order of first mention, each
    once (by its actor key: timeline.analysis.actors.find_names), then the word families of its title's and
    first sentence's content words, marked "~" ("~earth" for "earthquake"); and the weights of the names' keys
    and of the word families of the whole text: a name counts 1 + log of the sentences naming it, a lead
    family the rule's `lead_weight`, a family of the text its `body_weight` times 1 + log of its count
    (resources/stories.toml [similarity]). `names`: the article's name vocabulary (actors.name_vocabulary),
    when the caller has it already."""
    if names is None:
        names = name_vocabulary(list(sentences))
    rule = similarity_settings()
    excluded, outlet, common = not_story_terms(), outlet_words(source), stopwords()
    found: dict[str, str] = {}  # each name's key, in order of first mention: its fullest form
    named: Counter[str] = Counter()
    for text in (title, *sentences):
        actors = [(key, full) for key, full in find_names(text, names, outlet) if key.lower() not in excluded]
        for key, full in actors:
            if len(full.split()) > len(found.get(key, "").split()):
                found[key] = full
        named.update({key.lower() for key, _ in actors})
    weights = {name: 1 + math.log(count) for name, count in named.items()}
    terms = dict.fromkeys(found.values())
    families: Counter[str] = Counter()
    for text in sentences:
        families.update(_family(word).lower() for word in WORD.findall(text) if _content_word(word, common))
    for family, count in families.items():
        weights.setdefault(family, rule.body_weight * (1 + math.log(count)))
    for text in (title, *sentences[:1]):
        for word in WORD.findall(text):
            if _content_word(word, common):
                family = _family(word)
                terms.setdefault(family, None)
                weights[family.lower()] = max(weights.get(family.lower(), 0.0), rule.lead_weight)
    return StoryProfile(list(terms), weights)


def _content_word(word: str, common: frozenset[str]) -> bool:
    return word[0].islower() and len(word) >= 4 and word not in common


def _family(word: str) -> str:
    return LEAD_WORD_MARK + word[:WORD_FAMILY_LETTERS]


def story_terms(title: str, sentences: Sequence[str], source: str = "", names: frozenset[str] | None = None
                ) -> list[str]:
    """The terms of story_profile."""
    return story_profile(title, sentences, source, names).terms


def is_name(term: str) -> bool:
    return not term.startswith(LEAD_WORD_MARK)


def story_names(term_lists: Iterable[Sequence[str]], idf: Callable[[str], float] | None = None) -> list[str]:
    """The names that mark the story: those many of its articles mention, weighted by how rare they are in the
    whole feed (`idf` of a name's key, timeline.stories.similarity; without it every name weighs the same),
    earliest mentioned first among equals (an article names what it is about in its title and lead); people
    and specific places before countries and institutions, which many stories share; a name inside a chosen
    longer one ("Gaza" in "Gaza Strip") is not repeated."""
    counts: Counter[str] = Counter()
    positions: dict[str, list[int]] = {}
    spelling: dict[str, str] = {}
    for terms in term_lists:
        names = (spelling.setdefault(t.lower(), t) for t in terms if is_name(t))
        for position, term in enumerate(dict.fromkeys(names)):
            counts[term] += 1
            positions.setdefault(term, []).append(position)
    weight = {term: count * (idf(name_key(term).lower()) if idf else 1.0) for term, count in counts.items()}
    ranked = sorted(counts, key=lambda t: (-weight[t], sum(positions[t]) / len(positions[t]), t))
    gazetteer = {name.lower() for name in gazetteer_names()}
    chosen: list[str] = []
    # one country or institution among the first, more only when the story names too few others
    for general_allowed in (1, LABEL_TERMS):
        for term in ranked:
            if len(chosen) == LABEL_TERMS:
                break
            if term in chosen or any(_within(term, other) or _within(other, term) for other in chosen):
                continue
            if term.lower() in gazetteer and sum(c.lower() in gazetteer for c in chosen) >= general_allowed:
                continue
            chosen.append(term)
    return [t for t in ranked if t in chosen]


def _within(short: str, long: str) -> bool:
    """Whether every word of one name is a word of the other ("Gaza" in "Gaza Strip")."""
    return set(short.lower().split()) <= set(long.lower().split())


def label_of(names: Sequence[str]) -> str:
    return " · ".join(names) or "(no names)"


def story_label(term_lists: Iterable[Sequence[str]]) -> str:
    return label_of(story_names(term_lists))
