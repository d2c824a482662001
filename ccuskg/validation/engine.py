"""Two SHACL engines behind one result type: a fast one (shapes compiled to SPARQL on Oxigraph) and pyshacl.

pyshacl is the reference but runs at ~50 records/s on a whole graph. The fast engine compiles each
shape into SPARQL queries that return the failing (focus, value) pairs directly and runs them on an
in-memory pyoxigraph store. It implements SHACL Core and SHACL-SPARQL as the components registered in
``ccuskg.validation.components`` (``core_components``, ``sparql_components``). A shape using a term
with no compiler is refused, naming the shape and the term, or with ``fallback`` checked by pyshacl
(that shape only), so a shape is never silently ignored. Both engines return ``ShaclResult`` so that
tracing results back to record files (``ccuskg.validation.validate``) does not depend on the engine.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from ccuskg.validation.components import Constraint, compiler_for, limitation, shapes_extensions, supported_terms
from ccuskg.validation.terms import (SHAPES_GRAPH, ShaclResult, Term, UnsupportedShapes, _ox_term, _path_text,
                                     _rdflib_term, _sparql_term, distinct, graph_quads, ox_term, path_text,
                                     rdflib_term, sparql_term)

ENGINES = ("fast", "pyshacl")


# --------------------------------------------------------------------------------------------- pyshacl

def run_pyshacl(quads: Iterable[ox.Quad], shapes: rdflib.Graph) -> list[ShaclResult]:
    """The reference engine: pyshacl over an in-memory rdflib graph of the union of ``quads``' graphs."""
    triples = sorted({q.triple for q in quads}, key=str)
    data = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return pyshacl_results(data, shapes)


def pyshacl_results(data: rdflib.Graph, shapes: rdflib.Graph) -> list[ShaclResult]:
    """pyshacl over an rdflib data graph (its blank nodes keep their ids in the results)."""
    import pyshacl
    from pyparsing.exceptions import ParseBaseException
    from pyshacl.errors import ReportableRuntimeError

    try:
        _, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                           allow_warnings=True)
    except (ReportableRuntimeError, ParseBaseException) as exc:  # bad shapes or SPARQL text in them
        raise UnsupportedShapes(f"pyshacl could not evaluate the shapes: {exc}") from None
    if not isinstance(report, rdflib.Graph):
        raise UnsupportedShapes(f"pyshacl could not evaluate the shapes: {getattr(report, 'message', text)}")
    results = []
    # top-level results only: those nested under sh:detail explain a result, they are not results
    for validation_report in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(validation_report, SH.result):
            results.append(_from_report(report, shapes, node))
    return distinct(results)  # a result repeated word for word says nothing more


def _from_report(report: rdflib.Graph, shapes: rdflib.Graph, node) -> ShaclResult:
    shape = report.value(node, SH.sourceShape)
    constraint = report.value(node, SH.sourceConstraint)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    if constraint is not None and shapes.value(constraint, SH.message) is not None:
        # pyshacl adds the shape's own message beside the constraint's; the constraint's is the one meant
        own = {str(m) for m in shapes.objects(shape, SH.message)}
        messages = [m for m in messages if m not in own] or messages
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    return ShaclResult(
        focus=_rdflib_term(report.value(node, SH.focusNode)),
        path=None if path is None else _path_text(report, path, bare_iri=True),
        value=None if value is None else _rdflib_term(value),
        severity=str(report.value(node, SH.resultSeverity)),
        message=messages[0] if messages else "",
        shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
        component=str(report.value(node, SH.sourceConstraintComponent)),
        constraint=str(constraint) if isinstance(constraint, rdflib.URIRef) else None,
        shape_node=None if shape is None else _rdflib_term(shape),
    )


# --------------------------------------------------------------------------------------------- fast engine

_BUILT_IN_COMPILERS = ("ccuskg.validation.core_components", "ccuskg.validation.registry")
_BUILT_IN_EXTENSIONS = "ccuskg.validation.sparql_components"
_SPARQL_CONSTRAINT_TERMS = {SH[name] for name in ("select", "message", "prefixes", "deactivated", "severity")}
_LOAD_CHUNK = 100_000  # triples per N-Triples chunk loaded into the engine's store (bounds the text in memory)


@dataclass
class _Shape:
    node: object
    path: str | None  # SPARQL path text, for property shapes
    path_iri: str | None  # the path when it is a single IRI (what results report)
    severity: str
    messages: list[str]
    targets: list[str] = field(default_factory=list)  # SPARQL patterns binding ?this
    deactivated: bool = False


class FastEngine:
    """Shapes compiled once into SPARQL; ``run`` evaluates them over the union of a set of quads' graphs."""

    def __init__(self, shapes: rdflib.Graph, fallback: bool = False):
        self.g = shapes
        self.prefixes = self._prefixes()
        self._shapes: dict = {}
        self._vars = itertools.count()
        self.extensions = shapes_extensions(shapes)  # e.g. the SPARQL-based components the shapes graph declares
        self._parameters = {t for e in self.extensions for t in e.parameters}
        self.fallback: list = []  # targeted shapes left to pyshacl (``fallback=True``)
        self.notices: list[str] = []
        self._split_unsupported(fallback)
        self.targeted = [self._shape(s) for s in sorted(self._targeted_nodes(), key=str) if s not in self.fallback]
        selects = " ".join(str(q) for p in (SH.select, SH.ask) for q in self.g.objects(None, p))
        self._uses_shapes_graph = "$shapesGraph" in selects
        self._names_graphs = bool(re.search(r"\b(GRAPH|FROM)\b", selects, re.IGNORECASE))

    # ------------------------------------------------------------------ reading the shapes graph

    def _prefixes(self) -> str:
        lines = []
        for declaration in self.g.objects(None, SH.declare):
            prefix, namespace = self.g.value(declaration, SH.prefix), self.g.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines)))

    def _targeted_nodes(self) -> set:
        nodes = set()
        for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            nodes |= set(self.g.subjects(prop, None))
        shape_types = (SH.NodeShape, SH.PropertyShape)
        nodes |= {s for s in self.g.subjects(RDF.type, RDFS.Class) if any((s, RDF.type, t) in self.g for t in shape_types)}
        return nodes

    def _unsupported(self, node, seen: set) -> str | None:
        """Why the fast engine cannot check shape ``node`` (a term it lacks, in it or a shape it uses), or None."""
        if node in seen:
            return None
        seen.add(node)
        g, supported = self.g, supported_terms() | self._parameters
        for prop in sorted(set(g.predicates(node, None)), key=str):
            if str(prop).startswith(str(SH)) and prop not in supported:
                return f"shape {node} uses {prop.n3(g.namespace_manager)}, which the fast engine does not implement"
            why = next(filter(None, (limitation(prop, obj) for obj in g.objects(node, prop))), None)
            if why:
                return f"shape {node}: {why}"
        for constraint in g.objects(node, SH.sparql):
            for prop in sorted(set(g.predicates(constraint, None)), key=str):
                if str(prop).startswith(str(SH)) and prop not in _SPARQL_CONSTRAINT_TERMS | supported:
                    return f"SPARQL constraint {constraint} uses {prop.n3(g.namespace_manager)}, which the fast engine does not implement"
        nested = [o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for o in g.objects(node, p)]
        nested += [m for p in (SH["and"], SH["or"], SH.xone) for lst in g.objects(node, p) for m in Collection(g, lst)]
        return next((why for why in (self._unsupported(n, seen) for n in sorted(nested, key=str)) if why), None)

    def _split_unsupported(self, fallback: bool) -> None:
        """Shapes with a feature the fast engine lacks: refused, or (``fallback``) left to pyshacl."""
        for node in sorted(self._targeted_nodes(), key=str):
            why = self._unsupported(node, set())
            if why and not fallback:
                raise UnsupportedShapes(f"{why}; use --engine pyshacl")
            if why:
                self.fallback.append(node)
                self.notices.append(f"{why}: shape {node} is checked by pyshacl instead")

    def _shape(self, node) -> _Shape:
        if node in self._shapes:
            return self._shapes[node]
        g = self.g
        path_node = g.value(node, SH.path)
        targets = [f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> ." for c in g.objects(node, SH.targetClass)]
        if (node, RDF.type, RDFS.Class) in g:
            targets.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{node}> .")
        nodes = sorted(g.objects(node, SH.targetNode), key=str)
        if nodes:
            targets.append("VALUES ?this { " + " ".join(_sparql_term(n) for n in nodes) + " }")
        targets += [f"?this <{p}> ?target_any ." for p in g.objects(node, SH.targetSubjectsOf)]
        targets += [f"?target_any <{p}> ?this ." for p in g.objects(node, SH.targetObjectsOf)]
        shape = _Shape(
            node=node,
            path=None if path_node is None else _path_text(g, path_node),
            path_iri=None if path_node is None else _path_text(g, path_node, bare_iri=True),
            severity=str(g.value(node, SH.severity) or SH.Violation),
            messages=sorted(str(m) for m in g.objects(node, SH.message)),
            targets=targets,
            deactivated=str(g.value(node, SH.deactivated) or "false").lower() == "true",
        )
        self._shapes[node] = shape
        return shape

    # ------------------------------------------------------------------ running

    def run(self, quads: Iterable[ox.Quad]) -> list[ShaclResult]:
        """Validate the union of the graphs of ``quads`` (a triple in several graphs counts once)."""
        loader = self.loader()
        loader.add(quads if isinstance(quads, list) else list(quads))
        return self.check(loader.finish())

    def loader(self) -> DataLoader:
        """A loader for the data store: feed it quads while they are being made, then ``check`` its store."""
        return DataLoader(keep_graphs=self._names_graphs)

    def check(self, store: ox.Store) -> list[ShaclResult]:
        """Evaluate the shapes over the default graph of ``store`` (made by a ``DataLoader``)."""
        return self.check_shapes(store)[0]

    def check_shapes(self, store: ox.Store, foci=None, previous: dict | None = None
                     ) -> tuple[list[ShaclResult], dict[str, list[ShaclResult]]]:
        """``check``, and the results of each *local* targeted shape (``local_radius``) by its IRI.

        With ``foci`` (radius -> the focus nodes, as SPARQL terms, whose results may have changed; see
        ``ccuskg.validation.incremental``) and ``previous`` (a local shape's IRI -> its results of the
        previous run), a local shape found in ``previous`` is checked for those foci only and keeps
        its previous results about the other focus nodes; every other shape is checked in full."""
        jobs: list = []
        owners: list = []  # per job: the local shape it is for, or None
        if self._uses_shapes_graph:  # $shapesGraph names the shapes, as a named graph of the data store
            shapes_graph = ox.NamedNode(SHAPES_GRAPH)
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, shapes_graph) for q in graph_quads(self.g))
        by_shape: dict[str, list[ShaclResult]] = {}
        results: list[ShaclResult] = []
        for shape in self.targeted:
            if not shape.targets or shape.deactivated:
                continue
            targets = " UNION ".join("{ " + t + " }" for t in shape.targets)
            radius = self.local_radius(shape.node)
            name = str(shape.node) if radius is not None else None
            if name is not None:
                by_shape[name] = []
            near = None
            if name is not None and foci is not None and previous is not None and name in previous:
                near = foci(radius)  # None: the foci could not be told (the shape is checked in full)
            if near is not None:
                kept = [r for r in previous[name] if r.focus.kind != "iri" or f"<{r.focus.value}>" not in near]
                by_shape[name].extend(kept)
                results.extend(kept)
                if not near:
                    continue
                targets = f"VALUES ?this {{ {' '.join(sorted(near))} }} {{ {targets} }}"
            focus = "{ SELECT DISTINCT ?this WHERE { " + targets + " } }"
            found = self._jobs(store, shape, focus)
            jobs.extend(found)
            owners.extend([name] * len(found))
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            done = list(pool.map(lambda job: job(), jobs))
        for name, found in zip(owners, done):
            results.extend(found)
            if name is not None:
                by_shape[name].extend(found)
        if self.fallback:
            results += self._fallback_results(store)
        return distinct(results), {name: distinct(found) for name, found in by_shape.items()}

    # terms whose check reads only the focus node's own triples, or (sh:class, sh:closed, nested shapes)
    # those of its value nodes: ``local_radius`` counts the links
    _LOCAL_TERMS = frozenset(SH[n] for n in (
        "minCount", "maxCount", "datatype", "nodeKind", "pattern", "flags", "minLength", "maxLength",
        "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "in", "languageIn", "uniqueLang",
        "hasValue", "disjoint", "lessThan", "lessThanOrEquals", "equals", "closed", "ignoredProperties", "class",
        "node", "not", "and", "or", "xone", "property", "path", "severity", "message", "deactivated", "name",
        "description", "order", "group", "defaultValue", "targetClass", "targetNode", "targetSubjectsOf"))

    def local_radius(self, node, seen: frozenset = frozenset()) -> int | None:
        """How many links from a focus node the checks of shape ``node`` read triples at (0: the focus
        node's own triples), or None when they may read anything (SPARQL, complex paths, qualified
        shapes, sh:targetObjectsOf, a component declared in the shapes graph, a nested property shape
        whose results are about value nodes, a blank shape anywhere in it): such a shape is always checked
        over the whole graph. Conservative by construction: an unknown term makes a shape non-local."""
        if node in seen or not isinstance(node, rdflib.URIRef) or node in self.fallback:
            return None  # blank shapes: their ids (which results carry) differ between parses of the shapes
        if any(type(e).__module__ != _BUILT_IN_EXTENSIONS for e in self.extensions):
            return None  # a third party's extension may add jobs to any shape
        seen = seen | {node}
        g = self.g
        for prop in set(g.predicates(node, None)):
            if str(prop).startswith(str(SH)) and prop not in self._LOCAL_TERMS:
                return None
            found = compiler_for(prop)
            if found is not None and found[0].__module__ not in _BUILT_IN_COMPILERS:
                return None  # a built-in term's compiler replaced by a third party's: what it reads is unknown
            if prop in self._parameters:
                return None
        path = g.value(node, SH.path)
        if path is not None and not isinstance(path, rdflib.URIRef):
            return None
        hop = 0 if path is None else 1
        radius = 0
        if (node, SH["class"], None) in g or (node, SH.closed, None) in g:
            radius = hop
        members = list(g.objects(node, SH.node)) + list(g.objects(node, SH["not"]))
        members += [m for p in (SH["and"], SH["or"], SH.xone) for lst in g.objects(node, p) for m in Collection(g, lst)]
        for member in members:
            inner = self.local_radius(member, seen)
            if inner is None:
                return None
            radius = max(radius, hop + inner)
        for prop_shape in g.objects(node, SH.property):
            if path is not None:  # its results would be about our value nodes, not our focus nodes
                return None
            inner = self.local_radius(prop_shape, seen)
            if inner is None:
                return None
            radius = max(radius, inner)
        return radius

    def _fallback_results(self, store: ox.Store) -> list[ShaclResult]:
        """pyshacl for the shapes the fast engine cannot check: the shapes graph with the other shapes' targets removed."""
        shapes = rdflib.Graph()
        for triple in self.g:
            shapes.add(triple)
        for shape in self.targeted:
            for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
                shapes.remove((shape.node, prop, None))
            shapes.remove((shape.node, RDF.type, RDFS.Class))
        data = rdflib.Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                                    format="nt")
        return pyshacl_results(data, shapes)

    def _query(self, store: ox.Store, text: str):
        return store.query(self.prefixes + "\n" + text)

    def _fresh(self) -> str:
        return f"?v{next(self._vars)}"

    def _evaluate(self, store: ox.Store, shape: _Shape, focus: str) -> list[ShaclResult]:
        """Results of ``shape`` for the focus nodes that the group pattern ``focus`` binds to ?this."""
        return [result for job in self._jobs(store, shape, focus) for result in job()]

    def _jobs(self, store: ox.Store, shape: _Shape, focus: str) -> list:
        """One callable per constraint of ``shape`` (and its property shapes), each returning its results.

        They are independent, so ``run`` spreads them over threads (Oxigraph releases the GIL)."""
        if shape.deactivated:
            return []
        g, node = self.g, shape.node
        values = f"{focus} ?this {shape.path} ?value ." if shape.path else f"{focus} BIND(?this AS ?value)"
        jobs = []
        for prop in sorted(set(g.predicates(node, None)), key=str):
            found = compiler_for(prop)
            if found is None:
                continue  # not a sh: term (shapes with sh: terms lacking a compiler went to pyshacl or were refused)
            compiler, component_iri = found
            for obj in sorted(g.objects(node, prop), key=str):
                jobs.extend(compiler(Constraint(self, store, shape, focus, values, prop, obj, component_iri)))
        for extension in self.extensions:
            jobs.extend(extension.jobs(self, store, shape, focus, values))
        nested_focus = focus
        if shape.path and any(True for _ in g.objects(node, SH.property)):  # their focus nodes: our value nodes
            inner = values.replace("?this", self._fresh()).replace("?value", "?this")
            nested_focus = f"{{ SELECT DISTINCT ?this WHERE {{ {inner} }} }}"
        for prop_shape in sorted(g.objects(node, SH.property), key=str):
            jobs.extend(self._jobs(store, self._shape(prop_shape), nested_focus))
        return jobs

    def failing(self, store, target, values: str) -> set[Term]:
        """The value nodes of ``values`` (a pattern binding ?this, ?value) not conforming to shape ``target``."""
        parent = self._fresh()
        inner_values = values.replace("?this", parent).replace("?value", "?this")
        nested_focus = f"{{ SELECT DISTINCT ?this WHERE {{ {inner_values} }} }}"
        return {r.focus for r in self._evaluate(store, self._shape(target), nested_focus)}

    def value_rows(self, store, values: str) -> list[tuple]:
        """Every (focus, value node) pair ``values`` binds, as pyoxigraph terms."""
        return [(row["this"], row["value"]) for row in
                self._query(store, f"SELECT DISTINCT ?this ?value WHERE {{ {values} }}")]

    def _result(self, shape: _Shape, focus, value, component, path: str | None = None) -> ShaclResult:
        return ShaclResult(
            focus=_ox_term(focus), path=path or shape.path_iri, value=None if value is None else _ox_term(value),
            severity=shape.severity, message=shape.messages[0] if shape.messages else "",
            shape=str(shape.node) if isinstance(shape.node, rdflib.URIRef) else None, component=component,
            shape_node=_rdflib_term(shape.node),
        )


class DataLoader:
    """Builds the engine's in-memory store, whose default graph is the union of the quads' graphs.

    Queries over a union default graph are ~10x slower in Oxigraph than over a real default graph, so
    the triples are loaded into the default graph. They go in as N-Triples text, in chunks, on a
    background thread: serialising and re-parsing them (lenient: the terms are already valid) costs
    about half of loading the quads and copying them with a SPARQL update, Oxigraph parses without
    holding the GIL, so the loading overlaps the mapping of the next records, and the store keeps each
    triple once. ``Store.load`` renames blank nodes, so a chunk whose text may hold one ("_:") goes
    through ``ox.parse``, which keeps their ids (results name them). With ``keep_graphs`` (shapes
    whose SPARQL names graphs) the quads go in as they are too.
    """

    def __init__(self, keep_graphs: bool = False, chunk: int = _LOAD_CHUNK):
        self.store = ox.Store()
        self.keep_graphs = keep_graphs
        self.chunk = chunk
        self._pending: list[ox.Quad] = []
        self._texts: list[bytes] = []
        self._size = 0
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._loads: list = []

    def add(self, quads: list[ox.Quad]) -> None:
        self._pending.extend(quads)
        self._size += len(quads)
        if self._size >= self.chunk:
            self._flush()

    def add_ntriples(self, text: bytes, count: int) -> None:
        """Triples already serialised as N-Triples (``count`` of them), e.g. from the record cache."""
        if self.keep_graphs:
            raise ValueError("a loader that keeps named graphs needs quads, not triples")
        self._texts.append(text)
        self._size += count
        if self._size >= self.chunk:
            self._flush()

    def finish(self) -> ox.Store:
        """The store, once every quad added so far is in it (errors of the loads are raised here)."""
        self._flush()
        try:
            for load in self._loads:
                load.result()
        finally:
            self._pool.shutdown()
        return self.store

    def _flush(self) -> None:
        if self._pending or self._texts:
            self._loads.append(self._pool.submit(self._load, self._pending, self._texts))
            self._pending, self._texts, self._size = [], [], 0

    def _load(self, quads: list[ox.Quad], texts: list[bytes]) -> None:
        nt = ox.RdfFormat.N_TRIPLES
        if quads:
            texts = [*texts, ox.serialize([q.triple for q in quads], format=nt)]
        text = b"".join(texts)
        if b"_:" in text:
            self.store.bulk_extend(ox.parse(text, format=nt))
        else:
            self.store.load(text, format=nt, lenient=True)
        if self.keep_graphs:
            self.store.bulk_extend(quads)




__all__ = ["ENGINES", "FastEngine", "DataLoader", "ShaclResult", "Term", "UnsupportedShapes", "run_pyshacl",
           "pyshacl_results", "distinct", "graph_quads", "ox_term", "path_text", "rdflib_term", "sparql_term"]
