"""`timeline sql`: read-only SQL on the store, one statement or an interactive prompt.

The prompt is for users without a DuckDB CLI that opens the store's file (a 1.x CLI cannot read a DuckDB 2.0
file): statements end with `;` and may span lines, history is kept across sessions, dot commands list the
tables and their columns. Every statement opens its own short-lived read-only connection, so each one sees
what the writer has published by then, and the reader's limits (no files, no network, a memory limit) hold.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import duckdb

from timeline.store.reading import NoSnapshotYet, is_write_statement, read_only
from timeline.stories.report import format_table

HELP = """Statements end with ';' and may span several lines. Only reading is allowed.
  .tables           the tables and views of the store
  .schema NAME      the columns of a table or view
  .json / .table    rows as JSON objects, or as a table (the default)
  .help             this text
  .quit, .exit      leave (so does Ctrl-D)"""


class SqlRefused(Exception):
    """A statement that was not run, with the reason to show the user."""


def read_query(db_path: Path, query: str, limit: int) -> tuple[list[str], list[tuple[object, ...]]]:
    """The columns and first `limit` rows of a read-only statement; SqlRefused says why it was not run."""
    if is_write_statement(query):
        raise SqlRefused("refused: the timeline database is read-only; SQL here may only read")
    try:
        with read_only(db_path) as connection:
            cursor = connection.execute(query)
            columns = [d[0] for d in cursor.description or []]
            return columns, cursor.fetchmany(limit) if columns else []
    except NoSnapshotYet as error:
        raise SqlRefused(str(error)) from None
    except duckdb.Error as error:
        message = str(error)
        if "read-only" in message:
            message = "refused: the timeline database is opened read-only; SQL here may only read. " + message
        raise SqlRefused(message) from None


def format_rows(columns: Sequence[str], rows: Sequence[Sequence[object]], as_json: bool) -> str:
    if as_json:
        return "\n".join(json.dumps(dict(zip(columns, row, strict=True)), default=str, ensure_ascii=False)
                         for row in rows)
    return format_table(columns, rows)


@dataclass
class SqlShell:
    """Reads lines, runs each complete statement, writes results and errors; `failures` counts errors."""

    db_path: Path
    out: TextIO
    limit: int = 1000
    as_json: bool = False
    failures: int = 0
    _pending: list[str] = field(default_factory=list)

    @property
    def continuing(self) -> bool:
        """Whether a statement has begun and waits for its ';'."""
        return bool(self._pending)

    def feed(self, line: str) -> bool:
        """Take one line; False when the user asked to leave."""
        stripped = line.strip()
        if not self._pending and stripped.startswith("."):
            return self._dot_command(stripped)
        if stripped:
            self._pending.append(line.rstrip("\n"))
        if stripped.endswith(";"):
            statement, self._pending = "\n".join(self._pending), []
            self._run(statement)
        return True

    def discard(self) -> None:
        """Drop the statement being typed."""
        self._pending.clear()

    def finish(self) -> None:
        """End of input: a last statement without its ';' is run too."""
        if self._pending:
            statement, self._pending = "\n".join(self._pending), []
            self._run(statement)

    def _run(self, statement: str) -> None:
        result = self._query(statement, self.limit)
        if result is not None:
            columns, rows = result
            self._write(format_rows(columns, rows, self.as_json) if columns else "ok")

    def _query(self, statement: str, limit: int) -> tuple[list[str], list[tuple[object, ...]]] | None:
        """The statement's columns and rows, or None once its error is written and counted."""
        try:
            return read_query(self.db_path, statement, limit)
        except SqlRefused as error:
            self._fail(str(error))
            return None

    def _fail(self, message: str) -> None:
        self.failures += 1
        self._write(f"error: {message}")

    def _dot_command(self, command: str) -> bool:
        name, _, argument = command.partition(" ")
        commands: dict[str, Callable[[str], None]] = {
            ".tables": lambda _: self._tables(), ".schema": self._schema, ".help": lambda _: self._write(HELP),
            ".json": lambda _: self._set_json(True), ".table": lambda _: self._set_json(False),
        }
        if name in (".quit", ".exit"):
            return False
        if name not in commands:
            self._fail(f"unknown command {name}; .help lists them")
            return True
        commands[name](argument.strip())
        return True

    def _tables(self) -> None:
        result = self._query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                             "ORDER BY table_name", 10_000)
        if result is not None:
            self._write("  ".join(str(name) for (name,) in result[1]))

    def _schema(self, name: str) -> None:
        if not name:
            self._write("error: .schema needs a table name (.tables lists them)")
            return
        result = self._query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
                             f"'main' AND table_name = {_literal(name)} ORDER BY ordinal_position", 10_000)
        if result is not None:
            columns, rows = result
            self._write(format_table(columns, rows) if rows else f"error: no table or view named {name}")

    def _set_json(self, as_json: bool) -> None:
        self.as_json = as_json

    def _write(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def run_script(shell: SqlShell, lines: Iterable[str]) -> None:
    """Statements and dot commands read from a file or a pipe, without prompts."""
    for line in lines:
        if not shell.feed(line):
            return
    shell.finish()


def run_prompt(shell: SqlShell, history: Path) -> None:
    """The interactive prompt, with line editing and a history kept in `history`."""
    import readline

    history.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(2000)
    shell.out.write(f"timeline sql on {shell.db_path} (read-only). End statements with ';'. .help for help.\n")
    try:
        while True:
            try:
                line = input("   ...> " if shell.continuing else "timeline> ")
            except KeyboardInterrupt:  # Ctrl-C drops the statement being typed, as shells do
                shell.out.write("\n")
                shell.discard()
                continue
            except EOFError:
                shell.out.write("\n")
                break
            if not shell.feed(line):
                break
    finally:
        with contextlib.suppress(OSError):
            readline.write_history_file(history)
