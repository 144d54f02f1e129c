"""What the page reads from DuckDB: every query opens a read-only connection and closes it at once, so
the writer is never blocked and each refresh sees the newest published snapshot."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from timeline.store.reading import NoSnapshotYet, is_write_statement, read_only
from timeline.stories.salience import key_events

EVENT_TYPES = ("announcement", "pause", "meeting", "other")

EXAMPLE_QUERIES = {
    "Merged timeline": "SELECT date_start, date_end, granularity, event_type, n_sources, title\n"
                       "FROM timeline ORDER BY date_start",
    "Entries reported by several outlets": "SELECT date_start, event_type, title, sources\nFROM timeline "
                                           "WHERE n_sources > 1 ORDER BY n_sources DESC",
    "Date mentions of one article": "SELECT start, \"end\", text, type, value, granularity\nFROM mentions "
                                    "WHERE article_id = (SELECT min(article_id) FROM articles) ORDER BY start",
    "Events with their evidence": "SELECT event_type, date_start, date_source, trigger, sentence\nFROM events "
                                  "ORDER BY date_start LIMIT 100",
    "Sources disagreeing on a date": "SELECT title, candidate_dates, sources FROM timeline WHERE dates_disagree",
    "Stories": "SELECT story_id, label, n_articles, first_published, last_published\nFROM stories "
               "ORDER BY last_published DESC",
    "Timeline of one story": "SELECT date_start, event_type, n_sources, title\nFROM timeline WHERE story_id = "
                             "(SELECT story_id FROM stories ORDER BY n_articles DESC LIMIT 1)\nORDER BY date_start",
    "Ingestion batches": "SELECT * FROM ingest_batches ORDER BY written_at DESC LIMIT 20",
}


class ReadOnlyViolation(ValueError):
    """A statement that would change the database; the page only reads."""


class QueryTooLong(RuntimeError):
    """A user's query that ran past the page's time limit and was stopped."""


# a user's query on the page is stopped after this long: the page is shared, a runaway query is not
QUERY_SECONDS = 20.0


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ("announcement", "pause", "meeting")
    start: date | None = None
    end: date | None = None
    sources: tuple[str, ...] = ()
    actor: str = ""
    search: str = ""
    mode: str = "happened"  # or "reported"
    min_sources: int = 1
    # "when it happened" shows what the text places (a date or a tense); events known only by their
    # publication day are there on request, and always in "when it was reported"
    with_publication_dated: bool = False
    # one story's timeline (a story id), or ALL_STORIES; empty: the story with the newest entries
    story: str = ""
    # "when it happened" opens on each story's key events (timeline.stories.salience: the entries of the days
    # that matter most to it); every entry on request
    all_entries: bool = False

    @property
    def key_entries_only(self) -> bool:
        return self.mode == "happened" and not self.all_entries and not self.with_publication_dated


ALL_STORIES = "all"
NEWEST_STORY = "SELECT story_id FROM timeline GROUP BY story_id ORDER BY max(first_reported) DESC, story_id LIMIT 1"
MAX_STORIES_LISTED = 200


def _frame(path: Path, query: str, params: list[object] | None = None) -> pd.DataFrame:
    with read_only(path) as connection:
        return connection.execute(query, params or []).df()


def database_ready(path: Path) -> bool:
    try:
        with read_only(path, attempts=3) as connection:
            connection.execute("SELECT 1 FROM timeline LIMIT 1")
        return True
    except (NoSnapshotYet, duckdb.Error):
        return False


def counts(path: Path) -> dict[str, object]:
    with read_only(path) as connection:
        row = connection.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM timeline),"
            " (SELECT count(*) FROM mentions), (SELECT max(ingested_at) FROM articles),"
            " (SELECT max(published) FROM articles), (SELECT max(written_at) FROM ingest_batches),"
            " (SELECT lag FROM ingest_batches ORDER BY written_at DESC LIMIT 1)"
        ).fetchone()
    assert row is not None
    return {"articles": row[0], "events": row[1], "entries": row[2], "mentions": row[3], "last_ingest": row[4],
            "last_published": row[5], "last_write": row[6], "writer_lag": row[7]}


def stories(path: Path) -> pd.DataFrame:
    """Stories with timeline entries, the one with the newest entries first (MAX_STORIES_LISTED of them)."""
    return _frame(path, """
        SELECT s.story_id, s.label, s.n_articles, s.first_published, s.last_published, t.n_entries
        FROM stories s JOIN (SELECT story_id, count(*) AS n_entries, max(first_reported) AS newest
                             FROM timeline GROUP BY story_id) t USING (story_id)
        ORDER BY t.newest DESC, s.story_id LIMIT ?""", [MAX_STORIES_LISTED])  # the order of NEWEST_STORY


def sources(path: Path) -> list[str]:
    return list(_frame(path, "SELECT DISTINCT source FROM articles ORDER BY source")["source"])


MAX_ENTRIES_SHOWN = 2_000
MAX_ARTICLES_LISTED = 500


def entries(path: Path, filters: Filters, limit: int = MAX_ENTRIES_SHOWN) -> pd.DataFrame:
    """Timeline entries matching the filters, dated by when they happened or when first reported: the newest
    `limit` of them (column `n_matching` counts them all), so that a large store answers as fast as a small one."""
    clauses = ["event_type IN (SELECT unnest(?))", "n_sources >= ?"]
    params: list[object] = [list(filters.types), filters.min_sources]
    if filters.mode == "happened" and not filters.with_publication_dated:
        clauses.append("date_source <> 'publication'")
    if filters.story == "":
        clauses.append(f"story_id IS NOT DISTINCT FROM ({NEWEST_STORY})")
    elif filters.story != ALL_STORIES:
        clauses.append("story_id = ?")
        params.append(filters.story)
    if filters.sources:
        clauses.append("len(list_intersect(sources, ?)) > 0")
        params.append(list(filters.sources))
    if filters.actor:
        clauses.append("list_contains(list_transform(actors, lambda a: lower(a)), lower(?))")
        params.append(filters.actor.strip())
    if filters.search:
        clauses.append("(title ILIKE ? OR entry_id IN (SELECT m.entry_id FROM timeline_members m JOIN events e "
                       "USING (event_id) WHERE e.sentence ILIKE ?))")
        params += [f"%{filters.search}%", f"%{filters.search}%"]
    first, last = ("CAST(first_reported AS DATE)", "CAST(first_reported AS DATE)") if filters.mode == "reported" \
        else ("date_start", "date_end")
    if filters.start:
        clauses.append(f"{last} >= ?")
        params.append(filters.start)
    if filters.end:
        clauses.append(f"{first} <= ?")
        params.append(filters.end)
    order = f"{first} DESC, entry_id DESC"
    if filters.key_entries_only:  # the most salient first, so that the key events are among those read
        order = f"salience DESC NULLS LAST, n_sources DESC, {order}"
    frame = _frame(path, f"""
        SELECT * FROM (
            SELECT *, count(*) OVER () AS n_matching FROM timeline WHERE {' AND '.join(clauses)}
            ORDER BY {order} LIMIT ?
        ) ORDER BY date_start, entry_id""", [*params, limit])
    frame["salience"] = frame["salience"].fillna(0.0)
    frame["key"] = frame["entry_id"].isin(key_entry_ids(frame))
    if filters.key_entries_only:
        frame = frame[frame["key"]]
    if filters.mode == "reported":
        frame["plot_start"] = pd.to_datetime(frame["first_reported"]).dt.normalize()
        frame["plot_end"] = frame["plot_start"]
    else:
        frame["plot_start"] = pd.to_datetime(frame["date_start"])
        frame["plot_end"] = pd.to_datetime(frame["date_end"])
    return frame.reset_index(drop=True)


def key_entry_ids(frame: pd.DataFrame) -> set[str]:
    """The key events of each story among these entries (timeline.stories.salience.key_events)."""
    if frame.empty:
        return set()
    rows = frame.assign(date_start=pd.to_datetime(frame["date_start"]).dt.date,
                        date_end=pd.to_datetime(frame["date_end"]).dt.date)
    return {entry.entry_id for entry in key_events(rows.itertuples(index=False))}


def evidence(path: Path, entry_id: str) -> pd.DataFrame:
    """Each member event of an entry with its article, sentence and the date expression that dated it."""
    return _frame(path, """
        SELECT e.event_id, e.event_type, e.trigger, e.trigger_start, e.trigger_end, e.sentence, e.sentence_start,
               e.date_start, e.date_end, e.granularity, e.date_source, e.date_text, e.date_value,
               e.date_mention_start, e.status, e.actors, a.article_id, a.source, a.title, a.url, a.published
        FROM timeline_members m JOIN events e USING (event_id) JOIN articles a ON a.article_id = e.article_id
        WHERE m.entry_id = ? ORDER BY a.published, e.event_id
    """, [entry_id])


def articles(path: Path) -> pd.DataFrame:
    """The newest articles (MAX_ARTICLES_LISTED of them) for the article picker."""
    return _frame(path, "SELECT article_id, source, title, published, n_mentions, n_events FROM articles "
                        "ORDER BY published DESC, article_id LIMIT ?", [MAX_ARTICLES_LISTED])


def article(path: Path, article_id: str) -> tuple[dict[str, object], pd.DataFrame, pd.DataFrame]:
    with read_only(path) as connection:
        cursor = connection.execute("SELECT * FROM articles WHERE article_id = ?", [article_id])
        columns = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        mentions = connection.execute("SELECT * FROM mentions WHERE article_id = ? ORDER BY start",
                                      [article_id]).df()
        events = connection.execute("SELECT event_type, trigger, date_start, date_end, granularity, date_source, "
                                    "status, sentence FROM events WHERE article_id = ? ORDER BY trigger_start",
                                    [article_id]).df()
    return (dict(zip(columns, row, strict=True)) if row else {}), mentions, events


def run_sql(path: Path, query: str, limit: int = 10_000, seconds: float = QUERY_SECONDS) -> pd.DataFrame:
    """Run a user's query read-only; statements that would write are refused before they reach DuckDB, and a
    query still running after `seconds` is interrupted (QueryTooLong)."""
    statements = [s for s in query.split(";") if s.strip()]
    if not statements:
        raise ValueError("empty query")
    if len(statements) > 1:
        raise ValueError("run one statement at a time")
    if is_write_statement(statements[0]):
        raise ReadOnlyViolation("this page only reads: statements that change the database are refused")
    with read_only(path) as connection:
        timer = threading.Timer(seconds, connection.interrupt)
        timer.start()
        try:
            cursor = connection.execute(statements[0])
            columns = [d[0] for d in cursor.description or []]
            return pd.DataFrame(cursor.fetchmany(limit), columns=columns)
        except duckdb.InterruptException:
            raise QueryTooLong(f"the query ran past the page's limit of {seconds:g} s and was stopped: narrow it "
                               "(a LIMIT, a date range, one story) or run it with `timeline sql`") from None
        except duckdb.Error as error:
            if "read-only" in str(error):
                raise ReadOnlyViolation(f"refused by the read-only connection: {error}") from None
            raise
        finally:
            timer.cancel()


def describe_period(start: date, end: date, granularity: str) -> str:
    """A date in words with its granularity: 'Mon 14 Jul 2025', 'week of 30 Jun – 6 Jul 2025'; a day counted in
    coarser units ("three weeks ago") 'about Mon 23 Jun 2025 (± a week)'."""
    if start == end:
        day = f"{start:%a %-d %b %Y}"
        return day if granularity in ("day", "vague") else f"about {day} (± a {granularity})"
    span = f"{start:%-d %b} – {end:%-d %b %Y}" if start.year == end.year else f"{start:%-d %b %Y} – {end:%-d %b %Y}"
    if granularity == "week":
        return f"week of {span}"
    if granularity == "month" and start.day == 1:
        return f"{start:%B %Y}"
    if granularity == "year" and start.month == 1 and start.day == 1 and end == date(start.year, 12, 31):
        return str(start.year)
    return f"{granularity} {span}" if granularity not in ("day",) else span


def timelinejs(frame: pd.DataFrame) -> str:
    """The view as TimelineJS JSON (https://timeline.knightlab.com/docs/json-format.html)."""
    events = []
    for row in frame.itertuples():
        start, end = pd.Timestamp(row.date_start), pd.Timestamp(row.date_end)
        event: dict[str, object] = {
            "start_date": {"year": start.year, "month": start.month, "day": start.day},
            "text": {"headline": row.title, "text": f"{row.event_type}; {row.n_sources} source(s): "
                                                    + ", ".join(row.sources)},
            "group": row.event_type,
            "unique_id": row.entry_id,
        }
        if end != start:
            event["end_date"] = {"year": end.year, "month": end.month, "day": end.day}
        events.append(event)
    return json.dumps({"title": {"text": {"headline": "Timeline"}}, "events": events}, indent=2)


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    columns = ["entry_id", "event_type", "date_start", "date_end", "granularity", "title", "n_sources", "sources",
               "article_ids", "first_reported", "dates_disagree", "candidate_dates", "actors", "date_source",
               "merge_reason"]
    out = frame[[c for c in columns if c in frame.columns]].copy()
    for column in ("date_start", "date_end"):
        if column in out:
            out[column] = pd.to_datetime(out[column]).dt.date
    for column in ("sources", "article_ids", "candidate_dates", "actors"):
        if column in out:
            out[column] = out[column].apply(lambda v: "; ".join(v) if v is not None else "")
    return out


def focus_range(frame: pd.DataFrame) -> tuple[datetime, datetime] | None:
    """The window a reader wants first: around the key events dated to a day, week or month (one entry of years
    before, or a vague "in the future" spanning ten years, must not squash the story into a pixel), padded by a
    few days."""
    if frame.empty:
        return None
    key = frame[frame["key"]] if "key" in frame and frame["key"].any() else frame
    precise = key[key["granularity"].isin(["day", "week", "month"])]
    chosen = precise if not precise.empty else key
    low, high = chosen["plot_start"].min(), chosen["plot_end"].max()
    pad = max(timedelta(days=3), (high - low) * 0.05)
    return (low - pad).to_pydatetime(), (high + pad + timedelta(days=1)).to_pydatetime()


LABELLED_ENTRIES = 5


def entries_to_label(frame: pd.DataFrame, count: int = LABELLED_ENTRIES, spacing: float = 0.2) -> pd.DataFrame:
    """The entries the chart names: the most widely reported, then the most recent, precise before vague;
    within one lane, none closer to a named one than `spacing` of the shown period (labels would overlap)."""
    if frame.empty:
        return frame
    window = focus_range(frame)
    assert window is not None
    gap = (window[1] - window[0]) * spacing
    middles = frame["plot_start"] + (frame["plot_end"] - frame["plot_start"]) / 2
    ranked = frame.assign(_vague=frame["granularity"] == "vague", _middle=middles).sort_values(
        ["_vague", "n_sources", "date_start", "entry_id"], ascending=[True, False, False, True])
    chosen: list[int] = []
    for index, row in ranked.iterrows():
        if len(chosen) == count:
            break
        if all(ranked.at[other, "event_type"] != row["event_type"] or abs(ranked.at[other, "_middle"] - row["_middle"])
               >= gap for other in chosen):
            chosen.append(index)
    return ranked.loc[chosen].drop(columns=["_vague", "_middle"])


def short_label(title: str, limit: int = 42) -> str:
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "…"


def default_entry(frame: pd.DataFrame) -> str | None:
    """The entry shown first: the most widely reported, then the most recent."""
    if frame.empty:
        return None
    ranked = frame.sort_values(["n_sources", "date_start", "entry_id"], ascending=[False, False, True])
    return str(ranked["entry_id"].iloc[0])
