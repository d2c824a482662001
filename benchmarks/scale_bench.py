"""The matrix of issue #13 in one sitting: build (full, nothing changed, one record changed), validate,
Turtle and framed JSON-LD export, named queries against plain pyoxigraph, at each size given.

    python benchmarks/scale_bench.py [N ...] [--naive]     (default N = 10000; e.g. 10000 100000)

Each step runs in a fresh interpreter so its peak RSS is its own. ``--naive`` adds the naive
rdflib + pyshacl pipeline at the smallest size (slow: about 400 s at 10,000 records). Prints one
table; not a test: the numbers depend on the machine and its load (printed too).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_bench import generate, machine  # noqa: E402

QUERY_PARAMS = {"supersession-chain": {"id": "gen-000009"}, "facilities-under-policy": {"id": "gen-000009"},
                "policies-governing-facility": {"id": "gen-facility"}, "profile-against-policies": {"code": "US"}}


def _step(name: str, records: str, store: str, out: str) -> dict:
    """One step, timed inside this (fresh) process."""
    import ccuskg
    from ccuskg.api import build_store

    started = time.perf_counter()
    extra: dict = {}
    if name.startswith("build"):
        report = build_store([records], store, full=name == "build-full", cache=Path(out) / "cache")
        extra = {"mode": report.mode, "quads": report.triples}
    elif name == "validate":
        from ccuskg.validation.validate import validate
        extra = {"results": len(validate([records]).results)}
    elif name.startswith("validate-"):  # validate-cache-fill, then validate-one-changed after a touch
        from ccuskg.validation.validate import validate
        extra = {"results": len(validate([records], cache=Path(out) / "validate-cache").results)}
    elif name == "export-turtle":
        ccuskg.open_graph(store).export("turtle", output=Path(out) / "all.ttl", describe=False)
    elif name == "export-frame":
        ccuskg.open_graph(store).export(output=Path(out) / "all.jsonld", frame="policy", describe=False)
    elif name == "queries":
        extra = _queries(store, out)
    elif name == "naive":
        extra = _naive(records, out)
    import resource
    return {"seconds": time.perf_counter() - started,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}


def _p50(run, times: int = 5) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _queries(store: str, out: str) -> dict:
    """p50 of each named query through the API, and of the same text on plain pyoxigraph holding the
    union's triples: in memory, and on disk (bulk-loaded, compacted, read-only, like ours)."""
    import pyoxigraph as ox

    import ccuskg
    from ccuskg.access import named_queries
    from ccuskg.core.namespaces import sparql_prologue

    kg = ccuskg.open_graph(store)
    plain = ox.Store()
    plain.bulk_extend(kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    on_disk = Path(out) / "plain-store"
    writer = ox.Store(str(on_disk))
    writer.bulk_extend(plain)
    writer.optimize()
    del writer
    plain_disk = ox.Store.read_only(str(on_disk))
    timings = {}
    for query in named_queries.all_queries():
        params = QUERY_PARAMS.get(query.name, {})
        ours = _p50(lambda: kg.named(query.name, **params))
        text, subs = sparql_prologue() + query.text, query.substitutions(params)
        memory = _p50(lambda: list(plain.query(text, substitutions=subs)))
        disk = _p50(lambda: list(plain_disk.query(text, substitutions=subs)))
        timings[query.name] = (ours, memory, disk)
    return {"queries": timings}


def _naive(records: str, out: str) -> dict:
    """parse → rdflib Dataset → pyshacl → Turtle + JSON-LD, the way a first script would do it."""
    import pyshacl
    import rdflib

    from ccuskg.core.package_data import shapes_dir
    from ccuskg.model.compile import compile_records

    compiled = compile_records([records])
    graph = rdflib.Graph()
    graph.parse(data="\n".join(str(q.triple) + " ." for q in compiled.quads()), format="nt")
    shapes = rdflib.Graph()
    for path in sorted(Path(shapes_dir()).glob("*.ttl")):
        shapes.parse(path)
    pyshacl.validate(graph, shacl_graph=shapes)
    graph.serialize(Path(out) / "naive.ttl", format="turtle")
    graph.serialize(Path(out) / "naive.jsonld", format="json-ld")
    return {}


def run(name: str, records: Path, store: Path, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    done = subprocess.run([sys.executable, __file__, "--step", name, str(records), str(store), str(out)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def touch_one(records: Path) -> None:
    """Edit the title of the first record not edited yet."""
    for path in sorted((records / "en").iterdir()):
        text = path.read_text(encoding="utf-8")
        if "Generated policy" in text:
            path.write_text(text.replace("Generated policy", "Changed policy", 1), encoding="utf-8")
            return


def matrix(n: int, naive: bool) -> list[tuple[str, dict]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        records, store, out = Path(tmp) / "records", Path(tmp) / "store", Path(tmp)
        generate(records, n)
        for name in ("build-full", "build-unchanged", "touch", "build-one-changed", "touch",
                     "build-one-changed", "validate", "validate-cache-fill", "touch", "validate-one-changed",
                     "export-turtle", "export-frame", "queries") + (("naive",) if naive else ()):
            if name == "touch":
                touch_one(records)
                continue
            rows.append((name, run(name, records, store, out)))
    return rows


def show(n: int, rows: list[tuple[str, dict]]) -> None:
    print(f"\n{n} records")
    print(f"{'step':<22}{'seconds':>10}{'peak MiB':>10}  notes")
    for name, result in rows:
        if "error" in result:
            print(f"{name:<22}{'-':>10}{'-':>10}  error: {result['error']}")
            continue
        notes = {k: v for k, v in result.items() if k not in ("seconds", "peak_mib", "queries")}
        print(f"{name:<22}{result['seconds']:>10.2f}{result['peak_mib']:>10.0f}  {notes or ''}")
        for query, (ours, memory, disk) in result.get("queries", {}).items():
            print(f"  {query:<36} p50 {ours * 1000:8.1f} ms   plain pyoxigraph: in memory {memory * 1000:8.1f} ms"
                  f" (×{ours / memory if memory else float('nan'):4.1f}), on disk {disk * 1000:8.1f} ms"
                  f" (×{ours / disk if disk else float('nan'):4.1f})")


def main() -> None:
    if sys.argv[1:2] == ["--step"]:
        print(json.dumps(_step(*sys.argv[2:6])))
        return
    naive = "--naive" in sys.argv
    sizes = [int(a) for a in sys.argv[1:] if a.isdigit()] or [10_000]
    print(f"machine: {machine()}; load average at start: {os.getloadavg()}")
    for i, n in enumerate(sizes):
        show(n, matrix(n, naive and i == 0))
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
