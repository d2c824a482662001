"""The library owns the rules: a notebook user of ``ccuskg.build``/``validate`` gets the same refusals and
summaries as the CLI, because the CLI only renders what the library returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ccuskg
from ccuskg.model.compile import NoRecordFiles
from ccuskg.store import StorePathError
from ccuskg.validation.validate import validate

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FOUNDING_RECORD = SEEDS / "zh" / "cn-miit-industrial-plan-2022.md"


def test_building_an_empty_folder_raises_and_leaves_the_existing_store_intact(tmp_path):
    store = tmp_path / "store"
    ccuskg.build([FOUNDING_RECORD], store=store)
    before = ccuskg.open_graph(store).rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoRecordFiles, match="no record files"):
        ccuskg.build([tmp_path / "empty"], store=store)
    assert ccuskg.open_graph(store).rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == before


def test_validating_an_empty_folder_raises_instead_of_conforming(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoRecordFiles):
        validate([tmp_path / "empty"])


def test_validating_an_empty_folder_with_pyshacl_raises_too(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoRecordFiles):
        validate([tmp_path / "empty"], engine="pyshacl")


def test_building_into_a_regular_file_raises_and_keeps_the_file(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(StorePathError):
        ccuskg.build([FOUNDING_RECORD], store=target)
    assert target.read_text(encoding="utf-8") == "precious"


def test_the_build_report_summary_is_the_clis_closing_lines(tmp_path):
    report = ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store").report
    lines = report.summary(1.5).splitlines()
    assert lines[0].startswith(f"Built {tmp_path / 'store'} from 1 of 1 record files (1 policies): ")
    assert lines[0].endswith(" quads in 1.50 s.")
    assert lines[1].startswith(f"{len(report.errors)} errors, ")


def test_the_build_report_json_lists_every_diagnostic(tmp_path):
    report = ccuskg.build([SEEDS], store=tmp_path / "store").report
    assert [d["code"] for d in json.loads(report.to_json())["diagnostics"]] == [d.code for d in report.diagnostics]
