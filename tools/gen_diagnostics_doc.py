"""Regenerate docs/diagnostics.md, the reference of diagnostic codes, from ccuskg/core/catalogue.json.

    python tools/gen_diagnostics_doc.py            # rewrite the file
    python tools/gen_diagnostics_doc.py --check    # exit 1 if the file is out of date (CI, tests)

The page is never edited by hand: change the catalogue, then run this.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ccuskg.core.catalogue import markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"


def main(argv: list[str]) -> int:
    text = markdown()
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{DOC} is out of date: run python tools/gen_diagnostics_doc.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        DOC.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {DOC}")
    else:
        print(f"{DOC} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
