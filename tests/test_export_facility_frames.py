"""Facilities and jurisdictions framed as JSON-LD documents and written one file each."""

import json

import pyoxigraph as ox


def framed(kg, kind):
    return {doc["id"]: doc for doc in json.loads(kg.export(frame=kind))["@graph"]}


def test_a_framed_facility_embeds_its_location_and_labels_its_concepts(seeds_graph):
    sleipner = framed(seeds_graph, "facility")["https://w3id.org/ccuskg/facility/no-sleipner"]
    assert "POINT(1.91 58.37)" in sleipner["hasGeometry"]["asWKT"]
    assert sleipner["facilityPhase"]["prefLabel"] == {"en": "Operational", "zh": "运行中"}
    assert sleipner["facilityName"] == {"en": "Sleipner CO2 storage", "zh": "斯莱普纳二氧化碳封存"}


def test_a_framed_facility_references_its_policies_by_iri(seeds_graph):
    sleipner = framed(seeds_graph, "facility")["https://w3id.org/ccuskg/facility/no-sleipner"]
    assert sleipner["relatedPolicy"] in ("https://w3id.org/ccuskg/policy/no-co2-storage-regulations-2014",
                                         {"id": "https://w3id.org/ccuskg/policy/no-co2-storage-regulations-2014"})


def test_a_framed_jurisdiction_carries_its_country_profile(seeds_graph):
    norway = framed(seeds_graph, "jurisdiction")["https://w3id.org/ccuskg/jurisdiction/NO"]
    assert norway["poreSpaceRights"]["en"].startswith("The state holds")
    assert norway["prefLabel"]["zh"] == "挪威"


def test_facility_frames_are_byte_identical_each_time(seeds_graph):
    assert seeds_graph.export(frame="facility") == seeds_graph.export(frame="facility")


def test_each_facility_gets_its_own_turtle_file(seeds_graph, tmp_path):
    seeds_graph.export_resources(tmp_path / "site")
    path = tmp_path / "site" / "facility" / "no-sleipner.ttl"
    subjects = {t.subject.value for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
    assert "https://w3id.org/ccuskg/facility/no-sleipner" in subjects
    assert (tmp_path / "site" / "facility" / "no-sleipner.jsonld").is_file()
