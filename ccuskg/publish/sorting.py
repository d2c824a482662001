"""Sorted N-Triples lines without holding the graph in Python memory: an external merge sort whose
every per-line step runs in C.

The exports are deterministic because they follow the sorted, distinct N-Triples lines of the
union (``ccuskg.publish.export``). Sorting them as one Python list cost memory in proportion to the
store (550 MiB at 10,000 records, about ten times the Turtle file). Here the store dumps its
N-Triples (in Rust) into a ``RunWriter``, which cuts the stream into runs of at most
``RUN_BYTES`` of lines, sorts each run and writes it to a temporary file. Peak memory is one run
(or, later, one read block per run plus the writer's output), whatever the size of the store; the temporary files need about the N-Triples size on disk, in the system's
temporary folder (``TMPDIR``).

The runs are merged in blocks, not line by line: each run is read ``BLOCK_BYTES`` at a time, the
smallest of the blocks' last lines is the *fence*, every buffered line up to the fence (from all
runs) is taken with ``bisect`` and sorted with ``list.sort`` (Timsort finds the already sorted
pieces and merges them), and the next fence follows. No run holds a line below the fence that is
not buffered, so each block of output is final. ``heapq.merge`` plus ``itertools.groupby``, which
this module used first, ran Python bytecode for every line. The blocks go to the writers as they
come: pyoxigraph parses each block into the Turtle (or RDF/XML, JSON-LD) writer, and no merged file
is written and parsed back. At 30,000 records that took the Turtle export from 23.5–25.4 s to
21.1–21.4 s of CPU; most of what is left is the store's own dump (docs/export.md).

Lines are compared as UTF-8 bytes, which orders them exactly as their code points (Python ``str``
order), so the output is byte for byte what sorting the decoded lines gave.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.namespaces import ONTOLOGY_GRAPH

RUN_BYTES = 96 * 2**20  # lines sorted in memory at once: the bound on the sort's peak memory
BLOCK_BYTES = 4 * 2**20  # read from each run at a time while merging
WRITE_LINES = 32768  # lines joined at once when a run is written

Block = list[bytes]  # sorted, distinct N-Triples lines without their newline


def _distinct_sorted(lines: list[bytes], drop: frozenset[bytes] = frozenset(), distinct: bool = False) -> Block:
    """``lines`` sorted, without ``drop``, empty lines and (unless they are ``distinct`` already) repeats."""
    if drop:
        lines = [line for line in lines if line not in drop]
    lines.sort()
    if not distinct:
        lines = list(dict.fromkeys(lines))  # repeats out, order kept (C-level hashing)
    while lines and not lines[0]:
        del lines[0]  # an empty line sorts first
    return lines


class RunWriter:
    """A binary sink for ``Store.dump``: whole lines are collected, sorted and written out as runs.

    ``distinct=True`` says no line is written twice (one graph's dump: a graph is a set), which
    spares the hashing that removes repeats, and its memory (a dictionary as large as a run)."""

    def __init__(self, folder: Path, run_bytes: int | None = None, drop: frozenset[bytes] = frozenset(),
                 distinct: bool = False):
        self.folder, self.run_bytes, self.drop, self.distinct = folder, run_bytes or RUN_BYTES, drop, distinct
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

    def _take_partial(self) -> None:
        if self.partial:
            self.lines.append(self.partial)
            self.partial = b""

    def close(self) -> list[Path]:
        """Write the last run; returns every run's path."""
        self._take_partial()
        if self.lines or not self.runs:
            self._spill()
        return self.runs

    def blocks(self) -> Iterator[Block]:
        """Every line written, sorted and distinct, in blocks merged from the runs on disk (``close``
        is not needed first). The last run is written out too, even when it is the only one: kept
        in memory while the writer's output grows, it added its own size to the peak memory (freed
        small objects are not given back to the system), to save about 5 % of the time."""
        yield from merged_blocks(self.close(), distinct=self.distinct)

    def _spill(self) -> None:
        lines = _distinct_sorted(self.lines, self.drop, self.distinct)
        self.lines, self.size = [], 0
        path = self.folder / f"run-{len(self.runs):04d}.nt"
        with open(path, "wb") as stream:
            for start in range(0, len(lines), WRITE_LINES):  # in slices: one join of the whole run
                stream.write(block_text(lines[start:start + WRITE_LINES]))  # held it twice
        self.runs.append(path)


class _RunReader:
    """One sorted run read back a block of whole lines at a time."""

    def __init__(self, path: Path, block_bytes: int):
        self.stream = open(path, "rb")
        self.block_bytes = block_bytes
        self.partial = b""

    def next_block(self) -> Block:
        """The next lines (without newlines); empty once the run is exhausted."""
        while True:
            data = self.stream.read(self.block_bytes)
            if not data:
                tail, self.partial = self.partial, b""
                return [tail] if tail else []
            lines = (self.partial + data).split(b"\n")
            self.partial = lines.pop()
            if lines:
                return lines

    def close(self) -> None:
        self.stream.close()


def merged_blocks(runs: list[Path], block_bytes: int | None = None, distinct: bool = False) -> Iterator[Block]:
    """The distinct lines of the sorted ``runs``, in sorted blocks (see the module docstring);
    ``distinct``: no line is in two runs."""
    readers = [_RunReader(run, block_bytes or BLOCK_BYTES) for run in runs]
    try:
        # per run: its buffered block and the position of its first line not yet taken
        buffers = [[reader.next_block(), 0] for reader in readers]
        active = [i for i, (block, _) in enumerate(buffers) if block]
        while active:
            fence = min(buffers[i][0][-1] for i in active)
            batch: list[bytes] = []
            for i in active:
                block, start = buffers[i]
                end = bisect_right(block, fence, start)
                if end == len(block):
                    batch.extend(block if start == 0 else block[start:])
                    buffers[i] = [readers[i].next_block(), 0]
                else:
                    batch.extend(block[start:end])
                    buffers[i][1] = end
            active = [i for i in active if buffers[i][0]]
            batch.sort()
            yield batch if distinct else list(dict.fromkeys(batch))  # a line in two runs: twice in one batch
    finally:
        for reader in readers:
            reader.close()


def merged(runs: list[Path]) -> Iterator[bytes]:
    """The distinct lines of the sorted ``runs`` (each ending in a newline), in sorted order."""
    for block in merged_blocks(runs):
        for line in block:
            yield line + b"\n"


def block_text(block: Block) -> bytes:
    """A block as N-Triples text, each line ending in a newline."""
    return b"\n".join(block) + b"\n" if block else b""


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
def sorted_union_blocks(store: ox.Store, include_ontology: bool = True,
                        run_bytes: int | None = None) -> Iterator[Iterator[Block]]:
    """The union's distinct N-Triples lines, sorted, as an iterator of blocks (temporary runs removed
    afterwards).

    The store's default graph is that union, each triple once (see ccuskg.store); without the
    ontology, the triples found only in the ontology graph are left out.
    """
    drop = frozenset() if include_ontology else ontology_only_lines(store)
    with tempfile.TemporaryDirectory(prefix="ccuskg-sort-") as tmp:
        sink = RunWriter(Path(tmp), run_bytes, drop, distinct=True)  # the default graph is a set
        store.dump(sink, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        yield sink.blocks()


def sorted_union_text(store: ox.Store, include_ontology: bool = True, run_bytes: int | None = None) -> Iterator[bytes]:
    """The sorted union as N-Triples text, in pieces of whole lines (a generator: runs removed at its end)."""
    with sorted_union_blocks(store, include_ontology, run_bytes) as blocks:
        for block in blocks:
            yield block_text(block)


def sorted_union_triples(store: ox.Store, include_ontology: bool = True,
                         run_bytes: int | None = None) -> Iterator[ox.Triple]:
    """The union's triples as pyoxigraph terms, in the sorted N-Triples order: each block parsed by
    pyoxigraph as it comes, so that no sorted file is written and read back."""
    texts = sorted_union_text(store, include_ontology, run_bytes)
    return itertools.chain.from_iterable(ox.parse(text, format=ox.RdfFormat.N_TRIPLES) for text in texts)


@contextmanager
def sorted_union_file(store: ox.Store, include_ontology: bool = True, run_bytes: int | None = None) -> Iterator[Path]:
    """A temporary file holding the union's distinct N-Triples lines, sorted (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="ccuskg-sorted-") as tmp:
        result = Path(tmp) / "sorted.nt"
        with open(result, "wb") as stream:
            for text in sorted_union_text(store, include_ontology, run_bytes):
                stream.write(text)
        yield result


__all__ = ["RUN_BYTES", "BLOCK_BYTES", "RunWriter", "merged", "merged_blocks", "sorted_union_blocks",
           "sorted_union_text", "sorted_union_triples", "sorted_union_file", "ontology_only_lines"]
