"""`ccuskg serve --max-results N`: an answer holds at most N rows or triples and says when it was cut."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from servers import start_ccuskg_serve, stop

LIMIT = 5


@pytest.fixture(scope="module")
def endpoint(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path, "--max-results", str(LIMIT))
    yield url
    stop(process)


def fetch(url: str, query: str, accept: str) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, data=urlencode({"query": query}).encode(), headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(response.headers), response.read()


def test_a_select_with_more_rows_is_cut_and_says_so(endpoint):
    headers, body = fetch(endpoint, "SELECT ?s WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == LIMIT
    assert "max-results" in headers["X-Ccuskg-Truncated"]


def test_a_select_with_fewer_rows_is_whole_and_not_marked(endpoint):
    headers, body = fetch(endpoint, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 3
    assert "X-Ccuskg-Truncated" not in headers


def test_a_cut_answer_in_csv_has_the_limit_of_rows(endpoint):
    _, body = fetch(endpoint, "SELECT ?s ?p WHERE { ?s ?p ?o }", "text/csv")
    assert body.decode().splitlines()[0] == "s,p" and len(body.decode().splitlines()) == LIMIT + 1


def test_a_construct_is_cut_to_the_limit_of_triples(endpoint):
    headers, body = fetch(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == LIMIT
    assert "X-Ccuskg-Truncated" in headers
