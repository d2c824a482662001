"""--per-resource: one .ttl and one .jsonld per policy, used jurisdiction and issuer, and cluster."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest
from pyld import jsonld

import ccuskg
from ccuskg.publish.context import load_context
from ccuskg.publish.jsonld import pyld_options
from ccuskg.publish.per_resource import Resource, UnsafeResourcePath, relative_path, resource_triples, resources

URL = "https://partner.example/ccus/context.jsonld"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from factory import SEEDS
    from factory import add_successor

    root = tmp_path_factory.mktemp("per-resource")
    shutil.copytree(SEEDS, root / "seeds")
    add_successor(root / "seeds")
    kg = ccuskg.build([root / "seeds"], store=root / "store")
    files = kg.export_resources(root / "site", context_url=URL)
    return kg, root / "site", files


def triples_of(path) -> set[str]:
    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def test_every_policy_facility_and_cluster_and_only_used_jurisdictions_and_issuers_get_files(site):
    kg, directory, _ = site
    policies = {r["id"] for r in kg.rows("SELECT ?id WHERE { ?p a ccus:Policy ; ccus:identifier ?id }")}
    assert {p.stem for p in (directory / "policy").glob("*.ttl")} == policies
    facilities = {r["id"] for r in kg.rows("SELECT ?id WHERE { ?f a ccus:Facility ; ccus:facilityIdentifier ?id }")}
    assert facilities and {p.stem for p in (directory / "facility").glob("*.ttl")} == facilities
    used = {str(r["j"]).rsplit("/", 1)[-1] for r in kg.rows("""
        SELECT DISTINCT ?j WHERE { { ?p a ccus:Policy } UNION { ?p a ccus:Facility } ?p ccus:jurisdiction ?j
                                   FILTER(isIRI(?j)) }""")}
    assert {p.stem for p in (directory / "jurisdiction").glob("*.ttl")} == used
    assert (directory / "cluster" / "test-cluster.ttl").is_file()
    assert len(used) < 100  # the table holds ~480 jurisdictions; only used ones are written


def test_paths_mirror_the_iris(site):
    kg, directory, _ = site
    for resource in resources(kg.store):
        stem = directory / relative_path(resource.iri, kg.base)
        assert stem.with_name(stem.name + ".ttl").is_file() and stem.with_name(stem.name + ".jsonld").is_file()
    assert (directory / "policy" / "cn-miit-industrial-plan-2022.ttl").is_file()


def test_policy_file_holds_the_policy_and_its_assessments(site):
    kg, directory, _ = site
    iri = f"{kg.base}policy/test-successor-2030"
    got = triples_of(directory / "policy" / "test-successor-2030.ttl")
    assert got == {str(t) for t in resource_triples(kg.store, Resource("policy", iri))}
    assert any(line.startswith(f"<{iri}/assessment/mrv> <https://w3id.org/ccuskg/ontology#score>") for line in got)


def test_each_json_ld_file_holds_the_same_triples_as_its_turtle_file(site):
    _, directory, files = site
    context = load_context()
    checked = 0
    for path in files:
        if path.suffix != ".jsonld" or path.name == "context.jsonld":
            continue
        doc = json.loads(path.read_bytes())
        assert doc["@context"] == URL
        nquads = jsonld.to_rdf(doc, pyld_options(context, URL, format="application/n-quads"))
        got = {str(t) for t in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)}
        assert got == triples_of(path.with_suffix(".ttl")), path
        checked += 1
    assert checked > 50


def test_cluster_file_lists_its_member_policies(site):
    kg, directory, _ = site
    got = triples_of(directory / "cluster" / "test-cluster.ttl")
    assert (f"<{kg.base}policy/test-successor-2030> <https://w3id.org/ccuskg/ontology#inCluster> "
            f"<{kg.base}cluster/test-cluster>") in got


def test_the_context_is_written_beside_the_files_for_hosting(site):
    _, directory, _ = site
    assert json.loads((directory / "context.jsonld").read_text(encoding="utf-8")) == load_context()


@pytest.mark.parametrize("iri", [
    "https://w3id.org/ccuskg/policy/../../etc/passwd",
    "https://w3id.org/ccuskg/policy/.hidden",
    "https://w3id.org/ccuskg/policy//x",
    "https://elsewhere.example/policy/x",
    "https://w3id.org/ccuskg/policy/x?y",
])
def test_iris_that_would_escape_the_folder_are_refused(iri):
    with pytest.raises(UnsafeResourcePath):
        relative_path(iri, "https://w3id.org/ccuskg/")


def test_reference_tables_stay_under_the_default_namespace_with_a_custom_base():
    base = "https://data.example.org/ccus/"
    assert str(relative_path(base + "policy/x", base)) == "policy/x"
    assert str(relative_path("https://w3id.org/ccuskg/jurisdiction/CN", base)) == "jurisdiction/CN"


def test_a_resource_outside_the_base_is_reported_not_silently_dropped(tmp_path, cli):
    import pyoxigraph as ox

    from ccuskg.store import build_quads, with_union_default_graph, write_store

    base = "https://w3id.org/ccuskg/"
    graph = ox.NamedNode(base + "graph/en/x")
    stray = ox.Quad(ox.NamedNode("https://elsewhere.example/policy/x"),
                    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode("https://w3id.org/ccuskg/ontology#Policy"), graph)
    write_store(tmp_path / "store", with_union_default_graph([stray] + build_quads(base)))
    result = cli("export", "--per-resource", tmp_path / "site", "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert "not written: policy https://elsewhere.example/policy/x is not under the base IRI" in result.stderr
