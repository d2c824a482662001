"""The W3C SHACL test suite (core and sparql folders), run on the fast engine and on pyshacl side by side."""

import pytest

import w3c_shacl

pytestmark = pytest.mark.skipif(not w3c_shacl.available(), reason=f"no W3C SHACL test suite at {w3c_shacl.SUITE}")

CASES = {c.name: c for c in w3c_shacl.cases()} if w3c_shacl.available() else {}


def test_the_suite_has_cases_in_both_the_core_and_the_sparql_folders():
    folders = {name.split("/")[0] for name in CASES}
    assert folders == {"core", "sparql"}
    assert len(CASES) >= 120


@pytest.mark.parametrize("name", sorted(n for n in CASES if n not in w3c_shacl.KNOWN_FAILING))
def test_the_fast_engine_passes_every_case_listed_as_supported(name):
    passed, why = w3c_shacl.run(CASES[name], "fast")
    assert passed, why


@pytest.mark.parametrize("name", sorted(w3c_shacl.KNOWN_FAILING))
def test_a_case_listed_as_failing_still_fails_so_the_list_stays_true(name):
    passed, _ = w3c_shacl.run(CASES[name], "fast")
    assert not passed, f"{name} passes now: remove it from KNOWN_FAILING and from docs/validation.md"


def test_the_fast_engine_passes_at_least_as_many_cases_as_pyshacl_in_every_folder():
    outcome = {engine: {n: w3c_shacl.run(c, engine) for n, c in CASES.items()} for engine in ("fast", "pyshacl")}
    fast, reference = w3c_shacl.summary(outcome["fast"]), w3c_shacl.summary(outcome["pyshacl"])
    behind = {f: (fast[f][1], reference[f][1]) for f in reference if fast[f][1] < reference[f][1]}
    assert behind == {}
