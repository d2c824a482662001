"""Regenerate ontology/context.jsonld from the ontology (ontology/*.ttl) and the terms ccuskg writes.

    python tools/gen_context.py            # rewrite the file
    python tools/gen_context.py --check    # exit 1 if the file is out of date (CI, tests)

The context is never edited by hand: change the ontology, then run this.
"""

from __future__ import annotations

import sys

from ccuskg.publish.context import build_context, context_path, render_context


def main(argv: list[str]) -> int:
    path = context_path()
    text = render_context(build_context())
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{path} is out of date: run python tools/gen_context.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    else:
        print(f"{path} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
