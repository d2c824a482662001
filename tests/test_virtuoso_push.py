"""`ccuskg push` into a real Virtuoso 7 over its authenticated Graph Store endpoint (HTTP digest):
the remote equals the local store graph by graph, and the manifest sends only what changed."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

import ccuskg
from ccuskg.access.push import MANIFEST_GRAPH, push
from ccuskg.access.remote import http, remote
from ccuskg.store import named_quads, open_store
from factory import SEEDS
from virtuoso import DBA_PASSWORD, clear_ccuskg_graphs

RECORDS = ["zh/cn-miit-industrial-plan-2022.md", "en/kr-ccus-act-2024.md", "zh/kr-ccus-act-2024.md",
           "en/eu-ccs-directive-2009.md"]
BASE = "https://w3id.org/ccuskg/"


@pytest.fixture
def gsp(virtuoso, monkeypatch):
    """Virtuoso's Graph Store URL with dba's credentials in the environment, and no ccuskg graph on it."""
    clear_ccuskg_graphs(virtuoso)
    monkeypatch.setenv("CCUSKG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("CCUSKG_ENDPOINT_PASSWORD", DBA_PASSWORD)
    return virtuoso.graph_store


@pytest.fixture
def records(tmp_path):
    folder = tmp_path / "records"
    for name in RECORDS:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEEDS / name, folder / name)
    return folder


def build(folder, tmp_path):
    return ccuskg.build([folder], store=tmp_path / "store").path


def local_counts(store) -> Counter:
    return Counter(q.graph_name.value for q in named_quads(open_store(store)))


def remote_counts(virtuoso) -> Counter:
    rows = remote(virtuoso.sparql).rows(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{BASE}") && ?g != <{MANIFEST_GRAPH}>) }} GROUP BY ?g')
    return Counter({row["g"]: row["n"] for row in rows})


def remote_graph(gsp: str, graph: str):
    import rdflib

    _, _, payload = http("GET", f"{gsp}?graph={graph}", headers={"Accept": "application/n-triples"})
    return rdflib.Graph().parse(data=payload.decode("utf-8"), format="nt")


def local_graph(store, graph: str):
    import rdflib

    triples = [q.triple for q in named_quads(open_store(store)) if q.graph_name.value == graph]
    text = "".join(f"{t} .\n" for t in triples)
    return rdflib.Graph().parse(data=text, format="nt")


def record_graph(store, suffix: str) -> str:
    return next(g for g in local_counts(store) if g.endswith(suffix))


def test_pushing_the_seeds_gives_every_graph_the_same_triple_count(virtuoso, gsp, tmp_path):
    store = ccuskg.build([SEEDS], store=tmp_path / "store").path
    report = push(store, gsp)
    assert sorted(report.sent) == sorted(local_counts(store)) and not report.skipped
    assert remote_counts(virtuoso) == local_counts(store)


def test_record_graphs_on_virtuoso_are_isomorphic_to_the_local_ones(gsp, records, tmp_path):
    from rdflib.compare import isomorphic

    store = build(records, tmp_path)
    push(store, gsp)
    for suffix in ("/zh/cn-miit-industrial-plan-2022", "/en/eu-ccs-directive-2009", "graph/build"):
        graph = record_graph(store, suffix)
        assert isomorphic(remote_graph(gsp, graph), local_graph(store, graph)), graph


def test_a_second_push_to_virtuoso_sends_nothing(gsp, records, tmp_path):
    store = build(records, tmp_path)
    push(store, gsp)
    again = push(store, gsp)
    assert again.sent == [] and again.deleted == [] and again.bytes_sent == 0
    assert sorted(again.skipped) == sorted(local_counts(store))


def test_a_changed_record_replaces_only_its_graph_on_virtuoso(virtuoso, gsp, records, tmp_path):
    store = build(records, tmp_path)
    push(store, gsp)
    record = records / RECORDS[0]
    record.write_text(record.read_text(encoding="utf-8").replace('"evidence": "', '"evidence": "Revised. ', 1),
                      encoding="utf-8")
    store = build(records, tmp_path)
    report = push(store, gsp)
    assert report.sent == [record_graph(store, "/zh/cn-miit-industrial-plan-2022")]
    assert remote_counts(virtuoso) == local_counts(store)
    assert remote(virtuoso.sparql).query('ASK { ?a ccus:evidence ?e FILTER(STRSTARTS(?e, "Revised. ")) }').boolean


def test_a_removed_record_deletes_its_graph_on_virtuoso(virtuoso, gsp, records, tmp_path):
    store = build(records, tmp_path)
    push(store, gsp)
    removed = record_graph(store, "/zh/kr-ccus-act-2024")
    (records / RECORDS[2]).unlink()
    store = build(records, tmp_path)
    report = push(store, gsp)
    assert report.deleted == [removed]
    assert remote_counts(virtuoso) == local_counts(store) and removed not in remote_counts(virtuoso)


def test_push_cli_to_virtuoso_reports_sent_then_skipped(cli, gsp, records, tmp_path):
    store = build(records, tmp_path)
    count = len(local_counts(store))
    first = cli("push", "--store", store, "--endpoint", gsp)
    assert first.exit_code == 0 and f"{count} graphs sent, 0 unchanged" in first.output
    second = cli("push", "--store", store, "--endpoint", gsp)
    assert second.exit_code == 0 and f"0 graphs sent, {count} unchanged" in second.output


def test_a_wrong_virtuoso_password_is_one_line_exit_2_and_not_echoed(cli, gsp, records, tmp_path, monkeypatch):
    monkeypatch.setenv("CCUSKG_ENDPOINT_PASSWORD", "not-the-password")
    result = cli("push", "--store", build(records, tmp_path), "--endpoint", gsp)
    assert result.exit_code == 2 and "401" in result.output
    assert "not-the-password" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_batched_push_to_virtuoso_equals_the_local_store(virtuoso, gsp, records, tmp_path):
    store = build(records, tmp_path)
    report = push(store, gsp, batch=100)  # records through /sparql-auth, the big ontology graph by PUT
    assert sorted(report.sent) == sorted(local_counts(store)) and report.requests < len(report.sent) + 2
    assert remote_counts(virtuoso) == local_counts(store)
    assert push(store, gsp, batch=100).sent == []


def test_a_batched_push_to_virtuoso_replaces_a_changed_record_and_deletes_a_removed_one(virtuoso, gsp, records,
                                                                                       tmp_path):
    push(build(records, tmp_path), gsp, batch=100)
    record = records / RECORDS[0]
    record.write_text(record.read_text(encoding="utf-8").replace('"evidence": "', '"evidence": "Revised. ', 1),
                      encoding="utf-8")
    (records / RECORDS[2]).unlink()
    store = build(records, tmp_path)
    report = push(store, gsp, batch=100)
    records_sent = [g for g in report.sent if "/graph/en/" in g or "/graph/zh/" in g]  # and the build graph
    assert records_sent == [record_graph(store, "/zh/cn-miit-industrial-plan-2022")] and len(report.deleted) == 1
    assert remote_counts(virtuoso) == local_counts(store)


class Killed(Exception):
    """Stands for the push process being killed after a graph went out."""


def test_a_push_to_virtuoso_killed_mid_way_is_completed_by_the_next(virtuoso, gsp, records, tmp_path, monkeypatch):
    monkeypatch.setattr("ccuskg.access.push.CHECKPOINT", 2)
    store = build(records, tmp_path)
    sent = []

    def progress(graph):
        sent.append(graph)
        if len(sent) == 3:
            raise Killed
    with pytest.raises(Killed):
        push(store, gsp, progress=progress)
    again = push(store, gsp)
    assert len(again.skipped) == 2 and len(again.sent) == len(local_counts(store)) - 2
    assert remote_counts(virtuoso) == local_counts(store)
