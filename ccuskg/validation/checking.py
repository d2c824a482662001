"""Check compiled records against the SHACL shapes in shapes/, and trace each result to its file
(the work behind ``ccuskg.validation.validate.validate`` once an input changed).

The SHACL engine (``ccuskg.validation.engine``: the fast SPARQL-compiling one by default, pyshacl on
request) turns the record triples plus the ontology into ``ShaclResult``s. This module, independent
of the engine, traces each result's focus node and property back to the record file(s) holding it
and to the front-matter field path (via ``ccus:recordField``), adds unreadable records as
violations, and renders the report as text, JSON, GitHub annotations or a SHACL report in Turtle.
With a cache folder, ``ccuskg.validation.incremental`` keeps what the next run can reuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from ccuskg.model.compile import Compiled, compile_records, gc_paused, require_records
from ccuskg.core.diagnostics import ERROR, Diagnostic
from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import CCUS
from ccuskg.core.package_data import shapes_dir
from ccuskg.model.vocab import load_vocabulary
from ccuskg.validation import incremental
from ccuskg.validation.findings import (SEVERITIES, SEVERITY_IRIS, UNREADABLE_COMPONENT,  # noqa: F401
                                        Finding, Report, _file_iri, _gh_data, _gh_property, _to_ox)
from ccuskg.validation.engine import ENGINES, FastEngine, ShaclResult, Term, UnsupportedShapes, run_pyshacl

NOT_MAPPED_COMPONENT = "https://w3id.org/ccuskg/shapes#MappedFieldComponent"
_SUCCESSION = (CCUS + "supersedes", CCUS + "supersededBy")

__all__ = ["ENGINES", "Report", "Finding", "UnsupportedShapes", "ShapesFileError", "validate_records",
           "validate_compiled", "shapes_graph"]


class ShapesFileError(UserError, ValueError):
    """A shapes file given with --shapes (or extra_shapes) is missing or is not valid Turtle."""


def shapes_graph(extra: Iterable = (), only: bool = False) -> rdflib.Graph:
    """The packaged shapes (unless ``only``) plus the user's shapes files ``extra`` (Turtle)."""
    graph = rdflib.Graph()
    files = [] if only else sorted(shapes_dir().glob("*.ttl"))
    for path in files + [Path(p) for p in extra]:
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError:
            raise ShapesFileError(f"no such shapes file: {path}") from None
        except Exception as exc:  # rdflib raises many types for bad Turtle  # noqa: BLE001
            raise ShapesFileError(f"{path} is not a Turtle shapes file: {one_line_error(exc)}") from None
    return graph


def one_line_error(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


_FAST_ENGINES: dict = {}


def _shapes_key(extra: Iterable, only: bool) -> tuple:
    """What the compiled shapes depend on: the files and their modification times (edited files recompile)."""
    files = [Path(p) for p in extra]
    return only, tuple((str(f.resolve()), f.stat().st_mtime_ns if f.exists() else 0) for f in files)


def _fast_engine(extra: Iterable = (), only: bool = False) -> FastEngine:
    """The shapes compiled once per process and set of shapes files. A shape the fast engine cannot
    check goes to pyshacl (that shape only, with a notice)."""
    key = _shapes_key(extra, only)
    if key not in _FAST_ENGINES:
        _FAST_ENGINES[key] = FastEngine(shapes_graph(extra, only), fallback=True)
    return _FAST_ENGINES[key]


def validate_records(paths: list, base: str, engine: str, cache, extra: tuple, shapes_only: bool,
                     vocabulary, state=None, manifest=None) -> Report:
    """``ccuskg.validation.validate.validate`` once it knows the inputs changed (or there is no cache):
    compile the records, check them, trace the results (incrementally with ``state``)."""
    vocab = load_vocabulary(extra=vocabulary)
    with gc_paused():  # millions of short-lived terms, no cycles: the collector would only slow us down
        if engine != "fast":
            compiled = compile_records(paths, base=base, cache=cache, vocab=vocab)
            require_records(compiled, paths)
            return validate_compiled(compiled, engine=engine, shapes=extra, shapes_only=shapes_only)
        fast = _fast_engine(extra, shapes_only)
        loader = fast.loader()  # the store fills on another core while the records are being mapped

        def load(mapped) -> None:
            if mapped.ntriples is not None and not loader.keep_graphs:  # serialised by the cache already
                loader.add_ntriples(mapped.ntriples, mapped.ntriples.count(b"\n"))
            else:
                loader.add(mapped.quads)

        try:
            compiled = compile_records(paths, base=base, on_mapped=load, cache=cache, vocab=vocab)
            loader.add(compiled.vocab.quads())
        finally:
            store = loader.finish()
        require_records(compiled, paths)
        if state is None:
            return traced_report(compiled, fast.check(store), engine, notices=fast.notices, shapes=fast.g)
        return _incremental_report(state, manifest, compiled, store, fast)


def _incremental_report(state, manifest, compiled: Compiled, store: ox.Store, fast: FastEngine) -> Report:
    """The report, checking the local shapes only near the changed records and reusing the previous
    run's tracing of each raw result that cannot trace differently (``ccuskg.validation.incremental``,
    points 3 and 4), then saving this run's state for the next one."""
    owners, succession = incremental.record_owners(compiled), incremental.succession_digest(store)
    previous = state.previous()
    cached: dict[str, list] = {}
    touched: set[str] = set()
    same_succession = False
    foci = by_shape = None
    if previous is not None:
        header, cached, by_shape = previous
        before = header.get("owners") or {}
        touched = incremental.touched_owners(before, owners)
        same_succession = header.get("succession") == succession
        subjects = incremental.changed_subjects(before, compiled)
        foci = None if subjects is None else incremental.NearFoci(store, subjects)
    raw, results_by_shape = fast.check_shapes(store, foci, by_shape)
    traced: dict[str, list] = {}

    def reuse(result: ShaclResult, key: str) -> Finding | None:
        found = cached.get(key)
        if found is None or _owner(result.focus.value) in touched:
            return None
        if result.path in _SUCCESSION and (not same_succession or " (cycle through " in found[3]):
            return None
        return incremental.finding_from_dict(found)

    report = traced_report(compiled, raw, "fast", notices=fast.notices, shapes=fast.g, reuse=reuse, traced=traced)
    state.save(manifest, report, owners, succession, traced, results_by_shape)
    return report


def shacl_results(compiled: Compiled, engine: str = "fast", shapes: Iterable = (),
                  shapes_only: bool = False) -> list[ShaclResult]:
    """The raw SHACL results over the records' triples plus the ontology."""
    quads = compiled.quads()
    if engine == "pyshacl":
        return run_pyshacl(quads, shapes_graph(shapes, shapes_only))
    if engine == "fast":
        return _fast_engine(shapes, shapes_only).run(quads)
    raise ValueError(f"unknown SHACL engine {engine!r}; choose one of {', '.join(ENGINES)}")


def validate_compiled(compiled: Compiled, engine: str = "fast", shapes: Iterable = (),
                      shapes_only: bool = False) -> Report:
    notices = _fast_engine(shapes, shapes_only).notices if engine == "fast" else []
    graph = _fast_engine(shapes, shapes_only).g if engine == "fast" else shapes_graph(shapes, shapes_only)
    return traced_report(compiled, shacl_results(compiled, engine, shapes, shapes_only), engine, notices=notices,
                         shapes=graph)


def traced_report(compiled: Compiled, raw: list[ShaclResult], engine: str = "fast", notices: Iterable = (),
                  shapes: rdflib.Graph | None = None, reuse=None, traced: dict | None = None) -> Report:
    """The engine's raw results traced to files and fields, plus the unreadable records.
    ``shapes`` (the shapes graph) lets a user's shape name its field with ``ccus:recordField``.
    ``reuse(result, key)`` may give a result's finding as a previous run traced it (incremental
    validation); ``traced`` then receives each result's finding as a dict, by the result's key."""
    report = Report(records=len(compiled.records), engine=engine, files=compiled.files, notices=list(notices))
    report.results.extend(_unreadable(compiled.diagnostics))
    report.results.extend(_not_in_graph(compiled.diagnostics))
    tracer = _Tracer(compiled, shapes)

    def trace(result: ShaclResult) -> Finding:
        if traced is None:
            return tracer.trace(result)
        key = incremental.raw_key(result)
        finding = (reuse(result, key) if reuse is not None else None) or tracer.trace(result)
        traced[key] = incremental.finding_dict(finding)
        return finding

    seen = set()
    for traced_finding in (trace(r) for r in raw):
        # e.g. an "ftp:" url breaks both sh:nodeKind and sh:pattern of one shape: one result is enough
        key = _same_report_key(traced_finding)
        if key not in seen:
            seen.add(key)
            report.results.append(traced_finding)
    report.results.sort(key=Finding.sort_key)
    return report


def _owner(focus: str) -> str:
    """The node whose records a result about ``focus`` is traced to (an assessment's: its policy)."""
    return focus.rsplit("/assessment/", 1)[0] if "/assessment/" in focus else focus


def _same_report_key(finding: Finding) -> tuple:
    """Two findings with this key print and serialise alike (what ``as_dict`` shows), so one is kept."""
    return (tuple(finding.files), finding.field, finding.line, finding.severity, finding.message, finding.focus,
            finding.path, finding.value, finding.shape)


def _unreadable(diagnostics: list[Diagnostic]) -> list[Finding]:
    return [Finding([d.file], d.field, "violation", d.message, "", None, d.value, None, d.line,
                   component=UNREADABLE_COMPONENT,
                   value_term=None if d.value is None else Term("literal", d.value, "http://www.w3.org/2001/XMLSchema#string"))
            for d in diagnostics if d.severity == ERROR]


def _not_in_graph(diagnostics: list[Diagnostic]) -> list[Finding]:
    """Fields the mapping could not place, and cluster names merged into one IRI: the shapes never see
    them, so without this they would pass validation silently. Values kept as text (unmapped vocabulary
    values) are left to the shapes."""
    return [Finding([d.file], d.field, "warning", d.message, "", None, d.value, None, d.line,
                   component=NOT_MAPPED_COMPONENT,
                   value_term=None if d.value is None else Term("literal", d.value, "http://www.w3.org/2001/XMLSchema#string"))
            for d in diagnostics if d.code in ("unknown-field", "merged-cluster")]


class _Tracer:
    """Finds which record files and which field a result is about.

    Only the records of the result's policy are searched, so tracing costs nothing for clean data."""

    def __init__(self, compiled: Compiled, shapes: rdflib.Graph | None = None):
        self.compiled = compiled
        self.shapes = shapes
        # "facility:phase" → "phase": a facility's or profile's field table is prefixed by its kind
        self.fields = {spec.prop: key.split(":", 1)[-1] for key, spec in compiled.vocab.fields.items()}
        self.records_of: dict[str, list] = {}
        for m in compiled.mapped:
            self.records_of.setdefault(m.policy, []).append(m)
            self.records_of[m.graph.replace("/graph/", "/record/")] = [m]
        self._successors: dict[str, set[str]] | None = None
        self._declared: dict[tuple, str] = {}  # per shape node: its ccus:recordField

    @staticmethod
    def _objects(mapped, subject: Term, predicate: str | None) -> list:
        """The objects of ``subject predicate`` in one record's quads. Terms are compared as pyoxigraph
        terms (in Rust), not through their ``.value`` strings: a report of thousands of results scans
        each record's quads once per result."""
        if not predicate or predicate.startswith("("):
            return []
        p = ox.NamedNode(predicate)
        if subject.kind == "literal":  # no literal is a subject: match by text, as a result names it
            return [q.object for q in mapped.quads if q.predicate == p and q.subject.value == subject.value]
        s = _to_ox(subject)
        return [q.object for q in mapped.quads if q.predicate == p and q.subject == s]

    def trace(self, raw: ShaclResult) -> Finding:
        focus, prop, value = raw.focus.value, raw.path, raw.value
        message = raw.message or "constraint not met"
        if value is not None:  # core-constraint messages keep {$value} and {$this} unfilled (as pyshacl's do)
            message = re.sub(r"\{[$?]value\}", lambda _: value.value, message)
        message = re.sub(r"\{[$?]this\}", lambda _: focus, message)
        owner = _owner(focus)
        mapped = self.records_of.get(owner, [])
        holders = [m for m in mapped if prop and value is not None and any(
            _same(o, value) for o in self._objects(m, raw.focus, prop))]
        chosen = dict(sorted({m.record.display: m for m in (holders or mapped)}.items()))
        field_path = self._declared_field(raw) or self._field(focus, prop)
        if value is None and prop and len(chosen) > 1:  # e.g. maxCount: show what each language version says
            found = [f"{m.record.lang}: {_shown(o)}" for m in chosen.values() for o in self._objects(m, raw.focus, prop)]
            if found:
                message += f" ({'; '.join(found)})"
        if prop in _SUCCESSION and value is not None and value.kind == "iri":
            cycle = self._cycle(owner)
            if len(cycle) > 1:  # a cycle names every record on it
                message += f" (cycle through {', '.join(p.rsplit('/', 1)[-1] for p in cycle)})"
                for p in cycle:
                    chosen.update({m.record.display: m for m in self.records_of.get(p, [])})
        files = list(chosen)
        file_lines = [m.record.line_of(field_path) if field_path else None for m in chosen.values()]
        return Finding(files, field_path, SEVERITIES.get(raw.severity, "violation"), message, focus, prop,
                      None if value is None else value.value, raw.shape, file_lines[0] if file_lines else None,
                      raw.component, value, file_lines)

    def _cycle(self, policy: str) -> list[str]:
        """Every policy on a supersession cycle through ``policy``, sorted (empty if there is none)."""
        reach = self._reachable(policy)
        if policy not in reach:
            return []
        return sorted(p for p in reach if policy in self._reachable(p))

    def _reachable(self, start: str) -> set[str]:
        """Policies newer than ``start`` along supersedes (backwards) and supersededBy (forwards)."""
        if self._successors is None:
            self._successors = {}
            for m in self.compiled.mapped:
                for q in m.quads:
                    p = q.predicate.value
                    if p in _SUCCESSION and isinstance(q.object, ox.NamedNode):
                        s, o = q.subject.value, q.object.value
                        older, newer = (o, s) if p == _SUCCESSION[0] else (s, o)
                        self._successors.setdefault(older, set()).add(newer)
        reach, todo = set(), [start]
        while todo:
            for nxt in self._successors.get(todo.pop(), ()):
                if nxt not in reach:
                    reach.add(nxt)
                    todo.append(nxt)
        return reach

    def _declared_field(self, raw: ShaclResult) -> str:
        """The field a (user's) shape names with ``ccus:recordField``, if it does."""
        if self.shapes is None or raw.shape_node is None:
            return ""
        key = (raw.shape_node.kind, raw.shape_node.value)
        if key not in self._declared:  # one look-up per shape, not per result
            node = rdflib.URIRef(key[1]) if key[0] == "iri" else rdflib.BNode(key[1])
            declared = self.shapes.value(node, rdflib.URIRef(CCUS + "recordField"))
            self._declared[key] = "" if declared is None else str(declared)
        return self._declared[key]

    def _field(self, focus: str, prop: str | None) -> str:
        if prop is None:
            return ""
        if prop.startswith("("):  # a complex path: the last property on it that holds a field
            prop = next((p for p in reversed(re.findall(r"<([^>]+)>", prop)) if p in self.fields), prop)
        key = self.fields.get(prop, "")
        if "/assessment/" in focus and key.startswith("analysis.*."):
            return key.replace("*", focus.rsplit("/", 1)[-1])
        if prop == CCUS + "jurisdiction":
            return "country"
        return key


def _shown(term) -> str:
    """A value as a person would recognise it: concepts by their last IRI segment (e.g. status/active)."""
    if isinstance(term, ox.NamedNode) and "/vocab/" in term.value:
        return term.value.rsplit("/vocab/", 1)[-1]
    return term.value


def _same(term, value: Term) -> bool:
    if isinstance(term, ox.NamedNode):
        return value.kind == "iri" and value.value == term.value
    return value.kind == "literal" and value.value == term.value
