"""`ccuskg validate` as CI runs it: output formats, unreadable records, exit codes 0/1/2."""

import json

import pytest
import rdflib
from rdflib.namespace import SH

from factory import FOUNDING_RECORD, write_record
from factory import record

UNREADABLE = {
    "bad-json.md": "---\n{nope\n---\n",
    "bad-yaml.md": "---\nid: [unclosed\n---\n",
    "no-front-matter.md": "Just a body.\n",
    "latin1.md": "---\nid: caf\xe9\n---\n".encode("latin-1"),
}


def test_text_output_is_file_line_field_severity_message_sorted_by_file(tmp_path, cli):
    b = record(tmp_path, id="b", analysis__mrv__score=150)
    a = record(tmp_path, id="a", analysis__market__citation="")
    out = cli("validate", tmp_path)
    lines = out.stdout.splitlines()
    assert lines[0].startswith(f"{a}:") and ": analysis.market.citation: warning: " in lines[0]
    assert lines[1].startswith(f"{b}:") and ": analysis.mrv.score: violation: " in lines[1]
    line_no = int(lines[1].split(":")[1])
    assert '"score": 150' in b.read_text(encoding="utf-8").splitlines()[line_no - 1]
    assert "1 violations, 1 warnings" in out.stderr


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_each_kind_of_unreadable_record_is_a_violation_naming_it_and_the_rest_is_checked(tmp_path, cli, name):
    record(tmp_path, analysis__market__citation="")
    bad = write_record(tmp_path / "en", name, UNREADABLE[name])
    out = cli("validate", tmp_path, "--format", "json")
    assert out.exit_code == 1
    items = json.loads(out.stdout)["results"]
    assert any(i["file"] == str(bad) and i["severity"] == "violation" for i in items)
    assert any(i["field"] == "analysis.market.citation" for i in items)
    assert "Traceback" not in out.stdout + out.stderr


def test_json_items_carry_every_documented_key(tmp_path, cli):
    record(tmp_path, status="Dormant")
    payload = json.loads(cli("validate", tmp_path, "--format", "json").stdout)
    assert payload["conforms"] is True and payload["counts"] == {"violation": 0, "warning": 1, "info": 0}
    (item,) = payload["results"]
    assert set(item) >= {"file", "field", "line", "severity", "message", "focus", "path", "value", "shape"}
    assert (item["field"], item["value"], item["path"]) == ("status", "Dormant",
                                                            "https://w3id.org/ccuskg/ontology#status")
    assert item["shape"] == "https://w3id.org/ccuskg/shapes#PolicyStatus"


def test_github_format_gives_error_and_warning_annotations(tmp_path, cli):
    path = record(tmp_path, analysis__mrv__score=150, analysis__market__citation="")
    out = cli("validate", tmp_path, "--format", "github")
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    assert any(line.startswith(f"::error file={path},line=") and "title=analysis.mrv.score::" in line for line in lines)
    assert any(line.startswith(f"::warning file={path},line=") and "citation" in line for line in lines)


def test_github_annotations_escape_newlines_and_percent(tmp_path, cli):
    record(tmp_path, status="100%\nbad")
    (line,) = cli("validate", tmp_path, "--format", "github").stdout.splitlines()
    assert "100%25%0Abad" in line


def test_turtle_format_is_a_shacl_validation_report(tmp_path, cli):
    record(tmp_path, analysis__mrv__score=150, analysis__market__citation="")
    write_record(tmp_path / "en", "broken.md", "---\n{nope\n---\n")
    out = cli("validate", tmp_path, "--format", "turtle")
    assert out.exit_code == 1
    graph = rdflib.Graph().parse(data=out.stdout, format="turtle")
    (report,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms).toPython() is False
    results = list(graph.objects(report, SH.result))
    assert len(results) == 3
    severities = sorted(str(graph.value(r, SH.resultSeverity)).rsplit("#", 1)[1] for r in results)
    assert severities == ["Violation", "Violation", "Warning"]
    assert all(graph.value(r, SH.focusNode) is not None and graph.value(r, SH.sourceConstraintComponent)
               for r in results)
    assert cli("validate", tmp_path, "--format", "turtle").stdout == out.stdout  # byte-identical


def test_the_founding_record_exits_0_with_its_warnings_and_1_under_strict(cli):
    out = cli("validate", FOUNDING_RECORD)
    assert out.exit_code == 0 and len(out.stdout.splitlines()) == 3
    assert cli("validate", FOUNDING_RECORD, "--strict").exit_code == 1


def test_the_pyshacl_engine_gives_the_same_output(tmp_path, cli):
    record(tmp_path, analysis__mrv__score=150, status="Dormant")
    fast = cli("validate", tmp_path, "--format", "json")
    slow = cli("validate", tmp_path, "--format", "json", "--engine", "pyshacl")
    assert fast.stdout == slow.stdout and fast.exit_code == slow.exit_code == 1


@pytest.mark.parametrize("args", [
    ("--format", "xml"), ("--engine", "jena"), ("no/such/folder",), ("--base", "not an iri"), ("--frobnicate",),
])
def test_usage_errors_exit_2_without_a_traceback(tmp_path, cli, args):
    record(tmp_path)
    out = cli("validate", tmp_path, *args)
    assert out.exit_code == 2
    assert "Traceback" not in out.stdout + out.stderr


def test_the_validate_all_pre_commit_hook_runs_this_command_on_the_whole_folder():
    import yaml
    from factory import ROOT

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["ccuskg-validate-all"]  # ccuskg-validate (changed records only): tests/test_precommit.py
    assert hook["entry"].split()[:2] == ["ccuskg", "validate"]
    assert hook["language"] == "python" and hook["pass_filenames"] is False and "md" in hook["files"]


def test_a_value_with_a_newline_stays_on_one_text_line(tmp_path, cli):
    record(tmp_path, status="Dormant\nreally")
    (line,) = cli("validate", tmp_path).stdout.splitlines()
    assert line.endswith(": status: warning: status Dormant\\nreally is not in the status scheme")


def test_a_field_the_mapping_cannot_place_is_a_warning_naming_file_field_and_value(tmp_path, cli):
    """Such a field never reaches the graph, so the shapes cannot see it: validate must say so itself."""
    text = FOUNDING_RECORD.read_text(encoding="utf-8").replace('"category":', '"colour": "red",\n  "category":', 1)
    path = write_record(tmp_path / "zh", "cn-miit-industrial-plan-2022.md", text)
    result = cli("validate", tmp_path, "--format", "json")
    data = json.loads(result.stdout)
    unplaced = [r for r in data["results"] if r["field"] == "colour"]
    assert [(r["file"], r["severity"], r["value"]) for r in unplaced] == [(str(path), "warning", "red")]
    assert result.exit_code == 0


def test_text_lines_are_sorted_by_file_then_field_even_for_results_about_two_files(tmp_path, cli):
    record(tmp_path, "en", analysis__mrv__score=50, url="ftp://example.org/only-in-en")
    record(tmp_path, "zh", title="演示", analysis__mrv__score=7)
    lines = cli("validate", tmp_path).stdout.splitlines()
    keys = [(line.split(":", 1)[0], line.split(": ")[1]) for line in lines]
    assert len({file for file, _ in keys}) == 2
    assert keys == sorted(keys)
