"""A real HTTP server on loopback for feed and page tests: fixed documents, ETags, delays, a request log."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Document:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Site:
    documents: dict[str, Document] = field(default_factory=dict)
    requests: list[tuple[float, str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
            delay_s: float = 0.0, headers: dict[str, str] | None = None) -> str:
        self.documents[path] = Document(body.encode() if isinstance(body, str) else body, content_type, status,
                                        delay_s, headers or {})
        return self.base + path

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, "", status=status, headers={"Location": to})

    def hits(self, path: str) -> list[tuple[float, dict[str, str]]]:
        return [(at, headers) for at, p, headers in self.requests if p == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((time.monotonic(), self.path, dict(self.headers)))
            document = site.documents.get(self.path)
            if document is None:
                self.send_error(404, "Not Found")
                return
            if document.delay_s:
                time.sleep(document.delay_s)
            etag = '"' + hashlib.sha256(document.body).hexdigest()[:16] + '"'
            if document.status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(document.status)
            self.send_header("Content-Type", document.content_type)
            self.send_header("Content-Length", str(len(document.body)))
            self.send_header("ETag", etag)
            for name, value in document.headers.items():
                self.send_header(name, value)
            self.end_headers()
            # the client may have given up waiting (time-out tests)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(document.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve() -> Iterator[Site]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def article_page(title: str, paragraphs: list[str], published: str | None = None, lang: str = "en",
                 site_name: str = "Harbour Gazette", canonical: str | None = None) -> str:
    """An article page as news sites write them: navigation, the article, a footer, a script."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><title>{title} | {site_name}</title>'
            f'<meta property="og:site_name" content="{site_name}"><meta name="author" content="Desk Reporter">'
            f"{meta}{link}</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a> | Sport</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Copyright 2025 {site_name}. All rights reserved."
            "</footer><script>window.tracker = {id: 42};</script></body></html>")
