"""Feeds and pages: parsing every feed format, extracting article pages, and fetching them politely."""

from __future__ import annotations

import itertools
import json
import socket
from datetime import UTC, date, datetime, timedelta

import pytest

from producers import web_fetch
from producers.web_fetch import Fetcher, FetchError, is_public_address
from tests.web_server import article_page, serve
from timeline.analysis.pipeline import analyse_article
from timeline.models import Article
from timeline.sources.feeds import MAX_FEED_BYTES, FeedError, parse_feed
from timeline.sources.web_pages import (
    NoPublicationDate,
    PageArticle,
    PageError,
    build_article,
    extract_page,
    html_to_text,
)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbour Gazette: World</title><link>https://gazette.example/</link>
<item><title>Fishing talks resume</title><link>https://gazette.example/world/fishing-talks</link>
<pubDate>Tue, 15 Jul 2025 09:30:00 +0200</pubDate>
<description>Negotiators met in Oslo.</description>
<content:encoded><![CDATA[<p>Negotiators from Norway and Chile met in Oslo on Tuesday.</p>]]></content:encoded></item>
<item><title>No link here</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Courier</title><id>urn:courier</id>
<updated>2025-07-16T10:00:00Z</updated>
<entry><title>Bridge reopens</title><link href="https://courier.example/bridge"/><id>urn:1</id>
<published>2025-07-16T08:00:00Z</published><updated>2025-07-16T09:00:00Z</updated>
<summary>The bridge reopened on Wednesday.</summary></entry></feed>"""

JSON_FEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "Mountain Post",
    "items": [{"id": "1", "url": "https://post.example/a", "title": "Avalanche warning",
               "content_html": "<p>Officials warned of avalanches on Friday.</p>",
               "date_published": "2025-07-18T07:15:00-04:00"},
              {"id": "2", "content_text": "An item without any link is published from this text."},
              {"id": "3", "title": "Neither a link nor any text"}],
})


def test_rss_items_keep_link_title_date_and_content() -> None:
    feed = parse_feed(RSS.encode(), "https://gazette.example/rss.xml")
    assert feed.title == "Harbour Gazette: World" and len(feed.items) == 1
    item = feed.items[0]
    assert item.link == "https://gazette.example/world/fishing-talks" and item.title == "Fishing talks resume"
    assert item.published == datetime(2025, 7, 15, 7, 30, tzinfo=UTC)
    assert "Norway and Chile" in (item.content_html or "")


def test_atom_takes_the_published_time_over_the_update() -> None:
    item = parse_feed(ATOM.encode()).items[0]
    assert item.link == "https://courier.example/bridge"
    assert item.published == datetime(2025, 7, 16, 8, 0, tzinfo=UTC)


def test_json_feed_items_with_a_url_and_their_dates_in_utc() -> None:
    feed = parse_feed(JSON_FEED.encode(), content_type="application/feed+json")
    assert feed.title == "Mountain Post" and [i.link for i in feed.items] == ["https://post.example/a", None]
    assert feed.items[0].published == datetime(2025, 7, 18, 11, 15, tzinfo=UTC)
    assert feed.items[0].key == "https://post.example/a" and feed.items[1].key == "feed#2"
    assert feed.unusable == 1


def test_items_without_a_link_are_kept_by_their_guid_and_counted_when_empty() -> None:
    body = (b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><language>ru-RU</language>
        <item><title>A</title><guid isPermaLink="false">wire-17</guid><description>Text of the wire item.</description>
        </item><item><title>Nothing</title></item>
        <item><title>B</title><link>https://wire.example/b</link></item></channel></rss>""")
    feed = parse_feed(body, "https://wire.example/rss")
    assert [(item.link, item.key) for item in feed.items] == [
        (None, "https://wire.example/rss#wire-17"), ("https://wire.example/b", "https://wire.example/b")]
    assert feed.unusable == 1 and feed.language == "ru" and {item.language for item in feed.items} == {"ru"}


def test_an_atom_feed_takes_its_language_from_xml_lang_and_an_urn_id_is_no_link() -> None:
    body = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-DE"><title>K</title>
        <entry><title>A</title><id>urn:k:1</id><content type="text">Die F\xc3\xa4hre f\xc3\xa4hrt.</content></entry>
        <entry><title>B</title><id>urn:k:2</id><content type="text" xml:lang="fr">Le bac repart.</content></entry>
        </feed>"""
    feed = parse_feed(body, "https://k.example/atom")
    assert [(item.link, item.language) for item in feed.items] == [(None, "de"), (None, "fr")]


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
    '<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
])
def test_a_feed_that_declares_xml_entities_is_refused(declaration: str) -> None:
    body = f'<?xml version="1.0"?>{declaration}<rss version="2.0"><channel><title>&lol2;</title></channel></rss>'
    with pytest.raises(FeedError, match="declares XML entities"):
        parse_feed(body.encode())


def test_an_rss_091_doctype_is_read_and_an_oversized_feed_refused() -> None:
    doctype = ('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
               '"http://my.netscape.com/publish/formats/rss-0.91.dtd">')
    body = RSS.replace('<rss version="2.0"', doctype + '<rss version="0.91"')
    assert doctype in body
    assert len(parse_feed(body.encode(), "https://gazette.example/rss.xml").items) == 1
    with pytest.raises(FeedError, match="larger than"):
        parse_feed(RSS.encode() + b" " * MAX_FEED_BYTES)


@pytest.mark.parametrize("body, reason", [
    (b"", "empty"),
    (b"<html><body><p>An ordinary page, not a feed.</p></body></html>", "not an RSS, Atom or JSON feed"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "not a JSON Feed"),
    (b'{"version": ', "invalid JSON"),
    (b"\x00\x01\x02 binary", "not an RSS"),
])
def test_what_is_not_a_feed_is_refused_with_the_reason(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(body)


def test_a_truncated_feed_keeps_its_complete_items_and_says_what_was_wrong() -> None:
    truncated = RSS.encode()[: RSS.index("<item><title>No link")] + b"<item><title>cut off"
    feed = parse_feed(truncated)
    assert [i.title for i in feed.items] == ["Fishing talks resume"]
    assert feed.warning


def test_an_article_page_gives_its_text_without_furniture_and_its_metadata() -> None:
    page = extract_page(article_page(
        "Ferry strike ends", ["Ferry crews ended their strike on Monday after two weeks of talks with the port "
                              "authority, the union said.", "Services resume on Wednesday, the operator said."],
        published="2025-07-14T18:05:00+01:00", canonical="https://gazette.example/ferry-strike"),
        "https://gazette.example/ferry-strike?utm_source=feed")
    assert page.title == "Ferry strike ends" and page.site_name == "Harbour Gazette"
    assert page.published == datetime(2025, 7, 14, 17, 5, tzinfo=UTC)
    assert page.canonical_url == "https://gazette.example/ferry-strike" and page.language == "en"
    assert "Services resume on Wednesday" in page.text
    for furniture in ("Home", "Copyright", "tracker", "<p>"):
        assert furniture not in page.text


def test_a_page_in_another_language_says_so() -> None:
    page = extract_page(article_page("Fähre fährt wieder", [
        "Die Fähre zwischen Kiel und Oslo fährt nach zwei Wochen Streik seit Montag wieder, teilte die Reederei "
        "mit.", "Am Mittwoch soll der Fahrplan wieder vollständig gelten."], published="2025-07-14", lang="de-DE"),
        "https://zeitung.example/faehre")
    assert page.language == "de" and "Kiel und Oslo" in page.text


def test_a_page_without_text_is_refused() -> None:
    with pytest.raises(PageError, match="no article text"):
        extract_page("<html><body><nav>Home</nav></body></html>", "https://x.example/empty")


def test_the_date_in_the_url_is_used_when_the_page_hides_it() -> None:
    page = extract_page(article_page("Harbour dredging", ["The harbour will be dredged from next week, the port "
                                                          "said on Thursday, after years of delays."]),
                        "https://gazette.example/2025/07/17/harbour-dredging")
    assert page.published is not None and page.published.date().isoformat() == "2025-07-17"


def test_no_publication_date_anywhere_is_an_error_not_today() -> None:
    page = PageArticle(url="https://x.example/undated", title="Undated", text="Ministers met on Monday.")
    with pytest.raises(NoPublicationDate, match="publication date cannot be established"):
        build_article(page)
    feed_date = datetime(2025, 7, 15, tzinfo=UTC)
    article = build_article(page, feed_title="Feed", feed_published=feed_date)
    assert article.published == feed_date and article.source == "Feed" and article.url == page.url


def test_the_same_canonical_url_is_the_same_article() -> None:
    page = PageArticle(url="https://x.example/a?utm=1", canonical_url="https://x.example/a", text="Talks began.",
                       published=datetime(2025, 7, 1, tzinfo=UTC))
    again = page.model_copy(update={"url": "https://x.example/a?ref=home", "text": "Talks began on Monday."})
    assert build_article(page).id == build_article(again).id


def test_html_fragments_and_documents_become_plain_text() -> None:
    assert html_to_text("<p>Leaders met on <b>Monday</b>.</p><script>x = 1</script>") == "Leaders met on Monday."
    assert html_to_text("") == ""


def test_an_article_sent_as_html_is_analysed_as_its_text() -> None:
    html = article_page("Summit", ["Leaders met in Rome on Monday to discuss grain exports, officials said.",
                                   "They will meet again on July 23."], published="2025-07-16")
    article = Article(id="h1", source="Wire", title="Summit", published=datetime(2025, 7, 16, tzinfo=UTC),
                      text=html)
    analysed = analyse_article(article)
    assert analysed.content_hash == article.content_hash()  # the hash of what was published
    assert "<" not in analysed.article.text and "Home" not in analysed.article.text
    for mention in analysed.mentions:
        assert analysed.article.text[mention.start:mention.end] == mention.text
    assert {m.value for m in analysed.mentions} >= {"2025-07-14", "2025-07-23"}


# -- fetching ------------------------------------------------------------------------------------------------

def test_conditional_get_answers_not_modified_the_second_time() -> None:
    with serve() as site:
        url = site.add("/rss.xml", RSS, "application/rss+xml")
        fetcher = Fetcher(allow_private_hosts=True, per_host_interval_s=0)
        first = fetcher.get(url)
        assert first.body.startswith(b"<?xml") and first.validators.etag
        second = fetcher.get(url, first.validators)
        assert second.not_modified and second.body == b""
        assert site.hits("/rss.xml")[1][1].get("If-None-Match") == first.validators.etag


@pytest.mark.parametrize("status, permanent", [(404, True), (410, True), (503, False), (429, False)])
def test_http_errors_say_whether_trying_again_can_help(status: int, permanent: bool) -> None:
    with serve() as site:
        url = site.add("/page", "gone", status=status)
        with pytest.raises(FetchError, match=f"HTTP {status}") as caught:
            Fetcher(allow_private_hosts=True, per_host_interval_s=0).get(url)
        assert caught.value.permanent is permanent


def test_a_slow_server_times_out_as_a_passing_failure() -> None:
    with serve() as site:
        url = site.add("/slow", "late", delay_s=2.0)
        with pytest.raises(FetchError, match=r"no answer within 0\.5 s") as caught:
            Fetcher(allow_private_hosts=True, timeout_s=0.5, per_host_interval_s=0).get(url)
        assert not caught.value.permanent


def test_robots_txt_is_obeyed_and_a_missing_one_allows_everything() -> None:
    with serve() as site:
        site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        allowed, private = site.add("/news/a", "ok"), site.add("/private/b", "secret")
        fetcher = Fetcher(allow_private_hosts=True, per_host_interval_s=0)
        assert fetcher.get(allowed).body == b"ok"
        with pytest.raises(FetchError, match=r"robots\.txt") as caught:
            fetcher.get(private)
        assert caught.value.permanent and not site.hits("/private/b")
    with serve() as site:
        assert Fetcher(allow_private_hosts=True, per_host_interval_s=0).get(site.add("/news/a", "ok")).body == b"ok"


def test_requests_to_one_host_are_spaced_by_the_rate_limit() -> None:
    with serve() as site:
        urls = [site.add(f"/p{i}", "x") for i in range(3)]
        fetcher = Fetcher(allow_private_hosts=True, per_host_interval_s=0.3)
        for url in urls:
            fetcher.get(url, check_robots=False)
        times = [site.hits(f"/p{i}")[0][0] for i in range(3)]
        assert all(later - earlier >= 0.28 for earlier, later in itertools.pairwise(times))


def test_oversized_documents_are_refused() -> None:
    with serve() as site:
        url = site.add("/huge", b"x" * 300_000)
        with pytest.raises(FetchError, match="larger than"):
            Fetcher(allow_private_hosts=True, per_host_interval_s=0, max_bytes=100_000).get(url, check_robots=False)


# -- the address policy: a feed cannot turn the fetcher inward -----------------------------------------------

@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("224.0.0.1", False), ("240.0.0.1", False),
    ("0.0.0.0", False), ("::1", False), ("fe80::1%eth0", False), ("fc00::1", False), ("ff02::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
    ("8.8.8.8", True), ("93.184.215.14", True), ("2606:4700:4700::1111", True),
])
def test_only_global_unicast_addresses_are_public(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_a_loopback_url_is_refused_unless_private_hosts_are_allowed() -> None:
    with serve() as site:
        url = site.add("/news/a", "ok")
        with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, which is not a "
                                             r"public address; allow it with --allow-private-hosts") as caught:
            Fetcher(per_host_interval_s=0).get(url)
        assert caught.value.permanent and site.requests == []  # not even robots.txt was asked for
        assert Fetcher(allow_private_hosts=True, per_host_interval_s=0).get(url).body == b"ok"


def test_a_redirect_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # 127.0.0.1 stands for a public site here; its redirect to 127.0.0.2 (still loopback) must be refused
    monkeypatch.setattr(web_fetch, "is_public_address", lambda address: address == "127.0.0.1")
    with serve() as site:
        internal = site.base.replace("127.0.0.1", "127.0.0.2") + "/admin"
        url = site.redirect("/news/a", internal)
        with pytest.raises(FetchError, match=r"redirected to http://127\.0\.0\.2:\d+/admin: refused") as caught:
            Fetcher(per_host_interval_s=0).get(url, check_robots=False)
        assert caught.value.permanent and [path for _, path, _ in site.requests] == ["/news/a"]


def test_an_address_that_changes_after_the_check_is_refused_by_the_connection(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # DNS rebinding: the name looked public when checked, the connection reached loopback
    monkeypatch.setattr(web_fetch, "refuse_non_public", lambda host, port: None)
    with serve() as site:
        url = site.add("/news/a", "ok")
        with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1") as caught:
            Fetcher(per_host_interval_s=0).get(url, check_robots=False)
        assert caught.value.permanent and site.requests == []


def test_redirects_are_followed_up_to_the_cap() -> None:
    with serve() as site:
        for hop in range(7):
            site.redirect(f"/r{hop}", f"/r{hop + 1}")
        site.add("/r7", "arrived")
        fetcher = Fetcher(allow_private_hosts=True, per_host_interval_s=0, max_redirects=7)
        fetched = fetcher.get(site.base + "/r0", check_robots=False)
        assert fetched.body == b"arrived" and fetched.final_url.endswith("/r7")
        with pytest.raises(FetchError, match="more than 5 redirects") as caught:
            Fetcher(allow_private_hosts=True, per_host_interval_s=0).get(site.base + "/r0", check_robots=False)
        assert caught.value.permanent


def test_a_refused_connection_and_a_failed_look_up_are_passing_failures_not_robots_refusals() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/news/a"
    for url, reason in ((closed, "connection refused"), ("http://no-such-host.invalid/news/a", "DNS look-up failed")):
        with pytest.raises(FetchError) as caught:
            Fetcher(allow_private_hosts=True, per_host_interval_s=0).get(url)
        assert reason in caught.value.reason and "robots.txt could not be read" in caught.value.reason
        assert not caught.value.permanent


def test_a_feed_time_keeps_the_publishers_offset_and_local_day() -> None:
    body = RSS.replace("Tue, 15 Jul 2025 09:30:00 +0200", "Sat, 08 Nov 2025 21:11:00 EST").encode()
    (item,) = parse_feed(body, "https://gazette.example/rss.xml").items
    assert item.published is not None and item.published.utcoffset() == timedelta(hours=-5)
    page = PageArticle(url=item.key, title=item.title, text="The council voted yesterday on the harbour plan "
                                                            "and will meet again next week to settle it.")
    article = build_article(page, "Gazette", item.published, item.title)
    assert article.publication_date == date(2025, 11, 8) and article.published.day == 9
