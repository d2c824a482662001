"""Lossless mapping: a field the ontology does not know is kept under the extension namespace."""

import pyoxigraph as ox

from ccuskg.core.namespaces import FIELD, RDF, XSD
from ccuskg.ingest.records import parse_file
from ccuskg.model.extension import escape_key, keep
from ccuskg.model.mapping import Mapper
from ccuskg.model.vocab import load_vocabulary

from factory import record_text, write_record
from leaves import missing_leaves

BASE = "https://w3id.org/ccuskg/"
POLICY = BASE + "policy/good-policy"
TEXT = RDF + "langString"
UNKNOWN = {
    "colour": "red",
    "evolution": {"milestones": [{"date": "2021-03-04", "event": "Consultation", "votes": 12},
                                 {"date": "2022-01-01", "event": "Adoption", "passed": True}]},
    "funding": {"amount": 2.5, "currency": "EUR", "sources": ["EU", "state"], "detail": {"rate": 0.05}},
    "notes": [["a b", "c d"], ["e f"]],
    "ratio": 1e-05,
    "analysis": {"mrv": {"score": 10, "weight": 3}, "water": {"score": 4}},
}


def mapped(tmp_path, fields, lang="en"):
    path = write_record(tmp_path / lang, "x.md", record_text(**fields))
    return Mapper(load_vocabulary()).map(parse_file(path, tmp_path))


def objects(result, subject, path):
    return sorted((o.value, o.datatype.value, o.language) if isinstance(o, ox.Literal) else (o.value, None, None)
                  for q in result.quads if q.subject.value == subject and q.predicate.value == FIELD + path
                  for o in [q.object])


def test_every_leaf_of_unknown_nested_fields_and_lists_of_objects_is_in_the_graph(tmp_path):
    result = mapped(tmp_path, UNKNOWN)
    assert missing_leaves(result, load_vocabulary()) == []


def test_unknown_fields_are_typed_as_they_came(tmp_path):
    result = mapped(tmp_path, UNKNOWN)
    assert objects(result, POLICY, "colour") == [("red", TEXT, "en")]
    node = POLICY + "/field/funding"
    assert objects(result, node, "funding/amount") == [("2.5", XSD + "decimal", None)]
    assert objects(result, POLICY, "ratio") == [("0.00001", XSD + "decimal", None)]
    first = POLICY + "/field/evolution/milestones/0"
    assert objects(result, first, "evolution/milestones/date") == [("2021-03-04", XSD + "date", None)]
    assert objects(result, first, "evolution/milestones/votes") == [("12", XSD + "integer", None)]
    second = POLICY + "/field/evolution/milestones/1"
    assert objects(result, second, "evolution/milestones/passed") == [("true", XSD + "boolean", None)]


def test_text_is_tagged_with_the_record_language_or_its_script(tmp_path):
    result = mapped(tmp_path, {"colour": "红色", "shade": "dark red"}, lang="zh")
    assert [o[2] for o in objects(result, POLICY, "colour")] == ["zh"]
    assert [o[2] for o in objects(result, POLICY, "shade")] == ["en"]


def test_objects_and_list_items_are_resources_with_stable_iris_not_blank_nodes(tmp_path):
    first = mapped(tmp_path / "a", UNKNOWN)
    again = mapped(tmp_path / "b", UNKNOWN)
    assert not any(isinstance(t, ox.BlankNode) for q in first.quads for t in (q.subject, q.object))
    assert sorted(map(str, first.quads)) == sorted(map(str, again.quads))
    links = objects(first, POLICY, "evolution/milestones")
    assert [v for v, _, _ in links] == [POLICY + "/field/evolution/milestones/0",
                                        POLICY + "/field/evolution/milestones/1"]
    assert objects(first, POLICY + "/field/funding/detail", "funding/detail/rate") == [("0.05", XSD + "decimal", None)]


def test_an_unknown_field_inside_an_assessment_sits_on_the_assessment(tmp_path):
    result = mapped(tmp_path, UNKNOWN)
    mrv = POLICY + "/assessment/mrv"
    assert objects(result, mrv, "analysis/mrv/weight") == [("3", XSD + "integer", None)]


def test_an_unknown_assessment_dimension_is_kept_and_reported(tmp_path):
    result = mapped(tmp_path, UNKNOWN)
    assert objects(result, POLICY + "/field/analysis/water", "analysis/water/score") == [("4", XSD + "integer", None)]
    assert ("analysis.water", "unknown-field") in {(d.field, d.code) for d in result.diagnostics}


def test_each_unknown_field_path_is_reported_once_per_record(tmp_path):
    result = mapped(tmp_path, UNKNOWN)
    fields = [d.field for d in result.diagnostics if d.code == "unknown-field"]
    assert len(fields) == len(set(fields))
    assert sorted(fields) == ["analysis.mrv.weight", "analysis.water", "colour", "evolution.milestones", "funding",
                              "notes", "ratio"]


def test_keys_that_break_iris_are_percent_escaped_and_never_collide():
    assert escape_key("a b") == "a%20b" and escape_key("a%20b") == "a%2520b"
    assert escape_key("x/y") == "x%2Fy" and escape_key("<script>") == "%3Cscript%3E"
    assert escape_key("碳价") == "碳价"
    graph = ox.NamedNode(BASE + "graph/en/x")
    kept = keep(ox.NamedNode(POLICY), ("a>b", "c d"), {"#": 1}, "en", graph)
    assert {q.predicate.value for q in kept.quads} == {FIELD + "a%3Eb/c%20d", FIELD + "a%3Eb/c%20d/%23"}


def test_an_empty_key_is_refused_with_a_warning(tmp_path):
    result = mapped(tmp_path, {"extra": {"": "lost", "kept": "yes"}})
    assert objects(result, POLICY + "/field/extra", "extra/kept") == [("yes", TEXT, "en")]
    assert [d.code for d in result.diagnostics if d.field == "extra"] == ["unknown-field", "unsafe-field"]


def test_a_value_of_the_wrong_shape_in_a_known_field_is_kept_beside_its_error(tmp_path):
    result = mapped(tmp_path, {"status": {"en": "Active"}})
    assert [d.code for d in result.diagnostics] == ["invalid-value"]
    assert objects(result, POLICY + "/field/status", "status/en") == [("Active", TEXT, "en")]
