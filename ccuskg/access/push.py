"""Push the built graph into a production triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the store (one per record, plus the ontology and build graphs) is sent with
one HTTP PUT, which replaces that graph on the remote as a unit. A small manifest graph on the
remote keeps the SHA-256 of what was last sent for each graph; a graph whose hash is unchanged is
skipped, so pushing the same build twice sends nothing and a changed record sends only its graph.
Graphs listed in the manifest that the build no longer has (a record removed) are deleted. The
manifest is written last: a push that fails part-way is completed by the next one.

The default graph (the local union copy) is not pushed; configure the remote store to query the
union of its named graphs (see docs/sparql-access.md).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from ccuskg import store as _store
from ccuskg.access.remote import DEFAULT_TIMEOUT, RemoteError, http, redact

MANIFEST_GRAPH = "https://w3id.org/ccuskg/graph/push-manifest"
SHA256 = ox.NamedNode("https://w3id.org/ccuskg/push#sha256")
N_TRIPLES = "application/n-triples"


@dataclass
class PushReport:
    endpoint: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{len(self.sent)} graphs sent, {len(self.skipped)} unchanged (skipped), "
                f"{len(self.deleted)} deleted; {self.bytes_sent} bytes in {self.seconds:.2f} s")


def local_graphs(store: ox.Store) -> dict[str, bytes]:
    """Each named graph of the store as sorted N-Triples (the bytes sent and hashed)."""
    triples = defaultdict(list)
    for quad in _store.named_quads(store):
        triples[quad.graph_name.value].append(quad.triple)
    return {graph: b"".join(sorted(ox.serialize(items, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)))
            for graph, items in sorted(triples.items())}


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


def push(store_path: Path | str | None, endpoint: str, force: bool = False, timeout: float = DEFAULT_TIMEOUT,
         progress=None) -> PushReport:
    """Send the store's named graphs to a Graph Store Protocol endpoint, skipping unchanged ones."""
    started = time.perf_counter()
    check_graph_store_url(endpoint)
    graphs = local_graphs(_store.open_store(store_path))
    previous = remote_manifest(endpoint, timeout)
    report = PushReport(endpoint)
    hashes = {}
    for graph, payload in graphs.items():
        hashes[graph] = digest(payload)
        if not force and previous.get(graph) == hashes[graph]:
            report.skipped.append(graph)
            continue
        http("PUT", graph_url(endpoint, graph), payload, {"Content-Type": N_TRIPLES}, timeout=timeout)
        report.sent.append(graph)
        report.bytes_sent += len(payload)
        if progress:
            progress(graph)
    stale = sorted(set(previous) - set(graphs))
    for graph in stale:
        http("DELETE", graph_url(endpoint, graph), timeout=timeout, ok_missing=True)
        report.deleted.append(graph)
    if report.sent or report.deleted or hashes != previous:
        http("PUT", graph_url(endpoint, MANIFEST_GRAPH), manifest_payload(hashes), {"Content-Type": N_TRIPLES},
             timeout=timeout)
    report.seconds = time.perf_counter() - started
    return report
