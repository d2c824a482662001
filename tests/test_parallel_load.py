"""The fast engine's store is filled on a background thread while records are still being mapped.

What the shapes see must not depend on that: the default graph holds each triple of the quads once,
blank nodes keep their ids, and validating through the overlapping loader gives the same report as
validating already-compiled records.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from ccuskg.model.compile import compile_records
from ccuskg.validation.engine import DataLoader
from ccuskg.validation.validate import validate, validate_compiled

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from validate_bench import generate, inject_defects  # noqa: E402

EX = "http://example.org/"


def _quad(s, p, o, g):
    return ox.Quad(s, ox.NamedNode(EX + p), o, ox.NamedNode(EX + g))


def test_loader_puts_each_triple_once_into_the_default_graph_across_chunks():
    a, b = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")
    quads = [_quad(a, "p", ox.Literal(str(i)), "g1") for i in range(7)]
    quads += [_quad(a, "p", ox.Literal(str(i)), "g2") for i in range(7)]  # the same triples in another graph
    quads.append(_quad(b, "q", a, "g2"))
    loader = DataLoader(chunk=3)  # many small chunks, loaded while more are added
    for q in quads:
        loader.add([q])
    store = loader.finish()
    assert {q.triple for q in store} == {q.triple for q in quads}
    assert len(store) == 8
    assert all(q.graph_name == ox.DefaultGraph() for q in store)


def test_loader_keeps_blank_node_ids_even_across_chunks():
    node = ox.BlankNode("shape1")
    quads = [_quad(node, "p", ox.Literal("x"), "g"), _quad(ox.NamedNode(EX + "c"), "q", node, "g")]
    loader = DataLoader(chunk=1)
    loader.add(quads[:1])
    loader.add(quads[1:])
    store = loader.finish()
    assert {q.triple for q in store} == {q.triple for q in quads}


def test_loader_can_keep_the_named_graphs_too():
    quads = [_quad(ox.NamedNode(EX + "a"), "p", ox.Literal("1"), "g")]
    loader = DataLoader(keep_graphs=True)
    loader.add(quads)
    store = loader.finish()
    assert set(store) == {quads[0], ox.Quad(quads[0].subject, quads[0].predicate, quads[0].object)}


def test_validate_with_overlapping_load_equals_validating_compiled_records(tmp_path):
    generate(tmp_path, 100)
    inject_defects(tmp_path)  # so that the reports have many results to agree on
    paths = [tmp_path, ROOT / "seeds"]
    overlapped = validate(paths)
    assert len(overlapped.results) > 30
    sequential = validate_compiled(compile_records(paths))
    assert overlapped.to_json() == sequential.to_json()
    assert overlapped.to_turtle() == sequential.to_turtle()
