"""The VoID + DCAT dataset description: in the build graph, beside every export, deterministic dates."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

import ccuskg
from ccuskg.publish.export import build_description
from ccuskg.publish.description import Facts, SourceDateEpochWarning, creation_date

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    from factory import SEEDS

    root = tmp_path_factory.mktemp("metadata")
    shutil.copytree(SEEDS, root / "seeds")
    return ccuskg.build([root / "seeds"], store=root / "store")


def description(triples) -> dict[tuple[str, str], list]:
    out: dict[tuple[str, str], list] = {}
    for t in triples:
        out.setdefault((t.subject.value, t.predicate.value), []).append(t.object)
    return out


def value(desc, subject, predicate):
    (term,) = desc[(subject, predicate)]
    return term.value


def test_build_graph_describes_the_dataset_with_counts_that_match_the_store(kg):
    desc = description(build_description(kg.store))
    base = kg.base
    stated = int(value(desc, base, VOID + "triples"))
    own = len(build_description(kg.store))
    union = sum(1 for _ in kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert stated == union - own
    policies = kg.rows("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a ccus:Policy }")[0]["n"]
    assert int(value(desc, base + "dataset/class/policy", VOID + "entities")) == policies
    used = kg.rows("SELECT (COUNT(DISTINCT ?j) AS ?n) WHERE { ?p a ccus:Policy ; ccus:jurisdiction ?j FILTER(isIRI(?j)) }")
    assert int(value(desc, base + "dataset/property/jurisdiction", VOID + "distinctObjects")) == used[0]["n"]
    examples = [t.value for t in desc[(base, VOID + "exampleResource")]]
    assert examples and all(e.startswith(base + "policy/") for e in examples)
    assert {t.value for t in desc[(base, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")]} == {
        VOID + "Dataset", DCAT + "Dataset"}


def test_licence_is_the_ontologys_and_titles_are_bilingual(kg):
    desc = description(build_description(kg.store))
    licence = kg.rows("SELECT ?l WHERE { <https://w3id.org/ccuskg/ontology> dcterms:license ?l }")[0]["l"]
    assert value(desc, kg.base, DCT + "license") == str(licence)
    assert {t.language for t in desc[(kg.base, DCT + "title")]} == {"en", "zh"}


def test_creation_date_is_the_latest_record_audit_date(kg):
    latest = kg.rows("SELECT (MAX(?d) AS ?d) WHERE { ?r ccus:lastAuditDate ?d }")[0]["d"]
    desc = description(build_description(kg.store))
    assert value(desc, kg.base, DCT + "created") == latest.isoformat()


def test_source_date_epoch_wins_over_record_dates():
    facts = Facts(audit_dates={"2026-02-08"}, publication_dates={"2022-08-01"})
    assert creation_date(facts, {"SOURCE_DATE_EPOCH": "1700000000"}) == "2023-11-14"
    assert creation_date(facts, {}) == "2026-02-08"
    assert creation_date(Facts(publication_dates={"2022-08-01"}), {}) == "2022-08-01"
    assert creation_date(Facts(), {}) is None
    with pytest.warns(SourceDateEpochWarning, match="SOURCE_DATE_EPOCH"):
        assert creation_date(facts, {"SOURCE_DATE_EPOCH": "yesterday"}) == "2026-02-08"


def test_base_iri_is_still_read_from_the_build_graph(tmp_path):
    from factory import FOUNDING_RECORD

    kg = ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store", base="https://data.example.org/ccus/")
    assert ccuskg.open_graph(tmp_path / "store").base == "https://data.example.org/ccus/"


def test_export_writes_the_description_beside_the_file_with_its_distribution(kg, tmp_path, cli):
    result = cli("export", "-o", tmp_path / "graph.ttl", "--store", kg.path,
                 "--sparql-endpoint", "https://sparql.example.org/ccus")
    assert result.exit_code == 0, result.stderr
    graph = {str(t) for t in ox.parse(path=str(tmp_path / "graph.ttl.void.ttl"), format=ox.RdfFormat.TURTLE)}
    size = (tmp_path / "graph.ttl").stat().st_size
    dist = f"<{kg.base}dataset/distribution/graph.ttl>"
    assert f'{dist} <{DCAT}byteSize> "{size}"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in graph
    assert f"<{kg.base}> <{VOID}sparqlEndpoint> <https://sparql.example.org/ccus>" in graph
    assert f"<{kg.base}> <{DCT}license> <https://opensource.org/licenses/MIT>" in graph


def test_metadata_file_can_be_chosen_or_left_out(kg, tmp_path, cli):
    cli("export", "-o", tmp_path / "a.nt", "-f", "nt", "--metadata", tmp_path / "meta" / "d.ttl", "--store", kg.path)
    assert (tmp_path / "meta" / "d.ttl").is_file() and not (tmp_path / "a.nt.void.ttl").exists()
    cli("export", "-o", tmp_path / "b.nt", "-f", "nt", "--no-metadata", "--store", kg.path)
    assert not (tmp_path / "b.nt.void.ttl").exists()
