"""Detecting the events sentences report from their parse, typing them, and dating them from their own clause.

A trigger is a word of the vocabulary (resources/events.toml) in its syntactic role: a verb or an event noun,
never part of a name, never a noun modifier ("talk show host"), and meeting the condition its rule names
("met with officials", not "met with criticism"). Each event keeps its predicate's subject and object, its
negation and modality, and the date phrase that modifies its clause along the dependency tree.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

import regex
from spacy.tokens import Doc, Span, Token

from timeline.analysis.actors import actor_of_token, actors_of
from timeline.analysis.document import Document, dates_an_event
from timeline.analysis.predicates import (
    auxiliaries,
    believer,
    clause_head,
    in_name,
    is_negated,
    is_one_of,
    is_predicate,
    lemma,
    modality,
    names_a_party,
    object_token,
    passive_subject,
    path_to_clause_head,
    predicate_of,
    subject_token,
    syntax,
)
from timeline.analysis.temporal.tense import Tense, tense_around
from timeline.analysis.titles import title_of
from timeline.models import DateSource, Event, EventStatus, EventType, Granularity, TemporalMention
from timeline.resources import load

# words in any script's letters: "Ciarán" is one word, not "Ciar" and "n"
WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]+")
_WHOLE_WORD = regex.compile(r"\b\p{L}[\p{L}\p{M}]*\b")


@dataclass(frozen=True)
class TriggerRule:
    lemma: str
    event_type: EventType
    cameo: str | None  # CAMEO codes political events only: natural disasters have none
    weak: bool
    forms: frozenset[str]  # single words, lowercase
    phrases: re.Pattern[str] | None
    pos: frozenset[str]  # coarse parts of speech the trigger word may have
    requires: str | None
    modifiers: frozenset[str]
    party_preps: frozenset[str]
    speech: bool

    def matches_word(self, word: str) -> bool:
        return word.lower() in self.forms or (self.phrases is not None and self.phrases.fullmatch(word) is not None)


@functools.cache
def trigger_rules() -> tuple[TriggerRule, ...]:
    rules = []
    for entry in load("events.toml")["trigger"]:
        phrases = re.compile("|".join(entry["phrases"]), re.IGNORECASE) if entry.get("phrases") else None
        rules.append(TriggerRule(
            entry["lemma"], EventType(entry["type"]), entry.get("cameo"), bool(entry.get("weak", False)),
            frozenset(f.lower() for f in entry.get("forms", [])), phrases,
            frozenset(entry.get("pos", ["VERB", "NOUN"])), entry.get("requires"),
            frozenset(entry.get("modifiers", [])), frozenset(entry.get("party_preps", ["with"])),
            bool(entry.get("speech", False))))
    return tuple(rules)


@functools.cache
def _rules_of_form() -> dict[str, tuple[TriggerRule, ...]]:
    """Every single-word form and the rules it may realise (a form may have a rule per part of speech)."""
    found: dict[str, list[TriggerRule]] = {}
    for rule in trigger_rules():
        for form in rule.forms:
            found.setdefault(form, []).append(rule)
    return {form: tuple(rules) for form, rules in found.items()}


# A weak trigger becomes an event only when a date of its clause places it; such a date stands within this
# many words of it (TimeBank and AQUAINT: 80% of the dated speech acts within 5 words, 90% within 8; 90% of
# the other weak events within 10). A wider reach parses more sentences for few events: 14 words cost 7% of
# the analysis time for 8 of 290 TimeML triggers and no event of the event-time benchmark.
WEAK_TRIGGER_DATE_REACH = 8


def needs_parse(sentence: str, dates: list[int]) -> bool:
    """Whether a sentence may hold an event: a strong trigger's form or phrase, or a weak one's with a date
    expression near it (`dates`: the offsets of the sentence's date expressions)."""
    forms = _rules_of_form()
    for match in _WHOLE_WORD.finditer(sentence):
        rules = forms.get(match.group(0).lower())
        if rules and (any(not rule.weak for rule in rules) or _date_near(sentence, match.start(), dates)):
            return True
    for rule in trigger_rules():
        if rule.phrases is not None and (match := rule.phrases.search(sentence)) is not None and \
                (not rule.weak or _date_near(sentence, match.start(), dates)):
            return True
    return False


def _date_near(sentence: str, position: int, dates: list[int]) -> bool:
    return any(len(sentence[min(position, d):max(position, d)].split()) <= WEAK_TRIGGER_DATE_REACH for d in dates)


# --- triggers in their syntactic role -------------------------------------------------------------------

def _coarse_pos(token: Token) -> str:
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return "VERB"
    return "NOUN" if token.pos_ == "NOUN" else token.pos_


def admissible(rule: TriggerRule, token: Token) -> bool:
    """Whether a word realises the rule's event in this sentence."""
    if in_name(token) or token.dep_ == "compound" or _coarse_pos(token) not in rule.pos:
        return False
    if token.tag_ == "JJ" or token.dep_ == "amod":  # "frozen assets", "a previously announced program": a state
        return False
    if _coarse_pos(token) == "VERB" and token.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj", "nmod", "poss"):
        return False  # a participle standing for a noun: "the ratio of confirmed to suspected cases"
    if rule.requires == "party":
        return _has_party(rule, token)
    if rule.requires == "theme":
        return _has_theme(token)
    if rule.requires == "modifier":
        return any(child.dep_ in ("compound", "amod") and child.lower_ in rule.modifiers for child in token.children)
    if rule.requires == "not_idiom":
        return not _meets_with_an_idiom(token) and not _is_a_mountain_top(token)
    return True


def _has_party(rule: TriggerRule, verb: Token) -> bool:
    """"called Putin", "spoke with Rutte by phone": someone the call is with. Not "called him a liar", "called
    for talks", "called on allies to act", "called it a day"."""
    # "called him a liar" (a predicative noun); but the parser also reads "called Putin" so: a name
    if any(child.dep_ == "ccomp" or (child.dep_ == "oprd" and child.pos_ != "PROPN") for child in verb.children):
        return False
    if any(child.dep_ in ("prt", "auxpass") for child in verb.children):  # "called off", "was called a liar"
        return False
    if verb.dep_ == "acl" or (verb.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in verb.children)):
        return False  # naming: "a group called Orion", "the company, to be called Courtaulds"
    party = object_token(verb, rule.party_preps)
    if party is None:
        return False
    if party.dep_ == "attr" or any(child.dep_ in ("oprd", "acomp") for child in party.children):
        return False
    return names_a_party(party) and party.lower_ not in ("it", "this", "that")


def _has_theme(verb: Token) -> bool:
    """Something paused: an object, a passive subject, a noun's complement, or a subject that pauses by
    itself ("talks halted", a word list). A person who "paused" in an interview paused nothing."""
    if not is_predicate(verb):
        return True
    if object_token(verb) is not None or passive_subject(verb) is not None:
        return True
    subject = subject_token(verb)
    return subject is not None and is_one_of(subject, syntax().pausable_subjects)


def _meets_with_an_idiom(token: Token) -> bool:
    if not is_predicate(token):
        return False
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and is_one_of(objects[0], syntax().meet_with_idioms):
                return True
    # "met the deadline", "meet the targets": no meeting without someone met; "70 percent of demand was met
    # by coal": in the passive, what was met must be someone
    passive = passive_subject(token)
    if passive is not None:
        return not names_a_party(passive)
    met = object_token(token)
    return met is not None and is_one_of(met, syntax().meet_object_idioms)


def _is_a_mountain_top(token: Token) -> bool:
    words = syntax()
    if lemma(token) not in ("summit", "summits"):
        return False
    if lemma(token.head) in words.summit_climbing:
        return True
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for place in child.children:
                if place.ent_type_ in ("LOC", "FAC") or place.lower_ in words.summit_places or any(
                        t.lower_ in words.summit_places for t in place.subtree):
                    return True
    return False


@dataclass(frozen=True)
class Trigger:
    rule: TriggerRule
    token: Token  # the word the event is read from (a phrase's first word)
    start: int  # article offsets of the trigger text
    end: int


def triggers_of(document: Document, sentence_index: int) -> list[Trigger]:
    """The sentence's triggers in their roles, at most one per event type and clause: the first strong one,
    else the first weak one."""
    sentence, doc = document.sentences[sentence_index], document.parses[sentence_index]
    found: list[Trigger] = []
    forms = _rules_of_form()
    for token in doc:
        for rule in forms.get(token.lower_, ()):
            if admissible(rule, token):
                start = Document.offset(token)
                found.append(Trigger(rule, token, start, start + len(token.text)))
                break
    for rule in trigger_rules():
        if rule.phrases is None:
            continue
        for match in rule.phrases.finditer(doc.text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None or not len(span) or in_name(span[0]) or any(t.token.i == span[0].i for t in found):
                continue
            found.append(Trigger(rule, span[0], sentence.start + match.start(), sentence.start + match.end()))
    best: dict[tuple[EventType, int], Trigger] = {}
    for trigger in sorted(found, key=lambda t: (t.rule.weak, t.start)):
        key = (trigger.rule.event_type, clause_head(trigger.token).i)
        best.setdefault(key, trigger)
    return sorted(best.values(), key=lambda t: t.start)


# --- dating along the dependency tree ---------------------------------------------------------------------

@dataclass(frozen=True)
class EventDate:
    start: date
    end: date
    granularity: Granularity
    source: DateSource
    mention: TemporalMention | None


# An undated event in a clause about the future lies after publication, within what "the coming days" spans.
UNDATED_FUTURE_DAYS = 14
# what a perfect says was done before a dated moment: within the two weeks before it
UNDATED_PAST_DAYS = 14


def _descends_through_infinitives(head: Token, clause: Token) -> bool:
    """Whether a clause lies below `head` through infinitives and conjoined verbs only ("decided on Monday to
    halt": the halt is the deciding day's)."""
    current = clause
    for _ in range(4):
        if current == head:
            return True
        if current.dep_ not in ("xcomp", "conj") or current.head == current:
            return False
        current = current.head
    return current == head


def governs(span: Span, trigger: Token) -> bool:
    """Whether a date phrase modifies the trigger's clause: it hangs from the trigger itself ("the meeting on
    Friday"), from the trigger's own predicate, from a predicate the trigger's clause is an infinitive of
    ("decided last week to halt"), from a relative clause of an event noun ("the earthquake that hit on
    March 11"), or completes a scheduling predicate whose argument the trigger is ("a meeting ... is being
    considered for July 23")."""
    if span.start <= trigger.i < span.end:
        return False
    path = path_to_clause_head(span.root)
    if trigger in path:
        return True
    head = path[-1]
    own = trigger if is_predicate(trigger) else clause_head(trigger)
    if head == own:
        return True
    if is_predicate(trigger) and span.start < trigger.i and _descends_through_infinitives(head, own):
        return True
    return head.dep_ in ("relcl", "acl") and head.head == trigger


def _rank(mention: TemporalMention, span: Span, trigger: Token) -> tuple[int, int]:
    distance = abs(span.root.i - trigger.i)
    return (1 if mention.granularity is Granularity.VAGUE else 0, distance)


def governing_mention(document: Document, sentence_index: int, trigger: Token) -> TemporalMention | None:
    """The date expression that governs a trigger along the tree (specific before vague, then the nearest);
    for a conjoined predicate without one of its own, its first conjunct's ("met on Monday and agreed")."""
    spans = [(m, span) for m, span in document.mention_spans(sentence_index) if dates_an_event(m)]
    if not spans:
        return None
    governing = [(m, span) for m, span in spans if governs(span, trigger)]
    if not governing:
        own = trigger if is_predicate(trigger) else clause_head(trigger)
        if own.dep_ == "conj" and is_predicate(own.head):
            governing = [(m, span) for m, span in spans if governs(span, own.head)]
    if not governing:
        return None
    return min(governing, key=lambda pair: _rank(pair[0], pair[1], trigger))[0]


def _in_present_perfect(trigger: Token) -> bool:
    """'has confirmed', 'have just agreed': news uses the present perfect for what happened as it reports."""
    verb = predicate_of(trigger)
    if verb is None or verb.tag_ != "VBN":
        return False
    return any(lemma(aux) == "have" and aux.tag_ in ("VBZ", "VBP") for aux in verb.children if aux.dep_ == "aux")


def _asked_for(trigger: Token) -> bool:
    """'called for an emergency meeting', 'proposed talks', 'no decision on a summit': an event asked for, or
    still to be decided, lies ahead of the asking."""
    if is_predicate(trigger):
        return False
    head = trigger.head
    if head.dep_ == "prep" and head.lower_ in ("for", "on", "about"):
        head = head.head
    elif trigger.dep_ not in ("dobj",):
        return False
    return lemma(head) in syntax().asking_heads and head != trigger


def _main_clause_date(document: Document, sentence_index: int, trigger: Token) -> date | None:
    """The last day of a specific date of the sentence's main clause, when the trigger lies in a clause below
    it ("Yesterday the governor toured counties that have been declared ...")."""
    root = trigger.sent.root
    if clause_head(trigger) == root:
        return None
    for mention, span in document.mention_spans(sentence_index):
        if dates_an_event(mention) and mention.date_end is not None and \
                mention.granularity is not Granularity.VAGUE and path_to_clause_head(span.root)[-1] == root:
            return mention.date_end
    return None


def _told_as_past(trigger: Token) -> bool:
    """A predicate in the past tense or a perfect ("met", "was removed", "has sent")."""
    verb = predicate_of(trigger)
    if verb is None:
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(
        aux.tag_ in ("VBD", "VBZ", "VBP") and lemma(aux) in ("have", "be") for aux in auxiliaries(verb))


def _on_the_side_of_publication(trigger: Token, start: date, end: date, published: date) -> tuple[date, date]:
    """A period that holds the publication day ("this week", "this year") holds what was done before it and
    what will be done after it: an event told in the past ends the day before publication, one planned
    starts the day after. Measured on the TimeBank event times (train): detected events dated right
    41/56 = 73.2% -> 43/56 = 76.8%, every gold trigger 58.4% -> 58.8%; dev unchanged."""
    if not start < published < end + timedelta(days=1):
        return start, end
    if _told_as_past(trigger) and start < published:
        return start, published - timedelta(days=1)
    if modality(trigger)[2] and end > published:
        return published + timedelta(days=1), end
    return start, end


def _undated_after(day: date, source: DateSource, mention: TemporalMention | None = None) -> EventDate:
    """An event some time after a day, undated: the days "the coming days" span after it."""
    return EventDate(day + timedelta(days=1), day + timedelta(days=UNDATED_FUTURE_DAYS), Granularity.VAGUE, source,
                     mention)


def event_date(document: Document, sentence_index: int, trigger: Token, trigger_end: int) -> EventDate:
    """When the event a trigger reports happened: its governing date expression (`source` text); else what
    its tense says (`source` tense): a present perfect ("has confirmed") is the publication day, a clause
    about the future ("Iraq would retaliate") the coming days; else the publication day (`source`
    publication: when it was reported)."""
    published = document.published
    mention = governing_mention(document, sentence_index, trigger)
    if _asked_for(trigger) and (mention is None or mention.start < Document.offset(trigger)):
        asked = mention.date_end if mention is not None and mention.date_end else published
        return _undated_after(asked, DateSource.TENSE)
    if mention is not None and mention.granularity is Granularity.VAGUE and mention.date_end is None:
        # "more deliveries in the future": some time after publication, undated, as an undated future clause
        return _undated_after(published, DateSource.TEXT, mention)
    if mention is not None and mention.date_start and mention.date_end and mention.granularity:
        start, end = _on_the_side_of_publication(trigger, mention.date_start, mention.date_end, published)
        return EventDate(start, end, mention.granularity, DateSource.TEXT, mention)
    if _in_present_perfect(trigger):
        main = _main_clause_date(document, sentence_index, trigger)
        if main is not None and main < published:
            return EventDate(main - timedelta(days=UNDATED_PAST_DAYS), main - timedelta(days=1),
                             Granularity.VAGUE, DateSource.TENSE, None)
        return EventDate(published, published, Granularity.DAY, DateSource.TENSE, None)
    if tense_around(document.text, trigger_end, trigger_end) is Tense.FUTURE:
        return _undated_after(published, DateSource.TENSE)
    return EventDate(published, published, Granularity.DAY, DateSource.PUBLICATION, None)


def date_at(document: Document, start: int, end: int) -> EventDate | None:
    """The date of an event whose trigger is at [start, end), as if the detector had found it there (how
    `timeline bench events` dates every gold trigger); None when its sentence is not parsed."""
    token = document.token_at(start, end)
    index = document.sentence_index_at(start)
    if token is None or index is None:
        return None
    return event_date(document, index, token, end)


# --- events ----------------------------------------------------------------------------------------------

@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(load("events.toml")["keywords"]["stopwords"].split())


def _keywords(doc: Doc, trigger: Token, exclude: frozenset[str]) -> list[str]:
    """Up to eight content words nearest the trigger, as written in lowercase: common nouns and verbs that
    say what happened, never names (names are actors) nor the trigger itself."""
    words = sorted((abs(token.i - trigger.i), token.lower_) for token in doc
                   if token.pos_ in ("NOUN", "VERB") and token.text[:1].islower() and token != trigger)
    chosen: dict[str, None] = {}
    for _, word in words:
        word = word.strip("'’")
        if len(word) >= 4 and word not in stopwords() and word != trigger.lower_ and word not in exclude:
            chosen.setdefault(word, None)
        if len(chosen) >= 8:
            break
    return list(chosen)


def _status(trigger: Token, dated: EventDate, published: date) -> tuple[EventStatus, bool, str | None]:
    negated = is_negated(trigger)
    word, hypothetical, planned = modality(trigger)
    if believer(trigger) is not None:  # "had he not met": a condition, whatever its polarity
        return EventStatus.HYPOTHETICAL, negated, word
    if negated:
        return EventStatus.NEGATED, True, word
    if hypothetical:
        return EventStatus.HYPOTHETICAL, False, word
    if planned or (dated.source is DateSource.TEXT and dated.start > published):
        return EventStatus.PLANNED, False, word
    return EventStatus.HAPPENED, False, word


def detect_events(document: Document, article_id: str, source: str = "") -> list[Event]:
    found: list[tuple[int, list[tuple[Trigger, EventDate]]]] = []
    for index in sorted(document.parses):
        kept = []
        for trigger in triggers_of(document, index):
            dated = event_date(document, index, trigger.token, trigger.end)
            if dated.mention is None and (trigger.rule.weak or trigger.rule.event_type is EventType.OTHER):
                continue
            kept.append((trigger, dated))
        if kept:
            found.append((index, kept))
    document.recognise_names([index for index, _ in found])
    events: list[Event] = []
    for index, kept in found:
        actors = actors_of(document, index, source)
        for trigger, dated in kept:
            events.append(_event(article_id, len(events), document, index, document.parses[index], trigger,
                                 dated, actors))
    return events


def _with_arguments(actors: list[str], trigger: Token) -> list[str]:
    """The sentence's actors, with the names of the event's own subject and object first (the model misses
    some names: "“Trump called me ..." at a quote's start)."""
    verb = predicate_of(trigger)
    own = []
    if verb is not None:
        for argument in (subject_token(verb), object_token(verb, frozenset({"with", "to"}))):
            name = actor_of_token(argument) if argument is not None else None
            if name:
                own.append(name)
    return list(dict.fromkeys([*own, *actors]))


def _event(article_id: str, index: int, document: Document, sentence_index: int, doc: Doc, trigger: Trigger,
           dated: EventDate, actors: list[str]) -> Event:
    sentence = document.sentences[sentence_index]
    status, negated, mode = _status(trigger.token, dated, document.published)
    confidence = (0.6 if trigger.rule.weak else 0.8) * (1.0 if dated.source is DateSource.TEXT else 0.8)
    mention = dated.mention
    if mention is not None:
        confidence *= 0.5 + mention.confidence / 2
    title = title_of(document, sentence_index, trigger.token, negated=negated, speech=trigger.rule.speech)
    actors = _with_arguments(actors, trigger.token)
    return Event(
        event_id=f"{article_id}#{index}", article_id=article_id, event_type=trigger.rule.event_type,
        cameo=trigger.rule.cameo, trigger=document.text[trigger.start:trigger.end], trigger_start=trigger.start,
        trigger_end=trigger.end, sentence=sentence.text, sentence_start=sentence.start, sentence_end=sentence.end,
        actors=actors, keywords=_keywords(doc, trigger.token, frozenset(a.lower() for a in actors)),
        status=status, negated=negated, modality=mode, subject=title.subject, object=title.object,
        title=title.text, date_start=dated.start, date_end=dated.end, granularity=dated.granularity,
        date_source=dated.source, date_text=mention.text if mention else None,
        date_value=mention.value if mention else None, date_mention_start=mention.start if mention else None,
        confidence=round(confidence, 3),
    )
