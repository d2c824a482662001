"""Every export format reads back, with pyoxigraph, rdflib and (where it reads the format) pyld, into
the store's content: the union of the graphs for Turtle, N-Triples and JSON-LD, every quad for
N-Quads and TriG. pyld reads JSON-LD and N-Quads only (it has no Turtle or TriG parser)."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld

import ccuskg
from ccuskg.publish.context import load_context
from ccuskg.publish.jsonld import pyld_options
from ccuskg.core.namespaces import ONTOLOGY_GRAPH
from ccuskg.store import named_quads

UNION = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD}
DATASET = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
RDFLIB = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "nquads": "nquads", "trig": "trig"}


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    from factory import SEEDS

    root = tmp_path_factory.mktemp("formats")
    shutil.copytree(SEEDS, root / "seeds")
    return ccuskg.build([root / "seeds"], store=root / "store")


def store_triples(kg) -> set[str]:
    return {str(q.triple) for q in named_quads(kg.store)}


def store_quads(kg) -> set[str]:
    return {str(q) for q in named_quads(kg.store)}


def canonical(data: str, fmt) -> set[str]:
    """N-Triples/N-Quads text from another library, as pyoxigraph's term strings."""
    return {str(t) for t in ox.parse(data.encode("utf-8"), format=fmt)}


@pytest.mark.parametrize("fmt", sorted(UNION))
def test_union_formats_read_back_with_pyoxigraph(kg, fmt):
    assert {str(t) for t in ox.parse(kg.export(fmt), format=UNION[fmt])} == store_triples(kg)


@pytest.mark.parametrize("fmt", sorted(DATASET))
def test_dataset_formats_read_back_with_pyoxigraph_quad_for_quad(kg, fmt):
    assert {str(q) for q in ox.parse(kg.export(fmt), format=DATASET[fmt])} == store_quads(kg)


@pytest.mark.parametrize("fmt", sorted(UNION))
def test_union_formats_read_back_with_rdflib(kg, fmt):
    graph = rdflib.Graph().parse(data=kg.export(fmt), format=RDFLIB[fmt])
    assert canonical(graph.serialize(format="nt"), ox.RdfFormat.N_TRIPLES) == store_triples(kg)


@pytest.mark.parametrize("fmt", sorted(DATASET))
def test_dataset_formats_read_back_with_rdflib_quad_for_quad(kg, fmt):
    dataset = rdflib.Dataset()
    dataset.parse(data=kg.export(fmt), format=RDFLIB[fmt])
    assert canonical(dataset.serialize(format="nquads"), ox.RdfFormat.N_QUADS) == store_quads(kg)


def test_json_ld_reads_back_with_pyld(kg):
    import json

    doc = json.loads(kg.export("json-ld"))
    nquads = jsonld.to_rdf(doc, pyld_options(load_context(), format="application/n-quads"))
    assert canonical(nquads, ox.RdfFormat.N_QUADS) == store_triples(kg)


def test_n_quads_read_back_with_pyld(kg):
    # --data-only: pyld's N-Quads reader takes a minute over the 16k-triple reference tables
    data = kg.export("nquads", include_ontology=False).decode("utf-8")
    expanded = jsonld.from_rdf(data, {"format": "application/n-quads"})
    nquads = jsonld.to_rdf(expanded, pyld_options(load_context(), format="application/n-quads"))
    expected = {str(q) for q in named_quads(kg.store) if q.graph_name.value != ONTOLOGY_GRAPH}
    assert canonical(nquads, ox.RdfFormat.N_QUADS) == expected


def test_turtle_is_readable_prefixed_grouped_sorted_and_without_blank_nodes(kg):
    text = kg.export("turtle").decode("utf-8")
    assert "@prefix ccus: <https://w3id.org/ccuskg/ontology#> ." in text
    assert "@prefix policy: <https://w3id.org/ccuskg/policy/> ." in text
    assert "_:" not in text
    subjects = [line.split(" ", 1)[0] for line in text.splitlines() if line and not line[0].isspace()
                and not line.startswith("@prefix")]
    assert len(subjects) == len(set(subjects))  # each subject's triples in one block


def test_trig_keeps_one_block_per_graph(kg):
    text = kg.export("trig").decode("utf-8")
    opened = [line.split(" ", 1)[0] for line in text.splitlines() if line.endswith("{")]
    assert len(opened) == len(set(opened)) == len({q.graph_name for q in named_quads(kg.store)})


def test_data_only_union_leaves_out_exactly_the_triples_found_only_in_the_ontology_graph(kg):
    expected = {str(q.triple) for q in named_quads(kg.store) if q.graph_name.value != ONTOLOGY_GRAPH}
    assert {str(t) for t in ox.parse(kg.export("nt", include_ontology=False), format=ox.RdfFormat.N_TRIPLES)} == expected
