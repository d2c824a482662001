"""The on-disk store: atomic rebuilds, union querying, the notebook API."""

import datetime as dt

import pyoxigraph as ox
import pytest

import ccuskg
from ccuskg.core.namespaces import CCUS
from ccuskg.store import StoreNotFound, open_store, write_store

from factory import FOUNDING_RECORD, write_record


def test_a_build_that_fails_part_way_leaves_the_previous_store_unchanged(tmp_path):
    store = tmp_path / "store"
    ccuskg.build([FOUNDING_RECORD], store=store)
    before = sorted(str(q) for q in open_store(store))

    def failing_quads():
        yield ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("1"),
                      ox.NamedNode("http://x/g"))
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_store(store, failing_quads())
    assert sorted(str(q) for q in open_store(store)) == before
    # no staging left behind (the build's report sits beside the store)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.last-build.json"]


def test_rebuild_replaces_the_content(tmp_path):
    store = tmp_path / "store"
    write_record(tmp_path / "en", "a.md", '---\n{"id": "a", "title": "A"}\n---\n')
    ccuskg.build([tmp_path / "en"], store=store)
    (tmp_path / "en" / "a.md").write_text('---\n{"id": "b", "title": "B"}\n---\n', encoding="utf-8")
    kg = ccuskg.build([tmp_path / "en"], store=store)
    assert kg.rows("SELECT ?id WHERE { ?p ccus:identifier ?id }") == [{"id": "b"}]


def test_one_named_graph_per_record_plus_ontology_and_build(tmp_path):
    write_record(tmp_path / "zh", "a.md", '---\n{"id": "a", "title": "甲"}\n---\n')
    write_record(tmp_path / "en", "a.md", '---\n{"id": "a", "title": "A"}\n---\n')
    kg = ccuskg.build([tmp_path], store=tmp_path / "store")
    graphs = sorted(g.value for g in kg.store.named_graphs())
    base = "https://w3id.org/ccuskg/"
    assert base + "graph/en/a" in graphs and base + "graph/zh/a" in graphs
    assert "https://w3id.org/ccuskg/graph/ontology" in graphs


def test_queries_see_the_union_of_graphs(tmp_path):
    write_record(tmp_path / "zh", "a.md", '---\n{"id": "a", "title": "甲"}\n---\n')
    write_record(tmp_path / "en", "a.md", '---\n{"id": "a", "title": "A"}\n---\n')
    kg = ccuskg.build([tmp_path], store=tmp_path / "store")
    rows = kg.rows("SELECT (COUNT(?t) AS ?n) WHERE { <https://w3id.org/ccuskg/policy/a> ccus:title ?t }")
    assert rows == [{"n": 2}]


def test_rows_give_python_values(tmp_path):
    kg = ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")
    (row,) = kg.rows("SELECT ?date ?year WHERE { ?p ccus:publicationDate ?date ; ccus:year ?year }")
    assert row == {"date": dt.date(2022, 8, 1), "year": 2022}


def test_rdflib_graph_reads_the_same_store(tmp_path):
    kg = ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")
    expected = len(kg.store)
    dataset = kg.rdflib_graph()
    try:
        assert sum(1 for _ in dataset.quads((None, None, None, None))) == expected
        (count,) = next(iter(dataset.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a <%sPolicy> }" % CCUS)))
        assert int(count) == 1 == kg.rows("SELECT (COUNT(*) AS ?n) WHERE { ?p a ccus:Policy }")[0]["n"]
    finally:
        dataset.close()


def test_opening_a_missing_store_names_the_fix(tmp_path):
    with pytest.raises(StoreNotFound, match="ccuskg build"):
        ccuskg.open_graph(tmp_path / "missing")


def test_dataframe_has_typed_columns(tmp_path):
    pd = pytest.importorskip("pandas")
    kg = ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")
    frame = kg.dataframe("SELECT ?dim ?score WHERE { ?a ccus:dimension ?dim ; ccus:score ?score }")
    assert len(frame) == 5
    assert str(frame["score"].dtype) == "Int64"
    assert pd is not None


def test_a_triple_stated_by_both_language_records_is_counted_once(tmp_path):
    write_record(tmp_path / "zh", "a.md", '---\n{"id": "a", "title": "甲", "pubDate": "2020-01-01"}\n---\n')
    write_record(tmp_path / "en", "a.md", '---\n{"id": "a", "title": "A", "pubDate": "2020-01-01"}\n---\n')
    kg = ccuskg.build([tmp_path], store=tmp_path / "store")
    assert kg.rows("SELECT (COUNT(*) AS ?n) WHERE { ?p ccus:publicationDate ?d }") == [{"n": 1}]
    per_graph = kg.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p ccus:publicationDate ?d } }")
    assert per_graph == [{"n": 2}]
