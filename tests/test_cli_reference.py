"""docs/cli.md is the command's own help, so the reference cannot drift from the command."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import click
import pytest

from ccuskg.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "gen_cli_reference.py"

_spec = importlib.util.spec_from_file_location("gen_cli_reference", TOOL)
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

COMMANDS = list(gen.walk(main))


def test_committed_reference_is_generated_text():
    committed = gen.DOC.read_text(encoding="utf-8")
    assert committed == gen.render(), "docs/cli.md is out of date: run python tools/gen_cli_reference.py"


def test_walk_reaches_every_command_and_subcommand():
    """The walker itself must not skip commands, or the other checks would pass vacuously."""
    def names(cmd, prefix):
        yield prefix
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                if not sub.hidden:
                    yield from names(sub, f"{prefix} {name}")
    assert sorted(path for path, _, _ in COMMANDS) == sorted(names(main, "ccuskg"))
    assert len(COMMANDS) > 5


@pytest.mark.parametrize("path", [p for p, _, _ in COMMANDS])
def test_every_command_has_a_section(path):
    text = gen.DOC.read_text(encoding="utf-8")
    assert f"\n## {path}\n" in text, f"{path} has no section in docs/cli.md"
    assert f"Usage: {path} " in text


# Known gaps, owned by the command modules; strict, so the mark must go when the help is written.
@pytest.mark.parametrize("path,cmd", [(p, c) for p, c, _ in COMMANDS])
def test_every_command_and_option_has_help(path, cmd):
    assert (cmd.help or "").strip(), f"{path} has no help text"
    assert (cmd.get_short_help_str() or "").strip()
    missing = [param.opts[0] for param in cmd.params
               if isinstance(param, click.Option) and not (param.help or "").strip()]
    assert not missing, f"{path}: options without help: {missing}"


def test_check_mode_fails_on_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "cli.md"
    stale.write_text("# stale\n", encoding="utf-8")
    monkeypatch.setattr(gen, "DOC", stale)
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
    assert stale.read_text(encoding="utf-8") == gen.render()


def test_check_mode_from_the_command_line():
    run = subprocess.run([sys.executable, str(TOOL), "--check"], cwd=ROOT,
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "COLUMNS": "40",
                                                              "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
