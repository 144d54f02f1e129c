"""End to end in a real headless browser: the real stack on the seeds, the page in Debian's chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from broker.clients import producer
from cli.services import Services
from producers.article_producer import publish_records
from tests.conftest import SEEDS, cli_env
from timeline.models import Article
from timeline.settings import Settings
from timeline.sources.article_files import ArticleRecord

pytestmark = [pytest.mark.browser, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "artifacts" / "timeline.png"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def running_page(pipeline_settings: Settings):  # type: ignore[no-untyped-def]
    """The seeds ingested, the consumers left running for live articles, and the page served."""
    env = cli_env(pipeline_settings)
    ingest = subprocess.run([sys.executable, "-m", "cli.main", "ingest", str(SEEDS)], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    port = _free_port()
    app = subprocess.Popen([sys.executable, "-m", "cli.main", "app", "--port", str(port)], env=env, cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    services = Services(pipeline_settings)
    services.start_analysis("analysis-live")
    services.start_writer()
    yield url, pipeline_settings
    services.stop_all()
    app.terminate()
    app.wait(timeout=20)


def _publish_live_article(settings: Settings) -> None:
    client = producer(settings)
    article = Article(id="live-oslo", source="Live wire", title="Oslo talks", published="2025-07-21",  # type: ignore[arg-type]
                      text="Norway's prime minister met Zelensky in Oslo on Monday to discuss Patriot batteries.")
    report = publish_records(client, [ArticleRecord("live", article, None)])
    client.close()
    assert report.published


def test_timeline_page_in_chromium(running_page: tuple[str, Settings]) -> None:
    url, settings = running_page
    playwright_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is installed by scripts/setup.sh --with-browser"
    requests: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url + "/?types=announcement,pause,meeting", wait_until="domcontentloaded")
        page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60_000)
        points = page.locator(".js-plotly-plot .scatterlayer .point").count()
        assert points > 5
        # the seeds are one story, shown by default; every story is one choice away
        page.get_by_test_id("stSelectbox").filter(has_text="Story").click()
        page.wait_for_timeout(500)
        stories = page.get_by_role("option").all_inner_texts()
        assert stories[0].startswith("Newest: ") and "Ukraine" in stories[0], stories
        assert any("(5 articles, 2025-07-12 – 2025-07-18)" in o for o in stories), stories
        assert stories[-1] == "All stories"
        page.keyboard.press("Escape")
        # the entries for 2025-07-14 are listed in the entry chooser
        page.get_by_test_id("stSelectbox").filter(has_text="Entry").click()
        page.keyboard.type("2025-07-14")  # the chooser filters as one types, like a user searching
        page.wait_for_timeout(500)
        options = page.get_by_role("option").all_inner_texts()
        assert any(o.startswith("2025-07-14") and "meeting" in o for o in options), options
        assert any(o.startswith("2025-07-14") and "announcement" in o for o in options), options
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        # live: an article published now appears without a reload
        articles_metric = page.get_by_test_id("stMetricValue").first
        assert articles_metric.inner_text() == "5"
        picker = page.get_by_test_id("stSelectbox").filter(has_text="Story")
        shown = picker.get_by_role("combobox")
        newest_before = shown.input_value()
        assert newest_before.startswith("Newest: "), newest_before
        _publish_live_article(settings)
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stMetricValue\"]')?.innerText === '6'", timeout=30_000)
        # the picker's "Newest" follows the feed without a reload: the Oslo article is a story of its own
        deadline = time.monotonic() + 30
        while shown.input_value() == newest_before and time.monotonic() < deadline:
            page.wait_for_timeout(500)
        assert shown.input_value() != newest_before and shown.input_value().startswith("Newest: "), \
            shown.input_value()
        browser.close()
    hosts = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, f"requests left the machine: {sorted(hosts)}"
    assert SCREENSHOT.stat().st_size > 10_000
