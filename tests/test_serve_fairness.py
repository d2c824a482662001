"""`ccuskg serve` under concurrent clients: a query stopped at the timeout fails alone, long queries
do not take the workers cheap ones need, and a large query is checked quickly and bounded."""

from __future__ import annotations

import json
import threading
import urllib.request

import pytest

from servers import post_query, send, start_ccuskg_serve, stop

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK { ?p a ccus:Policy }"


@pytest.fixture(scope="module")
def endpoint(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path, "--timeout", "3", "--workers", "2")
    yield url
    stop(process)


def in_threads(url: str, count: int, query: str) -> tuple[list, list[threading.Thread]]:
    """Start ``count`` clients sending ``query`` once; (status, body) of each fills the returned list."""
    answers: list = []

    def client():
        status, _, body = post_query(url, query, "application/sparql-results+json")
        answers.append((status, body))

    threads = [threading.Thread(target=client) for _ in range(count)]
    for thread in threads:
        thread.start()
    return answers, threads


def test_cheap_queries_beside_runaways_all_answer_while_the_runaways_are_stopped(endpoint):
    runaways, threads = in_threads(endpoint, 3, RUNAWAY)
    cheap = [post_query(endpoint, CHEAP, "application/sparql-results+json") for _ in range(30)]
    for thread in threads:
        thread.join()
    assert [(status, json.loads(body)["boolean"]) for status, _, body in cheap] == [(200, True)] * 30
    assert [status for status, _ in runaways] == [503] * 3


def test_long_queries_beyond_the_long_lane_wait_their_turn_and_cheap_ones_still_answer(endpoint):
    runaways, threads = in_threads(endpoint, 6, RUNAWAY)  # 2 workers: at most 2 queries run long at once
    cheap = [post_query(endpoint, CHEAP, "application/sparql-results+json")[0] for _ in range(20)]
    for thread in threads:
        thread.join()
    assert cheap == [200] * 20
    assert [(status, b"longer than" in body) for status, body in runaways] == [(503, True)] * 6


def test_a_large_query_is_answered(endpoint):
    values = " ".join(f'"{n}"' for n in range(30_000))  # about 220 kB
    status, _, body = post_query(endpoint, f"ASK {{ VALUES ?v {{ {values} }} }}", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_a_query_over_the_size_limit_is_refused_before_it_runs(endpoint):
    from ccuskg.access.endpoint.check import MAX_QUERY_CHARS

    query = "ASK {} #" + "x" * MAX_QUERY_CHARS
    request = urllib.request.Request(endpoint, data=query.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query"})
    status, _, body = send(request)
    assert status == 413 and b"at most" in body


def test_a_query_that_spells_service_in_a_string_or_a_prefixed_name_runs(endpoint):
    query = 'PREFIX ex: <http://example.org/> ASK { FILTER("service" != "x") ?s ?p ?o FILTER(?p != ex:service) }'
    status, _, body = post_query(endpoint, query, "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
