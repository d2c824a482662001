"""Step 4b of the pipeline: write the store's content for partners.

Output is deterministic: quads are sorted before serialisation, so the same records give
byte-identical files. pyoxigraph's writers stream and stay linear on large graphs (rdflib's Turtle
writer slows down superlinearly past ~500k triples).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ccuskg.store import named_quads
from ccuskg.namespaces import JURISDICTION_SCHEME, ISSUER_SCHEME, ONTOLOGY_GRAPH, PREFIXES, VOCAB

FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "json-ld": (ox.RdfFormat.JSON_LD, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
}
EXTENSIONS = {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt", "nquads": ".nq", "trig": ".trig"}


def export_prefixes(base: str | None) -> dict[str, str]:
    prefixes = dict(PREFIXES)
    prefixes.update({
        "jurisdiction": JURISDICTION_SCHEME + "/",
        "issuer": ISSUER_SCHEME + "/",
        "category": VOCAB + "category/",
        "status": VOCAB + "status/",
        "legalweight": VOCAB + "legal-weight/",
        "dimension": VOCAB + "dimension/",
        "reviewstatus": VOCAB + "review-status/",
        "wd": "http://www.wikidata.org/entity/",
    })
    if base:
        prefixes.update({"policy": base + "policy/", "cluster": base + "cluster/", "agent": base + "agent/"})
    return prefixes


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def sorted_quads(store: ox.Store, include_ontology: bool = True) -> list[ox.Quad]:
    """The named-graph quads (the default graph only repeats their union)."""
    quads = named_quads(store)
    if not include_ontology:
        quads = (q for q in quads if q.graph_name.value != ONTOLOGY_GRAPH)
    return sorted(quads, key=_sort_key)


def sorted_triples(quads) -> list[ox.Triple]:
    """The union of all graphs, each triple once, in a stable order (subjects grouped)."""
    unique = {q.triple for q in quads}
    return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize(store: ox.Store, fmt: str, base: str | None = None, include_ontology: bool = True) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format, with_graphs = FORMATS[fmt]
    quads = sorted_quads(store, include_ontology)
    data = quads if with_graphs else sorted_triples(quads)
    prefixes = export_prefixes(base) if fmt in ("turtle", "trig") else None
    return ox.serialize(data, format=rdf_format, prefixes=prefixes)


def write(store: ox.Store, fmt: str, output: Path | str, base: str | None = None,
          include_ontology: bool = True) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    tmp.write_bytes(serialize(store, fmt, base, include_ontology))
    tmp.replace(output)
    return output
