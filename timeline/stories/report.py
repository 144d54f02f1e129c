"""The merged timeline as a table: of a set of articles (offline) or of the DuckDB file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from timeline.analysis.pipeline import analyse_articles
from timeline.models import Article, TimelineEntry, newest_versions
from timeline.store.reading import read_only
from timeline.stories.merging import EventForMerge, merge_events
from timeline.stories.salience import article_days, with_salience
from timeline.stories.similarity import StoryVector, group_by_similarity


def timeline_of_articles(articles: Sequence[Article]) -> list[TimelineEntry]:
    """Analyse, group into stories and merge articles without Kafka or DuckDB; a later version of an id replaces
    the earlier."""
    analysed = analyse_articles(newest_versions(articles, lambda a: a))
    story_of = group_by_similarity(
        StoryVector(item.article.id, item.article.published, item.story_weights) for item in analysed)
    events = [EventForMerge.from_event(event, item.article, story_of[item.article.id])
              for item in analysed for event in item.events]
    return with_salience(merge_events(events), (article_days(item, story_of[item.article.id]) for item in analysed))


def entries_from_db(path: Path) -> list[TimelineEntry]:
    with read_only(path) as connection:
        cursor = connection.execute("SELECT * FROM timeline ORDER BY date_start, event_type, entry_id")
        columns = [d[0] for d in cursor.description]
        return [TimelineEntry.model_validate(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def describe_interval(start: date, end: date) -> str:
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


def format_table(columns: Sequence[str], rows: Sequence[Sequence[object]], max_width: int = 60) -> str:
    def cell(value: object) -> str:
        text = "" if value is None else str(value).replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join([line, rule, *body, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


def format_entries(entries: Sequence[TimelineEntry], min_sources: int = 1) -> str:
    shown = [e for e in entries if e.n_sources >= min_sources]
    rows = [
        (describe_interval(e.date_start, e.date_end), e.granularity.value, e.event_type.value, e.n_sources,
         ("⚠ " if e.dates_disagree else "") + e.title, e.date_source.value, ", ".join(e.sources))
        for e in shown
    ]
    return format_table(["when", "granularity", "type", "sources", "title", "dated from", "outlets"], rows)
