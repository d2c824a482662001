"""The %%sparql cell magic in a real IPython shell."""

import pytest

import ccuskg

from factory import FOUNDING_RECORD


def test_sparql_cell_returns_a_typed_dataframe(shell, tmp_path):
    pytest.importorskip("pandas")
    ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")
    frame = shell.run_cell_magic("sparql", f"--store {tmp_path / 'store'}",
                                 "SELECT ?dim ?score WHERE { ?a ccus:dimension/skos:notation ?dim ; ccus:score ?score }")
    assert sorted(frame["dim"]) == ["incentive", "market", "mrv", "statutory", "strategic"]
    assert str(frame["score"].dtype) == "Int64"


def test_sparql_cell_binds_parameters_and_runs_named_queries(shell, tmp_path):
    pytest.importorskip("pandas")
    ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store2")
    frame = shell.run_cell_magic("sparql", f"--store {tmp_path / 'store2'} --param id=cn-miit-industrial-plan-2022",
                                 "SELECT ?id ?date WHERE { ?p ccus:identifier ?id ; ccus:publicationDate ?date }")
    assert str(frame["date"].iloc[0].date()) == "2022-08-01"
    named = shell.run_cell_magic("sparql", f"--store {tmp_path / 'store2'} --name assessments-without-citation",
                                 "# the cell text is ignored when --name is given")
    assert list(named["dimension"]) == ["strategic"]


def test_sparql_cell_queries_a_remote_endpoint_like_the_local_store(shell, seeds_graph):
    pytest.importorskip("pandas")
    from servers import start_ccuskg_serve, stop

    process, url = start_ccuskg_serve(seeds_graph.path)
    try:
        query = "SELECT ?id ?date WHERE { ?p ccus:identifier ?id ; ccus:publicationDate ?date } ORDER BY ?id"
        remote = shell.run_cell_magic("sparql", f"--endpoint {url}", query)
        local = shell.run_cell_magic("sparql", f"--store {seeds_graph.path}", query)
        assert remote.equals(local) and len(local) > 0
        assert str(remote["date"].dtype).startswith("datetime64")
        named = shell.run_cell_magic("sparql", f"--endpoint {url} --name supersession-chain "
                                               "--param id=cn-miit-industrial-plan-2022", "# named")
        expected = [r["member"] for r in seeds_graph.named("supersession-chain", id="cn-miit-industrial-plan-2022")]
        assert list(named["member"]) == expected and expected
    finally:
        stop(process)
