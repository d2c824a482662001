"""Benchmark the exports on generated records: every format, framing, per-resource files, and the
sorting before/after (str()-key sort of term objects vs sorted N-Triples lines).

    python benchmarks/export_bench.py [N] [--store DIR] [--rdflib] [--skip-per-resource]

N records (default 10000, i.e. N/2 policies x 2 languages) are generated with build_bench's generator
and built once (into --store DIR if given and reused when it already exists). --rdflib also times
rdflib's Turtle serializer on growing slices of the same triples, to compare. Not a test: numbers
depend on the machine, which is printed.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--rdflib", action="store_true")
    parser.add_argument("--skip-per-resource", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = args.store or Path(tmp) / "store"
        if not (store_dir / "CURRENT").exists():
            records = Path(tmp) / "records"
            generate(records, args.n)
            start = time.perf_counter()
            ccuskg.build([records], store=store_dir)
            print(f"build {args.n} records: {time.perf_counter() - start:.1f} s")
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
