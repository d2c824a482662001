"""Generated corpora for the scale tests: the benchmarks' records (shaped like the founding one, about
70 triples each), and a build run in a fresh process so its peak memory can be read."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(folder: Path, n_records: int, seed: int = 7) -> Path:
    """``n_records`` record files under ``folder`` (zh and en of ``n_records // 2`` policies)."""
    spec = importlib.util.spec_from_file_location("build_bench", ROOT / "benchmarks" / "build_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(folder, n_records, seed)
    return folder


_BUILD = """
import json, resource, sys
import ccuskg
report = ccuskg.build([sys.argv[1]], store=sys.argv[2]).report
print(json.dumps({"records": report.records, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def build_in_fresh_process(records: Path, store: Path) -> dict:
    """Build in a new interpreter; returns its record count and peak RSS (KiB)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", _BUILD, str(records), str(store)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])
