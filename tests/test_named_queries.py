"""The shipped library of named queries: listed, runnable, parameters bound safely."""

import pytest

import ccuskg
from ccuskg.access import named_queries

from factory import write_record

EXPECTED = {"policies-in-force-by-jurisdiction", "supersession-chain", "score-matrix",
            "verified-without-human-reviewer", "assessments-without-citation", "policies-by-cluster"}


def chain_records(folder):
    old = ('---\n{"id": "old-act", "title": "Old Act", "pubDate": "2011-01-01", "status": "Superseded",'
           ' "country": "Australia", "evolution": {"supersededBy": "new-regs"}}\n---\n')
    new = ('---\n{"id": "new-regs", "title": "New Regs", "pubDate": "2023-01-01", "status": "Active",'
           ' "country": "Australia", "evolution": {"supersedes": ["old-act"]}}\n---\n')
    write_record(folder / "en", "old-act.md", old)
    write_record(folder / "en", "new-regs.md", new)


def test_every_query_has_a_name_and_description():
    queries = {q.name: q for q in named_queries.all_queries()}
    assert EXPECTED <= set(queries)
    assert all(q.description for q in queries.values())


def test_queries_command_lists_them(cli):
    result = cli("queries")
    assert result.exit_code == 0
    for name in EXPECTED:
        assert name in result.stdout


def test_supersession_chain_follows_links_in_both_directions_in_date_order(tmp_path):
    chain_records(tmp_path)
    kg = ccuskg.build([tmp_path], store=tmp_path / "store")
    assert [r["member"] for r in kg.named("supersession-chain", id="old-act")] == ["old-act", "new-regs"]
    assert [r["member"] for r in kg.named("supersession-chain", id="new-regs")] == ["old-act", "new-regs"]


def test_parameter_values_cannot_inject_sparql(tmp_path):
    chain_records(tmp_path)
    kg = ccuskg.build([tmp_path], store=tmp_path / "store")
    assert kg.named("supersession-chain", id='old-act" } UNION { ?start ?p ?o } #') == []


def test_missing_parameter_is_a_usage_error(tmp_path, cli):
    chain_records(tmp_path)
    cli("build", tmp_path, "--store", tmp_path / "store")
    result = cli("query", "--name", "supersession-chain", "--store", tmp_path / "store")
    assert result.exit_code == 2 and "--param id=" in result.stderr


def test_unknown_query_name_lists_the_available_ones(tmp_path, cli):
    chain_records(tmp_path)
    cli("build", tmp_path, "--store", tmp_path / "store")
    result = cli("query", "--name", "nope", "--store", tmp_path / "store")
    assert result.exit_code == 2 and "score-matrix" in result.stderr


def test_in_force_query_leaves_out_superseded_policies(tmp_path):
    chain_records(tmp_path)
    kg = ccuskg.build([tmp_path], store=tmp_path / "store")
    assert kg.named("policies-in-force-by-jurisdiction") == [
        {"jurisdiction": "Australia", "policies": 1, "ids": "new-regs"}]


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(EXPECTED - {"supersession-chain"}))
def test_each_query_returns_rows_on_the_corpus(corpus_policies, tmp_path_factory, name):
    kg = ccuskg.build([corpus_policies], store=tmp_path_factory.mktemp("nq") / "store")
    assert len(kg.named(name)) > 0


@pytest.mark.corpus
def test_score_matrix_has_a_row_per_jurisdiction_and_integer_scores(corpus_policies, tmp_path):
    kg = ccuskg.build([corpus_policies], store=tmp_path / "store")
    rows = kg.named("score-matrix")
    assert len({r["jurisdiction"] for r in rows}) == len(rows)
    china = next(r for r in rows if r["jurisdiction"] == "China")
    assert china["policies"] == 11 and 0 <= china["mrv"] <= 100
