"""From a web page (or an HTML fragment a feed carries) to an Article: trafilatura for the text and metadata,
htmldate for the publication date where the page hides it. Pure functions of the page's bytes.

A page whose publication date cannot be established is refused with that reason: analysing it against
today's date would put every "on Monday" in the wrong week without anyone noticing.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from htmldate import find_date
from lxml.etree import ParserError
from lxml_html_clean import Cleaner
from pydantic import BaseModel, ValidationError

from timeline.models import Article, InvalidArticle, describe_validation_error

HTML_DOCUMENT_START = ("<!doctype html", "<html")
# fewer words than a one-sentence brief: what trafilatura found is navigation, not an article
MIN_ARTICLE_WORDS = 12
HTML_BLOCK_MARKUP = re.compile(r"</(?:p|div|article|body|li|h[1-6]|script|style)\s*>|<br\s*/?>", re.IGNORECASE)
_FRAGMENT_CLEANER = Cleaner(scripts=True, javascript=True, style=True, comments=True, page_structure=False)


class PageError(ValueError):
    """A page we cannot turn into an article; the message says why."""


class NoPublicationDate(PageError):
    """Neither the feed, the page's metadata nor its URL says when it was published."""


class PageArticle(BaseModel):
    """What a page says about itself."""

    url: str
    canonical_url: str | None = None
    title: str = ""
    author: str | None = None
    site_name: str | None = None
    published: datetime | None = None
    language: str | None = None
    text: str


def looks_like_html(text: str) -> bool:
    """An HTML document, or text carrying block markup (a feed's content pasted into an article)."""
    return text.lstrip()[:15].lower().startswith(HTML_DOCUMENT_START) or HTML_BLOCK_MARKUP.search(text) is not None


def _language(html: bytes | str) -> str | None:
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return None
    lang = (root.get("lang") or root.get("xml:lang") or "").strip()
    return lang.split("-")[0].lower() or None


def _publication_time(html: bytes | str, url: str) -> datetime | None:
    # original_date: the first publication, not the last update; no extensive search, which guesses from
    # dates written in the body and would take "on July 4, 1776" for the day of publication
    found = find_date(html, url=url, original_date=True, extensive_search=False,
                      outputformat="%Y-%m-%dT%H:%M:%S%z")
    if not found:
        return None
    moment = datetime.fromisoformat(found)  # with the page's own offset when it gave one, else read as UTC
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def extract_page(html: bytes | str, url: str) -> PageArticle:
    """Main text and metadata of an article page; PageError when it carries no article text."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=False)
    if document is None or len((document.text or "").split()) < MIN_ARTICLE_WORDS:
        raise PageError(f"no article text found in the page (fewer than {MIN_ARTICLE_WORDS} words)")
    canonical = document.url if document.url and document.url != url else None
    # the canonical URL is the publisher's own address for the article: a date in it ("/2025/07/14/") counts
    return PageArticle(url=url, canonical_url=canonical, title=document.title or "", author=document.author,
                       site_name=document.sitename, published=_publication_time(html, canonical or url),
                       language=_language(html), text=document.text)


def html_to_text(html: str) -> str:
    """Readable text of an HTML document or fragment (a feed's content, an article sent as HTML)."""
    extracted = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if extracted and extracted.strip():
        return extracted
    # too short for trafilatura's article heuristics (a one-paragraph summary): its words, without scripts
    try:
        return str(_FRAGMENT_CLEANER.clean_html(lxml.html.fromstring(html)).text_content()).strip()
    except (ParserError, ValueError):
        return ""


def article_id_for(url: str) -> str:
    """A stable id per canonical URL, so re-fetching a page replaces its article instead of adding one."""
    return "web-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:20]


def build_article(page: PageArticle, feed_title: str | None = None, feed_published: datetime | None = None,
                  feed_item_title: str = "", feed_language: str | None = None) -> Article:
    """The article to publish: the feed's date first (it is the outlet's own word), else the page's; the
    page's language first (it marks the text itself), else the feed's, else English."""
    published = feed_published or page.published
    url = page.canonical_url or page.url
    if published is None:
        raise NoPublicationDate(f"{url}: publication date cannot be established (not in the feed, the page's "
                                "metadata or its URL)")
    source = page.site_name or feed_title or urlsplit(url).hostname or "web"
    try:
        return Article(id=article_id_for(url), url=url if url.startswith(("http://", "https://")) else None,
                       source=source, title=feed_item_title or page.title, published=published,
                       language=page.language or feed_language or "en", text=page.text)
    except ValidationError as error:
        raise InvalidArticle(url, describe_validation_error(error)) from None
