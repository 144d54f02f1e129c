"""Key dates: days ranked by what a story's articles say about them, and the key events drawn from them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from timeline.analysis.pipeline import analyse_article
from timeline.models import Article, DateSource, EventType, Granularity, TimelineEntry
from timeline.stories.salience import (
    ArticleDays,
    article_days,
    day_salience,
    entry_salience,
    key_dates,
    key_event_count,
    key_events,
    weights,
    with_salience,
)

JULY = date(2025, 7, 1)


def days(story: str, published: date, mentioned: tuple[date, ...] = (), events: tuple[date, ...] = ()) -> ArticleDays:
    return ArticleDays(story, published, frozenset(mentioned), frozenset(events))


def entry(entry_id: str, start: date, end: date | None = None, story: str = "s", salience: float = 0.0,
          sources: int = 1, articles: tuple[str, ...] = ("a",)) -> TimelineEntry:
    return TimelineEntry(
        entry_id=entry_id, event_type=EventType.MEETING, date_start=start, date_end=end or start,
        granularity=Granularity.DAY if end is None else Granularity.WEEK, title=entry_id,
        article_ids=list(articles), event_ids=[f"{a}#0" for a in articles], sources=[f"S{i}" for i in range(sources)],
        n_sources=sources, first_reported=datetime(2025, 7, 30, tzinfo=UTC), dates_disagree=False,
        candidate_dates=[], actors=[], merge_reason="", date_source=DateSource.TEXT, span_start=start,
        span_end=end or start, mergeable=True, story_id=story, salience=salience)


def test_a_day_named_by_many_articles_outranks_one_named_by_one() -> None:
    shared, once = JULY + timedelta(days=3), JULY + timedelta(days=5)
    scores = day_salience([days("s", JULY + timedelta(days=9), (shared,)),
                           days("s", JULY + timedelta(days=9), (shared,)),
                           days("s", JULY + timedelta(days=9), (shared, once))])
    assert scores["s", shared] == 3 * scores["s", once] > 0


def test_a_day_recalled_after_the_fact_counts_more_than_one_named_on_the_day() -> None:
    recalled, same_day = JULY + timedelta(days=2), JULY + timedelta(days=20)
    scores = day_salience([days("s", JULY + timedelta(days=10), (recalled,)), days("t", same_day, (same_day,))])
    assert scores["s", recalled] == weights().mentioned + weights().recalled
    assert scores["s", recalled] > scores["t", same_day] == weights().mentioned + weights().published


def test_reporting_counts_for_its_day_and_the_day_before_and_stories_stay_apart() -> None:
    published = JULY + timedelta(days=4)
    scores = day_salience([days("s", published), days("t", published)])
    assert scores["s", published] == scores["s", published - timedelta(days=1)] == weights().published
    assert ("s", published + timedelta(days=1)) not in scores
    assert scores["t", published] == scores["s", published]


def test_an_entry_over_several_days_takes_their_mean_and_a_long_one_none() -> None:
    scores = {("s", JULY): 6.0, ("s", JULY + timedelta(days=1)): 1.0}
    assert entry_salience("s", JULY, JULY, scores) == 6.0
    assert entry_salience("t", JULY, JULY, scores) == 0.0
    assert entry_salience("s", JULY, JULY + timedelta(days=6), scores) == 1.0
    assert entry_salience("s", JULY, JULY + timedelta(days=weights().longest_entry_days), scores) == 0.0


def test_the_key_event_count_grows_with_the_articles_and_the_span_within_bounds() -> None:
    rule = weights()
    assert key_event_count(1, 0) == rule.key_events_min
    assert key_event_count(100, 0) < key_event_count(400, 0) < key_event_count(400, 120)
    assert key_event_count(100_000, 10_000) == rule.key_events_max


def test_key_events_are_each_storys_most_salient_entries_in_date_order() -> None:
    many = [entry(f"e{i}", JULY + timedelta(days=i), salience=float(i % 7 + 1), articles=(f"a{i}",)) for i in range(30)]
    other = [entry("o1", JULY, story="t", salience=1.0), entry("o2", JULY, story="t", salience=0.5)]
    chosen = key_events(many + other)
    in_story = [e for e in chosen if e.story_id == "s"]
    assert len(in_story) == key_event_count(30, 29)
    assert min(e.salience for e in in_story) >= max(e.salience for e in many if e not in in_story)
    assert {e.entry_id for e in chosen if e.story_id == "t"} == {"o1", "o2"}
    assert [e.date_start for e in chosen] == sorted(e.date_start for e in chosen)


def test_a_day_gives_a_few_key_events_its_most_widely_reported_and_leaves_room_for_other_days() -> None:
    big_day = [entry(f"e{i}", JULY, salience=9.0, sources=1 + (i == 9)) for i in range(12)]
    later = [entry(f"l{i}", JULY + timedelta(days=i + 1), salience=2.0) for i in range(4)]
    chosen = key_events(big_day + later)
    assert sum(e.date_start == JULY for e in chosen) == weights().key_events_per_day
    assert "e9" in {e.entry_id for e in chosen}
    assert {e.entry_id for e in later} <= {e.entry_id for e in chosen}
    assert key_dates(big_day + later)[0] == JULY


def test_key_dates_list_each_day_once_best_first_without_unscored_days() -> None:
    entries = [entry("a", JULY, salience=1.0), entry("b", JULY + timedelta(days=1), salience=3.0),
               entry("c", JULY, salience=2.0), entry("d", JULY + timedelta(days=2))]
    assert key_dates(entries) == [JULY + timedelta(days=1), JULY]


def test_an_event_dated_to_a_week_names_each_of_its_days() -> None:
    item = analyse_article(Article(id="w", source="Wire", published="2025-07-17",  # type: ignore[arg-type]
                                   text="The Pentagon paused weapons shipments to Ukraine last week, officials said."))
    [event] = [e for e in item.events if e.granularity is Granularity.WEEK]
    read = article_days(item, "s")
    assert read.event_days == {event.date_start + timedelta(days=i) for i in range(7)}
    assert not read.mentioned


def test_an_analysed_article_gives_its_day_mentions_and_text_dated_events() -> None:
    item = analyse_article(Article(id="x", source="Wire", published="2025-07-17",  # type: ignore[arg-type]
                                   text="Zelensky met Merz in Berlin on Wednesday. They spoke again in July. "
                                        "Officials said talks would continue."))
    read = article_days(item, "s")
    assert read.publication_date == date(2025, 7, 17)
    assert date(2025, 7, 16) in read.mentioned and date(2025, 7, 16) in read.event_days
    assert all(day.month == 7 for day in read.mentioned)  # "in July" is a month, not a day
    assert len(read.mentioned) == 1
    [scored] = [e for e in with_salience([entry("m", date(2025, 7, 16))], [read])]
    # named, dated to, recalled the day after, and reported the day after
    rule = weights()
    assert scored.salience == rule.mentioned + rule.dated_events + rule.recalled + rule.published
