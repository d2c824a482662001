"""ELI-shaped policies: an ELI consumer reads them without ccus knowledge, within ELI's own domains
and ranges (ELI ontology 1.5; the table below is ELI's, not ours)."""

from __future__ import annotations

import pytest

ELI_NS = "http://data.europa.eu/eli/ontology#"
# property -> (domain, range); a range of None is a literal (its datatype is checked by the query)
ELI = {
    "id_local": ("Work", None), "date_document": ("Work", None), "date_publication": ("Work", None),
    "type_document": ("Work", "ResourceType"), "is_about": ("Work", "skos:Concept"),
    "in_force": ("LegalResource", "InForce"), "passed_by": ("LegalResource", "Agent"),
    "jurisdiction": ("LegalResource", "AdministrativeArea"), "repeals": ("LegalResource", "LegalResource"),
    "repealed_by": ("LegalResource", "LegalResource"), "amends": ("LegalResource", "LegalResource"),
    "changes": ("LegalResource", "LegalResource"), "transposes": ("LegalResource", "LegalResource"),
}
IN_FORCE = {ELI_NS + "InForce-inForce", ELI_NS + "InForce-notInForce", ELI_NS + "InForce-partiallyInForce"}


def curie(name):
    return name if ":" in name else f"eli:{name}"


@pytest.mark.parametrize("prop", sorted(ELI))
def test_every_eli_statement_has_a_subject_in_its_domain(seeds_graph, prop):
    domain = ELI[prop][0]
    classes = "eli:LegalResource" if domain == "LegalResource" else "eli:LegalResource eli:Work"
    rows = seeds_graph.rows(f"SELECT ?s WHERE {{ ?s eli:{prop} ?o . "
                            f"FILTER NOT EXISTS {{ VALUES ?c {{ {classes} }} ?s a ?c }} }} LIMIT 3")
    assert rows == []


@pytest.mark.parametrize("prop", sorted(p for p, (_, r) in ELI.items() if r and r != "InForce"))
def test_every_eli_value_is_typed_with_its_range_where_the_dataset_holds_it(seeds_graph, prop):
    rng = curie(ELI[prop][1])
    rows = seeds_graph.rows(f"SELECT ?o WHERE {{ ?s eli:{prop} ?o . ?o ?p ?any . FILTER NOT EXISTS {{ ?o a {rng} }} }} LIMIT 3")
    assert rows == []


def test_in_force_values_are_elis_own(seeds_graph):
    values = {str(r["o"]) for r in seeds_graph.rows("SELECT DISTINCT ?o WHERE { ?s eli:in_force ?o }")}
    assert values and values <= IN_FORCE


def test_eli_dates_are_xsd_dates_and_local_ids_strings(seeds_graph):
    assert seeds_graph.rows("SELECT ?d WHERE { ?s eli:date_document|eli:date_publication ?d "
                            "FILTER(DATATYPE(?d) != xsd:date) } LIMIT 3") == []
    assert seeds_graph.rows("SELECT ?i WHERE { ?s eli:id_local ?i FILTER(DATATYPE(?i) != xsd:string) } LIMIT 3") == []


def test_every_policy_is_an_eli_legal_resource_with_its_core_eli_metadata(seeds_graph):
    missing = seeds_graph.rows("SELECT ?p WHERE { ?p a eli:LegalResource . FILTER NOT EXISTS { ?p eli:id_local ?i ; "
                               "eli:date_document ?d ; eli:type_document ?t ; eli:in_force ?f ; eli:jurisdiction ?j ; "
                               "eli:passed_by ?b } }")
    assert missing == []
