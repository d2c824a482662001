"""Benchmark `ccuskg push` of a generated build to a local Oxigraph server and a throwaway Virtuoso,
one PUT per graph against batched SPARQL Update, then a second (unchanged) push.

    python benchmarks/push_bench.py [N] [BATCH] [ENGINE] [MODE]   (default N = 10000 records, BATCH = 500
    graphs/request, both engines; ENGINE = oxigraph or virtuoso runs one; MODE = put or batch)

Needs the oxigraph server (the 'serve' extra) and Debian's virtuoso-opensource; an engine that is
missing is skipped. Prints graphs/s and MB/s with the machine it ran on. Not a test: the numbers
depend on the machine and on what else it runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import _pytest.outcomes  # noqa: E402  (the test helpers skip through pytest)

import ccuskg  # noqa: E402
from build_bench import generate, machine  # noqa: E402
from ccuskg.access.push import local_graphs, push  # noqa: E402
from ccuskg.store import open_store  # noqa: E402


def start_oxigraph(tmp: Path):
    from servers import start_oxigraph_rw, stop

    process, base = start_oxigraph_rw()
    return base + "/store", lambda: stop(process)


def start_virtuoso_server(tmp: Path):
    from virtuoso import DBA_PASSWORD, start_virtuoso

    server = start_virtuoso(Path(tempfile.mkdtemp(dir=tmp)))
    os.environ.update(CCUSKG_ENDPOINT_USER="dba", CCUSKG_ENDPOINT_PASSWORD=DBA_PASSWORD)
    return server.graph_store, server.stop


ENGINES = {"Oxigraph server": start_oxigraph, "Virtuoso 7": start_virtuoso_server}


def run(label: str, store: Path, url: str, **options) -> None:
    started = time.perf_counter()
    report = push(store, url, **options)
    seconds = time.perf_counter() - started
    mb = report.bytes_sent / 1e6
    print(f"  {label:34} {len(report.sent):6} graphs {report.requests:6} requests {seconds:8.2f} s "
          f"{len(report.sent) / seconds:8.1f} graphs/s {mb / seconds:7.2f} MB/s ({mb:.1f} MB)")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    print(f"machine: {machine()}, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        generate(tmp / "records", n)
        store = ccuskg.build([tmp / "records"], store=tmp / "store").path
        started = time.perf_counter()
        graphs = local_graphs(open_store(store))
        print(f"records: {n}; reading the {len(graphs)} graphs from the store (part of every push): "
              f"{time.perf_counter() - started:.2f} s")
        for engine, start in ENGINES.items():
            if len(sys.argv) > 3 and sys.argv[3].lower() not in engine.lower():
                continue
            print(engine)
            modes = (("one PUT per graph", {}), (f"--batch {batch}", {"batch": batch}))
            for label, options in modes if len(sys.argv) <= 4 else [modes[sys.argv[4] == "batch"]]:
                try:
                    url, stop = start(tmp)  # a fresh, empty store for each way of pushing
                except _pytest.outcomes.Skipped as why:
                    print(f"  skipped: {why}")
                    break
                try:
                    run(f"{label}, first push", store, url, **options)
                    run(f"{label}, unchanged", store, url, **options)
                finally:
                    stop()

if __name__ == "__main__":
    main()
