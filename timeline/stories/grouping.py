"""What places an article in a story, and how a story is labelled.

An article is described by the names it mentions (people, places, organisations: timeline.analysis.actors), less
calendar words and company suffixes, and by the word families of its text; its story_profile gives both the
terms a story's label is made of and the weights timeline.stories.similarity compares articles by.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from timeline.analysis.actors import find_actors, gazetteer_names, name_vocabulary, outlet_words
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
    """The names an article mentions, in order of first mention (canonical case, without duplicates), then
    the word families of its title's and first sentence's content words, marked "~" ("~earth" for
    "earthquake"); and the weights of these and of the word families of the whole text: a name counts
    1 + log of the sentences naming it, a lead family the rule's `lead_weight`, a family of the text its
    `body_weight` times 1 + log of its count (resources/stories.toml [similarity]). `names`: the article's
    name vocabulary (actors.name_vocabulary), when the caller has it already."""
    if names is None:
        names = name_vocabulary(list(sentences))
    rule = similarity_settings()
    excluded, outlet, common = not_story_terms(), outlet_words(source), stopwords()
    found: dict[str, None] = {}
    named: Counter[str] = Counter()
    for text in (title, *sentences):
        actors = [actor for actor in find_actors(text, names, outlet) if actor.lower() not in excluded]
        found.update(dict.fromkeys(actors))
        named.update({actor.lower() for actor in actors})
    weights = {name: 1 + math.log(count) for name, count in named.items()}
    families: Counter[str] = Counter()
    for text in sentences:
        families.update(_family(word).lower() for word in WORD.findall(text) if _content_word(word, common))
    for family, count in families.items():
        weights.setdefault(family, rule.body_weight * (1 + math.log(count)))
    for text in (title, *sentences[:1]):
        for word in WORD.findall(text):
            if _content_word(word, common):
                family = _family(word)
                found.setdefault(family, None)
                weights[family.lower()] = max(weights.get(family.lower(), 0.0), rule.lead_weight)
    return StoryProfile(list(found), weights)


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
