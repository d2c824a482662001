"""Issue #13's incremental-validation targets in one sitting: ``validate`` with a cache folder at N
records (default 10,000) — cold (fills the cache), nothing changed, one record changed, one record
added, one removed — each step in a fresh interpreter, timed inside it (imports excluded).

    python benchmarks/incremental_validate_bench.py [N]

Targets (not a test: the figures depend on the machine and its load, printed too): one record
changed <= 1 s, nothing changed <= 0.5 s at 10,000 records.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_bench import generate, machine  # noqa: E402
from scale_bench import touch_one  # noqa: E402


def _step(records: str, cache: str) -> dict:
    from ccuskg.validation.validate import validate

    started = time.perf_counter()
    report = validate([records], cache=Path(cache))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "results": len(report.results), "records": report.records}


def run(records: Path, cache: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    done = subprocess.run([sys.executable, __file__, "--step", str(records), str(cache)], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if sys.argv[1:2] == ["--step"]:
        print(json.dumps(_step(*sys.argv[2:4])))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    print(f"machine: {machine()}; load average at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        records, cache = Path(tmp) / "records", Path(tmp) / "cache"
        generate(records, n)
        steps = []
        steps.append(("cold (cache fill)", run(records, cache)))
        steps.append(("nothing changed", run(records, cache)))
        touch_one(records)
        steps.append(("one changed", run(records, cache)))
        steps.append(("nothing changed", run(records, cache)))
        touch_one(records)
        steps.append(("one changed", run(records, cache)))
        first = sorted((records / "en").iterdir())[0]
        (records / "en" / "added.md").write_text(first.read_text(encoding="utf-8").replace(
            "gen-000000", "gen-added"), encoding="utf-8")
        steps.append(("one added", run(records, cache)))
        (records / "en" / "added.md").unlink()
        steps.append(("one removed", run(records, cache)))
    print(f"\n{n} records")
    for name, result in steps:
        print(f"{name:<20}{result.get('seconds', float('nan')):>8.2f} s  "
              f"{ {k: v for k, v in result.items() if k != 'seconds'} }")
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
