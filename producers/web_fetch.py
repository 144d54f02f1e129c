"""Fetching feeds and pages politely and safely: timeouts, a size cap, conditional GET, a per-host rate limit,
robots.txt, and an address policy a feed cannot turn inward.

A feed is written by someone else, and so are the links in it: every URL, and every redirect, is resolved and
refused when a host address is not public (loopback, private, link-local, multicast, reserved), unless the
fetcher is told to allow private hosts. The connection itself checks the address it reached, so a name that
resolves differently the second time (DNS rebinding) is refused too.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

USER_AGENT = "timeline-news/0.1 (event timelines from news; respects robots.txt)"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
ROBOTS_TTL_S = 3600.0
PRIVATE_HOSTS_HINT = "allow it with --allow-private-hosts or TIMELINE_ALLOW_PRIVATE_HOSTS=1"


class FetchError(Exception):
    """A document we could not get; `permanent` says whether trying again later can help."""

    def __init__(self, url: str, reason: str, permanent: bool) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.permanent = permanent


class DisallowedAddress(Exception):
    """A host that resolves to an address the fetcher must not reach. Not an OSError, so that neither urllib3
    nor requests retries it or wraps it as a connection problem."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, which is not a public address; {PRIVATE_HOSTS_HINT}")
        self.host = host
        self.address = address


def is_public_address(address: str) -> bool:
    """Whether an IP address is one a fetch on behalf of a feed may reach (global unicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope ("fe80::1%eth0") is not part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_private or ip.is_loopback)


def refuse_non_public(host: str, port: int) -> None:
    """Raise DisallowedAddress when any address the host resolves to is not public; a name that does not
    resolve is left to the connection, which reports it as the passing failure it may be."""
    try:
        resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return
    for *_, sockaddr in resolved:
        if not is_public_address(str(sockaddr[0])):
            raise DisallowedAddress(host, str(sockaddr[0]))


def _refuse_non_public_peer(sock: socket.socket, host: str) -> None:
    address = str(sock.getpeername()[0])
    if not is_public_address(address):
        sock.close()
        raise DisallowedAddress(host, address)


class _PublicHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        refuse_non_public(self._dns_host, self.port)
        sock = super()._new_conn()
        _refuse_non_public_peer(sock, self.host)  # the address reached, whatever DNS said a moment ago
        return sock


class _PublicHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        refuse_non_public(self._dns_host, self.port)
        sock = super()._new_conn()
        _refuse_non_public_peer(sock, self.host)
        return sock


class _PublicHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class PublicAddressAdapter(HTTPAdapter):
    """A requests adapter whose connections reach public addresses only."""

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPConnectionPool,
                                                   "https": _PublicHTTPSConnectionPool}


def fetch_session(allow_private_hosts: bool) -> requests.Session:
    session = requests.Session()
    if not allow_private_hosts:
        for scheme in ("http://", "https://"):
            session.mount(scheme, PublicAddressAdapter())
    return session


class DisallowedByRobots(FetchError):
    """The site's robots.txt does not let us fetch the page (its feed may still carry the article)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "disallowed by the site's robots.txt", permanent=True)


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
    max_redirects: int = MAX_REDIRECTS
    user_agent: str = USER_AGENT
    allow_private_hosts: bool = False
    session: requests.Session | None = None
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.session is None:
            self.session = fetch_session(self.allow_private_hosts)

    def get(self, url: str, validators: Validators | None = None, check_robots: bool = True) -> Fetched:
        """GET with the address policy, robots.txt, the rate limit, at most `max_redirects` redirects (each
        one checked like the first URL) and a size cap; FetchError says why not."""
        self._check_url(url)
        if check_robots and not self._robots_allow(url):
            raise DisallowedByRobots(url)
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        target = url
        for _ in range(self.max_redirects + 1):
            response = self._request(url, target, headers)
            if not response.is_redirect:
                return self._answer(url, validators, response)
            target = urljoin(target, response.headers["Location"])
            response.close()
            self._check_url(target, asked=url)
        raise FetchError(url, f"more than {self.max_redirects} redirects", permanent=True)

    def _check_url(self, target: str, asked: str | None = None) -> None:
        parts = urlsplit(target)
        where = asked or target
        prefix = f"redirected to {target}: " if asked else ""
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(where, prefix + "not an http(s) URL", permanent=True)
        if not self.allow_private_hosts:
            try:
                refuse_non_public(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
            except DisallowedAddress as refused:
                raise FetchError(where, prefix + f"refused: {refused}", permanent=True) from None

    def _request(self, url: str, target: str, headers: dict[str, str]) -> requests.Response:
        assert self.session is not None
        self._wait_for_host(urlsplit(target).netloc)
        try:
            return self.session.get(target, headers=headers, timeout=self.timeout_s, stream=True,
                                    allow_redirects=False)
        except DisallowedAddress as refused:
            raise FetchError(url, f"refused: {refused}", permanent=True) from None
        except requests.Timeout:
            raise FetchError(url, f"no answer within {self.timeout_s:g} s", permanent=False) from None
        except requests.ConnectionError as error:
            raise FetchError(url, connection_failure(error), permanent=False) from None
        except requests.RequestException as error:
            raise FetchError(url, f"{type(error).__name__}: {error}", permanent=False) from None

    def _answer(self, url: str, validators: Validators | None, response: requests.Response) -> Fetched:
        with response:
            if response.status_code == 304:
                return Fetched(url, response.url, b"", None, validators or Validators(), not_modified=True)
            if response.status_code >= 400:
                # 408, 429 and 5xx are the server's passing state; other 4xx are the document's
                transient = response.status_code in (408, 429) or response.status_code >= 500
                raise FetchError(url, f"HTTP {response.status_code} {response.reason}", permanent=not transient)
            try:
                body = self._read_capped(url, response)
            except requests.RequestException as error:
                raise FetchError(url, f"{type(error).__name__} while reading: {error}", permanent=False) from None
            return Fetched(url, response.url, body, response.headers.get("Content-Type"),
                           Validators(response.headers.get("ETag"), response.headers.get("Last-Modified")))

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
            cached = (time.monotonic(), self._read_robots(origin, url))
            self._robots[origin] = cached
        return cached[1].can_fetch(self.user_agent, url)

    def _read_robots(self, origin: str, url: str) -> urllib.robotparser.RobotFileParser:
        """RFC 9309: a missing robots.txt (4xx) allows everything. One that cannot be read now (5xx, no answer,
        no connection) is a passing state: the page waits for a later try (FetchError, not permanent, nothing
        cached), instead of being refused for good as if the site had disallowed it."""
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self.get(origin + "/robots.txt", check_robots=False)
        except FetchError as error:
            if not error.permanent:
                raise FetchError(url, f"robots.txt could not be read: {error.reason}", permanent=False) from None
            if "refused:" in error.reason:
                raise FetchError(url, f"robots.txt {error.reason}", permanent=True) from None
            parser.parse([])
            return parser
        parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return parser


def connection_failure(error: requests.ConnectionError) -> str:
    """What went wrong with a connection, in the words of its cause (a refused connection, a failed DNS look-up)
    rather than urllib3's pool and retry wrapping."""
    cause: BaseException | None = error
    while cause is not None:
        text = str(cause)
        if "Name or service not known" in text or "nodename nor servname" in text or \
                "Temporary failure in name resolution" in text or "NameResolutionError" in type(cause).__name__:
            return "DNS look-up failed (the host name did not resolve)"
        if isinstance(cause, ConnectionRefusedError) or "Connection refused" in text:
            return "connection refused"
        cause = cause.__cause__ or cause.__context__ or (cause.args[0] if cause.args and
                                                           isinstance(cause.args[0], BaseException) else None)
    return f"connection failed: {error}"
