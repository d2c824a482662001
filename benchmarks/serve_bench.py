"""Load benchmark for `ccuskg serve`: many clients, some runaway queries, one timeout.

    python benchmarks/serve_bench.py [--records N] [--clients 50] [--requests 40] [--runaway 0.1]
                                     [--timeout 5] [--workers W] [--client-processes 5]
                                     [--worker-memory MIB] [--store DIR]

Starts `ccuskg serve` on loopback over the seeds (or N generated records), then runs CLIENTS
concurrent clients, each sending REQUESTS queries on a keep-alive connection, a fraction RUNAWAY of
them a cross product that only the timeout stops. Reports throughput, cheap-query latency
(p50/p95/max) and statuses, what the runaways got, and the server's peak memory (RSS and PSS sums
over proxy, factory and workers).
Targets (issue #14): no 5xx for cheap queries; cheap p95 <= 100 ms on the seeds, <= 250 ms on
10,000 records. Not a test: the figures depend on the machine and on what else it runs.
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import generate, machine  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# Cheap: answered from an index in about a millisecond on any store size. (A join with LIMIT 20,
# e.g. identifiers with titles, is not: Oxigraph evaluates the join first, 54 ms warm and 0.5 s cold
# on 10,000 records.)
CHEAP = ["ASK { ?p a ccus:Policy }",
         "SELECT ?title WHERE { ?p ccus:identifier \"{id}\" ; dcterms:title ?title }",
         "SELECT ?p WHERE { ?p ccus:identifier \"{id}\" }"]


def start(store: Path, timeout: float, workers: int | None, worker_memory: int | None = None
          ) -> tuple[subprocess.Popen, str]:
    options = ["--timeout", str(timeout)] + (["--workers", str(workers)] if workers else []) \
        + (["--worker-memory", str(worker_memory)] if worker_memory is not None else [])
    process = subprocess.Popen([sys.executable, "-c", "from ccuskg.cli import main; main()", "serve", "--store",
                                str(store), "--port", "0", *options], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line.startswith("SPARQL endpoint: "):
        process.kill()
        raise SystemExit(f"ccuskg serve did not start: {line!r}")
    return process, line.split(": ", 1)[1].strip()


def client(url: str, requests: int, runaway: float, seed: int, results: list) -> None:
    parts, rng = urlsplit(url), random.Random(seed)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    for _ in range(requests):
        kind = "runaway" if rng.random() < runaway else "cheap"
        query = RUNAWAY if kind == "runaway" else rng.choice(CHEAP).replace("{id}", f"gen-{rng.randrange(10000):06d}")
        body = urlencode({"query": query})
        started = time.perf_counter()
        try:
            connection.request("POST", parts.path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                         "Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            status = 0
        results.append((kind, status, time.perf_counter() - started))
    connection.close()


def peak_rss(pid: int, stop: threading.Event, box: list) -> None:
    """Sample the server and its workers every 0.2 s; keep the peak RSS sum and the peak PSS sum in MB.

    The workers are forks sharing the factory's pages, so the RSS sum counts those pages once per
    worker; PSS (Linux) shares each page out among the processes mapping it: what is really used.
    """
    import psutil

    server, peak, peak_pss = psutil.Process(pid), 0, 0
    while not stop.wait(0.2):
        try:
            processes = [p for p in [server, *server.children(recursive=True)] if p.is_running()]
            peak = max(peak, sum(p.memory_info().rss for p in processes))
            peak_pss = max(peak_pss, sum(getattr(p.memory_full_info(), "pss", 0) for p in processes))
        except psutil.Error:
            continue
    box.extend([peak / 1e6, peak_pss / 1e6])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(fraction * len(ordered)), len(ordered) - 1)] if ordered else float("nan")


def client_group(url: str, seeds: list[int], requests: int, runaway: float, start_at: float) -> list:
    """Some clients as threads of one process (run in a process of its own: see ``run``)."""
    results: list = []
    threads = [threading.Thread(target=client, args=(url, requests, runaway, n, results)) for n in seeds]
    time.sleep(max(start_at - time.time(), 0))  # every group starts at the same moment
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def run(store: Path, args) -> None:
    """The clients run in ``--client-processes`` processes: fifty threads in one Python would time
    their own wait for its lock as the server's latency."""
    from concurrent.futures import ProcessPoolExecutor

    process, url = start(store, args.timeout, args.workers, args.worker_memory)
    results, stop, rss = [], threading.Event(), []
    sampler = threading.Thread(target=peak_rss, args=(process.pid, stop, rss))
    sampler.start()
    groups = [list(range(args.clients))[g::args.client_processes] for g in range(args.client_processes)]
    with ProcessPoolExecutor(len(groups)) as pool:
        start_at = time.time() + 1.0
        futures = [pool.submit(client_group, url, seeds, args.requests, args.runaway, start_at) for seeds in groups]
        for future in futures:
            results.extend(future.result())
    elapsed = time.time() - start_at
    stop.set()
    sampler.join()
    process.terminate()
    process.wait()
    report(results, elapsed, *(rss or [float("nan")] * 2))


def report(results: list, elapsed: float, rss_mb: float, pss_mb: float) -> None:
    cheap = [seconds * 1000 for kind, status, seconds in results if kind == "cheap" and status == 200]
    cheap_failed = [status for kind, status, _ in results if kind == "cheap" and status != 200]
    runaway = [status for kind, status, _ in results if kind == "runaway"]
    print(f"  {len(results)} requests in {elapsed:.1f} s: {len(results) / elapsed:.1f} req/s")
    print(f"  cheap: {len(cheap)} ok, p50 {percentile(cheap, 0.5):.0f} ms, p95 {percentile(cheap, 0.95):.0f} ms, "
          f"max {max(cheap, default=float('nan')):.0f} ms, mean {statistics.fmean(cheap) if cheap else 0:.0f} ms; "
          f"failed: {len(cheap_failed)} {sorted(set(cheap_failed))}")
    print(f"  runaway: {len(runaway)}, statuses {sorted({s: runaway.count(s) for s in runaway}.items())}")
    print(f"  server peak memory (proxy + factory + workers): RSS sum {rss_mb:.0f} MB, PSS sum {pss_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=0, help="generated records (0: the seeds)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--runaway", type=float, default=0.1)
    parser.add_argument("--timeout", type=float, default=5)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--worker-memory", type=int, default=None, metavar="MIB",
                        help="serve --worker-memory (default: serve's own; 0: no limit)")
    parser.add_argument("--client-processes", type=int, default=5,
                        help="processes the clients are spread over (threads in each)")
    parser.add_argument("--store", type=Path, default=None, help="serve this built store (no build)")
    args = parser.parse_args()
    import ccuskg

    print(f"machine: {machine()}")
    if args.store:
        print(f"store: {args.store}; {args.clients} clients x {args.requests} requests, {args.runaway:.0%} runaway, "
              f"--timeout {args.timeout:g}")
        return run(args.store, args)
    with tempfile.TemporaryDirectory() as tmp:
        records = ROOT / "seeds"
        if args.records:
            records = Path(tmp) / "records"
            generate(records, args.records)
        kg = ccuskg.build([records], store=Path(tmp) / "store")
        print(f"store: {kg.report.records} records, {kg.stats()['quads']} quads; {args.clients} clients x "
              f"{args.requests} requests, {args.runaway:.0%} runaway, --timeout {args.timeout:g}")
        run(kg.path, args)


if __name__ == "__main__":
    main()
