"""Detecting the events sentences report, typing them, and dating them from their own sentence."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.actors import find_actors, name_vocabulary, outlet_words
from timeline.models import DateSource, Event, EventStatus, EventType, Granularity, TemporalMention, TimexType
from timeline.resources import load
from timeline.sentences import Sentence
from timeline.temporal.tense import IRREGULAR_PAST, PAST_CUES, Tense, tense_around

_CLAUSE_BREAK = re.compile(r"[;:()\[\]—–]|,\s")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


@dataclass(frozen=True)
class TriggerRule:
    lemma: str
    event_type: EventType
    cameo: str | None  # CAMEO codes political events only: natural disasters have none
    weak: bool
    forms: frozenset[str]  # single words, lowercase
    phrases: re.Pattern[str] | None

    def matches_word(self, word: str) -> bool:
        return word.lower() in self.forms or (self.phrases is not None and self.phrases.fullmatch(word) is not None)


@functools.cache
def trigger_rules() -> tuple[TriggerRule, ...]:
    rules = []
    for entry in load("events.toml")["trigger"]:
        flags = 0 if entry["lemma"] == "call" else re.IGNORECASE
        phrases = re.compile("|".join(entry["phrases"]), flags) if entry.get("phrases") else None
        rules.append(TriggerRule(entry["lemma"], EventType(entry["type"]), entry.get("cameo"),
                                 bool(entry.get("weak", False)), frozenset(f.lower() for f in entry.get("forms", [])),
                                 phrases))
    return tuple(rules)


@functools.cache
def _rule_of_form() -> dict[str, TriggerRule]:
    """Every single-word form and its rule: one scan of an article's words finds them all (a pass of each
    rule's own pattern over the text took a quarter of the analysis time)."""
    return {form: rule for rule in trigger_rules() for form in rule.forms}


_WHOLE_WORD = re.compile(r"\b[A-Za-z]+\b")


@functools.cache
def _cues() -> dict[str, re.Pattern[str]]:
    cues = load("events.toml")["cues"]
    return {name: re.compile(r"(?:^|\W)(?:" + "|".join(re.escape(w) for w in words) + r")(?=\W|$)", re.IGNORECASE)
            for name, words in cues.items()}


@dataclass(frozen=True)
class TriggerHit:
    rule: TriggerRule
    start: int
    end: int


def triggers_by_sentence(text: str, sentences: list[Sentence]) -> list[list[TriggerHit]]:
    """For each sentence, at most one trigger per event type: the first strong one, else the first weak one.

    One scan of the words finds every single-word form, each phrase pattern scans the text once; hits are
    then placed in their sentences by offset."""
    starts = [s.start for s in sentences]
    best: list[dict[EventType, TriggerHit]] = [{} for _ in sentences]

    def place(rule: TriggerRule, start: int, end: int) -> None:
        index = bisect.bisect_right(starts, start) - 1
        if index < 0 or end > sentences[index].end:
            return
        current = best[index].get(rule.event_type)
        if current is None or (current.rule.weak, current.start) > (rule.weak, start):
            best[index][rule.event_type] = TriggerHit(rule, start, end)

    forms = _rule_of_form()
    for match in _WHOLE_WORD.finditer(text):
        if (rule := forms.get(match.group(0).lower())) is not None:
            place(rule, match.start(), match.end())
    for rule in trigger_rules():
        if rule.phrases is not None:
            for match in rule.phrases.finditer(text):
                place(rule, match.start(), match.end())
    return [sorted(found.values(), key=lambda h: h.start) for found in best]


def _window_before(text: str, sentence: Sentence, position: int, words: int) -> str:
    tokens = list(re.finditer(r"\S+", text[sentence.start:position]))
    return " ".join(t.group(0) for t in tokens[-words:])


def _status(text: str, sentence: Sentence, hit: TriggerHit, event_day: date | None, published: date
            ) -> tuple[EventStatus, bool, str | None]:
    cues = _cues()
    before = _window_before(text, sentence, hit.start, 6)
    negated = bool(cues["negation"].search(_window_before(text, sentence, hit.start, 4)))
    hypothetical = cues["hypothetical"].search(before)
    planned = cues["planned"].search(before) or cues["planned"].search(text[hit.end:min(sentence.end, hit.end + 40)])
    modality = (hypothetical or planned).group(0).strip(" ,.") if (hypothetical or planned) else None
    if negated:
        return EventStatus.NEGATED, True, modality
    if hypothetical:
        return EventStatus.HYPOTHETICAL, False, modality
    if planned or (event_day is not None and event_day > published):
        return EventStatus.PLANNED, False, modality
    return EventStatus.HAPPENED, False, modality


def _clause_of(text: str, sentence: Sentence, position: int) -> int:
    return len(_CLAUSE_BREAK.findall(text, sentence.start, position))


# What opens a clause of its own: a date after one of these belongs to that clause's verb, not to a trigger
# before it ("promised to put the question to a referendum next year": the referendum is next year), and a
# date before one does not reach a trigger inside it ("next year after delegates voted").
_SUBORDINATOR = r"\b(?:that|after|before|when|while|because|which|who|whom|where|if|until|since)\b"
_OPENS_CLAUSE_BEFORE = re.compile(_SUBORDINATOR, re.IGNORECASE)
# an infinitive: "to" and a lowercase word that is no determiner or pronoun ("to meet", not "to the summit"
# nor "to Paris")
_OPENS_CLAUSE_AFTER = re.compile(
    _SUBORDINATOR + r"|\bto\s+(?!(?:the|a|an|his|her|their|its|this|that|these|those|our|my|your|him|them|us|"
    r"me|it|which|whom|what|some|any|each|every|all|both|one|two|three|four|five|six|seven|eight|nine|ten)\b)"
    r"(?-i:[a-z]+)", re.IGNORECASE)


# "A meeting of the nations that own Patriots, led by NATO's commander, is being considered for July 23":
# a date that completes a scheduling predicate dates the event its subject names, across what lies between.
_SCHEDULES = re.compile(
    r"\b(?:scheduled|set|planned|considered|expected|slated|due|held|postponed|moved|delayed|rescheduled|"
    r"put\s+off|pushed\s+back|brought\s+forward)\s+(?:to\s+(?:take\s+place|be\s+held)\s+)?"
    r"(?:for|on|in|until|to)\s+(?:the\s+)?$", re.IGNORECASE)


def _schedules(text: str, mention: TemporalMention, trigger_end: int) -> bool:
    return mention.start >= trigger_end and _SCHEDULES.search(text, max(trigger_end, mention.start - 60),
                                                             mention.start) is not None


# "The earthquake that hit Chile on March 11", "the talks, which began on Friday": a relative clause right
# after an event noun tells of that event, so its date is the event's.
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|its|his|her|their|our|[A-Za-z]+['’]s)\s+"
                                r"(?:[a-z-]+\s+){0,2}$", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(r",?\s+(?:that|which)\b", re.IGNORECASE)


def _relative_clause_of_event_noun(text: str, trigger_start: int, trigger_end: int) -> bool:
    return _RELATIVE_AFTER.match(text, trigger_end) is not None and \
        _DETERMINER_BEFORE.search(text, max(0, trigger_start - 40), trigger_start) is not None


def _belongs_elsewhere(text: str, mention: TemporalMention, trigger_start: int, trigger_end: int) -> bool:
    if mention.start >= trigger_end:
        claimed = _OPENS_CLAUSE_AFTER.search(text, trigger_end, mention.start)
        if claimed is None or _schedules(text, mention, trigger_end):
            return False
        if claimed.start() <= trigger_end + 2 and _relative_clause_of_event_noun(text, trigger_start, trigger_end):
            return _OPENS_CLAUSE_AFTER.search(text, claimed.end(), mention.start) is not None
        return True
    return _OPENS_CLAUSE_BEFORE.search(text, mention.end, trigger_start) is not None


def governing_mention(text: str, sentence: Sentence, trigger_start: int, trigger_end: int,
                      mentions: list[TemporalMention]) -> TemporalMention | None:
    """The date expression that governs a trigger: one of its own clause (specific before vague, then the
    nearest), or one that opens the sentence ("On Monday, the leaders met"); never one that an infinitive
    or a subordinate clause between them claims. Measured on the TimeBank event times (`timeline bench
    events`, train): detected events dated right 60.4% -> 70.7%; every gold trigger 56.0% -> 57.2%."""
    candidates = [m for m in mentions if sentence.start <= m.start < sentence.end and m.date_start is not None
                  and m.type in (TimexType.DATE, TimexType.TIME)
                  and not _belongs_elsewhere(text, m, trigger_start, trigger_end)]
    if not candidates:
        return None
    trigger_clause = _clause_of(text, sentence, trigger_start)

    def rank(mention: TemporalMention) -> tuple[int, int, int]:
        same_clause = _clause_of(text, sentence, mention.start) == trigger_clause
        distance = mention.start - trigger_end if mention.start >= trigger_end else trigger_start - mention.end
        return (0 if same_clause else 1, 1 if mention.granularity is Granularity.VAGUE else 0, distance)

    best = min(candidates, key=rank)
    clause = _clause_of(text, sentence, best.start)
    if clause == trigger_clause or (clause == 0 and best.start < trigger_start) or _schedules(text, best, trigger_end):
        return best
    return None


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
_PERFECT_AUXILIARY = re.compile(r"\b(?:has|have|'s|'ve)\s+(?:(?:just|now|also|already|finally|formally|officially)"
                                r"\s+)?(?:been\s+)?$", re.IGNORECASE)
# "called for an emergency meeting", "proposed talks", "no decision on a summit": an event asked for, or still
# to be decided, lies ahead of the asking. What lies between is its noun phrase, no other clause or phrase.
_ASKED_FOR = re.compile(
    r"\b(?:call(?:s|ed|ing)?\s+for|urg(?:e|es|ed|ing)|propos(?:e|es|ed|ing)|demand(?:s|ed|ing)?|"
    r"request(?:s|ed|ing)?|seek(?:s|ing)?|sought|(?:press|push)(?:es|ed|ing)?\s+for|decision\s+(?:on|about)|"
    r"plans?\s+for)\s+(?:(?!(?:after|before|at|during|since|in|on|with|by|from|to|that|which|who|and|but|or)\b)"
    r"[\w'’.-]+\s+){0,4}$", re.IGNORECASE)


def _in_present_perfect(text: str, sentence: Sentence, trigger_start: int, trigger_end: int) -> bool:
    """'has confirmed', 'have just agreed': news uses the present perfect for what happened as it reports.
    The trigger must be a past participle ('have talks' is no perfect)."""
    word = text[trigger_start:trigger_end].split()[0].lower() if text[trigger_start:trigger_end].split() else ""
    participle = word.endswith("ed") or word in IRREGULAR_PAST or word in PAST_CUES
    return participle and _PERFECT_AUXILIARY.search(text, max(sentence.start, trigger_start - 40),
                                                    trigger_start) is not None


def _asked_for(text: str, sentence: Sentence, trigger_start: int) -> bool:
    return _ASKED_FOR.search(text, max(sentence.start, trigger_start - 80), trigger_start) is not None


def _main_clause_date(text: str, sentence: Sentence, trigger_start: int, mentions: list[TemporalMention]
                      ) -> date | None:
    """The last day of the date in the sentence's opening clause, when the trigger lies in a subordinate clause
    after it."""
    for mention in mentions:
        if sentence.start <= mention.start < trigger_start and mention.date_end is not None and \
                mention.type in (TimexType.DATE, TimexType.TIME) and mention.granularity is not Granularity.VAGUE \
                and _clause_of(text, sentence, mention.start) == 0 and \
                _OPENS_CLAUSE_BEFORE.search(text, mention.end, trigger_start) is not None:
            return mention.date_end
    return None


def event_date(text: str, sentence: Sentence, trigger_start: int, trigger_end: int,
               mentions: list[TemporalMention], published: date) -> EventDate:
    """When the event a trigger reports happened: its governing date expression (`source` text); else what
    its tense says (`source` tense): a present perfect ("has confirmed") is the publication day, a clause
    about the future ("Iraq would retaliate") the coming days; else the publication day (`source`
    publication: when it was reported). Measured on the TimeBank event times (`timeline bench events`), the
    future rule dates 56% of gold triggers right instead of 50.5% (train), 58.3% instead of 57.5% (dev); a
    past-tense rule ("the day before") helped train and hurt dev, so there is none."""
    mention = governing_mention(text, sentence, trigger_start, trigger_end, mentions)
    if _asked_for(text, sentence, trigger_start) and (mention is None or mention.start < trigger_start):
        asked = mention.date_end if mention is not None and mention.date_end else published
        return EventDate(asked + timedelta(days=1), asked + timedelta(days=UNDATED_FUTURE_DAYS),
                         Granularity.VAGUE, DateSource.TENSE, None)
    if mention is not None and mention.date_start and mention.date_end and mention.granularity:
        return EventDate(mention.date_start, mention.date_end, mention.granularity, DateSource.TEXT, mention)
    if _in_present_perfect(text, sentence, trigger_start, trigger_end):
        main = _main_clause_date(text, sentence, trigger_start, mentions)
        if main is not None and main < published:
            # "Yesterday the governor toured counties that have been declared ...": what the perfect of a
            # subordinate clause tells was done before its main clause's day
            return EventDate(main - timedelta(days=UNDATED_PAST_DAYS), main - timedelta(days=1),
                             Granularity.VAGUE, DateSource.TENSE, None)
        return EventDate(published, published, Granularity.DAY, DateSource.TENSE, None)
    if tense_around(text, trigger_end, trigger_end) is Tense.FUTURE:
        return EventDate(published + timedelta(days=1), published + timedelta(days=UNDATED_FUTURE_DAYS),
                         Granularity.VAGUE, DateSource.TENSE, None)
    return EventDate(published, published, Granularity.DAY, DateSource.PUBLICATION, None)


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(load("events.toml")["keywords"]["stopwords"].split())


def _keywords(text: str, sentence: Sentence, hit: TriggerHit, exclude: frozenset[str]) -> list[str]:
    """Up to eight content words nearest the trigger, as written in lowercase: common nouns and verbs that
    say what happened, never names (names are actors) nor the trigger itself."""
    trigger_words = set(re.findall(r"[a-z]+", text[hit.start:hit.end].lower()))
    words = [(abs(m.start() - hit.start), m.group(0).strip("'’").removesuffix("'s").removesuffix("’s"))
             for m in WORD.finditer(text, sentence.start, sentence.end) if m.group(0)[0].islower()]
    chosen: dict[str, None] = {}
    for _, word in sorted(words):
        if len(word) >= 4 and word not in stopwords() and word not in trigger_words and word not in exclude:
            chosen.setdefault(word, None)
        if len(chosen) >= 8:
            break
    return list(chosen)


def detect_events(article_id: str, text: str, sentences: list[Sentence], mentions: list[TemporalMention],
                  published: date, source: str = "", names: frozenset[str] | None = None) -> list[Event]:
    """`names`: the article's name vocabulary (actors.name_vocabulary), when the caller has it already."""
    events: list[Event] = []
    if names is None:
        names = name_vocabulary([s.text for s in sentences])
    outlet = outlet_words(source)
    for sentence, hits in zip(sentences, triggers_by_sentence(text, sentences), strict=True):
        if not hits:
            continue
        actors = find_actors(sentence.text, names, outlet)
        for hit in hits:
            dated = event_date(text, sentence, hit.start, hit.end, mentions, published)
            if dated.mention is None and (hit.rule.weak or hit.rule.event_type is EventType.OTHER):
                continue
            events.append(_event(article_id, len(events), text, sentence, hit, dated, actors, published))
    return events


def _event(article_id: str, index: int, text: str, sentence: Sentence, hit: TriggerHit,
           dated: EventDate, actors: list[str], published: date) -> Event:
    start, end, granularity, source, mention = dated.start, dated.end, dated.granularity, dated.source, dated.mention
    status, negated, modality = _status(text, sentence, hit, start if source is DateSource.TEXT else None, published)
    confidence = (0.6 if hit.rule.weak else 0.8) * (1.0 if source is DateSource.TEXT else 0.8)
    if mention is not None:
        confidence *= 0.5 + mention.confidence / 2
    return Event(
        event_id=f"{article_id}#{index}", article_id=article_id, event_type=hit.rule.event_type,
        cameo=hit.rule.cameo, trigger=text[hit.start:hit.end], trigger_start=hit.start, trigger_end=hit.end,
        sentence=sentence.text, sentence_start=sentence.start, sentence_end=sentence.end, actors=actors,
        keywords=_keywords(text, sentence, hit, frozenset(a.lower() for a in actors)), status=status,
        negated=negated, modality=modality,
        date_start=start, date_end=end, granularity=granularity, date_source=source,
        date_text=mention.text if mention else None, date_value=mention.value if mention else None,
        date_mention_start=mention.start if mention else None, confidence=round(confidence, 3),
    )
