"""``%sparql`` / ``%%sparql`` used wrongly in a real IPython shell: one-line usage errors, never a
traceback or a SystemExit inside the kernel; a named query runs without cell text."""

import pytest

import ccuskg

from factory import FOUNDING_RECORD


@pytest.fixture
def store(tmp_path):
    ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")
    return tmp_path / "store"


def test_a_named_query_runs_as_a_line_magic_without_cell_text(shell, store):
    pytest.importorskip("pandas")
    frame = shell.run_line_magic("sparql", f"--store {store} --name assessments-without-citation")
    assert list(frame["dimension"]) == ["strategic"]


@pytest.mark.parametrize("line, cell, message", [
    ("--store {store} --bogus", "SELECT * { ?s ?p ?o }", "unrecognized arguments: --bogus"),
    ("--store '{store}", "SELECT * { ?s ?p ?o }", "cannot split the options"),
    ("--store {store}/nothing-here", "SELECT * { ?s ?p ?o }", "no ccuskg store"),
    ("--store {store}", "SELEC broken", "invalid SPARQL"),
    ("--store {store}", "DELETE WHERE { ?s ?p ?o }", "not SPARQL updates"),
    ("--store {store} --param id", "SELECT * { ?s ?p ?o }", "NAME=VALUE"),
    ("--store {store} --name no-such-query", "", "no named query"),
    ("--endpoint http://127.0.0.1:9/query", "SELECT * { ?s ?p ?o }", "cannot reach"),
    ("--store {store}", "   ", "no query"),
])
def test_a_wrong_sparql_magic_is_one_usage_error(shell, store, line, cell, message):
    from IPython.core.error import UsageError

    with pytest.raises(UsageError, match=message):
        if cell:
            shell.run_cell_magic("sparql", line.format(store=store), cell)
        else:
            shell.run_line_magic("sparql", line.format(store=store))


def test_an_ask_cell_gives_true_or_false(shell, store):
    assert shell.run_cell_magic("sparql", f"--store {store}", "ASK { ?p a ccus:Policy }") is True


def test_a_cell_after_rebuilding_the_store_sees_the_new_build(shell, tmp_path):
    from factory import SEEDS

    store = tmp_path / "rebuilt"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?p a ccus:Policy }"
    ccuskg.build([FOUNDING_RECORD], store=store)
    first = shell.run_cell_magic("sparql", f"--store {store}", count)
    ccuskg.build([SEEDS / "en"], store=store)
    second = shell.run_cell_magic("sparql", f"--store {store}", count)
    n = (lambda r: int(r["n"].iloc[0]) if hasattr(r, "iloc") else r[0]["n"])
    assert n(first) == 1 and n(second) > 1
