"""A partner's query set, written only in DCTERMS, ELI, PROV-O, SKOS and schema.org terms, gives on the
seeds exactly the rows of the same questions asked in ccus terms (docs/partner-terms.md)."""

from __future__ import annotations

import pytest

# question -> (standard terms only, ccus terms)
PAIRS = {
    "titles of legal resources": (
        "SELECT ?id ?title WHERE { ?p a eli:LegalResource ; dcterms:identifier ?id ; dcterms:title ?title }",
        "SELECT ?id ?title WHERE { ?p a ccus:Policy ; ccus:identifier ?id ; ccus:title ?title }"),
    "schema.org legislation with its official url": (
        "SELECT ?p ?url WHERE { ?p a schema:Legislation ; schema:url ?url }",
        "SELECT ?p ?url WHERE { ?p a ccus:Policy ; ccus:officialUrl ?url }"),
    "in force, by jurisdiction": (
        "SELECT ?id ?where WHERE { ?p eli:id_local ?id ; eli:in_force eli:InForce-inForce ; eli:jurisdiction ?where }",
        "SELECT ?id ?where WHERE { ?p ccus:identifier ?id ; ccus:status/ccus:inForceValue eli:InForce-inForce ;"
        " ccus:jurisdiction ?where }"),
    "who passed it, when": (
        "SELECT ?p ?by ?date ?issued WHERE { ?p eli:passed_by ?by ; eli:date_document ?date ; dcterms:issued ?issued ;"
        " dcterms:publisher ?by ; eli:date_publication ?date }",
        "SELECT ?p ?by ?date ?issued WHERE { ?p ccus:issuer ?by ; ccus:publicationDate ?date ."
        " BIND(?date AS ?issued) }"),
    "what it is about and its document type": (
        "SELECT ?p ?topic ?type WHERE { ?p eli:is_about ?topic ; dcterms:subject ?topic ; eli:type_document ?type ."
        " ?type a eli:ResourceType }",
        "SELECT ?p ?topic ?type WHERE { ?p ccus:category ?topic ; ccus:legalWeight ?type }"),
    "where it applies": (
        "SELECT ?p ?where WHERE { ?p a eli:LegalResource ; dcterms:spatial ?where }",
        "SELECT ?p ?where WHERE { ?p a ccus:Policy ; ccus:jurisdiction ?where }"),
    "replacements and repeals": (
        "SELECT ?new ?old WHERE { ?new dcterms:replaces ?old ; eli:repeals ?old . ?old dcterms:isReplacedBy ?x }",
        "SELECT ?new ?old WHERE { ?new ccus:supersedes ?old . ?old ccus:supersededBy ?x }"),
    "amendments": (
        "SELECT ?a ?b WHERE { ?a eli:amends ?b ; eli:changes ?b }",
        "SELECT ?a ?b WHERE { ?a ccus:amends ?b }"),
    "transpositions": (
        "SELECT ?a ?b WHERE { ?a eli:transposes ?b }",
        "SELECT ?a ?b WHERE { ?a ccus:transposes ?b }"),
    "descriptions": (
        "SELECT ?p ?text WHERE { ?p a eli:LegalResource ; dcterms:description ?text }",
        "SELECT ?p ?text WHERE { ?p a ccus:Policy ; ccus:description ?text }"),
    "records: language, last audit, what they are about": (
        "SELECT ?r ?p ?lang ?audit WHERE { ?r a prov:Entity ; schema:about ?p ; dcterms:language ?lang ;"
        " dcterms:modified ?audit . ?p a eli:LegalResource }",
        "SELECT ?r ?p ?lang ?audit WHERE { ?r a ccus:PolicyRecord ; ccus:describes ?p ; ccus:language ?lang ;"
        " ccus:lastAuditDate ?audit }"),
    "evolution clusters": (
        "SELECT ?c WHERE { ?c a skos:Collection }",
        "SELECT ?c WHERE { ?c a ccus:EvolutionCluster }"),
}


def rows(kg, query):
    return sorted(tuple(str(term) for term in row) for row in kg.query(query).rows)


@pytest.mark.parametrize("question", sorted(PAIRS))
def test_the_standard_term_query_gives_the_rows_of_its_ccus_version(seeds_graph, question):
    standard, ccus = PAIRS[question]
    assert "ccus:" not in standard
    expected = rows(seeds_graph, ccus)
    assert expected, f"{question}: the seeds should answer it"
    assert rows(seeds_graph, standard) == expected
