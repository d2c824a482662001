"""`ccuskg serve --worker-memory`: a query that needs more memory than one query may use is stopped
with HTTP 503 naming the setting, and no other query fails (each worker has its own budget)."""

from __future__ import annotations

import json
import sys
import threading

import pytest

from ccuskg.access.endpoint.server import MIN_WORKER_MEMORY_MIB, default_worker_memory

from servers import post_query, send, start_ccuskg_serve, stop

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_DATA and /proc are Linux's")

# sorting every pair of triples holds all the pairs: far more than 64 MiB on the seeds
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
CHEAP = "ASK { ?p a ccus:Policy }"
BUDGET = 64


@pytest.fixture(scope="module")
def endpoint(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path, "--timeout", "30", "--workers", "2",
                                      "--worker-memory", str(BUDGET))
    yield url
    stop(process)


def test_a_query_past_the_memory_budget_gets_503_naming_the_setting(endpoint):
    status, _, body = post_query(endpoint, HUNGRY, "application/sparql-results+json", timeout=60)
    assert status == 503
    assert f"more than the {BUDGET} MiB" in body.decode() and "--worker-memory" in body.decode()


def test_cheap_queries_beside_a_hungry_one_all_answer(endpoint):
    hungry: list = []
    thread = threading.Thread(target=lambda: hungry.append(
        post_query(endpoint, HUNGRY, "application/sparql-results+json", timeout=60)[0]))
    thread.start()
    cheap = [post_query(endpoint, CHEAP, "application/sparql-results+json") for _ in range(20)]
    thread.join()
    assert [(status, json.loads(body)["boolean"]) for status, _, body in cheap] == [(200, True)] * 20
    assert hungry == [503]


def test_the_endpoint_answers_after_a_worker_ran_out_of_memory(endpoint):
    post_query(endpoint, HUNGRY, "application/sparql-results+json", timeout=60)
    status, _, body = post_query(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                 "application/sparql-results+json")
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


def test_health_states_the_budget(endpoint):
    import urllib.request

    status, _, body = send(urllib.request.Request(endpoint[: -len("query")] + "health"))
    assert status == 200 and json.loads(body)["worker_memory_mib"] == BUDGET


def test_the_default_budget_shares_half_the_memory_among_the_worker_slots():
    import os

    total_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    assert default_worker_memory(12) == max(MIN_WORKER_MEMORY_MIB, total_mib // 2 // 12)
    assert default_worker_memory(10 ** 6) == MIN_WORKER_MEMORY_MIB
