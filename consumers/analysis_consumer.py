"""The analysis group member: articles -> (clean, temporal, events) -> articles.analysed, bad ones -> DLQ.

Run several with different --member names to scale out over the topic's partitions.
"""

from __future__ import annotations

import argparse
import json
import logging
import os

from kafka.consumer.fetcher import ConsumerRecord

from broker.clients import ANALYSED, ANALYSIS_GROUP, ARTICLES, consumer, ensure_topics, producer
from consumers.dead_letters import dead_letter_for, send_dead_letter
from consumers.loop import run_loop
from timeline.analysis.pipeline import analyse_article
from timeline.models import AnalysedArticle, parse_article
from timeline.settings import Settings

log = logging.getLogger("timeline.analysis.pipeline")


def analyse_record(record: ConsumerRecord) -> AnalysedArticle:
    """Decode, validate and analyse one record; raises with a clear message when it cannot."""
    if record.value is None:
        raise ValueError("empty record (tombstone): no article")
    text = record.value.decode("utf-8")  # UnicodeDecodeError names the byte position
    payload = json.loads(text)
    label = f"{record.topic}[{record.partition}]@{record.offset}"
    return analyse_article(parse_article(payload, label))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--member", default=os.environ.get("TIMELINE_MEMBER", "analysis-1"),
                        help="stable member name (static group membership); unique per running member")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = Settings.from_env()
    ensure_topics(settings)
    output = producer(settings)
    source = consumer(settings, ARTICLES.name, ANALYSIS_GROUP, args.member)
    log.info("analysis member %s consuming %s on %s", args.member, ARTICLES.name, settings.bootstrap_servers)

    def handle(records: list[ConsumerRecord]) -> None:
        for record in records:
            try:
                analysed = analyse_record(record)
            except Exception as error:  # every failure is dead-lettered, none stops the group
                send_dead_letter(output, dead_letter_for(record, "analysis", error))
                continue
            output.send(ANALYSED.name, key=analysed.article.id.encode("utf-8"),
                        value=analysed.model_dump_json().encode("utf-8"))
        output.flush()  # acks=all: durable in Kafka before the offsets are committed

    run_loop(source, handle)
    output.close()


if __name__ == "__main__":
    main()
