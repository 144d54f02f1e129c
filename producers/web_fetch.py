"""Fetching feeds and pages politely: timeouts, a size cap, conditional GET, a per-host rate limit, robots.txt."""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

USER_AGENT = "timeline-news/0.1 (event timelines from news; respects robots.txt)"
MAX_BYTES = 10 * 1024 * 1024
ROBOTS_TTL_S = 3600.0


class FetchError(Exception):
    """A document we could not get; `permanent` says whether trying again later can help."""

    def __init__(self, url: str, reason: str, permanent: bool) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True)
class Validators:
    """What a server said about a document's version, sent back so that it can answer 304 Not Modified."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    body: bytes
    content_type: str | None
    validators: Validators
    not_modified: bool = False


@dataclass
class Fetcher:
    timeout_s: float = 15.0
    per_host_interval_s: float = 1.0
    max_bytes: int = MAX_BYTES
    user_agent: str = USER_AGENT
    session: requests.Session = field(default_factory=requests.Session)
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str, validators: Validators | None = None, check_robots: bool = True) -> Fetched:
        """GET with the rate limit, robots.txt and a size cap; FetchError says why not."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) URL", permanent=True)
        if check_robots and not self._robots_allow(url):
            raise FetchError(url, "disallowed by the site's robots.txt", permanent=True)
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        self._wait_for_host(parts.netloc)
        try:
            with self.session.get(url, headers=headers, timeout=self.timeout_s, stream=True) as response:
                if response.status_code == 304:
                    return Fetched(url, response.url, b"", None, validators or Validators(), not_modified=True)
                if response.status_code >= 400:
                    # 408, 429 and 5xx are the server's passing state; other 4xx are the document's
                    transient = response.status_code in (408, 429) or response.status_code >= 500
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason}", permanent=not transient)
                body = self._read_capped(url, response)
                return Fetched(url, response.url, body, response.headers.get("Content-Type"),
                               Validators(response.headers.get("ETag"), response.headers.get("Last-Modified")))
        except requests.Timeout:
            raise FetchError(url, f"no answer within {self.timeout_s:g} s", permanent=False) from None
        except requests.RequestException as error:
            raise FetchError(url, f"{type(error).__name__}: {error}", permanent=False) from None

    def _read_capped(self, url: str, response: requests.Response) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"larger than {self.max_bytes:,} bytes", permanent=True)
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for_host(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            ready = self._last_request.get(host, -1e9) + self.per_host_interval_s
            self._last_request[host] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL_S:
            cached = (time.monotonic(), self._read_robots(origin))
            self._robots[origin] = cached
        return cached[1].can_fetch(self.user_agent, url)

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        """RFC 9309: a missing robots.txt (4xx) allows everything; one that cannot be read (5xx, no answer)
        disallows everything until it can."""
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self.get(origin + "/robots.txt", check_robots=False)
            parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        except FetchError as error:
            parser.parse([] if error.permanent else ["User-agent: *", "Disallow: /"])
        return parser
