"""Validation reports in the formats CI platforms read: SARIF 2.1.0, JUnit XML and one HTML page.

Each is a pure function of a ``Report`` (and the shapes graph, for the rules' names and help), so
the CLI, the API and a notebook produce the same bytes for the same records. The rules are the
shapes themselves, one per shape, plus two of ccuskg's own for what no shape can see (a record
that could not be read, a field the mapping could not place).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

import rdflib

from ccuskg.core.namespaces import SH
from ccuskg.core.version import __version__
from ccuskg.validation.report_page import render_page

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"violation": "error", "warning": "warning", "info": "note"}
DOCS = "https://w3id.org/ccuskg/docs/validation"
_RDFS_COMMENT = rdflib.RDFS.comment
_OWN_RULES = {
    "https://w3id.org/ccuskg/shapes#ReadableRecordComponent":
        ("ReadableRecord", "the record file can be read and mapped",
         "The file's front matter could not be read or mapped, so no shape could check it. "
         "Fix the error named in the message (see docs/diagnostics.md for its code)."),
    "https://w3id.org/ccuskg/shapes#MappedFieldComponent":
        ("MappedField", "every field reaches the graph",
         "A field the mapping could not place: no shape sees it. Correct its name, or map it in a "
         "vocabulary file (docs/record-format.md)."),
}


@dataclass(frozen=True)
class Rule:
    """What a CI platform shows for one shape: a stable id, a one-line title and a help text."""

    id: str
    iri: str
    title: str
    help: str


def rules_of(shapes: rdflib.Graph | None) -> dict[str, Rule]:
    """One rule per shape in ``shapes`` (node and property shapes, SPARQL constraints), by IRI."""
    rules = {iri: Rule(name, iri, title, text) for iri, (name, title, text) in _OWN_RULES.items()}
    if shapes is None:
        return rules
    kinds = (SH + "NodeShape", SH + "PropertyShape", SH + "SPARQLConstraint")
    for kind in kinds:
        for shape in shapes.subjects(rdflib.RDF.type, rdflib.URIRef(kind)):
            if isinstance(shape, rdflib.URIRef) and str(shape) not in rules:
                rules[str(shape)] = _rule(shapes, shape)
    return rules


def _rule(shapes: rdflib.Graph, shape: rdflib.URIRef) -> Rule:
    def first(*predicates) -> str | None:
        for predicate in predicates:
            for value in sorted(shapes.objects(shape, predicate)):
                return str(value)
        return None

    title = first(SH_TERM("name"), SH_TERM("message"), rdflib.RDFS.label) or _local(str(shape))
    text = first(SH_TERM("description"), _RDFS_COMMENT)
    checks = _constraints(shapes, shape)
    help_text = " ".join(part for part in (_plain(text) if text else _plain(title) + ".", checks) if part)
    return Rule(_local(str(shape)), str(shape), _plain(title), help_text)


_NOT_CONSTRAINTS = {"message", "severity", "name", "description", "path", "property", "targetClass",
                    "targetNode", "targetSubjectsOf", "targetObjectsOf", "deactivated", "order", "group",
                    "prefixes", "declare"}


def _constraints(shapes: rdflib.Graph, shape: rdflib.URIRef) -> str:
    """What the shape checks, in its own terms ("checks ccus:identifier: minCount 1, pattern ..."),
    so the help text says which rule a record broke even when the shape has no description."""
    names = shapes.namespace_manager
    path = next(iter(sorted(shapes.objects(shape, SH_TERM("path")))), None)
    parts = []
    for predicate, value in sorted(shapes.predicate_objects(shape)):
        local = str(predicate)[len(SH):] if str(predicate).startswith(SH) else None
        if local is None or local in _NOT_CONSTRAINTS:
            continue
        shown = "SPARQL constraint" if local == "sparql" else f"{local} {_term(value, names)}"
        parts.append(shown)
    if not parts:
        return ""
    where = f" {_term(path, names)}" if isinstance(path, rdflib.URIRef) else ""
    return f"Checks{where}: {', '.join(parts)}. Severity: {_severity(shapes, shape)}."


def _term(value, names) -> str:
    if isinstance(value, rdflib.URIRef):
        return value.n3(names)
    if isinstance(value, rdflib.BNode):
        return "[...]"
    return repr(str(value)) if isinstance(value, rdflib.Literal) and value.datatype is None else str(value)


def _severity(shapes: rdflib.Graph, shape: rdflib.URIRef) -> str:
    value = shapes.value(shape, SH_TERM("severity"))
    return _local(str(value)) if value is not None else "Violation"


def SH_TERM(name: str) -> rdflib.URIRef:  # noqa: N802  (reads like the prefix it stands for)
    return rdflib.URIRef(SH + name)


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("#/"))[-1] or iri


def _plain(text: str) -> str:
    """A message template without its {$value} placeholders, for a rule's title."""
    return re.sub(r"\s+", " ", re.sub(r",?\s*(got )?\{[$?]\w+\}", "", text)).strip()


def rule_for(finding, rules: dict[str, Rule]) -> Rule:
    """The rule a finding breaks: its shape, else ccuskg's own rule for its component."""
    for key in (finding.shape, finding.component):
        if key and key in rules:
            return rules[key]
    key = finding.shape or finding.component or "urn:ccuskg:unknown-rule"
    return Rule(_local(key), key, _local(key), finding.message)


# ----------------------------------------------------------------------------------------- columns

@lru_cache(maxsize=4096)
def _file_lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8-sig", errors="replace").splitlines())
    except OSError:
        return ()


def column_of(path: str, line: int | None, field: str) -> int | None:
    """The 1-based column where ``field``'s own key starts on ``line`` (SARIF regions and the HTML
    links point at it), or None when the line does not show it."""
    if not line or not field:
        return None
    lines = _file_lines(path)
    if line > len(lines):
        return None
    key = re.sub(r"\[\d+\]$", "", field.split(".")[-1])
    match = re.search(r"(?<![\w-])[\"']?" + re.escape(key) + r"[\"']?\s*:", lines[line - 1])
    return match.start() + 1 if match else None


def _uri(path: str) -> str:
    """A finding's file as a SARIF artifact URI: relative to the current folder (a repository's root,
    in CI) when it lies under it, with forward slashes."""
    candidate = Path(path)
    try:
        candidate = candidate.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        pass
    return candidate.as_posix()


# ------------------------------------------------------------------------------------------- SARIF

def to_sarif(report, shapes: rdflib.Graph | None = None) -> str:
    """SARIF 2.1.0: one rule per shape, one result per finding and file, with its line and column."""
    rules = rules_of(shapes)
    used = sorted({rule_for(f, rules) for f in report.results}, key=lambda r: r.id)
    index = {rule.iri: i for i, rule in enumerate(used)}
    results = [_sarif_result(f, i, rule_for(f, rules), index) for f in report.results
               for i in range(max(1, len(f.files)))]
    run = {"tool": {"driver": {"name": "ccuskg", "version": __version__, "informationUri": DOCS,
                               "rules": [_sarif_rule(rule) for rule in used]}},
           "results": results,
           "properties": {"records": report.records, "engine": report.engine, "conforms": report.conforms}}
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]},
                      ensure_ascii=False, indent=2) + "\n"


def _sarif_rule(rule: Rule) -> dict:
    return {"id": rule.id, "name": rule.id, "shortDescription": {"text": rule.title},
            "fullDescription": {"text": rule.help}, "help": {"text": rule.help}, "helpUri": DOCS,
            "properties": {"shape": rule.iri}}


def _sarif_result(finding, file_index: int, rule: Rule, index: dict[str, int]) -> dict:
    result = {"ruleId": rule.id, "ruleIndex": index[rule.iri], "level": SARIF_LEVELS[finding.severity],
              "message": {"text": finding.message or rule.title}}
    if finding.files:
        path = finding.files[file_index]
        region = {}
        line = finding.line_in(file_index)
        if line:
            region["startLine"] = line
            column = column_of(path, line, finding.field)
            if column:
                region["startColumn"] = column
        location = {"artifactLocation": {"uri": _uri(path)}}
        if region:
            location["region"] = region
        result["locations"] = [{"physicalLocation": location}]
    properties = {k: v for k, v in (("field", finding.field), ("focusNode", finding.focus),
                                    ("value", finding.value)) if v}
    if properties:
        result["properties"] = properties
    result["partialFingerprints"] = {"ccuskgFinding/v1": _fingerprint(finding, rule, file_index)}
    return result


def _fingerprint(finding, rule: Rule, file_index: int) -> str:
    """Stable across runs and line moves: code scanning matches a result to the one it saw before."""
    parts = [rule.id, finding.files[file_index] if finding.files else "", finding.field or "",
             finding.focus or "", finding.value or ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


# ------------------------------------------------------------------------------------------- JUnit

def to_junit(report, shapes: rdflib.Graph | None = None, strict: bool = False) -> str:
    """JUnit XML: one test case per rule, failed when a record breaks it with a violation (or, under
    ``strict``, a warning); the other results are the case's output."""
    rules = rules_of(shapes)
    grouped: dict[str, list] = {iri: [] for iri in rules}
    for finding in report.results:
        grouped.setdefault(rule_for(finding, rules).iri, []).append(finding)
    failing = {"violation", "warning"} if strict else {"violation"}
    suite = ET.Element("testsuite", name="ccuskg validate", tests=str(len(grouped)))
    failures = 0
    for iri in sorted(grouped, key=lambda key: rule_for_iri(key, rules).id):
        rule, findings = rule_for_iri(iri, rules), grouped[iri]
        case = ET.SubElement(suite, "testcase", classname="ccuskg.shapes", name=rule.id)
        bad = [f for f in findings if f.severity in failing]
        if bad:
            failures += 1
            failure = ET.SubElement(case, "failure", type=rule.iri,
                                    message=f"{len(bad)} result(s): {rule.title}")
            failure.text = "\n".join(line for f in bad for line in f.lines())
        rest = [f for f in findings if f.severity not in failing]
        if rest:
            ET.SubElement(case, "system-out").text = "\n".join(line for f in rest for line in f.lines())
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites = ET.Element("testsuites", name="ccuskg", tests=suite.get("tests"), failures=str(failures))
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def rule_for_iri(iri: str, rules: dict[str, Rule]) -> Rule:
    return rules.get(iri) or Rule(_local(iri), iri, _local(iri), _local(iri))


# -------------------------------------------------------------------------------------------- HTML

def to_html(report, shapes: rdflib.Graph | None = None) -> str:
    """One self-contained page (inline style and script, no external asset): counts by severity,
    the results grouped by file or by shape, filters, and links to each record line."""
    rules = rules_of(shapes)
    rows = []
    for finding in report.results:
        rule = rule_for(finding, rules)
        for i in range(max(1, len(finding.files))):
            path = finding.files[i] if finding.files else ""
            line = finding.line_in(i) if finding.files else None
            rows.append({"file": _uri(path) if path else "", "line": line, "field": finding.field or "",
                         "severity": finding.severity, "message": finding.message, "rule": rule.id,
                         "rule_title": rule.title, "rule_help": rule.help})
    rows.sort(key=lambda r: (r["file"], r["line"] or 0, r["field"], r["severity"], r["message"]))
    return render_page(rows, report.counts(), report.records, report.conforms, escape=html.escape)
