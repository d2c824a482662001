"""Incremental validation (issue #13): with a cache folder, a run after edits, additions, deletions and
renames renders exactly the report a cold run renders (text, JSON, annotations, Turtle)."""

import shutil

import pytest

from ccuskg.validation.validate import validate

from factory import SEEDS, chain, record, write_record

SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ccus: <https://w3id.org/ccuskg/ontology#> .
<urn:test:NoDemo> a sh:NodeShape ; sh:targetClass ccus:Policy ;
    sh:property [ sh:path ccus:identifier ; sh:maxLength LIMIT ; sh:severity sh:Warning ;
                  sh:message "{$value} is a long id" ] .
"""


def rendered(report) -> tuple:
    """Every rendering of a report a user or CI reads."""
    return (report.to_json(), "\n".join(report.text_lines()), report.summary(), "\n".join(report.github_lines()),
            report.to_turtle(), report.notices, report.files)


def assert_incremental_is_cold(records, cache, **options):
    incremental = validate([records], cache=cache, **options)
    cold = validate([records], **options)
    assert rendered(incremental) == rendered(cold)
    return incremental


@pytest.fixture(params=["with-facilities", "without-facilities"])
def corpus(tmp_path, request):
    """A small corpus with defects of each kind: the seeds, a supersession chain, findings on fields.
    Without facility records, added and removed policies are re-checked near the change only; with
    them, every shape is checked in full (a facility's links depend on the set of policy ids)."""
    records = tmp_path / "records"
    shutil.copytree(SEEDS, records / "seeds")
    if request.param == "without-facilities":
        shutil.rmtree(records / "seeds" / "facilities")
    chain(records / "chain")
    record(records / "flawed", id="flawed", analysis__mrv__score=150, analysis__market__citation="")
    record(records / "flawed", lang="zh", id="flawed", title="有缺陷", pubDate="2015-01-01")
    write_record(records / "flawed", "broken.md", "---\n{nope\n---\n")
    return records


def test_a_run_with_a_cache_saves_its_state_in_the_cache_folder(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    assert list((tmp_path / "cache" / "validation").glob("*.jsonl"))


def test_nothing_changed_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_an_edited_record_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    record(corpus / "flawed", id="flawed", analysis__mrv__score=50, analysis__market__citation="")
    report = assert_incremental_is_cold(corpus, tmp_path / "cache")
    assert not any(r.field == "analysis.mrv.score" and "flawed" in r.files[0] for r in report.results)


def test_an_edit_that_adds_a_finding_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    record(corpus / "flawed", id="flawed", analysis__mrv__score=150, analysis__market__citation="", year=1999)
    report = assert_incremental_is_cold(corpus, tmp_path / "cache")
    assert any(r.field == "year" for r in report.results)


def test_an_added_record_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    record(corpus / "added", id="added", status="Unheard-of")
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_a_language_version_added_to_a_policy_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    record(corpus / "chain", lang="zh", id="new", title="新", pubDate="2024-01-01", year=2024)
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_a_deleted_record_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    (corpus / "flawed" / "zh" / "flawed.md").unlink()
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_deleting_a_superseded_policy_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    (corpus / "chain" / "en" / "old.md").unlink()
    report = assert_incremental_is_cold(corpus, tmp_path / "cache")
    assert any("old" in r.message for r in report.results)


def test_a_renamed_record_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    (corpus / "flawed" / "en" / "flawed.md").rename(corpus / "flawed" / "en" / "renamed.md")
    report = assert_incremental_is_cold(corpus, tmp_path / "cache")
    assert any(f.endswith("renamed.md") for r in report.results for f in r.files)


def test_a_supersession_cycle_made_by_an_edit_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    record(corpus / "chain", id="old", pubDate="2011-01-01", year=2011, status="Superseded",
           evolution={"supersededBy": "new", "supersedes": ["new"]})
    report = assert_incremental_is_cold(corpus, tmp_path / "cache")
    assert any("cycle through" in r.message for r in report.results)


def test_an_edit_moving_a_field_to_another_line_moves_the_cached_finding(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    path = corpus / "flawed" / "en" / "flawed.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n\n", 1), encoding="utf-8")
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_several_edits_in_a_row_each_give_the_cold_report(corpus, tmp_path):
    cache = tmp_path / "cache"
    validate([corpus], cache=cache)
    record(corpus / "flawed", id="flawed", analysis__mrv__score=10)
    assert_incremental_is_cold(corpus, cache)
    (corpus / "chain" / "en" / "new.md").unlink()
    assert_incremental_is_cold(corpus, cache)
    record(corpus / "chain", id="new", pubDate="2010-01-01", year=2010, evolution={"supersedes": ["old"]})
    assert_incremental_is_cold(corpus, cache)
    assert_incremental_is_cold(corpus, cache)


def test_a_user_shapes_file_edited_between_runs_is_checked_afresh(corpus, tmp_path):
    shapes = tmp_path / "extra.ttl"
    shapes.write_text(SHAPE.replace("LIMIT", "100"), encoding="utf-8")
    validate([corpus], cache=tmp_path / "cache", shapes=[shapes])
    shapes.write_text(SHAPE.replace("LIMIT", "5"), encoding="utf-8")
    report = assert_incremental_is_cold(corpus, tmp_path / "cache", shapes=[shapes])
    assert any(r.message == "flawed is a long id" for r in report.results)


def test_runs_with_and_without_user_shapes_keep_apart(corpus, tmp_path):
    shapes = tmp_path / "extra.ttl"
    shapes.write_text(SHAPE.replace("LIMIT", "5"), encoding="utf-8")
    validate([corpus], cache=tmp_path / "cache", shapes=[shapes])
    validate([corpus], cache=tmp_path / "cache", shapes=[])
    report = assert_incremental_is_cold(corpus, tmp_path / "cache", shapes=[])
    assert not any(r.message == "flawed is a long id" for r in report.results)


def test_a_damaged_state_gives_the_cold_report_and_is_rewritten(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    (state,) = (tmp_path / "cache" / "validation").glob("*.jsonl")
    state.write_bytes(state.read_bytes()[: len(state.read_bytes()) // 2])
    assert_incremental_is_cold(corpus, tmp_path / "cache")
    assert state.read_bytes().count(b"\n") == 4


def test_an_unreadable_record_made_readable_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    record(corpus / "flawed", id="broken")
    (corpus / "flawed" / "broken.md").unlink()
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_the_public_corpus_after_edits_deletions_and_renames_gives_the_cold_report(corpus_policies, tmp_path):
    records = tmp_path / "policies"
    shutil.copytree(corpus_policies, records)
    cache = tmp_path / "cache"
    validate([records], cache=cache)
    assert_incremental_is_cold(records, cache)
    first, second, third = sorted((records / "en").glob("*.md"))[:3]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("year:", "year: 1800\nyearOld:", 1) if "year:" in text else text + "\n",
                     encoding="utf-8")
    second.unlink()
    third.rename(third.with_name("renamed-" + third.name))
    assert_incremental_is_cold(records, cache)
    (records / "zh" / second.name).unlink(missing_ok=True)
    assert_incremental_is_cold(records, cache)


def test_when_no_input_changed_the_saved_report_is_returned_without_checking_again(corpus, tmp_path):
    first = validate([corpus], cache=tmp_path / "cache")
    (state,) = (tmp_path / "cache" / "validation").glob("*.jsonl")
    message = first.results[0].message
    state.write_bytes(state.read_bytes().replace(json_text(message), json_text("served from the state"), 1))
    assert validate([corpus], cache=tmp_path / "cache").results[0].message == "served from the state"


def test_a_leftover_temporary_file_of_a_crashed_run_changes_nothing(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    (tmp_path / "cache" / "validation" / ".tmp-crashed.jsonl").write_bytes(b'{"format": 2, "key"')
    record(corpus / "flawed", id="flawed", analysis__mrv__score=20)
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_the_folder_keeps_the_states_of_the_last_four_configurations(corpus, tmp_path):
    for limit in range(6):
        shapes = tmp_path / "extra.ttl"
        shapes.write_text(SHAPE.replace("LIMIT", str(limit + 3)), encoding="utf-8")
        validate([corpus], cache=tmp_path / "cache", shapes=[shapes])
    assert len(list((tmp_path / "cache" / "validation").glob("*.jsonl"))) == 4


def json_text(text: str) -> bytes:
    import json

    return json.dumps(text, ensure_ascii=False).encode("utf-8")


def test_a_changed_country_re_checks_the_policies_of_both_jurisdictions(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    record(corpus / "flawed", id="flawed", analysis__mrv__score=150, analysis__market__citation="", country="Atlantis")
    assert_incremental_is_cold(corpus, tmp_path / "cache")
    record(corpus / "flawed", id="flawed", analysis__mrv__score=150, analysis__market__citation="", country="China")
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_a_changed_body_alone_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    path = corpus / "chain" / "en" / "old.md"
    path.write_text(path.read_text(encoding="utf-8") + "More body.\n", encoding="utf-8")
    assert_incremental_is_cold(corpus, tmp_path / "cache")


def test_an_edit_whose_previous_version_left_the_record_cache_gives_the_cold_report(corpus, tmp_path):
    validate([corpus], cache=tmp_path / "cache")
    for pack in (tmp_path / "cache").glob("*/pack-*.jsonl"):
        pack.unlink()
    record(corpus / "flawed", id="flawed", analysis__mrv__score=20)
    assert_incremental_is_cold(corpus, tmp_path / "cache")


LOCALITY = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
ex:Plain a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
ex:P sh:path ex:p ; sh:minCount 1 ; sh:datatype <http://www.w3.org/2001/XMLSchema#string> .
ex:Typed a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:Q .
ex:Q sh:path ex:q ; sh:class ex:D .
ex:Sparql a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql ex:S .
ex:S sh:select "SELECT $this WHERE { $this ?p ?o }" .
ex:Inverse a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:I .
ex:I sh:path [ sh:inversePath ex:p ] ; sh:maxCount 1 .
ex:Blank a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .
"""


@pytest.mark.parametrize("shape, radius", [("Plain", 0), ("Typed", 1), ("Sparql", None), ("Inverse", None),
                                           ("Blank", None)])
def test_a_shape_is_re_checked_near_changes_only_when_it_reads_a_bounded_neighbourhood(shape, radius):
    import rdflib

    from ccuskg.validation.engine import FastEngine

    engine = FastEngine(rdflib.Graph().parse(data=LOCALITY, format="turtle"))
    assert engine.local_radius(rdflib.URIRef("urn:ex:" + shape)) == radius


def test_a_built_in_term_whose_compiler_a_third_party_replaced_is_checked_in_full():
    import rdflib
    from rdflib.namespace import SH

    from ccuskg.validation.components import compiler_for, register_component
    from ccuskg.validation.engine import FastEngine

    built_in = compiler_for(SH.minCount)[0]
    register_component(SH.minCount, lambda c: built_in(c), replace=True)
    try:
        engine = FastEngine(rdflib.Graph().parse(data=LOCALITY, format="turtle"))
        assert engine.local_radius(rdflib.URIRef("urn:ex:Plain")) is None
    finally:
        register_component(SH.minCount, built_in, replace=True)
