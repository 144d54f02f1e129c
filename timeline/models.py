"""Pydantic models that cross every boundary: Kafka messages, DuckDB rows, CLI input and output."""

from __future__ import annotations

import hashlib
import json
import typing
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from timeline.store.schema import BIGINT, Table, declare

# Kafka's message limit is raised to 16 MiB on our topics; the text cap keeps one article well below it
# and bounds the analysis cost of a single record.
MAX_TEXT_CHARS = 2_000_000
EARLIEST_PUBLICATION = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_PUBLICATION = datetime(2200, 1, 1, tzinfo=UTC)
MAX_CLOCK_SKEW = timedelta(days=2)
ANALYSER_VERSION = "2"


class TimexType(StrEnum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    VAGUE = "vague"


class EventType(StrEnum):
    ANNOUNCEMENT = "announcement"
    PAUSE = "pause"
    MEETING = "meeting"
    OTHER = "other"


class EventStatus(StrEnum):
    HAPPENED = "happened"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class DateSource(StrEnum):
    """How an event got its date: a date expression of its sentence; its tense alone (a present perfect,
    "NATO has confirmed", places it at publication; a clause about the future in the days after); or
    nothing but when it was reported."""

    TEXT = "text"
    TENSE = "tense"
    PUBLICATION = "publication"

    @property
    def places_the_event(self) -> bool:
        """Whether the text itself says when it happened (the default timeline shows only these)."""
        return self is not DateSource.PUBLICATION


def _offset_minutes(value: object) -> int | None:
    """The UTC offset, in minutes, a timestamp was written with (None when it has none)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, datetime) or value.utcoffset() is None:
        return None
    return int(value.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Article(BaseModel):
    """One news article as published to the `articles` topic."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1, max_length=256)
    url: str | None = Field(default=None, max_length=4096)
    source: str = Field(min_length=1, max_length=512)
    title: str = Field(default="", max_length=4096)
    published: datetime
    language: str = Field(default="en", min_length=2, max_length=16)
    text: str = Field(max_length=MAX_TEXT_CHARS)
    utc_offset_minutes: int | None = Field(
        default=None, ge=-18 * 60, le=18 * 60,
        description="the publisher's UTC offset when its timestamp gave one (21:11 EST is -300): `published` is "
                    "the UTC instant, for ordering; the local day it gives (publication_date) anchors the text")

    @model_validator(mode="before")
    @classmethod
    def _keep_the_offset(cls, data: object) -> object:
        # read before `published` becomes UTC; an offset sent explicitly (a record from the topic) wins
        if isinstance(data, dict) and data.get("utc_offset_minutes") is None:
            offset = _offset_minutes(data.get("published"))
            if offset:
                return {**data, "utc_offset_minutes": offset}
        return data

    @field_validator("id", "source")
    @classmethod
    def _no_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value.strip()

    @field_validator("published", mode="before")
    @classmethod
    def _date_or_datetime(cls, value: object) -> object:
        # A bare ISO date ("2025-07-16") is a publication day without a known time: midnight UTC.
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime.combine(value, time(0), tzinfo=UTC)
        if isinstance(value, str) and len(value.strip()) == 10:
            return datetime.combine(date.fromisoformat(value.strip()), time(0), tzinfo=UTC)
        if isinstance(value, int | float):
            raise ValueError("must be an ISO 8601 date or datetime string, not a number")
        return value

    @field_validator("published")
    @classmethod
    def _plausible_publication(cls, value: datetime) -> datetime:
        value = _as_utc(value)
        if not EARLIEST_PUBLICATION <= value < LATEST_PUBLICATION:
            raise ValueError(
                f"{value.date().isoformat()} is outside the accepted range "
                f"{EARLIEST_PUBLICATION.year}..{LATEST_PUBLICATION.year - 1}"
            )
        # nothing is published after it reaches us; two days allow for feeds with wrong time zones
        if value > datetime.now(UTC) + MAX_CLOCK_SKEW:
            raise ValueError(f"{value.isoformat()} is in the future (more than two days after now)")
        return value

    @field_validator("text")
    @classmethod
    def _has_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @property
    def publication_date(self) -> date:
        """The day of publication where it was published: what "on Monday" and "yesterday" count from."""
        return (self.published + timedelta(minutes=self.utc_offset_minutes or 0)).date()

    def content_hash(self) -> str:
        """Hash of everything but the id: equal hashes mean a redelivery, different ones a new version."""
        # no offset hashes as before the field existed, so that stored articles keep their hashes
        payload = self.model_dump(mode="json", exclude={"id"} | ({"utc_offset_minutes"}
                                                                  if self.utc_offset_minutes is None else set()))
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


VersionT = TypeVar("VersionT")


def newest_versions(items: Iterable[VersionT], article_of: Callable[[VersionT], Article]) -> list[VersionT]:
    """One item per article id: the newest publication wins, and on a tie the later arrival."""
    latest: dict[str, VersionT] = {}
    for item in items:
        article = article_of(item)
        current = latest.get(article.id)
        if current is None or article.published >= article_of(current).published:
            latest[article.id] = item
    return list(latest.values())


class InvalidArticle(ValueError):
    """A record that is not a valid article; the message names the record and every bad field."""

    def __init__(self, record: str, problems: list[str]) -> None:
        self.record = record
        self.problems = problems
        super().__init__(f"{record}: " + "; ".join(problems))


def describe_validation_error(error: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc']) or '(record)'}: {e['msg']}" for e in error.errors()]


def parse_article(payload: object, record: str) -> Article:
    """Validate one decoded JSON value as an Article, or raise InvalidArticle naming record and fields."""
    if not isinstance(payload, dict):
        raise InvalidArticle(record, [f"(record): expected a JSON object, got {type(payload).__name__}"])
    label = f"{record} (id {payload['id']!r})" if isinstance(payload.get("id"), str) else record
    try:
        return Article.model_validate(payload)
    except ValidationError as error:
        raise InvalidArticle(label, describe_validation_error(error)) from None


class TemporalMention(BaseModel):
    """One temporal expression found in an article, resolved to TIMEX3 and a calendar interval."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    type: TimexType
    value: str
    date_start: date | None = None
    date_end: date | None = None
    granularity: Granularity | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    anchor: str = Field(description="what the value was resolved against: 'publication', 'mention' or 'absolute'")
    anchor_mention: int | None = Field(default=None, description="index of the mention it was resolved against")
    rule: str = Field(description="the grammar rule that matched, for explaining a resolution")
    open_side: Literal["start", "end"] | None = Field(
        default=None, description="an open range: 'end' for 'since 2014' (no date_end), 'start' for 'until March'")


class Event(BaseModel):
    """One event reported by one sentence of one article, with the date that governs it."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    article_id: str
    event_type: EventType
    cameo: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    actors: list[str]
    keywords: list[str]
    status: EventStatus
    negated: bool
    modality: str | None
    subject: str | None = Field(default=None, description="who did it: the predicate's subject or agent")
    object: str | None = Field(default=None, description="to whom or what: its object or complement")
    title: str = Field(default="", description="a headline of the event, built from the parse")
    date_start: date
    date_end: date
    granularity: Granularity
    date_source: DateSource
    date_text: str | None
    date_value: str | None
    date_mention_start: int | None
    confidence: float = Field(ge=0.0, le=1.0)


class AnalysedArticle(BaseModel):
    """What the analysis consumers publish to `articles.analysed` and the DuckDB writer stores."""

    article: Article
    content_hash: str
    analyser_version: str = ANALYSER_VERSION
    mentions: list[TemporalMention]
    events: list[Event]
    story_terms: list[str] = Field(default_factory=list, description="the names the article mentions and its "
                                   "lead's word families: the story's label (timeline.stories.grouping)")
    story_weights: dict[str, float] = Field(default_factory=dict, description="term weights before IDF, which "
                                            "place it in a story (timeline.stories.similarity)")


# The store's published tables, each declared once (timeline.store.schema): its columns in order, typed by the
# model its rows are made of; the DDL, the Arrow schema and the readers' column lists come from these.
ARTICLES = declare(
    "articles",
    "article_id url source title published language text content_hash analyser_version ingested_at n_mentions "
    "n_events publication_date utc_offset_minutes story_terms",
    Article, AnalysedArticle, {"ingested_at": datetime, "n_mentions": int, "n_events": int, "publication_date": date},
    renamed={"article_id": "id"}, required="article_id source published text content_hash ingested_at",
    key="article_id")
MENTIONS = declare(
    "mentions",
    "article_id mention_idx start end text type value date_start date_end granularity confidence anchor rule "
    "open_side",
    {"article_id": str, "mention_idx": int}, TemporalMention, required="article_id mention_idx start end",
    key="article_id")
EVENTS = declare(
    "events",
    "event_id article_id event_type cameo trigger trigger_start trigger_end sentence sentence_start sentence_end "
    "actors keywords status negated modality date_start date_end granularity date_source date_text date_value "
    "date_mention_start confidence source published subject object title publication_date",
    Event, {"source": str, "published": datetime, "publication_date": date},
    required="event_id article_id event_type date_start date_end", key="article_id")


class TimelineEntry(BaseModel):
    """One real-world event merged from every article that reports it."""

    entry_id: str
    event_type: EventType
    date_start: date
    date_end: date
    granularity: Granularity
    title: str
    article_ids: list[str]
    event_ids: list[str]
    sources: list[str]
    n_sources: int
    first_reported: datetime
    dates_disagree: bool
    candidate_dates: list[str]
    actors: list[str]
    merge_reason: str
    date_source: DateSource
    span_start: date = Field(description="earliest day any member's evidence reaches (for re-merging)")
    span_end: date = Field(description="latest day any member's evidence reaches")
    mergeable: bool = Field(description="whether later events can join this entry")
    story_id: str = Field(default="", description="the story of its articles (entries never span stories)")
    salience: float = Field(default=0.0, description="how much its day matters to its story: articles naming the "
                            "day, recalling it later, dating an event to it, reporting on it "
                            "(timeline.stories.salience); key events are the most salient")


TIMELINE = declare("timeline", " ".join(TimelineEntry.model_fields), TimelineEntry,
                   required="entry_id event_type date_start date_end", key="entry_id")
TIMELINE_MEMBERS = declare("timeline_members", "entry_id event_id article_id",
                           {"entry_id": str, "event_id": str, "article_id": str},
                           required="entry_id event_id article_id", key="entry_id")


class Story(BaseModel):
    """A story of the feed: the articles about one topic, placed by timeline.stories.similarity."""

    story_id: str = Field(description="named after the article that started it")
    label: str = Field(description="the names that mark it against the rest of the store")
    n_articles: int
    first_published: datetime | None
    last_published: datetime | None
    names: list[str]


STORIES = declare("stories", " ".join(Story.model_fields), Story, required="story_id label n_articles",
                  key="story_id")
ARTICLE_STORIES = declare("article_stories", "article_id story_id", {"article_id": str, "story_id": str},
                          required="article_id story_id", key="article_id")
@dataclass
class BatchResult:
    """What one batch of the writer did (timeline.store.storage.TimelineStore.write_batch)."""

    records: int = 0
    articles_written: int = 0
    redeliveries_skipped: int = 0
    older_versions_skipped: int = 0
    events_written: int = 0
    entries_recomputed: int = 0
    seconds: float = 0.0
    written_ids: list[str] = field(default_factory=list)

    def batch_row(self, written_at: datetime, lag: int | None) -> dict[str, object]:
        """Its row of ingest_batches; `lag`: how many records the writer still had to read when it took it."""
        counts = {name: value for name, value in asdict(self).items() if name in INGEST_BATCHES.names}
        return {"written_at": written_at, **counts, "lag": lag}


# one row per batch the writer committed; only ever appended
INGEST_BATCHES = declare(
    "ingest_batches",
    "written_at records articles_written redeliveries_skipped older_versions_skipped events_written "
    "entries_recomputed seconds lag",
    {"written_at": datetime, "lag": BIGINT, **typing.get_type_hints(BatchResult)}, required="written_at")
# in the order the publisher exports them
PUBLISHED: tuple[Table, ...] = (ARTICLES, MENTIONS, EVENTS, TIMELINE, TIMELINE_MEMBERS, ARTICLE_STORIES, STORIES,
                                INGEST_BATCHES)


class DeadLetter(BaseModel):
    """A record that could not be processed, kept with everything needed to explain and replay it."""

    stage: str
    error_class: str
    error_message: str
    source_topic: str
    source_partition: int
    source_offset: int
    key: str | None
    article_id: str | None
    original_base64: str
    failed_at: datetime
    origin: str | None = Field(default=None, description="where a record that never reached a topic came "
                               "from: a file and its line or item, a URL")
