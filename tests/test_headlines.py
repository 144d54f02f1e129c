"""Headlines for timeline entries: subject, verb and object of the trigger's clause, compressed."""

from __future__ import annotations

import pytest

from timeline.headlines import headline

CASES = [
    # a past verb becomes the headline's present; the date, articles and the aside after a comma go
    ("The European Commission suspended all budget payments to Hungary on Tuesday, citing rule-of-law concerns.",
     "suspended", (), "European Commission suspends all budget payments to Hungary"),
    # a plural or coordinated subject keeps the plain form
    ("Israel and Hamas held talks with Egyptian mediators in Cairo last week.", "talks", (),
     "Israel and Hamas hold talks with Egyptian mediators"),
    # what will happen: "to" + verb, its place kept
    ("The foreign ministers will meet in Vienna on Thursday.", "meet", (), "Foreign ministers to meet in Vienna"),
    # a complement clause is the object: "announced that ..."
    ("Spain announced on Monday that it would close its embassy in Kabul.", "announced", (),
     "Spain announces it to close its embassy in Kabul"),
    # a passive stays a participle; a relative clause's subject is the noun before it
    ("Rescue teams reached villages that had been cut off by the floods.", "cut", (),
     "Villages cut off by floods"),
    # an event noun as the object of its clause's verb
    ("On Friday, Japan called for an urgent meeting of the Security Council.", "meeting", (),
     "Japan calls for urgent meeting of Security Council"),
    # an event noun as the subject, past a relative clause and an aside, with the date set for it
    ("A summit of the countries that signed the accord, chaired by Kenya, is scheduled for March 3.", "summit",
     (), "Summit of countries scheduled for March 3"),
    # an aside between the subject and its verb is skipped
    ("The central bank, facing record inflation, raised its main rate by two points.", "raised", (),
     "Central bank raises its main rate by two points"),
    # a possessive names its owner: the actor named nearest before it
    ("Speaking after Macron's talks in Beijing, aides said his visit had gone well.", "visit", ("Macron",),
     "Macron's visit goes well"),
]


@pytest.mark.parametrize(("sentence", "trigger", "actors", "expected"), CASES)
def test_headline_says_who_did_what(sentence: str, trigger: str, actors: tuple[str, ...], expected: str) -> None:
    assert headline(sentence, trigger, actors) == expected


def test_pronouns_are_resolved_or_left_out() -> None:
    # "they" is the nearest plural noun phrase before it
    assert headline("Officials ordered new vaccines, and they will be delivered in May.", "delivered") == \
        "New vaccines to be delivered"
    # "me" in a quote is its speaker, where the sentence names one among the event's actors
    assert headline("“Lula called me on Sunday,” Milei said.", "called", ("Lula", "Milei")) == "Lula calls Milei"
    assert headline("“Lula called me on Sunday and we talked trade.", "called", ("Lula",)) == "Lula calls"


def test_no_template_and_no_date_in_any_headline() -> None:
    for sentence, trigger, actors, _ in CASES:
        title = headline(sentence, trigger, actors)
        assert "—" not in title and ":" not in title
        assert not any(day in title for day in ("Monday", "Tuesday", "Thursday", "Friday", "last week"))
        assert title[0].isupper() and len(title.split()) <= 16


def test_a_sentence_it_cannot_read_gives_its_first_clause() -> None:
    title = headline("Talks, once again, nowhere near an end; diplomats weary.", "Talks")
    assert title and title[0].isupper() and len(title.split()) <= 14
    assert headline("", "met") == ""
