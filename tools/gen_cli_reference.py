"""Regenerate docs/cli.md, the command reference, from the click group itself.

    python tools/gen_cli_reference.py            # rewrite the file
    python tools/gen_cli_reference.py --check    # exit 1 if the file is out of date (CI, tests)

The reference is never edited by hand: change a command's help text, then run this. Help is
rendered at a fixed width so the file does not depend on the terminal it was generated in.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/ itself, however this file is loaded
from generated import write_or_check  # noqa: E402

WIDTH = 100
DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

HEADER = """\
# Command reference

Generated from the command's own help by `python tools/gen_cli_reference.py`; do not edit by hand
(a test fails when this file and the help texts disagree). Exit codes: 0 success, 1 data errors,
2 usage errors.
"""


def walk(cmd: click.Command, name: str = "ccuskg",
         parent: click.Context | None = None) -> Iterator[tuple[str, click.Command, click.Context]]:
    """Yield (full name, command, context) for the group and every command below it, in order."""
    # The command's own context_settings (e.g. -h as a help option) apply, as in a real run.
    settings = {**cmd.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    ctx = cmd.context_class(cmd, info_name=name, parent=parent, **settings)
    yield ctx.command_path, cmd, ctx
    if isinstance(cmd, click.Group):
        for sub in cmd.list_commands(ctx):
            child = cmd.get_command(ctx, sub)
            if child is not None and not child.hidden:
                yield from walk(child, sub, ctx)


def render(group: click.Command | None = None) -> str:
    """The whole of docs/cli.md: a table of contents, then each command's --help."""
    if group is None:
        from ccuskg.cli.app import main as group
    entries = list(walk(group))
    toc = [f"- [`{path}`](#{path.replace(' ', '-')})" for path, _, _ in entries]
    parts = [HEADER, "\n".join(toc) + "\n"]
    for path, cmd, ctx in entries:
        parts.append(f"## {path}\n\n```text\n{cmd.get_help(ctx).rstrip()}\n```\n")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    return write_or_check(DOC, render(), argv, "gen_cli_reference.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
