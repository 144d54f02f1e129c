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
    """One input record: a valid article or the reason it was rejected, with where it came from."""

    location: str
    article: Article | None
    error: str | None


def _record(payload: object, location: str, base_dir: Path | None) -> ArticleRecord:
    try:
        if isinstance(payload, dict) and "text" not in payload and "file" in payload and base_dir:
            # The capture format of ../shared/seeds: metadata in JSON, body in a text file beside it.
            payload = {**payload, "text": (base_dir / str(payload["file"])).read_text(encoding="utf-8")}
        return ArticleRecord(location, parse_article(payload, location), None)
    except InvalidArticle as error:
        return ArticleRecord(location, None, str(error))
    except (OSError, UnicodeDecodeError) as error:
        return ArticleRecord(location, None, f"{location}: cannot read text file: {error}")


def read_jsonl(stream: IO[bytes] | IO[str], name: str) -> Iterator[ArticleRecord]:
    for number, raw in enumerate(stream, start=1):
        location = f"{name}:{number}"
        line = raw.decode("utf-8", errors="strict") if isinstance(raw, bytes) else raw
        if not line.strip():
            continue
        try:
            payload = json.loads(line)
        except json.JSONDecodeError as error:
            yield ArticleRecord(location, None, f"{location}: invalid JSON: {error.msg} at column {error.colno}")
            continue
        yield _record(payload, location, None)


def _read_json_document(path: Path) -> Iterator[ArticleRecord]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        yield ArticleRecord(str(path), None, f"{path}: invalid JSON document: {error}")
        return
    if isinstance(payload, dict) and isinstance(payload.get("articles"), list):
        payload = payload["articles"]
    items = payload if isinstance(payload, list) else [payload]
    for index, item in enumerate(items):
        yield _record(item, f"{path}[{index}]", path.parent)


def _read_jsonl_file(path: Path) -> Iterator[ArticleRecord]:
    with path.open("rb") as stream:
        try:
            yield from read_jsonl(stream, str(path))
        except UnicodeDecodeError as error:
            yield ArticleRecord(str(path), None, f"{path}: not UTF-8: {error}")


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
            yield from read_article_file(file)
