"""How a table is declared: once, as an ordered list of columns whose types come from the pydantic model the
rows are made from (timeline.models declares the published tables next to their models). The DuckDB DDL, the
migration of files written by earlier versions, the Arrow schema of the rows the writer appends, and the column
lists readers select are all derived from that declaration.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

import pyarrow as pa
from pydantic import BaseModel

# Python types of model fields and their DuckDB and Arrow column types. Integers are 32-bit unless declared
# otherwise (BIGINT: a count that can outgrow 2^31).
_SCALARS: dict[type, tuple[str, pa.DataType]] = {
    str: ("VARCHAR", pa.string()),
    int: ("INTEGER", pa.int32()),
    float: ("DOUBLE", pa.float64()),
    bool: ("BOOLEAN", pa.bool_()),
    datetime: ("TIMESTAMP", pa.timestamp("us")),
    date: ("DATE", pa.date32()),
}
BIGINT = ("BIGINT", pa.int64())
# the batch that wrote a row of a published table (timeline.store.publishing)
SEQ_COLUMN = "_seq"


@dataclass(frozen=True)
class Column:
    name: str
    sql: str
    arrow: pa.DataType
    required: bool = False

    def definition(self) -> str:
        return f"{quoted(self.name)} {self.sql}{' NOT NULL' if self.required else ''}"


def utc_naive(value: datetime) -> datetime:
    """A timestamp as the store keeps it: the UTC instant without a zone."""
    return value.astimezone(UTC).replace(tzinfo=None)


def quoted(name: str) -> str:
    """A column name as SQL reads it ("end" is a keyword)."""
    return f'"{name}"' if name in _KEYWORDS else name


_KEYWORDS = frozenset({"end"})


@dataclass(frozen=True)
class Table:
    """One table: its ordered columns and, for a table the writer publishes, the column its tombstones are keyed
    by (None: rows are only ever appended)."""

    name: str
    columns: tuple[Column, ...]
    published: bool = True
    key: str | None = None
    primary_key: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def ddl(self) -> str:
        """CREATE for a new file, then every column added if missing, so that a file written by an earlier
        version gains the columns declared since (at the end, nullable; a new file has them all already)."""
        columns = [*self.columns, Column(SEQ_COLUMN, *BIGINT)] if self.published else list(self.columns)
        definitions = [c.definition() for c in self.columns]
        if self.primary_key:
            definitions.append(f"PRIMARY KEY ({quoted(self.primary_key)})")
        create = f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(definitions)});\n"
        added = "".join(f"ALTER TABLE {self.name} ADD COLUMN IF NOT EXISTS {quoted(c.name)} {c.sql}"
                        f"{' DEFAULT 0' if c.name == SEQ_COLUMN else ''};\n" for c in columns)
        return create + added

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(column.name, column.arrow) for column in self.columns])

    def select_list(self, alias: str = "", names: Sequence[str] | None = None) -> str:
        """The columns (all, or these) as a SELECT list, each prefixed by `alias.`."""
        prefix = f"{alias}." if alias else ""
        return ", ".join(prefix + quoted(self.column(name).name) for name in (names or self.names))


def declare(name: str, columns: str, *sources: type[BaseModel] | Mapping[str, object], required: str = "",
            published: bool = True, key: str | None = None, renamed: Mapping[str, str] | None = None,
            primary_key: str | None = None) -> Table:
    """A table of these columns (in this order, separated by spaces), each typed by the first source that has it:
    a pydantic model's field (through `renamed`: column -> field) or a mapping of column to Python type (or to
    an explicit (sql, arrow) pair). `required`: the columns that are NOT NULL; `key`: what a published table's
    tombstones are keyed by; `primary_key`: a unique column (for upserts)."""
    needed = set(required.split())
    declared = []
    for column in columns.split():
        sql, arrow = _type_of(column, sources, renamed or {})
        declared.append(Column(column, sql, arrow, column in needed))
    unknown = needed - {c.name for c in declared}
    if unknown:
        raise ValueError(f"{name}: required columns not declared: {sorted(unknown)}")
    return Table(name, tuple(declared), published, key, primary_key)


def _type_of(column: str, sources: Sequence[type[BaseModel] | Mapping[str, object]],
             renamed: Mapping[str, str]) -> tuple[str, pa.DataType]:
    for source in sources:
        if isinstance(source, Mapping):
            if column in source:
                return _column_type(source[column])
        else:
            field = source.model_fields.get(renamed.get(column, column))
            if field is not None:
                return _column_type(field.annotation)
    raise ValueError(f"column {column!r} has no type in {[getattr(s, '__name__', 'mapping') for s in sources]}")


def _column_type(annotation: object) -> tuple[str, pa.DataType]:
    if isinstance(annotation, tuple):
        sql, arrow = annotation
        return str(sql), arrow
    annotation = _without_none(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, Sequence, frozenset):
        (item,) = {a for a in typing.get_args(annotation) if a is not Ellipsis}
        sql, arrow = _column_type(item)
        return f"{sql}[]", pa.list_(arrow)
    if origin is typing.Literal:
        return _SCALARS[str]
    if annotation in _SCALARS:
        return _SCALARS[annotation]  # type: ignore[index]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _SCALARS[str]
    raise TypeError(f"no column type for {annotation!r}")


def _without_none(annotation: object) -> object:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(kinds) == 1:
            return kinds[0]
    return annotation
