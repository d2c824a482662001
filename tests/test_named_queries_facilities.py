"""The named queries about facilities and country profiles, on the seeds, with the rows they must give."""

import pytest

import ccuskg


def facilities(rows):
    return {r["facility"]: r["via"] for r in rows}


def test_facilities_under_45q_are_those_naming_it_and_those_in_the_united_states(seeds_graph):
    rows = facilities(seeds_graph.named("facilities-under-policy", id="us-45q-2008"))
    assert rows == {"us-illinois-industrial-ccs": "relatedPolicies, jurisdiction",
                    "us-petra-nova": "relatedPolicies, jurisdiction",
                    "us-red-trail": "relatedPolicies, jurisdiction",
                    "us-shute-creek": "jurisdiction"}


def test_facilities_under_the_eu_ccs_directive_include_member_states_and_transposing_states(seeds_graph):
    rows = facilities(seeds_graph.named("facilities-under-policy", id="eu-ccs-directive-2009"))
    assert rows["nl-porthos"] == "relatedPolicies, jurisdiction, transposition"  # NL is a member state
    assert rows["no-northern-lights"] == "relatedPolicies, transposition"  # Norway transposes it
    assert set(rows) == {"nl-porthos", "no-northern-lights", "no-sleipner", "no-snohvit"}


def test_announced_capacity_is_summed_by_jurisdiction_and_phase(seeds_graph):
    rows = {(r["jurisdiction"], r["phase"]): (r["facilities"], float(r["announcedMt"]))
            for r in seeds_graph.named("capacity-by-jurisdiction-and-phase")}
    assert rows[("Norway", "Operational")] == (3, pytest.approx(3.2))
    assert rows[("Netherlands", "Under construction")] == (1, pytest.approx(2.5))
    assert rows[("Japan", "Demonstration completed")] == (1, 0.0)


def test_policies_governing_a_facility_are_its_related_policies_and_those_in_force_where_it_is(seeds_graph):
    rows = {r["policy"]: r["via"] for r in seeds_graph.named("policies-governing-facility", id="no-sleipner")}
    assert rows == {"no-co2-safety-regulations-2020": "jurisdiction",
                    "no-co2-storage-regulations-2014": "relatedPolicies, jurisdiction",
                    "no-longship-white-paper-2020": "jurisdiction"}


def test_country_profiles_come_side_by_side_one_row_per_jurisdiction(seeds_graph):
    rows = seeds_graph.named("country-profiles")
    assert [r["code"] for r in rows] == ["AU", "CA", "EU", "NO", "US"]
    us = rows[-1]
    assert "50" in us["liabilityPeriod"] and us["co2Definition"] is None


def test_a_profile_is_compared_field_by_field_with_its_jurisdictions_policies(seeds_graph):
    rows = seeds_graph.named("profile-against-policies", code="US")
    by_policy = {(r["field"], r["policy"]) for r in rows}
    assert ("liability_period", "us-epa-class-vi-2010") in by_policy
    assert ("pore_space_rights", "us-wy-class-vi-primacy-2020") in by_policy  # a state's policy, under the US
    assert all(r["profile"] for r in rows if r["field"] == "liability_period")


def test_facilities_without_a_linked_policy_in_force_are_listed(seeds_graph):
    rows = [r["facility"] for r in seeds_graph.named("facilities-without-policy-in-force")]
    assert rows == ["au-gorgon", "au-moomba", "ca-boundary-dam-3", "jp-tomakomai", "qa-lng-ccs"]


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", ["capacity-by-jurisdiction-and-phase", "country-profiles"])
def test_each_facility_query_returns_rows_on_the_corpus(corpus_dir, tmp_path_factory, name):
    kg = ccuskg.build([corpus_dir], store=tmp_path_factory.mktemp("nqf") / "store")
    assert len(kg.named(name)) > 0


VIA_IN_A_FRESH_PROCESS = """
import sys, ccuskg
kg = ccuskg.open_graph(sys.argv[1])
print(sorted((r["facility"], r["via"]) for r in kg.named("facilities-under-policy", id="us-45q-2008")))
"""


def test_the_ways_a_facility_is_covered_are_listed_in_the_same_order_in_every_process(seeds_graph):
    # the engine's hash seed changes per process, and with it the order GROUP_CONCAT would give
    import subprocess
    import sys
    outputs = {subprocess.run([sys.executable, "-c", VIA_IN_A_FRESH_PROCESS, str(seeds_graph.path)], check=True,
                              capture_output=True, text=True).stdout for _ in range(6)}
    assert len(outputs) == 1 and "relatedPolicies, jurisdiction" in outputs.pop()
