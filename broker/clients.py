"""The project's Kafka topics and its configured clients: one place that producers and consumers share."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from timeline.settings import Settings

MAX_RECORD_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int


ARTICLES = Topic("articles", 4)
ANALYSED = Topic("articles.analysed", 4)
DEAD_LETTERS = Topic("articles.dlq", 1)
ALL_TOPICS = (ARTICLES, ANALYSED, DEAD_LETTERS)

ANALYSIS_GROUP = "timeline-analysis"
WRITER_GROUP = "timeline-writer"


def admin_client(settings: Settings, timeout_s: float = 60.0) -> KafkaAdminClient:
    """An admin client, waiting for a broker that is still starting."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, client_id="timeline-admin",
                                    request_timeout_ms=15000)
        except KafkaError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def ensure_topics(settings: Settings, timeout_s: float = 60.0) -> list[str]:
    """Create the project's topics where missing; returns the names created."""
    admin = admin_client(settings, timeout_s)
    try:
        existing = set(admin.list_topics())
        missing = [t for t in ALL_TOPICS if t.name not in existing]
        created = []
        for topic in missing:
            try:
                admin.create_topics([NewTopic(topic.name, topic.partitions, 1,
                                              topic_configs={"max.message.bytes": str(MAX_RECORD_BYTES)})])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        _wait_for_leaders(admin, [t.name for t in ALL_TOPICS], timeout_s)
        return created
    finally:
        admin.close()


def _wait_for_leaders(admin: KafkaAdminClient, names: list[str], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        described = admin.describe_topics(names)
        ready = all(t.get("error_code", 0) == 0 and t["partitions"] and
                    all(p.get("leader_id", p.get("leader", -1)) >= 0 for p in t["partitions"]) for t in described)
        if ready:
            return
        time.sleep(0.3)


def producer(settings: Settings, **overrides: object) -> KafkaProducer:
    """An idempotent acks=all producer that retries through broker restarts for a bounded time."""
    config: dict[str, object] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": 5,
        "compression_type": None,
        "max_request_size": MAX_RECORD_BYTES,
        "retry_backoff_ms": 200,
        "reconnect_backoff_ms": 100,
        "reconnect_backoff_max_ms": 5000,
        "delivery_timeout_ms": 120000,
        "max_block_ms": 60000,
        "allow_auto_create_topics": False,
    }
    config.update(overrides)
    return KafkaProducer(**config)


def consumer(settings: Settings, topic: str, group: str, instance: str, **overrides: object) -> KafkaConsumer:
    """A manually committing group member with static membership.

    With a stable group_instance_id a restarted member takes its partitions back at once instead of waiting
    out the old member's session timeout (measured with kafka-python: 9 s at session_timeout_ms=10000).
    """
    config: dict[str, object] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "group_id": group,
        "group_instance_id": instance,
        "client_id": instance,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "session_timeout_ms": 10000,
        "heartbeat_interval_ms": 1000,
        "max_poll_interval_ms": 300000,
        "max_poll_records": 200,
        "max_partition_fetch_bytes": MAX_RECORD_BYTES + 1024 * 1024,
        "fetch_max_bytes": 64 * 1024 * 1024,
        "reconnect_backoff_max_ms": 5000,
    }
    config.update(overrides)
    kafka_consumer = KafkaConsumer(**config)
    kafka_consumer.subscribe([topic])
    return kafka_consumer
