"""The validation reports CI platforms read: SARIF 2.1.0, JUnit XML and a self-contained HTML page.

Each is produced from real records with real problems (a violation, a warning and an unreadable
file), checked against the format's own schema or parser, and read back for what it states.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from junitparser import Failure, JUnitXml

from ccuskg.cli import main
from ccuskg.validation import reports
from ccuskg.validation.validate import shapes_graph, validate
from tests.factory import ROOT, record, write_record

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0.schema.json").read_text(encoding="utf-8"))
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def flawed(tmp_path, monkeypatch):
    """Three records: one conforming, one with a violation (a year that is not an integer) and a
    warning (a status outside the scheme), one that cannot be read; paths relative to the current folder, as in a repository."""
    monkeypatch.chdir(tmp_path)
    folder = Path("records")
    record(folder, id="good")
    record(folder, id="bad", year="twenty", status="Pondering")
    write_record(folder / "en", "broken.md", "---\n{\"id\": \n---\nBody\n")
    return folder


@pytest.fixture
def report(flawed):
    return validate([flawed], cache=None)


def test_the_flawed_records_give_violations_and_warnings(report):
    counts = report.counts()
    assert counts["violation"] >= 2 and not report.conforms


def test_sarif_output_is_valid_against_the_sarif_2_1_0_schema(report):
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(reports.to_sarif(report, shapes_graph())))


def test_sarif_has_one_rule_per_shape_broken_and_one_result_per_finding(report):
    log = json.loads(reports.to_sarif(report, shapes_graph()))
    run = log["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert len(run["results"]) == sum(max(1, len(f.files)) for f in report.results)
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert "ReadableRecord" in rule_ids  # the unreadable file is a result too, under ccuskg's own rule


def test_sarif_results_point_at_the_field_line_and_column(report, flawed):
    log = json.loads(reports.to_sarif(report, shapes_graph()))
    year = [r for r in log["runs"][0]["results"] if r.get("properties", {}).get("field") == "year"]
    assert year, "the non-integer year is reported"
    location = year[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "records/en/bad.md"
    line = Path(location["artifactLocation"]["uri"]).read_text(encoding="utf-8").splitlines()[
        location["region"]["startLine"] - 1]
    column = location["region"]["startColumn"]
    assert line[column - 1:].lstrip('"').startswith("year")


def test_sarif_rules_carry_a_help_text_naming_what_the_shape_checks(report):
    rules = {r["id"]: r for r in json.loads(reports.to_sarif(report, shapes_graph()))["runs"][0]["tool"]["driver"]["rules"]}
    year_rules = [r for r in rules.values() if "ccus:year" in r["help"]["text"]]
    assert year_rules and all(r["shortDescription"]["text"] for r in rules.values())


def test_sarif_is_byte_identical_for_the_same_records(flawed):
    first = reports.to_sarif(validate([flawed], cache=None), shapes_graph())
    second = reports.to_sarif(validate([flawed], cache=None), shapes_graph())
    assert first == second


def test_junit_is_read_by_a_junit_parser_with_one_failed_case_per_broken_shape(report, tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(reports.to_junit(report, shapes_graph()), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    cases = [case for suite in xml for case in suite]
    failed = {case.name for case in cases if any(isinstance(r, Failure) for r in case.result)}
    broken = {reports.rule_for(f, reports.rules_of(shapes_graph())).id
              for f in report.results if f.severity == "violation"}
    assert failed == broken
    assert len(cases) >= len(reports.rules_of(shapes_graph()))  # passing shapes are test cases too


def test_junit_strict_fails_the_shapes_with_warnings_too(report):
    relaxed = reports.to_junit(report, shapes_graph())
    strict = reports.to_junit(report, shapes_graph(), strict=True)
    count = lambda text: int(re.search(r'<testsuites [^>]*failures="(\d+)"', text).group(1))  # noqa: E731
    warned = {reports.rule_for(f, reports.rules_of(shapes_graph())).id
              for f in report.results if f.severity == "warning"}
    assert warned and count(strict) > count(relaxed)


def test_html_report_is_self_contained(report):
    page = reports.to_html(report, shapes_graph())
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<link" not in page and "@import" not in page


def test_html_report_keeps_record_text_as_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    record(Path("r"), id="x", year="<script>alert(1)</script>")
    page = reports.to_html(validate([Path("r")], cache=None), shapes_graph())
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_report_links_each_result_to_its_record_line(report):
    page = reports.to_html(report, shapes_graph())
    line = next(f.line for f in report.results if f.field == "year")
    assert f'href="records/en/bad.md#L{line}"' in page


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no headless browser: install Debian's chromium")
def test_html_report_shows_its_counts_and_filters_in_a_browser(report, tmp_path):
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    page_file.write_text(reports.to_html(report, shapes_graph()), encoding="utf-8")
    counts = report.counts()
    rows = sum(max(1, len(f.files)) for f in report.results)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            for severity, expected in counts.items():
                assert int(page.inner_text(f"#count-{severity}")) == expected
            assert int(page.inner_text("#shown")) == rows
            page.uncheck("input.sev[value=violation]")
            assert int(page.inner_text("#shown")) == rows - sum(
                max(1, len(f.files)) for f in report.results if f.severity == "violation")
            page.check("input.sev[value=violation]")
            page.fill("#filter-text", "broken.md")
            assert int(page.inner_text("#shown")) == 1
            page.fill("#filter-text", "")
            page.check("input[name=view][value=shape]")
            assert page.is_visible("#by-shape") and not page.is_visible("#by-file")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "report.png").stat().st_size > 0


@pytest.mark.parametrize("fmt", ["sarif", "junit", "html"])
def test_validate_writes_the_report_to_a_file_and_still_fails_on_violations(flawed, fmt):
    result = CliRunner().invoke(main, ["validate", str(flawed), "--no-cache", "--format", fmt, "-o", f"out.{fmt}"])
    assert result.exit_code == 1, result.output
    assert Path(f"out.{fmt}").stat().st_size > 0


def test_a_conforming_set_gives_an_empty_sarif_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", "seeds")
    report = validate([Path("seeds")], cache=None)
    log = json.loads(reports.to_sarif(report, shapes_graph()))
    assert all(r["level"] != "error" for r in log["runs"][0]["results"])
    assert log["runs"][0]["properties"]["conforms"] is True
