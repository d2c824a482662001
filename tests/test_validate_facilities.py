"""One facility or country profile breaking each rule of shapes/facilities-shapes.ttl: file, field, severity."""

from ccuskg.validation.validate import validate

from factory import facility, profile, record


def only(tmp_path):
    (result,) = validate([tmp_path]).results
    return result


def test_a_conforming_facility_and_profile_have_no_results(tmp_path):
    facility(tmp_path)
    profile(tmp_path)
    assert validate([tmp_path]).results == []


def test_coordinates_out_of_range_are_a_violation_on_coordinates(tmp_path):
    path = facility(tmp_path, coordinates=[95.0, 1.91])
    result = only(tmp_path)
    assert (result.files, result.field, result.severity) == ([str(path)], "coordinates", "violation")
    assert "95" in result.message


def test_a_negative_capacity_is_a_violation_on_its_field(tmp_path):
    facility(tmp_path, estimatedCapacity=-1)
    result = only(tmp_path)
    assert (result.field, result.severity) == ("estimatedCapacity", "violation")


def test_a_low_capacity_above_the_high_one_is_a_violation(tmp_path):
    facility(tmp_path, announcedCapacityMin=2, announcedCapacityMax=1)
    result = only(tmp_path)
    assert (result.field, result.severity) == ("announcedCapacityMax", "violation")


def test_operation_before_announcement_is_a_warning_on_operation(tmp_path):
    facility(tmp_path, operation="1990")
    result = only(tmp_path)
    assert (result.field, result.severity) == ("operation", "warning") and "1994" in result.message


def test_a_related_policy_that_does_not_exist_is_a_warning_on_related_policies(tmp_path):
    facility(tmp_path, relatedPolicies=["no-such-policy"])
    result = only(tmp_path)
    assert (result.field, result.severity) == ("relatedPolicies", "warning") and "no-such-policy" in result.message


def test_a_related_policy_of_the_build_is_no_warning(tmp_path):
    record(tmp_path / "policies")
    facility(tmp_path, relatedPolicies=["demo"])
    assert [r for r in validate([tmp_path]).results if r.field == "relatedPolicies"] == []


def test_a_profile_for_an_unknown_jurisdiction_is_a_warning_on_its_id(tmp_path):
    path = profile(tmp_path, id="Atlantis", name="Atlantis")
    result = only(tmp_path)
    assert (result.files, result.field, result.severity) == ([str(path)], "id", "warning")


def test_language_versions_disagreeing_on_a_year_are_a_violation_naming_both_files(tmp_path):
    en = facility(tmp_path, "en")
    zh = facility(tmp_path, "zh", operation="1997")
    result = only(tmp_path)
    assert (sorted(result.files), result.field, result.severity) == (sorted([str(en), str(zh)]), "operation", "violation")


def test_language_versions_disagreeing_on_coordinates_are_a_violation(tmp_path):
    facility(tmp_path, "en")
    facility(tmp_path, "zh", coordinates=[58.0, 1.91])
    result = only(tmp_path)
    assert (result.field, result.severity) == ("coordinates", "violation")


def test_a_value_outside_a_facility_scheme_is_a_warning_naming_it(tmp_path):
    facility(tmp_path, fateOfCarbon="Buried in the garden")
    results = [(r.field, r.severity) for r in validate([tmp_path]).results]
    assert ("fateOfCarbon", "warning") in results
