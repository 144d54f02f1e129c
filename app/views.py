"""Rendering of the timeline page. Article text is untrusted: it is escaped before any markup is added."""

from __future__ import annotations

import html
import os
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app import data
from app.data import EVENT_TYPES, Filters

LANE = {name: index for index, name in enumerate(reversed(EVENT_TYPES))}
COLOURS = {"announcement": "#1f77b4", "pause": "#d62728", "meeting": "#2ca02c", "other": "#7f7f7f"}


def db_path() -> Path:
    return Path(os.environ.get("TIMELINE_DB", "timeline.duckdb"))


# -- view state in the URL -------------------------------------------------------------------------------

def filters_from_query(params: dict[str, str]) -> Filters:
    def day(value: str | None) -> date | None:
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None

    types = tuple(t for t in params.get("types", "announcement,pause,meeting").split(",") if t in EVENT_TYPES)
    return Filters(
        types=types or ("announcement", "pause", "meeting"),
        start=day(params.get("from")),
        end=day(params.get("to")),
        sources=tuple(s for s in params.get("sources", "").split("|") if s),
        actor=params.get("actor", ""),
        search=params.get("q", ""),
        mode=params.get("mode", "happened") if params.get("mode") in ("happened", "reported") else "happened",
        min_sources=max(1, int(params["min"])) if params.get("min", "").isdigit() else 1,
        with_publication_dated=params.get("undated") == "shown",
        story=params.get("story", ""),
        all_entries=params.get("all") == "shown",
    )


def query_from_filters(filters: Filters) -> dict[str, str]:
    params = {"types": ",".join(filters.types), "mode": filters.mode}
    if filters.start:
        params["from"] = filters.start.isoformat()
    if filters.end:
        params["to"] = filters.end.isoformat()
    if filters.sources:
        params["sources"] = "|".join(filters.sources)
    if filters.actor:
        params["actor"] = filters.actor
    if filters.search:
        params["q"] = filters.search
    if filters.min_sources > 1:
        params["min"] = str(filters.min_sources)
    if filters.with_publication_dated:
        params["undated"] = "shown"
    if filters.story:
        params["story"] = filters.story
    if filters.all_entries:
        params["all"] = "shown"
    return params


def sidebar_filters(path: Path) -> Filters:
    current = filters_from_query({k: st.query_params[k] for k in st.query_params})
    with st.sidebar:
        story_picker(path, current.story)
        story = str(st.session_state.get("story", current.story))
        st.header("Filters")
        types = st.multiselect("Event types", EVENT_TYPES, default=list(current.types), key="types")
        mode = st.radio("Date", ["happened", "reported"], index=0 if current.mode == "happened" else 1,
                        format_func=lambda m: "when it happened" if m == "happened" else "when it was reported",
                        key="mode", horizontal=True)
        start = st.date_input("From", value=current.start, key="from", format="YYYY-MM-DD")
        end = st.date_input("To", value=current.end, key="to", format="YYYY-MM-DD")
        chosen_sources = st.multiselect("Sources", data.sources(path),
                                        default=[s for s in current.sources if s], key="sources")
        actor = st.text_input("Actor", value=current.actor, key="actor", placeholder="e.g. Rutte")
        search = st.text_input("Search titles and sentences", value=current.search, key="q")
        min_sources = st.number_input("At least N sources", min_value=1, value=current.min_sources, key="min")
        with_publication_dated = st.checkbox(
            "Also events dated only by their publication", value=current.with_publication_dated, key="undated",
            help="Events whose sentence gives no date and no tense that places them; they are placed on the day "
                 "they were reported. 'When it was reported' always shows them.")
        all_entries = st.checkbox(
            "All entries (not only the key events)", value=current.all_entries, key="all",
            help="'When it happened' opens on each story's key events: the entries of the days that matter most "
                 "to it (named by many of its articles, recalled later, reported on), more for a longer story.")
    filters = Filters(types=tuple(types), start=start or None, end=end or None, sources=tuple(chosen_sources),
                      actor=actor, search=search, mode=mode, min_sources=int(min_sources),
                      with_publication_dated=with_publication_dated, story=story, all_entries=all_entries)
    wanted = query_from_filters(filters)
    if {k: st.query_params[k] for k in st.query_params if k != "entry"} != wanted:
        entry = st.query_params.get("entry")
        st.query_params.from_dict({**wanted, **({"entry": entry} if entry else {})})
    return filters


def _story_chosen() -> None:
    st.session_state["story_changed"] = True


@st.fragment(run_every=3)
def story_picker(path: Path, current: str) -> None:
    """One story's timeline at a time: a feed carries many. Default: whichever story has the newest entries,
    followed as the feed moves on; the list and the newest story's name are read again every few seconds. The
    choice is in session state under "story"; choosing reruns the page."""
    if st.session_state.pop("story_changed", False):
        st.rerun()  # the whole page follows the chosen story (the fragment alone would keep the old filters)
    listed = data.stories(path)
    if listed.empty:
        return

    def described(row: Any) -> str:
        articles = f"{row.n_articles} article{'s' if row.n_articles != 1 else ''}"
        return f"{row.label} ({articles}, {pd.Timestamp(row.first_published):%Y-%m-%d} – " \
               f"{pd.Timestamp(row.last_published):%Y-%m-%d})"

    labels = {"": f"Newest: {listed.iloc[0].label}"}
    labels |= {row.story_id: described(row) for row in listed.itertuples()}
    labels[data.ALL_STORIES] = "All stories"
    options = list(labels)
    index = options.index(current) if current in labels else 0
    st.selectbox("Story", options, index=index, format_func=labels.get, key="story", on_change=_story_chosen,
                 help="Articles are grouped into stories by the people, places and organisations they name and "
                      "the words they use; each story has its own timeline.")


# -- the chart ------------------------------------------------------------------------------------------------

def marker_symbol(row: pd.Series) -> str:
    if row["dates_disagree"]:
        return "x"
    if row["date_source"] != "text":
        return "circle-open"
    return "circle"


def hover_text(row: pd.Series) -> str:
    when = data.describe_period(pd.Timestamp(row["date_start"]).date(), pd.Timestamp(row["date_end"]).date(),
                                row["granularity"])
    flags = " — sources disagree on the date" if row["dates_disagree"] else ""
    dated = {"text": "date from the text", "tense": "placed by its tense"}.get(row["date_source"],
                                                                            "only the publication date")
    return (f"<b>{html.escape(row['title'])}</b><br>{when} ({row['granularity']}; {dated}){flags}"
            f"<br>{row['n_sources']} source(s): {html.escape(', '.join(row['sources']))}")


def timeline_figure(frame: pd.DataFrame) -> go.Figure:
    figure = go.Figure()
    for event_type in EVENT_TYPES:
        rows = frame[frame["event_type"] == event_type]
        if rows.empty:
            continue
        spans = rows[rows["plot_end"] > rows["plot_start"]]
        for _, row in spans.iterrows():
            figure.add_trace(go.Scatter(
                x=[row["plot_start"], row["plot_end"] + pd.Timedelta(hours=23)], y=[LANE[event_type]] * 2,
                mode="lines", line={"width": 3 if row["granularity"] == "vague" else 10, "color": COLOURS[event_type],
                                    "dash": "dot" if row["granularity"] == "vague" else "solid"},
                opacity=0.25 if row["granularity"] == "vague" else 0.45, hoverinfo="text", hovertext=hover_text(row),
                showlegend=False,
                customdata=[row["entry_id"]] * 2))
        jitter = rows.groupby("plot_start").cumcount() * 0.12
        figure.add_trace(go.Scatter(
            x=rows["plot_start"] + (rows["plot_end"] - rows["plot_start"]) / 2, y=LANE[event_type] + jitter,
            mode="markers", name=event_type, customdata=rows["entry_id"],
            marker={"size": 8 + 4 * rows["n_sources"].clip(upper=5), "color": COLOURS[event_type],
                    "symbol": [marker_symbol(r) for _, r in rows.iterrows()], "line": {"width": 2}},
            hoverinfo="text", hovertext=[hover_text(r) for _, r in rows.iterrows()]))
    # annotations, not a text trace: the range slider below would repeat a trace's text
    for rank, (_, row) in enumerate(data.entries_to_label(frame).iterrows()):
        figure.add_annotation(x=row["plot_start"] + (row["plot_end"] - row["plot_start"]) / 2,
                              y=LANE[row["event_type"]], text=html.escape(data.short_label(row["title"])),
                              showarrow=True, arrowhead=0, arrowcolor="#999", ax=0, ay=-22 - 14 * (rank % 2),
                              font={"size": 11}, bgcolor="rgba(255,255,255,0.8)")
    figure.update_layout(
        height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10}, dragmode="pan", hovermode="closest",
        yaxis={"tickvals": list(LANE.values()), "ticktext": list(LANE.keys()), "range": [-0.6, len(LANE) - 0.3],
               "fixedrange": True},
        xaxis={"type": "date", "rangeslider": {"visible": True}},
        legend={"orientation": "h", "y": 1.08},
    )
    window = data.focus_range(frame)
    if window:
        figure.update_xaxes(range=list(window))
    return figure


# -- panels ----------------------------------------------------------------------------------------------------

def highlighted(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escaped text with <mark> around (start, end) spans, each titled with its value; spans are offsets
    into the original text, and the escaping is done piece by piece so offsets stay right."""
    pieces, cursor = [], 0
    for start, end, label, colour in sorted(spans):
        if start < cursor or end > len(text):
            continue
        pieces.append(html.escape(text[cursor:start]))
        pieces.append(f'<mark style="background:{colour}" title="{html.escape(label)}">'
                      f"{html.escape(text[start:end])}</mark><sub>{html.escape(label)}</sub>")
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces).replace("\n", "<br>")


def resolution_note(row: pd.Series) -> str:
    published = pd.Timestamp(row["published"]).date()
    when = data.describe_period(pd.Timestamp(row["date_start"]).date(), pd.Timestamp(row["date_end"]).date(),
                                row["granularity"])
    if row["date_source"] == "tense":
        return (f"no date in the sentence; its tense places it at publication ({published:%a %-d %b %Y}) or "
                f"after it → {when}")
    if row["date_source"] == "publication" or not row["date_text"]:
        return f"no date in the sentence: dated by publication, {published:%a %-d %b %Y}"
    return f"'{row['date_text']}' in an article published {published:%a %-d %b %Y} → {when} ({row['date_value']})"


def evidence_panel(path: Path, entry: pd.Series) -> None:
    st.subheader(entry["title"])
    when = data.describe_period(pd.Timestamp(entry["date_start"]).date(), pd.Timestamp(entry["date_end"]).date(),
                                entry["granularity"])
    st.write(f"**{entry['event_type']}** · {when} · {entry['n_sources']} source(s) · first reported "
             f"{pd.Timestamp(entry['first_reported']):%-d %b %Y}")
    if entry["dates_disagree"]:
        st.warning("Sources disagree on the date: " + ", ".join(entry["candidate_dates"]))
    st.caption("Why merged: " + entry["merge_reason"])
    for _, row in data.evidence(path, entry["entry_id"]).iterrows():
        with st.container(border=True):
            link = f" · [link]({row['url']})" if row["url"] else ""
            st.markdown(f"**{html.escape(row['source'])}** — {html.escape(row['title'] or '')} · published "
                        f"{pd.Timestamp(row['published']):%-d %b %Y}{link}")
            spans = [(int(row["trigger_start"]) - int(row["sentence_start"]),
                      int(row["trigger_end"]) - int(row["sentence_start"]), row["event_type"], "#c6e2ff")]
            if row["date_mention_start"] is not None and not pd.isna(row["date_mention_start"]) and row["date_text"]:
                offset = int(row["date_mention_start"]) - int(row["sentence_start"])
                spans.append((offset, offset + len(row["date_text"]), str(row["date_value"]), "#ffe08a"))
            st.markdown(highlighted(row["sentence"], spans), unsafe_allow_html=True)
            st.caption(resolution_note(row) + f" · status: {row['status']}")


def article_panel(path: Path) -> None:
    listing = data.articles(path)
    if listing.empty:
        st.info("No articles yet.")
        return
    labels = {r.article_id: f"{pd.Timestamp(r.published):%Y-%m-%d} · {r.source} · {r.title}"
              for r in listing.itertuples()}
    chosen = st.selectbox("Article", list(labels), format_func=labels.get, key="article")
    row, mentions, events = data.article(path, chosen)
    st.markdown(f"**{html.escape(str(row['source']))}** · published {pd.Timestamp(row['published']):%a %-d %b %Y}"
                + (f" · [link]({row['url']})" if row.get("url") else ""))
    spans = [(int(m.start), int(m.end), f"{m.value}", "#ffe08a") for m in mentions.itertuples()]
    st.markdown(f"<div style='line-height:1.7'>{highlighted(str(row['text']), spans)}</div>", unsafe_allow_html=True)
    st.markdown("**Events found**")
    st.dataframe(events, hide_index=True, width="stretch")


def sql_panel(path: Path) -> None:
    examples = data.EXAMPLE_QUERIES
    example = st.selectbox("Example queries", list(examples), key="sql_example")
    query = st.text_area("Read-only SQL", value=examples[example], height=140, key="sql_text")
    if st.button("Run", key="sql_run"):
        try:
            result = data.run_sql(path, query)
        except (data.ReadOnlyViolation, data.QueryTooLong) as error:
            st.error(str(error))
            return
        except Exception as error:
            st.error(f"{type(error).__name__}: {error}")
            return
        st.dataframe(result, hide_index=True, width="stretch")
        st.download_button("Download CSV", result.to_csv(index=False), "query.csv", "text/csv", key="sql_csv")


def exports(frame: pd.DataFrame) -> None:
    table = data.export_frame(frame)
    left, middle, right = st.columns(3)
    left.download_button("Export CSV", table.to_csv(index=False), "timeline.csv", "text/csv", key="exp_csv")
    middle.download_button("Export JSON", table.to_json(orient="records", date_format="iso", indent=2),
                           "timeline.json", "application/json", key="exp_json")
    right.download_button("Export TimelineJS", data.timelinejs(frame), "timelinejs.json", "application/json",
                          key="exp_tljs")


def freshness(stats: dict[str, object]) -> str:
    if not stats["last_ingest"]:
        return "Nothing ingested yet"
    lag = stats.get("writer_lag")
    behind = "" if lag is None else f" · writer {lag} record{'s' if lag != 1 else ''} behind the analysed topic"
    return (f"Last article stored {stats['last_ingest']:%Y-%m-%d %H:%M:%S} UTC · newest publication "
            f"{stats['last_published']:%Y-%m-%d}{behind} · refreshed every 3 s")


@st.fragment(run_every=3)
def live_timeline(path: Path, filters: Filters) -> None:
    """Re-read every few seconds, so new entries appear while ingestion runs, without a page reload."""
    stats = data.counts(path)
    frame = data.entries(path, filters)
    columns = st.columns(4)
    columns[0].metric("Articles", stats["articles"])
    columns[1].metric("Events", stats["events"])
    columns[2].metric("Timeline entries", stats["entries"])
    columns[3].metric("Shown", len(frame))
    st.caption(freshness(stats))
    matching = int(frame["n_matching"].iloc[0]) if not frame.empty else 0
    if matching > len(frame) and filters.key_entries_only:
        st.caption(f"Showing the {len(frame):,} key events of {matching:,} entries (the days that matter most to "
                   "the story): tick 'All entries' to see every one.")
    elif matching > len(frame):
        st.caption(f"Showing the newest {len(frame):,} of {matching:,} matching entries: narrow the dates, an "
                   "actor or a search to see older ones.")
    if frame.empty:
        st.info("No timeline entries match the filters.")
        return
    st.plotly_chart(timeline_figure(frame), width="stretch", key="chart",
                    config={"scrollZoom": True, "displaylogo": False})
    labels = {r.entry_id: f"{pd.Timestamp(r.date_start):%Y-%m-%d} · {r.event_type} · {r.title} "
                          f"({r.n_sources} source{'s' if r.n_sources != 1 else ''})" for r in frame.itertuples()}
    wanted = st.query_params.get("entry")
    ids = list(labels)
    index = ids.index(wanted) if wanted in labels else ids.index(data.default_entry(frame))
    chosen = st.selectbox("Entry", ids, index=index, format_func=labels.get, key="entry_select")
    if chosen != wanted:
        st.query_params["entry"] = chosen
    evidence_panel(path, frame[frame["entry_id"] == chosen].iloc[0])
    st.divider()
    st.dataframe(data.export_frame(frame)[["date_start", "date_end", "granularity", "event_type", "n_sources",
                                           "title", "sources"]], hide_index=True, width="stretch")
    exports(frame)


def render_page() -> None:
    path = db_path()
    st.title("Timeline")
    if not data.database_ready(path):
        st.info(f"Waiting for data in {path}: start ingestion with `timeline run` and `timeline produce`, "
                "or `timeline demo`.")
        st.button("Check again", key="retry")
        return
    filters = sidebar_filters(path)
    timeline_tab, article_tab, sql_tab = st.tabs(["Timeline", "Articles", "SQL"])
    with timeline_tab:
        live_timeline(path, filters)
    with article_tab:
        article_panel(path)
    with sql_tab:
        sql_panel(path)
