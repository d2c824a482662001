"""Regenerate ontology/context.jsonld from the ontology (ontology/*.ttl) and the terms ccuskg writes.

    python tools/gen_context.py            # rewrite the file
    python tools/gen_context.py --check    # exit 1 if the file is out of date (CI, tests)

The context is never edited by hand: change the ontology, then run this.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ccuskg.publish.context import build_context, context_path, render_context

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/ itself, however this file is loaded
from generated import write_or_check  # noqa: E402


def main(argv: list[str]) -> int:
    return write_or_check(context_path(), render_context(build_context()), argv, "gen_context.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
