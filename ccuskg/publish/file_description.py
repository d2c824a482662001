"""The description of one exported file (VoID + DCAT 3), every number read back from that file.

A partner checks a release by its description, so the description must be true of the bytes beside
it, not of the store: the written file is parsed again and its triples counted (a ``--data-only``
file states its own smaller count; an N-Quads file counts each triple once whatever its graphs; the
build graph it ships is counted like any other). The dataset node keeps the build's title, licence,
dates and vocabulary but none of its counts; the counts sit on the file's own node,
``{base}dataset/distribution/{file name}``, which is a ``dcat:Distribution`` and a ``void:Dataset``.
A format ccuskg cannot read back (a third party's) gets a description without counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from ccuskg.core.namespaces import CCUS, DCAT, DCTERMS, RDF, VOID, XSD, export_prefixes
from ccuskg.publish.description import IANA, TITLE

# media types read back to count (a registered third-party format may be anything else)
READABLE = {"text/turtle", "application/n-triples", "application/n-quads", "application/trig",
            "application/rdf+xml", "application/ld+json"}
PARTITIONED = ("jurisdiction", "issuer")  # property partitions stated for every file
EXAMPLES = 3
_STATISTICS = {VOID + p for p in ("triples", "classPartition", "propertyPartition", "exampleResource",
                                  "entities", "distinctObjects", "sparqlEndpoint")} | {DCAT + "distribution"}
_TYPE = RDF + "type"


@dataclass
class Part:
    """One file (or one set of files) described as a distribution."""

    name: str  # the file name, or a name for a set of files (per-resource)
    label: str  # "Turtle"
    what: str  # what it holds, one phrase
    media_type: str | None
    size: int
    triples: set[ox.Triple] | None = None  # what it holds, None when it cannot be read back
    download_url: str | None = None
    facts: FileFacts | None = None  # its counts, when already taken (read_back_facts): then triples is unused


@dataclass
class FileFacts:
    triples: int = 0
    policies: list[str] = field(default_factory=list)
    partitions: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (triples, distinct objects)
    streamed: bool = False  # counted as the file was parsed, without holding its triples


def read_back(data: bytes, media_type: str | None, context: dict | None = None,
              context_url: str | None = None) -> set[ox.Triple] | None:
    """The distinct triples of a written file (graphs ignored); None for a format ccuskg cannot read."""
    if media_type not in READABLE:
        return None
    if media_type == "application/ld+json" and context_url:
        data = json.dumps(_inline(json.loads(data), context, context_url)).encode("utf-8")
    fmt = ox.RdfFormat.from_media_type(media_type)
    return {q.triple for q in ox.parse(data, format=fmt)}


def _inline(doc, context: dict, url: str):
    """``doc`` with the context URL replaced by the local context (nothing is fetched)."""
    if isinstance(doc, list):
        return [_inline(item, context, url) for item in doc]
    if isinstance(doc, dict):
        return {k: (context["@context"] if k == "@context" and v == url else _inline(v, context, url))
                for k, v in doc.items()}
    return doc


class _FactCounter:
    """The counts of ``FileFacts``, taken one triple at a time (the caller ensures each comes once)."""

    def __init__(self):
        self.triples = 0
        self.policies: set[str] = set()
        self.partitions = {name: [0, set()] for name in PARTITIONED}

    def add(self, t: ox.Triple) -> None:
        self.triples += 1
        p = t.predicate.value
        if p == _TYPE and t.object.value == CCUS + "Policy":
            self.policies.add(t.subject.value)
        elif p.startswith(CCUS) and p[len(CCUS):] in self.partitions:
            entry = self.partitions[p[len(CCUS):]]
            entry[0] += 1
            entry[1].add(t.object)

    def facts(self, streamed: bool = False) -> FileFacts:
        return FileFacts(self.triples, sorted(self.policies),
                         {name: (n, len(objects)) for name, (n, objects) in self.partitions.items()}, streamed)


def facts_of(triples: Iterable[ox.Triple]) -> FileFacts:
    counter = _FactCounter()
    for t in triples:
        counter.add(t)
    return counter.facts()


def read_back_facts(source: bytes | Path, media_type: str | None, context: dict | None = None,
                    context_url: str | None = None) -> FileFacts | None:
    """The counts of a written file (bytes, or a path read as a stream); None for a foreign format.

    An export writes its triples in strictly increasing N-Triples order, which proves them distinct,
    so they are counted as they are parsed and never held; a file out of that order (N-Quads, whose
    graphs each start again, or one written by hand) is counted over the set of its triples.
    """
    if media_type not in READABLE:
        return None
    if media_type == "application/ld+json":
        data = source.read_bytes() if isinstance(source, Path) else source
        return facts_of(read_back(data, media_type, context, context_url))
    fmt = ox.RdfFormat.from_media_type(media_type)
    parsed = ox.parse(path=source, format=fmt) if isinstance(source, Path) else ox.parse(source, format=fmt)
    counter, previous = _FactCounter(), ""
    for quad in parsed:
        key = str(quad.triple)
        if key <= previous:
            data = source.read_bytes() if isinstance(source, Path) else source
            return facts_of(read_back(data, media_type))
        previous = key
        counter.add(quad.triple)
    return counter.facts(streamed=True)


def describe_parts(build: list[ox.Triple], base: str, parts: list[Part], licence: str | None = None,
                   sparql_endpoint: str | None = None) -> bytes:
    """Turtle: the dataset (the build's description without its counts) and each part, counted."""
    dataset = ox.NamedNode(base)
    out = [t for t in build if t.subject == dataset and t.predicate.value not in _STATISTICS
           and not (licence and t.predicate.value == DCTERMS + "license")]
    licence = licence or next((t.object.value for t in out if t.predicate.value == DCTERMS + "license"), None)
    if licence:
        out.append(ox.Triple(dataset, ox.NamedNode(DCTERMS + "license"), ox.NamedNode(licence)))
    if sparql_endpoint:
        out.append(ox.Triple(dataset, ox.NamedNode(VOID + "sparqlEndpoint"), ox.NamedNode(sparql_endpoint)))
    for part in parts:
        out.extend(_part(dataset, base, part, licence))
    lines = sorted({str(t) + " ." for t in out})
    parsed = ox.parse(("\n".join(lines) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(parsed, format=ox.RdfFormat.TURTLE, prefixes=export_prefixes(base))


def _part(dataset: ox.NamedNode, base: str, part: Part, licence: str | None) -> list[ox.Triple]:
    n = ox.NamedNode
    node = n(f"{base}dataset/distribution/{quote(part.name, safe='')}")
    out: list[ox.Triple] = []

    def add(s, p, o):
        out.append(ox.Triple(s, n(p), o))

    add(dataset, DCAT + "distribution", node)
    add(node, _TYPE, n(DCAT + "Distribution"))
    add(node, _TYPE, n(VOID + "Dataset"))
    add(node, DCTERMS + "title", ox.Literal(f"{TITLE['en']} ({part.label}): {part.name}", language="en"))
    add(node, DCTERMS + "description", ox.Literal(f"{part.label}: {part.what}.", language="en"))
    add(node, DCAT + "byteSize", ox.Literal(str(part.size), datatype=n(XSD + "nonNegativeInteger")))
    if part.media_type:
        add(node, DCAT + "mediaType", n(IANA + part.media_type))
    if licence:
        add(node, DCTERMS + "license", n(licence))
    if part.download_url:
        add(node, DCAT + "downloadURL", n(part.download_url))
        add(node, DCAT + "accessURL", n(part.download_url))
    facts = part.facts if part.facts is not None else None if part.triples is None else facts_of(part.triples)
    if facts is not None:
        out.extend(_counts(node, facts))
    return out


def _counts(node: ox.NamedNode, facts: FileFacts) -> list[ox.Triple]:
    n, integer = ox.NamedNode, (lambda v: ox.Literal(str(v), datatype=ox.NamedNode(XSD + "integer")))
    out = [ox.Triple(node, n(VOID + "triples"), integer(facts.triples))]
    policies = n(node.value + "/class/policy")
    out += [ox.Triple(node, n(VOID + "classPartition"), policies),
            ox.Triple(policies, n(VOID + "class"), n(CCUS + "Policy")),
            ox.Triple(policies, n(VOID + "entities"), integer(len(facts.policies)))]
    for name, (triples, objects) in sorted(facts.partitions.items()):
        partition = n(f"{node.value}/property/{name}")
        out += [ox.Triple(node, n(VOID + "propertyPartition"), partition),
                ox.Triple(partition, n(VOID + "property"), n(CCUS + name)),
                ox.Triple(partition, n(VOID + "triples"), integer(triples)),
                ox.Triple(partition, n(VOID + "distinctObjects"), integer(objects))]
    out += [ox.Triple(node, n(VOID + "exampleResource"), n(p)) for p in facts.policies[:EXAMPLES]]
    return out


def download_url(given: str | None, name: str) -> str | None:
    """``--download-url``: a URL ending in ``/`` is the folder the file is published in."""
    if not given:
        return None
    return given + quote(name) if given.endswith("/") else given


__all__ = ["Part", "FileFacts", "read_back", "read_back_facts", "facts_of", "describe_parts", "download_url", "READABLE"]
