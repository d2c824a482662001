"""Check compiled records against the SHACL shapes in shapes/, and trace each result to its file.

Validation runs pyshacl over an in-memory rdflib graph (pyshacl over an oxrdflib-backed graph has
given different results). A result's focus node and property are traced back to the record file(s)
holding the offending triple and to the front-matter field path (via ``ccus:recordField``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from ccuskg.build import Compiled, compile_records
from ccuskg.diagnostics import ERROR, Diagnostic
from ccuskg.namespaces import CCUS
from ccuskg.resources import shapes_dir

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass
class Result:
    """One validation result, traced to files and a field path."""

    files: list[str]
    field: str
    severity: str
    message: str
    focus: str
    path: str | None
    value: str | None
    shape: str | None
    line: int | None = None

    def lines(self) -> list[str]:
        return [f"{f}{':' + str(self.line) if self.line and i == 0 else ''}: {self.field or '-'}: "
                f"{self.severity}: {self.message}" for i, f in enumerate(self.files)]

    def as_dict(self) -> dict:
        return {"file": self.files[0] if self.files else None, "files": self.files, "field": self.field or None,
                "line": self.line, "severity": self.severity, "message": self.message, "focus": self.focus,
                "path": self.path, "value": self.value, "shape": self.shape}


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    records: int = 0

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        counts = {"violation": 0, "warning": 0, "info": 0}
        for r in self.results:
            counts[r.severity] += 1
        return counts


def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def data_graph(compiled: Compiled) -> rdflib.Graph:
    """The union of the record graphs and the ontology, as an in-memory rdflib graph."""
    triples = {q.triple for q in compiled.quads()}
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data, format="nt")


def validate(paths: Iterable, base: str | None = None) -> Report:
    compiled = compile_records(paths, base=base)
    return validate_compiled(compiled)


def validate_compiled(compiled: Compiled) -> Report:
    import pyshacl

    _, results_graph, text = pyshacl.validate(data_graph(compiled), shacl_graph=shapes_graph(),
                                              inference="none", advanced=True, allow_warnings=True)
    if not isinstance(results_graph, rdflib.Graph):  # the shapes themselves could not be run
        raise RuntimeError(f"SHACL shapes could not be evaluated: {getattr(results_graph, 'message', text)}")
    report = Report(records=len(compiled.records))
    report.results.extend(_unreadable(compiled.diagnostics))
    tracer = _Tracer(compiled)
    # top-level results only: those nested under sh:detail explain a result, they are not results
    for validation_report in results_graph.subjects(rdflib.RDF.type, SH.ValidationReport):
        for node in results_graph.objects(validation_report, SH.result):
            report.results.append(tracer.trace(results_graph, node))
    report.results.sort(key=lambda r: (r.files[0] if r.files else "", r.field, r.message))
    return report


def _unreadable(diagnostics: list[Diagnostic]) -> list[Result]:
    return [Result([d.file], d.field, "violation", d.message, "", None, d.value, None, d.line)
            for d in diagnostics if d.severity == ERROR]


class _Tracer:
    """Finds which record files and which field a result is about."""

    def __init__(self, compiled: Compiled):
        self.by_graph = {m.graph: m for m in compiled.mapped}
        self.quads = [(str(q.subject.value), str(q.predicate.value), q.object, m)
                      for m in compiled.mapped for q in m.quads]
        self.by_subject: dict[str, list] = {}
        for s, p, o, m in self.quads:
            self.by_subject.setdefault(s, []).append((p, o, m))
        self.fields = {spec.prop: key for key, spec in compiled.vocab.fields.items()}
        self.records_of = {}
        for m in compiled.mapped:
            self.records_of.setdefault(m.policy, []).append(m)
            self.records_of[m.graph.replace("/graph/", "/record/")] = [m]

    def trace(self, graph: rdflib.Graph, node) -> Result:
        focus = str(graph.value(node, SH.focusNode))
        path = graph.value(node, SH.resultPath)
        value = graph.value(node, SH.value)
        severity = SEVERITIES.get(graph.value(node, SH.resultSeverity), "violation")
        message = str(graph.value(node, SH.resultMessage) or "constraint not met")
        if value is not None:  # pyshacl leaves {$value} unfilled in core-constraint messages
            message = message.replace("{$value}", str(value)).replace("{?value}", str(value))
        shape = graph.value(node, SH.sourceShape)
        prop = str(path) if isinstance(path, rdflib.URIRef) else None
        owner = focus.rsplit("/assessment/", 1)[0] if "/assessment/" in focus else focus
        mapped = self.records_of.get(owner, [])
        holders = [m for p, o, m in self.by_subject.get(focus, [])
                   if prop and p == prop and value is not None and _same(o, value)]
        chosen = sorted({m.record.display: m for m in (holders or mapped)}.items())
        field_path = self._field(focus, prop)
        line = chosen[0][1].record.line_of(field_path) if chosen and field_path else None
        return Result([name for name, _ in chosen], field_path, severity, message, focus, prop,
                      None if value is None else str(value), str(shape) if isinstance(shape, rdflib.URIRef) else None,
                      line)

    def _field(self, focus: str, prop: str | None) -> str:
        if prop is None:
            return ""
        key = self.fields.get(prop, "")
        if "/assessment/" in focus and key.startswith("analysis.*."):
            return key.replace("*", focus.rsplit("/", 1)[-1])
        if prop == CCUS + "jurisdiction":
            return "country"
        return key


def _same(term, value) -> bool:
    if isinstance(term, ox.NamedNode):
        return isinstance(value, rdflib.URIRef) and str(value) == term.value
    return isinstance(value, rdflib.Literal) and str(value) == term.value
