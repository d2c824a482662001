"""Mapping records to RDF: every value placed, typed and linked; nothing silently dropped."""

import pyoxigraph as ox
import pytest

from ccuskg.model.compile import compile_records
from ccuskg.model.mapping import Mapper
from ccuskg.core.namespaces import CCUS, DCTERMS, RDF, XSD
from ccuskg.ingest.records import parse_file
from ccuskg.model.vocab import load_vocabulary

from factory import FOUNDING_RECORD, write_record
from leaves import missing_leaves

BASE = "https://w3id.org/ccuskg/"


def mapped(path, root=None, base=None):
    vocab = load_vocabulary()
    record = parse_file(path, root)
    return Mapper(vocab, base, entailment=False).map(record), vocab  # ccus terms only: see test_entailment.py


def objects(result, subject, prop):
    return [q.object for q in result.quads if q.subject.value == subject and q.predicate.value == prop]


def test_founding_record_maps_every_non_empty_leaf():
    result, vocab = mapped(FOUNDING_RECORD, FOUNDING_RECORD.parent.parent)
    assert missing_leaves(result, vocab) == []


def test_founding_record_reports_nothing_unmapped():
    result, _ = mapped(FOUNDING_RECORD, FOUNDING_RECORD.parent.parent)
    assert [str(d) for d in result.diagnostics] == []


def test_policy_iri_is_readable_and_under_the_base():
    result, _ = mapped(FOUNDING_RECORD, base="https://example.org/kg/")
    assert result.policy == "https://example.org/kg/policy/cn-miit-industrial-plan-2022"
    assert result.graph == "https://example.org/kg/graph/zh/cn-miit-industrial-plan-2022"


def test_no_blank_nodes_are_produced():
    result, _ = mapped(FOUNDING_RECORD)
    assert not any(isinstance(t, ox.BlankNode) for q in result.quads for t in (q.subject, q.object))


def test_dates_are_xsd_date_and_scores_xsd_integer():
    result, _ = mapped(FOUNDING_RECORD)
    (date,) = objects(result, result.policy, CCUS + "publicationDate")
    assert date.datatype.value == XSD + "date" and date.value == "2022-08-01"
    score = objects(result, BASE + "policy/cn-miit-industrial-plan-2022/assessment/mrv", CCUS + "score")
    assert [(s.value, s.datatype.value) for s in score] == [("75", XSD + "integer")]


def test_texts_are_language_tagged_by_record_language_and_script():
    result, _ = mapped(FOUNDING_RECORD)
    (title,) = objects(result, result.policy, CCUS + "title")
    assert title.language == "zh"
    evidence = objects(result, BASE + "policy/cn-miit-industrial-plan-2022/assessment/mrv", CCUS + "evidence")
    assert [e.language for e in evidence] == ["en"]  # English text in a Chinese record


def test_empty_strings_produce_no_triple():
    result, _ = mapped(FOUNDING_RECORD)
    assert objects(result, result.policy, CCUS + "co2Definition") == []
    assert objects(result, result.policy, CCUS + "supersededBy") == []
    strategic = BASE + "policy/cn-miit-industrial-plan-2022/assessment/strategic"
    assert objects(result, strategic, CCUS + "citation") == []


def test_all_five_assessments_are_linked_with_their_dimension():
    result, _ = mapped(FOUNDING_RECORD)
    assessments = objects(result, result.policy, CCUS + "hasAssessment")
    assert sorted(a.value.rsplit("/", 1)[-1] for a in assessments) == ["incentive", "market", "mrv", "statutory", "strategic"]


def test_concept_values_link_to_vocabulary_concepts():
    result, _ = mapped(FOUNDING_RECORD)
    assert [o.value for o in objects(result, result.policy, CCUS + "category")] == [
        "https://w3id.org/ccuskg/vocab/category/strategic"]
    assert [o.value for o in objects(result, result.policy, CCUS + "status")] == [
        "https://w3id.org/ccuskg/vocab/status/active"]


def test_provenance_sits_on_the_record_entity():
    result, _ = mapped(FOUNDING_RECORD)
    record = BASE + "record/zh/cn-miit-industrial-plan-2022"
    assert [o.value for o in objects(result, record, RDF + "type")] == [CCUS + "PolicyRecord"]
    assert [o.value for o in objects(result, record, CCUS + "reviewer")] == ["Human Audit Pending"]
    assert [o.value for o in objects(result, record, CCUS + "reviewStatus")] == [
        "https://w3id.org/ccuskg/vocab/review-status/verified"]


def test_body_becomes_the_description_in_the_record_language():
    result, _ = mapped(FOUNDING_RECORD)
    (description,) = objects(result, result.policy, CCUS + "description")
    assert description.language == "zh" and description.value.startswith("中国工信部")


def test_unmatched_vocabulary_value_is_kept_as_literal_and_reported(tmp_path):
    path = write_record(tmp_path / "en", "x.md", '---\n{"id": "x", "title": "X", "status": "Dormant"}\n---\n')
    result, _ = mapped(path)
    assert [o.value for o in objects(result, result.policy, CCUS + "status")] == ["Dormant"]
    (diag,) = [d for d in result.diagnostics if d.field == "status"]
    assert (diag.severity, diag.code, diag.value, diag.line) == ("warning", "unmapped-value", "Dormant", 2)


def test_unknown_fields_are_reported_with_their_path(tmp_path):
    text = '---\n{"id": "x", "title": "X", "impactAnalysis": {"score": 3}, "colour": "red"}\n---\n'
    result, _ = mapped(write_record(tmp_path / "en", "x.md", text))
    assert sorted((d.field, d.code, d.value) for d in result.diagnostics) == [
        ("colour", "unknown-field", "red"), ("impactAnalysis.score", "unknown-field", "3")]


def test_invalid_date_and_score_are_errors_naming_the_field(tmp_path):
    text = '---\n{"id": "x", "title": "X", "pubDate": "2022-13-01", "analysis": {"mrv": {"score": "high"}}}\n---\n'
    result, _ = mapped(write_record(tmp_path / "en", "x.md", text))
    assert sorted((d.field, d.severity) for d in result.diagnostics) == [
        ("analysis.mrv.score", "error"), ("pubDate", "error")]


def test_unsafe_supersession_target_is_not_turned_into_an_iri(tmp_path):
    text = '---\n{"id": "x", "title": "X", "evolution": {"supersedes": ["ok-id", "bad id>"]}}\n---\n'
    result, _ = mapped(write_record(tmp_path / "en", "x.md", text))
    targets = objects(result, result.policy, CCUS + "supersedes")
    assert [t.value for t in targets if isinstance(t, ox.NamedNode)] == [BASE + "policy/ok-id"]
    (diag,) = result.diagnostics
    assert (diag.field, diag.code) == ("evolution.supersedes[1]", "unsafe-id")


def test_cluster_names_become_slug_iris(tmp_path):
    text = '---\n{"id": "x", "title": "X", "evolution": {"clusters": ["Track-1/Track-2 Clusters", "双碳 政策"]}}\n---\n'
    result, _ = mapped(write_record(tmp_path / "en", "x.md", text))
    assert sorted(t.value for t in objects(result, result.policy, CCUS + "inCluster")) == [
        BASE + "cluster/track-1-track-2-clusters", BASE + "cluster/双碳-政策"]


def test_non_http_url_is_kept_as_text_and_reported(tmp_path):
    text = '---\n{"id": "x", "title": "X", "url": "javascript:alert(1)"}\n---\n'
    result, _ = mapped(write_record(tmp_path / "en", "x.md", text))
    (url,) = objects(result, result.policy, CCUS + "officialUrl")
    assert isinstance(url, ox.Literal)
    assert [d.field for d in result.diagnostics] == ["url"]


def test_zh_and_en_versions_become_one_policy_with_both_titles(tmp_path):
    write_record(tmp_path / "zh", "p.md", '---\n{"id": "p", "title": "政策"}\n---\n')
    write_record(tmp_path / "en", "p.md", '---\n{"id": "p", "title": "Policy"}\n---\n')
    compiled = compile_records([tmp_path])
    assert compiled.policies == {BASE + "policy/p"}
    titles = sorted((q.object.value, q.object.language) for q in compiled.quads(include_ontology=False)
                    if q.predicate.value == CCUS + "title")
    assert titles == [("Policy", "en"), ("政策", "zh")]
    assert len({m.graph for m in compiled.mapped}) == 2


def test_the_ontology_declares_every_mapped_property():
    vocab = load_vocabulary()
    declared = {t.subject.value for t in vocab.triples if t.predicate.value == RDF + "type"}
    assert {spec.prop for spec in vocab.fields.values()} <= declared
    assert DCTERMS  # the namespace module is importable alongside


LABEL_MATCHES = {  # (field, value as written) -> the concept under the vocabulary namespace
    ("category", "法律监管"): "category/regulatory",
    ("category", "Regulatory"): "category/regulatory",
    ("status", "  现行 "): "status/active",
    ("legalWeight", "primary legislation"): "legal-weight/primary-legislation",
    ("reviewStatus", "DRAFT"): "review-status/draft",
}


@pytest.mark.parametrize("field,value", sorted(LABEL_MATCHES))
def test_vocabulary_matching_ignores_case_spacing_and_language(field, value):
    expected = LABEL_MATCHES[field, value]
    vocab = load_vocabulary()
    spec = vocab.spec(field)
    assert vocab.match(spec.scheme, value) == "https://w3id.org/ccuskg/vocab/" + expected
