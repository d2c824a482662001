"""The same answers on Virtuoso as on the local store: every named query through ``ccuskg.remote()``,
``ccuskg query --endpoint`` and ``%%sparql --endpoint``, with typed DataFrame columns."""

from __future__ import annotations

import pytest

import ccuskg
from ccuskg.access import named_queries
from ccuskg.access.push import push
from virtuoso import DBA_PASSWORD, clear_ccuskg_graphs

CHAIN = "au-opggs-ghg-injection-storage-regs-2011"  # superseded in 2023: a chain of two
QUERIES = [q.name for q in named_queries.all_queries()]
# DISTINCT: Virtuoso's default graph is the bag union of the named graphs (en and zh records share triples).
SCORES = "SELECT DISTINCT ?id ?dim ?score WHERE { ?p ccus:identifier ?id ; ccus:hasAssessment ?a . " \
         "?a ccus:dimension/skos:notation ?dim ; ccus:score ?score } ORDER BY ?id ?dim"
DATES = "SELECT DISTINCT ?id ?date WHERE { ?p ccus:identifier ?id ; ccus:publicationDate ?date } ORDER BY ?id"


@pytest.fixture(scope="module")
def endpoint(virtuoso, seeds_graph):
    """Virtuoso's public /sparql, after the seeds were pushed to it."""
    clear_ccuskg_graphs(virtuoso)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CCUSKG_ENDPOINT_USER", "dba")
        env.setenv("CCUSKG_ENDPOINT_PASSWORD", DBA_PASSWORD)
        push(seeds_graph.path, virtuoso.graph_store)
    return virtuoso.sparql


def params(name: str) -> dict:
    return {p: CHAIN for p in named_queries.get(name).params}


def cli_params(name: str) -> list[str]:
    return [arg for p, v in params(name).items() for arg in ("--param", f"{p}={v}")]


@pytest.mark.parametrize("query", QUERIES)
def test_every_named_query_gives_the_same_rows_on_virtuoso(endpoint, seeds_graph, query):
    local = seeds_graph.named(query, **params(query))
    assert ccuskg.remote(endpoint).named(query, **params(query)) == local


def test_the_supersession_chain_is_followed_on_virtuoso(endpoint):
    members = [row["member"] for row in ccuskg.remote(endpoint).named("supersession-chain", id=CHAIN)]
    assert members == [CHAIN, CHAIN.replace("2011", "2023")]


@pytest.mark.parametrize("query", QUERIES)
def test_query_endpoint_cli_prints_the_same_as_locally_on_virtuoso(cli, endpoint, seeds_graph, query):
    args = ("--name", query, *cli_params(query), "--format", "csv")
    remote = cli("query", "--endpoint", endpoint, *args)
    # the answers on stdout; the notes on stderr may differ (no ontology graph to check terms against)
    assert remote.exit_code == 0 and remote.stdout == cli("query", "--store", seeds_graph.path, *args).stdout


@pytest.mark.parametrize("query", QUERIES)
def test_sparql_magic_on_virtuoso_gives_the_local_dataframe(shell, endpoint, seeds_graph, query):
    pytest.importorskip("pandas")
    options = " ".join(f"--param {p}={v}" for p, v in params(query).items())
    remote = shell.run_cell_magic("sparql", f"--endpoint {endpoint} --name {query} {options}", "# named")
    local = shell.run_cell_magic("sparql", f"--store {seeds_graph.path} --name {query} {options}", "# named")
    assert remote.equals(local) and list(remote.dtypes) == list(local.dtypes)


def test_numbers_and_dates_from_virtuoso_are_typed_dataframe_columns(endpoint, seeds_graph):
    pytest.importorskip("pandas")
    scores, dates = ccuskg.remote(endpoint).dataframe(SCORES), ccuskg.remote(endpoint).dataframe(DATES)
    assert str(scores["score"].dtype) == "Int64" and scores.equals(seeds_graph.dataframe(SCORES)) and len(scores)
    assert str(dates["date"].dtype).startswith("datetime64") and dates.equals(seeds_graph.dataframe(DATES))


def test_literal_datatypes_and_language_tags_survive_virtuoso(endpoint, seeds_graph):
    # Virtuoso leaves DATATYPE() of a language-tagged string unbound (SPARQL 1.0): compare tags apart.
    kinds = "SELECT DISTINCT ?type ?lang WHERE { ?s ?p ?o FILTER(isLiteral(?o)) " \
            "BIND(IF(LANG(?o) = '', DATATYPE(?o), rdf:langString) AS ?type) BIND(LANG(?o) AS ?lang) } " \
            "ORDER BY ?type ?lang"
    local = seeds_graph.rows(kinds)
    remote = [row for row in ccuskg.remote(endpoint).rows(kinds)
              if not str(row["type"]).startswith("http://www.openlinksw.com/")]
    # Virtuoso stores a WKT point as its own geometry type (virtrdf:Geometry): documented in
    # docs/production-stores.md; every other datatype and language tag comes back as stored
    assert remote == [row for row in local if str(row["type"]) != "http://www.opengis.net/ont/geosparql#wktLiteral"]


def test_ask_on_virtuoso_is_a_boolean(endpoint):
    assert ccuskg.remote(endpoint).query("ASK { ?p a ccus:Policy }").boolean is True
    assert ccuskg.remote(endpoint).query("ASK { ?p a ccus:NoSuchClass }").boolean is False


def test_authenticated_queries_go_through_virtuoso_digest(endpoint, seeds_graph, monkeypatch):
    monkeypatch.setenv("CCUSKG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("CCUSKG_ENDPOINT_PASSWORD", DBA_PASSWORD)
    authenticated = ccuskg.remote(endpoint + "-auth")  # /sparql-auth: digest only
    assert authenticated.named("score-matrix") == seeds_graph.named("score-matrix")
