"""Publishing the writer's store to readers: append-only Parquet parts behind a small catalog of views.

DuckDB lets one process hold a file for writing or many hold it read-only, never both. Readers used to get a
copy of the whole working file after every batch, which costs as much as the store is large (300 MB per
publish at 10^5 articles). Instead, every row of the working file carries the `_seq` of the batch that wrote
it, and a deletion leaves a tombstone (key, `_seq`). A publish exports only what is newer than the last one,
as immutable Parquet parts, and then atomically replaces the catalog: a DuckDB file of a few hundred kB whose
views (`articles`, `events`, `timeline`, …) read the parts and drop every row a newer tombstone of its key
outlives. Users open the catalog exactly as before (`duckdb -readonly timeline.duckdb`, `timeline sql`).

A background thread keeps the number of parts logarithmic in the store's size: parts of the same size tier
are merged (dropping rows their tombstones killed) and, once tombstones pile up, a table is rewritten whole
and its tombstones dropped. Parts a merge replaced stay on disk for a grace period, so a reader that opened
the previous catalog finishes its queries.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from pydantic import BaseModel, Field

from timeline.models import PUBLISHED

# What each published table's tombstones are keyed by (timeline.models declares them); None: the table is only
# ever appended to.
PUBLISHED_TABLES: dict[str, str | None] = {table.name: table.key for table in PUBLISHED}
MERGE_FACTOR = 8  # parts of one size tier merged at a time: at most ~MERGE_FACTOR parts per tier
SMALLEST_TIER_ROWS = 1_000
# A table is rewritten whole (and its tombstones dropped) once they reach this share of its rows.
FULL_REWRITE_TOMBSTONE_SHARE = 0.25
FULL_REWRITE_MIN_TOMBSTONES = 5_000
RETIRED_GRACE_S = 600.0
COMPACTION_MEMORY = "256MB"
# row groups small enough to write within those limits and for readers to skip by their statistics
ROW_GROUP_ROWS = 32_768
ROW_GROUP_BYTES = "32MB"


def parts_dir(catalog: Path) -> Path:
    """The folder of Parquet parts beside the catalog a reader opens (timeline.duckdb -> timeline.parts)."""
    return catalog.with_name(f"{catalog.stem}.parts")


class PartInfo(BaseModel):
    """One immutable Parquet file: rows of a table, or tombstones of it, written by batches min..max_seq."""

    table: str
    tombstones: bool = False
    file: str = Field(description="path relative to the parts folder")
    rows: int
    min_seq: int
    max_seq: int


class RetiredFile(BaseModel):
    file: str
    retired_at: float = Field(description="time.time() when no catalog referenced it any more")


class Manifest(BaseModel):
    """The writer's record of what the catalog publishes (parts/manifest.json; the catalog mirrors it)."""

    store_id: str
    published_seq: int = -1
    parts: list[PartInfo] = Field(default_factory=list)
    retired: list[RetiredFile] = Field(default_factory=list)


@dataclass(frozen=True)
class CompactionJob:
    """Merge `inputs` into one part, dropping rows that `tombstones` killed; a full rewrite of a table may
    then drop those tombstones, as every row they could kill was in the inputs."""

    table: str
    merging_tombstones: bool
    inputs: tuple[PartInfo, ...]
    tombstones: tuple[PartInfo, ...] = ()
    full_rewrite: bool = False


@dataclass
class PublishStats:
    parts_written: int = 0
    rows_written: int = 0
    seconds: float = 0.0
    compactions_applied: list[str] = field(default_factory=list)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _file_list(root: Path, parts: list[PartInfo] | tuple[PartInfo, ...]) -> str:
    return "[" + ", ".join(_sql_string(str((root / p.file).resolve())) for p in parts) + "]"


def size_tier(rows: int) -> int:
    """0 below SMALLEST_TIER_ROWS, then one tier per MERGE_FACTOR-fold growth."""
    if rows < SMALLEST_TIER_ROWS:
        return 0
    return 1 + int(math.log(rows / SMALLEST_TIER_ROWS, MERGE_FACTOR))


def view_sql(table: str, root: Path, parts: list[PartInfo]) -> str:
    """The reader's view of one table: its row parts, less the rows a newer tombstone of their key outlives."""
    rows = [p for p in parts if p.table == table and not p.tombstones]
    tombstones = [p for p in parts if p.table == table and p.tombstones]
    sql = (f"CREATE VIEW {table} AS SELECT r.* EXCLUDE (_seq) "
           f"FROM read_parquet({_file_list(root, rows)}, union_by_name = true) r")
    key = PUBLISHED_TABLES[table]
    if key and tombstones:
        # ANTI JOIN (unlike NOT EXISTS) lets DuckDB push a reader's filters into the Parquet scan
        sql += f" ANTI JOIN read_parquet({_file_list(root, tombstones)}) d ON d.key = r.{key} AND d._seq > r._seq"
    return sql


def compaction_query(job: CompactionJob, root: Path) -> str:
    source = f"read_parquet({_file_list(root, job.inputs)}, union_by_name = true) r"
    if job.merging_tombstones:
        return f"SELECT r.key, max(r._seq) AS _seq FROM {source} GROUP BY r.key"
    key = PUBLISHED_TABLES[job.table]
    if key and job.tombstones:
        return (f"SELECT r.* FROM {source} ANTI JOIN read_parquet({_file_list(root, job.tombstones)}) d "
                f"ON d.key = r.{key} AND d._seq > r._seq")
    return f"SELECT r.* FROM {source}"


def _new_part_file(table: str, tombstones: bool, min_seq: int, max_seq: int) -> str:
    folder = f"{table}.tombstones" if tombstones else table
    return f"{folder}/{min_seq:012d}-{max_seq:012d}-{uuid.uuid4().hex[:8]}.parquet"


def _copy(connection: duckdb.DuckDBPyConnection, query: str, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    result = connection.execute(
        f"COPY ({query}) TO {_sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd, "
        f"ROW_GROUP_SIZE {ROW_GROUP_ROWS}, ROW_GROUP_SIZE_BYTES '{ROW_GROUP_BYTES}')").fetchone()
    return int(result[0]) if result else 0


def run_compaction(job: CompactionJob, root: Path, connection: duckdb.DuckDBPyConnection) -> PartInfo:
    min_seq = min(p.min_seq for p in job.inputs)
    max_seq = max(p.max_seq for p in job.inputs)
    info = PartInfo(table=job.table, tombstones=job.merging_tombstones, rows=0, min_seq=min_seq, max_seq=max_seq,
                    file=_new_part_file(job.table, job.merging_tombstones, min_seq, max_seq))
    rows = _copy(connection, compaction_query(job, root), root / info.file)
    return info.model_copy(update={"rows": rows})


class Compactor:
    """One compaction at a time on a daemon thread with its own in-memory DuckDB: it reads only immutable
    parts, so it never waits for the writer, and a writer that is stopped mid-merge leaves an orphan file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.connection = duckdb.connect(config={"memory_limit": COMPACTION_MEMORY, "threads": 1,
                                                 "preserve_insertion_order": False})
        self._thread: threading.Thread | None = None
        self._job: CompactionJob | None = None
        self._result: PartInfo | None = None
        self._error: BaseException | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, job: CompactionJob) -> None:
        self._job, self._result, self._error = job, None, None

        def work() -> None:
            try:
                self._result = run_compaction(job, self.root, self.connection)
            except BaseException as error:  # reported by finished(); the parts stay as they were
                self._error = error

        self._thread = threading.Thread(target=work, name=f"compact-{job.table}", daemon=True)
        self._thread.start()

    def finished(self) -> tuple[CompactionJob, PartInfo] | BaseException | None:
        """The job and its output once it ended (its error if it failed), else None."""
        if self._thread is None or self._thread.is_alive() or self._job is None:
            return None
        job, result, error = self._job, self._result, self._error
        self._thread = self._job = self._result = self._error = None
        if error is not None:
            return error
        assert result is not None
        return job, result

    @property
    def has_result(self) -> bool:
        return self._job is not None and not self.busy

    def wait(self, timeout_s: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self.connection.interrupt()


def next_compaction(parts: list[PartInfo]) -> CompactionJob | None:
    """The most useful merge now: a full rewrite of a table drowning in tombstones, else the oldest full tier."""
    for table, key in PUBLISHED_TABLES.items():
        rows = [p for p in parts if p.table == table and not p.tombstones]
        tombstones = [p for p in parts if p.table == table and p.tombstones]
        dead = sum(p.rows for p in tombstones)
        if key and tombstones and dead >= max(FULL_REWRITE_MIN_TOMBSTONES,
                                              FULL_REWRITE_TOMBSTONE_SHARE * sum(p.rows for p in rows)):
            return CompactionJob(table, False, tuple(rows), tuple(tombstones), full_rewrite=True)
    for table in PUBLISHED_TABLES:
        for merging_tombstones in (False, True):
            group = [p for p in parts if p.table == table and p.tombstones == merging_tombstones]
            tiers: dict[int, list[PartInfo]] = {}
            for part in sorted(group, key=lambda p: p.min_seq):
                tiers.setdefault(size_tier(part.rows), []).append(part)
            for tier in sorted(tiers):
                if len(tiers[tier]) >= MERGE_FACTOR:
                    applied = () if merging_tombstones else tuple(
                        p for p in parts if p.table == table and p.tombstones)
                    return CompactionJob(table, merging_tombstones, tuple(tiers[tier][:MERGE_FACTOR]), applied)
    return None


def apply_compaction(parts: list[PartInfo], job: CompactionJob, output: PartInfo) -> tuple[list[PartInfo],
                                                                                            list[PartInfo]]:
    """The parts after a finished job, and the parts it retired (an empty output too, unless the table needs
    it for its columns)."""
    retired = list(job.inputs)
    if job.full_rewrite:
        # every row an applied tombstone could kill was in the inputs; tombstones published since are kept
        retired += list(job.tombstones)
    kept = [p for p in parts if p not in retired]
    table_keeps_rows = any(p.table == job.table and not p.tombstones for p in kept)
    if output.rows == 0 and (output.tombstones or table_keeps_rows):
        return kept, [*retired, output]
    return [*kept, output], retired


class Publisher:
    """Writes parts, the manifest and the catalog; owned by the single writer."""

    def __init__(self, catalog: Path, store_id: str, grace_s: float = RETIRED_GRACE_S) -> None:
        self.catalog = catalog
        self.root = parts_dir(catalog)
        self.root.mkdir(parents=True, exist_ok=True)
        self.grace_s = grace_s
        self.manifest = self._load(store_id)
        self.compactor = Compactor(self.root)
        self._remove_orphans()

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def _load(self, store_id: str) -> Manifest:
        if self.manifest_path.exists():
            manifest = Manifest.model_validate_json(self.manifest_path.read_text(encoding="utf-8"))
            if manifest.store_id == store_id:
                return manifest
            # parts of another working file (it was replaced): publish this one from scratch
            now = time.time()
            return Manifest(store_id=store_id, retired=[*manifest.retired, *(
                RetiredFile(file=p.file, retired_at=now) for p in manifest.parts)])
        return Manifest(store_id=store_id)

    def _remove_orphans(self) -> None:
        """Files no manifest names: written by a writer that stopped before it could publish them."""
        known = {p.file for p in self.manifest.parts} | {r.file for r in self.manifest.retired}
        for path in self.root.glob("*/*.parquet"):
            if str(path.relative_to(self.root)) not in known:
                path.unlink(missing_ok=True)

    def publish(self, connection: duckdb.DuckDBPyConnection, through_seq: int) -> PublishStats:
        """Export what batches after the last publish wrote (up to through_seq), then swap the catalog."""
        started = time.perf_counter()
        stats = PublishStats()
        low = self.manifest.published_seq
        for table, key in PUBLISHED_TABLES.items():
            queries = [(False, f"SELECT * FROM {table} WHERE _seq > {low} AND _seq <= {through_seq}")]
            if key:
                queries.append((True, f"SELECT key, _seq FROM deletions WHERE table_name = '{table}' "
                                      f"AND _seq > {low} AND _seq <= {through_seq}"))
            for tombstones, query in queries:
                part = self._export(connection, table, tombstones, query, low + 1, through_seq)
                if part is not None:
                    stats.parts_written += 1
                    stats.rows_written += part.rows
        self.manifest.published_seq = through_seq
        stats.compactions_applied = self._advance_compaction()
        self._save()
        stats.seconds = time.perf_counter() - started
        return stats

    def _export(self, connection: duckdb.DuckDBPyConnection, table: str, tombstones: bool, query: str,
                min_seq: int, max_seq: int) -> PartInfo | None:
        file = _new_part_file(table, tombstones, max(min_seq, 0), max_seq)
        rows = _copy(connection, query, self.root / file)
        # a table's first part is written even when empty: the views need its columns
        needed_for_schema = not tombstones and not any(p.table == table and not p.tombstones
                                                       for p in self.manifest.parts)
        if rows == 0 and not needed_for_schema:
            (self.root / file).unlink(missing_ok=True)
            return None
        part = PartInfo(table=table, tombstones=tombstones, file=file, rows=rows, min_seq=max(min_seq, 0),
                        max_seq=max_seq)
        self.manifest.parts.append(part)
        return part

    def _advance_compaction(self) -> list[str]:
        applied: list[str] = []
        outcome = self.compactor.finished()
        if isinstance(outcome, BaseException):
            applied.append(f"compaction failed: {type(outcome).__name__}: {outcome}")
        elif outcome is not None:
            job, output = outcome
            self.manifest.parts, retired = apply_compaction(self.manifest.parts, job, output)
            now = time.time()
            self.manifest.retired += [RetiredFile(file=p.file, retired_at=now) for p in retired]
            kind = "full rewrite" if job.full_rewrite else "merge"
            applied.append(f"{kind} of {len(job.inputs)} {job.table}{' tombstone' if job.merging_tombstones else ''}"
                           f" parts into {output.rows} rows")
        if not self.compactor.busy:
            job = next_compaction(self.manifest.parts)
            if job is not None:
                self.compactor.start(job)
        return applied

    @property
    def compaction_pending(self) -> bool:
        """A merge finished and waits to be published, or one is due and none runs."""
        if self.compactor.busy:
            return False
        return self.compactor.has_result or next_compaction(self.manifest.parts) is not None

    def settle(self, connection: duckdb.DuckDBPyConnection, through_seq: int) -> None:
        """Publish, then run every due merge to completion (after bulk loads, and in tests)."""
        self.publish(connection, through_seq)
        while self.compactor.busy or self.compaction_pending:
            self.compactor.wait()
            self.publish(connection, through_seq)

    def _save(self) -> None:
        """Manifest first, then the catalog: a writer stopped in between rewrites the catalog on restart."""
        temporary = self.manifest_path.with_name(f".manifest.{os.getpid()}.tmp")
        temporary.write_text(self.manifest.model_dump_json(), encoding="utf-8")
        os.replace(temporary, self.manifest_path)
        self.write_catalog()
        self._collect_garbage()

    def write_catalog(self) -> None:
        temporary = self.catalog.with_name(f".{self.catalog.name}.{os.getpid()}.tmp")
        temporary.unlink(missing_ok=True)
        connection = duckdb.connect(str(temporary))
        try:
            for table in PUBLISHED_TABLES:
                connection.execute(view_sql(table, self.root, self.manifest.parts))
            connection.execute("CREATE TABLE store_parts (table_name VARCHAR, tombstones BOOLEAN, file VARCHAR, "
                               "rows BIGINT, min_seq BIGINT, max_seq BIGINT)")
            connection.executemany("INSERT INTO store_parts VALUES (?, ?, ?, ?, ?, ?)", [
                [p.table, p.tombstones, str((self.root / p.file).resolve()), p.rows, p.min_seq, p.max_seq]
                for p in self.manifest.parts])
            connection.execute("CREATE TABLE store_state AS SELECT ? AS store_id, ? AS published_seq, "
                               "now() AS published_at", [self.manifest.store_id, self.manifest.published_seq])
        finally:
            connection.close()
        os.replace(temporary, self.catalog)

    def _collect_garbage(self) -> None:
        cutoff = time.time() - self.grace_s
        keep: list[RetiredFile] = []
        for retired in self.manifest.retired:
            if retired.retired_at <= cutoff:
                (self.root / retired.file).unlink(missing_ok=True)
            else:
                keep.append(retired)
        self.manifest.retired = keep

    def close(self) -> None:
        self.compactor.close()
