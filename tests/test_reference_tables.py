"""The jurisdiction and issuer tables in ontology/: real ISO codes, zh+en labels, corpus coverage."""

import json

import pyoxigraph as ox
import pytest

from ccuskg.namespaces import CCUS, ISSUER_SCHEME, JURISDICTION_SCHEME, SKOS
from ccuskg.resources import ontology_dir
from ccuskg.vocab import load_vocabulary


def table(name: str) -> dict[str, dict[str, list]]:
    by_subject: dict[str, dict[str, list]] = {}
    for t in ox.parse(path=str(ontology_dir() / name), format=ox.RdfFormat.TURTLE):
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    return by_subject


def members(name: str, scheme: str) -> dict[str, dict[str, list]]:
    return {s: p for s, p in table(name).items() if any(o.value == scheme for o in p.get(SKOS + "inScheme", []))}


def test_iso_codes_are_real_and_alpha2_alpha3_agree():
    pycountry = pytest.importorskip("pycountry")
    for iri, props in members("jurisdictions.ttl", JURISDICTION_SCHEME).items():
        if CCUS + "isoAlpha2" in props:
            country = pycountry.countries.get(alpha_2=props[CCUS + "isoAlpha2"][0].value)
            assert country is not None, iri
            assert country.alpha_3 == props[CCUS + "isoAlpha3"][0].value
            assert country.numeric == props[CCUS + "isoNumeric"][0].value
        if CCUS + "iso3166_2" in props:
            assert pycountry.subdivisions.get(code=props[CCUS + "iso3166_2"][0].value) is not None, iri


def test_every_jurisdiction_and_issuer_has_english_and_chinese_names():
    for name, scheme in (("jurisdictions.ttl", JURISDICTION_SCHEME), ("issuers.ttl", ISSUER_SCHEME)):
        for iri, props in members(name, scheme).items():
            langs = {label.language for label in props[SKOS + "prefLabel"]}
            if iri.rsplit("/", 1)[-1].count("-") and name == "jurisdictions.ttl":
                assert "en" in langs, iri  # pycountry lacks Chinese names for some subdivisions
            else:
                assert {"en", "zh"} <= langs, iri


def test_the_eu_and_international_levels_exist():
    jurisdictions = members("jurisdictions.ttl", JURISDICTION_SCHEME)
    assert "https://w3id.org/ccuskg/jurisdiction/EU" in jurisdictions
    assert "https://w3id.org/ccuskg/jurisdiction/INT" in jurisdictions


def test_subdivisions_point_to_their_country():
    jurisdictions = members("jurisdictions.ttl", JURISDICTION_SCHEME)
    alberta = jurisdictions["https://w3id.org/ccuskg/jurisdiction/CA-AB"]
    assert [o.value for o in alberta[SKOS + "broader"]] == ["https://w3id.org/ccuskg/jurisdiction/CA"]


def test_every_issuer_sits_in_a_known_jurisdiction():
    jurisdictions = members("jurisdictions.ttl", JURISDICTION_SCHEME)
    for iri, props in members("issuers.ttl", ISSUER_SCHEME).items():
        assert props[CCUS + "jurisdiction"][0].value in jurisdictions, iri


def test_no_issuer_label_names_two_issuers():
    vocab = load_vocabulary()
    assert vocab.ambiguous.get(ISSUER_SCHEME, {}) == {}


@pytest.mark.corpus
def test_every_corpus_country_and_source_matches_the_tables(corpus_policies):
    vocab = load_vocabulary()
    unmatched = set()
    for path in corpus_policies.rglob("*.md"):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        data = json.loads(text[3:].split("\n---\n", 1)[0])
        if data.get("country") and not vocab.match(JURISDICTION_SCHEME, data["country"]):
            unmatched.add(("country", data["country"]))
        if data.get("source") and not vocab.match(ISSUER_SCHEME, data["source"]):
            unmatched.add(("source", data["source"]))
    assert unmatched == set()
