"""Headlines for timeline entries, built from an evidence sentence: who did what to whom, compressed.

"The Pentagon paused some weapons shipments to Ukraine earlier this month, citing concerns about US
stockpiles." → "Pentagon pauses some weapons shipments to Ukraine". The sentence is tagged and chunked by
TextBlob's shallow parser (Brill-style lexicon tagger and chunker, ~150,000 tokens/s, no model download);
the trigger's clause gives the subject (the noun phrase before its verb), the verb (in the headline's
present tense, inflected by lemminflect) and the object (the phrases after it, up to the clause's end).
Articles, dates (the entry shows its own) and asides between commas are left out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from timeline.temporal.lexicon import MONTHS, PARTS_OF_DAY, UNITS, WEEKDAYS

# words, abbreviations with dots ("U.S."), numbers, possessive endings, and single punctuation marks
_TOKEN = re.compile(r"[A-Za-z]\.(?:[A-Za-z]\.)+|\d+(?:[.,:]\d+)*%?|"
                    r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+|['’](?!(?:s|ll|re|ve|d|m)\b)[A-Za-z0-9]+)*"
                    r"|['’](?:s|ll|re|ve|d|m)\b|[^\w\s]")
_TIME_WORDS = frozenset({*MONTHS, *WEEKDAYS, *PARTS_OF_DAY, *UNITS, *(unit + "s" for unit in UNITS),
                         "today", "tomorrow", "yesterday", "tonight", "weekend", "weekends"})
# words that may stand beside a time word in a phrase that only says when ("earlier this month")
_TIME_COMPANIONS = frozenset({"this", "last", "next", "that", "the", "a", "an", "of", "on", "in", "at", "by",
                              "early", "earlier", "late", "later", "mid", "past", "coming", "previous", "same",
                              "following", "recent", "each", "every", "ago", "since", "from", "until", "for",
                              "during", "around", "about", "before", "after", "two", "three", "few", "several"})
_ARTICLES = frozenset({"a", "an", "the"})
# what ends the object of a headline: another clause or an aside
_CLAUSE_ENDS = frozenset({",", ";", ":", "(", ")", "—", "–", "\"", "“", "”", "'", "because", "after", "before",
                          "when", "while", "although", "though", "since", "as", "which", "who", "whom", "where",
                          "including", "if", "unless", "but", "said", "says", "according"})
_SUBJECT_BREAKS = frozenset({"that", "which", "who", "whom", "where", "when", "after", "before", "because", "if",
                             "while", "as", "and", "but", "or", "said", "says"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "me", "him", "her", "them", "us", "this",
                       "that", "these", "those"})
_FUTURE_AUXILIARIES = frozenset({"will", "would", "'ll", "shall"})
_AUXILIARIES = frozenset({"has", "have", "had", "'ve", "is", "are", "was", "were", "be", "been", "being", "am",
                          "do", "does", "did"})
_NEGATIONS = frozenset({"not", "n't", "never"})
# a noun after these tells when something else happened ("said during his meeting"), it is not its object
_WHEN_PREPOSITIONS = frozenset({"during", "after", "before", "ahead", "following", "since", "until", "amid",
                                "at", "despite"})
_ATTRIBUTION = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "noted", "wrote", "argued"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
MAX_WORDS = 14


@dataclass(frozen=True)
class Token:
    text: str
    tag: str  # Penn Treebank part of speech
    chunk: str  # "NP", "VP", "PP", "ADVP", "ADJP" or "O"
    begins_chunk: bool


def tokens_of(sentence: str) -> list[Token]:
    words = _TOKEN.findall(sentence)
    if not words:
        return []
    tagged = _parser().parse([words], tokenize=False, tags=True, chunks=True, relations=False, lemmata=False)
    tokens = []
    for item in str(tagged).split(" "):
        word, tag, chunk, _ = item.rsplit("/", 3)
        tokens.append(Token(word.replace("&slash;", "/"), tag, chunk.partition("-")[2] or "O",
                            chunk.startswith("B-")))
    return tokens


@functools.cache
def _parser():  # type: ignore[no-untyped-def]
    # imported late: textblob imports nltk (~0.8 s), which only the writer's titling needs
    from textblob.en import parser

    return parser


def headline(sentence: str, trigger: str, actors: tuple[str, ...] = ()) -> str:
    """A headline for the event that `trigger` (a word or phrase of `sentence`) reports; the sentence's own
    clause, trimmed, when no subject-verb-object can be read."""
    return _headline(sentence, trigger.strip(), actors)


@functools.lru_cache(maxsize=65536)
def _headline(sentence: str, trigger: str, actors: tuple[str, ...]) -> str:
    tokens = tokens_of(sentence)
    at = _trigger_index(tokens, trigger)
    if at is None:
        return _fallback(sentence)
    if tokens[at].tag.startswith("VB"):
        words = _verb_headline(tokens, at, actors)
    else:
        words = _noun_headline(tokens, at, trigger.split(), actors)
    return _finish(words) if len(words) >= 2 else _fallback(sentence)


def _trigger_index(tokens: list[Token], trigger: str) -> int | None:
    first = trigger.split()[0].lower() if trigger.split() else ""
    return next((i for i, t in enumerate(tokens) if t.text.lower() == first), None)


def _verb_headline(tokens: list[Token], at: int, actors: tuple[str, ...]) -> list[str]:
    group_start = _verb_group_start(tokens, at)
    subject = _subject_before(tokens, group_start)
    if len(subject) == 1 and subject[0].text.lower() in _PRONOUNS:
        subject = _antecedent(tokens, group_start - 1, subject[0].text.lower())
    verb = _headline_verb(tokens, group_start, at, _is_plural(subject))
    rest = _object_after(tokens, at + 1)
    passive = verb[0] == tokens[at].text or verb[:2] == ["to", "be"]
    who = [t.text for t in subject if t.text.lower() not in _DEMONSTRATIVES and not _is_time_word(t)] or \
        ([] if passive else _actor_subject(actors, rest))
    return who + verb + _speaker_for_first_person(tokens, rest, actors, who)


def _reduced_relative(tokens: list[Token], verb_at: int) -> bool:
    """'This move, announced in an interview, signals ...': a participle between commas after its noun."""
    return 1 < verb_at < len(tokens) - 1 and tokens[verb_at - 1].text == "," and \
        tokens[verb_at].tag in ("VBN", "VBD") and tokens[verb_at + 1].tag == "IN" and tokens[verb_at - 2].chunk == "NP"


def _antecedent(tokens: list[Token], pronoun_at: int, pronoun: str) -> list[Token]:
    """'We make top weapons, and they'll be sent': 'they' is the nearest plural noun phrase before it, 'it' the
    nearest singular one; other pronouns are left unresolved."""
    plural = pronoun == "they"
    if pronoun not in ("they", "it"):
        return []
    for i in range(pronoun_at - 1, -1, -1):
        head = tokens[i]
        if head.chunk == "NP" and head.tag in (("NNS", "NNPS") if plural else ("NN", "NNP")) and \
                (i + 1 >= len(tokens) or tokens[i + 1].chunk != "NP" or tokens[i + 1].begins_chunk):
            return _noun_phrase_before(tokens, i + 1)
    return []


def _noun_headline(tokens: list[Token], at: int, trigger_words: list[str], actors: tuple[str, ...]) -> list[str]:
    """'Poland called for an emergency NATO summit' (the noun as object) or 'A meeting of allies is being
    considered' (the noun as subject), else the noun phrase with its complements."""
    start = at
    while start > 0 and tokens[start - 1].chunk == "NP" and not tokens[start].begins_chunk:
        start -= 1
    phrase_end = _noun_phrase_end(tokens, at + len(trigger_words) - 1)
    phrase = _with_owner([t.text for t in tokens[start:phrase_end]
                          if not _is_time_word(t) and t.text.lower() not in _ARTICLES], tokens[:start], actors)
    verb_at = _verb_before(tokens, start)
    if verb_at is not None:
        group_start = _verb_group_start(tokens, verb_at)
        subject = _subject_before(tokens, group_start)
        if subject and subject[0].text.lower() not in _PRONOUNS:
            between = [t.text for t in tokens[verb_at + 1:start] if t.text.lower() not in _ARTICLES]
            verb = _headline_verb(tokens, group_start, verb_at, _is_plural(subject))
            return [t.text for t in subject] + verb + between + phrase
    following = _predicate_after(tokens, phrase_end)
    if following is not None:
        verb_end = following
        while verb_end + 1 < len(tokens) and tokens[verb_end + 1].chunk == "VP" and \
                not tokens[verb_end + 1].begins_chunk:
            verb_end += 1
        main = tokens[verb_end]
        if main.tag in ("VBN", "VBD", "VBG", "VBZ", "VBP", "VB"):
            verb = _headline_verb(tokens, following, verb_end, _is_plural(tokens[start:phrase_end]))
            # "is being considered for July 23": a date set for the event is what the headline says of it
            keep_date = main.tag == "VBN" and verb_end + 1 < len(tokens) and tokens[verb_end + 1].tag == "IN"
            return phrase + verb + _object_after(tokens, verb_end + 1, keep_date)
    return phrase if len(phrase) > 1 else _actor_subject(actors, []) + phrase


def _noun_phrase_end(tokens: list[Token], at: int) -> int:
    """The end of the noun phrase of `at` and its complements ('talks with Putin on the war')."""
    end = at + 1
    while end < len(tokens) and tokens[end].chunk == "NP" and not tokens[end].begins_chunk:
        end += 1
    while end + 1 < len(tokens) and tokens[end].text.lower() in ("of", "on", "with", "between", "over", "about",
                                                                 "among", "to", "for") \
            and tokens[end + 1].chunk == "NP" and not _is_time_phrase(tokens, end):
        end += 2
        while end < len(tokens) and tokens[end].chunk == "NP" and not tokens[end].begins_chunk:
            end += 1
    return end


def _verb_before(tokens: list[Token], start: int) -> int | None:
    """The verb whose object the noun phrase at `start` is, in the same clause."""
    i = start - 1
    while i >= 0 and (tokens[i].chunk in ("PP", "ADVP", "ADJP", "PRT") or tokens[i].tag in ("DT", "RP")):
        if tokens[i].text.lower() in _WHEN_PREPOSITIONS:
            return None  # "said during his meeting with Rutte": the meeting is not what was said
        i -= 1
    if i >= 0 and tokens[i].chunk == "VP" and tokens[i].tag.startswith("VB") and tokens[i].tag != "VBG" and \
            tokens[i].text.lower() not in _ATTRIBUTION:
        return i  # "aides said his visit had gone well": what was said is a clause, not the verb's object
    return None


def _verb_group_start(tokens: list[Token], at: int) -> int:
    start = at
    while start > 0 and (tokens[start - 1].text.lower() in _AUXILIARIES | _FUTURE_AUXILIARIES | _NEGATIONS
                         or tokens[start - 1].tag in ("MD", "RB") or tokens[start - 1].text.lower() == "to") \
            and tokens[start - 1].text != ",":
        start -= 1
    return start


def _subject_before(tokens: list[Token], verb_start: int) -> list[Token]:
    """The noun phrase right before a verb group: 'NATO Secretary General Mark Rutte', 'Trump and Rutte',
    'a meeting of allies'; an aside between commas ('Trump, speaking at the White House, said') is skipped."""
    end = verb_start
    if end > 1 and tokens[end - 1].text.lower() in ("that", "which", "who"):
        # "counties that have been declared", "Pistorius, who visited": the noun before the relative clause
        end -= 2 if tokens[end - 2].text == "," else 1
        if end < 1 or tokens[end - 1].chunk != "NP":
            return []
        return _noun_phrase_before(tokens, end)
    if _reduced_relative(tokens, end):
        return _noun_phrase_before(tokens, end - 1)  # "This move, announced in an interview": its noun
    if end > 0 and tokens[end - 1].text == ",":
        comma = next((i for i in range(end - 2, -1, -1) if tokens[i].text == ","), None)
        if comma is None:
            return []
        end = comma
    return _noun_phrase_before(tokens, end)


def _noun_phrase_before(tokens: list[Token], end: int) -> list[Token]:
    start = end
    while start > 0:
        previous = tokens[start - 1]
        joins = previous.text.lower() in ("of", "and", "&") and start >= 2 and tokens[start - 2].chunk == "NP"
        wordlike = previous.text[0].isalnum() or previous.text in ("'s", "’s", "&")
        if not wordlike or not (previous.chunk == "NP" or previous.tag == "POS" or joins):
            break
        start -= 1
    while start < end and (tokens[start].text.lower() in _SUBJECT_BREAKS or _is_time_word(tokens[start])
                           or tokens[start].text.lower() in _ARTICLES):
        start += 1  # "Yesterday New York governor George Pataki": the date word opens the sentence, not the subject
    subject = tokens[start:end]
    if len(subject) > 8:
        subject = subject[-8:]  # the head of a long subject is at its end
    return subject


def _headline_verb(tokens: list[Token], group_start: int, verb_at: int, plural: bool) -> list[str]:
    """Headline tense: what happened in the present ('pauses'), what will happen as 'to' + verb ('to meet'),
    a passive as its participle ('declared'), a denial kept ('does not meet')."""
    words = [t.text.lower() for t in tokens[group_start:verb_at + 1]]
    verb = tokens[verb_at]
    phrase_verb = _particle_after(tokens, verb_at)
    if any(w in _NEGATIONS for w in words):
        return ["do" if plural else "does", "not", _lemma(verb.text), *phrase_verb]
    passive = verb.tag in ("VBN", "VBD") and any(w in ("is", "are", "was", "were", "be", "been", "being")
                                                 for w in words[:-1])
    if any(w in _FUTURE_AUXILIARIES for w in words) or (len(words) > 1 and words[-2] == "to"):
        return ["to", "be", verb.text, *phrase_verb] if passive else ["to", _lemma(verb.text), *phrase_verb]
    if passive or (len(words) == 1 and _reduced_relative(tokens, verb_at)):
        return [verb.text, *phrase_verb]  # a passive, or a participle after its noun ("This move, announced")
    return [_present(verb.text, plural), *phrase_verb]


def _particle_after(tokens: list[Token], verb_at: int) -> list[str]:
    """'called off', 'put on hold': a particle belongs to its verb."""
    if verb_at + 1 < len(tokens) and tokens[verb_at + 1].tag == "RP":
        return [tokens[verb_at + 1].text]
    return []


def _object_after(tokens: list[Token], start: int, keep_date: bool = False) -> list[str]:
    words: list[str] = []
    i = start
    if i < len(tokens) and tokens[i].tag == "RP":
        i += 1  # the particle went with the verb
    while i < len(tokens) and len(words) < MAX_WORDS:
        token = tokens[i]
        lower = token.text.lower()
        if lower in _CLAUSE_ENDS or token.text in ".!?" or (token.tag == "VBG" and words and token.begins_chunk
                                                            and tokens[i - 1].chunk != "PP"):
            break
        if _is_time_phrase(tokens, i):
            if keep_date and not words:
                words.extend(t.text for t in tokens[i:_time_phrase_end(tokens, i)])
            i = _time_phrase_end(tokens, i)
            continue
        if lower == "and" and i + 1 < len(tokens) and (tokens[i + 1].chunk == "VP" or
                                                        tokens[i + 1].text.lower() in _PRONOUNS):
            break  # "called me and told me": a second verb is another event
        if lower == "that" and token.tag in ("IN", "WDT") and not words:
            i += 1  # "announced that allies would buy": the complement is the object
            continue
        if token.tag == "MD" or lower in _FUTURE_AUXILIARIES:
            words.append("to" if tokens[i + 1:i + 2] and tokens[i + 1].tag == "VB" else token.text)
            i += 1
            continue
        if lower not in _ARTICLES:
            words.append(token.text)
        i += 1
    while words and (words[-1].lower() in _TIME_COMPANIONS or words[-1] in ("to", "and", "or")):
        words.pop()
    return words


def _predicate_after(tokens: list[Token], at: int) -> int | None:
    """Where the verb of a noun-phrase subject starts, past a relative clause and asides between commas:
    'A meeting of nations that own Patriots, led by NATO's commander, is being considered'."""
    if at < len(tokens) and tokens[at].text.lower() in ("that", "which", "who"):
        at = next((i for i in range(at, len(tokens)) if tokens[i].text == ","), len(tokens))
    while at < len(tokens) and tokens[at].text == ",":
        if at + 1 < len(tokens) and tokens[at + 1].tag in ("VBZ", "VBP", "VBD", "MD"):
            return at + 1
        at = next((i for i in range(at + 1, len(tokens)) if tokens[i].text == ","), len(tokens))
    if at < len(tokens) and tokens[at].chunk == "VP" and tokens[at].tag in ("VBZ", "VBP", "VBD", "MD"):
        return at
    return None


def _with_owner(phrase: list[str], before: list[Token], actors: tuple[str, ...]) -> list[str]:
    """'his meeting with Trump' → "Rutte's meeting with Trump": a possessive pronoun opening the phrase is the
    event's first actor that the phrase does not name."""
    if phrase and phrase[0].lower() in ("his", "her", "their", "its"):
        owner = _nearest_actor_before(before, actors, phrase)
        return [owner, "'s", *phrase[1:]] if owner else phrase[1:]
    return phrase


def _nearest_actor_before(before: list[Token], actors: tuple[str, ...], phrase: list[str]) -> str | None:
    """The actor named nearest before a possessive ("Trump's remarks announcing his agreement" → Trump), else
    the first the phrase does not name."""
    last_words = {a.split()[-1]: a for a in actors if a not in " ".join(phrase)}
    for token in reversed(before):
        if token.text in last_words:
            return last_words[token.text]
    return next(iter(last_words.values()), None)


def _is_time_word(token: Token) -> bool:
    lower = token.text.lower().rstrip(".")
    return lower in _TIME_WORDS or (token.tag == "CD" and re.fullmatch(r"1[89]\d\d|20\d\d", token.text) is not None)


def _is_time_phrase(tokens: list[Token], at: int) -> bool:
    end = _time_phrase_end(tokens, at)
    return end > at and any(_is_time_word(t) for t in tokens[at:end])


def _time_phrase_end(tokens: list[Token], at: int) -> int:
    """The end of a run of words that only says when: 'on Monday', 'earlier this month', 'July 23', 'in 2025'."""
    end = at
    while end < len(tokens) and (_is_time_word(tokens[end]) or tokens[end].text.lower() in _TIME_COMPANIONS
                                 or (tokens[end].tag == "CD" and end > at)):
        end += 1
    # a run must end on a time word: "for Ukraine" is no time phrase
    while end > at and not _is_time_word(tokens[end - 1]) and tokens[end - 1].text.lower() != "ago" and \
            tokens[end - 1].tag != "CD":
        end -= 1
    return end


def _is_plural(subject: list[Token]) -> bool:
    if not subject:
        return False
    if any(t.text.lower() in ("and", "&") for t in subject):
        return True
    head = subject[-1]
    return head.tag in ("NNS", "NNPS") or head.text.lower() in ("they", "we")


def _speaker_for_first_person(tokens: list[Token], words: list[str], actors: tuple[str, ...],
                               subject: list[str]) -> list[str]:
    """'“Trump called me,” Rutte said' → 'Trump calls Rutte': in a quote "me" is its speaker, named where the
    sentence says who spoke; where it does not, the pronoun is left out."""
    speaker = _speaker(tokens, actors, subject)
    if speaker is None:
        return [w for w in words if w not in ("me", "us")]
    return [speaker if w in ("me", "us") else w for w in words]


def _speaker(tokens: list[Token], actors: tuple[str, ...], subject: list[str]) -> str | None:
    texts = [t.text for t in tokens]
    for i, word in enumerate(texts):
        if word.lower() in ("said", "says", "added", "told"):
            near = texts[max(0, i - 3):i] + texts[i + 1:i + 4]
            named = [a for a in actors if a.split()[-1] in near and a not in " ".join(subject)]
            if named:
                return named[0]
    return None


def _actor_subject(actors: tuple[str, ...], rest: list[str]) -> list[str]:
    named = [a for a in actors if a not in " ".join(rest)]
    return [named[0]] if named else []


def _lemma(word: str) -> str:
    from lemminflect import getLemma

    lemmas = getLemma(word.lower(), upos="VERB")
    return lemmas[0] if lemmas else word.lower()


def _present(word: str, plural: bool) -> str:
    from lemminflect import getInflection

    lemma = _lemma(word)
    if plural:
        return lemma
    forms = getInflection(lemma, tag="VBZ")
    return forms[0] if forms else word


def _finish(words: list[str]) -> str:
    text = " ".join(words).lstrip("—–-,;:.\"“”'’ ")
    text = re.sub(r"\s+(['’]s|[.,;:!?%)])", r"\1", text)
    text = re.sub(r"([($])\s+", r"\1", text)
    text = re.sub(r"\s*-\s*", "-", text) if " - " not in text else text
    return text[:1].upper() + text[1:]


def _fallback(sentence: str) -> str:
    """The sentence's first clause, up to MAX_WORDS words."""
    clause = re.split(r"[,;:(—–]|\s[-–]\s", sentence.strip(), maxsplit=1)[0]
    words = clause.split()
    text = " ".join(words[:MAX_WORDS]).rstrip(".")
    return text + (" …" if len(words) > MAX_WORDS else "")
