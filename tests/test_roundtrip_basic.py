"""Exports re-parse into the store's content, and two builds of the same input are byte-identical."""

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import ccuskg
from ccuskg.store import named_quads

FORMATS = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "nquads": "nquads"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
              "nquads": ox.RdfFormat.N_QUADS}
DATASET_FORMATS = {"nquads"}  # JSON-LD, like Turtle and N-Triples, holds the union of the graphs


def store_graph(kg) -> rdflib.Graph:
    """The store's content as one rdflib graph (union of named graphs), via N-Triples."""
    triples = {q.triple for q in named_quads(kg.store)}
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph


def store_dataset_quads(kg) -> set[str]:
    return {str(q) for q in named_quads(kg.store)}


@pytest.fixture(scope="module")
def built(tmp_path_factory, request):
    from factory import SEEDS

    return ccuskg.build([SEEDS], store=tmp_path_factory.mktemp("rt") / "store")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_reparses_with_rdflib_into_an_isomorphic_graph(built, fmt):
    data = built.export(fmt)
    if fmt in DATASET_FORMATS:
        parsed = rdflib.Dataset()
        parsed.parse(data=data, format=FORMATS[fmt])
        union = rdflib.Graph()
        for s, p, o, _ in parsed.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        union = rdflib.Graph().parse(data=data, format=FORMATS[fmt])
    assert isomorphic(union, store_graph(built))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_reparses_with_pyoxigraph_into_the_same_quads(built, fmt):
    parsed = list(ox.parse(built.export(fmt), format=OX_FORMATS[fmt]))
    if fmt in DATASET_FORMATS:
        assert {str(q) for q in parsed} == store_dataset_quads(built)
    else:
        assert {str(t) for t in parsed} == {str(q.triple) for q in named_quads(built.store)}


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt", "nquads", "trig"])
def test_two_builds_of_the_same_input_export_byte_identical_files(tmp_path, fmt):
    from factory import SEEDS

    first = ccuskg.build([SEEDS], store=tmp_path / "one").export(fmt)
    second = ccuskg.build([SEEDS], store=tmp_path / "two").export(fmt)
    assert first == second


def test_turtle_export_declares_prefixes_and_has_no_blank_nodes(built):
    text = built.export("turtle").decode("utf-8")
    assert "@prefix ccus: <https://w3id.org/ccuskg/ontology#> ." in text
    assert "_:" not in text
