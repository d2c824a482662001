"""User vocabularies: build → `vocab unmapped` skeleton → edit → build again with 0 unmapped."""

import json

import pyoxigraph as ox
import pytest

import ccuskg
from ccuskg.core.namespaces import FIELD, SKOS, VOCAB
from ccuskg.model.vocab import VocabularyError, load_vocabulary

from factory import record_text, write_record

DORMANT = VOCAB + "status/dormant"


@pytest.fixture
def records(tmp_path):
    folder = tmp_path / "records"
    extra = {"colour": "red", "funding": {"amount": 2.5, "currency": "EUR"},
             "provenance": {"author": "me", "checkedBy": "Ann"},
             "milestones": [{"date": "2021-01-01", "event": "Adopted"}],
             "analysis": {"mrv": {"score": 5, "weight": 3}}}
    write_record(folder / "en", "a.md", record_text(id="a", status="Dormant", source="Ministry of Walks", **extra))
    write_record(folder / "en", "b.md", record_text(id="b", status="dormant", country="Atlantis", colour="blue"))
    write_record(folder / "zh", "a.md", record_text(id="a", title="政策", status="休眠"))
    return folder


def build(cli, tmp_path, records, *options):
    result = cli("build", records, "--store", tmp_path / "store", "--report", tmp_path / "report.json", *options)
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))


def gaps(report):
    return report["codes"].get("unmapped-value", 0) + report["codes"].get("unknown-field", 0)


def skeleton(cli, tmp_path):
    result = cli("vocab", "unmapped", "--store", tmp_path / "store", "--write", tmp_path / "mine.ttl")
    assert result.exit_code == 0, result.output
    return tmp_path / "mine.ttl"


def test_the_report_lists_unmapped_values_and_unknown_fields_grouped(cli, tmp_path, records):
    report = build(cli, tmp_path, records)
    values = {(e["field"], e["value"]): e["count"] for e in report["unmapped_values"]}
    assert values[("status", "Dormant")] == 1 and values[("status", "休眠")] == 1
    fields = {e["field"]: (e["count"], e["kinds"]) for e in report["unknown_fields"]}
    assert fields["colour"] == (2, ["text"]) and fields["funding"] == (1, ["object"])


def test_the_edited_skeleton_takes_the_build_to_zero_unmapped(cli, tmp_path, records):
    assert gaps(build(cli, tmp_path, records)) >= 8
    path = skeleton(cli, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert f"<{DORMANT}> a skos:Concept" in text and '"休眠"@zh' in text
    path.write_text(text.replace('rdfs:label "colour"@en', 'rdfs:label "Colour of the cover"@en'), encoding="utf-8")
    report = build(cli, tmp_path, records, "--vocab", path)
    assert gaps(report) == 0 and report["unmapped_values"] == report["unknown_fields"] == []
    assert report["vocabulary"] == [str(path)]


def test_a_field_stub_keeps_the_graph_as_the_extension_made_it(cli, tmp_path, records):
    build(cli, tmp_path, records)
    query = f"SELECT ?s ?o (LANG(?o) AS ?lang) WHERE {{ ?s <{FIELD}colour> ?o }} ORDER BY ?s ?o"
    before = ccuskg.open_graph(tmp_path / "store").rows(query)
    build(cli, tmp_path, records, "--vocab", skeleton(cli, tmp_path))
    after = ccuskg.open_graph(tmp_path / "store").rows(query)
    assert before == after and len(after) == 2


def test_the_user_concepts_appear_in_the_exports_and_the_context(cli, tmp_path, records):
    build(cli, tmp_path, records)
    build(cli, tmp_path, records, "--vocab", skeleton(cli, tmp_path))
    kg = ccuskg.open_graph(tmp_path / "store")
    triples = {q.triple for q in ox.parse(kg.export("turtle"), format=ox.RdfFormat.TURTLE)}
    label = ox.Triple(ox.NamedNode(DORMANT), ox.NamedNode(SKOS + "prefLabel"), ox.Literal("Dormant", language="en"))
    assert label in triples and any(t.object == ox.NamedNode(DORMANT) for t in triples if t.subject.value.endswith("/b"))
    document = json.loads(kg.export("json-ld"))
    assert document["@context"]["colour"] == {"@id": "field:colour", "@container": "@language"}
    policy = next(node for node in document["@graph"] if node["id"].endswith("policy/a"))
    assert DORMANT in json.dumps(policy["status"])


def test_the_settings_file_names_vocabularies_for_build_and_validate(cli, tmp_path, records, monkeypatch):
    build(cli, tmp_path, records)
    path = skeleton(cli, tmp_path)
    (tmp_path / "ccuskg.toml").write_text(f'extra_vocabulary = ["{path.name}"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert gaps(build(cli, tmp_path, records)) == 0
    kg = ccuskg.build(records, store=tmp_path / "api-store")
    assert kg.report.unmapped == []


def test_a_vocabulary_changes_the_cache_key(tmp_path, records):
    from ccuskg.model.compile import compile_records

    cache = tmp_path / "cache"
    plain = compile_records([records], cache=cache)
    (tmp_path / "v.ttl").write_text(
        f'<{DORMANT}> <http://www.w3.org/2004/02/skos/core#inScheme> <{VOCAB}status> ;'
        f' <http://www.w3.org/2004/02/skos/core#prefLabel> "Dormant"@en .\n', encoding="utf-8")
    with_vocab = compile_records([records], cache=cache, vocab=load_vocabulary(extra=[tmp_path / "v.ttl"]))
    assert with_vocab.cache_stats["hits"] == 0
    statuses = [q.object for m in with_vocab.mapped if m.record.relative == "en/b.md" for q in m.quads
                if q.predicate.value.endswith("#status")]
    assert statuses == [ox.NamedNode(DORMANT)] and len(plain.records) == 3


def test_a_missing_or_broken_vocabulary_is_a_one_line_usage_error(cli, tmp_path, records):
    result = cli("build", records, "--store", tmp_path / "store", "--vocab", tmp_path / "nope.ttl")
    assert result.exit_code == 2 and "vocabulary file not found" in result.output
    (tmp_path / "bad.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="bad.ttl"):
        load_vocabulary(extra=[tmp_path / "bad.ttl"])


def test_vocab_unmapped_without_a_build_is_a_usage_error(cli, tmp_path):
    result = cli("vocab", "unmapped", "--store", tmp_path / "never")
    assert result.exit_code == 2 and "run 'ccuskg build'" in result.output


def test_per_resource_and_framed_exports_use_the_context_with_the_user_terms(cli, tmp_path, records):
    build(cli, tmp_path, records)
    build(cli, tmp_path, records, "--vocab", skeleton(cli, tmp_path))
    kg = ccuskg.open_graph(tmp_path / "store")
    kg.export_resources(tmp_path / "site")
    assert "colour" in json.loads((tmp_path / "site" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert "colour" in json.loads(kg.export("json-ld", frame="policy"))["@context"]
