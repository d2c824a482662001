"""What validation reports: ``Finding`` (one result traced to files and a field) and ``Report``.

Kept apart from ``ccuskg.validation.validate`` (which makes them) so that the incremental cache
(``ccuskg.validation.incremental``), which saves and loads them, needs no import of its caller.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from ccuskg.core.namespaces import CCUS, SH
from ccuskg.validation.terms import Term

SEVERITIES = {SH + "Violation": "violation", SH + "Warning": "warning", SH + "Info": "info"}
SEVERITY_IRIS = {name: iri for iri, name in SEVERITIES.items()}
# Not a SHACL component: the record file could not be read or mapped, so no shape could look at it.
UNREADABLE_COMPONENT = "https://w3id.org/ccuskg/shapes#ReadableRecordComponent"


@dataclass
class Finding:
    """One validation result, traced to files and a field path (``line`` is in the first file)."""

    files: list[str]
    field: str
    severity: str
    message: str
    focus: str
    path: str | None
    value: str | None
    shape: str | None
    line: int | None = None
    component: str | None = None
    value_term: Term | None = None
    file_lines: list[int | None] = field(default_factory=list)  # the field's line in each of ``files``

    def line_in(self, index: int) -> int | None:
        return self.file_lines[index] if index < len(self.file_lines) else (self.line if index == 0 else None)

    def lines(self) -> list[str]:
        message = self.message.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")  # one line each
        return [f"{f}{':' + str(self.line_in(i)) if self.line_in(i) else ''}: {self.field or '-'}: "
                f"{self.severity}: {message}" for i, f in enumerate(self.files)]

    def as_dict(self) -> dict:
        return {"file": self.files[0] if self.files else None, "files": self.files, "field": self.field or None,
                "line": self.line, "severity": self.severity, "message": self.message, "focus": self.focus or None,
                "path": self.path, "value": self.value, "shape": self.shape}

    def sort_key(self):
        return (self.files[0] if self.files else "", self.field, self.severity, self.message, self.focus,
                self.value or "")


@dataclass
class Report:
    results: list[Finding] = field(default_factory=list)
    records: int = 0
    engine: str = "fast"
    files: int = 0  # record files found (records + unreadable + skipped)
    notices: list[str] = field(default_factory=list)  # e.g. a shape left to pyshacl by the fast engine

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        counts = {"violation": 0, "warning": 0, "info": 0}
        for r in self.results:
            counts[r.severity] += 1
        return counts

    def failed(self, strict: bool = False) -> bool:
        """Exit status 1: any violation, or under ``strict`` any warning too."""
        return not self.conforms or (strict and self.counts()["warning"] > 0)

    # ------------------------------------------------------------------ renderings

    def text_lines(self) -> list[str]:
        """One line per result and file, sorted by file, then field (a result about two files gives
        a line in each file's place)."""
        keyed = [((r.files[i] if i < len(r.files) else ""), r.field, r.severity, text)
                 for r in self.results for i, text in enumerate(r.lines())]
        return [text for *_, text in sorted(keyed)]

    def summary(self) -> str:
        counts = self.counts()
        return (f"{self.records} records: {counts['violation']} violations, {counts['warning']} warnings"
                f" -> {'conforms' if self.conforms else 'does not conform'}")

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "counts": self.counts(), "records": self.records,
                           "results": [r.as_dict() for r in self.results]}, ensure_ascii=False, indent=2)

    def github_lines(self) -> list[str]:
        """GitHub Actions workflow commands: one annotation per result and file."""
        kinds = {"violation": "error", "warning": "warning", "info": "notice"}
        out = []
        for r in self.results:
            for i, f in enumerate(r.files or [""]):
                props = [f"file={_gh_property(f)}"]
                if r.line_in(i):
                    props.append(f"line={r.line_in(i)}")
                props.append(f"title={_gh_property(r.field or 'record')}")
                out.append(f"::{kinds[r.severity]} {','.join(props)}::{_gh_data(r.message)}")
        return out

    def to_turtle(self) -> str:
        """The standard SHACL validation report (sh:ValidationReport), byte-identical for the same input."""
        sh = lambda name: ox.NamedNode(SH + name)  # noqa: E731
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        report = ox.BlankNode("report")
        triples = [ox.Triple(report, rdf_type, sh("ValidationReport")),
                   ox.Triple(report, sh("conforms"), ox.Literal(str(self.conforms).lower(),
                                                                 datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")))]
        for index, r in enumerate(self.results, 1):
            node = ox.BlankNode(f"r{index}")
            triples += [ox.Triple(report, sh("result"), node), ox.Triple(node, rdf_type, sh("ValidationResult")),
                        ox.Triple(node, sh("resultSeverity"), ox.NamedNode(SEVERITY_IRIS[r.severity])),
                        ox.Triple(node, sh("resultMessage"), ox.Literal(r.message)),
                        ox.Triple(node, sh("sourceConstraintComponent"),
                                  ox.NamedNode(r.component or UNREADABLE_COMPONENT))]
            focus = r.focus or (_file_iri(r.files[0]) if r.files else None)
            if focus:
                triples.append(ox.Triple(node, sh("focusNode"), ox.NamedNode(focus)))
            if r.path and "://" in r.path and not r.path.startswith("("):
                triples.append(ox.Triple(node, sh("resultPath"), ox.NamedNode(r.path)))
            if r.value_term is not None:
                triples.append(ox.Triple(node, sh("value"), _to_ox(r.value_term)))
            if r.shape:
                triples.append(ox.Triple(node, sh("sourceShape"), ox.NamedNode(r.shape)))
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                            prefixes={"sh": SH, "ccus": CCUS, "shapes": "https://w3id.org/ccuskg/shapes#",
                                      "xsd": "http://www.w3.org/2001/XMLSchema#"})
        return data.decode("utf-8")


# --------------------------------------------------------------------------------------------- running


def _to_ox(term: Term):
    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)


def _file_iri(path: str) -> str:
    from pathlib import Path

    return Path(path).resolve().as_uri()


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")
