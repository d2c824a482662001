"""What every generator in tools/ does with its output: rewrite the file, or with ``--check`` only
say whether the committed file is the generated text (for CI and the tests that call it)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(path: Path, text: str, argv: list[str], tool: str) -> int:
    """Exit status: with ``--check``, 1 when ``path`` differs from ``text``; else write it if it differs."""
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{path} is out of date: run python tools/{tool}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path}")
    else:
        print(f"{path} is up to date")
    return 0
