"""A record is a policy, a country profile or a facility: told by its fields, else by its folder."""

from ccuskg.ingest.records import Record, parse_file

from factory import write_record

PROFILE = '---\n{"id": "United States", "name": "United States", "region": "Global", "regulatory": {}}\n---\n'
FACILITY = '---\n{"id": "7", "name": "A plant", "coordinates": [58.37, 1.91], "relatedPolicies": []}\n---\n'
BARE = '---\n{"id": "7", "name": "Something"}\n---\n'


def test_a_record_with_regulatory_fields_and_no_title_is_a_country_profile(tmp_path):
    result = parse_file(write_record(tmp_path, "united-states.md", PROFILE))
    assert isinstance(result, Record) and result.kind == "profile"


def test_a_country_profile_may_have_a_country_name_as_its_id(tmp_path):
    assert parse_file(write_record(tmp_path, "us.md", PROFILE)).id == "United States"


def test_a_record_with_coordinates_or_related_policies_is_a_facility(tmp_path):
    assert parse_file(write_record(tmp_path, "7.md", FACILITY)).kind == "facility"


def test_a_record_with_a_title_is_a_policy(tmp_path):
    text = '---\n{"id": "p", "title": "T", "name": "N", "coordinates": [1, 2]}\n---\n'
    assert parse_file(write_record(tmp_path, "p.md", text)).kind == "policy"


def test_a_record_whose_fields_say_nothing_takes_the_kind_of_its_folder(tmp_path):
    path = write_record(tmp_path, "facilities/en/7.md", BARE)
    assert parse_file(path, tmp_path).kind == "facility"
    path = write_record(tmp_path, "countries/en/x.md", BARE)
    assert parse_file(path, tmp_path).kind == "profile"
