"""Reading a predicate from the dependency parse: its clause, subject, object, negation and modality.

Everything here reads spaCy tokens (English, ClearNLP dependency labels as en_core_web_sm gives them); the
word lists are data (resources/events.toml, [syntax]).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lemminflect import getLemma
from spacy.tokens import Span, Token

from timeline.resources import load

# dependency labels that open a clause of their own below their head
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "csubjpass", "parataxis", "pcomp"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})
PREDICATE_POS = frozenset({"VERB", "AUX"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me", "we", "us", "they", "them", "you"})
FIRST_PERSON = frozenset({"i", "me", "we", "us"})


@dataclass(frozen=True)
class Syntax:
    negators: frozenset[str]
    negating_heads: frozenset[str]
    planned_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_markers: frozenset[str]
    planning_heads: frozenset[str]
    asking_heads: frozenset[str]
    people_nouns: frozenset[str]
    meet_with_idioms: frozenset[str]
    object_control: frozenset[str]
    reporting_verbs: frozenset[str]
    meet_object_idioms: frozenset[str]
    non_factive_heads: frozenset[str]
    pausable_subjects: frozenset[str]
    summit_places: frozenset[str]
    summit_climbing: frozenset[str]


@functools.cache
def syntax() -> Syntax:
    data = load("events.toml")["syntax"]
    return Syntax(**{name: frozenset(words) for name, words in data.items()})


def lemma(token: Token) -> str:
    """A token's lemma, lowercase, by lemminflect (the pipeline's rule lemmatizer is left out: it cost as
    much as the tagger, for the few words whose lemma is asked)."""
    return _lemma(token.lower_, token.pos_)


@functools.lru_cache(maxsize=1 << 16)
def _lemma(word: str, pos: str) -> str:
    if pos not in ("VERB", "AUX", "NOUN", "ADJ"):
        return word
    found = getLemma(word, upos=pos)
    return found[0].lower() if found else word


def is_one_of(token: Token, words: frozenset[str]) -> bool:
    """Whether a word of a list, by its lemma or as written ("talks" and "talk" alike)."""
    return lemma(token) in words or token.lower_ in words


def is_predicate(token: Token) -> bool:
    return token.pos_ in PREDICATE_POS or token.tag_.startswith("VB")


def clause_head(token: Token) -> Token:
    """The predicate whose clause holds a token: the token itself when it is a verb, else the nearest verb
    above it (a noun's governing verb); the root when there is none."""
    current = token
    while not is_predicate(current) and current.head != current:
        current = current.head
    return current


def path_to_clause_head(token: Token) -> list[Token]:
    """The tokens from a token up to its clause head, both included."""
    path = [token]
    while not is_predicate(path[-1]) and path[-1].head != path[-1]:
        path.append(path[-1].head)
    return path


def auxiliaries(verb: Token) -> list[Token]:
    return [child for child in verb.children if child.dep_ in ("aux", "auxpass")]


def predicate_of(trigger: Token) -> Token | None:
    """A verb trigger itself; for an event noun, the verb it is an argument of (None when there is none)."""
    return trigger if is_predicate(trigger) else governing_verb(trigger)


def clause_predicate(trigger: Token) -> Token:
    """The predicate whose clause a trigger's mode is read from: its own, else that of the clause it sits in."""
    return predicate_of(trigger) or clause_head(trigger)


def _verb_chain(verb: Token) -> list[Token]:
    """A verb and the verbs it completes or is joined to, upward: "was planning to discuss" -> [discuss,
    planning]."""
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "conj") and chain[-1].head != chain[-1] and len(chain) < 4:
        chain.append(chain[-1].head)
    return chain


def governing_verb(token: Token) -> Token | None:
    """For a noun, the verb it is an argument of (directly, or through a preposition: "agreed on talks")."""
    if is_predicate(token):
        return None
    head = token.head
    if head.dep_ == "prep" and head.head != head:
        head = head.head
    return head if is_predicate(head) and head != token else None


def subject_token(verb: Token) -> Token | None:
    """The predicate's own subject, or the agent of its passive; for a verb without one, the subject it
    shares: a conjoined verb's ("met Rutte and announced"), an infinitive's controller ("agreed to meet"),
    the noun a relative or reduced clause modifies ("leaders who met", "talks held in Rome")."""
    seen = 0
    current = verb
    while seen < 4:
        seen += 1
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.tag_ in ("WDT", "WP") and current.dep_ == "relcl":
                    return _antecedent_of_relative(current.head, child)
                return child
            if child.dep_ == "agent":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if current.dep_ in ("advcl", "acl") and current.tag_ == "VBG" and current.head != current and not any(
                c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ in ("aux", "auxpass", "mark") for c in current.children):
            # "Stanishev, starting his visit on Thursday, said ...": a participle's doer is its clause's subject
            return subject_token(current.head) if is_predicate(current.head) else current.head
        if current.dep_ == "xcomp" and lemma(current.head) in syntax().object_control:
            # "urged Tehran to suspend": the one urged is who is to do it
            return object_token(current.head)
        if current.dep_ in ("conj", "xcomp") and current.head != current:
            current = current.head
            continue
        if current.dep_ == "relcl" and current.head != current:
            if any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS or c.lower_ in ("where", "when", "whereby")
                   for c in current.children):
                return None  # "Hong Kong, where they were promised work": the place is no subject
            return current.head  # "talks held in Rome"
        return None
    return None


def _antecedent_of_relative(noun: Token, relative: Token) -> Token:
    """The noun a relative clause modifies ("Trump, who last Friday stated ..."); "who" wants a person, so
    when the parser hangs it on a thing ("Trump's announcement, who ...") the thing's named possessor."""
    if relative.lower_ == "who" and noun.pos_ == "NOUN" and not names_a_party(noun):
        owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
        if owners:
            return owners[0]
    return noun


def passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)


def object_token(verb: Token, preps: frozenset[str] = frozenset()) -> Token | None:
    """The direct object, attribute or predicative; else the object of one of `preps` ("met with X")."""
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def names_a_party(token: Token) -> bool:
    """Whether a noun phrase's head names someone: a person, an organisation, a country, a pronoun, or a
    noun for people ("officials", "his counterpart")."""
    if token.ent_type_ in NAME_LABELS or token.pos_ == "PROPN":
        return True
    if token.pos_ == "PRON":
        return token.lower_ in PERSON_PRONOUNS
    return is_one_of(token, syntax().people_nouns)


def is_negated(trigger: Token) -> bool:
    """A negation of the trigger ("did not meet", "never met", "no longer believes", "no talks"), of the
    predicate a noun trigger is the object of ("did not hold talks"), or a negating head ("refused to meet",
    "without a meeting"). "Not until Friday" is no negation: the event happens then."""
    words = syntax()
    verb = predicate_of(trigger)
    candidates = [trigger] + ([verb] if verb is not None and verb != trigger else [])
    for token in candidates:
        for child in token.children:
            negation = child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj")
                                               and child.lower_ in words.negators)
            if negation and not _until_follows(token):
                return True
            if child.dep_ == "advmod" and child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
                return True
    chain = trigger
    for _ in range(3):
        head = chain.head
        if head == chain:
            break
        if chain.dep_ in ("xcomp", "pobj", "dobj", "pcomp") and is_one_of(head, words.negating_heads):
            return True
        if chain.dep_ != "xcomp" and not (chain.dep_ == "pobj" and head.dep_ == "prep"):
            break
        chain = head
    return False


def _until_follows(token: Token) -> bool:
    return any(child.dep_ == "prep" and child.lower_ == "until" for child in token.children)


def believer(trigger: Token) -> Token | None:
    """The verb of belief or condition that makes a trigger's clause hypothetical, if any ("believes Putin
    is negotiating", "if you promise", "had he not met")."""
    verb = clause_predicate(trigger)
    if _inverted_condition(verb):
        return verb
    # "asked if Hu was planning to discuss": the condition opens the clause the verb completes
    for token in _verb_chain(verb):
        if any(c.dep_ == "mark" and c.lower_ in syntax().hypothetical_markers for c in token.children):
            return token
    return _non_factive_head(verb)


def modality(trigger: Token) -> tuple[str | None, bool, bool]:
    """(the word that sets the mode, hypothetical, planned): a modal auxiliary of the trigger's predicate
    ("would meet", "will visit"), a condition or a question around its clause, or a planning head it
    complements ("plans to meet", "is expected to visit")."""
    words = syntax()
    verb = clause_predicate(trigger)
    chain = _verb_chain(verb)
    for token in chain:
        for aux in auxiliaries(token):
            word = aux.lower_
            if word in words.hypothetical_modals:
                return word, True, False
            if word in words.planned_modals:
                return word, False, True
    for token in chain:
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in words.hypothetical_markers:
                return child.lower_, True, False
    for token in chain[1:]:
        if is_one_of(token, words.planning_heads):
            return token.lower_, False, True
    if verb.dep_ == "xcomp" and (lemma(verb.head) in words.planning_heads):
        return verb.head.lower_, False, True
    if verb.dep_ == "xcomp" and lemma(verb.head) in words.object_control:
        return lemma(verb.head), True, False  # asked for, not done: "urged Tehran to suspend"
    if verb.dep_ == "xcomp" and lemma(verb.head) == "be" and any(c.lower_ == "to" for c in verb.children):
        return "to", False, True  # "Nigeria is to host a summit"
    if _asks(verb):
        return "?", True, False
    if _inverted_condition(verb):
        return "if", True, False
    believed = _non_factive_head(verb)
    if believed is not None:
        return lemma(believed), True, False
    return None, False, False


def _inverted_condition(verb: Token) -> bool:
    """"had he not met Meghan", "were they to meet", "should talks fail": a condition without "if", told by
    an auxiliary before its subject in a clause below the main one."""
    if verb.dep_ == "ROOT" or verb.sent[-1].text == "?":
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "were", "should")]
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    return bool(auxes and subjects and auxes[0].i < subjects[0].i)


def _non_factive_head(verb: Token) -> Token | None:
    """The verb of belief, fear or wish whose clause holds the predicate ("believes Putin is negotiating")."""
    current = verb
    for _ in range(3):
        if current.dep_ != "ccomp" or current.head == current:
            return None
        head = current.head
        if lemma(head) in syntax().non_factive_heads:
            return head
        current = head
    return None


def _asks(verb: Token) -> bool:
    """A question: the sentence ends in a question mark and the predicate is its main clause."""
    sentence = verb.sent
    return sentence[-1].text == "?" and clause_head(verb).dep_ == "ROOT"


def entity_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            return entity
    return None


def in_name(token: Token) -> bool:
    """A word that is part of a name ("Met Office", "Summit County", "the Conference Board")."""
    if token.pos_ == "PROPN":
        return True
    return token.ent_type_ in ("ORG", "FAC", "GPE", "LOC", "PERSON", "WORK_OF_ART", "PRODUCT", "LAW", "NORP")
