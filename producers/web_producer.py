"""Publishing articles from feeds and web pages: fetch, extract, de-duplicate, publish; every failure is
dead-lettered with its reason, and nothing is published twice.

An item is published once per canonical URL and text: a page seen before under its URL or canonical URL, or
whose text was already published under another URL (syndicated copies), is skipped. A page that could not
be fetched for a passing reason (time-out, 5xx, 429) is tried again on the next poll, up to MAX_ATTEMPTS, and
dead-lettered then; a permanent failure (404, robots.txt, no text, no publication date) at once.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaProducer

from consumers.dead_letters import send_dead_letter, web_dead_letter
from producers.article_producer import PublishReport, publish_records
from producers.web_fetch import DisallowedByRobots, Fetcher, FetchError, Validators
from timeline.models import Article, InvalidArticle
from timeline.sources.article_files import ArticleRecord
from timeline.sources.feeds import FeedError, FeedItem, ParsedFeed, parse_feed
from timeline.sources.web_pages import (
    MIN_ARTICLE_WORDS,
    PageArticle,
    PageError,
    article_id_for,
    build_article,
    extract_page,
    html_to_text,
)

MAX_ATTEMPTS = 3


def text_fingerprint(text: str) -> str:
    """Equal for the same words whatever the spacing: a syndicated copy is the same text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class SeenStore:
    """Every URL handled (published, a duplicate, or dead-lettered), the servers' validators and the pending
    retries, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS seen (url TEXT PRIMARY KEY, article_id TEXT, fingerprint TEXT,
                                             outcome TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS seen_fingerprint ON seen (fingerprint);
            CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
            CREATE TABLE IF NOT EXISTS failures (url TEXT PRIMARY KEY, attempts INTEGER, reason TEXT,
                                                 source TEXT, item TEXT, feed_title TEXT);
        """)

    def seen_url(self, *urls: str | None, dead_lettered: bool = True) -> bool:
        """Whether any of the URLs was handled before; `dead_lettered=False` does not count dead letters."""
        wanted = [u for u in urls if u]
        marks = ", ".join("?" * len(wanted))
        outcome = "" if dead_lettered else " AND outcome != 'dead-lettered'"
        return bool(wanted) and self.db.execute(f"SELECT 1 FROM seen WHERE url IN ({marks}){outcome}",
                                                wanted).fetchone() is not None

    def published_text(self, fingerprint: str) -> str | None:
        row = self.db.execute("SELECT url FROM seen WHERE fingerprint = ? AND outcome = 'published'",
                              [fingerprint]).fetchone()
        return row[0] if row else None

    def remember(self, urls: list[str], outcome: str, article: Article | None = None) -> None:
        fingerprint = text_fingerprint(article.text) if article else None
        self.db.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?)",
                            [(url, article.id if article else None, fingerprint, outcome)
                             for url in dict.fromkeys(urls)])
        self.db.executemany("DELETE FROM failures WHERE url = ?", [(url,) for url in urls])
        self.db.commit()

    def validators(self, url: str) -> Validators:
        row = self.db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", [url]).fetchone()
        return Validators(*row) if row else Validators()

    def set_validators(self, url: str, validators: Validators) -> None:
        self.db.execute("INSERT OR REPLACE INTO validators VALUES (?, ?, ?)",
                        [url, validators.etag, validators.last_modified])
        self.db.commit()

    def failed_attempt(self, url: str, reason: str, source: str, item: FeedItem, feed_title: str | None) -> int:
        """Count one more failed attempt, keeping the item to try again; returns how many there have been."""
        self.db.execute("INSERT INTO failures VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                        "attempts = attempts + 1, reason = excluded.reason",
                        [url, reason, source, item.model_dump_json(), feed_title])
        self.db.commit()
        row = self.db.execute("SELECT attempts FROM failures WHERE url = ?", [url]).fetchone()
        return int(row[0])

    def pending(self, source: str) -> list[tuple[FeedItem, str | None]]:
        """Items of a feed waiting to be tried again, with the feed's title."""
        rows = self.db.execute("SELECT item, feed_title FROM failures WHERE source = ? AND url != source",
                               [source]).fetchall()
        return [(FeedItem.model_validate_json(item), title) for item, title in rows]

    def close(self) -> None:
        self.db.close()


@dataclass
class WebReport:
    source: str
    items: int = 0
    without_link: int = 0
    unusable: int = 0
    not_modified: bool = False
    seen_before: int = 0
    duplicates: int = 0
    retry_later: list[tuple[str, str]] = field(default_factory=list)
    dead_lettered: list[tuple[str, str]] = field(default_factory=list)
    publish: PublishReport = field(default_factory=PublishReport)
    warning: str | None = None

    def summary(self) -> str:
        head = "not modified since the last poll; retried" if self.not_modified else f"{self.items} item(s):"
        lines = [f"{self.source}: {head} published {len(self.publish.published)}, seen before "
                 f"{self.seen_before}, duplicate text {self.duplicates}, dead-lettered "
                 f"{len(self.dead_lettered)}, to retry {len(self.retry_later)}, failed to send "
                 f"{len(self.publish.failed)}"]
        if self.without_link:
            lines.append(f"  {self.without_link} item(s) without a link: published from the feed's own text")
        if self.unusable:
            lines.append(f"  {self.unusable} entry(ies) with neither a link nor text: nothing to publish")
        if self.warning:
            lines.append(f"  warning: malformed feed, items read anyway: {self.warning}")
        lines += [f"  dead-lettered {url}: {reason}" for url, reason in self.dead_lettered]
        lines += [f"  will retry {url}: {reason}" for url, reason in self.retry_later]
        lines += [f"  failed to send {article_id}: {error}" for article_id, error in self.publish.failed]
        return "\n".join(lines)


@dataclass
class WebProducer:
    producer: KafkaProducer
    fetcher: Fetcher
    seen: SeenStore
    fetch_pages: bool = True
    # pages dead-lettered before that this process has tried again: a user who names a page (`--url`) asks
    # for it again, but `--follow` must not fetch a dead page on every poll, nor a feed its dead items
    _tried_again: set[str] = field(default_factory=set)

    def run_feed(self, feed: str) -> WebReport:
        """Publish the new items of a feed given by URL or file, and retry its items that failed before."""
        report = WebReport(feed)
        try:
            parsed = self._read_feed(feed)
        except FetchError as error:
            self._failed(report, feed, "feed", error, error.permanent)
            return report
        except FeedError as error:
            self._failed(report, feed, "feed", error, permanent=True)
            return report
        if parsed is None:
            report.not_modified = True
            items = self.seen.pending(feed)
        else:
            report.items, report.warning, report.unusable = len(parsed.items), parsed.warning, parsed.unusable
            items = [(item.model_copy(update={"language": item.language or parsed.language}), parsed.title)
                     for item in parsed.items]
        records = [self._article_of(report, item, title) for item, title in items]
        self._publish(report, [record for record in records if record is not None])
        return report

    def run_page(self, url: str) -> WebReport:
        """Publish one article page."""
        report = WebReport(url, items=1)
        record = self._article_of(report, FeedItem(link=url), None, named=True)
        self._publish(report, [record] if record else [])
        return report

    def _read_feed(self, feed: str) -> ParsedFeed | None:
        if not feed.startswith(("http://", "https://")):
            path = Path(feed)
            if not path.is_file():
                raise FetchError(feed, "no such feed file", permanent=True)
            return parse_feed(path.read_bytes(), None)
        fetched = self.fetcher.get(feed, self.seen.validators(feed))
        if fetched.not_modified:
            return None
        parsed = parse_feed(fetched.body, fetched.final_url, fetched.content_type)
        self.seen.set_validators(feed, fetched.validators)  # only once it was read: a bad feed is read again
        return parsed

    def _article_of(self, report: WebReport, item: FeedItem, feed_title: str | None,
                    named: bool = False) -> tuple[list[str], Article] | None:
        """The article of a feed item or of a page the user `named`; None when it is not (yet) one."""
        if self._handled_before(item.key, named):
            report.seen_before += 1
            return None
        if item.link is None:
            report.without_link += 1
            return self._from_feed_content(report, item, feed_title)
        if not self.fetch_pages:
            return self._from_feed_content(report, item, feed_title)
        body = b""
        try:
            fetched = self.fetcher.get(item.link)
            body = fetched.body
            page = extract_page(fetched.body, fetched.final_url)
            if self._handled_before(page.canonical_url, named):
                report.seen_before += 1
                return None
            article = build_article(page, feed_title, item.published, item.title, item.language)
        except DisallowedByRobots as error:
            if item.content_html:  # the site keeps robots from its pages but gives the article in its feed
                return self._from_feed_content(report, item, feed_title)
            self._failed(report, item.key, "fetch", error, permanent=True)
            return None
        except FetchError as error:  # an HTTP error says the page is gone or failing: its status is the reason
            self._failed(report, item.key, "fetch", error, error.permanent, item=item, feed_title=feed_title)
            return None
        except (PageError, InvalidArticle) as error:
            self._failed(report, item.key, "extract", error, permanent=True, body=body)
            return None
        return self._unless_duplicate(report, item, [item.key, *([page.canonical_url] if page.canonical_url
                                                                 else [])], article)

    def _handled_before(self, url: str | None, named: bool) -> bool:
        """Seen before; but a page the user names that was dead-lettered is tried again, once per process."""
        if url is None or not self.seen.seen_url(url):
            return False
        if not named or self.seen.seen_url(url, dead_lettered=False) or url in self._tried_again:
            return True
        self._tried_again.add(url)
        return False

    def _unless_duplicate(self, report: WebReport, item: FeedItem, urls: list[str],
                          article: Article) -> tuple[list[str], Article] | None:
        if self.seen.published_text(text_fingerprint(article.text)) is not None:
            report.duplicates += 1
            self.seen.remember([item.key], "duplicate", article)
            return None
        return urls, article

    def _from_feed_content(self, report: WebReport, item: FeedItem,
                           feed_title: str | None) -> tuple[list[str], Article] | None:
        try:
            article = build_article(self._page_from_feed(item), feed_title, item.published, item.title,
                                    item.language)
        except (PageError, InvalidArticle) as error:
            self._failed(report, item.key, "extract", error, permanent=True,
                         body=(item.content_html or "").encode("utf-8"))
            return None
        return self._unless_duplicate(report, item, [item.key], article)

    @staticmethod
    def _page_from_feed(item: FeedItem) -> PageArticle:
        """The article the feed itself carries, held to the same minimum as a page's text."""
        text = html_to_text(item.content_html or "")
        if len(text.split()) < MIN_ARTICLE_WORDS:
            where = "the feed item's text" if text else "the feed item carries no text and its page was not fetched"
            raise PageError(f"{where}: fewer than {MIN_ARTICLE_WORDS} words, not an article")
        return PageArticle(url=item.key, title=item.title, text=text)

    def _failed(self, report: WebReport, url: str, stage: str, error: Exception, permanent: bool,
                body: bytes = b"", item: FeedItem | None = None, feed_title: str | None = None) -> None:
        reason = getattr(error, "reason", None) or str(error)
        attempt = self.seen.failed_attempt(url, reason, report.source, item or FeedItem(link=url, key=url),
                                           feed_title)
        if not permanent and attempt < MAX_ATTEMPTS:
            report.retry_later.append((url, reason))
            return
        original = body or json.dumps({"url": url, "source": report.source}).encode()
        article_id = None if stage == "feed" else article_id_for(url)  # a feed is no article
        send_dead_letter(self.producer, web_dead_letter(url, article_id, stage, error, original))
        self.producer.flush()
        report.dead_lettered.append((url, reason))
        # not fetched again on every poll: the dead letter keeps it, `timeline dlq list` shows it
        self.seen.remember([url], "dead-lettered")

    def _publish(self, report: WebReport, records: list[tuple[list[str], Article]]) -> None:
        by_id = {article.id: (urls, article) for urls, article in records}
        report.publish = publish_records(self.producer, (ArticleRecord(urls[0], article, None)
                                                         for urls, article in by_id.values()))
        for sent in report.publish.published:
            urls, article = by_id[sent.article_id]
            self.seen.remember(urls, "published", article)


def follow(web: WebProducer, feeds: list[str], pages: list[str], interval_s: float,
           on_report: Callable[[WebReport], None], should_stop: Callable[[], bool] = lambda: False) -> None:
    """Poll the feeds (conditional GET: an unchanged feed costs one 304) and pages until stopped."""
    while not should_stop():
        for feed in feeds:
            on_report(web.run_feed(feed))
        for page in pages:
            on_report(web.run_page(page))
        deadline = time.monotonic() + interval_s
        while time.monotonic() < deadline and not should_stop():
            time.sleep(min(1.0, interval_s))
