"""The temporal engine, family by family, with explicit publication dates (the engine never reads the clock)."""

from __future__ import annotations

import re
import warnings
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.analysis.temporal import extract_mentions
from timeline.analysis.temporal.engine import SpanIndex
from timeline.analysis.temporal.evaluation import engine_system, evaluate, load_corpus
from timeline.analysis.temporal.lexicon import VAGUE_REFERENCES, VAGUE_REFERENCES_ALONE
from timeline.analysis.temporal.rules.base import phrase_alternation
from timeline.analysis.temporal.rules.holidays import HOLIDAY_NAMES
from timeline.models import TemporalMention

SAT_12_JUL_2025 = date(2025, 7, 12)
MON_14_JUL_2025 = date(2025, 7, 14)


def values(text: str, published: date) -> dict[str, str]:
    return {m.text: m.value for m in extract_mentions(text, published, timeml=True)}


def only(text: str, published: date):  # type: ignore[no-untyped-def]
    mentions = extract_mentions(text, published)
    assert len(mentions) == 1, [(m.text, m.value) for m in mentions]
    return mentions[0]


@pytest.mark.parametrize(("text", "published", "expected"), [
    # weekdays by tense
    ("Trump said in the Oval Office on Monday that it was done.", date(2025, 7, 16), "2025-07-14"),
    ("The ministers will meet on Monday to decide.", date(2025, 7, 16), "2025-07-21"),
    ("The vote is scheduled for Friday.", date(2025, 7, 16), "2025-07-18"),
    ("Talks are coming up on Thursday.", date(2025, 7, 16), "2025-07-17"),
    # a weekday equal to the publication weekday, in the past tense, is the publication day
    ("He announced the plan on Monday.", MON_14_JUL_2025, "2025-07-14"),
    ("who last Friday stated that NATO would pay", MON_14_JUL_2025, "2025-07-11"),
    ("The summit opens this Thursday.", MON_14_JUL_2025, "2025-07-17"),
    ("Zelenskiy will travel to Rome next Thursday.", date(2025, 7, 16), "2025-07-24"),
    ("The court rules next Monday.", SAT_12_JUL_2025, "2025-07-14"),
    ("It happened on Sunday, the first day of the month.", date(2025, 3, 1), "2025-02-23"),
    # deadlines and earliest dates lie ahead even in a past-tense clause
    ("Officials postponed until Tuesday any action on the permit.", date(2000, 3, 30), "2000-04-04"),
    ("The group could leave as early as Tuesday, Castro said.", date(2000, 4, 3), "2000-04-04"),
    ("He stayed in the hospital until Tuesday.", date(2000, 3, 30), "2000-03-28"),
    ("It has $115 million in revolving loans through Tuesday.", date(1989, 10, 30), "1989-10-31"),
    # a plan told in the past is still ahead; a capitalised "-ed" word is a name, not a past tense
    ("They were planning to drive around the airport on Monday.", date(2000, 1, 7), "2000-01-10"),
    ("The father would be traveling to the United States Thursday.", date(2000, 4, 5), "2000-04-06"),
    # modals look ahead, unless perfect; a "that" clause after the date does not lend it its tense
    ("Officials may meet on Friday.", date(2025, 7, 16), "2025-07-18"),
    ("He may have met Putin on Monday.", date(2025, 7, 16), "2025-07-14"),
    ("Mayors warned officials Wednesday that they should expect protests.", date(2000, 3, 29), "2000-03-29"),
    ("Rutte is due in Washington on Tuesday.", date(2025, 7, 18), "2025-07-22"),
    ("Voting has closed and results are expected Monday.", date(2013, 3, 22), "2013-03-25"),
    # an attributive weekday after a possessive names what happened, whatever the modal around it
    ("Russia can endure hardship, including Trump's Monday threat to impose tariffs.", date(2025, 7, 16),
     "2025-07-14"),
    # ... but what is awaited lies ahead
    ("Investors await Friday's jobs report.", date(2024, 2, 28), "2024-03-01"),
    ("Markets were calm ahead of Sunday's vote.", date(2024, 2, 28), "2024-03-03"),
    ("Nestle's share before Friday's purchases was 7%.", date(1989, 10, 30), "1989-10-27"),
    # a subordinate clause with its own subject keeps its tense to itself
    ("Police arrested him on Thursday as he was about to leave the country.", date(1999, 10, 8), "1999-10-07"),
    # a relative clause keeps its tense to itself, up to its comma
    ("Rutte, who will meet Trump on Friday, said allies were ready.", date(2025, 7, 16), "2025-07-18"),
    ("Rutte, who met Trump on Friday, will travel to Rome.", date(2025, 7, 16), "2025-07-11"),
    # a deadline moved lies ahead; a timetable's present ("takes effect") too
    ("The vote was postponed to Monday.", date(2025, 7, 16), "2025-07-21"),
    ("He went to Paris on Monday.", date(2025, 7, 16), "2025-07-14"),
    ("The law takes effect Friday.", date(2025, 7, 16), "2025-07-18"),
    ("Beginning Friday, flights resume.", date(2025, 7, 16), "2025-07-18"),
    # "later Wednesday" is later on the nearest Wednesday, today included
    ("Harris is expected to speak later Wednesday.", date(2024, 11, 6), "2024-11-06"),
    ("Earlier Sunday, protesters prayed.", date(2000, 4, 17), "2000-04-16"),
    ("From Monday, the ban applies.", date(2025, 7, 16), "2025-07-21"),
    ("On Wednesday, Ricardo Alarcon, head of parliament, spoke.", date(2025, 7, 17), "2025-07-16"),
])
def test_weekdays_follow_tense(text: str, published: date, expected: str) -> None:
    mention = next(m for m in extract_mentions(text, published) if m.rule == "weekday")
    assert mention.value == expected
    assert mention.granularity is not None and mention.granularity.value == "day"


def test_part_of_day_is_a_time_on_that_day() -> None:
    mention = only("Explosions were heard Tuesday night.", date(2025, 7, 10))
    assert (mention.value, mention.type.value) == ("2025-07-08TNI", "TIME")
    assert mention.date_start == mention.date_end == date(2025, 7, 8)


@pytest.mark.parametrize(("text", "published", "value", "start", "end", "granularity"), [
    ("Last week the Pentagon paused shipments.", SAT_12_JUL_2025, "2025-W27", "2025-06-30", "2025-07-06", "week"),
    ("This week, allies met.", SAT_12_JUL_2025, "2025-W28", "2025-07-07", "2025-07-13", "week"),
    ("Talks resume next week.", date(2024, 12, 31), "2025-W02", "2025-01-06", "2025-01-12", "week"),
    ("Sales fell last month.", date(2025, 1, 15), "2024-12", "2024-12-01", "2024-12-31", "month"),
    ("It rose 4% this year.", date(2025, 7, 12), "2025", "2025-01-01", "2025-12-31", "year"),
    ("Elections are due next year.", date(2025, 7, 12), "2026", "2026-01-01", "2026-12-31", "year"),
    # "earlier" keeps the month as value, and its days before publication as interval
    ("Earlier this month the court ruled.", date(2024, 2, 20), "2024-02", "2024-02-01", "2024-02-19", "month"),
    ("She arrived three days ago.", date(2024, 3, 2), "2024-02-28", "2024-02-28", "2024-02-28", "day"),
    ("Prices were higher yesterday.", date(2025, 1, 1), "2024-12-31", "2024-12-31", "2024-12-31", "day"),
    ("The vote is tomorrow.", date(2024, 2, 28), "2024-02-29", "2024-02-29", "2024-02-29", "day"),
    ("Exports fell in 2011-2012.", date(2013, 3, 22), "2011", "2011-01-01", "2012-12-31", "year"),
    ("The 2013-14 season was long.", date(2015, 3, 22), "2013", "2013-01-01", "2014-12-31", "year"),
])
def test_relative_periods_keep_their_granularity(text: str, published: date, value: str, start: str, end: str,
                                                 granularity: str) -> None:
    mention = only(text, published)
    assert mention.value == value
    assert (mention.date_start, mention.date_end) == (date.fromisoformat(start), date.fromisoformat(end))
    assert mention.granularity is not None and mention.granularity.value == granularity


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("A meeting is being considered for July 23.", date(2025, 7, 17), "2025-07-23"),
    ("The deal was signed on December 30.", date(2026, 1, 3), "2025-12-30"),
    ("The summit will take place on January 5.", date(2025, 12, 20), "2026-01-05"),
    ("He was born on 29 February 2024.", date(2025, 7, 1), "2024-02-29"),
    ("Sept. 30, 1989 was the deadline.", date(1989, 10, 25), "1989-09-30"),
    ("Filed 07/14/2025 in court.", date(2025, 8, 1), "2025-07-14"),
])
def test_month_day_takes_the_year_that_fits_tense(text: str, published: date, expected: str) -> None:
    mention = only(text, published)
    assert mention.value == expected


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("The talks collapsed in January.", date(2025, 7, 12), "2025-01"),
    ("Elections will be held in January.", date(2025, 7, 12), "2026-01"),
    ("They can take part in planning for the summit in April.", date(1998, 12, 5), "1999-04"),
    ("He resigned in December.", date(2025, 1, 10), "2024-12"),
    ("It launched in June 2025 and again in February 2022.", date(2025, 7, 1), None),
])
def test_months_point_in_the_direction_of_tense(text: str, published: date, expected: str | None) -> None:
    found = values(text, published)
    if expected is None:
        assert found == {"June 2025": "2025-06", "February 2022": "2022-02"}
    else:
        assert list(found.values()) == [expected]


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Profit rose in the third quarter.", date(1989, 10, 25), {"the third quarter": "1989-Q3"}),
    ("It was common in the 1990s.", date(2025, 7, 12), {"the 1990s": "199"}),
    ("Growth was fast in the nineties; a man in his sixties recalled it.", date(2025, 7, 12),
     {"the nineties": "199"}),
    ("Deliveries stalled in the summer months.", date(2025, 9, 10), {"the summer months": "2025-SU"}),
    ("Net income fell last year.", date(2025, 7, 12), {"last year": "2024"}),
    ("Spending grew between 2022 and 2024.", date(2025, 7, 12), {"2022": "2022", "2024": "2024"}),
])
def test_quarters_decades_seasons_years(text: str, published: date, expected: dict[str, str]) -> None:
    assert values(text, published) == expected


def test_day_range_is_one_mention_with_its_interval() -> None:
    mention = only("The exercise ran July 13-15.", date(2025, 7, 20))
    assert (mention.date_start, mention.date_end) == (date(2025, 7, 13), date(2025, 7, 15))
    mention = only("Leaders meet on 24–25 June 2025 in The Hague.", date(2025, 6, 1))
    assert (mention.text, mention.date_start, mention.date_end) == (
        "24–25 June 2025", date(2025, 6, 24), date(2025, 6, 25))


@pytest.mark.parametrize(("text", "expected"), [
    ("The deal will be reviewed every six months.", "P6M"),
    ("The festival takes place every summer.", "XXXX-SU"),
    ("Orangemen march each July through the town.", "XXXX-07"),
    ("Ministers meet every Monday.", "XXXX-WXX-1"),
])
def test_a_recurring_interval_is_a_set(text: str, expected: str) -> None:
    mention = only(text, SAT_12_JUL_2025)
    assert (mention.type.value, mention.value) == ("SET", expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("In the first quarter of 2013, sales doubled from the same period last year.", "2012-Q1"),
    ("Sales in January rose 5% from the same period a year earlier.", "2012-01"),
    ("Sales rose 5% from the same period last year.", "2012"),
    ("First-quarter net fell from $2 million in the corresponding period last year.", "2012-Q1"),
    ("In the first quarter, sales rose. For the quarter a year ago, it earned $3 million.", "2012-Q1"),
    ("In the first quarter, sales rose. U.K. sales for last year's quarter were $3 million.", "2012-Q1"),
])
def test_the_same_period_last_year_is_the_period_just_named_a_year_back(text: str, expected: str) -> None:
    mention = extract_mentions(text, date(2013, 3, 22))[-1]
    assert (mention.rule, mention.value) == ("relative_quarter", expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("The siege lasted for months.", "PXM"),
    ("A ceasefire could last a year.", "P1Y"),
    ("A 24-hour strike began.", "PT24H"),
    ("Refugees lived in the camps for 2 1/2 years.", "P2Y6M"),
    ("She spent about 5 1/2 hours in Nairobi.", "PT5H30M"),
    ("The call lasted a minute and a half.", "PT1M30S"),
    ("The hearing lasted a day and a half.", "P1DT12H"),
    ("The empire lasted 1,000 years.", "P1000Y"),
    ("He served three-and-a-half years in prison.", "P3Y6M"),
    ("Nvidia lost $600 billion in a single day.", "P1D"),
    ("He waited a quarter of an hour.", "PT15M"),
    ("A quarter of a century later, the case was reopened.", "P25Y"),
    ("The decade-long war ended.", "P10Y"),
    ("A years-long dispute continued.", "PXY"),
    ("Their third day-long meeting ended.", "P1D"),
])
def test_durations(text: str, expected: str) -> None:
    mention = only(text, SAT_12_JUL_2025)
    assert (mention.type.value, mention.value) == ("DURATION", expected)
    assert mention.date_start is None and mention.granularity is None


@pytest.mark.parametrize(("text", "expected"), [
    ("They must decide within the next 50 days.", ("P50D", "2025-07-13", "2025-08-31")),
    ("Over the past two months prices rose.", ("P2M", "2025-05-12", "2025-07-11")),
])
def test_an_anchored_duration_spans_the_days_before_or_after_publication(text: str,
                                                                         expected: tuple[str, str, str]) -> None:
    mention = only(text, SAT_12_JUL_2025)
    assert (mention.value, str(mention.date_start), str(mention.date_end)) == expected


@pytest.mark.parametrize("phrase", sorted(VAGUE_REFERENCES))
def test_every_vague_reference_of_the_lexicon_is_found(phrase: str) -> None:
    text = phrase if phrase in VAGUE_REFERENCES_ALONE else f"Officials said it happened {phrase} in the region."
    found = [m for m in extract_mentions(text, SAT_12_JUL_2025) if m.text.lower() == phrase]
    assert found and found[0].value == VAGUE_REFERENCES[phrase][0]


@pytest.mark.parametrize(("text", "expected"), [
    ("Islam will one day be the second largest religion.", ("one day", "FUTURE_REF")),
    ("One day, he vanished.", ("One day", "PAST_REF")),
    ("Someday the war will end.", ("Someday", "FUTURE_REF")),
    ("Talks lasted one day.", ("one day", "P1D")),
    ("Aqaba is Iraq's only outlet now that a noose has tightened.", ("now", "PRESENT_REF")),
    ("Holders were placated in the short term.", ("the short term", "FUTURE_REF")),
])
def test_more_vague_references(text: str, expected: tuple[str, str]) -> None:
    mention = only(text, SAT_12_JUL_2025)
    assert (mention.text, mention.value) == expected


@pytest.mark.parametrize(("text", "value", "start", "end"), [
    ("Patriots should arrive within days.", "FUTURE_REF", "2025-07-12", "2025-07-26"),
    ("He had until recent weeks praised Putin.", "PAST_REF", "2025-05-31", "2025-07-12"),
    ("The plan was hatched recently.", "PAST_REF", "2025-06-12", "2025-07-12"),
    ("Aid may follow in the coming days or weeks.", "FUTURE_REF", "2025-07-12", "2025-08-23"),
    ("Gabbard, who just weeks ago appeared on the outs.", "PAST_REF", "2025-05-17", "2025-07-12"),
])
def test_vague_references_have_bounded_intervals(text: str, value: str, start: str, end: str) -> None:
    mention = only(text, SAT_12_JUL_2025)
    assert mention.value == value
    assert mention.granularity is not None and mention.granularity.value == "vague"
    assert (mention.date_start, mention.date_end) == (date.fromisoformat(start), date.fromisoformat(end))


@pytest.mark.parametrize("text", [
    "Officials may march on the capital.",
    "We will send 17 Patriots.",
    "Spending rose 2% to $69 billion after 728 drone strikes.",
    "Sun Microsystems and Sun Yat-sen were mentioned.",
    "One of the two systems failed.",
    "The $2025 fee and 1999 soldiers.",
    "The unit may be moved.",
    "NATO's expansion into Eastern Europe and the Easter Island statues.",
    "A 6-year-old girl and a 52 years old man were hurt.",
    "The company pays a quarterly dividend and publishes daily newspapers.",
    "As soon as the talks end, the future president will speak. Now, they wait.",
    "Janos Martonyi and Jan Kavan signed; May Smith left shortly after the vote.",
    'Baker said on ABC\'s "This Week" that the Daily Mail, VOA Today and the Spring of Life group agreed.',
])
def test_no_false_positives_of_naive_parsers(text: str) -> None:
    assert extract_mentions(text, SAT_12_JUL_2025) == []


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Elian must be returned to his father by Jan. 14.", date(2000, 1, 5), "2000-01-14"),
    ("He was shot to death last Oct. 23 at his home.", date(1999, 4, 19), "1998-10-23"),
    ("The hearing is set for the week of March 6.", date(2000, 2, 24), "2000-W10"),
    ("Sales will rise in January this year.", date(1998, 2, 19), "1998-01"),
    ("He became president in nineteen ninety-six.", date(1998, 2, 19), "1996"),
    ("Shares closed at 10 p.m. Wednesday.", date(1998, 2, 13), "TIME 1998-02-11T22:00"),
    ("The offer runs until 5 p.m. EST Nov. 9.", date(1989, 11, 2), "TIME 1989-11-09T17:00"),
    ("The meeting was held at 10:00 GMT.", date(2025, 7, 14), "TIME 2025-07-14T10:00"),
    ("He will leave at 4 in the morning, Castro said.", date(2000, 4, 5), "TIME 2000-04-05T04:00"),
    ("Davison will succeed him, effective Feb. 1.", date(1989, 10, 26), "1990-02-01"),
    ("The summit opened Jul 9.", date(2025, 7, 14), "2025-07-09"),
    ("Profit rose in the third quarter.", date(1989, 11, 2), "1989-Q3"),
    ("It had been due to expire Friday evening.", date(1989, 10, 30), "1989-10-27TEV"),
    ("The relatives will fight Wednesday's ruling.", date(2000, 1, 7), "2000-01-05"),
    ("Troops will leave in September.", date(1990, 8, 16), "1990-09"),
    ("A man was arrested at 2:15 p.m. local time Wednesday.", date(2013, 3, 22), "TIME 2013-03-20T14:15"),
    ("The minister arrived at 9 a.m. ET.", date(2013, 3, 22), "TIME 2013-03-22T09:00"),
    ("The new season starts in the fall.", date(2013, 3, 22), "2013-FA"),
    ("Revenue for the first half rose.", date(2013, 8, 2), "2013-H1"),
])
def test_news_conventions(text: str, published: date, expected: str) -> None:
    mention = only(text, published)
    if expected.startswith("TIME "):
        assert (mention.type.value, mention.value) == ("TIME", expected.removeprefix("TIME "))
    else:
        assert mention.value == expected


def test_a_season_in_a_title_case_headline_is_a_season() -> None:
    assert values("Talks Resume This Spring\nOfficials met.", date(2025, 7, 15)) == {"This Spring": "2025-SP"}
    assert values("In the fall of 2024, prices rose.", date(2025, 7, 15)) == {"the fall of 2024": "2024-FA"}


def test_a_capitalised_headline_still_has_its_dates() -> None:
    assert values("Talks Resume Next Week", SAT_12_JUL_2025) == {"Next Week": "2025-W29"}
    assert values("Trump Visit Planned For 2026", SAT_12_JUL_2025) == {"2026": "2026"}


def test_a_sunday_paper_says_last_week_of_the_week_it_closes() -> None:
    assert only("Prices fell last week.", date(1998, 3, 22)).value == "1998-W12"
    assert only("Prices fell last week.", date(1998, 3, 21)).value == "1998-W11"


def test_anaphora_counts_from_the_previous_date() -> None:
    mentions = extract_mentions("The talks opened on July 3. A week later, they collapsed.", date(2025, 7, 20))
    later = mentions[1]
    assert later.value == "2025-07-10"
    assert later.anchor == "mention" and later.anchor_mention == 0


def test_a_story_told_day_by_day_counts_from_the_day_just_reached() -> None:
    found = values("On July 3, shipments paused. The next day, Kyiv protested. Two days later, officials met.",
                   date(2025, 7, 20))
    assert found == {"July 3": "2025-07-03", "The next day": "2025-07-04", "Two days later": "2025-07-06"}
    # comparisons with a year do not chain: both are the year before the one named
    found = extract_mentions("Sales rose in 2024. A year earlier they fell; a year earlier still, they rose.",
                             date(2025, 7, 20))
    assert [m.value for m in found] == ["2024", "2023", "2023"]


@pytest.mark.parametrize(("text", "expected"), [
    ("It was unlikely to start before the November election.", {"November": "2024-11"}),
    ("The March attack killed 12.", {"March": "2024-03"}),
    ("Costs rose in the June quarter.", {"the June quarter": "2024-Q2"}),
    ("He left in November.", {"November": "2023-11"}),
])
def test_a_month_naming_an_event_is_the_nearest_one(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(2024, 7, 2)) == expected


def test_a_part_of_the_day_belongs_to_the_story_day_not_a_background_month() -> None:
    found = values("The jet crashed at 9 p.m. on Wednesday. It was the worst disaster since November 2001. "
                   "The flight had left Wichita earlier that evening.", date(2025, 1, 30))
    assert found == {"9 p.m. on Wednesday": "2025-01-29T21:00", "November 2001": "2001-11",
                     "earlier that evening": "2025-01-29TEV"}


def test_minutes_later_count_from_the_clock_time_just_told() -> None:
    found = values("The update was pushed at 04:09 UTC and withdrawn 78 minutes later.", date(2024, 7, 20))
    assert found == {"04:09 UTC": "2024-07-20T04:09", "78 minutes later": "2024-07-20T05:27"}
    assert values("Just over an hour later, he was declared dead.", date(2024, 7, 20)) == \
        {"Just over an hour later": "PT1H"}


def test_a_decimal_point_does_not_end_a_clause() -> None:
    found = values("Inflation is expected to rise to 3.7% in the third quarter.", date(2025, 2, 6))
    assert found == {"the third quarter": "2025-Q3"}
    found = values("The firm expects to report fourth-quarter results next week.", date(2025, 2, 6))
    assert found == {"fourth-quarter": "2024-Q4", "next week": "2025-W07"}
    assert values("Airlines said it could take days to clear the backlog.", date(2024, 7, 20)) == {"days": "PXD"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Footfall was down on last year, when the holiday fell in April.", {"last year": "2023", "April": "2023-04"}),
    ("In 2019 he moved to Paris in March.", {"2019": "2019", "March": "2019-03"}),
    ("Real won the title in 2024 and have not lost at home since March.", {"2024": "2024", "March": "2024-03"}),
    ("El Nino, which boosted temperatures last year, ended in June.", {"last year": "2023", "June": "2024-06"}),
])
def test_a_month_takes_the_year_named_in_its_clause(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(2024, 8, 8)) == expected


def test_broadcast_and_earnings_forms() -> None:
    day = date(1998, 2, 23)
    assert values("The level we saw in the winter of nineteen ninety-four.", day) == \
        {"the winter of nineteen ninety-four": "1994-WI"}
    assert values("January nineteen ninety-seven. Atlanta again.", day) == {"January nineteen ninety-seven": "1997-01"}
    assert values("It has been a tough business in recent quarters.", day) == {"recent quarters": "PAST_REF"}
    assert values("Violence flared for the past three summers.", day) == {}
    assert values("He crossed the border in 1994, 1995 and 1997.", day) == \
        {"1994": "1994", "1995": "1995", "1997": "1997"}
    assert values("It sold 1,995 cars.", day) == {}


@pytest.mark.parametrize(("text", "expected"), [
    ("By mid afternoon, official sources were saying.", {"mid afternoon": "1998-03-06TAF"}),
    ("In London at mid-afternoon yesterday, shares were up.", {"mid-afternoon yesterday": "1998-03-05TAF"}),
    ("The storm hit in the early afternoon on Tuesday.", {"the early afternoon": "1998-03-03TAF",
                                                          "Tuesday": "1998-03-03"}),
    ("On Monday, fighting resumed in the late morning.", {"Monday": "1998-03-02", "the late morning": "1998-03-02TMO"}),
])
def test_a_modified_part_of_the_day_falls_on_the_day_named_or_told(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(1998, 3, 6)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Over the next couple of years we would not be surprised.", {"the next couple of years": "P2Y"}),
    ("It returned to profit after several quarters of losses.", {"several quarters": "PXQ"}),
    ("Three quarters of the members voted.", {}),
    ("The lease was extended for an additional year.", {"an additional year": "P1Y"}),
    ("It doesn't bode well for coming quarters.", {"coming quarters": "FUTURE_REF"}),
    ("There were sell programs in past years, too.", {"past years": "PAST_REF"}),
    ("Holders may buy shares at the then current market price.", {"then current": "PAST_REF"}),
])
def test_earnings_report_periods(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(1989, 10, 26)) == expected


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("The Lunar New Year holiday begins on Jan. 28.", date(2025, 1, 2),
     {"Lunar New Year": "2025-01-29", "Jan. 28": "2025-01-28"}),
    ("Families gathered for Chinese New Year.", date(2024, 2, 20), {"Chinese New Year": "2024-02-10"}),
    ("Muslims will celebrate Eid al-Fitr at the end of the month.", date(2026, 3, 5),
     {"Eid al-Fitr": "2026-03-20", "the end of the month": "2026-03"}),
    ("Diwali falls in October this year.", date(2025, 9, 1), {"Diwali": "2025-10-20",
                                                              "October this year": "2025-10"}),
    ("Israel marked Yom Kippur on Thursday.", date(2025, 10, 3),
     {"Yom Kippur": "2025-10-02", "Thursday": "2025-10-02"}),
])
def test_lunar_and_lunisolar_holidays_come_from_their_calendars(text: str, published: date,
                                                                 expected: dict[str, str]) -> None:
    assert values(text, published) == expected


def test_a_year_earlier_compares_with_the_quarter_the_three_months_close() -> None:
    found = values("Apple reported results for the three months ended March 29. Revenue rose 5% from a year "
                   "earlier.", date(2025, 5, 2))
    assert found == {"the three months": "P3M", "March 29": "2025-03-29", "a year earlier": "2024-Q1"}


def test_an_evening_clock_time_of_today() -> None:
    found = values("The council will vote at 7:30 tonight; the rally starts at 8 this evening.", date(2026, 3, 10))
    assert found == {"7:30 tonight": "2026-03-10T19:30", "8 this evening": "2026-03-10T20:00"}
    assert values("He scored 2 tonight.", date(2026, 3, 10)) == {"tonight": "2026-03-10TNI"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", {"Feb. 1": "1990-02-01"}),
    ("Qantas will double its flights by August in search of markets untouched by the crisis.",
     {"August": "1990-08"}),
    ("The split would be paid on a still unspecified date in January.", {"January": "1990-01"}),
    ("A bomb ripped through a building next to the U.S. embassy in Nairobi on Friday.", {"Friday": "1989-10-20"}),
])
def test_words_that_only_look_like_tense_cues(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(1989, 10, 26)) == expected


def test_a_sentence_opened_by_its_date_takes_the_tense_of_its_verb_ten_words_on() -> None:
    found = values("On Tuesday, the National Abortion and Reproductive Rights Action League plans to hold a news "
                   "conference.", date(1998, 10, 26))
    assert found == {"Tuesday": "1998-10-27"}


@pytest.mark.parametrize(("text", "expected"), [
    ("It opens on March the 10th.", {"March the 10th": "2026-03-10"}),
    ("The report, dated 2026-03-02T09:00Z, was leaked.", {"2026-03-02T09:00Z": "2026-03-02T09:00"}),
    ("We will meet a week on Friday.", {"a week on Friday": "2026-03-13"}),
    ("The vote is on Friday week.", {"Friday week": "2026-03-13"}),
    ("The weekend before last was wet.", {"The weekend before last": "2026-W08-WE"}),
    ("We met the week before last.", {"the week before last": "2026-W08"}),
])
def test_british_and_machine_date_forms(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(2026, 3, 4)) == expected


def test_a_forecast_looks_ahead() -> None:
    assert values("Traders see a first cut in September.", date(2025, 3, 12)) == {"September": "2025-09"}


def test_a_holiday_outside_its_calendar_s_table_raises_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert values("Families gathered for Chinese New Year.", date(1950, 3, 1)) == \
            {"Chinese New Year": "1950-02-17"}


def test_a_coordinated_weekday_stays_in_the_week_of_the_first() -> None:
    # told looking back, the second day may come first in the week; a past pair stays in the past
    assert values("The envoys met on Tuesday and Monday.", date(2025, 7, 17)) == \
        {"Tuesday": "2025-07-15", "Monday": "2025-07-14"}
    assert values("The envoys met on Monday and Wednesday.", date(2025, 7, 15)) == \
        {"Monday": "2025-07-14", "Wednesday": "2025-07-09"}


def test_a_step_back_from_the_period_just_told() -> None:
    found = values("Its shares gained 39% in 2025, after nearly tripling the year before.", date(2026, 1, 5))
    assert found == {"2025": "2025", "the year before": "2024"}
    found = values("Sales rose to $5 million in March, up from $4 million the month before.", date(2025, 4, 10))
    assert found == {"March": "2025-03", "the month before": "2025-02"}
    # counted from the event that follows, not from a date
    assert values("It was founded in 2019, the year before the pandemic began.", date(2025, 4, 10)) == \
        {"2019": "2019"}


@pytest.mark.parametrize(("text", "expected"), [
    ("The talks followed months of negotiation.", {"months": "PXM"}),
    ("The judge ruled days before the program was set to expire.", {"days": "PXD"}),
    ("Rubin will ship weeks ahead of schedule.", {"weeks": "PXW"}),
    ("Eight trading days after the crash, prices recovered.", {}),
    ("In the weeks that followed, three other firms disclosed exposure.", {"the weeks": "PXW"}),
    ("Prices have doubled in the years since.", {"the years": "PXY"}),
    ("Rutte spent the previous weeks lobbying holdouts.", {"the previous weeks": "PXW"}),
    ("Prices rose over the past months.", {"the past months": "PXM"}),
    ("It was in the last days of the war.", {}),
    ("Fighting broke out in the early hours of the morning.", {}),
    ("In the first days after the vote, nothing changed.", {}),
])
def test_an_uncounted_plural_unit_tied_to_an_event_is_a_duration(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(2025, 12, 8)) == expected


def test_a_possessive_stays_out_of_the_span() -> None:
    mentions = extract_mentions("Officials studied Wednesday's ruling and yesterday's vote.", date(2025, 7, 17))
    assert [(m.text, m.value) for m in mentions] == [("Wednesday", "2025-07-16"), ("yesterday", "2025-07-16")]


def test_an_attribution_after_the_date_does_not_lend_it_its_tense() -> None:
    found = values("A storm is expected to bring snow over the weekend, forecasters said on Friday.",
                   date(2023, 12, 29))
    assert found == {"the weekend": "2023-W52-WE", "Friday": "2023-12-29"}


def test_a_clock_time_falls_on_the_day_the_story_is_telling() -> None:
    found = values("Democrats swept Tuesday's elections in two states, a year after losing the White House. "
                   "Polls closed at 8 p.m. EST, and the race was called before 9:30 p.m.", date(2025, 11, 5))
    assert found == {"Tuesday": "2025-11-04", "a year": "P1Y", "8 p.m. EST": "2025-11-04T20:00",
                     "9:30 p.m.": "2025-11-04T21:30"}


def test_until_then_is_the_date_just_named() -> None:
    found = values("Sentencing is set for May 12; he stays in custody until then.", date(2025, 3, 14))
    assert found == {"May 12": "2025-05-12", "then": "2025-05-12"}
    assert values("Until then, nothing will change.", date(2025, 3, 14)) == {}
    assert values("He left in 2019 and has not returned since then.", date(2025, 3, 14)) == {"2019": "2019"}


def test_plural_timetables_look_ahead() -> None:
    assert values("Voters go to the polls on Sunday.", date(2025, 3, 14)) == {"Sunday": "2025-03-16"}
    assert values("The two sides did not meet on Monday.", date(2025, 3, 14)) == {"Monday": "2025-03-10"}
    assert values("It marked a return to the protests of early December.", date(2000, 1, 15)) == \
        {"early December": "1999-12"}


def test_the_following_season_comes_after_the_date_just_named() -> None:
    found = values("In March 2024 the talks began; the following spring they resumed.", date(2025, 7, 20))
    assert found == {"March 2024": "2024-03", "the following spring": "2025-SP"}
    found = values("The war began in 2022. The previous winter had been quiet.", date(2025, 7, 20))
    assert found == {"2022": "2022", "The previous winter": "2021-WI"}


def test_a_clock_time_takes_the_weekday_named_in_or_after_its_restatement() -> None:
    found = values("The blast occurred at 10:35 a.m. (0735 GMT) Friday, killing dozens.", date(1998, 8, 8))
    assert found == {"10:35 a.m.": "1998-08-07T10:35", "0735 GMT": "1998-08-07T07:35", "Friday": "1998-08-07"}
    found = values("``He will leave at 4 in the morning (4 a.m. EDT Thursday),'' Castro said.", date(2000, 4, 5))
    assert found == {"4 in the morning": "2000-04-06T04:00", "4 a.m. EDT Thursday": "2000-04-06T04:00"}


@pytest.mark.parametrize(("text", "expected"), [
    ("The earthquake struck nearly two weeks ago.", ("nearly two weeks ago", "1989-W42")),
    ("Holders must wait at least 30 days.", ("at least 30 days", "P30D")),
    ("It came less than an hour after the vote.", ("less than an hour", "PT1H")),
    ("Ishiba took office less than a month ago.", ("less than a month ago", "1989-10")),
    ("The men entered the store around 7:15 p.m.", ("around 7:15 p.m.", "1989-10-30T19:15")),
])
def test_an_approximation_stays_in_the_span(text: str, expected: tuple[str, str]) -> None:
    mention = only(text, date(1989, 10, 30))
    assert (mention.text, mention.value) == expected


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Stores opened early on Black Friday.", date(2024, 12, 2), {"Black Friday": "2024-11-29"}),
    ("Crowds gathered on Palm Sunday and Ash Wednesday.", date(2025, 4, 30),
     {"Palm Sunday": "2025-04-13", "Ash Wednesday": "2025-03-05"}),
    ("Traffic was heavy over Memorial Day.", date(2024, 6, 3), {"Memorial Day": "2024-05-27"}),
    ("Voters will go to the polls on Election Day.", date(1998, 10, 26), {"Election Day": "1998-11-03"}),
    ("Candidates campaigned hard before Super Tuesday.", date(2024, 3, 8), {}),
    ("Zelensky marked Ukraine's Independence Day.", date(2025, 8, 25), {}),
    ("America's Independence Day fireworks were cancelled.", date(2025, 8, 25), {"Independence Day": "2025-07-04"}),
])
def test_holidays_are_computed_for_their_year(text: str, published: date, expected: dict[str, str]) -> None:
    assert values(text, published) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("From Monday to Friday, talks were held.", {"Monday": "2025-07-07", "Friday": "2025-07-11"}),
    ("Talks will run from Monday to Friday.", {"Monday": "2025-07-21", "Friday": "2025-07-25"}),
    ("Between November and February, output fell.", {"November": "2024-11", "February": "2025-02"}),
    ("Between November and February, output will fall.", {"November": "2025-11", "February": "2026-02"}),
    # "May" the month is no modal
    ("Orders from May to July were lower.", {"May": "2025-05", "July": "2025-07"}),
])
def test_a_range_never_ends_before_it_starts(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(2025, 7, 16)) == expected


def test_a_range_is_one_expression_and_two_as_timeml_segments_it() -> None:
    text = "Registration is open from Sep 3 - Sep 9, the ministry said."
    [whole] = extract_mentions(text, date(2025, 7, 16))
    assert (whole.text, whole.value, whole.date_start, whole.date_end) == (
        "Sep 3 - Sep 9", "2025-09-03", date(2025, 9, 3), date(2025, 9, 9))
    first, second = extract_mentions(text, date(2025, 7, 16), timeml=True)
    assert (first.text, first.date_start, first.date_end) == ("Sep 3", date(2025, 9, 3), date(2025, 9, 9))
    assert (second.text, second.value) == ("Sep 9", "2025-09-09")


def test_a_hyphenated_duration_leaves_its_article_to_the_noun() -> None:
    assert values("The 30-day period was extended.", SAT_12_JUL_2025) == {"30-day": "P30D"}


def test_early_and_late_belong_to_the_day_they_modify() -> None:
    assert values("Police raided the house early Tuesday.", date(1998, 3, 5)) == {"early Tuesday": "1998-03-03"}
    assert values("The bill passed late yesterday.", date(1998, 3, 5)) == {"late yesterday": "1998-03-04"}


def test_the_previous_weekday_counts_from_the_day_just_mentioned() -> None:
    found = values("The index closed on Friday, Oct. 27, down 4.5% from the previous Friday.", date(1989, 10, 30))
    assert found == {"Friday, Oct. 27": "1989-10-27", "the previous Friday": "1989-10-20"}
    found = values("They met on March 3 and again the following Monday.", date(2025, 3, 20))
    assert found == {"March 3": "2025-03-03", "the following Monday": "2025-03-10"}


def test_later_in_the_day_is_the_day_just_mentioned() -> None:
    found = values("On Tuesday the bank closed. Later in the day, it reopened; in the afternoon, it rained.",
                   date(2013, 3, 22))
    assert found == {"Tuesday": "2013-03-19", "the day": "2013-03-19", "the afternoon": "2013-03-19TAF"}
    assert values("Later in the week, the UN will meet.", date(2013, 3, 20)) == {"the week": "2013-W12"}
    assert values("Prices fell in the week to Friday.", date(2013, 3, 22)) == {"Friday": "2013-03-22"}


def test_a_step_from_a_weekday_counts_from_that_weekday() -> None:
    found = values("The day before last Tuesday's hearing, Manuel went to the house.", date(2000, 2, 24))
    assert found == {"The day before last Tuesday": "2000-02-21"}


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("The envoy visits Kyiv on July 14 and Moscow the following week.", date(2025, 7, 10),
     {"July 14": "2025-07-14", "the following week": "2025-W30"}),
    ("The talks began in March 2024; the following month, they collapsed.", date(2025, 7, 10),
     {"March 2024": "2024-03", "the following month": "2024-04"}),
    ("He resigned on May 3, 2019. The previous year he had been promoted.", date(2025, 7, 10),
     {"May 3, 2019": "2019-05-03", "The previous year": "2018"}),
    ("The vote was on Tuesday, Dec. 30. The week before, protests had erupted.", date(2026, 1, 5),
     {"Tuesday, Dec. 30": "2025-12-30", "The week before": "2025-W52"}),
    ("Sales fell from the previous year.", date(2025, 7, 10), {"the previous year": "2024"}),
])
def test_a_step_of_a_period_names_that_whole_period(text: str, published: date, expected: dict[str, str]) -> None:
    assert values(text, published) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The alliance has grown in recent years.", ("recent years", "PAST_REF")),
    ("Talks should resume in the coming days.", ("the coming days", "FUTURE_REF")),
    ("Rates may fall in coming months.", ("coming months", "FUTURE_REF")),
    ("Funds will be sold in the weeks ahead.", ("the weeks ahead", "FUTURE_REF")),
])
def test_the_preposition_before_a_vague_reference_is_not_in_its_span(text: str, expected: tuple[str, str]) -> None:
    mention = only(text, SAT_12_JUL_2025)
    assert (mention.text, mention.value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The launch was delayed until at least March.", "2026-03"),
    ("Results are due no later than May, officials said.", "2026-05"),
    ("The vote will come in May at the earliest.", "2026-05"),
    ("The vote came in May.", "2025-05"),
    ("The vote will come in September.", "2025-09"),
])
def test_a_bound_on_a_month_looks_ahead(text: str, expected: str) -> None:
    assert only(text, date(2025, 7, 15)).value == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The summit was held on April 24 and 25.", [("April 24", "2025-04-24"), ("25", "2025-04-25")]),
    ("Talks were held on July 9, 10 and 11.", [("July 9", "2025-07-09"), ("10", "2025-07-10"), ("11", "2025-07-11")]),
    ("The summit will take place on 24 and 25 June 2026.", [("24", "2026-06-24"), ("25 June 2026", "2026-06-25")]),
    # a count after the day is no day: "25 people"
    ("On April 24 and 25 people died.", [("April 24", "2025-04-24")]),
    # days out of order are no coordination ("July 9 and 3 others"), nor are impossible days
    ("Talks were held on February 27 and 30.", [("February 27", "2025-02-27")]),
])
def test_days_coordinated_with_a_date_are_dates_of_their_own(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value) for m in extract_mentions(text, date(2025, 7, 15))] == expected


def test_a_coordinated_day_keeps_later_anaphora_pointing_at_the_date_it_counts_from() -> None:
    mentions = extract_mentions("The talks opened on July 3 and 4. A week later, they collapsed.", date(2025, 7, 20))
    assert [(m.text, m.value) for m in mentions] == [
        ("July 3", "2025-07-03"), ("4", "2025-07-04"), ("A week later", "2025-07-10")]
    assert mentions[2].anchor_mention == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("Prices fell in the fourth quarter of last year.", ("the fourth quarter of last year", "2024-Q4")),
    ("Growth will slow in the first quarter of next year.", ("the first quarter of next year", "2026-Q1")),
    ("This year's third quarter looks weak.", ("This year's third quarter", "2025-Q3")),
    ("The rest will follow by the end of 2026.", ("the end of 2026", "2026")),
])
def test_a_period_of_a_named_year_is_one_mention(text: str, expected: tuple[str, str]) -> None:
    mention = only(text, date(2025, 7, 15))
    assert (mention.text, mention.value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hours later, the Kremlin responded.", ("Hours later", "PTXH")),
    ("Weeks later, the deal collapsed.", ("Weeks later", "PXW")),
    ("The talks collapsed months afterwards.", ("months afterwards", "PXM")),
])
def test_later_without_a_count_is_a_duration_of_unsaid_length(text: str, expected: tuple[str, str]) -> None:
    mention = only(text, date(2025, 7, 15))
    assert (mention.text, mention.type.value, mention.value) == (expected[0], "DURATION", expected[1])


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Russia launched 400 drones overnight, officials said.", date(2025, 7, 15), {"overnight": "2025-07-14TNI"}),
    ("On Friday, Oct. 10, stocks fell after overnight losses in New York.", date(2025, 10, 13),
     {"Friday, Oct. 10": "2025-10-10", "overnight": "2025-10-09TNI"}),
    ("He became an overnight sensation.", date(2025, 7, 15), {}),
    ("Rates for overnight loans rose.", date(2025, 7, 15), {}),
])
def test_overnight_is_the_night_before_the_day_told(text: str, published: date, expected: dict[str, str]) -> None:
    assert values(text, published) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The meeting is set for the week after next.", {"the week after next": "2025-W31"}),
    ("The talks began on July 3 and resumed on the 14th.", {"July 3": "2025-07-03", "the 14th": "2025-07-14"}),
    ("The talks resumed on the 9th.", {"the 9th": "2025-07-09"}),
    ("The talks will resume on the 9th.", {"the 9th": "2025-08-09"}),
    ("The 14th amendment was cited; he lives on the 3rd floor.", {}),
    ("The attack happened on 01.07.2025, police said.", {"01.07.2025": "2025-07-01"}),
    ("Revenue for FY26 is forecast to rise.", {"FY26": "2026"}),
    ("The measure lasts until end-July.", {"end-July": "2025-07"}),
])
def test_wire_copy_date_forms(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(2025, 7, 15)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The summit opened on Monday 14 July in Brussels.", {"Monday 14 July": "2025-07-14"}),
    ("The summit opened on Monday, 14 July 2025.", {"Monday, 14 July 2025": "2025-07-14"}),
    ("Talks resumed at 10.30am.", {"10.30am": "2025-07-15T10:30"}),
    ("The vote is at 3pm on Thursday.", {"3pm on Thursday": "2025-07-17T15:00"}),
    ("The meeting is on Thursday.", {"Thursday": "2025-07-17"}),
    ("The deadline is Friday.", {"Friday": "2025-07-18"}),
    ("The meeting was on Thursday.", {"Thursday": "2025-07-10"}),
    ("Fighting intensified in the last week of June.", {"the last week of June": "2025-W26"}),
    ("Deliveries are expected in the first week of August.", {"the first week of August": "2025-W32"}),
    ("Prices fell last week.", {"last week": "2025-W28"}),
])
def test_british_and_wire_forms_of_days_and_weeks(text: str, expected: dict[str, str]) -> None:
    assert values(text, date(2025, 7, 15)) == expected


def test_half_of_a_month_is_that_month_with_the_half_as_its_interval() -> None:
    mention = only("Sales slumped in the second half of July.", date(2025, 7, 15))
    assert (mention.text, mention.value) == ("the second half of July", "2025-07")
    assert (mention.date_start, mention.date_end) == (date(2025, 7, 16), date(2025, 7, 31))


@pytest.mark.parametrize(("text", "expected"), [
    ("The stock will be redeemed in five years.", ("five years", "DATE", "2030")),
    ("The ruling is due in two weeks' time.", ("two weeks", "DATE", "2025-W31")),
    ("His second letter in two weeks was published.", ("two weeks", "DURATION", "P2W")),
    ("The road was built in two years.", ("two years", "DURATION", "P2Y")),
])
def test_in_a_count_of_units_ahead_is_the_date_that_far_ahead(text: str, expected: tuple[str, str, str]) -> None:
    mention = only(text, date(2025, 7, 15))
    assert (mention.text, mention.type.value, mention.value) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Deliveries paused in late June.", ("2025-06", "2025-06-21", "2025-06-30")),
    ("A decision is due by mid-August.", ("2025-08", "2025-08-11", "2025-08-20")),
    ("The plan dates from the early 1990s.", ("199", "1990-01-01", "1992-12-31")),
    ("It was floated at the end of last year.", ("2024", "2024-09-01", "2024-12-31")),
    ("Prices will fall later this year.", ("2025", "2025-07-16", "2025-12-31")),
    ("Police raided the house early Tuesday.", ("2025-07-15", "2025-07-15", "2025-07-15")),
])
def test_a_modifier_narrows_the_interval_but_not_the_value(text: str, expected: tuple[str, str, str]) -> None:
    mention = only(text, date(2025, 7, 15))
    assert (mention.value, str(mention.date_start), str(mention.date_end)) == expected


def test_a_split_year_spans_both_years() -> None:
    mention = only("The figures cover the 2025/26 financial year.", date(2025, 7, 15))
    assert (mention.text, mention.value) == ("2025/26", "2025")
    assert (mention.date_start, mention.date_end) == (date(2025, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(("text", "expected"), [
    ("The package was approved the day after the summit.", {}),
    ("The following day, Germany confirmed the purchase.", {}),
    ("They will meet the following week.", {"the following week": "2025-W30"}),
    ("Sales fell from the previous year.", {"the previous year": "2024"}),
])
def test_a_step_with_nothing_told_before_it_is_not_counted_from_publication(text: str,
                                                                              expected: dict[str, str]) -> None:
    assert values(text, date(2025, 7, 15)) == expected


def test_a_day_is_never_counted_from_a_year() -> None:
    found = values("The group was founded in 1990. The next day, it was banned.", date(2025, 7, 18))
    assert found == {"1990": "1990"}


def test_later_with_nothing_before_it_is_only_a_duration() -> None:
    mentions = extract_mentions("Two days later, on July 4, Trump spoke to Zelenskiy.", date(2025, 7, 18))
    assert [(m.text, m.type.value, m.value) for m in mentions] == [
        ("Two days later", "DURATION", "P2D"), ("July 4", "DATE", "2025-07-04")]
    found = extract_mentions("On July 3 talks opened. A few days later, they collapsed.", date(2025, 7, 18))
    assert [(m.text, m.type.value, m.value) for m in found][1] == ("A few days later", "DURATION", "PXD")


def test_a_year_earlier_after_a_quarter_is_that_quarter_a_year_before() -> None:
    found = values("Third-quarter profit rose, from $5 million a year earlier.", date(1989, 10, 25))
    assert found["a year earlier"] == "1988-Q3"


@pytest.mark.parametrize(("text", "expected"), [
    ("It took a charge in the 1988 second quarter.", "1988-Q2"),
    ("Profit fell from the year-ago third quarter.", "1988-Q3"),
    ("Sales will slow for the first two quarters of 1990.", "1990-H1"),
    ("It expects a loss for the last half of 1989.", "1989-H2"),
    ("Its Q3 results were strong.", "1989-Q3"),
    ("H1 2025 sales rose.", "2025-H1"),
    ("Its FY2025 plan was approved.", "2025"),
])
def test_quarters_and_halves_named_with_their_year(text: str, expected: str) -> None:
    assert only(text, date(1989, 10, 26)).value == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("For the year, pet food volume was flat.", "DATE 1989"),
    ("Sales for the full year were $6.6 billion.", "DATE 1989"),
    ("Revenue for the year ended March 31 rose.", "DURATION P1Y"),
    ("It expects to finish by year's end.", "DATE 1989"),
])
def test_the_year_of_a_report(text: str, expected: str) -> None:
    mention = extract_mentions(text, date(1989, 11, 2))[0]
    assert f"{mention.type.value} {mention.value}" == expected


@pytest.mark.parametrize("text", [
    "He was named person of the year.",
    "In the year since the invasion, prices doubled.",
    "Flights rose to four flights a week and $2 million a year.",
    "Iraq imports about three-quarters of its food, CBS's 60 Minutes said of a second attempt.",
    "Saudi Arabia's Vision 2030 plan and the joint venture Orion 1980 were discussed.",
    "She told The Sunday Times that shares of Monday.com rose.",
    "Trump hosted Rutte at Mar-a-Lago; the March for Life drew crowds.",
    "Since the fall of the Berlin Wall and the Arab Spring, athletes prepared for the Summer Olympics.",
    "The 101st Airborne and the 1st Armored Division won 2-1 under Resolution 2231.",
])
def test_no_false_positives_in_counts_and_names(text: str) -> None:
    assert extract_mentions(text, date(1989, 11, 2)) == []


def test_a_year_ago_quarter_is_never_counted_from_again() -> None:
    text = ("Profit rose in the third quarter. It earned $5 million in the year-ago quarter. "
            "The year-ago results were restated.")
    found = values(text, date(1989, 11, 1))
    assert (found["the year-ago quarter"], found["The year-ago"]) == ("1988-Q3", "1988-Q3")


def test_a_year_ago_in_an_earnings_report_is_the_reporting_quarter_a_year_before() -> None:
    text = ("Net income rose in the third quarter. Sales also climbed 8% to $2 billion, compared with "
            "a long paragraph about the outlook for the industry and its many products. " * 3 +
            "Revenue was $1.2 billion a year ago.")
    assert values(text, date(1989, 10, 26))["a year ago"] == "1988-Q3"
    assert values("Revenue was $1.2 billion a year ago.", date(1989, 10, 26))["a year ago"] == "1988"


@pytest.mark.parametrize(("text", "expected"), [
    ("Qantas acted a month after Air India suspended flights.", "a month"),
    ("He died one year after he was shot.", "one year"),
    ("Banks must wait 30 days before closing the sale.", "30 days"),
])
def test_a_span_before_or_after_an_event_is_a_duration_not_a_date(text: str, expected: str) -> None:
    mention = only(text, date(1998, 2, 13))
    assert (mention.text, mention.type.value, mention.date_start) == (expected, "DURATION", None)


def test_output_does_not_depend_on_today() -> None:
    text = "On Monday, last week and two weeks ago, in January and on July 23, officials met."
    first = extract_mentions(text, date(2001, 5, 9))
    second = extract_mentions(text, date(2001, 5, 9))
    assert first == second
    assert {m.value for m in first} == {"2001-05-07", "2001-W18", "2001-W17", "2001-01", "2000-07-23"}


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=0, max_size=400), day=st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_any_text_is_safe(text: str, day: date) -> None:
    for mention in extract_mentions(text, day):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        _assert_interval_is_ordered_or_open(mention)


def _assert_interval_is_ordered_or_open(mention: TemporalMention) -> None:
    """Both ends in order, or one end open ("since 2014", "until March") and said to be."""
    if mention.open_side == "end":
        assert mention.date_start is not None and mention.date_end is None
    elif mention.open_side == "start":
        assert mention.date_start is None and mention.date_end is not None
    elif mention.date_start is not None:
        assert mention.date_end is not None and mention.date_start <= mention.date_end


WORDS = st.sampled_from(["on", "Monday", "last", "week", "July", "23", "in", "January", "ago", "two", "weeks",
                         "the", "third", "quarter", "1990s", "said", "will", "meet", "recently", "May", "2025",
                         ",", ".", "Friday", "night", "a", "year", "earlier", "next", "month", "summer",
                         "and", "24", "31", "of", "half", "following", "after", "overnight", "hours", "later",
                         "14th", "01.07.2025", "FY26", "2025/26", "end-July", "3pm", "10.30am", "is", "at",
                         "first", "second", "February", "29", "30"])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(WORDS, max_size=30), day=st.dates(min_value=date(1900, 3, 1), max_value=date(2199, 10, 31)))
def test_date_like_text_is_safe(words: list[str], day: date) -> None:
    text = " ".join(words)
    for mention in extract_mentions(text, day):
        assert text[mention.start:mention.end] == mention.text
        _assert_interval_is_ordered_or_open(mention)


@settings(max_examples=200, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=40))
def test_span_index_agrees_with_pairwise_overlap(spans: list[tuple[int, int]]) -> None:
    index, kept = SpanIndex(), []
    for start, length in spans:
        end = start + length
        overlaps = any(start < kept_end and kept_start < end for kept_start, kept_end in kept)
        assert index.overlaps(start, end) == overlaps
        if not overlaps:
            index.add(start, end)
            kept.append((start, end))


@settings(max_examples=200, deadline=None)
@given(phrases=st.lists(st.text(alphabet="ab c", min_size=1, max_size=6).map(str.strip).filter(bool), min_size=1,
                        max_size=8),
       probe=st.text(alphabet="ab c", max_size=12))
def test_a_phrase_trie_matches_as_the_longest_first_alternation(phrases: list[str], probe: str) -> None:
    trie = re.compile(phrase_alternation(phrases))
    longest_first = sorted(set(phrases), key=len, reverse=True)
    plain = re.compile("|".join(re.escape(p).replace(r"\ ", r"\s+") for p in longest_first))
    assert [m.span() for m in trie.finditer(probe)] == [m.span() for m in plain.finditer(probe)]


def test_modern_news_dev_set_keeps_its_score() -> None:
    """A regression guard on hand-annotated 2023-2026 wire copy (tests/data/modern_news.jsonl, TimeML
    conventions, 109 stories, 1,127 TIMEX3). Value F1 of each of its twenty-three batches when it was written, before
    the fixes it led to (batches 4-16 also before our own annotation slips were corrected): 0.949, 0.925,
    0.880, 0.918, 0.800, 0.851, 0.906, 0.844, 0.839, 0.733, 0.906, 0.904, 0.859, 0.906, 0.966, 0.946,
    0.986 (batch 17, one 550-word story), 0.992, 0.818, 0.913, 0.933, 0.951 and 0.953."""
    documents = load_corpus(Path(__file__).parent / "data" / "modern_news.jsonl")
    row = evaluate(documents, engine_system, passes=1).score.row()
    assert row["value_f1"] >= 0.95 and row["strict_f1"] >= 0.95, row


@pytest.mark.parametrize(("published", "expected"), [
    (date(2013, 2, 12), {"this weekend": "2013-W07-WE", "next weekend": "2013-W07-WE", "last weekend": "2013-W06-WE"}),
    (date(2013, 2, 16), {"this weekend": "2013-W07-WE", "next weekend": "2013-W08-WE", "last weekend": "2013-W06-WE"}),
    (date(2013, 2, 17), {"this weekend": "2013-W07-WE", "next weekend": "2013-W08-WE", "last weekend": "2013-W07-WE"}),
])
def test_weekends_follow_the_written_convention(published: date, expected: dict[str, str]) -> None:
    assert {phrase: only(phrase, published).value for phrase in expected} == expected


def test_every_word_gate_is_a_keyword_the_engine_records() -> None:
    """A rule's word gate names keywords the engine notes in its windows: a word it never notes would
    silently switch the rule off."""
    from timeline.analysis.temporal import lexicon
    from timeline.analysis.temporal.rules.registry import RULE_WORDS

    recorded = lexicon.KEYWORDS | {lexicon.FIGURE, lexicon.WHOLE_PHRASE}
    assert {name: sorted(words - recorded) for name, words in RULE_WORDS.items() if words - recorded} == {}


@pytest.mark.parametrize("phrase", sorted(HOLIDAY_NAMES))
def test_every_holiday_passes_the_holiday_gate(phrase: str) -> None:
    titled = " ".join(word[:1].upper() + word[1:] for word in phrase.split())
    found = extract_mentions(f"Shops will close on {titled}.", SAT_12_JUL_2025)
    assert [m.rule for m in found] == ["holiday"], phrase


def test_the_benchmark_finds_its_default_corpora(tmp_path: Path) -> None:
    from timeline.analysis.temporal.evaluation import default_corpora

    (tmp_path / "timebank").mkdir()
    (tmp_path / "timebank" / "timebank.jsonl").write_text("", encoding="utf-8")
    project = Path(__file__).resolve().parent.parent
    assert [p.name for p in default_corpora(tmp_path, project)] == ["timebank.jsonl", "modern_news.jsonl"]
