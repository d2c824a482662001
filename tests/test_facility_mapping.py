"""How a facility record and a country profile become triples."""

import pyoxigraph as ox

from ccuskg.core.namespaces import CCUS
from ccuskg.model.compile import compile_records

from factory import facility, profile, record

GEO = "http://www.opengis.net/ont/geosparql#"


def values(compiled, prop, subject=None):
    return sorted({q.object.value for m in compiled.mapped for q in m.quads
                   if q.predicate.value == prop and (subject is None or q.subject.value == subject)})


def test_zh_and_en_versions_of_a_facility_are_one_facility(tmp_path):
    facility(tmp_path, "en")
    facility(tmp_path, "zh", name="演示捕集厂", country="挪威", status="运行中")
    compiled = compile_records([tmp_path])
    assert {m.policy for m in compiled.mapped} == {"https://w3id.org/ccuskg/facility/900"}
    assert values(compiled, CCUS + "facilityName") == ["Demo capture plant", "演示捕集厂"]
    assert values(compiled, CCUS + "jurisdiction") == ["https://w3id.org/ccuskg/jurisdiction/NO"]
    assert compiled.policies == set()


def test_latitude_longitude_in_the_record_become_a_crs84_point_longitude_first(tmp_path):
    facility(tmp_path, coordinates=[58.37, 1.91])
    (wkt,) = values(compile_records([tmp_path]), GEO + "asWKT")
    assert wkt == "POINT(1.91 58.37)"  # GeoSPARQL's default CRS is CRS84, longitude first


def test_capacities_are_decimals_with_a_unit(tmp_path):
    facility(tmp_path, announcedCapacityMax=1.5)
    compiled = compile_records([tmp_path])
    (term,) = [q.object for m in compiled.mapped for q in m.quads if q.predicate.value == CCUS + "announcedCapacityMax"]
    assert (term.value, term.datatype.value) == ("1.5", "http://www.w3.org/2001/XMLSchema#decimal")
    assert values(compiled, CCUS + "capacityUnit") == ["https://w3id.org/ccuskg/vocab/unit/Mt-CO2-per-year"]


def test_controlled_values_become_concepts_in_either_language(tmp_path):
    facility(tmp_path, "en", status="Under construction", fateOfCarbon="EOR")
    facility(tmp_path, "zh", status="建设中", fateOfCarbon="提高石油采收率 (EOR)")
    compiled = compile_records([tmp_path])
    assert values(compiled, CCUS + "facilityPhase") == ["https://w3id.org/ccuskg/vocab/facility-phase/under-construction"]
    assert values(compiled, CCUS + "fateOfCarbon") == ["https://w3id.org/ccuskg/vocab/fate-of-carbon/eor"]


def test_a_related_policy_of_the_build_is_linked(tmp_path):
    record(tmp_path / "policies")
    facility(tmp_path, relatedPolicies=["demo"])
    compiled = compile_records([tmp_path])
    assert values(compiled, CCUS + "relatedPolicy") == ["https://w3id.org/ccuskg/policy/demo"]
    assert [d for d in compiled.diagnostics if d.code == "dangling-policy"] == []


def test_a_related_policy_id_no_record_has_is_reported_and_kept_as_text(tmp_path):
    facility(tmp_path, relatedPolicies=["nowhere-2020"])
    compiled = compile_records([tmp_path])
    assert values(compiled, CCUS + "relatedPolicy") == []
    assert values(compiled, CCUS + "relatedPolicyId") == ["nowhere-2020"]
    (problem,) = [d for d in compiled.diagnostics if d.code == "dangling-policy"]
    assert (problem.field, problem.value, problem.severity) == ("relatedPolicies[0]", "nowhere-2020", "warning")


def test_a_facility_field_without_a_property_is_reported_as_an_unknown_field(tmp_path):
    facility(tmp_path, colour="green")
    compiled = compile_records([tmp_path])
    (problem,) = [d for d in compiled.diagnostics if d.code == "unknown-field"]
    assert (problem.field, problem.value) == ("colour", "green")


def test_a_country_profile_puts_its_fields_on_the_jurisdiction(tmp_path):
    profile(tmp_path)
    compiled = compile_records([tmp_path])
    norway = "https://w3id.org/ccuskg/jurisdiction/NO"
    assert values(compiled, CCUS + "liabilityTransfer", norway) == ["To the state after closure"]
    assert values(compiled, CCUS + "recordAbout") == [norway]


def test_a_country_profile_for_no_known_jurisdiction_is_reported(tmp_path):
    profile(tmp_path, id="Atlantis", name="Atlantis")
    (problem,) = compile_records([tmp_path]).diagnostics
    assert (problem.code, problem.field, problem.value) == ("unmapped-value", "id", "Atlantis")


def test_a_facility_links_afresh_on_a_cached_rebuild_when_its_policy_appears(tmp_path):
    records = tmp_path / "records"
    facility(records, relatedPolicies=["demo"])
    compile_records([records], cache=tmp_path / "cache")
    record(records / "policies")  # the policy it names arrives after the first build
    compiled = compile_records([records], cache=tmp_path / "cache")
    assert values(compiled, CCUS + "relatedPolicy") == ["https://w3id.org/ccuskg/policy/demo"]


def test_a_field_the_facility_ontology_does_not_know_is_kept_under_the_extension_namespace(tmp_path):
    facility(tmp_path, permits={"storage": "granted 2024", "milestones": [{"year": 2025, "step": "injection"}]})
    compiled = compile_records([tmp_path])
    kept = {(q.predicate.value, q.object.value) for m in compiled.mapped for q in m.quads}
    assert ("https://w3id.org/ccuskg/field/permits/storage", "granted 2024") in kept
    assert ("https://w3id.org/ccuskg/field/permits/milestones/year", "2025") in kept
    unknown = [d for d in compiled.diagnostics if d.code == "unknown-field"]
    assert sorted(d.field for d in unknown) == ["permits.milestones", "permits.storage"]
    assert all("kept under the extension namespace" in d.message for d in unknown)
    assert not any(isinstance(term, ox.BlankNode) for m in compiled.mapped for q in m.quads
                   for term in (q.subject, q.object))
