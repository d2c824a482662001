"""Local and remote graphs share one read interface: each implements only ``raw``; the rest is common."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import ccuskg
from ccuskg.access.graph import ReadableGraph
from ccuskg.access.query import bind_literals


class TinyGraph(ReadableGraph):
    """A graph over an in-memory store, written as a third party would: only ``raw``."""

    def __init__(self):
        self.store = ox.Store()
        self.store.add(ox.Quad(ox.NamedNode("http://example.org/p"), ox.NamedNode("http://purl.org/dc/terms/title"),
                               ox.Literal("A policy", language="en")))
        self.closed = False

    def raw(self, sparql, substitutions=None):
        return self.store.query(sparql, substitutions=substitutions)

    def close(self):
        self.closed = True


def test_a_graph_that_implements_only_raw_answers_rows_and_render():
    graph = TinyGraph()
    assert graph.rows("SELECT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t }") == [{"t": "A policy"}]
    assert "A policy" in graph.render("SELECT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t }", "csv")


def test_parameters_bind_as_literals_through_the_shared_helper():
    graph = TinyGraph()
    assert graph.rows("SELECT * WHERE { ?p ?x ?t }", t="nothing") == []
    assert graph.rows("SELECT * WHERE { ?p ?x ?t }", t="A policy") == []  # a plain literal is not the @en one
    assert bind_literals({"id": "x"}) == {ox.Variable("id"): ox.Literal("x")}
    assert bind_literals({}) is None


def test_a_graph_closes_when_its_with_block_ends():
    with TinyGraph() as graph:
        assert not graph.closed
    assert graph.closed


@pytest.mark.parametrize("cls", [ccuskg.KnowledgeGraph, ccuskg.RemoteGraph])
def test_local_and_remote_graphs_are_readable_graphs(cls):
    assert issubclass(cls, ReadableGraph)
    assert "rows" not in vars(cls) and "named" not in vars(cls), "the read methods are written once, in ReadableGraph"


def test_the_local_graph_works_as_a_context_manager(seeds_graph):
    with ccuskg.open_graph(seeds_graph.path) as kg:
        assert kg.named("score-matrix")
