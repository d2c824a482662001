"""The seed facilities and country profiles: policies ↔ facilities ↔ jurisdictions in a first build."""

import json

from factory import SEEDS


def front_matter(path):
    return json.loads(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))


def ids(kind, lang):
    return {front_matter(p)["id"] for p in (SEEDS / kind / lang).glob("*.md")}


def test_there_are_at_least_ten_seed_facilities_each_in_chinese_and_english():
    assert len(ids("facilities", "en")) >= 10
    assert ids("facilities", "en") == ids("facilities", "zh")


def test_every_seed_facility_and_profile_is_a_draft():
    paths = list((SEEDS / "facilities").rglob("*.md")) + list((SEEDS / "countries").rglob("*.md"))
    assert paths and all(front_matter(p)["reviewStatus"] == "draft" for p in paths)


def test_every_related_policy_of_a_seed_facility_is_a_seed_policy():
    policies = {p.stem for p in (SEEDS / "en").glob("*.md")}
    named = {pid for p in (SEEDS / "facilities").rglob("*.md") for pid in front_matter(p)["relatedPolicies"]}
    assert named and named <= policies


def test_the_seed_facilities_link_to_policies_and_sit_in_jurisdictions(seeds_graph):
    rows = seeds_graph.rows("""
        SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {
          ?f a ccus:Facility ; ccus:relatedPolicy ?p ; ccus:jurisdiction ?j . ?p a ccus:Policy . ?j a ccus:Jurisdiction }""")
    assert rows[0]["n"] >= 10


def test_the_seed_profiles_sit_on_jurisdictions_that_have_seed_policies(seeds_graph):
    rows = seeds_graph.rows("""
        SELECT DISTINCT ?j WHERE { ?r a ccus:ProfileRecord ; ccus:recordAbout ?j . ?j a ccus:Jurisdiction .
                                   ?p a ccus:Policy ; ccus:jurisdiction/skos:broader* ?j }""")
    assert len(rows) >= 5
