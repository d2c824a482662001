"""Benchmark: build the whole public corpus (policies, country profiles, facilities) end to end, then
validate it and export its facilities as GeoJSON.

    python benchmarks/corpus_bench.py [CORPUS] [REPEATS]   (default ../shared/corpus/ccus-policy-hub-2026-02-27, 3)

Run it from a checkout on the branch to measure (PYTHONPATH at that checkout). Prints the median of
REPEATS wall-clock seconds, the record counts and the machine load. Not a test: the numbers depend on
the machine and on what else runs on it.
"""

from __future__ import annotations

import collections
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import ccuskg
from ccuskg.publish.formats import get_format


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "corpus" / "ccus-policy-hub-2026-02-27"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(f"ccuskg from {Path(ccuskg.__file__).parent}; load average before: {os.getloadavg()}")
    builds = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            seconds, kg = timed(lambda: ccuskg.build([corpus], store=Path(tmp) / "store"))
            builds.append(seconds)
            report = kg.report
            if get_format("geojson") is not None:
                export_s, data = timed(lambda: kg.export("geojson"))
                features = len(json.loads(data)["features"])
            else:
                export_s, features = None, None
    codes = collections.Counter(d.code for d in report.diagnostics)
    print(f"files {report.files}, records {report.records}, policies {report.policies}, quads {report.triples}")
    print(f"skipped as not a policy: {codes.get('not-a-policy', 0)}; dangling policy links: "
          f"{codes.get('dangling-policy', 0)}; unknown fields: {codes.get('unknown-field', 0)}")
    print(f"build: median {statistics.median(builds):.2f} s over {repeats} ({', '.join(f'{b:.2f}' for b in builds)})")
    if features is not None:
        print(f"geojson export: {export_s:.2f} s, {features} features")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
