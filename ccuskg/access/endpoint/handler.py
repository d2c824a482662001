"""The HTTP side: read a request one way (``request``), check it (``check``), run it on a worker.

Nothing from the client reaches a worker but the checked query text, its dataset and the media
types asked for. Pages, /health and CORS preflights are answered here; every write is refused.
A request has ``timeout`` seconds from its first byte, reading and checking included.
"""

from __future__ import annotations

import hashlib
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ccuskg.access.endpoint import page
from ccuskg.access.endpoint.check import QueryRefused
from ccuskg.access.endpoint.pool import QueryStopped
from ccuskg.access.endpoint.request import Query, accepted, get_query, posted_query, refuse_repeated_headers

MAX_BODY_BYTES = 1_000_000  # bounds what one request can make us hold
IDLE_TIMEOUT_S = 30.0  # seconds a connection may stay silent while we wait for (the rest of) its request
_DATE = [0, ""]  # (second, Date header): shared by the handler threads; a stale read is still a valid date
_CORS = {"Access-Control-Allow-Origin": "*"}
_PREFLIGHT = {**_CORS, "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
              "Access-Control-Allow-Headers": "Content-Type, Accept", "Access-Control-Max-Age": "86400"}


class Handler(BaseHTTPRequestHandler):
    server: "ProxyServer"
    protocol_version = "HTTP/1.1"

    def setup(self):
        self.timeout = self.server.idle_timeout_s  # a silent client is dropped, not held for ever
        super().setup()
        if self.connection.family in (socket.AF_INET, socket.AF_INET6):  # headers and body are two writes:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms Nagle wait

    def do_GET(self):
        path, _, query_string = self.path.partition("?")
        found = page.asset(path, self.server.endpoint)
        if found is not None and not query_string:
            self._answer(200, found[1], content_type=found[0], extra={"Cache-Control": "no-cache"})
            return
        self._run(lambda: get_query(path, query_string))

    def do_HEAD(self):
        self.do_GET()

    def do_OPTIONS(self):
        self._answer(204, b"", extra=_PREFLIGHT)

    def do_POST(self):
        try:  # before reading a body whose length two headers may disagree on
            refuse_repeated_headers(self.headers)
            body = self._body()
        except QueryRefused as exc:
            self.close_connection = True
            self._answer(exc.status, str(exc))
            return
        path, _, query_string = self.path.partition("?")
        self._run(lambda: posted_query(path, query_string, self.headers.get("Content-Type") or "", body))

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise QueryRefused("send the query with a Content-Length (chunked bodies are not accepted)", 411)
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not declared.isdigit():
            raise QueryRefused(f"invalid Content-Length {declared[:40]!r}")
        if int(declared) > MAX_BODY_BYTES:  # read nothing: the body would be held in memory whole
            raise QueryRefused(f"request body of {declared} bytes refused: a query may have at most "
                               f"{MAX_BODY_BYTES} bytes", 413)
        return self.rfile.read(int(declared)) if int(declared) else b""

    def _refuse_method(self):
        self.close_connection = True  # its body was not read
        self._answer(405, f"{self.command} is not allowed: this endpoint is read-only",
                     extra={"Allow": "GET, HEAD, POST, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _run(self, read) -> None:
        try:
            refuse_repeated_headers(self.headers)
            query: Query = read()
        except QueryRefused as exc:
            self._answer(exc.status, str(exc))
            return
        self._query_hash = hashlib.sha256(query.text.encode("utf-8")).hexdigest()[:12]
        request = {"op": "query", "query": query.text, "default": query.default, "named": query.named,
                   "accept": accepted(self.headers.get_all("Accept") or []),
                   "max_results": self.server.max_results}
        try:
            header, body = self.server.pool.run(request, self._started + self.server.timeout_s)
        except QueryStopped as exc:
            extra = {"Retry-After": str(exc.retry_after)} if exc.retry_after else {}
            message = str(exc).replace("the endpoint's timeout", f"{self.server.timeout_s:g} s")
            self._answer(exc.status, message, extra=extra)
            return
        extra = {"Vary": "Accept"}
        if header.get("truncated"):
            extra["X-Ccuskg-Truncated"] = f"results cut to the first {self.server.max_results} (--max-results)"
        self._answer(header["status"], body, content_type=header["type"], extra=extra)

    def _answer(self, status: int, message: str | bytes, content_type: str = "text/plain; charset=utf-8",
                extra: dict | None = None) -> None:
        payload = message if isinstance(message, bytes) else (message + "\n").encode("utf-8")
        self.send_response(status)
        for key, value in {"Content-Type": content_type, **_CORS, **(extra or {})}.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def date_time_string(self, timestamp=None):
        """The Date header, formatted once a second (the stdlib's email formatting was 8 % of the proxy's CPU)."""
        if timestamp is not None:
            return super().date_time_string(timestamp)
        now = int(time.time())
        cached = _DATE
        if cached[0] != now:
            cached = _DATE[:] = [now, super().date_time_string(now)]
        return cached[1]

    def parse_request(self):
        self._started, self._query_hash = time.monotonic(), None
        return super().parse_request()

    def log_request(self, code="-", size="-"):
        """One line per request: never the query text (it may be private), only a hash to match it by."""
        if self.server.log:
            elapsed = (time.monotonic() - getattr(self, "_started", time.monotonic())) * 1000
            path = (getattr(self, "path", "") or "").partition("?")[0]
            sys.stderr.write(f"{self.address_string()} {self.command} {_printable(path)} {code} "
                             f"{elapsed:.0f}ms {getattr(self, '_query_hash', None) or '-'}\n")

    def log_message(self, format, *args):  # noqa: A002 - BaseHTTPRequestHandler's name
        if self.server.log:
            text = "".join(c if c.isprintable() else f"%{ord(c):02X}" for c in (format % args)[:300])
            sys.stderr.write(f"{self.address_string()} {text}\n")


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() and c != " " else f"%{ord(c):02X}" for c in text[:200])


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog: socketserver's 5 refuses a burst of clients

    def __init__(self, address, endpoint):
        self.endpoint = endpoint
        self.pool = endpoint.pool
        self.timeout_s, self.max_results, self.log = endpoint.timeout, endpoint.max_results, endpoint.log
        self.idle_timeout_s = IDLE_TIMEOUT_S
        super().__init__(address, Handler)
