"""Push the built graph into a production triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the store (one per record, plus the ontology and build graphs) is sent with
one HTTP PUT, which replaces that graph on the remote as a unit; or, with ``batch``, many graphs
per SPARQL Update request (``DROP SILENT GRAPH`` + ``INSERT DATA``) on the store's update endpoint.
A manifest graph on the remote keeps the SHA-256 of what was last sent for each graph; a graph
whose hash is unchanged is skipped, so pushing the same build twice sends nothing and a changed
record sends only its graph. Graphs in the manifest that the build no longer has are deleted.

The manifest only ever claims what the remote holds, so a push killed at any point is completed
by the next one without re-sending everything: the entries of the graphs about to be replaced are
dropped first, each graph's entry is added once the graph is in (every CHECKPOINT graphs, or in
the same update request as the batch), and the full manifest is written last.

The default graph (the local union copy) is not pushed; configure the remote store to query the
union of its named graphs (see docs/production-stores.md).
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from ccuskg import store as _store
from ccuskg.access.remote import DEFAULT_TIMEOUT, RemoteError, http, redact

MANIFEST_GRAPH = "https://w3id.org/ccuskg/graph/push-manifest"
SHA256 = ox.NamedNode("https://w3id.org/ccuskg/push#sha256")
N_TRIPLES = "application/n-triples"
CHECKPOINT = 200  # graphs PUT between two manifest appends: at most this many re-sent after a kill
BATCH_TRIPLES = 100_000  # most triples in one SPARQL Update request
# Virtuoso compiles INSERT DATA to SQL and refuses past 10,000 lines of it ("SP031"), which ~1,500
# triples of terms it has not seen before reach; its update paths get a smaller budget.
VIRTUOSO_BATCH_TRIPLES = 500


@dataclass
class PushReport:
    endpoint: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    requests: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{len(self.sent)} graphs sent, {len(self.skipped)} unchanged (skipped), "
                f"{len(self.deleted)} deleted; {self.bytes_sent} bytes in {self.seconds:.2f} s")


def local_graphs(store: ox.Store) -> dict[str, bytes]:
    """Each named graph of the store as sorted N-Triples (the bytes sent and hashed), dumped natively."""
    graphs = {}
    for graph in store.named_graphs():
        lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines(keepends=True)
        if lines:
            graphs[graph.value] = b"".join(sorted(lines))
    return dict(sorted(graphs.items()))


def digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def graph_url(endpoint: str, graph: str) -> str:
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode({"graph": graph})


# A query or update URL given where the Graph Store URL belongs: path pattern -> the likely Graph Store path.
_QUERY_PATHS = [
    (r"^/(query|update)$", "/store", "Oxigraph server"),
    (r"^/(sparql|sparql-auth)$", "/sparql-graph-crud-auth", "Virtuoso"),
    (r"^(/[^/]+)/(query|sparql|update)$", r"\1/data", "Fuseki"),
    (r"^(/repositories/[^/]+)(/statements)?$", r"\1/rdf-graphs/service", "GraphDB"),
]


def check_graph_store_url(endpoint: str) -> None:
    """Refuse a SPARQL query or update URL up front, naming the Graph Store URL it probably meant."""
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/") or "/"
    for pattern, replacement, engine in _QUERY_PATHS:
        if re.match(pattern, path):
            likely = urlunsplit((parts.scheme, parts.netloc, re.sub(pattern, replacement, path), "", ""))
            raise RemoteError(f"{redact(endpoint)} looks like a SPARQL query or update URL; push needs the "
                              f"store's Graph Store Protocol URL: for {engine}, probably {likely}")


def remote_manifest(endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> dict[str, str]:
    """Graph IRI -> hash last pushed, read from the remote manifest graph (empty before the first push)."""
    status, content_type, payload = http("GET", graph_url(endpoint, MANIFEST_GRAPH), headers={"Accept": N_TRIPLES},
                                         timeout=timeout, ok_missing=True)
    if status == 404 or not payload.strip():
        return {}
    if content_type in ("text/html", "application/xhtml+xml"):
        raise RemoteError(f"{redact(endpoint)} answered a Graph Store read with an HTML page: is it the store's "
                          "Graph Store Protocol URL (e.g. http://localhost:7878/store, .../DATASET/data)?")
    try:
        fmt = ox.RdfFormat.TURTLE if content_type == "text/turtle" else ox.RdfFormat.N_TRIPLES
        return {q.subject.value: q.object.value for q in ox.parse(payload, format=fmt)
                if q.predicate == SHA256 and isinstance(q.subject, ox.NamedNode)}
    except SyntaxError as exc:
        raise RemoteError(f"the manifest graph on the remote does not parse: {exc}") from None


def manifest_payload(hashes: dict[str, str]) -> bytes:
    triples = [ox.Triple(ox.NamedNode(g), SHA256, ox.Literal(h)) for g, h in sorted(hashes.items())]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


class _Remote:
    """The requests of one push, counted: Graph Store PUT/POST/DELETE and SPARQL Update POST."""

    def __init__(self, endpoint: str, timeout: float, report: PushReport):
        self.endpoint, self.timeout, self.report = endpoint, timeout, report

    def put(self, graph: str, payload: bytes, method: str = "PUT") -> None:
        self.report.requests += 1
        http(method, graph_url(self.endpoint, graph), payload, {"Content-Type": N_TRIPLES}, timeout=self.timeout)

    def delete(self, graph: str) -> None:
        self.report.requests += 1
        http("DELETE", graph_url(self.endpoint, graph), timeout=self.timeout, ok_missing=True)

    def update(self, url: str, text: bytes) -> None:
        self.report.requests += 1
        http("POST", url, text, {"Content-Type": "application/sparql-update; charset=utf-8"}, timeout=self.timeout)


def push(store_path: Path | str | None, endpoint: str, force: bool = False, timeout: float = DEFAULT_TIMEOUT,
         progress=None, batch: int = 0, update_endpoint: str | None = None) -> PushReport:
    """Send the store's named graphs to a Graph Store Protocol endpoint, skipping unchanged ones.

    ``batch`` > 0 sends that many graphs per SPARQL Update request to ``update_endpoint`` (by
    default derived from the Graph Store URL, see :func:`update_url`)."""
    started = time.perf_counter()
    check_graph_store_url(endpoint)
    update = update_url(endpoint, update_endpoint) if batch else None
    graphs = local_graphs(_store.open_store(store_path))
    previous = remote_manifest(endpoint, timeout)
    report = PushReport(endpoint)
    remote = _Remote(endpoint, timeout, report)
    hashes = {graph: digest(payload) for graph, payload in graphs.items()}
    todo = [g for g in graphs if force or previous.get(g) != hashes[g]]
    changing = set(todo)
    report.skipped = [g for g in graphs if g not in changing]
    known = {g: h for g, h in previous.items() if g not in changing}
    if len(known) < len(previous):  # forget the graphs about to change before touching them
        remote.put(MANIFEST_GRAPH, manifest_payload(known))
    if update:
        _send_batches(remote, update, graphs, hashes, todo, batch, progress)
    else:
        _send_each(remote, graphs, hashes, todo, progress)
    for graph in sorted(set(previous) - set(graphs)):
        remote.delete(graph)
        report.deleted.append(graph)
    if report.sent or report.deleted or hashes != previous:
        remote.put(MANIFEST_GRAPH, manifest_payload(hashes))
    report.seconds = time.perf_counter() - started
    return report


def _send_each(remote: _Remote, graphs, hashes, todo, progress) -> None:
    """One PUT per graph; the manifest entries of the graphs sent are appended every CHECKPOINT graphs."""
    pending = {}
    for graph in todo:
        remote.put(graph, graphs[graph])
        remote.report.sent.append(graph)
        remote.report.bytes_sent += len(graphs[graph])
        pending[graph] = hashes[graph]
        if progress:
            progress(graph)
        if len(pending) >= CHECKPOINT:
            remote.put(MANIFEST_GRAPH, manifest_payload(pending), method="POST")
            pending = {}


def _send_batches(remote: _Remote, update: str, graphs, hashes, todo, batch: int, progress) -> None:
    """Up to ``batch`` graphs (and a triple budget) per SPARQL Update request, each request carrying
    its graphs' manifest entries; a graph too big for one request goes by PUT."""
    budget = triple_budget(update)
    for chunk in _chunks(todo, graphs, batch, budget):
        if len(chunk) == 1 and graphs[chunk[0]].count(b"\n") > budget:
            remote.put(chunk[0], graphs[chunk[0]])
            remote.put(MANIFEST_GRAPH, manifest_payload({chunk[0]: hashes[chunk[0]]}), method="POST")
            sent = len(graphs[chunk[0]])
        else:
            text = update_request(chunk, graphs, hashes)
            remote.update(update, text)
            sent = len(text)
        remote.report.sent.extend(chunk)
        remote.report.bytes_sent += sent
        for graph in chunk if progress else ():
            progress(graph)


def triple_budget(update: str) -> int:
    """Most triples per update request: smaller for Virtuoso's /sparql-auth and /sparql."""
    return VIRTUOSO_BATCH_TRIPLES if re.search(r"/sparql(-auth)?$", urlsplit(update).path) else BATCH_TRIPLES


def _chunks(todo: list[str], graphs: dict[str, bytes], batch: int, budget: int):
    chunk, triples = [], 0
    for graph in todo:
        size = graphs[graph].count(b"\n")
        if chunk and (len(chunk) >= batch or triples + size > budget):
            yield chunk
            chunk, triples = [], 0
        chunk.append(graph)
        triples += size
    if chunk:
        yield chunk


def update_request(chunk: list[str], graphs: dict[str, bytes], hashes: dict[str, str]) -> bytes:
    """DROP SILENT GRAPH each graph, then one INSERT DATA holding the graphs and their manifest entries.

    N-Triples lines are valid SPARQL triples, so the payload hashed is the payload sent."""
    parts = [b"DROP SILENT GRAPH <%s> ;\n" % g.encode() for g in chunk]
    parts.append(b"INSERT DATA {\n")
    for graph in chunk:
        parts += [b"GRAPH <%s> {\n" % graph.encode(), graphs[graph], b"}\n"]
    parts += [b"GRAPH <%s> {\n" % MANIFEST_GRAPH.encode(), manifest_payload({g: hashes[g] for g in chunk}),
              b"}\n}\n"]
    return b"".join(parts)


# The Graph Store path of each engine -> its SPARQL Update path (for --batch).
_UPDATE_PATHS = [
    (r"^/store$", "/update"),  # Oxigraph server
    (r"^/sparql-graph-crud(-auth)?$", r"/sparql\1"),  # Virtuoso: /sparql-auth takes updates with digest
    (r"^(/repositories/[^/]+)/rdf-graphs/service$", r"\1/statements"),  # GraphDB
    (r"^(/[^/]+)/data$", r"\1/update"),  # Fuseki
]


def update_url(endpoint: str, given: str | None = None) -> str:
    """The SPARQL Update URL beside a Graph Store URL (or ``given``), for batched pushes."""
    if given:
        return given
    parts = urlsplit(endpoint)
    for pattern, replacement in _UPDATE_PATHS:
        if re.match(pattern, parts.path):
            return urlunsplit((parts.scheme, parts.netloc, re.sub(pattern, replacement, parts.path), "", ""))
    raise RemoteError(f"cannot tell the SPARQL Update URL beside {redact(endpoint)}: give it with --update-endpoint")
