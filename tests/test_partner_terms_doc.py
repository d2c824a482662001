"""docs/partner-terms.md is generated from the ontology, so it promises exactly the terms a build writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_partner_terms_table_is_the_generated_text():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_partner_terms.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
