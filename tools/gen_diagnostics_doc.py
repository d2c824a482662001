"""Regenerate docs/diagnostics.md, the reference of diagnostic codes, from ccuskg/core/catalogue.json.

    python tools/gen_diagnostics_doc.py            # rewrite the file
    python tools/gen_diagnostics_doc.py --check    # exit 1 if the file is out of date (CI, tests)

The page is never edited by hand: change the catalogue, then run this.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ccuskg.core.catalogue import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/ itself, however this file is loaded
from generated import write_or_check  # noqa: E402

DOC = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"


def main(argv: list[str]) -> int:
    return write_or_check(DOC, markdown(), argv, "gen_diagnostics_doc.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
