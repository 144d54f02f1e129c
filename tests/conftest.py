from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.models import Article, parse_article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "articles.jsonl"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    return [parse_article(json.loads(line), f"seed {i}") for i, line in enumerate(SEEDS.open(), 1)]
