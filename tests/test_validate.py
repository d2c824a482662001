"""`ccuskg validate`: SHACL results traced to file, field path and severity."""

import json

import pytest

from ccuskg.validation.validate import validate

from factory import FOUNDING_RECORD, chain, record, results, write_record

def test_founding_record_conforms_with_its_three_warnings():
    report = validate([FOUNDING_RECORD])
    assert report.conforms
    assert sorted((r.field, r.severity) for r in report.results) == [
        ("analysis.strategic.citation", "warning"),
        ("analysis.strategic.evidence", "warning"),
        ("provenance.reviewer", "warning"),
    ]


def test_a_clean_record_has_no_results(tmp_path):
    record(tmp_path)
    assert results(tmp_path) == []


def test_score_out_of_range_is_a_violation_on_its_field(tmp_path):
    path = record(tmp_path, analysis__mrv__score=150)
    assert results(tmp_path) == [([str(path)], "analysis.mrv.score", "violation")]


def test_missing_citation_is_a_warning(tmp_path):
    path = record(tmp_path, analysis__market__citation="")
    assert results(tmp_path) == [([str(path)], "analysis.market.citation", "warning")]


def test_unknown_issuer_is_a_violation_naming_the_value(tmp_path):
    record(tmp_path, source="Ministry of Nowhere")
    (result,) = validate([tmp_path]).results
    assert (result.field, result.severity) == ("source", "violation")
    assert "Ministry of Nowhere" in result.message


def test_status_outside_the_scheme_is_a_warning(tmp_path):
    record(tmp_path, status="Dormant")
    assert [(f, s) for _, f, s in results(tmp_path)] == [("status", "warning")]


def test_language_versions_disagreeing_on_the_date_name_both_files(tmp_path):
    en = record(tmp_path, "en")
    zh = record(tmp_path, "zh", title="演示", pubDate="2014-01-01")
    (result,) = validate([tmp_path]).results
    assert (result.field, result.severity) == ("pubDate", "violation")
    assert result.files == sorted([str(en), str(zh)])


def test_verified_without_a_reviewer_is_a_warning(tmp_path):
    path = record(tmp_path, reviewStatus="verified")
    assert results(tmp_path) == [([str(path)], "provenance.reviewer", "warning")]


def test_unreadable_record_is_a_violation_and_the_rest_is_checked(tmp_path):
    record(tmp_path, analysis__mrv__score=150)
    bad = write_record(tmp_path / "en", "broken.md", "---\n{nope\n---\n")
    found = results(tmp_path)
    assert ([str(bad)], "", "violation") in found
    assert any(field == "analysis.mrv.score" for _, field, _ in found)


def test_cli_exit_codes_follow_violations_and_strict(tmp_path, cli):
    record(tmp_path, analysis__market__citation="")
    assert cli("validate", tmp_path).exit_code == 0
    assert cli("validate", tmp_path, "--strict").exit_code == 1
    record(tmp_path, analysis__market__citation="", analysis__mrv__score=-1)
    assert cli("validate", tmp_path).exit_code == 1


def test_cli_json_output_has_counts_and_traced_results(tmp_path, cli):
    record(tmp_path, analysis__mrv__score=150)
    payload = json.loads(cli("validate", tmp_path, "--format", "json").stdout)
    assert payload["conforms"] is False and payload["counts"]["violation"] == 1
    (item,) = payload["results"]
    assert item["field"] == "analysis.mrv.score" and item["value"] == "150" and item["line"] is not None
    assert item["focus"].endswith("/policy/demo/assessment/mrv")


@pytest.mark.corpus
def test_corpus_validates_without_a_crash_and_reports_its_known_defects(corpus_policies):
    report = validate([corpus_policies])
    fields = {(r.field, r.severity) for r in report.results}
    assert ("provenance.reviewer", "warning") in fields      # verified, reviewer "Human Audit Pending"
    assert ("analysis.strategic.evidence", "warning") in fields  # placeholder evidence
    assert ("source", "violation") in fields                  # policies without an issuer
    assert ("evolution.supersedes", "violation") in fields    # supersession to ids not in the corpus
    assert ("year", "violation") in fields                    # a year that is not the publication date's
    assert sum(r.severity == "violation" for r in report.results) >= 30


def test_a_missing_dimension_is_a_violation(tmp_path):
    data_path = record(tmp_path)
    text = data_path.read_text(encoding="utf-8")
    data = json.loads(text.split("---\n")[1])
    del data["analysis"]["mrv"]
    data_path.write_text("---\n" + json.dumps(data) + "\n---\n", encoding="utf-8")
    (result,) = validate([tmp_path]).results
    assert (result.severity, result.value) == ("violation", "mrv")


def test_a_consistent_supersession_pair_has_no_results(tmp_path):
    chain(tmp_path)
    assert results(tmp_path) == []


def test_superseding_itself_is_a_violation(tmp_path):
    path = chain(tmp_path, target="new")
    assert ([str(path)], "evolution.supersedes", "violation") in results(tmp_path)


def test_supersession_to_an_unknown_id_is_a_violation(tmp_path):
    path = chain(tmp_path, target="ghost")
    assert ([str(path)], "evolution.supersedes", "violation") in results(tmp_path)


def test_superseded_by_without_the_matching_supersedes_is_a_violation(tmp_path):
    record(tmp_path, id="old", status="Superseded", evolution={"supersededBy": "new", "supersedes": []})
    record(tmp_path, id="new", evolution={"supersedes": [], "supersededBy": ""})
    found = results(tmp_path)
    assert any(field == "evolution.supersededBy" and sev == "violation" for _, field, sev in found)


def test_superseded_policy_still_in_force_is_a_warning(tmp_path):
    chain(tmp_path, old_status="Active")
    assert [(f, s) for _, f, s in results(tmp_path)] == [("status", "warning")]


def test_successor_published_before_its_predecessor_is_a_warning(tmp_path):
    chain(tmp_path, new_date="2001-01-01")
    assert [(f, s) for _, f, s in results(tmp_path)] == [("pubDate", "warning")]


def test_a_record_without_a_title_in_its_language_is_a_violation_on_title(tmp_path):
    path = record(tmp_path, "zh")  # an English-only title in a Chinese record
    assert results(tmp_path) == [([str(path)], "title", "violation")]


def test_duplicate_ids_in_one_language_are_violations_naming_both_files(tmp_path):
    first = record(tmp_path)
    second = write_record(tmp_path / "en", "zz-copy.md", first.read_text(encoding="utf-8"))  # read after demo.md
    (dup,) = [r for r in validate([tmp_path]).results if r.field == "id"]
    assert dup.files == [str(second)] and str(first) in dup.message and dup.severity == "violation"
