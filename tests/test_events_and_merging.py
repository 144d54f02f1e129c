"""Event detection, typing, dating, and merging across articles."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.analysis.document import build_document
from timeline.analysis.events import date_at
from timeline.analysis.pipeline import analyse_article
from timeline.models import Article, DateSource, EventStatus, EventType, Granularity
from timeline.stories.merging import EventForMerge, merge_changes, merge_events
from timeline.stories.report import timeline_of_articles


def article(text: str, published: str = "2025-07-16", article_id: str = "a", source: str = "Wire") -> Article:
    return Article(id=article_id, source=source, title="t", published=published, text=text)  # type: ignore[arg-type]


def events_of(text: str, published: str = "2025-07-16") -> list:  # type: ignore[type-arg]
    return analyse_article(article(text, published)).events


def test_trigger_types_and_cameo_codes() -> None:
    found = {e.event_type: e for e in events_of(
        "The Pentagon paused weapons shipments on Monday. Trump met Rutte in the Oval Office on Tuesday. "
        "NATO announced the plan on Wednesday.")}
    assert set(found) == {EventType.PAUSE, EventType.MEETING, EventType.ANNOUNCEMENT}
    assert found[EventType.PAUSE].cameo.startswith("16")
    assert found[EventType.MEETING].cameo.startswith("04")
    assert found[EventType.ANNOUNCEMENT].cameo.startswith("01")


def test_event_is_dated_by_its_own_clause() -> None:
    (meeting,) = [e for e in events_of("On Monday officials said that the leaders met on Tuesday.")
                  if e.event_type is EventType.MEETING]
    assert meeting.date_start == date(2025, 7, 15)
    assert meeting.date_text == "Tuesday" and meeting.date_source is DateSource.TEXT


def dated_by(text: str, trigger: str, published: str = "2025-07-16") -> str | None:
    """The date expression that dated the event of this trigger word, if any (every gold trigger is dated
    this way in `timeline bench events`)."""
    start = text.index(trigger)
    dated = date_at(build_document(text, date.fromisoformat(published)), start, start + len(trigger))
    assert dated is not None
    return dated.mention.text if dated.mention else None


def test_a_date_is_the_event_s_own_and_not_one_an_embedded_clause_claims() -> None:
    cases = [
        # an infinitive or a subordinate clause between them claims the date
        ("Howard promised to put the question to a national referendum next year.", "promised", None),
        ("A referendum will follow next year after delegates voted 89-52 for a republic.", "voted", None),
        ("Trump said on Monday that he would meet Putin on Friday.", "said", "Monday"),
        ("Trump said on Monday that he would meet Putin on Friday.", "meet", "Friday"),
        ("He declined to discuss details, but said the king may travel in the future.", "discuss", None),
        # a preposition is no infinitive; a date opening the sentence governs its main clause
        ("Rutte made a visit to Washington on Monday.", "visit", "Monday"),
        ("On Monday, the two leaders met in the Oval Office.", "met", "Monday"),
        # a relative clause right after an event noun tells of that event; so does a scheduling predicate
        ("The earthquake that hit northern Chile on March 11 damaged roads.", "earthquake", "March 11"),
        ("A meeting of nations that own Patriot batteries, led by NATO's top commander, is being considered "
         "for July 23.", "meeting", "July 23"),
    ]
    for text, trigger, expected in cases:
        assert dated_by(text, trigger) == expected, (text, trigger)


def interval_of(text: str, trigger: str, published: str = "2025-07-16") -> tuple[date, date, DateSource]:
    start = text.index(trigger)
    dated = date_at(build_document(text, date.fromisoformat(published)), start, start + len(trigger))
    assert dated is not None
    return dated.start, dated.end, dated.source


def test_an_event_asked_for_lies_ahead_of_the_asking() -> None:
    # asked for on Thursday 17 July: the summit is after it, not on it
    start, end, _ = interval_of("On Thursday, Poland called for an emergency NATO summit.", "summit", "2025-07-18")
    assert date(2025, 7, 17) < start <= end
    start, _, _ = interval_of("The opposition urged new talks with the unions.", "talks")
    assert start > date(2025, 7, 16)
    # a date of the noun's own stays its date; a phrase between them is no request for the event
    assert dated_by("Ministers called for a meeting on Friday.", "meeting") == "Friday"
    assert interval_of("Ministers called for calm after the meeting.", "meeting")[2] is DateSource.PUBLICATION


def test_a_perfect_under_a_dated_main_clause_lies_before_that_day() -> None:
    start, end, source = interval_of(
        "On Monday the minister visited towns that have been evacuated because of the floods.", "evacuated")
    assert end < date(2025, 7, 14) and source is DateSource.TENSE  # before Monday 14 July
    # a perfect on its own tells what happened as the article reports it
    start, end, _ = interval_of("The government has evacuated the towns.", "evacuated")
    assert start == end == date(2025, 7, 16)


def test_undated_event_falls_back_to_publication_and_says_so() -> None:
    (meeting,) = events_of("The two presidents met in Geneva.", "2025-07-16")
    assert (meeting.date_start, meeting.date_source) == (date(2025, 7, 16), DateSource.PUBLICATION)


def test_planned_events_keep_future_dates() -> None:
    (meeting,) = [e for e in events_of("A meeting of Patriot-owning nations is being considered for July 23.")
                  if e.event_type is EventType.MEETING]
    assert meeting.date_start == date(2025, 7, 23)
    assert meeting.status is EventStatus.PLANNED


def test_phone_calls_are_meetings() -> None:
    (call,) = [e for e in events_of("“Trump called me on Thursday and told me he wants to help,” Rutte said.",
                                    "2025-07-14") if e.event_type is EventType.MEETING]
    assert (call.event_type, call.cameo, call.date_start) == (EventType.MEETING, "041", date(2025, 7, 10))
    assert not [e for e in events_of("Trump called him a liar on Thursday.") if e.event_type is EventType.MEETING]


def test_negation_and_modality() -> None:
    (negated,) = events_of("The leaders did not meet on Friday.")
    assert negated.negated and negated.status is EventStatus.NEGATED
    (maybe,) = [e for e in events_of("Washington could pause deliveries next week.")
                if e.event_type is EventType.PAUSE]
    assert maybe.status is EventStatus.HYPOTHETICAL and maybe.modality == "could"


def test_actors_are_normalised_across_wordings() -> None:
    (a,) = events_of("President Donald Trump met NATO Secretary General Mark Rutte on Monday.")
    (b,) = events_of("Trump and Rutte met at the White House on Monday.")
    assert {"Trump", "Rutte", "NATO"} <= set(a.actors)
    assert {"Trump", "Rutte", "United States"} <= set(b.actors)


REPORTS = [
    ("wire-1", "2025-07-15", "Trump met Rutte in the Oval Office on Monday to discuss Patriot deliveries."),
    ("wire-2", "2025-07-16", "On Monday, Rutte met Trump at the Oval Office, where they discussed Patriots."),
    ("blog-1", "2025-07-17", "Rutte's Oval Office meeting with Trump on Monday focused on Patriot systems."),
    ("wire-3", "2025-07-16", "Separately, Zelensky met Merz in Berlin on Wednesday about drones."),
]


def reports() -> list[Article]:
    return [article(text, day, aid, source=aid.split("-")[0]) for aid, day, text in REPORTS]


def test_one_real_event_reported_three_times_is_one_entry() -> None:
    entries = [e for e in timeline_of_articles(reports()) if e.event_type is EventType.MEETING]
    oval = [e for e in entries if "Trump" in e.actors]
    assert len(oval) == 1
    (entry,) = oval
    assert entry.article_ids == ["blog-1", "wire-1", "wire-2"]
    assert entry.n_sources == 3 and (entry.date_start, entry.date_end) == (date(2025, 7, 14), date(2025, 7, 14))
    assert not entry.dates_disagree
    assert entry.first_reported == datetime(2025, 7, 15, tzinfo=UTC)
    assert "dates agree on 2025-07-14" in entry.merge_reason
    assert any("Zelensky" in e.actors or "Merz" in e.actors for e in entries if e is not entry)


def test_timeline_is_a_function_of_the_set_of_articles() -> None:
    baseline = timeline_of_articles(reports())
    for permutation in itertools.permutations(reports()):
        assert timeline_of_articles(list(permutation)) == baseline


def test_reingesting_an_id_replaces_its_events() -> None:
    corrected = article("Correction: Zelensky met Merz in Berlin on Wednesday about drones.", "2025-07-18",
                        "wire-1", "wire")
    entries = timeline_of_articles([*reports(), corrected])
    oval = [e for e in entries if "Trump" in e.actors and e.event_type is EventType.MEETING]
    assert [e.article_ids for e in oval] == [["blog-1", "wire-2"]]
    berlin = [e for e in entries if "Merz" in e.actors]
    assert [e.article_ids for e in berlin] == [["wire-1", "wire-3"]]


def test_sources_giving_different_days_are_flagged() -> None:
    texts = [("x1", "Trump spoke with Rutte by phone on Thursday about Patriot batteries and NATO funding."),
             ("x2", "Trump spoke with Rutte by phone on Friday about Patriot batteries and NATO funding.")]
    entries = timeline_of_articles([article(t, "2025-07-14", i, i) for i, t in texts])
    calls = [e for e in entries if e.event_type is EventType.MEETING]
    assert len(calls) == 1 and calls[0].dates_disagree
    assert calls[0].candidate_dates == ["2025-07-10", "2025-07-11"]


def test_merge_is_order_independent_on_random_inputs() -> None:
    rng = random.Random(7)
    actors = ["Trump", "Rutte", "Merz", "Zelensky", "NATO", "Putin"]
    events = []
    for i in range(120):
        day = date(2025, 7, 1 + rng.randrange(20))
        events.append(EventForMerge(
            event_id=f"a{i % 30}#{i}", article_id=f"a{i % 30}", source=f"s{i % 5}",
            published=datetime(2025, 7, 25, tzinfo=UTC), event_type=EventType.MEETING, date_start=day, date_end=day,
            granularity=Granularity.DAY,
            date_source=DateSource.TEXT, actors=tuple(rng.sample(actors, 3)), keywords=("meet",), trigger="met",
            sentence="s", status="happened"))
    expected = merge_events(events)
    for _ in range(5):
        rng.shuffle(events)
        assert merge_events(events) == expected


def test_seed_timeline_acceptance(seed_articles) -> None:  # type: ignore[no-untyped-def]
    entries = timeline_of_articles(seed_articles)
    text = " ".join(e.title + " " + " ".join(e.actors) for e in entries)
    for word in ("Maxwell", "Epstein", "Scotland"):
        assert word not in text
    meetings_14 = [e for e in entries if e.event_type is EventType.MEETING and e.date_start == date(2025, 7, 14)
                   and {"Trump", "Rutte"} <= set(e.actors)]
    assert meetings_14, "the Oval Office meeting of Trump and Rutte on 2025-07-14"
    planned = [e for e in entries if e.event_type is EventType.MEETING and e.date_start == date(2025, 7, 23)]
    assert planned, "the meeting of Patriot-owning nations considered for 2025-07-23"
    pauses = [e for e in entries if e.event_type is EventType.PAUSE and e.date_start == date(2025, 6, 30)
              and e.date_end == date(2025, 7, 6)]
    assert pauses, "the Pentagon's pause dated to the week of 2025-06-30"
    calls = [e for e in entries if e.event_type is EventType.MEETING and e.date_start == date(2025, 7, 10)
             and "Trump" in e.actors]
    assert calls, "Trump's call to Rutte on 2025-07-10"
    plan = [e for e in entries if e.event_type is EventType.ANNOUNCEMENT and e.date_start == date(2025, 7, 14)]
    assert max(e.n_sources for e in plan) >= 3, "the announcement of the plan, merged across its reports"
    oval = [e for e in meetings_14 if e.n_sources >= 2]
    assert oval, "the Oval Office meeting, merged across its reports"


ACTORS = ["Rutte", "Trump", "Merz", "NATO", "Ukraine"]
KEYWORDS = ["patriot", "talks", "summit", "weapons"]


@st.composite
def merge_event(draw: st.DrawFn, event_id: str) -> EventForMerge:
    day = date(2025, 7, 1) + timedelta(days=draw(st.integers(0, 40)))
    granularity = draw(st.sampled_from([Granularity.DAY, Granularity.DAY, Granularity.WEEK]))
    end = day + timedelta(days=6 if granularity is Granularity.WEEK else 0)
    return EventForMerge(
        event_id=event_id, article_id=event_id.split("#")[0], source="Wire",
        published=draw(st.sampled_from([datetime(2025, 8, 20, tzinfo=UTC),
                                         datetime.combine(day, datetime.min.time(), UTC) + timedelta(days=1),
                                         datetime(2025, 7, 10, tzinfo=UTC)])),
        event_type=EventType.MEETING, date_start=day, date_end=end,
        granularity=granularity, date_source=draw(st.sampled_from([DateSource.TEXT, DateSource.PUBLICATION])),
        actors=tuple(draw(st.lists(st.sampled_from(ACTORS), max_size=3, unique=True))),
        keywords=tuple(draw(st.lists(st.sampled_from(KEYWORDS), max_size=2, unique=True))),
        trigger="met", sentence="", status=draw(st.sampled_from(["happened", "happened", "negated", "planned"])))


@st.composite
def merge_history(draw: st.DrawFn) -> tuple[list[EventForMerge], list[EventForMerge], set[str]]:
    """Events before a change, events after it (some added, rewritten or removed), and the changed ids."""
    before = [draw(merge_event(f"a{i}#0")) for i in range(draw(st.integers(0, 25)))]
    after = {event.event_id: event for event in before}
    changed: set[str] = set()
    for event in before:
        action = draw(st.sampled_from(["keep", "keep", "keep", "rewrite", "remove"]))
        if action == "rewrite":
            after[event.event_id] = draw(merge_event(event.event_id))
            changed.add(event.event_id)
        elif action == "remove":
            del after[event.event_id]
    for i in range(draw(st.integers(0, 8))):
        added = draw(merge_event(f"n{i}#0"))
        after[added.event_id] = added
        changed.add(added.event_id)
    return before, list(after.values()), changed


def member_sets(groups: list[list[EventForMerge]]) -> set[frozenset[str]]:
    return {frozenset(e.event_id for e in group) for group in groups}


@settings(max_examples=300, deadline=None)
@given(merge_history())
def test_merging_only_the_changes_gives_the_entries_of_a_full_merge(
        history: tuple[list[EventForMerge], list[EventForMerge], set[str]]) -> None:
    before, after, changed = history
    previous = [entry.event_ids for entry in merge_events(before)]
    expected = {frozenset(entry.event_ids) for entry in merge_events(after)}
    assert member_sets(merge_changes(after, previous, changed)) == expected


def entries_of(reports: list[tuple[str, str, str]], event_type: EventType) -> list[list[str]]:
    """The article ids of each entry of one type, for (id, published, text) reports from different outlets."""
    articles = [article(text, published, article_id, f"Outlet {article_id}") for article_id, published, text in reports]
    return sorted(sorted(e.article_ids) for e in timeline_of_articles(articles) if e.event_type is event_type)


def test_the_same_people_meeting_on_two_days_are_two_meetings() -> None:
    assert entries_of([
        ("m1", "2025-03-11", "Chancellor Scholz met President Macron in Paris on Monday to discuss energy prices."),
        ("m2", "2025-03-14", "Chancellor Scholz met President Macron in Berlin on Thursday to discuss defence costs."),
    ], EventType.MEETING) == [["m1"], ["m2"]]


def test_two_earthquakes_in_one_week_are_two_events_and_no_attacks() -> None:
    reports = [("q1", "2025-03-12", "A magnitude 6.1 earthquake struck northern Chile on Tuesday, officials said."),
               ("q2", "2025-03-15", "A magnitude 5.4 earthquake struck central Peru on Friday, officials said.")]
    assert entries_of(reports, EventType.OTHER) == [["q1"], ["q2"]]
    quake = events_of(reports[0][2], reports[0][1])[0]
    assert quake.trigger == "earthquake" and quake.cameo is None


def test_the_same_earthquake_told_by_two_outlets_is_one_event() -> None:
    assert entries_of([
        ("q1", "2025-03-12", "A magnitude 6.1 earthquake struck northern Chile on Tuesday, damaging roads."),
        ("q2", "2025-03-13", "The earthquake that hit northern Chile on March 11 damaged roads and bridges."),
    ], EventType.OTHER) == [["q1", "q2"]]


def test_one_person_announcing_two_things_on_one_day_are_two_announcements() -> None:
    assert entries_of([
        ("a1", "2025-03-11", "On Monday, Governor Hochul announced a new subway safety plan for New York City."),
        ("a2", "2025-03-11", "Governor Hochul on Monday announced a tax rebate for farmers in upstate New York."),
    ], EventType.ANNOUNCEMENT) == [["a1"], ["a2"]]


def test_one_meeting_in_other_words_and_other_precisions_is_one_entry() -> None:
    articles = [article(text, published, i, f"Outlet {i}") for i, published, text in [
        ("s1", "2025-07-15", "Foreign ministers of Japan and South Korea met in Tokyo on Monday to discuss trade."),
        ("s2", "2025-07-17", "Foreign ministers of South Korea and Japan held talks in Tokyo this week on trade."),
        ("s3", "2025-07-16", "Japan and South Korea's foreign ministers had a meeting on July 14 in Tokyo on trade."),
    ]]
    [entry] = [e for e in timeline_of_articles(articles) if e.event_type is EventType.MEETING]
    assert entry.article_ids == ["s1", "s2", "s3"] and entry.date_start == entry.date_end == date(2025, 7, 14)
    assert "dates agree on" in entry.merge_reason and "tokyo" in entry.merge_reason


def test_an_entry_is_titled_by_the_headline_of_its_plainest_dated_evidence() -> None:
    # the undated report's sentence is of the more ordinary length; the one dated by its text still wins
    entries = timeline_of_articles([
        article("Norway and Iceland held talks on fishing quotas in Oslo on Monday, officials said. "
                "Norway wants a deal.", "2025-07-15", "dated"),
        article("Iceland and Norway are holding talks on fishing quotas in Oslo amid a row over mackerel stocks "
                "that has lasted for years. Norway wants a deal.", "2025-07-14", "undated", "Other Wire"),
    ])
    (talks,) = [e for e in entries if e.event_type is EventType.MEETING]
    assert talks.n_sources == 2
    assert talks.title == "Norway and Iceland hold talks on fishing quotas"
