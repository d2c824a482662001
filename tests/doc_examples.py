"""The command examples of README.md and docs/*.md, found generically so new docs are covered too.

An example is a line in a fenced block (```bash, ```sh, ```console, ```text or a bare ```) that starts
with ``ccuskg `` (or ``$ ccuskg ``), a ``%%sparql``/``%sparql`` cell, or a notebook instruction
(``pip install 'ccuskg[EXTRA]'`` followed by a ``jupyter …`` command). Lines after a ``$ ccuskg``
prompt, up to the next blank line or prompt, are the output the docs show.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from factory import ROOT

SHELL_BLOCKS = {"", "bash", "sh", "shell", "console", "text"}
# (what a command contains, why it is not run here): servers, networks and user folders
SKIPPED = (
    (re.compile(r"^ccuskg serve\b"), "starts a server that runs until stopped (tests/test_serve.py runs it)"),
    (re.compile(r"^ccuskg push\b"), "needs a Graph Store endpoint (tests/test_push.py runs it)"),
    (re.compile(r"--endpoint\b"), "needs a running SPARQL endpoint (tests/test_remote.py runs it)"),
    (re.compile(r"\[--|\bURL\b|\bDIR\b|\bFILE\b"), "a synopsis with placeholders, not an example"),
    (re.compile(r"\brecords/"), "the reader's own record folder"),
    (re.compile(r"\|\s*curl\b"), "sends the output to a remote store"),
)


@dataclass
class Example:
    doc: str
    line: int
    kind: str  # "cli" | "magic" | "notebook"
    command: str
    output: list[str] = field(default_factory=list)  # what the docs show it printing
    extras: list[str] = field(default_factory=list)  # for a notebook instruction: the extras it names

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"

    def skip_reason(self) -> str | None:
        return next((why for pattern, why in SKIPPED if pattern.search(self.command)), None)

    def argv(self) -> list[str]:
        return shlex.split(self.command, comments=True)[1:]


def documents() -> list[Path]:
    return [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


def examples() -> list[Example]:
    found = []
    for path in documents():
        for start, language, lines in _blocks(path.read_text(encoding="utf-8")):
            found += _examples_in(path.relative_to(ROOT).as_posix(), start, language, lines)
    return found


def _blocks(text: str):
    lines, index = text.splitlines(), 0
    while index < len(lines):
        opening = re.match(r"^\s*```\s*([\w+-]*)", lines[index])
        if opening:
            end = next((j for j in range(index + 1, len(lines)) if lines[j].strip().startswith("```")), len(lines))
            yield index + 2, opening.group(1).lower(), lines[index + 1:end]
            index = end
        index += 1


def _examples_in(doc: str, start: int, language: str, lines: list[str]) -> list[Example]:
    if language not in SHELL_BLOCKS:
        return []
    if lines and lines[0].lstrip().startswith(("%%sparql", "%sparql")):
        return [Example(doc, start, "magic", "\n".join(lines))]
    found, extras = [], []
    for offset, raw in enumerate(lines):
        text = raw.strip()
        extras += re.findall(r"pip install\s+['\"]?ccuskg\[([\w,-]+)\]", text)
        prompt = text.startswith("$ ")
        text = text.removeprefix("$ ")
        for segment in (s.strip() for s in text.split("&&")):
            if _is_command(segment):
                output = _shown_output(lines[offset + 1:]) if prompt else []
                found.append(Example(doc, start + offset, "cli", segment, output))
            elif segment.startswith("jupyter ") and extras:
                found.append(Example(doc, start + offset, "notebook", segment, extras=list(extras)))
    return found


def _is_command(segment: str) -> bool:
    """``ccuskg COMMAND …`` for a real command (a wrapped help line may start with "ccuskg" too)."""
    from ccuskg.cli import main

    words = segment.split()
    return len(words) > 1 and words[0] == "ccuskg" and (words[1] in main.commands or words[1].startswith("-"))


def _shown_output(after: list[str]) -> list[str]:
    shown = []
    for line in after:
        if not line.strip() or line.lstrip().startswith("$ "):
            break
        shown.append(re.sub(r"\s{2,}\(on stderr\)\s*$", "", line).rstrip())
    return shown
