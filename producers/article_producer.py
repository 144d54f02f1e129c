"""Publishing articles to Kafka: validated, keyed by article id, acks=all, with a progress line and a report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from kafka import KafkaProducer
from kafka.errors import KafkaError

from broker.clients import ARTICLES
from consumers.dead_letters import rejected_record_dead_letter, send_dead_letter
from timeline.models import Article
from timeline.sources.article_files import ARTICLE_SUFFIXES, ArticleRecord, read_articles


@dataclass(frozen=True)
class PublishedArticle:
    article_id: str
    content_hash: str
    published: datetime


@dataclass
class PublishReport:
    published: list[PublishedArticle] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (location, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, error) the broker never took

    def summary(self) -> str:
        lines = [f"published {len(self.published)}, rejected {len(self.rejected)}, failed {len(self.failed)}"]
        if self.rejected:
            lines[0] += " (rejected records are in the dead letters: `timeline dlq list`)"
        lines += [f"  rejected {reason}" for _, reason in self.rejected[:50]]
        if len(self.rejected) > 50:
            lines.append(f"  … and {len(self.rejected) - 50} more rejected")
        lines += [f"  failed to send {article_id}: {error}" for article_id, error in self.failed[:50]]
        return "\n".join(lines)


class Progress:
    """A progress line rewritten in place, on a terminal only: in a log, carriage returns are noise."""

    def __init__(self, stream: TextIO | None, every_s: float = 0.5) -> None:
        self.stream = stream if stream is not None and stream.isatty() else None
        self.every_s = every_s
        self._last = 0.0

    def update(self, report: PublishReport, force: bool = False) -> None:
        now = time.monotonic()
        if self.stream is None or (not force and now - self._last < self.every_s):
            return
        self._last = now
        self.stream.write(f"\rpublishing: {len(report.published)} sent, {len(report.rejected)} rejected, "
                          f"{len(report.failed)} failed")
        if force:
            self.stream.write("\n")
        self.stream.flush()


def encode_article(article: Article) -> tuple[bytes, bytes]:
    return article.id.encode("utf-8"), article.model_dump_json().encode("utf-8")


def publish_records(producer: KafkaProducer, records: Iterable[ArticleRecord], progress: Progress | None = None,
                    topic: str = ARTICLES.name) -> PublishReport:
    """Publish every valid record; an invalid one is reported with its location and reason, and dead-lettered
    with its bytes (stage "produce")."""
    report = PublishReport()
    pending: list[tuple[Article, object]] = []
    for record in records:
        if record.article is None:
            reason = record.error or f"{record.location}: invalid"
            report.rejected.append((record.location, reason))
            send_dead_letter(producer, rejected_record_dead_letter(record.location, reason, record.original))
        else:
            key, value = encode_article(record.article)
            try:
                pending.append((record.article, producer.send(topic, key=key, value=value)))
            except KafkaError as error:
                report.failed.append((record.article.id, f"{type(error).__name__}: {error}"))
        if len(pending) >= 500:
            _settle(producer, pending, report)
        if progress:
            progress.update(report)
    _settle(producer, pending, report)
    if progress:
        progress.update(report, force=True)
    return report


def _settle(producer: KafkaProducer, pending: list[tuple[Article, object]], report: PublishReport) -> None:
    """Wait for the broker's acknowledgement of every pending send (retries happen inside the client)."""
    producer.flush()
    for article, future in pending:
        try:
            future.get(timeout=0)  # type: ignore[attr-defined]
            report.published.append(PublishedArticle(article.id, article.content_hash(), article.published))
        except Exception as error:  # the client gave up after its bounded retries
            report.failed.append((article.id, f"{type(error).__name__}: {error}"))
    pending.clear()


def follow(producer: KafkaProducer, folder: Path, state_file: Path, poll_s: float = 1.0,
           on_report: Callable[[Path, PublishReport], None] | None = None,
           should_stop: Callable[[], bool] = lambda: False) -> None:
    """Publish each new (or changed) article file that appears in a folder, once its size is stable."""
    seen: dict[str, list[float]] = json.loads(state_file.read_text()) if state_file.exists() else {}
    sizes: dict[Path, int] = {}
    while not should_stop():
        for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES):
            stat = path.stat()
            signature = [stat.st_mtime, float(stat.st_size)]
            if seen.get(path.name) == signature:
                continue
            if sizes.get(path) != stat.st_size:  # still being written: wait one more poll
                sizes[path] = stat.st_size
                continue
            report = publish_records(producer, read_articles([path]))
            seen[path.name] = signature
            state_file.parent.mkdir(parents=True, exist_ok=True)
            state_file.write_text(json.dumps(seen))
            if on_report:
                on_report(path, report)
        time.sleep(poll_s)

