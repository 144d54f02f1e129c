"""Dead letters: records that could not be processed, kept on `articles.dlq` with the reason and the bytes."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from broker.clients import ARTICLES, DEAD_LETTERS, MAX_RECORD_BYTES
from timeline.models import DeadLetter
from timeline.settings import Settings

log = logging.getLogger("timeline.dlq")


def _article_id_of(raw: bytes | None, key: bytes | None) -> str | None:
    if key:
        return key.decode("utf-8", errors="replace")
    try:
        payload = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    return str(payload.get("id")) if isinstance(payload, dict) and payload.get("id") is not None else None


def dead_letter_for(record: ConsumerRecord, stage: str, error: BaseException) -> DeadLetter:
    return DeadLetter(
        stage=stage,
        error_class=type(error).__name__,
        error_message=str(error)[:4000],
        source_topic=record.topic,
        source_partition=record.partition,
        source_offset=record.offset,
        key=record.key.decode("utf-8", errors="replace") if record.key else None,
        article_id=_article_id_of(record.value, record.key),
        original_base64=base64.b64encode(record.value or b"").decode("ascii"),
        failed_at=datetime.now(UTC),
    )


WEB_SOURCE = "web"  # dead letters of pages and feeds that never reached a topic
FILE_SOURCE = "file"  # dead letters of records the producer rejected before publishing them
# what a dead letter keeps of a record that never reached a topic: room for the letter itself in a record
MAX_ORIGINAL_BYTES = MAX_RECORD_BYTES // 2


def unpublished_dead_letter(source: str, origin: str, article_id: str | None, stage: str, error_class: str,
                            message: str, original: bytes) -> DeadLetter:
    """A record the producer could not publish (a page, a feed, a line of a file), with where it came from;
    bytes beyond MAX_ORIGINAL_BYTES are cut and the message says so."""
    if len(original) > MAX_ORIGINAL_BYTES:
        message += f" (original cut to its first {MAX_ORIGINAL_BYTES:,} of {len(original):,} bytes)"
        original = original[:MAX_ORIGINAL_BYTES]
    return DeadLetter(
        stage=stage,
        error_class=error_class,
        error_message=message[:4000],
        source_topic=source,
        source_partition=-1,
        source_offset=-1,
        key=article_id,
        article_id=article_id,
        original_base64=base64.b64encode(original).decode("ascii"),
        failed_at=datetime.now(UTC),
        origin=origin,
    )


def web_dead_letter(url: str, article_id: str | None, stage: str, error: BaseException, original: bytes) -> DeadLetter:
    """A page or feed the producer could not turn into an article (its bytes, or its URL when none came); the
    message always names the URL."""
    message = str(error) if str(error).startswith(url) else f"{url}: {error}"
    return unpublished_dead_letter(WEB_SOURCE, url, article_id, stage, type(error).__name__, message, original)


def rejected_record_dead_letter(location: str, reason: str, original: bytes) -> DeadLetter:
    """A record of a file or of standard input that is not a valid article, with its bytes as read."""
    return unpublished_dead_letter(FILE_SOURCE, location, _article_id_of(original, None), "produce",
                                   "RejectedRecord", reason, original)


def where_from(letter: DeadLetter) -> str:
    """Where a dead letter's record came from: its file line or URL, else its topic, partition and offset."""
    return letter.origin or f"{letter.source_topic}[{letter.source_partition}]@{letter.source_offset}"


def send_dead_letter(producer: KafkaProducer, letter: DeadLetter) -> None:
    log.warning("dead letter (%s): %s: %s [from %s, article %s]", letter.stage, letter.error_class,
                letter.error_message[:300], where_from(letter), letter.article_id or "-")
    producer.send(DEAD_LETTERS.name, key=(letter.key or "").encode() or None,
                  value=letter.model_dump_json().encode("utf-8"))


def read_dead_letters(settings: Settings, timeout_s: float = 3.0) -> Iterator[tuple[int, DeadLetter]]:
    """Every dead letter from the start of the topic, with its offset."""
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                             group_id=None, consumer_timeout_ms=int(timeout_s * 1000))
    partition = TopicPartition(DEAD_LETTERS.name, 0)
    consumer.assign([partition])
    consumer.seek_to_beginning(partition)
    end = consumer.end_offsets([partition])[partition]
    try:
        while consumer.position(partition) < end:
            batch = consumer.poll(timeout_ms=int(timeout_s * 1000))
            if not batch:
                break
            for records in batch.values():
                for record in records:
                    yield record.offset, DeadLetter.model_validate_json(record.value)
    finally:
        consumer.close()


def replay(settings: Settings, producer: KafkaProducer, letters: list[DeadLetter]) -> int:
    """Re-publish the original bytes of dead letters to the topic they came from (after a fix); a record the
    producer rejected goes to the articles topic, where the consumers validate it again. Pages and feeds came
    from no topic: they are fetched again with `timeline produce --url/--feed`."""
    letters = [letter for letter in letters if letter.source_topic != WEB_SOURCE]
    for letter in letters:
        topic = ARTICLES.name if letter.source_topic == FILE_SOURCE else letter.source_topic or ARTICLES.name
        producer.send(topic, key=letter.key.encode() if letter.key else None,
                      value=base64.b64decode(letter.original_base64))
    producer.flush()
    return len(letters)
