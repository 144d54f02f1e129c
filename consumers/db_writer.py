"""The single DuckDB writer: articles.analysed -> DuckDB (idempotent upserts, merged timeline), published as
Parquet parts behind a catalog for readers (timeline.store.publishing).

DuckDB allows one writing process, so exactly one writer runs; a second one fails to lock the working file.
"""

from __future__ import annotations

import argparse
import logging

from kafka import KafkaConsumer, KafkaProducer
from kafka.consumer.fetcher import ConsumerRecord
from pydantic import ValidationError

from broker.clients import ANALYSED, WRITER_GROUP, consumer, ensure_topics, producer
from consumers.dead_letters import dead_letter_for, send_dead_letter
from consumers.loop import run_loop
from timeline.models import AnalysedArticle, BatchResult
from timeline.settings import Settings
from timeline.store.storage import TimelineStore

log = logging.getLogger("timeline.writer")


def records_behind(consumer: KafkaConsumer) -> int | None:
    """Records on the writer's partitions it has not read yet (its consumer lag), from cached metadata."""
    try:
        partitions = consumer.assignment()
        ends = consumer.end_offsets(list(partitions))
        return sum(max(0, ends[p] - consumer.position(p)) for p in partitions)
    except Exception:  # lag is informative only; never let it stop storing
        return None


def write_one_by_one(store: TimelineStore, batch: list[tuple[ConsumerRecord, AnalysedArticle]],
                     dead_letters: KafkaProducer) -> BatchResult:
    """Store records singly so that one record the store rejects is dead-lettered, not retried forever."""
    total = BatchResult(records=len(batch))
    for record, item in batch:
        try:
            result = store.write_batch([item])
        except Exception as error:
            send_dead_letter(dead_letters, dead_letter_for(record, "writer", error))
            continue
        total.articles_written += result.articles_written
        total.redeliveries_skipped += result.redeliveries_skipped
        total.older_versions_skipped += result.older_versions_skipped
        total.entries_recomputed += result.entries_recomputed
        total.seconds += result.seconds
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--publish-interval", type=float, default=0.5,
                        help="seconds between publishes to readers while busy (default 0.5)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = Settings.from_env()
    ensure_topics(settings)
    store = TimelineStore(settings.db_path, publish_interval_s=args.publish_interval)
    store.publish(force=True)
    dead_letters = producer(settings)
    # Waiting up to 300 ms for more records lets one re-merge of the affected dates serve several articles:
    # polled one record at a time, a writer over a few thousand stored articles fell behind at 20/s.
    source = consumer(settings, ANALYSED.name, WRITER_GROUP, "writer", max_poll_records=500,
                      fetch_min_bytes=256 * 1024, fetch_max_wait_ms=300)
    log.info("writer storing %s into %s", ANALYSED.name, settings.db_path)

    def handle(records: list[ConsumerRecord]) -> None:
        batch: list[tuple[ConsumerRecord, AnalysedArticle]] = []
        for record in records:
            try:
                batch.append((record, AnalysedArticle.model_validate_json(record.value or b"")))
            except (ValidationError, ValueError) as error:
                send_dead_letter(dead_letters, dead_letter_for(record, "writer", error))
        try:
            result = store.write_batch([item for _, item in batch], lag=records_behind(source))
        except Exception:
            log.exception("batch write failed; retrying record by record to isolate the bad one")
            result = write_one_by_one(store, batch, dead_letters)
        dead_letters.flush()
        log.info("stored batch: %d records, %d written, %d redeliveries, %d older versions, %d entries in %.3fs",
                 result.records, result.articles_written, result.redeliveries_skipped,
                 result.older_versions_skipped, result.entries_recomputed, result.seconds)
        store.publish()

    try:
        run_loop(source, handle, on_idle=store.when_idle)
    finally:
        store.close()
        dead_letters.close()


if __name__ == "__main__":
    main()
