"""The second barrier of `ccuskg serve`: a query worker has no network at all, so a SERVICE query
that got past every check still connects nowhere. The control shows the same worker without the
barrier does connect, so the first test can fail."""

from __future__ import annotations

import sys
import time

import pytest

from ccuskg.access.endpoint.pool import Factory
from servers import Listener

SERVICE = "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


@pytest.fixture()
def listener():
    target = Listener()
    yield target
    target.close()


def ask_worker(store, query: str, isolate: bool | str, user: int | None = None) -> tuple[str, int, bytes]:
    """Send ``query`` straight to a fresh worker, as the proxy would; (isolation, status, body)."""
    factory = Factory(store, {"isolate": isolate}, user=user)
    worker = factory.worker(0).wait_ready()
    try:
        worker.send({"op": "query", "query": query, "accept": ["application/sparql-results+json"]})
        header, body = worker.reply(time.monotonic() + 3)
        return worker.isolation, header["status"], body
    except TimeoutError:  # e.g. connected to the listener, which never answers
        return worker.isolation, 0, b""
    finally:
        worker.kill()
        factory.stop()


def isolated_or_skip(store) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("network namespaces are Linux only: elsewhere the proxy's SERVICE check is the only barrier")
    if ask_worker(store, "ASK {}", True)[0] == "none":
        pytest.skip("this kernel or container forbids unshare(CLONE_NEWNET) and user namespaces")


def test_a_service_query_that_reaches_a_worker_makes_no_connection(seeds_graph, listener):
    isolated_or_skip(seeds_graph.path)
    isolation, status, body = ask_worker(seeds_graph.path, SERVICE.format(url=listener.url), True)
    assert isolation in ("netns", "userns+netns")
    assert status == 500 and b"failed" in body
    assert listener.connections() == 0


def test_without_the_barrier_the_same_worker_would_connect(seeds_graph, listener):
    ask_worker(seeds_graph.path, SERVICE.format(url=listener.url), False)
    assert listener.connections() >= 1


def test_an_isolated_worker_still_answers_queries(seeds_graph):
    isolated_or_skip(seeds_graph.path)
    _, status, body = ask_worker(seeds_graph.path, "ASK { ?s ?p ?o }", True)
    assert status == 200 and b"true" in body


def test_the_user_namespace_way_a_user_without_root_gets_also_cuts_the_worker_off(seeds_graph, listener):
    # the worker tries a plain network namespace first (root may make one); a user without root gets
    # a user namespace holding a network namespace: forced here, so that way is tested as well
    isolated_or_skip(seeds_graph.path)
    if ask_worker(seeds_graph.path, "ASK {}", "userns+netns")[0] == "none":
        pytest.skip("this kernel forbids user namespaces")
    isolation, status, body = ask_worker(seeds_graph.path, SERVICE.format(url=listener.url), "userns+netns")
    assert isolation == "userns+netns" and status == 500 and listener.connections() == 0
    assert ask_worker(seeds_graph.path, "ASK { ?s ?p ?o }", "userns+netns")[1:] == (200, b'{"head":{},"boolean":true}')


def test_health_says_whether_the_workers_are_cut_off_from_the_network(seeds_graph):
    from ccuskg.access.endpoint import Endpoint

    with Endpoint(seeds_graph.path, port=0, workers=1) as endpoint:
        assert endpoint.health()["network_isolation"] in ("netns", "userns+netns", "none")

