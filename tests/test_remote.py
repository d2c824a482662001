"""Remote endpoints read like the local store: `ccuskg.remote(url)` and `ccuskg query --endpoint URL`,
checked against `ccuskg serve` over the same store (so the answers must be the same)."""

from __future__ import annotations

import pytest

import ccuskg
from ccuskg.access import named_queries
from factory import SEEDS
from servers import free_port, start_ccuskg_serve, stop

SCORES = "SELECT ?id ?dim ?score WHERE { ?p ccus:identifier ?id ; ccus:hasAssessment ?a . " \
         "?a ccus:dimension/skos:notation ?dim ; ccus:score ?score } ORDER BY ?id ?dim"
DATES = "SELECT ?id ?date WHERE { ?p ccus:identifier ?id ; ccus:publicationDate ?date } ORDER BY ?id"


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory):
    """This module's own seeds store (it overrides the session one): the endpoint serves this folder
    while the tests compare with it, so no other test's rebuild can slip in between the two."""
    return ccuskg.build([SEEDS], store=tmp_path_factory.mktemp("remote-seeds") / "store")


@pytest.fixture(scope="module")
def endpoint(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path)
    yield url
    stop(process)


def test_remote_rows_equal_local_rows_with_the_same_python_types(endpoint, seeds_graph):
    local = seeds_graph.rows(DATES)
    assert ccuskg.remote(endpoint).rows(DATES) == local and local
    assert type(local[0]["date"]).__name__ == "date"


def test_remote_dataframe_is_typed_like_the_local_one(endpoint, seeds_graph):
    pytest.importorskip("pandas")
    remote = ccuskg.remote(endpoint).dataframe(SCORES)
    local = seeds_graph.dataframe(SCORES)
    assert str(remote["score"].dtype) == "Int64" and remote.equals(local) and len(local)
    dates = ccuskg.remote(endpoint).dataframe(DATES)
    assert str(dates["date"].dtype).startswith("datetime64")


def test_remote_binds_parameters_as_literals(endpoint, seeds_graph):
    one = ccuskg.remote(endpoint).rows(DATES.replace(" ORDER BY ?id", ""), id="cn-miit-industrial-plan-2022")
    assert [r["id"] for r in one] == ["cn-miit-industrial-plan-2022"]
    hostile = ccuskg.remote(endpoint).rows(DATES.replace(" ORDER BY ?id", ""), id='x" } } DELETE WHERE { ?s ?p ?o')
    assert hostile == []


@pytest.mark.parametrize("query", [q.name for q in named_queries.all_queries()])
def test_every_named_query_gives_the_same_rows_remotely(endpoint, seeds_graph, query):
    params = {p: "cn-miit-industrial-plan-2022" for p in named_queries.get(query).params}
    assert ccuskg.remote(endpoint).named(query, **params) == seeds_graph.named(query, **params)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_query_endpoint_cli_output_equals_the_local_output(cli, endpoint, seeds_graph, fmt):
    local = cli("query", "--store", seeds_graph.path, "--format", fmt, SCORES)
    remote = cli("query", "--endpoint", endpoint, "--format", fmt, SCORES)
    assert remote.exit_code == 0 and remote.output == local.output


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_query_endpoint_cli_construct_equals_the_local_output(cli, endpoint, seeds_graph, fmt):
    construct = "CONSTRUCT { ?p ccus:title ?t } WHERE { ?p a ccus:Policy ; ccus:title ?t }"
    local = cli("query", "--store", seeds_graph.path, "--format", fmt, construct)
    remote = cli("query", "--endpoint", endpoint, "--format", fmt, construct)
    assert remote.exit_code == 0 and remote.output == local.output and local.output.strip()


def test_query_endpoint_cli_runs_named_queries_with_parameters(cli, endpoint, seeds_graph):
    args = ("--name", "supersession-chain", "--param", "id=cn-miit-industrial-plan-2022", "--format", "csv")
    assert cli("query", "--endpoint", endpoint, *args).output == cli("query", "--store", seeds_graph.path, *args).output


def test_a_query_the_endpoint_rejects_is_one_line_and_exit_2(cli, endpoint):
    result = cli("query", "--endpoint", endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert result.exit_code == 2 and "HTTP 400" in result.output and "SERVICE" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_unreachable_endpoint_is_one_line_and_exit_2(cli):
    result = cli("query", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "ASK {}")
    assert result.exit_code == 2 and "cannot reach" in result.output and "Traceback" not in result.output


def test_store_and_endpoint_together_are_a_usage_error(cli, tmp_path):
    result = cli("query", "--store", tmp_path, "--endpoint", "http://127.0.0.1:9/query", "ASK {}")
    assert result.exit_code == 2
