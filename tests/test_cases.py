"""Mapping cases as data: each folder under tests/cases/ holds ``records/`` and what they must give —
``expected.nt`` (the records' triples, ontology left out, sorted) and ``diagnostics.json`` (code,
field, severity of each message). A new mapping rule or regression is a new folder, not new code.

``CCUSKG_REGENERATE_CASES=1 pytest tests/test_cases.py`` rewrites the expected files; review the diff
before committing it, since a regenerated expectation says only what the code does now.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ccuskg.model.compile import compile_records

CASES = Path(__file__).resolve().parent / "cases"
REGENERATE = os.environ.get("CCUSKG_REGENERATE_CASES") == "1"


def actual(case: Path) -> tuple[str, str]:
    compiled = compile_records([case / "records"])
    triples = sorted({f"{q.subject} {q.predicate} {q.object} ." for q in compiled.quads(include_ontology=False)})
    messages = [{"code": d.code, "field": d.field, "severity": d.severity,
                 "file": Path(d.file).relative_to(case).as_posix()} for d in compiled.diagnostics]
    return "\n".join(triples) + "\n", json.dumps(messages, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_case_gives_its_expected_triples_and_messages(case):
    triples, messages = actual(case)
    if REGENERATE:
        (case / "expected.nt").write_text(triples, encoding="utf-8")
        (case / "diagnostics.json").write_text(messages, encoding="utf-8")
    assert triples == (case / "expected.nt").read_text(encoding="utf-8")
    assert messages == (case / "diagnostics.json").read_text(encoding="utf-8")


def test_every_case_folder_is_complete():
    for case in (p for p in CASES.iterdir() if p.is_dir()):
        assert {"records", "expected.nt", "diagnostics.json"} <= {p.name for p in case.iterdir()}, case.name
