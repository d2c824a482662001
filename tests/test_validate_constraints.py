"""One record breaking each rule of shapes/ that test_validate.py does not already cover: file, field, severity."""

import json

from ccuskg.validation.validate import validate

from factory import write_record
from factory import chain, record, results


def only(tmp_path):
    """The single result of validating tmp_path."""
    (result,) = validate([tmp_path]).results
    return result


def test_year_different_from_the_publication_year_is_a_violation_on_year(tmp_path):
    path = record(tmp_path, year=2015)  # pubDate 2014-12-05
    result = only(tmp_path)
    assert (result.files, result.field, result.severity) == ([str(path)], "year", "violation")
    assert "2015" in result.message and "2014-12-05" in result.message


def test_category_outside_its_scheme_is_a_warning_naming_the_value(tmp_path):
    record(tmp_path, category="Miscellaneous")
    result = only(tmp_path)
    assert (result.field, result.severity) == ("category", "warning") and "Miscellaneous" in result.message


def test_legal_weight_outside_its_scheme_is_a_warning_naming_the_value(tmp_path):
    record(tmp_path, legalWeight="Rumour")
    result = only(tmp_path)
    assert (result.field, result.severity) == ("legalWeight", "warning") and "Rumour" in result.message


def test_review_status_outside_its_scheme_is_a_warning_naming_the_value(tmp_path):
    record(tmp_path, reviewStatus="maybe")
    result = only(tmp_path)
    assert (result.field, result.severity) == ("reviewStatus", "warning") and "maybe" in result.message


def test_unknown_jurisdiction_is_a_violation_on_country(tmp_path):
    path = record(tmp_path, country="Atlantis")
    result = only(tmp_path)
    assert (result.files, result.field, result.severity) == ([str(path)], "country", "violation")
    assert "Atlantis" in result.message


def test_a_url_that_is_not_http_is_one_violation_on_url(tmp_path):
    record(tmp_path, url="ftp://example.org/x")
    result = only(tmp_path)  # it breaks sh:nodeKind and sh:pattern; the same result is reported once
    assert (result.field, result.severity, result.value) == ("url", "violation", "ftp://example.org/x")


def test_missing_label_and_missing_evidence_are_violations(tmp_path):
    record(tmp_path, analysis__mrv__label="", analysis__incentive__evidence="")
    assert sorted((f, s) for _, f, s in results(tmp_path)) == [
        ("analysis.incentive.evidence", "violation"), ("analysis.mrv.label", "violation")]


def test_placeholder_evidence_is_a_warning(tmp_path):
    path = record(tmp_path, analysis__strategic__evidence="Baseline strategic alignment under V5.0 migration")
    assert results(tmp_path) == [([str(path)], "analysis.strategic.evidence", "warning")]


def test_verified_while_human_audit_pending_is_a_warning_naming_the_reviewer(tmp_path):
    record(tmp_path, reviewStatus="verified", provenance__reviewer="Human Audit Pending")
    result = only(tmp_path)
    assert (result.field, result.severity) == ("provenance.reviewer", "warning")
    assert "Human Audit Pending" in result.message


def test_verified_with_a_named_reviewer_has_no_results(tmp_path):
    record(tmp_path, reviewStatus="verified", provenance__reviewer="J. Smith")
    assert results(tmp_path) == []


def test_an_invalid_date_is_a_violation_on_pub_date(tmp_path):
    record(tmp_path, pubDate="2020-02-30", year=2020)
    found = validate([tmp_path]).results
    assert {(r.field, r.severity) for r in found} == {("pubDate", "violation")}
    assert any("2020-02-30" in r.message for r in found)


def test_an_unsafe_id_is_a_violation_on_id(tmp_path):
    path = record(tmp_path, id="bad id!")
    assert results(tmp_path) == [([str(path)], "id", "violation")]


def test_language_versions_disagreeing_on_a_score_name_both_files_and_values(tmp_path):
    en = record(tmp_path, "en")
    zh = record(tmp_path, "zh", title="演示", analysis__mrv__score=7)
    result = only(tmp_path)
    assert (result.files, result.field, result.severity) == (sorted([str(en), str(zh)]), "analysis.mrv.score",
                                                            "violation")
    assert "en: 50" in result.message and "zh: 7" in result.message


def test_language_versions_disagreeing_on_the_status_is_a_violation(tmp_path):
    record(tmp_path, "en")
    record(tmp_path, "zh", title="演示", status="已废止")
    result = only(tmp_path)
    assert (len(result.files), result.field, result.severity) == (2, "status", "violation")


def test_language_versions_disagreeing_on_the_jurisdiction_is_a_violation(tmp_path):
    record(tmp_path, "en")
    record(tmp_path, "zh", title="演示", country="中国", source="Storting")
    result = only(tmp_path)
    assert (len(result.files), result.field, result.severity) == (2, "country", "violation")


def test_a_supersession_cycle_names_every_record_on_it(tmp_path):
    ids = ["a", "b", "c"]
    paths = [record(tmp_path, lang, id=ident, title="演示" if lang == "zh" else "Demo",
                    evolution={"supersedes": [ids[(k + 1) % 3]], "supersededBy": ""})
             for k, ident in enumerate(ids) for lang in ("en", "zh")]
    cycle = [r for r in validate([tmp_path]).results if "cycle" in r.message]
    assert {r.focus.rsplit("/", 1)[-1] for r in cycle} == set(ids)  # one result per policy on the cycle
    for result in cycle:
        assert (result.field, result.severity) == ("evolution.supersedes", "violation")
        assert sorted(result.files) == sorted(map(str, paths))
        assert "a, b, c" in result.message


def test_a_consistent_chain_of_three_is_not_a_cycle(tmp_path):
    chain(tmp_path)
    record(tmp_path, id="newest", pubDate="2024-01-01", year=2024,
           evolution={"supersedes": ["ghost-free"], "supersededBy": ""})
    assert not [r for r in validate([tmp_path]).results if "cycle" in r.message]


def test_superseded_by_each_other_is_a_cycle_of_two(tmp_path):
    record(tmp_path, id="old", evolution={"supersedes": ["new"], "supersededBy": "new"})
    record(tmp_path, id="new", evolution={"supersedes": ["old"], "supersededBy": "old"})
    cycle = [r for r in validate([tmp_path]).results if "cycle" in r.message]
    assert cycle and all(len(r.files) == 2 for r in cycle)


def test_records_written_as_yaml_are_traced_the_same_way(tmp_path):
    data = json.loads(record(tmp_path).read_text(encoding="utf-8").split("---\n")[1])
    (tmp_path / "en" / "demo.md").unlink()
    data["analysis"]["mrv"]["score"] = 150
    import yaml

    path = write_record(tmp_path / "en", "demo.md", "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n")
    result = only(tmp_path)
    assert (result.files, result.field) == ([str(path)], "analysis.mrv.score")
    assert path.read_text(encoding="utf-8").splitlines()[result.line - 1].strip() == "score: 150"


def test_an_assessment_without_a_score_is_a_violation_on_score(tmp_path):
    path = record(tmp_path, analysis__mrv__score="")
    result = only(tmp_path)
    assert (result.files, result.field, result.severity) == ([str(path)], "analysis.mrv.score", "violation")
    assert "{" not in result.message  # no unfilled {$value}
