"""Events read from the parse, driven by a sentence corpus per event kind (tests/data/events/<kind>.tsv, and
no_event.tsv for words of the vocabulary that are no event): for each sentence, whether its trigger is an
event, its type, subject, negation and title."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.analysis.nlp import MODEL_VERSION, ModelMismatch, check_meta, pipeline
from timeline.analysis.pipeline import analyse_article
from timeline.models import Article, Event, EventStatus, EventType
from timeline.stories.grouping import story_label

CORPORA = Path(__file__).parent / "data" / "events"
PUBLISHED = "2025-07-16"


def _cases() -> list[tuple[str, ...]]:
    cases = []
    for path in sorted(CORPORA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                fields = line.split("\t")
                assert len(fields) == 6, f"{path.name}: {line!r}"
                cases.append(tuple(fields))
    return cases


def test_every_event_kind_has_a_corpus() -> None:
    kinds = {path.stem for path in CORPORA.glob("*.tsv")}
    assert {kind.value for kind in EventType} | {"no_event"} <= kinds


def _event_of(sentence: str, trigger: str) -> Event | None:
    article = Article(id="s", source="Wire", title="t", published=PUBLISHED, text=sentence)  # type: ignore[arg-type]
    start = sentence.index(trigger)
    return next((e for e in analyse_article(article).events if e.trigger_start == start), None)


@pytest.mark.parametrize(("sentence", "trigger", "kind", "subject", "negated", "title"), _cases())
def test_sentence_corpus(sentence: str, trigger: str, kind: str, subject: str, negated: str, title: str) -> None:
    event = _event_of(sentence, trigger)
    if kind == "none":
        assert event is None, f"{trigger!r} is no event here, got {event and event.title!r}"
        return
    assert event is not None, f"{trigger!r} not detected"
    assert event.event_type.value == kind
    if subject != "-":
        assert event.subject is not None and event.subject.lower() == subject.lower()
    if negated != "-":
        assert event.negated is (negated == "yes")
    if title != "-":
        assert event.title == title


def test_a_belief_or_a_condition_is_no_fact() -> None:
    believed = _event_of("He no longer believes Putin is negotiating in good faith.", "negotiating")
    condition = _event_of("Harry would not be where he is today had he not met Meghan.", "met")
    assert believed is not None and believed.status is EventStatus.HYPOTHETICAL
    assert condition is not None and condition.status is EventStatus.HYPOTHETICAL


def test_a_speech_act_and_what_it_reports_are_dated_each_from_their_own_clause() -> None:
    text = "The minister said on Monday that the leaders will meet on Friday."
    said, meet = _event_of(text, "said"), _event_of(text, "meet")
    assert said is not None and str(said.date_start) == "2025-07-14"
    assert meet is not None and str(meet.date_start) == "2025-07-18"


def test_names_keep_their_letters() -> None:
    event = _event_of("Søren Kierkegaard met Çağla Şık and Nguyễn Văn An in Reykjavík on Monday.", "met")
    assert event is not None
    assert any("Kierkegaard" in actor for actor in event.actors)
    assert "Søren Kierkegaard" in event.title or "Kierkegaard" in event.title


@pytest.mark.parametrize(("sentence", "trigger", "names", "title"), [
    ("Recep Tayyip Erdoğan met Jonas Gahr Støre in Ankara on Monday to discuss the grain deal.", "met",
     ["Erdoğan", "Støre"], "Recep Tayyip Erdoğan meets Jonas Gahr Støre in Ankara"),
    ("Pedro Sánchez and Mette Frederiksen met in Copenhagen on Wednesday.", "met", ["Sánchez", "Frederiksen"],
     "Pedro Sánchez and Mette Frederiksen meet in Copenhagen"),
    ("Nguyễn Phú Trọng announced on Tuesday that Vietnam would expand its port.", "announced", ["Trọng"],
     "Nguyễn Phú Trọng announces Vietnam would expand its port"),
    ("Ursula von der Leyen said on Friday that Şebnem Korur Fincancı had been released.", "said",
     ["Leyen", "Fincancı"], "Ursula von der Leyen says Şebnem Korur Fincancı had been released"),
])
def test_names_in_any_letters_keep_them_in_titles_actors_and_story_labels(sentence: str, trigger: str,
                                                                          names: list[str], title: str) -> None:
    article = Article(id="u", source="Wire", title="", published=PUBLISHED, text=sentence)  # type: ignore[arg-type]
    analysed = analyse_article(article)
    event = next(e for e in analysed.events if e.trigger_start == sentence.index(trigger))
    assert event.title == title
    assert set(names) <= set(event.actors) and not any(len(actor) <= 3 for actor in event.actors)
    # whole names, not "Erdo" or "Ciar", as written in full in the story's terms and label
    assert all(any(term.split()[-1] == name for term in analysed.story_terms) for name in names)
    assert all(name in story_label([analysed.story_terms]) for name in names)


def test_the_model_is_the_pinned_one() -> None:
    nlp = pipeline()
    assert nlp.meta["version"] == MODEL_VERSION
    with pytest.raises(ModelMismatch):
        check_meta({**nlp.meta, "version": "3.7.1"})
    with pytest.raises(ModelMismatch):
        check_meta({**nlp.meta, "spacy_git_version": "0000000"})
