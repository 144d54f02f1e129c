"""Synthetic article streams for tests and benchmarks: real texts replicated under new ids and dates."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timeline.models import Article
from timeline.sources.article_files import read_articles


def source_texts(seeds: Path, timebank_dir: Path | None) -> list[tuple[str, str]]:
    """(source, text) pairs from the seed articles and, where present, the TimeBank/AQUAINT documents."""
    texts = [(r.article.source, r.article.text) for r in read_articles([seeds]) if r.article]
    if timebank_dir and timebank_dir.is_dir():
        for path in sorted(timebank_dir.glob("*.jsonl")):
            for line in path.open(encoding="utf-8"):
                document = json.loads(line)
                texts.append((document.get("corpus", path.stem), document["text"]))
    return texts


def generate(texts: list[tuple[str, str]], count: int, seed: int = 1, prefix: str = "gen",
             start: datetime = datetime(2025, 1, 1, tzinfo=UTC), days: int = 365) -> Iterator[Article]:
    """`count` articles cycling through the texts, each with a fresh id and a publication date in range."""
    rng = random.Random(seed)
    for index in range(count):
        source, text = texts[index % len(texts)]
        published = start + timedelta(days=rng.randrange(days), minutes=rng.randrange(1440))
        yield Article(id=f"{prefix}-{index:06d}", source=source, title=f"{source} #{index}", published=published,
                      text=text)
