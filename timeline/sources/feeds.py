"""Reading news feeds: RSS 0.9x/1.0/2.0 and Atom with feedparser, JSON Feed 1.0/1.1 by its published schema.

Pure functions from the bytes of a feed to its items; fetching them is the producer's job.
"""

from __future__ import annotations

import calendar
import json
from datetime import UTC, datetime
from time import struct_time

import feedparser
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class FeedError(ValueError):
    """The document is not a feed we can read; the message says why."""


class FeedItem(BaseModel):
    """One entry of a feed: where the article lives, and what the feed itself says about it."""

    link: str
    title: str = ""
    published: datetime | None = None
    content_html: str | None = Field(default=None, description="full content or summary the feed carries")


class ParsedFeed(BaseModel):
    title: str | None = None
    home_page: str | None = None
    items: list[FeedItem]
    warning: str | None = Field(default=None, description="what was malformed in a feed that still had items")


# -- JSON Feed (https://www.jsonfeed.org/version/1.1/) ------------------------------------------------------

class _JsonFeedItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | int
    url: str | None = None
    external_url: str | None = None
    title: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    summary: str | None = None
    date_published: datetime | None = None
    date_modified: datetime | None = None


class _JsonFeed(BaseModel):
    model_config = ConfigDict(extra="ignore")

    version: str = Field(pattern=r"^https://jsonfeed\.org/version/1(\.1)?$")
    title: str
    home_page_url: str | None = None
    items: list[_JsonFeedItem]


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        feed = _JsonFeed.model_validate(json.loads(body))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FeedError(f"invalid JSON: {error}") from None
    except ValidationError as error:
        raise FeedError(f"not a JSON Feed: {error.errors()[0]['loc']}: {error.errors()[0]['msg']}") from None
    items = []
    for item in feed.items:
        link = item.url or item.external_url or (str(item.id) if str(item.id).startswith("http") else None)
        if link is None:
            continue
        content = item.content_html or item.content_text or item.summary
        items.append(FeedItem(link=link, title=item.title or "", published=_utc(item.date_published),
                              content_html=content))
    return ParsedFeed(title=feed.title, home_page=feed.home_page_url, items=items)


# -- RSS and Atom --------------------------------------------------------------------------------------------

def _entry_time(entry: feedparser.FeedParserDict) -> datetime | None:
    # feedparser normalises every date format it knows into a UTC struct_time
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, struct_time):
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return None


def _entry_content(entry: feedparser.FeedParserDict) -> str | None:
    contents = entry.get("content") or []
    if contents:
        return max((c.get("value", "") for c in contents), key=len) or None
    return entry.get("summary") or None


def _parse_xml_feed(body: bytes, url: str | None, content_type: str | None) -> ParsedFeed:
    headers = {"content-location": url or "", "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    problem = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}" if parsed.bozo else None
    if not parsed.version and not parsed.entries:
        raise FeedError(f"not an RSS, Atom or JSON feed ({problem or 'no feed elements'})")
    items = [FeedItem(link=entry.link, title=entry.get("title", ""), published=_entry_time(entry),
                      content_html=_entry_content(entry))
             for entry in parsed.entries if entry.get("link")]
    if not items and problem:
        raise FeedError(f"malformed feed with no readable items: {problem}")
    return ParsedFeed(title=parsed.feed.get("title"), home_page=parsed.feed.get("link"), items=items,
                      warning=problem)


def parse_feed(body: bytes, url: str | None = None, content_type: str | None = None) -> ParsedFeed:
    """The items of an RSS, Atom or JSON feed; raises FeedError for anything else."""
    if not body.strip():
        raise FeedError("empty document")
    if (content_type and "json" in content_type) or body.lstrip()[:1] == b"{":
        return _parse_json_feed(body)
    return _parse_xml_feed(body, url, content_type)
