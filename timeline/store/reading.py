"""How everyone but the writer reads the store: short-lived read-only connections to the published catalog,
limited to the store's parts, and the refusal of statements that would write."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from timeline.store.publishing import parts_dir

WRITE_STATEMENT = re.compile(
    r"^\s*(?:insert|update|delete|create|drop|alter|attach|detach|copy|export|import|install|load|set|pragma|"
    r"call|checkpoint|vacuum|begin|commit|rollback|truncate|replace|merge|grant|use)\b",
    re.IGNORECASE,
)


def is_write_statement(query: str) -> bool:
    """Whether a statement would change something: readers refuse these before DuckDB sees them (the published
    tables are views over Parquet parts, where DuckDB's own refusal would read as a binder error)."""
    return WRITE_STATEMENT.match(query) is not None


class NoSnapshotYet(FileNotFoundError):
    """The DuckDB file has not been published yet: nothing has been ingested."""


@contextlib.contextmanager
def read_only(path: Path, attempts: int = 20, wait_s: float = 0.1) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection to the published catalog (views over the store's Parquet parts).

    Close it soon: a process that keeps one open keeps reading the state it opened (DuckDB caches the
    database per path within a process), and the parts behind it are deleted 10 minutes after a merge
    replaced them. Retries cover the instant a catalog is being renamed into place and a writer from an
    older design still holding the file.
    """
    if not path.exists():
        raise NoSnapshotYet(f"{path} does not exist yet: start ingestion (timeline run / timeline ingest) first")
    last_error: Exception | None = None
    for _ in range(attempts):
        try:
            connection = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.IOException as error:
            last_error = error
            time.sleep(wait_s)
    else:
        raise last_error if last_error else RuntimeError("unreachable")
    try:
        _read_only_surface(connection, parts_dir(path))
        yield connection
    finally:
        connection.close()


# what a reader's query may use: the page and `timeline sql` run queries that anyone who can open them writes
READER_MEMORY_LIMIT = "1GB"


def _read_only_surface(connection: duckdb.DuckDBPyConnection, parts: Path) -> None:
    """A reader's connection reads the timeline and nothing else: no file or network outside the store's
    parts (read_text, read_csv, ATTACH, COPY, INSTALL and LOAD are refused), a memory limit, and the
    configuration locked so that a query cannot undo it. A process that holds the catalog open shares one
    database instance across its connections: the first one locks it for all."""
    if connection.execute("SELECT current_setting('lock_configuration')").fetchone()[0]:
        return
    folder = str(parts.resolve()).replace("'", "''")
    connection.execute(f"SET allowed_directories = ['{folder}/']")
    connection.execute("SET enable_external_access = false")
    connection.execute(f"SET memory_limit = '{READER_MEMORY_LIMIT}'")
    connection.execute("SET lock_configuration = true")
