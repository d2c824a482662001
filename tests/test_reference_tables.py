"""The jurisdiction and issuer tables in ontology/: they parse, their ISO codes are real, every concept
is named in English and Chinese, no label names two concepts, and every corpus value finds its concept."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

CCUS = Namespace("https://w3id.org/ccuskg/ontology#")
JURISDICTION_SCHEME = URIRef("https://w3id.org/ccuskg/jurisdiction")
ISSUER_SCHEME = URIRef("https://w3id.org/ccuskg/issuer")
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.notation)


def normalise(text: str) -> str:
    """How the tool compares a record value with a label: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@pytest.fixture(scope="module")
def jurisdictions() -> Graph:
    return Graph().parse(ONTOLOGY / "jurisdictions.ttl", format="turtle")


@pytest.fixture(scope="module")
def issuers() -> Graph:
    return Graph().parse(ONTOLOGY / "issuers.ttl", format="turtle")


def members(graph: Graph, scheme: URIRef) -> list[URIRef]:
    return sorted(graph.subjects(SKOS.inScheme, scheme))


def label_index(graph: Graph, scheme: URIRef) -> dict[str, set[URIRef]]:
    index: dict[str, set[URIRef]] = {}
    for concept in members(graph, scheme):
        for prop in LABELS:
            for label in graph.objects(concept, prop):
                index.setdefault(normalise(str(label)), set()).add(concept)
    return index


def corpus_values(field: str) -> set[str]:
    folders = sorted(CORPUS.glob("*/policies")) if CORPUS.is_dir() else []
    if not folders:
        pytest.skip(f"no corpus policies under {CORPUS}")
    values = set()
    for folder in folders:
        for path in sorted(folder.rglob("*.md")):
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            if not text.startswith("---\n"):
                continue
            data = json.loads(text[4:].split("\n---\n", 1)[0])
            value = data.get(field)
            if isinstance(value, str) and value.strip():
                values.add(value)
    return values


def test_the_jurisdiction_table_parses_and_has_the_ontology_prefixes(jurisdictions):
    assert len(jurisdictions) > 0
    assert dict(jurisdictions.namespaces())["ccus"] == URIRef(str(CCUS))


def test_the_issuer_table_parses(issuers):
    assert len(issuers) > 0


def test_neither_table_has_blank_nodes(jurisdictions, issuers):
    for graph in (jurisdictions, issuers):
        assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_every_iso_alpha2_code_is_a_real_country(jurisdictions):
    pycountry = pytest.importorskip("pycountry")
    codes = [str(code) for code in jurisdictions.objects(None, CCUS.isoAlpha2)]
    assert codes
    assert [code for code in codes if pycountry.countries.get(alpha_2=code) is None] == []


def test_every_iso_alpha3_and_numeric_code_belongs_to_its_alpha2_country(jurisdictions):
    pycountry = pytest.importorskip("pycountry")
    for concept, code in jurisdictions.subject_objects(CCUS.isoAlpha2):
        country = pycountry.countries.get(alpha_2=str(code))
        assert [str(o) for o in jurisdictions.objects(concept, CCUS.isoAlpha3)] == [country.alpha_3], concept
        assert [str(o) for o in jurisdictions.objects(concept, CCUS.isoNumeric)] == [country.numeric], concept


def test_every_iso_3166_1_country_is_in_the_table(jurisdictions):
    pycountry = pytest.importorskip("pycountry")
    listed = {str(code) for code in jurisdictions.objects(None, CCUS.isoAlpha2)}
    assert {country.alpha_2 for country in pycountry.countries} - listed == set()


def test_every_iso_3166_2_code_is_a_real_subdivision(jurisdictions):
    pycountry = pytest.importorskip("pycountry")
    codes = [str(code) for code in jurisdictions.objects(None, CCUS.iso3166_2)]
    assert "CA-AB" in codes
    assert [code for code in codes if pycountry.subdivisions.get(code=code) is None] == []


def test_every_subdivision_is_narrower_than_its_country(jurisdictions):
    for concept, code in jurisdictions.subject_objects(CCUS.iso3166_2):
        country = URIRef(f"{JURISDICTION_SCHEME}/{str(code).split('-')[0]}")
        assert list(jurisdictions.objects(concept, SKOS.broader)) == [country], concept


def test_every_jurisdiction_has_an_english_and_a_chinese_preflabel(jurisdictions):
    for concept in members(jurisdictions, JURISDICTION_SCHEME):
        langs = sorted(label.language for label in jurisdictions.objects(concept, SKOS.prefLabel))
        assert langs == ["en", "zh"], concept


def test_every_issuer_has_an_english_and_a_chinese_preflabel(issuers):
    for concept in members(issuers, ISSUER_SCHEME):
        langs = sorted(label.language for label in issuers.objects(concept, SKOS.prefLabel))
        assert langs == ["en", "zh"], concept


def test_every_issuer_jurisdiction_is_in_the_jurisdiction_table(jurisdictions, issuers):
    known = set(members(jurisdictions, JURISDICTION_SCHEME))
    for concept in members(issuers, ISSUER_SCHEME):
        targets = list(issuers.objects(concept, CCUS.jurisdiction))
        assert len(targets) == 1 and targets[0] in known, concept


def test_no_two_jurisdictions_share_a_label(jurisdictions):
    shared = {label: concepts for label, concepts in label_index(jurisdictions, JURISDICTION_SCHEME).items()
              if len(concepts) > 1}
    assert shared == {}


def test_no_two_issuers_share_a_label(issuers):
    shared = {label: concepts for label, concepts in label_index(issuers, ISSUER_SCHEME).items()
              if len(concepts) > 1}
    assert shared == {}


@pytest.mark.corpus
def test_every_corpus_country_matches_a_jurisdiction_label(jurisdictions):
    index = label_index(jurisdictions, JURISDICTION_SCHEME)
    assert sorted(value for value in corpus_values("country") if normalise(value) not in index) == []


@pytest.mark.corpus
def test_every_corpus_source_matches_an_issuer_label(issuers):
    index = label_index(issuers, ISSUER_SCHEME)
    assert sorted(value for value in corpus_values("source") if normalise(value) not in index) == []
