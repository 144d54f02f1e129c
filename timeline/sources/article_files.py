"""Reading articles from JSON, JSONL, folders and streams, keeping every record's location for errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from timeline.models import Article, InvalidArticle, parse_article

ARTICLE_SUFFIXES = (".json", ".jsonl", ".ndjson")


@dataclass(frozen=True)
class ArticleRecord:
    """One input record: a valid article or the reason it was rejected, with where it came from and its bytes
    as read (a rejected record is dead-lettered with them)."""

    location: str
    article: Article | None
    error: str | None
    original: bytes = b""


def _record(payload: object, location: str, base_dir: Path | None, original: bytes) -> ArticleRecord:
    try:
        if isinstance(payload, dict) and "text" not in payload and "file" in payload and base_dir:
            # The capture format of ../shared/seeds: metadata in JSON, body in a text file beside it.
            payload = {**payload, "text": (base_dir / str(payload["file"])).read_text(encoding="utf-8")}
        return ArticleRecord(location, parse_article(payload, location), None, original)
    except InvalidArticle as error:
        return ArticleRecord(location, None, str(error), original)
    except UnicodeDecodeError as error:
        return ArticleRecord(location, None, f"{location}: text file {not_utf8(error)}", original)
    except OSError as error:
        return ArticleRecord(location, None, f"{location}: cannot read text file: {error}", original)


def not_utf8(error: UnicodeDecodeError) -> str:
    """The reason for bytes that are not UTF-8, said as the encoding problem it is."""
    return (f"is not UTF-8 (an encoding problem): byte 0x{error.object[error.start]:02x} at position "
            f"{error.start} cannot be decoded; save it as UTF-8")


def read_jsonl(stream: IO[bytes] | IO[str], name: str) -> Iterator[ArticleRecord]:
    """One record a line; a line that is not UTF-8 or not JSON is rejected alone, the rest are read."""
    for number, raw in enumerate(stream, start=1):
        location = f"{name}:{number}"
        original = (raw if isinstance(raw, bytes) else raw.encode("utf-8", errors="surrogateescape")).rstrip(b"\r\n")
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as error:
            yield ArticleRecord(location, None, f"{location}: line {not_utf8(error)}", original)
            continue
        if not line.strip():
            continue
        try:
            payload = json.loads(line)
        except json.JSONDecodeError as error:
            yield ArticleRecord(location, None, f"{location}: invalid JSON: {error.msg} at column {error.colno}",
                                original)
            continue
        yield _record(payload, location, None, original)


def _read_json_document(path: Path) -> Iterator[ArticleRecord]:
    original = path.read_bytes()
    try:
        payload = json.loads(original.decode("utf-8"))
    except UnicodeDecodeError as error:
        yield ArticleRecord(str(path), None, f"{path}: file {not_utf8(error)}", original)
        return
    except json.JSONDecodeError as error:
        yield ArticleRecord(str(path), None, f"{path}: invalid JSON document: {error}", original)
        return
    if isinstance(payload, dict) and isinstance(payload.get("articles"), list):
        payload = payload["articles"]
    items = payload if isinstance(payload, list) else [payload]
    for index, item in enumerate(items):
        yield _record(item, f"{path}[{index}]", path.parent, json.dumps(item, ensure_ascii=False).encode("utf-8"))


def _read_jsonl_file(path: Path) -> Iterator[ArticleRecord]:
    with path.open("rb") as stream:
        yield from read_jsonl(stream, str(path))


def read_article_file(path: Path) -> Iterator[ArticleRecord]:
    if path.suffix == ".json":
        yield from _read_json_document(path)
    else:
        yield from _read_jsonl_file(path)


def article_files(path: Path) -> list[Path]:
    """The article files a path names: itself, or the JSON/JSONL files of a folder in name order."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
    return [path]


def read_articles(paths: Iterable[Path]) -> Iterator[ArticleRecord]:
    """Records from files and folders; the path "-" reads JSONL from standard input."""
    for path in paths:
        if str(path) == "-":
            yield from read_jsonl(sys.stdin.buffer, "<stdin>")
            continue
        if not path.exists():
            yield ArticleRecord(str(path), None, f"{path}: no such file or folder")
            continue
        for file in article_files(path):
            try:
                yield from read_article_file(file)
            except OSError as error:  # unreadable (permissions, a folder named .json, gone while read)
                yield ArticleRecord(str(file), None, f"{file}: cannot read: {error.strerror or error}")
