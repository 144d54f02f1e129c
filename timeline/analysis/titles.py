"""Titles of events, built from the parse in analysis: who did what to whom, as a headline.

Subject + predicate (in headline tense, negation and modality kept) + object or complement, at most about
MAX_WORDS words. The subject is the predicate's own (or its passive's agent); a pronoun takes the nearest
named antecedent of the same kind, else is left out. A speech act tells what was said ("Rubio says allies
will pay"). Where no well-formed headline can be built, the trigger's clause as written, trimmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lemminflect import getInflection
from spacy.tokens import Token

from timeline.analysis.actors import name_as_written
from timeline.analysis.document import Document, says_when
from timeline.analysis.predicates import (
    CLAUSE_DEPS,
    FIRST_PERSON,
    auxiliaries,
    believer,
    entity_of,
    governing_verb,
    is_predicate,
    lemma,
    modality,
    object_token,
    passive_subject,
    subject_token,
    syntax,
)

MAX_WORDS = 12
REPORTED_WORDS = 10  # a reported clause longer than this is compressed, not cut
SUBJECT_WORDS = 6
OBJECT_WORDS = 6
# modifiers kept in a compressed noun phrase (articles, relative clauses and asides go)
_KEPT_MODIFIERS = frozenset({"compound", "amod", "poss", "nummod", "nmod", "case", "quantmod", "npadvmod"})
_KEPT_PREPOSITIONS = frozenset({"of", "to", "for", "with", "on", "in", "from", "against", "over", "about", "at",
                                "between", "among", "by"})
_THIRD_PERSON = frozenset({"him", "her", "them"})  # an object pronoun a title may keep as written
_ARTICLES = frozenset({"the", "a", "an"})
_QUANTIFIERS = frozenset({"all", "no", "some", "every", "both", "each", "any", "most", "many", "few"})
_NOT_A_SUBJECT = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


@dataclass(frozen=True)
class Title:
    text: str
    subject: str | None
    object: str | None


def title_of(document: Document, sentence_index: int, trigger: Token, negated: bool = False,
             speech: bool = False) -> Title:
    verb = trigger if is_predicate(trigger) else _predicate_of_noun(trigger)
    held = believer(trigger)
    if held is not None:  # believed or supposed, not told as fact: the clause as written says so
        return Title(_finish(_trim(_clause_as_written(held, whole=True))), None, None)
    if verb is None:
        return Title(_finish(_trim(_noun_title(document, sentence_index, trigger))), None, None)
    subject = _subject_phrase(document, sentence_index, verb)
    if subject is None and speech:
        subject = _phrase(_attribution_before(verb), SUBJECT_WORDS)
    predicate = _headline_verb(verb, negated, plural=_is_plural(verb))
    said = _reported_clause(verb)
    if said is not None and (speech or object_token(verb) is None):  # "revealed ... that": what was revealed
        obj = _clause_headline(said)
    else:
        obj = _object_phrase(verb)
    if not is_predicate(trigger) and _is_subject(trigger, verb):
        subject = _phrase(trigger, SUBJECT_WORDS)  # "Meeting of ministers postponed"
        if trigger.dep_ == "nsubjpass":  # the event noun is what was done to: "Typhoon located"
            predicate, obj = _headline_verb(verb, negated, plural=_is_plural(verb), as_passive=True), None
    elif not is_predicate(trigger) and trigger.dep_ == "pobj":
        if subject is None or lemma(verb) in syntax().reporting_verbs:
            # "... during his meeting with Merkel": without its doer, or in what someone said, the noun phrase
            # says more than the clause
            return Title(_finish(_trim(_noun_title(document, sentence_index, trigger))), None, None)
        noun = _phrase(trigger, OBJECT_WORDS)
        if noun and noun not in (obj or ""):
            obj = " ".join(w for w in (obj, f"{trigger.head.lower_} {noun}") if w)
    controller = _controller(verb)
    if controller is not None:  # "Statement urges Tehran to suspend activities"
        subject = _subject_phrase(document, sentence_index, controller)
        predicate = " ".join(w for w in (_headline_verb(controller, False, _is_plural(controller)),
                                         _phrase(object_token(controller), SUBJECT_WORDS), "to", lemma(verb)) if w)
    words = [w for w in (subject, predicate, obj) if w]
    text = " ".join(words)
    if predicate is None or len(text.split()) < 2 or (subject is None and len(text.split()) < 3):
        text = _clause_as_written(trigger)
    return Title(_finish(_trim(text)), subject or None, obj or None)


def _noun_title(document: Document, sentence_index: int, noun: Token) -> str:
    """An event noun's phrase, its possessive pronoun named ("his meeting with Rutte" -> "Trump's meeting
    with Rutte"); the clause as written when the phrase is a bare word."""
    phrase = _phrase(noun, OBJECT_WORDS + 2)
    if phrase is None or len(phrase.split()) < 2:  # "Talks" alone says nothing: the clause does
        return _clause_as_written(noun)
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if owner is not None and phrase.lower().startswith(owner.lower_ + " "):
        verb = governing_verb(noun)
        doer = subject_token(verb) if verb is not None else None
        name = (_phrase(doer, SUBJECT_WORDS) if doer is not None and doer.pos_ == "PROPN"
                else _antecedent(document, sentence_index, owner, verb or noun))
        if name:
            phrase = f"{name}'s {phrase[len(owner.text) + 1:]}"
    return phrase


def _predicate_of_noun(noun: Token) -> Token | None:
    """The verb whose clause tells an event noun's event: one it is the subject or object of ("the meeting
    was postponed", "held talks"), or one its prepositional phrase hangs from ("Hu congratulated Merkel
    during their meeting"). A copula ("a plan is the pledge") tells nothing: the noun phrase says it."""
    verb = governing_verb(noun)
    if verb is None or (lemma(verb) in ("be", "have") and noun.dep_ != "dobj"):
        return None
    if noun.head == verb and noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return verb
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head == verb:
        return verb
    return None


def _controller(verb: Token) -> Token | None:
    """The verb that asks the predicate of its object: "urged Tehran to suspend"."""
    if verb.dep_ == "xcomp" and lemma(verb.head) in syntax().object_control and object_token(verb.head) is not None:
        return verb.head
    return None


def _is_subject(noun: Token, verb: Token) -> bool:
    return noun.head == verb and noun.dep_ in ("nsubj", "nsubjpass")


def _subject_phrase(document: Document, sentence_index: int, verb: Token) -> str | None:
    subject = subject_token(verb)
    if subject is None:
        theme = passive_subject(verb)
        return _phrase(theme, SUBJECT_WORDS) if theme is not None else None
    if subject.pos_ == "PRON":
        return _antecedent(document, sentence_index, subject, verb)
    if says_when(subject) or subject.ent_type_ in _NOT_A_SUBJECT or subject.tag_ in ("WDT", "WP", "EX"):
        return None
    return _phrase(subject, SUBJECT_WORDS)


def _antecedent(document: Document, sentence_index: int, pronoun: Token, verb: Token) -> str | None:
    """A pronoun's nearest named antecedent of the same kind: a person for he/she, an organisation, country
    or group for it/they; the speaker for I/we in a quote. None when there is none."""
    word = pronoun.lower_
    if word in FIRST_PERSON:
        speaker = _speaker_of_quote(verb)
        return _phrase(speaker, SUBJECT_WORDS) if speaker is not None else None
    if word in ("he", "she", "him", "her"):
        labels: tuple[str, ...] = ("PERSON",)
    elif word in ("they", "them"):  # not "it": as often an expletive ("it has become clear") as a thing
        labels = ("ORG", "GPE", "NORP")
    else:
        return None
    # not a name inside what the pronoun's own predicate reports ('"... Castro did not ...," he said')
    reported = {t.i for child in verb.children if child.dep_ in ("ccomp", "parataxis") for t in child.subtree}
    before = [e for e in pronoun.doc.ents if e.label_ in labels and e.end <= pronoun.i and e.start not in reported]
    if before:
        return name_as_written(before[-1])
    for index in sorted((i for i in document.parses if i < sentence_index), reverse=True)[:3]:
        earlier = [e for e in document.parses[index].ents if e.label_ in labels]
        if earlier:
            return name_as_written(earlier[-1])
    return None


def _speaker_of_quote(verb: Token) -> Token | None:
    """The subject of the speech verb whose quote holds the predicate: '"We will meet," Trump said'."""
    current = verb
    for _ in range(4):
        if current.dep_ in ("ccomp", "parataxis") and current.head != current:
            speaker = subject_token(current.head)
            if speaker is not None and speaker.pos_ != "PRON":
                return speaker
        if current.head == current:
            break
        current = current.head
    for token in verb.sent:
        if token.dep_ == "nsubj" and lemma(token.head) in ("say", "tell", "add") and token.pos_ != "PRON":
            return token
    return None


def _phrase(head: Token | None, limit: int) -> str | None:
    """A compressed noun phrase: the head with its names, adjectives, numbers and possessor, and one short
    of/to/with-phrase; no articles, relative clauses or asides. A named entity is kept whole."""
    if head is None:
        return None
    entity = entity_of(head)
    if entity is not None and entity.label_ not in _NOT_A_SUBJECT and head.pos_ == "PROPN":
        tokens = {t.i: t for t in entity}
        for child in head.children:  # titles before a name: "US ambassador to NATO Matthew Whitaker"
            if child.dep_ == "compound" and child.i < entity.start:
                tokens.update({t.i: t for t in child.subtree if t.dep_ not in ("det", "punct")})
    else:
        tokens = {}
        _collect(head, tokens)
        if head.pos_ == "PRON":  # a subject pronoun the caller could not resolve says nothing in a title
            return head.lower_ if head.dep_ in ("dobj", "pobj", "dative") and head.lower_ in _THIRD_PERSON else None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _KEPT_PREPOSITIONS and child.i > head.i:
            what = _prepositional_object(child)
            if what is not None:
                extra: dict[int, Token] = {child.i: child}
                _collect(what, extra, conjuncts=True)
                if _words(tokens) + _words(extra) <= limit:
                    tokens.update(extra)
            break
    words = [t for _, t in sorted(tokens.items()) if (t == head or not says_when(t))
             and not (t.dep_ == "det" and t.lower_ in _ARTICLES)]
    words = _contiguous(words, head)
    if not words:
        return None
    words = _around_head(words, head, limit)
    phrase = _join(words)
    joined = [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
    if joined and head.pos_ in ("PROPN", "NOUN"):  # "Israel and Hamas"
        other = _phrase(joined[0], max(1, limit - len(words) - 1))
        if other:
            phrase = f"{phrase} and {other}"
    return phrase


def _collect(token: Token, into: dict[int, Token], conjuncts: bool = False) -> None:
    """The token and the modifiers a compressed phrase keeps; with `conjuncts`, what is joined to it too
    ("between North and South Korea")."""
    into[token.i] = token
    for child in token.children:
        quantifier = child.dep_ in ("det", "predet") and child.lower_ in _QUANTIFIERS
        hyphen = child.dep_ == "punct" and child.text == "-" and not child.whitespace_  # "US-led"
        joined = conjuncts and child.dep_ in ("conj", "cc")
        if (child.dep_ in _KEPT_MODIFIERS or quantifier or hyphen or joined) and not says_when(child):
            _collect(child, into, conjuncts)


def _around_head(tokens: list[Token], head: Token, limit: int) -> list[Token]:
    """At most `limit` words of a phrase, its head kept: the words nearest the head on either side, the
    ones before it first ("senior officials", not "senior"); punctuation inside a word ("US-led") is free."""
    if sum(1 for t in tokens if not t.is_punct) <= limit:
        return tokens
    ranked = sorted(tokens, key=lambda t: (t.i > head.i, abs(t.i - head.i)))
    kept: list[Token] = []
    for token in ranked:
        if sum(1 for t in kept if not t.is_punct) >= limit:
            break
        kept.append(token)
    return sorted(kept, key=lambda t: t.i)


def _words(tokens: dict[int, Token]) -> int:
    return sum(1 for t in tokens.values() if not t.is_punct)


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    """The run of tokens around the head without gaps wider than a dropped article or comma."""
    if not tokens:
        return tokens
    index = next((k for k, t in enumerate(tokens) if t.i == head.i), 0)
    start = index
    while start > 0 and _close(tokens[start - 1], tokens[start]):
        start -= 1
    end = index
    while end + 1 < len(tokens) and _close(tokens[end], tokens[end + 1]):
        end += 1
    return tokens[start:end + 1]


def _close(left: Token, right: Token) -> bool:
    """No more than an article, or punctuation, between two tokens of a phrase."""
    between = left.doc[left.i + 1:right.i]
    return len(between) <= 1 or all(t.is_punct for t in between)


def _join(tokens: list[Token]) -> str:
    text = ""
    for k, token in enumerate(tokens):
        if k and (token.i != tokens[k - 1].i + 1 or tokens[k - 1].whitespace_):
            text += " "
        text += token.text
    return text.strip()


def _is_plural(verb: Token) -> bool:
    subject = subject_token(verb) or passive_subject(verb)
    if subject is None:
        return False
    if any(child.dep_ == "conj" for child in subject.children):
        return True
    return subject.tag_ in ("NNS", "NNPS") or subject.lower_ in ("they", "we", "i", "you")


def _headline_verb(verb: Token, negated: bool, plural: bool, as_passive: bool = False) -> str | None:
    """The predicate in headline tense: present for what happened ("pauses"), "to" + verb for what is planned
    ("to meet"), the modal kept for what is only possible ("could meet"), "does not" kept for a negation,
    a participle for a passive without agent ("shipments paused")."""
    base = lemma(verb)
    if not base.isalpha():
        return None
    particle = " ".join(c.text for c in verb.children if c.dep_ == "prt")
    base_phrase = f"{base} {particle}".strip()
    mode, hypothetical, planned = modality(verb)
    passive = any(a.dep_ == "auxpass" for a in auxiliaries(verb)) and (
        not any(c.dep_ == "agent" for c in verb.children) or as_passive)
    if negated:
        if passive:
            return f"not {verb.text.lower()} {particle}".strip()
        return f"{'do' if plural else 'does'} not {base_phrase}"
    if hypothetical and mode and mode.isalpha():
        return f"{mode} {'be ' + verb.text.lower() if passive else base_phrase}"
    if passive:
        return f"{'to be ' if planned else ''}{verb.text.lower()} {particle}".strip()
    if planned:
        return f"to {base_phrase}"
    if plural:
        return base_phrase
    forms = getInflection(base, tag="VBZ")
    return f"{forms[0] if forms else verb.text.lower()} {particle}".strip()


def _object_phrase(verb: Token) -> str | None:
    """The object or complement: a direct object, an agent's passive subject turned object, or a with/to/
    on/for phrase ("meets with Rutte", "talks on Ukraine")."""
    passive = any(a.dep_ == "auxpass" for a in auxiliaries(verb))
    if passive and any(c.dep_ == "agent" for c in verb.children):
        theme = passive_subject(verb)
        if theme is not None:
            return _phrase(theme, OBJECT_WORDS)
    obj = object_token(verb)
    if obj is not None and obj.dep_ != "attr":
        phrase = _phrase(obj, OBJECT_WORDS)
        if phrase:
            return phrase + _complement_after(verb, obj, OBJECT_WORDS - len(phrase.split()))
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _KEPT_PREPOSITIONS:
            phrase = _phrase(_prepositional_object(child), OBJECT_WORDS - 1)
            if phrase:
                return f"{child.lower_} {phrase}"
    return None


def _prepositional_object(preposition: Token) -> Token | None:
    """The object of a preposition, unless it says when ("on Tuesday": the entry shows its own date)."""
    return next((g for g in preposition.children if g.dep_ == "pobj" and not says_when(g)), None)


def _complement_after(verb: Token, obj: Token, room: int) -> str:
    """A to/with/on-phrase of the verb after its object ("paused shipments to Ukraine"), when it fits."""
    for child in verb.children:
        if child.dep_ == "prep" and child.i > obj.i and child.lower_ in ("to", "with", "on", "against", "from"):
            phrase = _phrase(_prepositional_object(child), room) if room > 1 else None
            if phrase and len(phrase.split()) < room:
                return f" {child.lower_} {phrase}"
            return ""
    return ""


def _reported_clause(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and is_predicate(c)), None)


def _clause_headline(verb: Token) -> str:
    """What a speech act reports: its main clause as written, without "that", quotes, subordinate clauses,
    asides and what says when (a rewritten clause risks changing what was said; the words as said never
    do)."""
    below = [t for t in verb.subtree if t.dep_ in _SUBORDINATE and t != verb]
    below += [child for child in verb.children if child.dep_ in ("punct", "mark")]
    skipped = {t.i for clause in below for t in clause.subtree}
    tokens = [t for t in verb.subtree
              if t.i not in skipped and not t.is_quote and not _says_when_with_its_preposition(t)]
    if sum(1 for t in tokens if not t.is_punct) > REPORTED_WORDS:
        tokens = _compressed_clause(verb, tokens)  # cut as written, it would lose its verb
    text = _join(tokens)
    if tokens and tokens[0].pos_ in ("PRON", "DET", "ADV", "SCONJ") and tokens[0].text != "I":
        text = text[:1].lower() + text[1:]  # a quote's capital mid-title
    return text


def _compressed_clause(verb: Token, written: list[Token]) -> list[Token]:
    """A long reported clause as its compressed subject, its verb group as written (auxiliaries, negation,
    particle) and its compressed object or complement: "The quarantine of the bird flu-hit spots, one
    poultry farm and one village ... has been lifted" -> "quarantine of bird flu-hit spots has been lifted"."""
    kept = {t.i for t in written}
    chosen: dict[int, Token] = {}
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is not None:
        _collect(subject, chosen)
        _with_first_preposition(subject, chosen, SUBJECT_WORDS)
    chosen.update({c.i: c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "prt") and c.i in kept})
    chosen[verb.i] = verb
    complement = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "acomp", "oprd", "xcomp")), None)
    if complement is not None:
        _collect(complement, chosen)
        _with_first_preposition(complement, chosen, OBJECT_WORDS)
    return [t for _, t in sorted(chosen.items()) if t.i in kept and not (t.dep_ == "det" and t.lower_ in _ARTICLES)]


def _with_first_preposition(head: Token, into: dict[int, Token], limit: int) -> None:
    for child in head.children:
        if child.dep_ == "prep" and child.i > head.i:
            extra: dict[int, Token] = {child.i: child}
            for g in child.children:
                if g.dep_ == "pobj":
                    _collect(g, extra)
            if _words(into) + _words(extra) <= limit:
                into.update(extra)
            return


# what a title leaves out of a clause as written: clauses below it and asides
_SUBORDINATE = frozenset({"advcl", "relcl", "parataxis", "appos"})


def _says_when_with_its_preposition(token: Token) -> bool:
    """A word of a temporal expression with what hangs from it, or the preposition that introduces one ("on
    Tuesday", "during a night of unrest")."""
    for ancestor in (token, *token.ancestors):
        if (says_when(ancestor) and not says_when(ancestor.head)) or (
                ancestor.dep_ == "prep" and any(says_when(g) for g in ancestor.children if g.dep_ == "pobj")):
            return True
        if ancestor.dep_ in CLAUSE_DEPS or ancestor.dep_ == "ROOT":
            return False
    return False


def _attribution_before(verb: Token) -> Token | None:
    """The speaker named just before a speech verb that the parser left without a subject ("...', the US
    Ambassador to NATO, Matthew Whitaker, said"): the name or noun ending right before it."""
    k = verb.i - 1
    while k >= 0 and verb.doc[k].is_punct:
        k -= 1
    if k < 0 or verb.i - k > 3:
        return None
    token = verb.doc[k]
    return token if token.pos_ in ("PROPN", "NOUN") else None


def _clause_as_written(trigger: Token, whole: bool = False) -> str:
    """The trigger's clause as written, without its subordinate clauses and asides (with its complement
    clauses when `whole`) and what says when, trimmed to MAX_WORDS words; an infinitive is read with the
    verb it completes ("The new round of talks is to start")."""
    head = trigger
    while not is_predicate(head) and head.head != head:
        head = head.head
    while head.dep_ == "xcomp" and is_predicate(head.head) and head.head != head:
        head = head.head
    holding_trigger = {trigger.i, *(a.i for a in trigger.ancestors)}
    below = [t for t in head.subtree if t != head and t.i not in holding_trigger and (
        t.dep_ in (*_SUBORDINATE, "acl") or (t.dep_ == "ccomp" and not whole))]
    below += [child for child in head.children if child.dep_ == "punct" or (not whole and (
        child.dep_ == "mark" or (child.dep_ == "advmod" and child.tag_ == "WRB")))]  # "when", "that", "as"
    skipped = {t.i for clause in below for t in clause.subtree}
    if whole and head.dep_ in ("advcl", "ccomp") and any(c.dep_ == "aux" and c.i < head.i for c in head.children):
        skipped |= {t.i for t in head.subtree if t.i > head.i and t.dep_ == "punct"}
    tokens = [t for t in head.subtree if t.i not in skipped and not (t.is_punct and t.i in (head.left_edge.i,))
              and not _says_when_with_its_preposition(t)]
    kept = {t.i for t in tokens}
    # a comma that stood before or after what was left out goes with it
    tokens = [t for t in tokens if not (t.is_punct and (t.i - 1 not in kept or t.i + 1 not in kept))]
    if tokens and tokens[0].tag_ in ("WDT", "WP") and not whole:  # "which had dropped ...": the relative goes
        tokens = tokens[1:]
    words = _join(tokens).split()
    return " ".join(words[:MAX_WORDS])


def _trim(text: str) -> str:
    words = text.split()
    return " ".join(words[:MAX_WORDS + 2]) if len(words) > MAX_WORDS + 2 else text


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().strip(",;:—–-\"“”'’ ").rstrip(".")
    text = re.sub(r"\s+(['’]s|[.,;:!?%)])", r"\1", text)
    return text[:1].upper() + text[1:]

