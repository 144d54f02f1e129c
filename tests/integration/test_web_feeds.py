"""Feeds and pages served on loopback, through `timeline produce --feed/--url`, the real broker, the analysis
group and the writer into DuckDB; bad feeds and pages dead-lettered with their reasons; nothing published twice."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from broker.clients import producer
from consumers.dead_letters import WEB_SOURCE, read_dead_letters
from producers.web_fetch import Fetcher
from producers.web_producer import SeenStore, WebProducer, WebReport, follow
from tests.conftest import running_pipeline
from tests.integration.test_pipeline import query, run_cli
from tests.web_server import Site, article_page, serve
from timeline.settings import Settings
from timeline.sources.web_pages import article_id_for

pytestmark = pytest.mark.integration
# the test site is on loopback, which the fetcher refuses unless told otherwise
FAST = ["--rate-limit", "0", "--fetch-timeout", "1", "--allow-private-hosts"]


def rss(site: Site, title: str, items: list[tuple[str, str, str | None, str | None]]) -> str:
    """An RSS 2.0 feed of (title, link, pubDate, description) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + (f"<description>{description}</description>" if description else "") + "</item>"
        for t, link, date, description in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>{site.base}/</link>'
            f"{entries}</channel></rss>")


@pytest.fixture
def newsroom() -> Iterator[Site]:
    """A small outlet: article pages, an RSS, an Atom and a JSON feed, and every kind of broken document."""
    with serve() as site:
        site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        ferry = site.add("/world/ferry-strike", article_page("Ferry strike ends", [
            "Ferry crews ended their strike on Monday after two weeks of talks with the port authority, the "
            "union said.", "Services resume on Wednesday, the operator announced, and extra sailings are planned "
            "for the weekend."], published="2025-07-15T10:00:00+00:00"))
        copy = site.add("/partner/ferry-strike-copy", article_page("Ferry strike ends", [
            "Ferry crews ended their strike on Monday after two weeks of talks with the port authority, the "
            "union said.", "Services resume on Wednesday, the operator announced, and extra sailings are planned "
            "for the weekend."], published="2025-07-15T10:00:00+00:00", site_name="Partner Wire"))
        bridge = site.add("/2025/07/16/bridge-reopens", article_page("Bridge reopens", [
            "The old river bridge reopened on Wednesday after repairs that began in March, the city council "
            "said.", "Trucks will be allowed back from next Monday."]))
        german = site.add("/de/faehre", article_page("Fähre fährt wieder", [
            "Die Fähre zwischen Kiel und Oslo fährt seit Montag wieder, teilte die Reederei am Dienstag mit.",
            "Am Mittwoch soll der Fahrplan wieder vollständig gelten."], published="2025-07-15", lang="de",
            site_name="Küstenzeitung"))
        undated = site.add("/world/undated", article_page("Harbour plans", [
            "The harbour board discussed plans for a new terminal on Tuesday, a spokesman said after the meeting "
            "in the town hall."]))
        private = site.add("/private/leak", article_page("Internal", ["Not for robots. " * 10],
                                                         published="2025-07-15"))
        slow = site.add("/world/slow", article_page("Late", ["This page answers too late. " * 5],
                                                    published="2025-07-15"), delay_s=3)
        missing = f"{site.base}/world/gone"
        site.add("/rss.xml", rss(site, "Harbour Gazette", [
            ("Ferry strike ends", ferry, "Tue, 15 Jul 2025 10:00:00 GMT", None),
            ("Bridge reopens", bridge, "Wed, 16 Jul 2025 08:00:00 GMT", None),
            ("Gone", missing, "Wed, 16 Jul 2025 09:00:00 GMT", None),
            ("Undated", undated, None, None),
            ("Private", private, "Wed, 16 Jul 2025 09:00:00 GMT", None),
            ("Slow", slow, "Wed, 16 Jul 2025 09:30:00 GMT", None),
        ]), "application/rss+xml")
        site.add("/atom.xml", f"""<?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Küstenzeitung</title><id>urn:k</id>
            <updated>2025-07-15T10:00:00Z</updated>
            <entry><title>Fähre</title><link href="{german}"/><id>urn:k:1</id>
            <published>2025-07-15T09:00:00Z</published></entry>
            <entry><title>Ferry strike ends (again)</title><link href="{ferry}"/><id>urn:k:2</id>
            <published>2025-07-15T10:00:00Z</published></entry></feed>""", "application/atom+xml")
        site.add("/feed.json", json.dumps({
            "version": "https://jsonfeed.org/version/1.1", "title": "Partner Wire",
            "items": [{"id": "p1", "url": copy, "title": "Ferry strike ends",
                       "date_published": "2025-07-15T11:00:00Z"}]}), "application/feed+json")
        site.add("/broken.xml", "<html><body><h1>Feed moved</h1><p>Nothing to see.</p></body></html>")
        yield site


@pytest.fixture
def live(pipeline_settings: Settings) -> Iterator[Settings]:
    with running_pipeline(pipeline_settings):
        yield pipeline_settings


def wait_for_articles(settings: Settings, ids: list[str], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if query(settings, f"SELECT count(*) FROM articles WHERE article_id IN ({', '.join(map(repr, ids))})"
                     ) == [(len(ids),)]:
                return
        except Exception:  # no snapshot yet
            pass
        time.sleep(0.5)
    raise AssertionError(f"articles {ids} not all stored within {timeout_s}s")


def produce(settings: Settings, site: Site, *feeds: str, exit_code: int = 0) -> str:
    args = [arg for feed in feeds for arg in ("--feed", site.base + feed)]
    result = run_cli(settings, "produce", *args, *FAST)
    assert result.returncode == exit_code, result.stdout + result.stderr
    return result.stdout


def test_feeds_go_through_the_live_path_and_bad_documents_are_dead_lettered(live: Settings,
                                                                            newsroom: Site) -> None:
    base = newsroom.base
    first = produce(live, newsroom, "/rss.xml", "/atom.xml", "/feed.json", "/broken.xml", exit_code=1)
    ferry, bridge, german = (article_id_for(base + p) for p in ("/world/ferry-strike", "/2025/07/16/bridge-reopens",
                                                                "/de/faehre"))
    wait_for_articles(live, [ferry, bridge, german])

    rows = {r[0]: r[1:] for r in query(live, "SELECT article_id, source, title, url, language, "
                                             "strftime(published, '%Y-%m-%d %H:%M'), text FROM articles")}
    assert set(rows) == {ferry, bridge, german}, "the syndicated copy is a duplicate, not a second article"
    assert rows[ferry][:5] == ("Harbour Gazette", "Ferry strike ends", base + "/world/ferry-strike", "en",
                               "2025-07-15 10:00")
    assert rows[german][0] == "Küstenzeitung" and rows[german][3] == "de"
    for text in (r[5] for r in rows.values()):
        assert "<" not in text and "Copyright" not in text and "tracker" not in text
    assert query(live, f"SELECT count(*) > 0 FROM mentions WHERE article_id = '{ferry}' AND value = '2025-07-14'"
                 ) == [(True,)], "the text was analysed against the feed's publication date"
    assert query(live, f"SELECT count(*) > 0 FROM timeline_members WHERE article_id = '{ferry}'") == [(True,)], \
        "its events reached the merged timeline"

    letters = {letter.origin: letter for _, letter in read_dead_letters(live) if letter.source_topic == WEB_SOURCE}
    reasons = {base + p: letters[base + p].error_message
               for p in ("/world/gone", "/world/undated", "/private/leak", "/broken.xml")}
    assert letters[base + "/broken.xml"].article_id is None and letters[base + "/broken.xml"].stage == "feed"
    assert "HTTP 404" in reasons[base + "/world/gone"]
    assert "publication date cannot be established" in reasons[base + "/world/undated"]
    assert "robots.txt" in reasons[base + "/private/leak"] and not newsroom.hits("/private/leak")
    assert "not an RSS, Atom or JSON feed" in reasons[base + "/broken.xml"]
    assert "will retry " + base + "/world/slow" in first, "a slow server is tried again on the next poll"
    assert "duplicate text 1" in first

    # polling again: unchanged feeds answer 304, nothing is published twice, the slow page is retried
    second = produce(live, newsroom, "/rss.xml", "/atom.xml", "/feed.json", exit_code=75)  # a retry pending
    assert "not modified since the last poll" in second and "published 1" not in second
    newsroom.add("/rss.xml", newsroom.documents["/rss.xml"].body.replace(b"</channel>", b"<!-- new --></channel>"),
                 "application/rss+xml")
    third = produce(live, newsroom, "/rss.xml", exit_code=1)
    assert "published 0, seen before 5" in third and "dead-lettered 1" in third, third
    assert article_id_for(base + "/world/slow") in {
        letter.article_id for _, letter in read_dead_letters(live) if letter.source_topic == WEB_SOURCE}
    assert query(live, "SELECT count(*) FROM articles") == [(3,)]
    ours = [offset for offset, letter in read_dead_letters(live)
            if letter.source_topic == WEB_SOURCE and letter.error_message.startswith(base)]
    assert len(ours) == 5
    replayed = run_cli(live, "dlq", "replay", "--from-offset", str(min(ours)))
    assert replayed.returncode == 0, replayed.stderr
    assert "re-published 0 dead letter(s)" in replayed.stdout
    assert "5 dead letter(s) of pages and feeds" in replayed.stdout, replayed.stdout
    assert query(live, "SELECT count(*) FROM articles") == [(3,)], "replaying them published nothing"


def test_following_a_feed_polls_it_and_publishes_what_appears(live: Settings, newsroom: Site) -> None:
    base = newsroom.base
    ferry = base + "/world/ferry-strike"
    newsroom.add("/live.xml", rss(newsroom, "Harbour Gazette", [("Ferry", ferry, "Tue, 15 Jul 2025 10:00:00 GMT",
                                                                None)]), "application/rss+xml")
    client = producer(live)
    seen = SeenStore(live.state_dir / "web" / "seen.sqlite")
    web = WebProducer(client, Fetcher(allow_private_hosts=True, per_host_interval_s=0), seen)
    reports: list[WebReport] = []

    def poll_three_times() -> bool:
        if len(reports) == 1:  # between the first and second poll, a new item appears
            bridge = base + "/2025/07/16/bridge-reopens"
            newsroom.add("/live.xml", rss(newsroom, "Harbour Gazette", [
                ("Ferry", ferry, "Tue, 15 Jul 2025 10:00:00 GMT", None),
                ("Bridge", bridge, "Wed, 16 Jul 2025 08:00:00 GMT", None)]), "application/rss+xml")
        return len(reports) >= 3

    follow(web, [base + "/live.xml"], [], interval_s=0.2, on_report=reports.append, should_stop=poll_three_times)
    seen.close()
    client.close()
    assert [len(r.publish.published) for r in reports] == [1, 1, 0]
    assert reports[2].not_modified
    wait_for_articles(live, [article_id_for(ferry), article_id_for(base + "/2025/07/16/bridge-reopens")])


def test_a_loopback_url_is_refused_and_dead_lettered_without_being_fetched(live: Settings, newsroom: Site) -> None:
    url = newsroom.add("/world/inside-only", article_page("Inside only", ["Ministers met on Monday."], "2025-07-15"))
    asked = len(newsroom.requests)
    refused = run_cli(live, "produce", "--url", url, "--rate-limit", "0")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "not a public address; allow it with --allow-private-hosts" in refused.stdout
    assert len(newsroom.requests) == asked


def test_a_single_page_by_url_and_again_is_published_once(live: Settings, newsroom: Site) -> None:
    url = newsroom.base + "/world/ferry-strike"
    first = run_cli(live, "produce", "--url", url, *FAST)
    assert first.returncode == 0 and "published 1" in first.stdout, first.stdout + first.stderr
    wait_for_articles(live, [article_id_for(url)])
    again = run_cli(live, "produce", "--url", url, *FAST)
    assert "published 0, seen before 1" in again.stdout


LONG_DESCRIPTION = ("The harbour board met on Tuesday and agreed to build a second ferry terminal by next summer, "
                    "its chairman said after the vote.")


def test_feed_text_http_errors_and_pages_named_again(live: Settings, newsroom: Site) -> None:
    base = newsroom.base
    gone, guarded = base + "/world/gone-with-summary", base + "/private/with-summary"
    newsroom.add("/edges.xml", f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Edges</title>
        <language>de-DE</language>
        <item><title>Gone</title><link>{gone}</link><pubDate>Wed, 16 Jul 2025 09:00:00 GMT</pubDate>
          <description>{LONG_DESCRIPTION}</description></item>
        <item><title>Summit</title><link>{base}/private/brief</link><pubDate>Wed, 16 Jul 2025 09:00:00 GMT</pubDate>
          <description>Summit to be held in Geneva</description></item>
        <item><title>Guarded</title><link>{guarded}</link><pubDate>Wed, 16 Jul 2025 10:00:00 GMT</pubDate>
          <description>{LONG_DESCRIPTION.replace("second", "third")}</description></item>
        <item><title>Ohne Link</title><guid isPermaLink="false">edges-4</guid>
          <pubDate>Wed, 16 Jul 2025 11:00:00 GMT</pubDate>
          <description>Die Hafenbehörde hat am Dienstag beschlossen, bis zum nächsten Sommer ein zweites
          Fährterminal zu bauen, sagte ihr Vorsitzender nach der Abstimmung.</description></item>
        <item><title>Nothing at all</title></item>
        </channel></rss>""", "application/rss+xml")
    out = produce(live, newsroom, "/edges.xml", exit_code=1)
    assert "published 2" in out and "dead-lettered 2" in out, out
    assert "1 item(s) without a link" in out and "1 entry(ies) with neither a link nor text" in out
    letters = {letter.origin: letter for _, letter in read_dead_letters(live) if letter.source_topic == WEB_SOURCE}
    assert "HTTP 404" in letters[gone].error_message, "the feed's summary does not stand in for a page that is gone"
    assert "fewer than 12 words" in letters[base + "/private/brief"].error_message
    without_link = article_id_for(base + "/edges.xml#edges-4")
    wait_for_articles(live, [article_id_for(guarded), without_link])
    rows = dict(query(live, f"SELECT article_id, language FROM articles WHERE article_id IN "
                            f"('{article_id_for(guarded)}', '{without_link}')"))
    assert rows == {article_id_for(guarded): "de", without_link: "de"}, "the feed's language"

    # a page dead-lettered before is fetched again when named, and published once it is there
    again = run_cli(live, "produce", "--url", gone, *FAST)
    assert again.returncode == 1 and "dead-lettered 1" in again.stdout and "HTTP 404" in again.stdout
    newsroom.add("/world/gone-with-summary", article_page("Back", [LONG_DESCRIPTION], published="2025-07-16"))
    back = run_cli(live, "produce", "--url", gone, *FAST)
    assert back.returncode == 0 and "published 1" in back.stdout, back.stdout + back.stderr
    replay = run_cli(live, "dlq", "replay")
    assert f"timeline produce --url {gone}" in replay.stdout
