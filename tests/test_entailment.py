"""Standard-term materialisation: the store answers DCTERMS, ELI, PROV-O, SKOS and schema.org queries."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import ccuskg
from ccuskg.core.namespaces import CCUS, DCTERMS, ELI, PROV, RDF, RDFS, SCHEMA
from ccuskg.ingest.records import parse_file
from ccuskg.model.entailment import entailment
from ccuskg.model.mapping import Mapper
from ccuskg.model.vocab import Vocabulary, load_vocabulary
from factory import FOUNDING_RECORD, record
from example_queries import example_queries

POLICY = "https://w3id.org/ccuskg/policy/cn-miit-industrial-plan-2022"


def mapped(entail=True):
    return Mapper(load_vocabulary(), None, entailment=entail).map(parse_file(FOUNDING_RECORD))


def triples(result, subject, predicate):
    return {q.object for q in result.quads if q.subject.value == subject and q.predicate.value == predicate}


def test_every_ccus_title_is_also_a_dcterms_title_with_the_same_value():
    result = mapped()
    assert triples(result, POLICY, DCTERMS + "title") == triples(result, POLICY, CCUS + "title") != set()


def test_a_policy_is_also_an_eli_legal_resource_and_a_schema_legislation():
    types = {o.value for o in triples(mapped(), POLICY, RDF + "type")}
    assert types == {CCUS + "Policy", ELI + "LegalResource", SCHEMA + "Legislation"}


def test_a_record_is_a_prov_entity_about_its_policy():
    result = mapped()
    record_iri = "https://w3id.org/ccuskg/record/zh/cn-miit-industrial-plan-2022"
    assert ox.NamedNode(PROV + "Entity") in triples(result, record_iri, RDF + "type")
    assert triples(result, record_iri, SCHEMA + "about") == {ox.NamedNode(POLICY)}


def test_the_status_gives_the_eli_in_force_value_of_its_concept():
    assert triples(mapped(), POLICY, ELI + "in_force") == {ox.NamedNode(ELI + "InForce-inForce")}


def test_standard_triples_sit_in_the_record_graph_of_the_triple_they_come_from():
    result = mapped()
    assert {q.graph_name.value for q in result.quads} == {result.graph}


def test_nothing_is_entailed_when_switched_off():
    assert not triples(mapped(entail=False), POLICY, DCTERMS + "title")
    assert len(mapped(entail=False).quads) < len(mapped().quads)


def test_sub_property_chains_are_followed_to_the_end():
    chain = [ox.Triple(ox.NamedNode(f"urn:p{i}"), ox.NamedNode(RDFS + "subPropertyOf"), ox.NamedNode(f"urn:p{i + 1}"))
             for i in range(3)]
    loop = ox.Triple(ox.NamedNode("urn:p3"), ox.NamedNode(RDFS + "subPropertyOf"), ox.NamedNode("urn:p0"))
    rules = entailment(Vocabulary(files=[], triples=chain + [loop]))
    assert [p.value for p in rules.properties["urn:p0"]] == ["urn:p1", "urn:p2", "urn:p3"]


def test_entailment_false_in_the_settings_builds_only_the_ccus_terms(tmp_path, monkeypatch):
    record(tmp_path / "records")
    (tmp_path / "ccuskg.toml").write_text("entailment = false\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    kg = ccuskg.build(["records"], store=tmp_path / "store")
    assert kg.rows("SELECT ?t WHERE { ?p ccus:title ?t }")
    assert not kg.rows("SELECT ?t WHERE { ?p a ccus:Policy ; dcterms:title ?t }")


def test_the_record_cache_keeps_builds_with_and_without_entailment_apart():
    vocab = load_vocabulary()
    assert Mapper(vocab, None, entailment=True).scope != Mapper(vocab, None, entailment=False).scope


@pytest.mark.parametrize("where, query", example_queries(), ids=lambda value: value[:60])
def test_every_example_query_in_the_help_and_docs_gives_rows_on_the_seeds(seeds_graph, where, query):
    result = seeds_graph.query(query)
    assert {"ask": result.boolean, "select": result.rows, "graph": result.triples}[result.kind], f"{where}: {query}"
