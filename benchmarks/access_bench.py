"""Benchmark SPARQL access: the endpoint's overhead, its SERVICE check, a timeout, a worker start, and push.

    python benchmarks/access_bench.py [N]      (default N = 2000 generated records, i.e. N graphs to push)

Needs the oxigraph server binary (the 'serve' extra) for the push target. Everything runs on loopback. Not a test: the
numbers depend on the machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import generate, machine  # noqa: E402

import ccuskg  # noqa: E402
from ccuskg.access import named_queries  # noqa: E402
from ccuskg.core.namespaces import sparql_prologue  # noqa: E402
from ccuskg.access.push import push  # noqa: E402
from ccuskg.access.serve import Endpoint, check_query, find_oxigraph, free_port, normalise_query  # noqa: E402


def ask(url: str, query: str, timeout: float = 60) -> int:
    request = urllib.request.Request(url, data=urlencode({"query": query}).encode(), method="POST",
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def latency(url: str, query: str, n: int) -> float:
    ask(url, query)
    started = time.perf_counter()
    for _ in range(n):
        ask(url, query)
    return (time.perf_counter() - started) / n * 1000


def main() -> None:
    n_records = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records"
        generate(records, n_records)
        started = time.perf_counter()
        kg = ccuskg.build([records], store=Path(tmp) / "store")
        print(f"built {kg.report.records} records ({kg.report.triples} quads) in {time.perf_counter() - started:.1f} s")

        prologue = sparql_prologue()
        for named in named_queries.all_queries():
            text = normalise_query(prologue + named.text)
            started = time.perf_counter()
            for _ in range(20):
                check_query(text)
            print(f"SERVICE/update check {named.name}: {(time.perf_counter() - started) / 20 * 1000:.2f} ms")

        small = "ASK { ?s ?p ?o }"
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        store = ccuskg.open_graph(kg.path).store
        with Endpoint(kg.path, port=0, timeout=2) as endpoint:
            for label, query in (("ASK", small), ("COUNT(*)", count)):
                via = latency(endpoint.url, query, 100)
                started = time.perf_counter()
                for _ in range(100):
                    store.query(query)
                local = (time.perf_counter() - started) / 100 * 1000
                print(f"{label}: {via:.1f} ms through the endpoint, {local:.1f} ms in-process "
                      f"(mean of 100, overhead {via - local:.1f} ms)")
            runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
            started = time.perf_counter()
            status = ask(endpoint.url, runaway)
            stopped = time.perf_counter() - started
            started = time.perf_counter()
            after = ask(endpoint.url, small)
            print(f"runaway query with --timeout 2: HTTP {status} after {stopped:.2f} s; "
                  f"next query HTTP {after} in {(time.perf_counter() - started) * 1000:.0f} ms")
            samples = []
            for _ in range(5):
                started = time.perf_counter()
                endpoint.pool.factory.worker(endpoint.pool.generation).wait_ready().kill()
                samples.append(time.perf_counter() - started)
            print(f"worker fork + ready: median {statistics.median(samples) * 1000:.1f} ms of 5")

        port = free_port()
        server = subprocess.Popen([find_oxigraph(), "serve", "--bind", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1)
            gsp = f"http://127.0.0.1:{port}/store"
            first = push(kg.path, gsp)
            print(f"push 1 (in-memory oxigraph serve): {first.summary()} "
                  f"-> {len(first.sent) / first.seconds:.0f} graphs/s")
            second = push(kg.path, gsp)
            print(f"push 2 (same build): {second.summary()}")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
