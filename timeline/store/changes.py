"""Change tracking of the writer's working file: every batch is one transaction with a number (`_seq` on each
row it writes, a tombstone keyed by table and key for each row it deletes), so that the publisher can export
exactly what changed (timeline.store.publishing)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from timeline.store.publishing import PUBLISHED_TABLES
from timeline.store.schema import BIGINT, SEQ_COLUMN, declare

DELETIONS = declare("deletions", "table_name key _seq", {"table_name": str, "key": str, "_seq": BIGINT},
                    required="table_name key _seq", published=False)
STORE_STATE = declare("store_state", "store_id last_seq", {"store_id": str, "last_seq": BIGINT},
                      required="store_id last_seq", published=False)


class ChangeLog:
    """The writer's connection and the number of the batch it is writing."""

    connection: duckdb.DuckDBPyConnection
    last_seq: int
    _seq: int
    _dirty: bool

    def _begin(self) -> None:
        """Open the transaction of one batch; every row it writes or deletes is marked with its number."""
        self.connection.execute("BEGIN TRANSACTION")
        self._seq = self.last_seq + 1
        self.connection.execute("UPDATE store_state SET last_seq = ?", [self._seq])

    def _commit(self) -> None:
        self.connection.execute("COMMIT")
        self.last_seq = self._seq
        self._dirty = True

    def _rollback(self) -> None:
        self.connection.execute("ROLLBACK")
        self._seq = self.last_seq

    def _delete_keys(self, table: str, keys: list[str]) -> None:
        """Delete the rows of these keys and leave tombstones, so that published parts drop them too."""
        key = PUBLISHED_TABLES[table]
        if not keys or key is None:
            return
        self.connection.execute("INSERT INTO deletions SELECT ?, unnest(?), ?", [table, keys, self._seq])
        self.connection.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [keys])

    def _append_plain(self, table: str, rows: pa.Table) -> None:
        """Insert into a table that is not published (no batch number)."""
        self.connection.register("incoming_rows", rows)
        try:
            self.connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
        finally:
            self.connection.unregister("incoming_rows")

    def _append(self, table: str, rows: pa.Table) -> None:
        self._append_plain(table, rows.append_column(SEQ_COLUMN, pa.array([self._seq] * rows.num_rows, pa.int64())))
