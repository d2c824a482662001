"""The query workers: processes with one read-only store, one query at a time, and no network.

``python worker.py STORE FD OPTIONS_JSON`` starts the worker *factory*, which forks a worker
whenever the proxy asks on the socket ``FD`` (a worker is started again after every stopped
query, so starting one must be cheap). It is run as a script, not as ``-m ccuskg...``: importing
the ccuskg package costs 300 ms; this file imports only the standard library and pyoxigraph.

The first thing the factory does is leave the host's network, for itself and every worker it forks: ``unshare(CLONE_NEWNET)`` (as root), else a
user namespace with a network namespace of its own (any user, where the kernel allows it). The new
namespace has a loopback interface that is down and nothing else, so ``SERVICE``, or anything else
the engine might be talked into, cannot open a connection to any host, loopback included. The proxy
talks to each worker over a Unix socket pair (not network-namespaced). Where neither unshare works
(macOS, Windows, a container that forbids it) the worker says so in its hello and the proxy's
checks are the only barrier.

Each worker may also be held to a memory budget (``worker_memory_mib``): ``RLIMIT_DATA`` set to
what it has at fork plus the budget. RLIMIT_DATA, not RLIMIT_AS: a worker's address space swings by
hundreds of MiB with RocksDB's mappings while its data stays flat (about 80 MiB at rest, seeds and
10,000-record stores alike). A query past the budget makes the engine's allocation fail, and Rust
aborts the process (SIGABRT); the factory reaps its workers and tells the proxy how one ended, so
the client gets "needed more memory" and not a generic failure.

Frames on the socket: 4-byte big-endian length, then a JSON header; a reply is a header frame and
a body frame. On the factory's socket a request is a frame ``{"generation": n}`` (fork a worker;
the reply carries its socket) or ``{"op": "ended", "pid": p}`` (how that worker ended).
"""

from __future__ import annotations

import ctypes
import itertools
import json
import os
import socket
import struct
import sys
import time

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SOLUTION_TYPES = {"application/sparql-results+json": "JSON", "application/json": "JSON",
                  "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
                  "text/csv": "CSV", "text/tab-separated-values": "TSV"}
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
               "application/n-quads", "application/trig", "text/n3")


ISOLATIONS = ((CLONE_NEWNET, "netns"), (CLONE_NEWUSER | CLONE_NEWNET, "userns+netns"))


def isolate(only: str | None = None) -> str:
    """Enter a network namespace of our own; the name of what worked, or "none".

    ``only`` tries one way alone: "userns+netns" is what a user without root gets, and tests run it
    as root too (a plain network namespace would be taken first)."""
    if not sys.platform.startswith("linux"):
        return "none"
    libc = ctypes.CDLL(None, use_errno=True)
    for flags, name in ISOLATIONS:
        if only in (None, name) and libc.unshare(flags) == 0:
            return name
    return "none"


def write_frame(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">I", len(payload)) + payload)


def read_exactly(sock: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the socket")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(sock: socket.socket) -> bytes:
    return read_exactly(sock, struct.unpack(">I", read_exactly(sock, 4))[0])


def send_reply(sock: socket.socket, status: int, content_type: str, body: bytes, **extra) -> None:
    """A header frame, then the body; the header carries the worker's CPU seconds so far (``cpu``),
    which the pool takes as the start of the next query's CPU count instead of reading /proc."""
    header = {"status": status, "type": content_type, "cpu": time.process_time(), **extra}
    write_frame(sock, json.dumps(header).encode())
    write_frame(sock, body)


def negotiate(accept: list[str], offered: list[str]) -> str:
    """The first offered media type the client lists (best q first), else the first offered."""
    for media in accept:
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            matching = [o for o in offered if media == "*/*" or o.startswith(media[:-1])]
            if matching:
                return matching[0]
    return offered[0]


def term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    data = {"type": "literal", "value": term.value}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        data["datatype"] = term.datatype.value
    return data


def solutions_body(solutions, media: str, limit: int) -> tuple[bytes, bool]:
    """SELECT results in ``media``, at most ``limit`` rows (0: all); and whether rows were dropped."""
    import pyoxigraph as ox

    names = [v.value for v in solutions.variables]
    rows = list(itertools.islice(solutions, limit + 1)) if limit else list(solutions)
    truncated = bool(limit) and len(rows) > limit
    bindings = [{name: term_json(row[name]) for name in names if row[name] is not None}
                for row in rows[:limit or None]]
    body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")
    fmt = SOLUTION_TYPES[media]
    if fmt != "JSON":  # the engine's own writers, from the (truncated) JSON
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt))
    return body, truncated


def answer(store, request: dict, options: dict):
    """(status, content type, body, truncated) for one query request."""
    import pyoxigraph as ox

    try:
        default = [ox.NamedNode(g) for g in request.get("default") or []] or None
        named = [ox.NamedNode(g) for g in request.get("named") or []] or ([] if default else None)
        result = store.query(request["query"], prefixes=options.get("prefixes"), default_graph=default,
                             named_graphs=named, use_default_graph_as_union=bool(options.get("union")))
        return render(result, request.get("accept") or [], int(request.get("max_results") or 0))
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"the query does not parse: {exc}\n".encode(), False
    except ValueError as exc:
        return 400, "text/plain; charset=utf-8", f"invalid request: {exc}\n".encode(), False
    except Exception as exc:  # noqa: BLE001 - e.g. SERVICE failing: answer it, keep the worker
        return 500, "text/plain; charset=utf-8", f"the query failed: {exc}\n".encode(), False


def render(result, accept: list[str], limit: int):
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        media = negotiate(accept, list(SOLUTION_TYPES))
        fmt = getattr(ox.QueryResultsFormat, SOLUTION_TYPES[media])
        return 200, media, result.serialize(format=fmt), False
    if isinstance(result, ox.QuerySolutions):
        media = negotiate(accept, list(SOLUTION_TYPES))
        body, truncated = solutions_body(result, media, limit)
        return 200, media, body, truncated
    media = negotiate(accept, list(GRAPH_TYPES))
    triples = list(itertools.islice(result, limit + 1)) if limit else list(result)
    truncated = bool(limit) and len(triples) > limit
    body = ox.serialize(triples[:limit or None], format=ox.RdfFormat.from_media_type(media))
    return 200, media, body, truncated


def stats(store, options: dict) -> dict:
    """What /health reports: quads and records, counted once per store."""
    records = next(iter(store.query(
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/ccuskg/ontology#PolicyRecord> }",
        use_default_graph_as_union=bool(options.get("union")))))["n"]
    return {"quads": len(store), "records": int(records.value)}


def serve(sock: socket.socket, store, options: dict) -> None:
    while True:
        try:
            request = json.loads(read_frame(sock))
        except EOFError:
            return
        if request.get("op") == "stats":
            send_reply(sock, 200, "application/json", json.dumps(stats(store, options)).encode())
            continue
        status, media, body, truncated = answer(store, request, options)
        send_reply(sock, status, media, body, truncated=truncated)


def open_store(path: str):
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(path), None
    except OSError as exc:
        return None, str(exc)


def data_bytes() -> int | None:
    """The process's data segment now (VmData, Linux), what RLIMIT_DATA is counted against."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def limit_memory(budget_mib: int | None) -> int | None:
    """Hold this worker to ``budget_mib`` MiB of data beyond what it has now; the limit set, or None."""
    if not budget_mib:
        return None
    try:
        import resource
    except ImportError:  # Windows
        return None
    now = data_bytes()
    if now is None:
        return None
    limit = now + int(budget_mib) * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (OSError, ValueError):
        return None
    return limit


def run_worker(sock: socket.socket, opened: tuple, options: dict, isolation: str) -> int:
    store, error = opened
    if store is None:
        send_reply(sock, 503, "text/plain", error.encode(), pid=os.getpid(), isolation=isolation)
        return 1
    limit = limit_memory(options.get("worker_memory_mib"))
    send_reply(sock, 200, "text/plain", b"ready", pid=os.getpid(), isolation=isolation,
               memory_limited=limit is not None)
    serve(sock, store, options)
    return 0


def die_with(parent: int) -> None:
    """A worker must not outlive the factory that forked it (nor keep running a query for nobody)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    if os.getppid() != parent:
        os._exit(1)


ENDED_KEPT = 1024  # how many ended workers the factory remembers


class Reaper:
    """The factory's ended workers: reaped as they end (no zombies), remembered for the proxy."""

    def __init__(self):
        self.ended: dict[int, dict] = {}

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.ended[pid] = {"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                               "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}
            while len(self.ended) > ENDED_KEPT:
                self.ended.pop(next(iter(self.ended)))

    def how_ended(self, pid: int, wait_s: float = 1.0) -> dict:
        """How worker ``pid`` ended; its socket closing means it is ending, so wait a moment for it."""
        deadline = time.monotonic() + wait_s
        while True:
            self.reap()
            if pid in self.ended or time.monotonic() >= deadline:
                return {"pid": pid, **self.ended.pop(pid, {"signal": None, "code": None, "running": True})}
            time.sleep(0.005)


def factory(control: socket.socket, path: str, options: dict, isolation: str) -> int:
    """Fork a worker for each request on ``control``: a fork takes milliseconds, a new Python 100 ms.

    The store is opened here, once per generation (a request with a new one means the store was
    rebuilt), and inherited by the forks: a read-only RocksDB has no background threads, and its
    reads are ``pread`` calls, which processes sharing a file descriptor can make independently.
    Each reply carries the new worker's end of its socket pair (SCM_RIGHTS) and its pid.
    """
    generation, opened, reaper = None, (None, "not opened"), Reaper()
    while True:
        try:
            request = json.loads(read_frame(control))
        except EOFError:
            return 0
        reaper.reap()
        if request.get("op") == "ended":
            control.sendall(json.dumps(reaper.how_ended(int(request["pid"]))).encode())
            continue
        wanted = request.get("generation")
        if wanted != generation or opened[0] is None:  # a new build, or the last open failed
            opened = None
            generation, opened = wanted, open_store(path)
        parent, child = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                control.close()
                parent.close()
                die_with(os.getppid())
                code = run_worker(child, opened, options, isolation)
            finally:
                os._exit(code)
        child.close()
        socket.send_fds(control, [json.dumps({"pid": pid}).encode()], [parent.fileno()])
        parent.close()


def main(argv: list[str]) -> int:
    options = json.loads(argv[3])
    wanted = options.get("isolate", True)
    isolation = isolate(wanted if isinstance(wanted, str) else None) if wanted else "none"
    return factory(socket.socket(fileno=int(argv[2])), argv[1], options, isolation)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
