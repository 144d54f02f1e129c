"""Scoring how events are dated, on the TimeBank event-time annotations (Reimers, Dehghani & Gurevych 2016,
"Temporal Anchoring of Events for the TimeBank Corpus"): every event mention of 27 TimeBank documents with
the calendar time it happened, on text nobody here wrote.

Each detected event is paired with the gold mention its trigger overlaps. Rules (issue #15): a gold day
must be our day exactly; a gold `after X before Y` must contain our whole interval; a multi-day gold must
overlap our interval, and ours may not be wider than a month when the gold is told in days. Coverage is the
share of gold mentions some detected event overlaps (we type announcements, pauses, meetings and other
events, not every TimeML event: states, aspectual verbs and most nouns are not ours to date).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel

from timeline.analysis.document import build_document
from timeline.analysis.events import EventDate, date_at, detect_events, trigger_rules
from timeline.models import Event
from timeline.sources.cleaning import clean_text

PUBLISHED_EXACT_MATCH = 0.420  # Reimers et al. 2018, on the 9 test documents
ANNOTATOR_AGREEMENT = 0.567
LONGEST_FOR_DAYS = timedelta(days=31)
_POINT = re.compile(r"(?:after(\d{4}-\d{2}-\d{2}))?(?:before(\d{4}-\d{2}-\d{2}))?$")


class GoldEventTime(BaseModel):
    """One line of eventtime_*.jsonl: an event mention and when it happened."""

    doc_id: str
    dct: datetime
    eid: str
    start: int
    end: int
    text: str
    value: str


@dataclass(frozen=True)
class Possible:
    """The days a point may fall on: [low, high], either side open (None)."""

    low: date | None
    high: date | None


def _point(value: str) -> Possible:
    if value.lower() == "xxxx-xx-xx":  # the annotators could not place it: open on both sides
        return Possible(None, None)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = date.fromisoformat(value)
        return Possible(day, day)
    match = _POINT.match(value)
    if match is None or not any(match.groups()):
        raise ValueError(f"unreadable event time {value!r}")
    after, before = match.groups()
    # the bounds are open: "after 1997-10-01" is 2 October at the earliest
    return Possible(date.fromisoformat(after) + timedelta(days=1) if after else None,
                    date.fromisoformat(before) - timedelta(days=1) if before else None)


@dataclass(frozen=True)
class GoldTime:
    """A single day somewhere in `day` (exact or bounded), or a span from `begin` to `end`."""

    day: Possible | None = None
    begin: Possible | None = None
    end: Possible | None = None

    @property
    def kind(self) -> str:
        if self.day is None:
            return "multi-day"
        return "day" if self.day.low == self.day.high and self.day.low is not None else "bounded day"


def parse_gold(value: str) -> list[GoldTime]:
    """The times a gold value allows; annotators list alternatives with commas (a habit on several dates)."""
    return [_parse_one(alternative) for alternative in value.split(",")]


def _parse_one(value: str) -> GoldTime:
    if value.startswith("beginPoint="):
        begin, _, end = value[len("beginPoint="):].partition("endPoint=")
        return GoldTime(begin=_point(begin), end=_point(end))
    return GoldTime(day=_point(value))


def dated_right(gold: list[GoldTime], start: date, end: date) -> bool:
    return any(_within(alternative, start, end) for alternative in gold)


def _within(gold: GoldTime, start: date, end: date) -> bool:
    if gold.day is not None:
        if gold.kind == "day":
            return start == end == gold.day.low
        return (gold.day.low is None or start >= gold.day.low) and (gold.day.high is None or end <= gold.day.high)
    assert gold.begin is not None and gold.end is not None
    overlaps = (gold.end.high is None or start <= gold.end.high) and (gold.begin.low is None
                                                                       or end >= gold.begin.low)
    told_in_days = gold.begin.low is not None and gold.end.high is not None
    return overlaps and not (told_in_days and end - start > LONGEST_FOR_DAYS)


@dataclass
class Scored:
    doc_id: str
    event: Event
    gold: GoldEventTime
    right: bool
    publication_day_right: bool


@dataclass(frozen=True)
class DatedTrigger:
    """A gold trigger dated by timeline.analysis.events.date_at, as if the detector had found it."""

    doc_id: str
    gold: GoldEventTime
    dated: EventDate
    sentence: str
    right: bool
    publication_day_right: bool


@dataclass
class EventDatingScore:
    gold_mentions: int = 0
    covered: int = 0
    typed_kind: int = 0
    typed_covered: int = 0
    detected: int = 0
    scored: list[Scored] = field(default_factory=list)
    at_gold: list[DatedTrigger] = field(default_factory=list)

    @property
    def accuracy_at_gold(self) -> float:
        return sum(t.right for t in self.at_gold) / len(self.at_gold) if self.at_gold else 0.0

    @property
    def coverage(self) -> float:
        return self.covered / self.gold_mentions if self.gold_mentions else 0.0

    @property
    def typed_coverage(self) -> float:
        """Of the gold mentions our trigger vocabulary types (announcement, pause, meeting, other), the share
        a detected event overlaps."""
        return self.typed_covered / self.typed_kind if self.typed_kind else 0.0

    @property
    def accuracy(self) -> float:
        return sum(s.right for s in self.scored) / len(self.scored) if self.scored else 0.0

    @property
    def publication_day_accuracy(self) -> float:
        return sum(s.publication_day_right for s in self.scored) / len(self.scored) if self.scored else 0.0

    def accuracy_by(self, key: str) -> dict[str, tuple[int, int]]:
        """(right, total) per value of: date_source, granularity, gold kind."""
        totals: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for s in self.scored:
            value = parse_gold(s.gold.value)[0].kind if key == "gold" else str(getattr(s.event, key).value)
            totals[value] += 1
            right[value] += s.right
        return {value: (right[value], totals[value]) for value in sorted(totals)}


NOT_APPLICABLE = "n/a"  # events the annotators found no time for (hypothetical, generic): left out


def read_gold(path: Path) -> list[GoldEventTime]:
    mentions = [GoldEventTime.model_validate_json(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [m for m in mentions if m.value != NOT_APPLICABLE]


def read_documents(path: Path, wanted: set[str]) -> dict[str, tuple[datetime, str]]:
    documents = {}
    for line in path.open(encoding="utf-8"):
        document = json.loads(line)
        if document["doc_id"] in wanted:
            documents[document["doc_id"]] = (datetime.fromisoformat(document["dct"]), document["text"])
    return documents


def score_documents(gold: Iterable[GoldEventTime], documents: dict[str, tuple[datetime, str]]) -> EventDatingScore:
    by_doc: dict[str, list[GoldEventTime]] = {}
    for mention in gold:
        by_doc.setdefault(mention.doc_id, []).append(mention)
    score = EventDatingScore()
    for doc_id, mentions in sorted(by_doc.items()):
        dct, text = documents[doc_id]
        # every sentence parsed, so that every gold trigger can be dated as if it had been detected
        document = build_document(clean_text(text).text, dct.date())
        events = detect_events(document, doc_id, "TimeBank")
        for mention in mentions:
            start = mention.start + len(mention.text) - len(mention.text.lstrip())  # a few spans open on a space
            index = document.sentence_index_at(start)
            dated = date_at(document, start, mention.end)
            if index is None or dated is None:
                continue
            gold = parse_gold(mention.value)
            score.at_gold.append(DatedTrigger(doc_id, mention, dated, document.sentences[index].text,
                                              dated_right(gold, dated.start, dated.end),
                                              dated_right(gold, dct.date(), dct.date())))
        score.gold_mentions += len(mentions)
        score.detected += len(events)
        covered: set[str] = set()
        for event in events:
            match = next((m for m in mentions if m.start < event.trigger_end and event.trigger_start < m.end), None)
            if match is None:
                continue
            covered.add(match.eid)
            gold = parse_gold(match.value)
            score.scored.append(Scored(doc_id, event, match, dated_right(gold, event.date_start, event.date_end),
                                       dated_right(gold, dct.date(), dct.date())))
        score.covered += len(covered)
        typed = [m for m in mentions if is_typed_kind(m.text)]
        score.typed_kind += len(typed)
        score.typed_covered += sum(m.eid in covered for m in typed)
    return score


def is_typed_kind(trigger: str) -> bool:
    """Whether a gold trigger is a word of our trigger vocabulary (events.toml), speech acts left out: they
    are events only when a date of their own places them ("said on Thursday"), and most are not."""
    word = trigger.strip()
    return any(rule.matches_word(word) for rule in trigger_rules() if not rule.speech)


def _share(right: int, total: int) -> str:
    return f"{right}/{total} = {right / total:.1%}" if total else "-"


def print_score(name: str, score: EventDatingScore, errors: int = 0) -> None:
    print(f"\n{name}: {score.gold_mentions} gold event mentions, {score.detected} events detected")
    print(f"  coverage of the kinds we type (gold mentions whose word our vocabulary types)   "
          f"{_share(score.typed_covered, score.typed_kind)}")
    print(f"  coverage of every gold mention (TimeML events include states and nouns)        "
          f"{_share(score.covered, score.gold_mentions)}")
    print(f"  dated right (detected events paired with a gold one)  "
          f"{_share(sum(s.right for s in score.scored), len(score.scored))}   target >= 70%")
    print(f"  the same events all dated on their publication day     {score.publication_day_accuracy:.1%}")
    print(f"  published system, exact match (test documents)        {PUBLISHED_EXACT_MATCH:.1%}; "
          f"annotator agreement {ANNOTATOR_AGREEMENT:.1%}")
    for key, label in (("date_source", "by date source"), ("granularity", "by our granularity"),
                       ("gold", "by gold kind")):
        parts = ", ".join(f"{value} {_share(*counts)}" for value, counts in score.accuracy_by(key).items())
        print(f"  {label:<20} {parts}")
    at_gold = score.at_gold
    print(f"  every gold trigger dated as if detected (date_at)      "
          f"{_share(sum(t.right for t in at_gold), len(at_gold))}; all on their publication day "
          f"{_share(sum(t.publication_day_right for t in at_gold), len(at_gold))}")
    by_source: dict[str, list[DatedTrigger]] = {}
    for trigger in at_gold:
        by_source.setdefault(trigger.dated.source.value, []).append(trigger)
    print("    by date source     " + ", ".join(f"{source} {_share(sum(t.right for t in group), len(group))}"
                                              for source, group in sorted(by_source.items())))
    wrong = [s for s in score.scored if not s.right]
    for s in wrong[:errors]:
        event = s.event
        print(f"  ✗ {s.doc_id} {event.trigger!r} ({event.date_source.value}: {event.date_text!r} -> "
              f"{event.date_start}..{event.date_end}) gold {s.gold.value}: {event.sentence[:160]!r}")
    for t in [t for t in at_gold if not t.right][:errors]:
        text = t.dated.mention.text if t.dated.mention else None
        print(f"  ✗ at gold {t.doc_id} {t.gold.text!r} ({t.dated.source.value}: {text!r} -> "
              f"{t.dated.start}..{t.dated.end}) gold {t.gold.value}: {t.sentence[:160]!r}")


def run_event_benchmark(corpus: Path, timebank: Path, errors: int = 0) -> int:
    """Score every eventtime_*.jsonl file of `corpus` against the analysis of its TimeBank documents."""
    files = sorted(corpus.glob("eventtime_*.jsonl"))
    if not files or not timebank.is_file():
        print(f"no eventtime_*.jsonl in {corpus} or no {timebank}")
        return 2
    for path in files:
        gold = read_gold(path)
        score = score_documents(gold, read_documents(timebank, {g.doc_id for g in gold}))
        print_score(f"{path.name} ({len({g.doc_id for g in gold})} documents)", score, errors)
    return 0


# --- triggers against every TimeML EVENT (../shared/data/timeml_events) ------------------------------------

# the kinds whose recall counts: a gold event names one when its word is a form of one of these rules
RECALLED_TYPES = ("announcement", "meeting", "pause")


@dataclass
class TriggerScore:
    detected: int = 0
    true_events: int = 0  # detected triggers that are TimeML events
    gold_of_kind: int = 0  # gold events whose word names an announcement, a meeting or a pause
    recalled: int = 0
    gold_negated: int = 0  # detected triggers whose gold event has polarity NEG
    negation_read: int = 0
    false: list[tuple[str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)
    unread_negations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_events / self.detected if self.detected else 0.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold_of_kind if self.gold_of_kind else 0.0


def _names_a_recalled_kind(word: str) -> bool:
    """Whether a word names an announcement, a meeting or a pause by itself: words that do so only with a
    party or a modifier ("called Putin", "phone call"; but "called him a liar") are left out."""
    return any(rule.matches_word(word) for rule in trigger_rules()
               if rule.event_type.value in RECALLED_TYPES and not rule.weak and not rule.speech
               and rule.requires not in ("party", "modifier"))


def score_triggers(events_path: Path, texts_path: Path, limit: int | None = None) -> TriggerScore:
    """Our triggers against the TimeML EVENTs of the same documents: precision (share of our triggers that
    are events), recall of the events whose word names an announcement, a meeting or a pause, and negation
    (share of our triggers on a NEG event that we read as negated)."""
    from timeline.analysis.pipeline import analyse_articles
    from timeline.models import Article

    gold_by_doc = {}
    for line in events_path.open(encoding="utf-8"):
        record = json.loads(line)
        gold_by_doc[record["doc_id"]] = record["events"]
    documents = read_documents(texts_path, set(gold_by_doc))
    score = TriggerScore()
    ids = sorted(documents)[:limit]
    articles = [Article(id=doc_id, source="TimeML", title=doc_id, published=documents[doc_id][0],
                        text=documents[doc_id][1]) for doc_id in ids]
    for article, analysed in zip(articles, analyse_articles(articles), strict=True):
        gold = gold_by_doc[article.id]
        for event in analysed.events:
            score.detected += 1
            match = next((g for g in gold if g["start"] < event.trigger_end and event.trigger_start < g["end"]),
                         None)
            if match is None:
                score.false.append((article.id, f"{event.trigger!r}: {event.sentence[:120]}"))
                continue
            score.true_events += 1
            if match["polarity"] == "NEG":
                score.gold_negated += 1
                score.negation_read += event.negated
                if not event.negated:
                    score.unread_negations.append((article.id, f"{event.trigger!r}: {event.sentence[:140]}"))
        found = {(e.trigger_start, e.trigger_end) for e in analysed.events}
        for g in gold:
            if _names_a_recalled_kind(g["text"]):
                score.gold_of_kind += 1
                hit = any(s < g["end"] and g["start"] < e for s, e in found)
                score.recalled += hit
                if not hit:
                    context = article.text[max(0, g["start"] - 60):g["end"] + 60]
                    score.missed.append((article.id, f"{g['text']!r}: {context!r}"))
    return score


def print_trigger_score(name: str, score: TriggerScore, errors: int = 0) -> None:
    print(f"\n{name}: {score.detected} triggers detected")
    print(f"  precision (triggers that are TimeML events)            {_share(score.true_events, score.detected)}"
          f"   target >= 90%")
    print(f"  recall of announcements, meetings, pauses              {_share(score.recalled, score.gold_of_kind)}"
          f"   target >= 70%")
    print(f"  negated events read as negated                         "
          f"{_share(score.negation_read, score.gold_negated)}   target 100%")
    for doc_id, text in score.false[:errors]:
        print(f"  ✗ not an event {doc_id} {text}")
    for doc_id, text in score.missed[:errors]:
        print(f"  ✗ missed {doc_id} {text}")
    for doc_id, text in score.unread_negations[:errors]:
        print(f"  ✗ negation not read {doc_id} {text}")


def run_trigger_benchmark(events_dir: Path, texts_dir: Path, errors: int = 0) -> int:
    pairs = [(events_dir / f"{name}_events.jsonl", texts_dir / f"{name}.jsonl") for name in ("timebank", "aquaint")]
    pairs = [(events, texts) for events, texts in pairs if events.is_file() and texts.is_file()]
    for events, texts in pairs:
        print_trigger_score(events.name, score_triggers(events, texts), errors)
    print("  (AQUAINT's polarity is not usable: 2,112 of its 4,431 events are marked NEG, plain \"said Friday\" among"
          " them; TimeBank's negation figure is the one to read)")
    return 0 if pairs else 2
