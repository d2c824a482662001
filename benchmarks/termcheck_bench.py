"""Benchmark the term check and the empty-answer diagnosis on the shipped queries.

    python benchmarks/termcheck_bench.py [N]   (default N = 2000 generated records; 0 = seeds/ only)

The term check runs before every answer (CLI, API, magic), so it must stay under 10 ms a query.
"Cold" is a fresh graph handle (every lookup goes to the store: a CLI run); "warm" reuses one (a
notebook session). Not a test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import generate, machine  # noqa: E402

import ccuskg  # noqa: E402
from ccuskg.access import named_queries  # noqa: E402
from ccuskg.access.emptiness import explain_empty  # noqa: E402
from ccuskg.access.termcheck import Vocabulary, check_terms  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MISSPELT = "SELECT ?id ?t WHERE { ?p a ccus:Policy ; ccus:identifer ?id ; dcterms:identifier ?x ; ccus:titel ?t }"


def milliseconds(run, repeat: int = 25) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def report(kg) -> None:
    prefixes = kg._prefixes()
    print(f"{'query':38} {'cold median/max ms':>20} {'warm median/max ms':>20}")
    for named in named_queries.all_queries() + [named_queries.NamedQuery("misspelt (3 notes)", "", MISSPELT, ())]:
        cold = milliseconds(lambda: check_terms(named.text, prefixes, Vocabulary(kg.raw)))
        warm_vocabulary = Vocabulary(kg.raw)
        warm = milliseconds(lambda: check_terms(named.text, prefixes, warm_vocabulary))
        print(f"{named.name:38} {cold[0]:9.2f} / {cold[1]:7.2f} {warm[0]:11.2f} / {warm[1]:7.2f}")
    empty = "SELECT ?id WHERE { ?p a ccus:Policy ; ccus:status ?s ; ccus:identifer ?id }"
    diagnosis = milliseconds(lambda: explain_empty(kg.raw, empty), repeat=5)
    print(f"empty-answer diagnosis (3 patterns): {diagnosis[0]:.1f} ms median, {diagnosis[1]:.1f} ms max")


def main() -> None:
    n_records = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        records = ROOT / "seeds"
        if n_records:
            records = Path(tmp) / "records"
            generate(records, n_records)
        kg = ccuskg.build([records], store=Path(tmp) / "store")
        print(f"store: {kg.report.records} records, {kg.report.triples} quads")
        report(kg)


if __name__ == "__main__":
    main()
