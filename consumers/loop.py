"""The loop every consumer runs: poll a batch, process it, make it durable, then commit its offsets."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from types import FrameType

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import CommitFailedError, KafkaError
from kafka.structs import OffsetAndMetadata

log = logging.getLogger("timeline.consumer")

BatchHandler = Callable[[list[ConsumerRecord]], None]


class StopFlag:
    """Set by SIGTERM/SIGINT so the loop finishes its batch, commits and exits cleanly."""

    def __init__(self) -> None:
        self.stopped = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopped = True


def next_offsets(records: list[ConsumerRecord]) -> dict[TopicPartition, OffsetAndMetadata]:
    offsets: dict[TopicPartition, int] = {}
    for record in records:
        partition = TopicPartition(record.topic, record.partition)
        offsets[partition] = max(offsets.get(partition, -1), record.offset + 1)
    return {tp: OffsetAndMetadata(offset, "", -1) for tp, offset in offsets.items()}


def run_loop(consumer: KafkaConsumer, handle_batch: BatchHandler, on_idle: Callable[[], None] | None = None,
             poll_ms: int = 500, max_batches: int | None = None) -> None:
    """Process until stopped. The handler must make the batch durable before returning: offsets are only
    committed afterwards, so a crash redelivers the batch (at-least-once) and idempotent writes absorb it."""
    stop = StopFlag()
    batches = 0
    while not stop.stopped and (max_batches is None or batches < max_batches):
        try:
            polled = consumer.poll(timeout_ms=poll_ms)
        except KafkaError as error:
            log.warning("poll failed (%s); retrying", error)
            time.sleep(1)
            continue
        records = [record for partition_records in polled.values() for record in partition_records]
        if not records:
            if on_idle is not None:
                on_idle()
            continue
        handle_batch(records)
        batches += 1
        try:
            consumer.commit(next_offsets(records))
        except (CommitFailedError, KafkaError) as error:
            # the group rebalanced under us: the batch will be redelivered to the partition's new owner
            log.warning("commit failed (%s); the batch will be redelivered", error)
    consumer.close()
