from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from broker import kafka_broker
from broker.clients import ensure_topics
from cli.services import Services
from timeline.models import Article, parse_article
from timeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "articles.jsonl"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    return [parse_article(json.loads(line), f"seed {i}") for i, line in enumerate(SEEDS.open(), 1)]



def _free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port < 65000 and not kafka_broker.port_open("127.0.0.1", port + 1):
            return port
    raise RuntimeError("no free port pair")


@pytest.fixture(scope="session")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    state = tmp_path_factory.mktemp("kafka-state")
    settings = Settings(bootstrap_servers=f"127.0.0.1:{_free_port_pair()}", state_dir=state,
                        db_path=state / "unused.duckdb", cache_dir=Settings.from_env().cache_dir)
    kafka_broker.start(settings)
    ensure_topics(settings)
    yield settings
    kafka_broker.stop(settings)


@pytest.fixture
def pipeline_settings(kafka: Settings, tmp_path: Path) -> Settings:
    """The session's broker with a fresh DuckDB file and state folder for one test."""
    return Settings(bootstrap_servers=kafka.bootstrap_servers, db_path=tmp_path / "timeline.duckdb",
                    state_dir=tmp_path / "state", cache_dir=kafka.cache_dir)


def cli_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers, "TIMELINE_DB": str(settings.db_path),
                "TIMELINE_STATE_DIR": str(settings.state_dir), "TIMELINE_CACHE_DIR": str(settings.cache_dir)})
    return env


@contextmanager
def running_pipeline(settings: Settings) -> Iterator[Services]:
    """One analysis member and the writer, stopped however the test ends."""
    services = Services(settings)
    services.start_analysis("analysis-1")
    services.start_writer()
    try:
        yield services
    finally:
        services.stop_all()
