"""`ccuskg serve`: a read-only, time-bounded SPARQL 1.1 endpoint over the built store, queried by
clients we did not write (SPARQLWrapper, plain HTTP)."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.request

import pyoxigraph as ox
import pytest

from ccuskg.store import open_store
from servers import Listener, cpu_seconds, post_query, send, start_ccuskg_serve, stop, worker_pids

TIMEOUT = 2.0
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # a cross product of the store
COUNT_TITLES = ("PREFIX dcterms: <http://purl.org/dc/terms/> "
                "SELECT ?p ?title WHERE { ?p dcterms:title ?title } ORDER BY ?p ?title")


@pytest.fixture(scope="module")
def endpoint(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path, "--timeout", str(TIMEOUT))
    yield url
    stop(process)


@pytest.fixture(scope="module")
def local_store(seeds_graph):
    return open_store(seeds_graph.path)


def test_prints_a_loopback_url(endpoint):
    assert endpoint.startswith("http://127.0.0.1:") and endpoint.endswith("/query")


def test_sparqlwrapper_select_gives_the_same_rows_as_the_local_store(endpoint, local_store):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(COUNT_TITLES)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    remote = [(b["p"]["value"], b["title"]["value"], b["title"].get("xml:lang")) for b in bindings]
    local = [(s["p"].value, s["title"].value, s["title"].language) for s in local_store.query(COUNT_TITLES)]
    assert remote == local and len(local) > 0


@pytest.mark.parametrize("accept,fmt", [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
])
def test_select_results_negotiate_json_xml_tsv(endpoint, local_store, accept, fmt):
    status, content_type, body = post_query(endpoint, COUNT_TITLES, accept)
    assert status == 200 and content_type.startswith(accept)
    remote = [(s["p"].value, s["title"].value) for s in ox.parse_query_results(body, format=fmt)]
    assert remote == [(s["p"].value, s["title"].value) for s in local_store.query(COUNT_TITLES)]


def test_select_results_negotiate_csv(endpoint, local_store):
    status, content_type, body = post_query(endpoint, COUNT_TITLES, "text/csv")
    assert status == 200 and content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [(r["p"], r["title"]) for r in rows] == [(s["p"].value, s["title"].value)
                                                    for s in local_store.query(COUNT_TITLES)]


def test_ask_through_sparqlwrapper_xml(endpoint):
    from SPARQLWrapper import XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery("ASK { ?p a <https://w3id.org/ccuskg/ontology#Policy> }")
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


CONSTRUCT = ("CONSTRUCT { ?p <https://w3id.org/ccuskg/ontology#title> ?t } "
             "WHERE { ?p a <https://w3id.org/ccuskg/ontology#Policy> ; <https://w3id.org/ccuskg/ontology#title> ?t }")


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_construct_gives_turtle_ntriples_and_jsonld(endpoint, local_store, accept):
    status, content_type, body = post_query(endpoint, CONSTRUCT, accept)
    assert status == 200 and content_type.startswith(accept)
    remote = {q.triple for q in ox.parse(body, format=ox.RdfFormat.from_media_type(accept))}
    assert remote == set(local_store.query(CONSTRUCT)) and remote


def test_sparqlwrapper_construct_turtle(endpoint, local_store):
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    body = client.queryAndConvert()
    assert {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)} == set(local_store.query(CONSTRUCT))


def test_default_graph_holds_each_triple_of_the_named_graphs_once(endpoint, local_store):
    distinct = {q.triple for q in local_store.quads_for_pattern(None, None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph)}
    in_graphs = sum(1 for q in local_store.quads_for_pattern(None, None, None, None)
                    if not isinstance(q.graph_name, ox.DefaultGraph))
    _, _, body = post_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json")
    count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert count == len(distinct)
    assert in_graphs > len(distinct)  # the seeds do repeat triples across graphs, so this can fail


def test_sparqlwrapper_update_is_refused_and_changes_nothing(endpoint):
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint.replace("/query", "/update"))
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    with pytest.raises(Exception) as raised:
        client.query()
    assert "403" in str(raised.value) or "read-only" in str(raised.value)
    _, _, body = post_query(endpoint, "ASK { <urn:x:a> ?p ?o }", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False


@pytest.mark.parametrize("method,path,content_type,body", [
    ("POST", "/update", "application/x-www-form-urlencoded", b"update=CLEAR+ALL"),
    ("POST", "/query", "application/sparql-update", b"CLEAR ALL"),
    ("POST", "/query", "application/x-www-form-urlencoded", b"update=CLEAR+ALL"),
    ("POST", "/query", "application/x-www-form-urlencoded", b"query=LOAD+%3Chttp%3A%2F%2F127.0.0.1%3A9%2F%3E"),
    ("POST", "/store?default", "text/turtle", b"<urn:x:a> <urn:x:b> <urn:x:c> ."),
    ("PUT", "/store?default", "text/turtle", b"<urn:x:a> <urn:x:b> <urn:x:c> ."),
    ("DELETE", "/store?default", "text/turtle", b""),
])
def test_writes_are_refused_over_plain_http(endpoint, method, path, content_type, body):
    url = endpoint.rsplit("/", 1)[0] + path
    status, _, _ = send(urllib.request.Request(url, data=body or None, method=method,
                                               headers={"Content-Type": content_type}))
    assert status in (400, 403, 405)
    _, _, answer = post_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert int(json.loads(answer)["results"]["bindings"][0]["n"]["value"]) > 0


def test_a_query_past_the_timeout_is_stopped_and_the_next_one_answers(endpoint, seeds_graph):
    started = time.monotonic()
    status, _, body = post_query(endpoint, RUNAWAY, "application/sparql-results+json")
    elapsed = time.monotonic() - started
    assert status == 503 and b"longer than" in body
    assert elapsed < TIMEOUT + 5
    status, _, body = post_query(endpoint, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_a_stopped_query_leaves_no_worker_burning_cpu(endpoint, seeds_graph):
    assert post_query(endpoint, RUNAWAY, "application/sparql-results+json")[0] == 503
    workers = worker_pids(seeds_graph.path)
    before = cpu_seconds(workers)
    time.sleep(1.0)
    assert workers and cpu_seconds(workers) - before < 0.5


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { service silent <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } } LIMIT 1",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "ASK { BIND(<{url}> AS ?u) SERVICE ?u { ?s ?p ?o } }",
    r"SELECT * WHERE { \u0053ERVICE <{url}> { ?s ?p ?o } }",  # a codepoint escape of the keyword
]


def test_service_is_refused_and_no_outbound_request_is_made(endpoint):
    listener = Listener()
    try:
        for template in SERVICE_QUERIES:
            status, _, body = post_query(endpoint, template.replace("{url}", listener.url),
                                         "application/sparql-results+json")
            assert status == 400 and b"SERVICE" in body, template
        assert listener.connections() == 0
    finally:
        listener.close()


def test_from_does_not_fetch_anything(endpoint):
    listener = Listener()
    try:
        status, _, _ = post_query(endpoint, f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }} LIMIT 1",
                                  "application/sparql-results+json")
        assert status == 200 and listener.connections() == 0
    finally:
        listener.close()


def test_ctrl_c_stops_the_endpoint_and_its_worker(seeds_graph):
    already = worker_pids(seeds_graph.path)
    process, url = start_ccuskg_serve(seeds_graph.path, "--workers", "2")
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    workers = worker_pids(seeds_graph.path) - already
    assert len(workers) == 3  # the worker factory and two workers
    assert stop(process) == 0
    assert "Stopped." in process.stderr.read()
    assert not (workers & worker_pids(seeds_graph.path))
    status = None
    try:
        status = post_query(f"http://127.0.0.1:{port}/query", "ASK {}", "application/sparql-results+json", timeout=2)
    except OSError:
        pass
    assert status is None


def test_a_missing_store_is_a_usage_error(cli, tmp_path):
    result = cli("serve", "--store", tmp_path / "nothing", "--port", "0")
    assert result.exit_code == 2 and "no ccuskg store" in result.output


def test_a_port_in_use_is_a_usage_error_and_leaves_no_worker(cli, seeds_graph):
    import socket

    before = worker_pids(seeds_graph.path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        result = cli("serve", "--store", seeds_graph.path, "--port", taken.getsockname()[1])
    assert result.exit_code == 2 and "cannot listen" in result.output
    assert worker_pids(seeds_graph.path) == before


def test_describe_gives_rdf(endpoint, local_store):
    policy = next(iter(local_store.query("SELECT ?p WHERE { ?p a <https://w3id.org/ccuskg/ontology#Policy> } LIMIT 1")))["p"]
    status, content_type, body = post_query(endpoint, f"DESCRIBE {policy}", "application/n-triples")
    assert status == 200 and content_type.startswith("application/n-triples")
    remote = {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    assert remote == set(local_store.query(f"DESCRIBE {policy}")) and remote
