"""Benchmark the exports on generated records: every format, framing, per-resource files, and the
sorting before/after (str()-key sort of term objects vs sorted N-Triples lines).

    python benchmarks/export_bench.py [N | --records N] [--store DIR] [--rdflib] [--skip-per-resource]
    python benchmarks/export_bench.py --records N --store DIR --formats turtle,json-ld [--repeat R]
                                      [--against OLD_CHECKOUT]

N records (default 10000, i.e. N/2 policies x 2 languages) are generated with build_bench's generator
and built once (into --store DIR if given and reused when it already exists). --rdflib also times
rdflib's Turtle serializer on growing slices of the same triples, to compare.

--formats runs each export in a fresh process and prints its wall time, CPU time (user + system, less
disturbed by other work on a shared machine than the wall time), peak RSS of that process (Python,
the opened store and the export) and a digest of the bytes. --against names another checkout of
ccuskg (e.g. ``git archive v0.9 ccuskg | tar -x -C /tmp/old``): its export runs alternately with this
one, R rounds, and the ratios of the medians are printed, with the load average. Not a test: numbers
depend on the machine, which is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import generate, machine  # noqa: E402

import ccuskg  # noqa: E402
from ccuskg.publish import export
from ccuskg.publish import per_resource  # noqa: E402
from ccuskg.store import named_quads  # noqa: E402


def before_turtle(store: ox.Store, base: str) -> bytes:
    """The Turtle export as first written: sort term objects by str() keys (kept here to compare)."""
    quads = sorted(named_quads(store), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    unique = {q.triple for q in quads}
    triples = sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=export.export_prefixes(base))


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    size = f"{len(result) / 1e6:8.1f} MB" if isinstance(result, (bytes, str)) else f"{len(result):8d} files"
    print(f"{label:<42} {seconds:8.2f} s  {size}", flush=True)
    return result, seconds


def rdflib_turtle(lines: list[str], sizes: list[int]) -> None:
    import rdflib

    for size in sizes:
        if size > len(lines):
            break
        graph = rdflib.Graph()
        graph.parse(data="\n".join(lines[:size]) + "\n", format="nt")
        start = time.perf_counter()
        graph.serialize(format="turtle")
        seconds = time.perf_counter() - start
        print(f"rdflib Turtle serializer, {size:>7d} triples   {seconds:8.2f} s  {size / seconds:9.0f} triples/s",
              flush=True)


FRESH = """
import hashlib, json, resource, sys, time
import ccuskg
from ccuskg.publish import export
kg = ccuskg.open_graph(sys.argv[1])
fmt = sys.argv[2].removesuffix("-data")
start, cpu = time.perf_counter(), time.process_time()
data = export.serialize(kg.store, fmt, kg.base, include_ontology=fmt == sys.argv[2])
print(json.dumps({"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu, "bytes": len(data),
                  "sha1": hashlib.sha1(data).hexdigest()[:12],
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def fresh_export(store_dir: Path, fmt: str, source: Path) -> dict:
    """One export (``turtle``, ``json-ld``, ``turtle-data`` ...) in a new process running ``source``'s ccuskg
    (``-P``: the current folder, perhaps another checkout, is not put first on ``sys.path``)."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run([sys.executable, "-P", "-c", FRESH, str(store_dir), fmt], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare_fresh(store_dir: Path, formats: list[str], repeat: int, against: Path | None) -> None:
    here = Path(__file__).resolve().parent.parent
    sources = [("before", against), ("now", here)] if against else [("now", here)]
    for fmt in formats:
        results: dict[str, list[dict]] = {label: [] for label, _ in sources}
        for round_ in range(repeat):
            for label, source in sources if round_ % 2 == 0 else sources[::-1]:  # alternated
                r = fresh_export(store_dir, fmt, source)
                results[label].append(r)
                print(f"{fmt:<12} {label:<6} wall {r['wall']:7.2f} s  cpu {r['cpu']:7.2f} s  peak RSS "
                      f"{r['rss_mib']:6.0f} MiB  {r['bytes'] / 1e6:7.1f} MB  sha1 {r['sha1']}  "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
        if against:
            med = {label: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "rss_mib")}
                   for label, rs in results.items()}
            same = {r["sha1"] for rs in results.values() for r in rs}
            print(f"{fmt:<12} median before/now: wall x{med['before']['wall'] / med['now']['wall']:.2f}, "
                  f"cpu x{med['before']['cpu'] / med['now']['cpu']:.2f}, peak RSS "
                  f"{med['before']['rss_mib']:.0f} -> {med['now']['rss_mib']:.0f} MiB; "
                  f"{'identical bytes' if len(same) == 1 else 'BYTES DIFFER'}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=None)
    parser.add_argument("--records", type=int, default=None, help="records to generate (same as N)")
    parser.add_argument("--formats", default=None, help="comma-separated: time these exports in fresh processes")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--against", type=Path, default=None, help="another ccuskg checkout, run alternately")
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--rdflib", action="store_true")
    parser.add_argument("--skip-per-resource", action="store_true")
    args = parser.parse_args()
    args.n = args.records or args.n or 10_000
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = args.store or Path(tmp) / "store"
        if not (store_dir / "CURRENT").exists():
            records = Path(tmp) / "records"
            generate(records, args.n)
            start = time.perf_counter()
            ccuskg.build([records], store=store_dir)
            print(f"build {args.n} records: {time.perf_counter() - start:.1f} s")
        if args.formats:
            compare_fresh(store_dir, args.formats.split(","), args.repeat, args.against)
            return
        kg = ccuskg.open_graph(store_dir)
        quads = sum(1 for _ in named_quads(kg.store))
        print(f"store: {quads} quads in named graphs, {len(per_resource.policies(kg.store))} policies")
        old, t_old = timed("turtle, before (str()-key sort)", before_turtle, kg.store, kg.base)
        new, t_new = timed("turtle, now (external sort of N-Triples lines)", kg.export, "turtle")
        print(f"  same triples: {set(ox.parse(old, format=ox.RdfFormat.TURTLE)) == set(ox.parse(new, format=ox.RdfFormat.TURTLE))};"
              f" speed-up x{t_old / t_new:.1f}")
        for fmt in ("nt", "nquads", "trig", "json-ld"):
            timed(f"{fmt}", kg.export, fmt)
        timed("turtle --data-only", kg.export, "turtle", include_ontology=False)
        timed("json-ld --frame policy", kg.export, "json-ld", frame="policy")
        if not args.skip_per_resource:
            timed("--per-resource (.ttl + .jsonld)", kg.export_resources, Path(tmp) / "site")
        if args.rdflib:
            lines = export.triple_lines(kg.store)
            rdflib_turtle(lines, [50_000, 100_000, 200_000, 400_000, len(lines)])


if __name__ == "__main__":
    main()
