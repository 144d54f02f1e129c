"""Reading news feeds: RSS 0.9x/1.0/2.0 and Atom with feedparser, JSON Feed 1.0/1.1 by its published schema.

Pure functions from the bytes of a feed to its items; fetching them is the producer's job.
"""

from __future__ import annotations

import calendar
import email.utils
import hashlib
import json
from datetime import UTC, datetime
from time import struct_time
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as defused_tree
from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_FEED_BYTES = 10 * 1024 * 1024


class FeedError(ValueError):
    """The document is not a feed we can read; the message says why."""


class FeedItem(BaseModel):
    """One entry of a feed: where the article lives, and what the feed itself says about it."""

    link: str | None = Field(default=None, description="the article's page (http or https), if the feed gives one")
    key: str = Field(default="", description="the item's identity: its link, else its guid, else a hash of what "
                                             "it says; set from the link when empty")
    title: str = ""
    published: datetime | None = None
    content_html: str | None = Field(default=None, description="full content or summary the feed carries")
    language: str | None = None

    def model_post_init(self, context: object) -> None:
        if not self.key:
            self.key = self.link or "item:" + _digest(self.title, str(self.published), self.content_html or "")


class ParsedFeed(BaseModel):
    title: str | None = None
    home_page: str | None = None
    language: str | None = None
    items: list[FeedItem]
    unusable: int = Field(default=0, description="entries with neither a link nor content: no article to publish")
    warning: str | None = Field(default=None, description="what was malformed in a feed that still had items")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def _web_link(value: object) -> str | None:
    """A link an article can be fetched from; guids such as "urn:uuid:…" or "tag:…" are not."""
    text = str(value).strip() if value else ""
    return text if text.lower().startswith(("http://", "https://")) else None


def language_code(value: object) -> str | None:
    """"ru-RU", "de_DE", "EN" → "ru", "de", "en"; None for anything that is not a language tag."""
    code = str(value or "").strip().replace("_", "-").split("-")[0].lower()
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def _feed_item(link: object, guid: object, feed_key: str | None, title: str, published: datetime | None,
               content: str | None, language: str | None) -> FeedItem | None:
    """An item, keyed by its link, else by its guid (within its feed), else by what it says; an item with
    neither a link nor content carries no article."""
    web_link = _web_link(link) or _web_link(guid)
    if web_link is None and not content:
        return None
    key = web_link or (f"{feed_key or 'feed'}#{guid}" if guid else "")
    return FeedItem(link=web_link, key=key, title=title, published=published, content_html=content,
                    language=language)


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
    language: str | None = None


class _JsonFeed(BaseModel):
    model_config = ConfigDict(extra="ignore")

    version: str = Field(pattern=r"^https://jsonfeed\.org/version/1(\.1)?$")
    title: str
    home_page_url: str | None = None
    feed_url: str | None = None
    language: str | None = None
    items: list[_JsonFeedItem]


def _zoned(value: datetime | None) -> datetime | None:
    """A naive time is UTC; an aware one keeps its offset (the publisher's local day)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        feed = _JsonFeed.model_validate(json.loads(body))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FeedError(f"invalid JSON: {error}") from None
    except ValidationError as error:
        raise FeedError(f"not a JSON Feed: {error.errors()[0]['loc']}: {error.errors()[0]['msg']}") from None
    language = language_code(feed.language)
    items = [_feed_item(item.url or item.external_url, item.id, feed.feed_url or feed.home_page_url,
                        item.title or "", _zoned(item.date_published),
                        item.content_html or item.content_text or item.summary,
                        language_code(item.language) or language)
             for item in feed.items]
    return ParsedFeed(title=feed.title, home_page=feed.home_page_url, language=language,
                      items=[item for item in items if item is not None], unusable=items.count(None))


# -- RSS and Atom --------------------------------------------------------------------------------------------

def _entry_time(entry: feedparser.FeedParserDict) -> datetime | None:
    """When the entry was published, with the publisher's own UTC offset where the feed wrote one (RFC 822 in
    RSS, RFC 3339 in Atom): "Sat, 08 Nov 2025 21:11:00 EST" was published on 8 November where it was written.
    feedparser normalises every other format it knows into a UTC struct_time."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, struct_time):
            instant = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            written = _with_offset(entry.get(key))
            return written if written is not None and written == instant else instant
    return None


def _with_offset(text: object) -> datetime | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else None


def _entry_content(entry: feedparser.FeedParserDict) -> tuple[str | None, str | None]:
    """The longest content the entry carries (else its summary), with the language it is marked in."""
    contents = entry.get("content") or []
    if contents:
        longest = max(contents, key=lambda c: len(c.get("value", "")))
        return longest.get("value") or None, language_code(longest.get("language"))
    detail = entry.get("summary_detail") or {}
    return entry.get("summary") or None, language_code(detail.get("language"))


def _parse_xml_feed(body: bytes, url: str | None, content_type: str | None) -> ParsedFeed:
    headers = {"content-location": url or "", "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    problem = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}" if parsed.bozo else None
    if not parsed.version and not parsed.entries:
        raise FeedError(f"not an RSS, Atom or JSON feed ({problem or 'no feed elements'})")
    language = language_code(parsed.feed.get("language"))
    items = []
    for entry in parsed.entries:
        content, content_language = _entry_content(entry)
        item = _feed_item(entry.get("link"), entry.get("id"), url or parsed.feed.get("link"),
                          entry.get("title", ""), _entry_time(entry), content, content_language or language)
        if item is not None:
            items.append(item)
    if not items and problem:
        raise FeedError(f"malformed feed with no readable items: {problem}")
    return ParsedFeed(title=parsed.feed.get("title"), home_page=parsed.feed.get("link"), language=language,
                      items=items, unusable=len(parsed.entries) - len(items), warning=problem)


def _refuse_entity_declarations(body: bytes) -> None:
    """A feed that declares XML entities is refused: expanding them is the billion-laughs attack, and an
    external one reads a file or a URL. Documents that are merely malformed are left to feedparser."""
    try:
        defused_tree.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as refused:
        raise FeedError(f"refused: the document declares XML entities ({type(refused).__name__}); entity "
                        "expansion is not allowed in feeds") from None
    except (ParseError, ValueError):
        pass


def parse_feed(body: bytes, url: str | None = None, content_type: str | None = None) -> ParsedFeed:
    """The items of an RSS, Atom or JSON feed; raises FeedError for anything else, for a document over
    MAX_FEED_BYTES and for XML that declares entities."""
    if not body.strip():
        raise FeedError("empty document")
    if len(body) > MAX_FEED_BYTES:
        raise FeedError(f"refused: larger than {MAX_FEED_BYTES:,} bytes ({len(body):,})")
    if (content_type and "json" in content_type) or body.lstrip()[:1] == b"{":
        return _parse_json_feed(body)
    _refuse_entity_declarations(body)
    return _parse_xml_feed(body, url, content_type)
