"""The SPARQL endpoint: the Oxigraph server, read-only over a built store, behind a thin loopback proxy.

The Oxigraph server (PyPI ``oxigraph``) does the SPARQL 1.1 Protocol: content negotiation, CORS,
the YASGUI page, read-only mode. Its default graph is the store's default graph, which ccuskg
materialises as the union of the record graphs with each triple once (so it is run *without*
``--union-default-graph``, which would count a triple once per graph holding it).

Two things it does not do, measured with oxigraph 0.5.13: ``--timeout-s`` did not stop a running
query (a cross product was still burning a core ten minutes later), and it follows ``SERVICE`` to
any host. So every request goes through this proxy first, and the proxy forwards only what it checked:

* the query is taken from the request the SPARQL 1.1 Protocol way (GET ``query=``, a form POST, or
  an ``application/sparql-query`` POST) and *normalised*: ``\\u``/``\\U`` escapes are decoded until none
  is left and every line break (CR, CRLF, VT, FF, NEL, U+2028/9, ...) becomes LF, because Oxigraph ends
  a comment at CR where rdflib does not; the checker and the engine then read the same text;
* the normalised text is parsed with rdflib's SPARQL parser and refused (400) if it uses SERVICE, or
  if the parser cannot read it (fail closed: nothing the proxy cannot check is forwarded);
* the proxy then builds the worker's request itself: a fresh POST of the normalised text as
  ``application/sparql-query``, ``default-graph-uri``/``named-graph-uri`` re-encoded in its URL (they
  name graphs of the store; Oxigraph fetches nothing for them), and ``Accept`` rebuilt from known
  result media types. The client's body, URL and other headers never reach the worker;
* an ambiguous request is refused (400) rather than read one way: a repeated Content-Type,
  Content-Length or Transfer-Encoding header, a query both in the URL and in the body, a form POST
  with parameters in the URL, a repeated ``query``, or any parameter but those three (SPARQLWrapper's
  ``format``/``output``/``results`` hints are accepted and dropped);
* anything but a query (updates, Graph Store writes) is refused (403/405) before Oxigraph sees it;
  a GET without ``query`` outside ``/query`` (the browser page, its assets, Graph Store reads) and
  a CORS preflight are forwarded as they come: they execute nothing;
* a request gets ``timeout`` seconds to be answered in full; past that the proxy answers 503 and
  kills and restarts the Oxigraph worker, because a running Oxigraph query cannot be cancelled;
* ``GET /health`` answers JSON with the store path and its number of quads (counted at start);
* with ``log`` each request is one stderr line: method, path, status, milliseconds and the first 12
  hex digits of the sha256 of the query text (to match requests up, never the text itself).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote_plus, urlencode

from ccuskg.core.errors import UserError

from ccuskg.core.settings import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SERVE_TIMEOUT as DEFAULT_TIMEOUT

LOOPBACK = "127.0.0.1"

# Hop-by-hop headers are about one connection; the proxy never passes them on.
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
               "transfer-encoding", "upgrade", "host", "content-length"}
_SET_BY_PROXY = {"server", "date"}


class ServeError(UserError, RuntimeError):
    """The endpoint cannot start (no oxigraph binary, no store, worker did not come up)."""


class QueryRefused(UserError, ValueError):
    """A request the endpoint will not forward; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# ------------------------------------------------------------------------------------ query check

_PARSE_LOCK = threading.Lock()  # rdflib's pyparsing grammar keeps shared state


def check_query(text: str) -> None:
    """Refuse a query that uses SERVICE or that rdflib's SPARQL 1.1 parser cannot read."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        with _PARSE_LOCK:
            tree = parseQuery(text)
    except Exception as exc:  # pyparsing raises its own exception types
        if _mentions_service(text):
            raise QueryRefused("SERVICE is not allowed on this endpoint (no outbound requests)") from None
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QueryRefused(f"not a SPARQL query this endpoint accepts (read-only; parser said: {first_line})") \
            from None
    if "ServiceGraphPattern" in set(_node_names(tree)):
        raise QueryRefused("SERVICE is not allowed on this endpoint (no outbound requests)")


def _node_names(node):
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _node_names(value)
    elif isinstance(node, (list, tuple)) or hasattr(node, "as_list"):
        for value in node:
            yield from _node_names(value)


def _mentions_service(text: str) -> bool:
    """Only picks the error message for text that failed to parse: it is refused either way."""
    return "service" in text.lower()


# Every character that ends a line (and so a comment) for some parser: Oxigraph ends comments at
# CR, rdflib only at LF; Python's str.splitlines also breaks at the rest.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_KNOWN_PARAMS = ("query", "default-graph-uri", "named-graph-uri")
_DROPPED_PARAMS = ("format", "output", "results")  # SPARQLWrapper's result-format hints: accepted, never forwarded
_SINGLE_HEADERS = ("Content-Type", "Content-Length", "Transfer-Encoding")
_RESULT_TYPES = {
    "*/*", "application/sparql-results+json", "application/sparql-results+xml", "application/json",
    "application/xml", "text/xml", "text/csv", "text/tab-separated-values", "text/turtle",
    "application/n-triples", "application/n-quads", "application/trig", "application/ld+json",
    "application/rdf+xml", "text/n3", "text/plain"}


def normalise_query(text: str) -> str:
    r"""The text both the checker and the engine read: escapes decoded, every line break a LF.

    SPARQL decodes ``\uXXXX``/``\UXXXXXXXX`` before parsing, anywhere in the text; decoding here
    until none is left means the engine decodes nothing the checker did not see (an escape that
    decodes to another escape included). A query meaning a literal backslash-u must not use one.
    """
    while True:
        decoded = _ESCAPE.sub(_codepoint, text)
        if decoded == text:
            return _LINE_BREAKS.sub("\n", text)
        text = decoded


def _codepoint(match: re.Match) -> str:
    value = int(match.group(1) or match.group(2), 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise QueryRefused(f"invalid codepoint escape {match.group(0)!r}")
    return chr(value)


def _one_query(params: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """The one checked query and the dataset parameters of an unambiguous request."""
    names = [name for name, _ in params]
    if "update" in names:
        raise QueryRefused("updates are not allowed: this endpoint is read-only", 403)
    unknown = sorted(set(names) - set(_KNOWN_PARAMS) - set(_DROPPED_PARAMS))
    if unknown:
        raise QueryRefused(f"unknown parameter {unknown[0][:40]!r}: only {', '.join(_KNOWN_PARAMS)}")
    queries = [value for name, value in params if name == "query"]
    if len(queries) != 1:
        raise QueryRefused("give exactly one query per request" if queries else "no query given")
    text = normalise_query(queries[0])
    check_query(text)
    return text, [(name, value) for name, value in params if name in _KNOWN_PARAMS[1:]]


def _refuse_repeated_headers(headers) -> None:
    """Two Content-Types or Content-Lengths: parsers disagree on which one counts, so neither does."""
    for name in _SINGLE_HEADERS:
        if len(headers.get_all(name) or []) > 1:
            raise QueryRefused(f"ambiguous request: repeated {name} header")


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() and c != " " else f"%{ord(c):02X}" for c in text[:200])


def _names_a_query(query_string: str) -> bool:
    """Fail closed: a URL whose parameters so much as spell 'query' or 'update' is checked."""
    spelled = unquote_plus(query_string).lower()
    return "query" in spelled or "update" in spelled


def _known_accept(values: list[str]) -> str:
    """The client's Accept, rebuilt from the result media types we know (and their q values)."""
    kept = []
    for item in ",".join(values).split(","):
        media, *options = [part.strip() for part in item.split(";")]
        if media.lower() not in _RESULT_TYPES:
            continue
        q = next((o[2:] for o in options if o.lower().startswith("q=")), None)
        try:
            kept.append(media.lower() + (f";q={min(max(float(q), 0.0), 1.0):g}" if q is not None else ""))
        except ValueError:
            kept.append(media.lower())
    return ", ".join(kept)


# ------------------------------------------------------------------------------------ the worker

def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: on PATH, or next to this Python (a venv not activated)."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise ServeError("the oxigraph server is not installed: pip install 'ccuskg[serve]'")
    return found


def free_port(host: str = LOOPBACK) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class Worker:
    """One ``oxigraph serve-read-only`` process on a private loopback port."""

    def __init__(self, store: Path, binary: str | None = None):
        self.store = Path(store)
        self.binary = binary or find_oxigraph()
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.restarts = 0
        self._lock = threading.Lock()
        self._stderr = None

    def start(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [self.binary, "serve-read-only", "--location", str(self.store), "--bind", f"{LOOPBACK}:{self.port}",
             "--cors"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._errors())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._stderr.seek(0)
                error = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
                message = next((line for line in error if line.startswith("Error")), error[0] if error else "")
                raise ServeError(f"oxigraph exited: {message or self.process.returncode}")
            try:
                socket.create_connection((LOOPBACK, self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ServeError("oxigraph did not start listening within 30 s")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.kill()  # a running query cannot be interrupted any other way
        process.wait()

    def _errors(self):
        """A file for the worker's stderr (a pipe nobody reads would fill up and block it)."""
        if self._stderr is not None:
            self._stderr.close()
        self._stderr = tempfile.TemporaryFile()
        return self._stderr

    def restart(self, seen_pid: int | None) -> None:
        """Kill and restart, unless another request already restarted the process it saw."""
        with self._lock:
            if self.process is not None and self.process.pid != seen_pid:
                return
            self.stop()
            self.start()
            self.restarts += 1

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None


# ------------------------------------------------------------------------------------ the proxy

MAX_BODY_BYTES = 1_000_000  # far above any hand-written query; bounds what one request can make us hold
IDLE_TIMEOUT_S = 30.0  # seconds a connection may stay silent while we wait for (the rest of) its request


class _Handler(BaseHTTPRequestHandler):
    server: "_ProxyServer"
    protocol_version = "HTTP/1.1"

    def setup(self):
        # a client that connects and then sends nothing (or a byte a minute) is dropped after this
        # long, instead of holding its thread for ever
        self.timeout = self.server.idle_timeout_s
        super().setup()

    def do_GET(self):
        if self.path == "/health":
            self._answer(200, json.dumps({"store": str(self.server.worker.store), "quads": self.server.quads}),
                         content_type="application/json")
            return
        self._handle(body=b"")

    def do_HEAD(self):
        self._handle(body=b"")

    def do_OPTIONS(self):  # CORS preflight, answered by Oxigraph
        self._handle(body=b"")

    def do_POST(self):
        try:  # before reading a body whose length two headers may disagree on
            _refuse_repeated_headers(self.headers)
        except QueryRefused as exc:
            self.close_connection = True
            self._answer(exc.status, str(exc))
            return
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            self._answer(411, "send the query with a Content-Length (chunked bodies are not accepted)")
            return
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not declared.isdigit():
            self.close_connection = True
            self._answer(400, f"invalid Content-Length {declared[:40]!r}")
            return
        length = int(declared)
        if length > MAX_BODY_BYTES:  # read nothing: the body would be held in memory whole
            self.close_connection = True
            self._answer(413, f"request body of {length} bytes refused: a query may have at most "
                              f"{MAX_BODY_BYTES} bytes")
            return
        self._handle(body=self.rfile.read(length) if length else b"")

    def _refuse_method(self):
        self.close_connection = True  # its body was not read
        self._answer(405, f"{self.command} is not allowed: this endpoint is read-only", {"Allow": "GET, HEAD, POST, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _handle(self, body: bytes) -> None:
        try:
            checked = self._checked_query(body)
        except QueryRefused as exc:
            self._answer(exc.status, str(exc))
            return
        if checked is None:  # a page of the browser UI, or a CORS preflight: nothing is executed
            path = self.path.partition("?")[0] if self.command == "OPTIONS" else self.path
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            self._forward(self.command, path, b"", headers)
            return
        text, graphs = checked
        self._query_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        target = "/query" + ("?" + urlencode(graphs) if graphs else "")
        headers = {"Content-Type": "application/sparql-query; charset=utf-8"}
        accept = _known_accept(self.headers.get_all("Accept") or [])
        if accept:
            headers["Accept"] = accept
        self._forward("POST", target, text.encode("utf-8"), headers)

    def _checked_query(self, body: bytes) -> tuple[str, list] | None:
        """The query (normalised, checked) and graph parameters to send, or None for a pass-through."""
        _refuse_repeated_headers(self.headers)
        path, _, query_string = self.path.partition("?")
        if self.command == "POST":
            return _one_query(self._posted_params(path, query_string, body))
        if self.command == "OPTIONS" or not query_string:
            return None
        if path != "/query" and not _names_a_query(query_string):
            return None  # e.g. GET /store?default: a read the proxy forwards as it is
        return _one_query(parse_qsl(query_string, keep_blank_values=True))

    def _posted_params(self, path: str, query_string: str, body: bytes) -> list[tuple[str, str]]:
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update" or path == "/update":
            raise QueryRefused("updates are not allowed: this endpoint is read-only", 403)
        if path != "/query":
            raise QueryRefused("this endpoint is read-only: POST queries to /query", 403)
        url_params = parse_qsl(query_string, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryRefused("the request body is not UTF-8") from None
        if content_type == "application/x-www-form-urlencoded":
            if query_string:
                raise QueryRefused("a form POST carries its parameters in the body, not in the URL")
            return parse_qsl(text, keep_blank_values=True)
        if content_type == "application/sparql-query":
            if any(name == "query" for name, _ in url_params):
                raise QueryRefused("ambiguous request: a query both in the URL and in the body")
            return [*url_params, ("query", text)]
        raise QueryRefused("this endpoint is read-only: POST a SPARQL query "
                           "(application/sparql-query or a form with query=)", 403)

    def _forward(self, method: str, target: str, body: bytes, headers: dict) -> None:
        worker = self.server.worker
        if worker.process is None or worker.process.poll() is not None:
            try:  # the worker died, or its restart after a timeout failed: try once more
                worker.restart(worker.pid)
            except ServeError as exc:
                self._answer(503, f"the query engine is not running: {exc}")
                return
        pid, port = worker.pid, worker.port
        deadline = time.monotonic() + self.server.timeout_s
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=self.server.timeout_s)
        try:
            connection.request(method, target, body=body or None, headers=headers)
            connection.sock.settimeout(max(deadline - time.monotonic(), 0.001))
            response = connection.getresponse()
            chunks = []
            while self.command != "HEAD":
                connection.sock.settimeout(max(deadline - time.monotonic(), 0.001))
                chunk = response.read1(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise TimeoutError
        except (TimeoutError, socket.timeout):
            connection.close()
            try:
                worker.restart(pid)
            except ServeError:
                pass  # the next request tries again
            self._answer(503, f"query stopped: it ran longer than {self.server.timeout_s:g} s")
            return
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            self._answer(502, f"the query engine did not answer ({exc.__class__.__name__}); retry")
            return
        connection.close()
        payload = b"".join(chunks)
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in _HOP_BY_HOP | _SET_BY_PROXY:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _answer(self, status: int, message: str, extra: dict | None = None,
                content_type: str = "text/plain; charset=utf-8") -> None:
        payload = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

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
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, worker: Worker, timeout_s: float, log: bool, quads: int = 0):
        self.worker = worker
        self.quads = quads  # counted once: the store is read-only
        self.timeout_s = timeout_s
        self.idle_timeout_s = IDLE_TIMEOUT_S
        self.log = log
        super().__init__(address, _Handler)


class Endpoint:
    """The endpoint as one object: ``start()``, ``url``, ``serve_forever()`` or ``stop()``."""

    def __init__(self, store: Path | str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 timeout: float = DEFAULT_TIMEOUT, log: bool = False):
        from ccuskg.store import open_store

        self.store = Path(store)
        self.quads = len(open_store(self.store))  # a missing store is reported before anything starts
        if timeout <= 0:
            raise ValueError("the timeout must be positive")
        self.host, self.port, self.timeout, self.log = host, port, timeout, log
        self.worker: Worker | None = None
        self.server: _ProxyServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> "Endpoint":
        self.worker = Worker(self.store)
        self.worker.start()
        try:
            self.server = _ProxyServer((self.host, self.port), self.worker, self.timeout, self.log,
                                       self.quads)
        except OSError as exc:
            self.worker.stop()
            raise ServeError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = self.server.server_address[1]
        return self

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def serve_in_thread(self) -> "Endpoint":
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            if self._thread is not None:
                self.server.shutdown()
            self.server.server_close()
            self.server = None
        if self.worker is not None:
            self.worker.stop()

    def __enter__(self):
        return self.start().serve_in_thread()

    def __exit__(self, *exc):
        self.stop()


def is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return all(info[4][0] in ("127.0.0.1", "::1") or info[4][0].startswith("127.") for info in infos)


__all__ = ["Endpoint", "QueryRefused", "ServeError", "check_query", "find_oxigraph", "is_loopback"]
