"""Waiting until published articles have reached DuckDB or the dead-letter topic."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from consumers.dead_letters import read_dead_letters
from producers.article_producer import PublishedArticle
from timeline.settings import Settings
from timeline.store.reading import NoSnapshotYet, read_only


@dataclass
class Arrival:
    stored: int
    superseded: int
    dead_lettered: int
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def arrival(settings: Settings, published: list[PublishedArticle]) -> Arrival:
    """Where each published article is: stored as sent, kept out by a newer stored version, or dead."""
    wanted = {p.article_id: p for p in published}
    stored: dict[str, tuple[str, datetime]] = {}
    try:
        with read_only(settings.db_path) as connection:
            rows = connection.execute(
                "SELECT article_id, content_hash, published FROM articles WHERE article_id IN (SELECT unnest(?))",
                [list(wanted)],
            ).fetchall()
            stored = {row[0]: (row[1], row[2]) for row in rows}
    except (NoSnapshotYet, duckdb.Error):
        pass
    exact = {i for i, p in wanted.items() if i in stored and stored[i][0] == p.content_hash}
    newer_stored = {i for i, p in wanted.items() if i in stored and i not in exact
                    and stored[i][1] > p.published.astimezone(UTC).replace(tzinfo=None)}
    remaining = set(wanted) - exact - newer_stored
    dead: set[str] = set()
    if remaining:
        dead = {letter.article_id for _, letter in read_dead_letters(settings, timeout_s=1.0)
                if letter.article_id in remaining}
    return Arrival(len(exact), len(newer_stored), len(dead), sorted(remaining - dead))


def wait_for_arrival(settings: Settings, published: list[PublishedArticle], timeout_s: float,
                     check: Callable[[], None] = lambda: None, poll_s: float = 0.5) -> Arrival:
    deadline = time.monotonic() + timeout_s
    while True:
        check()
        state = arrival(settings, published)
        if state.complete or time.monotonic() > deadline:
            return state
        time.sleep(poll_s)
