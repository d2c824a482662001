"""The SPARQL examples a reader meets in the help texts, the README and docs/: found, not listed by
hand, so that an example added later is run by tests/test_example_queries.py too."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_START = re.compile(r"\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE)(?=\s+(?:DISTINCT\b|REDUCED\b|WHERE\b|[?*({<]))")
_PREFIXES = re.compile(r"((?:PREFIX\s+\w*:\s*<[^>]*>\s*)+)$")
_TAIL = re.compile(r"(\s*(?:ORDER BY|GROUP BY|LIMIT|OFFSET)\b[^\"'\n]*)")


def help_texts() -> dict[str, str]:
    """Every command's --help text as a user sees it, by command line."""
    from click.testing import CliRunner

    from ccuskg.cli.app import main

    runner = CliRunner()
    lines = [[]] + [[name] for name in sorted(main.commands)]
    return {" ".join(["ccuskg", *line]): runner.invoke(main, [*line, "--help"]).output for line in lines}


def document_texts() -> dict[str, str]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in files}


def queries_in(text: str) -> list[str]:
    """Each complete query in ``text``: from its keyword (with the PREFIX lines just before it) to the
    brace closing its WHERE clause, plus ORDER BY/LIMIT; fragments (``SELECT ...``) are left out."""
    found = []
    for match in _START.finditer(text):
        body = _braced(text, match.start())
        if body is None or any(mark in body for mark in ("...", "…", "`")):
            continue
        prefixes = _PREFIXES.search(text[:match.start()])
        tail = _TAIL.match(text, match.start() + len(body))
        query = (prefixes.group(1) if prefixes else "") + body + (tail.group(1) if tail else "")
        found.append(" ".join(query.split()))
    return found


def _braced(text: str, start: int) -> str | None:
    opening = text.find("{", start)
    if opening < 0 or "\n\n" in text[start:opening] or '"' in text[start:opening]:
        return None
    depth = 0
    for index in range(opening, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index + 1]
    return None


def example_queries() -> list[tuple[str, str]]:
    """(where, query) for every example, each query once."""
    seen, examples = set(), []
    for where, text in {**help_texts(), **document_texts()}.items():
        for query in queries_in(text):
            if query not in seen:
                seen.add(query)
                examples.append((where, query))
    return examples
