"""`ccuskg push` aimed at the wrong URL: a web server that is not a Graph Store gives a hint, exit 2."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factory import FOUNDING_RECORD


@pytest.fixture
def static_site(tmp_path):
    """A plain static web server (directory listings as HTML), like pointing push at a home page."""
    (tmp_path / "site").mkdir()
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_push_to_a_web_page_says_it_is_not_a_graph_store(tmp_path, cli, static_site):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("push", "--store", tmp_path / "store", "--endpoint", static_site)
    assert result.exit_code == 2
    assert "HTML page" in result.stderr and "Graph Store Protocol URL" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("url, likely", [
    ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store"),
    ("http://127.0.0.1:8890/sparql", "http://127.0.0.1:8890/sparql-graph-crud-auth"),
    ("http://127.0.0.1:3030/ccus/sparql", "http://127.0.0.1:3030/ccus/data"),
    ("http://127.0.0.1:7200/repositories/ccus", "http://127.0.0.1:7200/repositories/ccus/rdf-graphs/service"),
])
def test_push_to_a_query_url_names_the_graph_store_url_it_needs(tmp_path, cli, url, likely):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("push", "--store", tmp_path / "store", "--endpoint", url)
    assert result.exit_code == 2 and "Graph Store Protocol URL" in result.stderr and likely in result.stderr
    assert len(result.output.strip().splitlines()) == 1
