"""A runner for the W3C SHACL test suite (core and sparql folders), for both engines side by side.

The suite (``../shared/shacl-tests``, see its README for its origin and licence) is a tree of W3C
test manifests: each ``sht:Validate`` entry names a data graph and a shapes graph and either an
expected ``sh:ValidationReport`` or ``sht:Failure`` (the engine must refuse the shapes). A case
passes when ``sh:conforms`` matches and the results, compared on focus node, path, value, source
shape, source constraint component and severity (messages ignored), are the same set (both engines
report a result repeated word for word once). Blank
nodes keep their ids when data, shapes and expected report are one file (one parse); across files
any blank node matches any blank node.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from ccuskg.core.errors import UserError
from ccuskg.validation.engine import FastEngine, Term, graph_quads, path_text, pyshacl_results, rdflib_term

SUITE = Path(os.environ.get("CCUSKG_SHACL_TESTS", Path(__file__).resolve().parents[2] / "shared" / "shacl-tests"))
TESTS = SUITE / "tests"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
FOLDERS = ("core", "sparql")
_NUMERIC = {str(rdflib.XSD[t]) for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte")}


@dataclass
class Case:
    name: str  # e.g. core/node/datatype-001, as in pySHACL's EARL report (urn:x-shacl-test:/<name>)
    data: rdflib.Graph
    shapes: rdflib.Graph
    expected: rdflib.Graph  # the manifest file's graph, holding ``report``
    report: object  # the expected sh:ValidationReport node, or None for sht:Failure
    one_parse: bool  # data, shapes and report are the same parsed file: blank node ids are comparable

    @property
    def folder(self) -> str:
        return "/".join(self.name.split("/")[:2])


def available() -> bool:
    return (TESTS / "manifest.ttl").is_file()


def cases(root: Path = TESTS) -> list[Case]:
    """Every sht:Validate entry reachable from ``root``/manifest.ttl through mf:include.

    Literals are parsed as written: rdflib would otherwise turn "1"^^xsd:boolean into "true" and
    "none"^^xsd:boolean into "false", and the cases about lexical forms would test nothing."""
    normalize, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
    try:
        return _cases(root)
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def _cases(root: Path) -> list[Case]:
    found, parsed = [], {}
    todo = [root / "manifest.ttl"]
    while todo:
        path = todo.pop(0)
        graph = _parse(parsed, path)
        for manifest in graph.subjects(RDF.type, MF.Manifest):
            todo.extend(Path(rdflib.URIRef(i).replace("file://", "")) for i in graph.objects(manifest, MF.include))
            for entries in graph.objects(manifest, MF.entries):
                found.extend(_case(parsed, root, graph, e) for e in Collection(graph, entries)
                             if (e, RDF.type, SHT.Validate) in graph)
    return sorted(found, key=lambda c: c.name)


def _parse(parsed: dict, path: Path) -> rdflib.Graph:
    path = path.resolve()
    if path not in parsed:
        parsed[path] = rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())
    return parsed[path]


def _case(parsed: dict, root: Path, graph: rdflib.Graph, entry) -> Case:
    action = graph.value(entry, MF.action)
    data_file = Path(str(graph.value(action, SHT.dataGraph)).replace("file://", ""))
    shapes_file = Path(str(graph.value(action, SHT.shapesGraph)).replace("file://", ""))
    data, shapes = _parse(parsed, data_file), _parse(parsed, shapes_file)
    result = graph.value(entry, MF.result)
    name = str(Path(str(entry).replace("file://", "")).relative_to(root.resolve()))
    return Case(name, data, shapes, graph, None if result == SHT.Failure else result,
                data is graph and shapes is graph)


# --------------------------------------------------------------------------------------------- comparing

def expected_results(case: Case) -> set:
    g = case.expected
    return set(_key(case, rdflib_term(g.value(r, SH.focusNode)), _expected_path(g, r),
                        _opt(g.value(r, SH.value)), _opt(g.value(r, SH.sourceShape)),
                        str(g.value(r, SH.sourceConstraintComponent)), str(g.value(r, SH.resultSeverity)))
                   for r in g.objects(case.report, SH.result))


def _expected_path(g: rdflib.Graph, result) -> str | None:
    path = g.value(result, SH.resultPath)
    return None if path is None else path_text(g, path, bare_iri=True)


def _opt(term) -> Term | None:
    return None if term is None else rdflib_term(term)


def _key(case: Case, focus, path, value, shape, component, severity) -> tuple:
    def canon(term: Term | None):
        if term is None:
            return None
        if term.kind == "bnode":
            return ("bnode", term.value if case.one_parse else "")
        if term.kind == "literal" and term.datatype in _NUMERIC:  # Oxigraph keeps numbers by value: 4.0 = 4
            literal = rdflib.Literal(term.value, datatype=term.datatype)
            if not literal.ill_typed:
                return ("number", repr(float(literal.toPython())))
        return (term.kind, term.value, term.datatype, term.lang)
    return canon(focus), path, canon(value), canon(shape), component, severity


def actual_results(case: Case, results) -> set:
    return set(_key(case, r.focus, r.path, r.value, r.shape_node, r.component, r.severity) for r in results)


def run(case: Case, engine: str) -> tuple[bool, str]:
    """(passed, why not) for ``case`` under ``engine`` ("fast" or "pyshacl")."""
    try:
        if engine == "fast":
            results = FastEngine(case.shapes).run(graph_quads(case.data))
        else:
            results = pyshacl_results(case.data, case.shapes)
    except (UserError, Exception) as exc:  # noqa: BLE001 - an engine crash is a failed case, not a crashed run
        if case.report is None:
            return True, ""
        return False, f"{type(exc).__name__}: {exc}"[:300]
    if case.report is None:
        return False, "expected the shapes to be refused (sht:Failure)"
    conforms = str(case.expected.value(case.report, SH.conforms)).lower() == "true"
    expected, actual = expected_results(case), actual_results(case, results)
    if expected == actual and conforms == (not results):  # SHACL: conforms iff there is no result at all
        return True, ""
    missing, extra = expected - actual, actual - expected
    return False, f"missing {sorted(missing, key=str)[:3]} extra {sorted(extra, key=str)[:3]}"[:600]


def summary(results: dict) -> dict:
    """{folder: (cases, passed)} from {name: (passed, reason)}."""
    out: dict = {}
    for name, (passed, _) in results.items():
        folder = "/".join(name.split("/")[:2])
        total, ok = out.get(folder, (0, 0))
        out[folder] = (total + 1, ok + passed)
    return dict(sorted(out.items()))


# Cases of the suite the fast engine does not pass, and why (docs/validation.md lists them too).
KNOWN_FAILING = {
    "core/property/datatype-ill-formed": "sh:datatype xsd:byte: Oxigraph stores every integer type as xsd:integer "
                                         "(\"300\"^^xsd:byte is read back as \"300\"^^xsd:integer), so the fast engine "
                                         "leaves such shapes to pyshacl (as `ccuskg validate` does) and refuses them "
                                         "when run alone",
}


def side_by_side() -> dict:
    """{engine: {case name: (passed, reason)}} for both engines over the whole suite."""
    all_cases = cases()
    return {engine: {c.name: run(c, engine) for c in all_cases} for engine in ("fast", "pyshacl")}


def markdown_table(results: dict) -> str:
    """The pass counts per folder, both engines, as the table in docs/validation.md."""
    fast, ref = summary(results["fast"]), summary(results["pyshacl"])
    lines = ["| folder | cases | fast engine | pyshacl |", "|---|---|---|---|"]
    for folder, (total, ok) in fast.items():
        lines.append(f"| `{folder}` | {total} | {ok} | {ref[folder][1]} |")
    total = sum(t for t, _ in fast.values())
    lines.append(f"| **all** | {total} | **{sum(o for _, o in fast.values())}** | {sum(o for _, o in ref.values())} |")
    return "\n".join(lines)


if __name__ == "__main__":  # python tests/w3c_shacl.py: the table for docs/validation.md, and what fails
    outcome = side_by_side()
    print(markdown_table(outcome))
    for engine, by_case in outcome.items():
        for name, (passed, why) in by_case.items():
            if not passed:
                print(f"{engine}: {name}: {why}")
