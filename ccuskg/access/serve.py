"""The SPARQL endpoint: the Oxigraph server, read-only over a built store, behind a thin loopback proxy.

The Oxigraph server (PyPI ``oxigraph``) does the SPARQL 1.1 Protocol: content negotiation, CORS,
the YASGUI page, read-only mode. Its default graph is the store's default graph, which ccuskg
materialises as the union of the record graphs with each triple once (so it is run *without*
``--union-default-graph``, which would count a triple once per graph holding it).

Two things it does not do, measured with oxigraph 0.5.13: ``--timeout-s`` did not stop a running
query (a cross product was still burning a core ten minutes later), and it follows ``SERVICE`` to
any host. So every request goes through this proxy first:

* a query is parsed with rdflib's SPARQL parser and refused (400) if it uses SERVICE, or if the
  parser cannot read it (fail closed: nothing the proxy cannot check is forwarded);
* anything but a query (updates, Graph Store writes) is refused (403/405) before Oxigraph sees it;
* a request gets ``timeout`` seconds to be answered in full; past that the proxy answers 503 and
  kills and restarts the Oxigraph worker, because a running Oxigraph query cannot be cancelled.
"""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from ccuskg.core.settings import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SERVE_TIMEOUT as DEFAULT_TIMEOUT

LOOPBACK = "127.0.0.1"

# Hop-by-hop headers are about one connection; the proxy never passes them on.
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
               "transfer-encoding", "upgrade", "host", "content-length"}
_SET_BY_PROXY = {"server", "date"}


class ServeError(RuntimeError):
    """The endpoint cannot start (no oxigraph binary, no store, worker did not come up)."""


class QueryRefused(ValueError):
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
        self._handle(body=b"")

    def do_HEAD(self):
        self._handle(body=b"")

    def do_OPTIONS(self):  # CORS preflight, answered by Oxigraph
        self._handle(body=b"")

    def do_POST(self):
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
            self._check(body)
        except QueryRefused as exc:
            self._answer(exc.status, str(exc))
            return
        self._forward(body)

    def _check(self, body: bytes) -> None:
        path, _, query_string = self.path.partition("?")
        params = parse_qs(query_string, keep_blank_values=True)
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if self.command == "POST":
            if content_type == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                params.setdefault("query", []).append(body.decode("utf-8", "replace"))
            else:
                raise QueryRefused("this endpoint is read-only: POST a SPARQL query "
                                   "(application/sparql-query or a form with query=)", 403)
            if path != "/query":
                raise QueryRefused("this endpoint is read-only: POST queries to /query", 403)
        if "update" in params or content_type == "application/sparql-update":
            raise QueryRefused("updates are not allowed: this endpoint is read-only", 403)
        queries = params.get("query", [])
        if len(queries) > 1:
            raise QueryRefused("give one query per request")
        if queries:
            check_query(queries[0])

    def _forward(self, body: bytes) -> None:
        worker = self.server.worker
        if worker.process is None or worker.process.poll() is not None:
            try:  # the worker died, or its restart after a timeout failed: try once more
                worker.restart(worker.pid)
            except ServeError as exc:
                self._answer(503, f"the query engine is not running: {exc}")
                return
        pid, port = worker.pid, worker.port
        deadline = time.monotonic() + self.server.timeout_s
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=self.server.timeout_s)
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
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

    def _answer(self, status: int, message: str, extra: dict | None = None) -> None:
        payload = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def log_message(self, format, *args):  # noqa: A002 - BaseHTTPRequestHandler's name
        if self.server.log:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, worker: Worker, timeout_s: float, log: bool):
        self.worker = worker
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
        open_store(self.store)  # a missing store is reported before anything starts
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
            self.server = _ProxyServer((self.host, self.port), self.worker, self.timeout, self.log)
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
