from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS
from timeline.analysis.pipeline import analyse_article
from timeline.sources.article_files import read_articles
from timeline.store.storage import TimelineStore


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published snapshot of the analysed seed articles, as the writer would leave it."""
    path = tmp_path_factory.mktemp("db") / "timeline.duckdb"
    store = TimelineStore(path)
    store.write_batch([analyse_article(r.article) for r in read_articles([SEEDS]) if r.article])
    store.close()
    return path
