"""The facilities and country profiles of the real corpus (../shared/corpus) are mapped, not skipped."""

import collections

import pytest

from ccuskg.core.namespaces import CCUS, JURISDICTION_SCHEME
from ccuskg.model.compile import compile_records

from geo_checks import KNOWN_SITES, in_box, point_of
from leaves import QuadIndex, find_leaf, leaves

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture(scope="module")
def compiled(corpus_dir):
    return compile_records([corpus_dir])


def of_kind(compiled, kind):
    return [m for m in compiled.mapped if m.record.kind == kind]


def test_every_facility_and_profile_file_is_read_as_its_kind(compiled):
    kinds = collections.Counter(r.kind for r in compiled.records)
    assert kinds == {"policy": 172, "facility": 2 * 1017, "profile": 2 * 58}


def test_zh_and_en_versions_of_a_facility_become_one_facility(compiled):
    facilities = {m.policy for m in of_kind(compiled, "facility")}
    assert len(facilities) == 1017
    assert all(iri.startswith("https://w3id.org/ccuskg/facility/") for iri in facilities)


def test_profiles_attach_to_the_jurisdictions_of_the_ontology(compiled):
    subjects = {m.policy for m in of_kind(compiled, "profile")}
    known = compiled.vocab.concepts(JURISDICTION_SCHEME)
    assert len(subjects & known) == 57  # all but "Other"
    assert {"https://w3id.org/ccuskg/jurisdiction/US", "https://w3id.org/ccuskg/jurisdiction/EU"} <= subjects


def test_every_non_empty_leaf_of_every_facility_and_profile_is_in_the_graph(compiled):
    lost = []
    for mapped in of_kind(compiled, "facility") + of_kind(compiled, "profile"):
        index = QuadIndex(mapped.quads)
        for path, key, value, keys in leaves(mapped.record.data):
            if not find_leaf(index, compiled.vocab, key, value, keys, mapped.record.kind):
                lost.append((mapped.record.display, path, value))
    assert lost == []


def test_every_related_policy_id_is_a_link_or_a_reported_dangling_reference(compiled):
    ids = links = 0
    dangling = collections.Counter(d.value for d in compiled.diagnostics if d.code == "dangling-policy")
    for mapped in of_kind(compiled, "facility"):
        named = [q for q in mapped.quads if q.predicate.value == CCUS + "relatedPolicyId"]
        linked = [q for q in mapped.quads if q.predicate.value == CCUS + "relatedPolicy"]
        ids, links = ids + len(named), links + len(linked)
    assert ids == links + sum(dangling.values())
    print(f"relatedPolicies: {ids} ids, {links} links, {sum(dangling.values())} dangling ({len(dangling)} distinct)")


@pytest.mark.parametrize("name, country", sorted(KNOWN_SITES.items()))
def test_a_known_facility_falls_in_its_country(compiled, name, country):
    found = [m for m in of_kind(compiled, "facility") if name.lower() in str(m.record.data.get("name", "")).lower()]
    assert found, f"no facility named like {name!r}"
    lon, lat = point_of(found[0].quads)
    assert in_box(country, lon, lat)
