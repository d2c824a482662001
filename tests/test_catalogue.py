"""The catalogue of diagnostic codes is complete, used, consistent with the code, and documented."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ccuskg.core.catalogue import CATALOGUE, SEVERITIES, markdown
from ccuskg.core.diagnostics import Diagnostic

from factory import ROOT, write_record

PACKAGE = ROOT / "ccuskg"
_REPORTERS = {"Diagnostic", "RecordProblem", "report"}  # the calls that attach a code to a message
_SEVERITY_NAMES = {"ERROR": "error", "WARNING": "warning", "INFO": "info"}


def _name(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def _code_uses() -> list[tuple[str, str, str | None]]:
    """(where, code, severity or None) for every code literal the package attaches to a diagnostic:
    ``code=`` of a reporting call, the default of a ``code`` field, and ``x.code == "..."`` tests."""
    uses = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call) and _name(node.func) in _REPORTERS:
                severities = [_SEVERITY_NAMES[_name(a)] for a in node.args + [k.value for k in node.keywords]
                              if _name(a) in _SEVERITY_NAMES]
                uses += [(where, k.value.value, severities[0] if severities else None) for k in node.keywords
                         if k.arg == "code" and isinstance(k.value, ast.Constant) and k.value.value]
            elif (isinstance(node, ast.AnnAssign) and _name(node.target) == "code"
                  and isinstance(node.value, ast.Constant) and node.value.value):
                uses.append((where, node.value.value, None))
            elif isinstance(node, ast.Compare) and _name(node.left) == "code":
                uses += [(where, c.value, None) for c in node.comparators
                         if isinstance(c, ast.Constant) and isinstance(c.value, str)]  # not HTTP codes
    return uses


USES = _code_uses()


def test_the_source_walk_finds_codes_of_every_reporting_layer():
    files = {where.split(":")[0] for where, _, _ in USES}
    assert {"ccuskg/ingest/records.py", "ccuskg/model/mapping.py", "ccuskg/model/compile.py"} <= files


@pytest.mark.parametrize("where, code, severity", USES, ids=[f"{w}:{c}" for w, c, _ in USES])
def test_every_code_in_the_source_is_catalogued(where, code, severity):
    assert code in CATALOGUE, f"{where}: add {code!r} to ccuskg/core/catalogue.json"


@pytest.mark.parametrize("where, code, severity", [u for u in USES if u[2]], ids=lambda v: str(v))
def test_each_code_is_reported_with_its_catalogued_severity(where, code, severity):
    assert CATALOGUE[code].severity == severity, where


def test_every_catalogued_code_is_used_somewhere():
    assert set(CATALOGUE) - {code for _, code, _ in USES} == set()


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_entry_has_a_known_severity_a_title_and_an_action(code):
    entry = CATALOGUE[code]
    assert entry.code == code
    assert entry.severity in SEVERITIES
    assert entry.title.strip() and entry.action.strip()


def test_a_diagnostic_with_an_uncatalogued_code_is_refused():
    with pytest.raises(ValueError, match="catalogue.py"):
        Diagnostic("a.md", "title", "error", "oops", code="no-such-code")


def test_every_code_build_reports_is_catalogued(tmp_path, cli):
    write_record(tmp_path / "en", "a.md", '---\n{"id": "a", "title": "A", "year": "x", "colour": "red"}\n---\n')
    write_record(tmp_path / "en", "b.md", '---\n{"id": "b", "title": ]}\n---\n')  # neither JSON nor YAML
    cli("build", tmp_path / "en", "--store", tmp_path / "store", "--report", tmp_path / "report.json")
    codes = {d["code"] for d in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["diagnostics"]}
    assert {"invalid-value", "unknown-field", "unreadable"} <= codes <= set(CATALOGUE)


def test_the_committed_reference_page_is_the_generated_one():
    # If this fails, run: python tools/gen_diagnostics_doc.py
    assert (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8") == markdown()


def test_the_reference_page_lists_every_code():
    page = markdown()
    assert all(f"| `{code}` |" in page for code in CATALOGUE)


def test_the_generator_check_passes_on_the_committed_page():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_diagnostics_doc.py"), "--check"],
                            capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert result.returncode == 0, result.stderr
