"""Actors named in a sentence: people, organisations and countries.

In a parsed sentence (events), actors are the named entities of the parse joined with the gazetteer
(actors_of). Story terms read every sentence, most of them unparsed, so they still take capitalised word
sequences that the article writes as names (find_actors). Either way people are keyed by surname ("President
Donald Trump" -> "Trump") so that sources that name them differently agree, and places and institutions by
their canonical gazetteer name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import regex

from timeline.resources import load

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from timeline.analysis.document import Document

# Names in any script's letters (Erdoğan, Støre, Nguyễn Phú Trọng, Ciarán): \p{Lu} an upper-case letter, \p{Ll} a
# lower-case one, \p{M} the combining marks of text written decomposed
_NAME_WORD = r"\p{Lu}[\p{L}\p{M}'’\-]*\p{Ll}[\p{L}\p{M}'’\-]*"
_NAME = regex.compile(rf"\b{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|\p{{Lu}}\.))*")


@functools.cache
def _gazetteer() -> tuple[re.Pattern[str], dict[str, str], frozenset[str], re.Pattern[str]]:
    data = load("actors.toml")
    canonical: dict[str, str] = {}
    for name, variants in data["aliases"].items():
        for variant in variants:
            canonical[variant] = name
    ordered = sorted(canonical, key=len, reverse=True)
    aliases = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(v) for v in ordered) + r")(?![\w])")
    titles = sorted(data["not_names"]["titles"], key=len, reverse=True)
    title_prefix = re.compile(r"^(?:(?:" + "|".join(re.escape(t) for t in titles) + r")\s+)+")
    return aliases, canonical, frozenset(data["not_names"]["words"]), title_prefix


def _name_words(name: str, not_names: frozenset[str], title_prefix: re.Pattern[str]) -> list[str]:
    """The words of a capitalised stretch that make the name: without a leading title, possessives and words
    that are never names."""
    name = title_prefix.sub("", name).strip()
    words = [w.rstrip("'’").removesuffix("'s").removesuffix("’s") for w in name.split()]
    return [w for w in words if w and w not in not_names]


def _key_of(words: Sequence[str]) -> str:
    if len(words) <= 4 and all(w[0].isupper() for w in words):
        return words[-1]  # a person's surname ("Danish minister Lars Lokke Rasmussen"), or a one-word name
    return " ".join(words)


_WORD_START = regex.compile(rf"(?<![\w'’-])({_NAME_WORD})")


def name_vocabulary(sentences: list[str]) -> frozenset[str]:
    """Words an article writes capitalised in mid-sentence: the evidence that a capitalised word is a name.

    A sentence's first word and the words of title-case headings ("Pause of Weapon Shipments") are
    capitalised whatever they are, so they do not count.
    """
    names: set[str] = set()
    for sentence in sentences:
        words = sentence.split()
        capitalised = sum(1 for w in words if w[:1].isupper())
        if len(words) >= 3 and capitalised / len(words) > 0.6 and not re.search(r"[.!?\"”’]\s*$", sentence):
            continue  # a headline
        for match in _WORD_START.finditer(sentence):
            word = match.group(1).removesuffix("'s").removesuffix("’s")
            opens_sentence = match.start() == 0 or re.search(r"[.!?:\"“‘(]\s*$", sentence[:match.start()])
            if not opens_sentence or _NAME_FOLLOWS.match(sentence, match.end()) or word != match.group(1):
                names.add(word)
    return frozenset(names)


# What can follow a sentence's first word only if it is a name: "Trump and Rutte", "Rutte said", "Kyiv's".
_NAME_FOLLOWS = regex.compile(
    r"\s+(?:and|or)\s+\p{Lu}|\s+(?:said|says|told|met|meets|announced|confirmed|declared|called|spoke|added|"
    r"visited|insisted|warned|urged|stated|wrote|replied)\b"
)


def find_actors(sentence: str, names: frozenset[str] | None = None, exclude: frozenset[str] = frozenset()
                ) -> list[str]:
    """Canonical actor names in order of first appearance.

    `names`: the article's name vocabulary (see name_vocabulary); a capitalised word outside the gazetteer
    counts only if the article also writes it capitalised in mid-sentence. `exclude`: words never actors
    (the outlet's own name).
    """
    return list(dict.fromkeys(key for key, _ in find_names(sentence, names, exclude)))


def find_names(sentence: str, names: frozenset[str] | None = None, exclude: frozenset[str] = frozenset()
               ) -> list[tuple[str, str]]:
    """Each actor of find_actors as (canonical key, full name as written) in order of appearance: ("Haley",
    "Nikki Haley") for "Governor Nikki Haley", ("Strip", "Gaza Strip"); a gazetteer name is its canonical form
    twice. The key matches actors across sentences and articles; the full name is what a reader is shown."""
    aliases, canonical, not_names, title_prefix = _gazetteer()
    found: list[tuple[int, str, str]] = []
    covered: list[tuple[int, int]] = []
    for match in aliases.finditer(sentence):
        found.append((match.start(), canonical[match.group(0)], canonical[match.group(0)]))
        covered.append((match.start(), match.end()))
    for match in _NAME.finditer(sentence):
        if any(s < match.end() and match.start() < e for s, e in covered):
            continue
        words = _name_words(match.group(0), not_names | exclude, title_prefix)
        if not words:
            continue
        key = _key_of(words)
        if len(key) <= 2 or any(word in exclude for word in key.split()):
            continue
        if names is not None and not all(word in names for word in key.split()):
            continue
        # shown without a hyphen a line break left ("Sentinel-")
        found.append((match.start(), key, " ".join(words).rstrip("-‐")))
    return [(key, full) for _, key, full in sorted(found)]


def name_key(full_name: str) -> str:
    """The canonical key of a full name of find_names ("Nikki Haley" -> "Haley")."""
    _, canonical, _, _ = _gazetteer()
    return full_name if full_name in canonical.values() else _key_of(full_name.split())


def outlet_words(source: str) -> frozenset[str]:
    """The words of an outlet's name ("Euractiv", "Daily Eight"): an article naming its own outlet is not
    about it."""
    return frozenset(regex.findall(r"\p{Lu}[\p{L}\p{M}]+", source))


def gazetteer_names() -> frozenset[str]:
    """Canonical names of countries and institutions."""
    return frozenset(_gazetteer()[1].values())


# Entity labels that name actors: people, organisations, countries and cities, nationalities.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def name_as_written(entity: Span) -> str:
    """A named entity's text without a leading article or a trailing possessive ("the Kremlin's" -> "Kremlin")."""
    tokens = [t for t in entity if not (t.i == entity.start and t.lower_ == "the")]
    return re.sub(r"['’]s?$", "", "".join(t.text_with_ws for t in tokens).strip()).strip()


@functools.cache
def _name_particles() -> frozenset[str]:
    return frozenset(load("actors.toml")["names"]["particles"])


def joined_names(entities: Sequence[Span]) -> list[Span]:
    """The recogniser's entities with a person's name split at its particles joined again: "Ursula von der"
    (PERSON) and "Leyen" (GPE) are one PERSON, "Ursula von der Leyen"."""
    from spacy.tokens import Span

    particles = _name_particles()
    joined: list[Span] = []
    for entity in entities:
        previous = joined[-1] if joined else None
        if previous is not None and previous.label_ == "PERSON" and entity.start >= previous.end and \
                entity[0].text[:1].isupper():
            between = previous.doc[previous.end:entity.start]
            ends_in_particle = previous[-1].lower_ in particles and previous[-1].text.islower()
            if all(t.lower_ in particles and t.text.islower() for t in between) and (ends_in_particle or len(between)):
                joined[-1] = Span(previous.doc, previous.start, entity.end, label="PERSON")
                continue
        joined.append(entity)
    return joined


def actor_key(entity: Span, person: bool = False) -> str | None:
    """The canonical name of a named entity: the gazetteer's name when it is one of its variants ("Kremlin"
    -> "Russia"), a person's surname ("NATO Secretary General Mark Rutte" -> "Rutte"), else the name as
    written, without a leading article or a possessive, in full Unicode."""
    _, canonical, not_names, title_prefix = _gazetteer()
    text = name_as_written(entity)
    if not text:
        return None
    if text in canonical:
        return canonical[text]
    if entity.label_ == "PERSON" or person:
        words = [w for w in title_prefix.sub("", text).split() if w not in not_names]
        return words[-1] if words else None
    return None if text in not_names else text


def actors_of(document: Document, sentence_index: int, source: str = "") -> list[str]:
    """Canonical actor names of a parsed sentence, in order of first appearance: its named entities joined
    with the gazetteer, and gazetteer names the model did not tag ("the alliance", "Kyiv")."""
    doc = document.parses[sentence_index]
    exclude = outlet_words(source)
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for entity in doc.ents:
        if entity.label_ not in ACTOR_LABELS:
            continue
        key = actor_key(entity)
        if key and len(key) > 1 and not any(word in exclude for word in key.split()):
            found.append((entity.start_char, key))
            covered.append((entity.start_char, entity.end_char))
    aliases, canonical, _, _ = _gazetteer()
    for match in aliases.finditer(doc.text):
        if not any(s < match.end() and match.start() < e for s, e in covered):
            found.append((match.start(), canonical[match.group(0)]))
    seen: dict[str, None] = {}
    for _, name in sorted(found):
        seen.setdefault(name, None)
    return list(seen)


def actor_of_token(token: Token) -> str | None:
    """The canonical name of the name a token belongs to (an entity, or a proper noun with its compounds)."""
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            return actor_key(entity) if entity.label_ in ACTOR_LABELS else None
    if token.pos_ != "PROPN":
        return None
    words = [t for t in token.children if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < token.i]
    start = min([token.i, *(t.i for t in words)])
    return actor_key(token.doc[start:token.i + 1], person=not words or len(words) < 3)
