"""Sorted N-Triples lines without holding the graph in Python memory: an external merge sort.

The exports are deterministic because they follow the sorted, distinct N-Triples lines of the
union (``ccuskg.publish.export``). Sorting them as one Python list cost memory in proportion to the
store (550 MiB at 10,000 records, about ten times the Turtle file). Here the store dumps its
N-Triples (in Rust) into a ``RunWriter``, which cuts the stream into runs of at most
``RUN_BYTES`` of lines, sorts each run and writes it to a temporary file; the runs are then merged
(``heapq.merge``) into one sorted file, which the writers parse back as a stream. Peak memory is
one run, whatever the size of the store; the temporary files need about twice the N-Triples size
on disk, in the system's temporary folder (``TMPDIR``).

Lines are compared as UTF-8 bytes, which orders them exactly as their code points (Python ``str``
order), so the output is byte for byte what sorting the decoded lines gave.
"""

from __future__ import annotations

import heapq
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.namespaces import ONTOLOGY_GRAPH

RUN_BYTES = 96 * 2**20  # lines sorted in memory at once: the bound on the sort's peak memory


class RunWriter:
    """A binary sink for ``Store.dump``: whole lines are collected, sorted and written out as runs."""

    def __init__(self, folder: Path, run_bytes: int | None = None, drop: frozenset[bytes] = frozenset()):
        self.folder, self.run_bytes, self.drop = folder, run_bytes or RUN_BYTES, drop
        self.lines: list[bytes] = []
        self.size = 0
        self.partial = b""
        self.runs: list[Path] = []

    def write(self, data) -> int:
        lines = (self.partial + bytes(data)).split(b"\n")
        self.partial = lines.pop()  # the start of a line the next write completes
        self.lines.extend(lines)
        self.size += len(data)
        if self.size >= self.run_bytes:
            self._spill()
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> list[Path]:
        """Write the last run; returns every run's path."""
        if self.partial:
            self.lines.append(self.partial)
            self.partial = b""
        if self.lines or not self.runs:
            self._spill()
        return self.runs

    def _spill(self) -> None:
        self.lines.sort()
        path = self.folder / f"run-{len(self.runs):04d}.nt"
        with open(path, "wb") as stream:
            stream.writelines(line + b"\n" for line, _ in itertools.groupby(self.lines)
                              if line and line not in self.drop)
        self.runs.append(path)
        self.lines, self.size = [], 0


def merged(runs: list[Path]) -> Iterator[bytes]:
    """The distinct lines of the sorted ``runs`` (each ending in a newline), in sorted order."""
    streams = [open(path, "rb") for path in runs]
    try:
        for line, _ in itertools.groupby(heapq.merge(*streams)):
            yield line
    finally:
        for stream in streams:
            stream.close()


def write_lines(path: Path, lines: Iterable[bytes], batch: int = 65536) -> Path:
    with open(path, "wb") as stream:
        while chunk := list(itertools.islice(lines, batch)):
            stream.write(b"".join(chunk))
    return path


def ontology_only_lines(store: ox.Store) -> frozenset[bytes]:
    """The N-Triples lines of the triples found in the ontology graph and in no record graph."""
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ontology)
    lines = [line for line in dumped.split(b"\n") if line]  # without their newline, as RunWriter.drop wants
    only = set()
    for line, triple in zip(lines, ox.parse(dumped, format=ox.RdfFormat.N_TRIPLES)):
        graphs = {q.graph_name for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object)}
        if not graphs - {ontology, ox.DefaultGraph()}:
            only.add(line)
    return frozenset(only)


@contextmanager
def sorted_union_file(store: ox.Store, include_ontology: bool = True, run_bytes: int | None = None) -> Iterator[Path]:
    """A temporary file holding the union's distinct N-Triples lines, sorted (removed afterwards).

    The store's default graph is that union, each triple once (see ccuskg.store); without the
    ontology, the triples found only in the ontology graph are left out.
    """
    drop = frozenset() if include_ontology else ontology_only_lines(store)
    with tempfile.TemporaryDirectory(prefix="ccuskg-sort-") as tmp:
        folder = Path(tmp)
        sink = RunWriter(folder, run_bytes, drop)
        store.dump(sink, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        runs = sink.close()
        if len(runs) == 1:
            yield runs[0]
            return
        result = write_lines(folder / "sorted.nt", merged(runs))
        for run in runs:
            os.unlink(run)
        yield result

