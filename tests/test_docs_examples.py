"""Every command example in README.md and docs/*.md runs: it exits 0, a query returns rows, and
output the docs show is what the command prints. Examples that need a server, a network or the
reader's own folders are listed with the reason in tests/doc_examples.py (SKIPPED)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from importlib.metadata import entry_points

import pytest
from click.testing import CliRunner

from doc_examples import examples
from factory import ROOT

EXAMPLES = examples()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder like a fresh clone after 'ccuskg build seeds': seeds/, examples/ and .ccuskg/store; plus
    what the release examples start from (an older store, two exported releases) and a records/ folder."""
    from ccuskg.cli import main

    folder = tmp_path_factory.mktemp("docs-examples")
    for name in ("seeds", "examples"):
        shutil.copytree(ROOT / name, folder / name)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        CliRunner().invoke(main, ["build", "seeds", "-q"], catch_exceptions=False)
        shutil.copytree("seeds", "records")
        shutil.rmtree("records/facilities")  # an older release: the policies without the facilities
        CliRunner().invoke(main, ["build", "records", "-q", "--store", "old-store"], catch_exceptions=False)
        CliRunner().invoke(main, ["export", "--store", "old-store", "-o", "release-1.ttl"], catch_exceptions=False)
        CliRunner().invoke(main, ["export", "-o", "release-2.ttl"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return folder


def _params(kind: str):
    found = []
    for example in (e for e in EXAMPLES if e.kind == kind):
        marks = [pytest.mark.skip(reason=example.skip_reason())] if example.skip_reason() else []
        found.append(pytest.param(example, id=example.id, marks=marks))
    return found


def test_the_docs_have_examples_of_each_kind():
    assert {e.kind for e in EXAMPLES} == {"cli", "magic", "notebook"}


@pytest.mark.parametrize("example", _params("cli"))
def test_command_example_runs(example, workspace, monkeypatch):
    from ccuskg.access.query import is_empty_select
    from ccuskg.cli import main

    monkeypatch.chdir(workspace)
    monkeypatch.delenv("CCUSKG_STORE", raising=False)
    result = CliRunner().invoke(main, example.argv(), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    argv = example.argv()
    if argv[0] == "query" and "-o" not in argv:
        fmt = argv[argv.index("--format") + 1] if "--format" in argv else "table"
        assert not is_empty_select(result.stdout, fmt), f"{example.id} found no rows:\n{result.output}"
    for line in example.output:
        assert line in result.output.splitlines(), f"{example.id} shows a line the command does not print: {line}"


@pytest.mark.parametrize("example", _params("magic"))
def test_magic_example_returns_rows(example, workspace, monkeypatch):
    pytest.importorskip("pandas")
    from ccuskg.magics import run_cell

    monkeypatch.chdir(workspace)
    line, _, cell = example.command.partition("\n")
    value = run_cell(line.split(None, 1)[1] if " " in line else "", cell)
    assert len(value) > 0


@pytest.mark.parametrize("example", _params("notebook"))
def test_notebook_instruction_uses_what_its_extras_install(example):
    command = example.command.split()
    script = "-".join(command[:2])
    providers = {ep.dist.name.lower() for ep in entry_points(group="console_scripts") if ep.name == script}
    assert providers, f"no installed package provides {script}"
    project = pytest.importorskip("tomllib").loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    assert set(example.extras) <= set(extras), f"{example.id} names an extra pyproject.toml does not define"
    named = {_name(r) for x in example.extras for r in extras[x]}
    assert providers & named, f"{example.id}: {script} comes from {providers}, which the extras {example.extras} do not install"


@pytest.mark.parametrize("example", _params("notebook"))
def test_notebook_instruction_runs(example):
    pytest.importorskip("ipykernel")
    command = [shutil.which(example.command.split()[0]) or example.command.split()[0]] + example.command.split()[1:]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr[-2000:]


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!;\[~]", requirement, maxsplit=1)[0].lower()
