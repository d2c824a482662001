"""Shared fixtures: the project's seeds, the external corpus (skipped where absent), built stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from factory import CORPUS, SEEDS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real public corpus beside the checkout; tests that need it skip cleanly without it."""
    if not (CORPUS / "policies").is_dir():
        pytest.skip(f"external corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_policies(corpus_dir) -> Path:
    return corpus_dir / "policies"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_graph(tmp_path_factory):
    """The seeds built once into a store for read-only tests."""
    import ccuskg

    store = tmp_path_factory.mktemp("seeds-store") / "store"
    return ccuskg.build([SEEDS], store=store)


@pytest.fixture
def shell():
    """A real IPython shell with ``%load_ext ccuskg`` done (skipped where IPython is absent)."""
    pytest.importorskip("IPython")
    from IPython.testing.globalipapp import get_ipython

    ip = get_ipython()
    ip.run_line_magic("load_ext", "ccuskg")
    return ip


@pytest.fixture
def cli():
    """Invoke the ccuskg CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    from ccuskg.cli import main

    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke



@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """One throwaway Virtuoso for the session (skipped where virtuoso-t is not installed)."""
    from virtuoso import start_virtuoso

    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()
