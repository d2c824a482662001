"""Users' own shapes: --shapes FILE (repeatable), extra_shapes in the settings, --shapes-only; traced like ours."""

import json

import pytest

from ccuskg.model.compile import compile_records
from ccuskg.validation.validate import shacl_results, traced_report, validate

from factory import ROOT, record

PROFILE = ROOT / "tests" / "shapes" / "funder-profile.ttl"
PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ccus: <https://w3id.org/ccuskg/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://example.org/rules#> .
"""
SHORT_TITLE = PREFIXES + """ex:LongTitle a sh:NodeShape ; sh:targetClass ccus:Policy ;
    sh:property [ sh:path ccus:title ; sh:minLength 8 ; sh:severity sh:Warning ; sh:message "title too short: {$value}" ] .
"""
NO_URL = PREFIXES + """ex:NoUrl a sh:NodeShape ; sh:targetClass ccus:Policy ;
    sh:property [ sh:path ccus:officialUrl ; sh:maxCount 0 ; sh:message "no url wanted" ] .
"""
SCORES = PREFIXES + """ex:Scores a sh:NodeShape ; sh:targetClass ccus:Policy ;
    sh:property [ sh:path ( ccus:hasAssessment ccus:score ) ; sh:maxInclusive 40 ; ccus:recordField "analysis" ;
                  sh:severity sh:Warning ; sh:message "a score above 40" ] .
"""
INT_YEAR = PREFIXES + """ex:IntYear a sh:NodeShape ; sh:targetClass ccus:Policy ;
    sh:property [ sh:path ccus:year ; sh:datatype xsd:int ; sh:message "year not an xsd:int" ] .
"""


def shapes_file(tmp_path, text, name="rules.ttl"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def items(out):
    return json.loads(out.stdout)["results"]


def test_a_shapes_file_adds_its_rules_beside_the_packaged_ones(tmp_path, cli):
    record(tmp_path / "records", analysis__market__citation="")
    out = cli("validate", tmp_path / "records", "--shapes", shapes_file(tmp_path, SHORT_TITLE), "--format", "json")
    assert {(i["field"], i["message"]) for i in items(out)} >= {
        ("title", "title too short: Demo"), ("analysis.market.citation", "a score without a citation")}


def test_a_user_shape_result_is_traced_to_the_file_field_and_line(tmp_path, cli):
    path = record(tmp_path / "records")
    (item,) = items(cli("validate", tmp_path / "records", "--shapes", shapes_file(tmp_path, SHORT_TITLE),
                        "--format", "json"))
    assert (item["file"], item["field"], item["severity"]) == (str(path), "title", "warning")
    assert '"title": "Demo"' in path.read_text(encoding="utf-8").splitlines()[item["line"] - 1]


def test_a_user_shape_names_its_field_with_ccus_record_field_when_its_path_is_not_a_field(tmp_path, cli):
    record(tmp_path / "records", analysis__mrv__score=75)
    found = items(cli("validate", tmp_path / "records", "--shapes", shapes_file(tmp_path, SCORES), "--format", "json"))
    assert {(i["field"], i["value"]) for i in found} == {("analysis", "50"), ("analysis", "75")}


def test_this_and_value_in_a_user_shapes_message_are_filled_in(tmp_path, cli):
    record(tmp_path / "records")
    rules = shapes_file(tmp_path, SHORT_TITLE.replace("title too short: {$value}", "{$this} has title {?value}"))
    (item,) = items(cli("validate", tmp_path / "records", "--shapes", rules, "--format", "json"))
    assert item["message"] == "https://w3id.org/ccuskg/policy/demo has title Demo"


def test_shapes_can_be_given_more_than_once(tmp_path, cli):
    record(tmp_path / "records")
    out = cli("validate", tmp_path / "records", "--shapes", shapes_file(tmp_path, SHORT_TITLE),
              "--shapes", shapes_file(tmp_path, NO_URL, "url.ttl"), "--format", "json")
    assert {i["message"] for i in items(out)} == {"title too short: Demo", "no url wanted"}
    assert out.exit_code == 1  # the url rule is a violation


def test_shapes_only_checks_the_given_shapes_and_not_the_packaged_ones(tmp_path, cli):
    record(tmp_path / "records", analysis__market__citation="", analysis__mrv__score=150)
    out = cli("validate", tmp_path / "records", "--shapes-only", "--shapes", shapes_file(tmp_path, SHORT_TITLE),
              "--format", "json")
    assert [i["message"] for i in items(out)] == ["title too short: Demo"]
    assert out.exit_code == 0


def test_extra_shapes_in_the_settings_file_are_checked(tmp_path, cli):
    record(tmp_path / "records")
    rules = shapes_file(tmp_path, SHORT_TITLE)
    settings = tmp_path / "ccuskg.toml"
    settings.write_text(f"extra_shapes = [{json.dumps(str(rules))}]\n", encoding="utf-8")
    out = cli("--settings", settings, "validate", tmp_path / "records", "--format", "json")
    assert [i["message"] for i in items(out)] == ["title too short: Demo"]


def test_a_missing_shapes_file_is_a_usage_error(tmp_path, cli):
    record(tmp_path / "records")
    out = cli("validate", tmp_path / "records", "--shapes", tmp_path / "nope.ttl")
    assert out.exit_code == 2 and "no such shapes file" in out.stderr


def test_a_shapes_file_that_is_not_turtle_is_a_usage_error(tmp_path, cli):
    record(tmp_path / "records")
    out = cli("validate", tmp_path / "records", "--shapes", shapes_file(tmp_path, "this is { not turtle"))
    assert out.exit_code == 2 and "not a Turtle shapes file" in out.stderr and "Traceback" not in out.stderr


def test_shapes_only_without_a_shapes_file_is_a_usage_error(tmp_path, cli):
    record(tmp_path / "records")
    out = cli("validate", tmp_path / "records", "--shapes-only")
    assert out.exit_code == 2 and "--shapes-only needs" in out.stderr


def test_a_shape_the_fast_engine_cannot_check_goes_to_pyshacl_with_a_notice_saying_so(tmp_path, cli):
    record(tmp_path / "records")
    rules = shapes_file(tmp_path, INT_YEAR + SHORT_TITLE.split("\n", 2)[2])
    out = cli("validate", tmp_path / "records", "--shapes", rules, "--format", "json", "--no-cache")
    notices = [line for line in out.stderr.splitlines() if line.startswith("notice:")]
    assert len(notices) == 1 and "IntYear" in notices[0] and "pyshacl" in notices[0]  # that shape only
    assert {(i["field"], i["message"]) for i in items(out)} == {("year", "year not an xsd:int"),
                                                               ("title", "title too short: Demo")}


def test_the_fast_engine_with_a_pyshacl_fallback_agrees_with_pyshacl(tmp_path):
    record(tmp_path / "records")
    rules = [shapes_file(tmp_path, INT_YEAR), shapes_file(tmp_path, SHORT_TITLE, "title.ttl")]
    fast, slow = (validate([tmp_path / "records"], engine=e, shapes=rules) for e in ("fast", "pyshacl"))
    assert [r.as_dict() for r in fast.results] == [r.as_dict() for r in slow.results]
    assert fast.notices and not slow.notices


def agree_with_profile(paths, profile_only: bool = False) -> list:
    compiled = compile_records(paths)
    fast = shacl_results(compiled, "fast", [PROFILE], shapes_only=profile_only)
    slow = shacl_results(compiled, "pyshacl", [PROFILE], shapes_only=profile_only)
    assert fast == slow
    assert [r.as_dict() for r in traced_report(compiled, fast).results] == \
           [r.as_dict() for r in traced_report(compiled, slow).results]
    return fast


def test_the_profile_uses_components_our_packaged_shapes_do_not():
    import rdflib

    from ccuskg.validation.validate import shapes_graph

    def used(graph):
        return {str(p).rsplit("#", 1)[1] for p in graph.predicates() if str(p).startswith(str(rdflib.SH))}
    profile = used(rdflib.Graph().parse(PROFILE))
    ours = used(shapes_graph())
    assert {"or", "not", "xone", "and", "qualifiedValueShape", "closed", "minLength", "languageIn",
            "uniqueLang", "disjoint", "parameter"} <= profile - ours


@pytest.mark.slow
def test_engines_agree_on_the_seeds_with_a_users_profile(seeds_dir):
    # The profile's shapes alone: they name none of ours, so with ours their results are the union of
    # both sets' (the packaged shapes' agreement on the seeds is tests/test_validate_engine.py's; the
    # next test checks both sets together on a few records).
    found = agree_with_profile([seeds_dir], profile_only=True)
    assert {r.component.rsplit("#", 1)[1] for r in found} >= {
        "MinWordsComponent", "AndConstraintComponent", "ClosedConstraintComponent", "MaxLengthConstraintComponent",
        "QualifiedMinCountConstraintComponent"}


def test_engines_agree_on_our_shapes_and_a_users_profile_together(seeds_dir):
    found = agree_with_profile([seeds_dir / "en" / "cn-miit-industrial-plan-2022.md",  # our shapes warn here
                                seeds_dir / "zh" / "cn-miit-industrial-plan-2022.md",
                                seeds_dir / "en" / "au-opggs-act-2006.md"])
    shapes = {r.shape for r in found}
    assert any(s and s.startswith("https://example.org/funder-profile#") for s in shapes)
    assert any(s and s.startswith("https://w3id.org/ccuskg/shapes#") for s in shapes)


@pytest.mark.slow
@pytest.mark.corpus
def test_engines_agree_on_the_public_corpus_with_a_users_profile(corpus_policies):
    # The profile alone: its shapes name none of ours, so their results with ours are the union of
    # each set's (the seeds test above checks them together). The packaged shapes' agreement on the
    # corpus is tests/test_validate_engine.py's; running pyshacl over both here took four minutes.
    assert len(agree_with_profile([corpus_policies], profile_only=True)) > 300
