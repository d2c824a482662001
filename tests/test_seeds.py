"""The project's own records in seeds/: what a new user builds first must show what the graph can do.

These tests state the promises of the sample corpus (issue 4) as queries over the built graph, so a
record edited or removed later that breaks one of them is caught.
"""

from __future__ import annotations

import json

import pytest

from ccuskg.validation.validate import validate

from factory import FOUNDING_RECORD, SEEDS

DIMENSIONS = {"statutory", "incentive", "market", "mrv", "strategic"}


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def records(lang):
    return {path.stem: front_matter(path) for path in sorted((SEEDS / lang).glob("*.md"))}


def test_the_founding_record_is_the_shared_seed_unchanged():
    shared = SEEDS.parents[1] / "shared" / "seeds" / "000_a635d66737dcffce.txt"
    if not shared.is_file():
        pytest.skip(f"no shared seed at {shared}")
    assert FOUNDING_RECORD.read_bytes() == shared.read_bytes()


def test_every_policy_has_a_chinese_and_an_english_record_with_the_same_id():
    zh, en = records("zh"), records("en")
    assert len(zh) >= 40
    assert set(zh) == set(en)
    assert all(data["id"] == name for name, data in {**zh, **en}.items())


def test_the_seeds_build_without_errors_unmapped_values_or_unknown_fields(seeds_graph):
    assert seeds_graph.report.errors == []
    assert seeds_graph.report.unmapped == []
    others = len(list((SEEDS / "facilities").rglob("*.md"))) + len(list((SEEDS / "countries").rglob("*.md")))
    assert seeds_graph.report.records == 2 * len(records("zh")) + others


def test_the_seeds_span_fifteen_jurisdictions_at_every_level(seeds_graph):
    rows = seeds_graph.rows("""
        SELECT ?level (COUNT(DISTINCT ?j) AS ?n) WHERE {
          ?p a ccus:Policy ; ccus:jurisdiction ?j . ?j ccus:jurisdictionLevel/skos:notation ?level
        } GROUP BY ?level""")
    by_level = {r["level"]: r["n"] for r in rows}
    assert sum(by_level.values()) >= 15
    assert {"national", "subnational", "supranational", "international"} <= set(by_level)


def test_the_seeds_carry_at_least_ten_amendment_transposition_or_supersession_edges(seeds_graph):
    edges = seeds_graph.rows("""
        SELECT DISTINCT ?a ?b WHERE {
          ?a ccus:supersedes|ccus:amends|ccus:transposes ?b .
          ?a a ccus:Policy . ?b a ccus:Policy }""")
    assert len(edges) >= 10


def test_every_supersession_in_the_seeds_is_stated_on_both_sides(seeds_graph):
    one_sided = seeds_graph.rows("""
        SELECT ?a ?b WHERE {
          { ?a ccus:supersedes ?b FILTER NOT EXISTS { ?b ccus:supersededBy ?a } }
          UNION { ?b ccus:supersededBy ?a FILTER NOT EXISTS { ?a ccus:supersedes ?b } } }""")
    assert seeds_graph.rows("SELECT ?a WHERE { ?a ccus:supersedes ?b }")
    assert one_sided == []


def test_the_seeds_have_at_least_five_evolution_clusters_with_several_policies(seeds_graph):
    clusters = seeds_graph.rows("""
        SELECT ?c (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p ccus:inCluster ?c } GROUP BY ?c HAVING (COUNT(DISTINCT ?p) > 1)""")
    assert len(clusters) >= 5


def test_every_seed_scores_all_five_dimensions_with_evidence_and_a_citation():
    for lang in ("zh", "en"):
        for name, data in records(lang).items():
            analysis = data["analysis"]
            assert set(analysis) == DIMENSIONS, (lang, name)
            for dim, item in analysis.items():
                assert isinstance(item["score"], int) and 0 <= item["score"] <= 100, (lang, name, dim)
                assert item["evidence"].strip() and item["label"].strip(), (lang, name, dim)
                if FOUNDING_RECORD.stem != name:
                    assert item["citation"].strip(), (lang, name, dim)


def test_records_written_by_the_project_are_honest_drafts():
    for lang in ("zh", "en"):
        for name, data in records(lang).items():
            if name == FOUNDING_RECORD.stem:
                continue
            assert data["provenance"]["author"] == "ccuskg project", (lang, name)
            assert data["provenance"]["reviewer"] == "", (lang, name)
            assert data["reviewStatus"] in ("draft", "草稿"), (lang, name)


def test_the_seeds_conform_and_their_only_warnings_are_the_founding_policys():
    report = validate([SEEDS])
    assert report.conforms
    warned = {file for r in report.results for file in r.files}
    assert warned and all(FOUNDING_RECORD.stem in file for file in warned)


@pytest.mark.parametrize("name, params", [
    ("policies-by-cluster", {}),
    ("score-matrix", {}),
    ("policies-in-force-by-jurisdiction", {}),
    ("supersession-chain", {"id": "au-opggs-ghg-injection-storage-regs-2023"}),
    ("verified-without-human-reviewer", {}),
])
def test_the_readme_example_queries_return_rows_on_the_seeds(seeds_graph, name, params):
    assert seeds_graph.named(name, **params)
