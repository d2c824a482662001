"""The plain values both SHACL engines produce (``Term``, ``ShaclResult``) and the conversions between
RDF libraries' terms, SPARQL text and SHACL paths that the engine and its components share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ccuskg.core.errors import UserError

if TYPE_CHECKING:
    import rdflib

SHAPES_GRAPH = "urn:x-ccuskg:shapes-graph"  # the named graph $shapesGraph names: the shapes, put in the store


class UnsupportedShapes(UserError):
    """The shapes use a SHACL feature the fast engine does not implement (use ``--engine pyshacl``)."""


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term, independent of the library that produced it."""

    kind: str  # "iri", "literal" or "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    def key(self) -> tuple:
        """A sort key (the dataclass order fails on a None datatype or language beside a str)."""
        return (self.kind, self.value, self.datatype or "", self.lang or "")


@dataclass(frozen=True)
class ShaclResult:
    """One sh:ValidationResult, as plain values."""

    focus: Term
    path: str | None  # the property IRI (or a SPARQL property path for complex paths)
    value: Term | None
    severity: str  # the severity IRI, e.g. sh:Violation
    message: str
    shape: str | None  # source shape IRI (None for blank-node shapes)
    component: str  # source constraint component IRI
    constraint: str | None = None  # the sh:sparql constraint, for SPARQL-based results
    # the source shape, blank or not; not compared (blank ids differ between parses of one shapes file) but
    # results of two blank shapes are kept apart (``distinct``)
    shape_node: Term | None = field(default=None, compare=False)

    def sort_key(self) -> tuple:
        return (self.focus.key(), self.path or "", (self.value or Term("", "")).key(), self.severity, self.message,
                self.shape or "", self.component, self.constraint or "", (self.shape_node or Term("", "")).key())


def distinct(results: Iterable[ShaclResult]) -> list[ShaclResult]:
    """Results without repeats, sorted; two blank shapes saying the same thing are two results."""
    return sorted({(r, r.shape_node): r for r in results}.values(), key=ShaclResult.sort_key)


def graph_quads(graph: rdflib.Graph) -> list[ox.Quad]:
    """An rdflib graph's triples as pyoxigraph quads, blank node ids kept."""
    return [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(graph.serialize(format="nt", encoding="utf-8"),
                                                                         format=ox.RdfFormat.N_TRIPLES)]


def _rdflib_term(term) -> Term:
    import rdflib  # here, not at the top: the incremental report's fast path never needs rdflib

    if isinstance(term, rdflib.URIRef):
        return Term("iri", str(term))
    if isinstance(term, rdflib.BNode):
        return Term("bnode", str(term))
    datatype = None if term.language else str(term.datatype or "http://www.w3.org/2001/XMLSchema#string")
    return Term("literal", str(term), datatype, term.language)


def _ox_term(term) -> Term:
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    return Term("literal", term.value, None if term.language else term.datatype.value, term.language)


def _path_text(graph: rdflib.Graph, path, bare_iri: bool = False) -> str:
    """A SHACL property path as SPARQL property-path text (a bare IRI string if ``bare_iri``)."""
    import rdflib
    from rdflib.collection import Collection
    from rdflib.namespace import RDF, SH

    if isinstance(path, rdflib.URIRef):
        return str(path) if bare_iri else f"<{path}>"
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(_path_text(graph, p) for p in Collection(graph, path)) + ")"
    for prop, template in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
                           (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = graph.value(path, prop)
        if inner is not None:
            return template.format(_path_text(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    raise UnsupportedShapes(f"property path {path} is not a SHACL path the fast engine understands")


def _sparql_term(term) -> str:
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise UnsupportedShapes(f"blank node {term} cannot be used as a constraint value by the fast engine")



rdflib_term = _rdflib_term
path_text = _path_text
ox_term = _ox_term
sparql_term = _sparql_term
