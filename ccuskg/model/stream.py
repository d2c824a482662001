"""Records compiled in bounded batches: a build's memory must not grow with the corpus.

``compile_records`` keeps every record and quad (validation and the tests want them all); a build
only writes them, so ``stream_records`` hands out one batch of mapped records at a time and keeps
just the counts and the messages. Same checks, same messages, same order of records.

A full build uses ``stream_batches`` instead: it hands out each batch already serialised (N-Quads of
the record graphs, N-Triples of their union), which the store bulk-loads without building a Python
object per quad. Reading and mapping a file depends on that file only, so it is done by
``prepare_batch``, in this process (``jobs=1``) or in worker processes (``jobs>1``); what depends
on the order of the files (which file of a duplicate id is kept, the first name of a merged
cluster, the policy ids a facility may link to) stays in this process, which takes the prepared
files in file order. So a parallel build makes the same store and the same messages as a serial one.
At most ``jobs + 1`` batches are being prepared at once: memory does not grow with the corpus.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.diagnostics import Diagnostic
from ccuskg.ingest.records import RecordProblem, discover, file_identity, parse_file
from ccuskg.model.compile import ClusterNames, DuplicateIds, Progress
from ccuskg.model.delta import Known, entry_of, graph_facts
from ccuskg.model.mapping import MappedRecord, Mapper
from ccuskg.ingest.kinds import FACILITY, POLICY
from ccuskg.model.by_kind import map_record
from ccuskg.model.gaps import Gaps
from ccuskg.model.vocab import Vocabulary, load_vocabulary

BATCH = 1000  # records per batch: about 70,000 quads, some 40 MB of Python objects


@dataclass
class Streamed:
    """What a streamed compilation keeps: counts and messages, not the records. Complete once the
    batches are exhausted."""

    base: str
    vocab: Vocabulary
    files: int = 0
    records: int = 0
    quads: int = 0  # distinct quads in the record graphs
    policies: set[str] = field(default_factory=set)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # every file read: display -> SHA-256 of its bytes
    graphs: dict[str, list] = field(default_factory=dict)  # record graph -> [display, relative, SHA-256, quads]
    gaps: Gaps | None = None  # unmapped values and unknown fields (ccuskg.model.gaps)
    entries: dict[str, dict] = field(default_factory=dict)  # every record read: display -> ``delta.entry_of``
    signatures: dict[str, list[int]] = field(default_factory=dict)  # taken before reading: ``signatures``


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, as ``Record.sha256`` holds it ("unreadable" when it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def file_hashes(paths: Iterable) -> dict[str, str] | None:
    """display -> SHA-256 of every record file under ``paths``; None when a path is missing."""
    found = found_files(paths)
    return None if found is None else hashes_of(found)


def found_files(paths: Iterable) -> list[tuple[Path, Path]] | None:
    """``discover``'s (root, file) pairs; None when a path is missing (a build then reads everything)."""
    missing: list[RecordProblem] = []
    found = discover(paths, errors=missing)
    return None if missing else found


def hashes_of(found) -> dict[str, str]:
    """display -> SHA-256 of each file found (the display is the path as given: ``file_identity``)."""
    return {str(path): file_hash(path) for _, path in found}


SETTLED_NS = 2_000_000_000  # a file changed this recently may change again within one tick of the clock


def signatures(found) -> dict[str, list[int]]:
    """display -> [size, mtime, ctime, inode] of each file last changed over ``SETTLED_NS`` ago, taken
    before the files are read: a later change moves its ctime (which no tool can set back), so an
    equal signature means the bytes hashed after it are still the file's."""
    settled = time.time_ns() - SETTLED_NS
    found_now: dict[str, list[int]] = {}
    for _, path in found:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if st.st_ctime_ns < settled:
            found_now[str(path)] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    return found_now


def signed_hashes(found, known: dict | None, signed: dict | None) -> tuple[dict[str, str], dict[str, list[int]]]:
    """``hashes_of``, reading only the files whose signature is not the one ``signed`` kept with the
    hash in ``known`` (a previous build's); and the signatures now."""
    known, signed, now = known or {}, signed or {}, signatures(found)
    hashes = {}
    for _, path in found:
        display = str(path)
        same = display in now and now[display] == signed.get(display) and display in known
        hashes[display] = known[display] if same else file_hash(path)
    return hashes, now


def stream_records(paths: Iterable, base: str | None = None, vocab: Vocabulary | None = None,
                   progress: Progress | None = None, batch: int = BATCH
                   ) -> tuple[Streamed, Iterator[list[MappedRecord]]]:
    """Discover the record files now (``files`` is known at once), then read and map them batch by batch."""
    vocab = vocab or load_vocabulary()
    mapper = Mapper(vocab, base)
    missing: list[RecordProblem] = []
    found = discover(paths, errors=missing)
    summary = Streamed(mapper.mint.base, vocab, files=len(found), gaps=Gaps(vocab), signatures=signatures(found))
    summary.diagnostics.extend(problem.diagnostic() for problem in missing)
    return summary, _batches(found, mapper, summary, progress, batch)


def _batches(found, mapper: Mapper, summary: Streamed, progress, size: int) -> Iterator[list[MappedRecord]]:
    """Policies and profiles first, in file order; facilities last (read again, not held), once every
    policy id a facility's ``relatedPolicies`` may link to is known."""
    duplicates, clusters = DuplicateIds(), ClusterNames(mapper.mint.cluster)
    policy_ids: set[str] = set()
    deferred: list[tuple] = []
    batch: list[MappedRecord] = []
    for index, (root, path) in enumerate(found, 1):
        record = parse_file(path, root)
        if not isinstance(record, RecordProblem) and record.kind == FACILITY:
            deferred.append((root, path))
        else:
            mapped = _one(record, path, mapper, summary, duplicates, clusters, policy_ids)
            if mapped is not None:
                batch.append(mapped)
        if progress:
            progress(index, len(found))
        if len(batch) >= size:
            yield batch
            batch = []
    for root, path in deferred:
        mapped = _one(parse_file(path, root), path, mapper, summary, duplicates, clusters, policy_ids)
        if mapped is not None:
            batch.append(mapped)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
    summary.diagnostics.sort()


def _one(record, path: Path, mapper: Mapper, summary: Streamed, duplicates, clusters, policy_ids) -> MappedRecord | None:
    """Map one parsed record (or record its problem) into ``summary``; None when it is not mapped."""
    messages = summary.diagnostics
    if isinstance(record, RecordProblem):
        summary.hashes[record.display] = file_hash(path)
        messages.append(record.diagnostic())
        return None
    summary.hashes[record.display] = record.sha256
    problem = duplicates.check(record)
    if problem is not None:
        messages.append(problem)
        summary.entries[record.display] = entry_of(record)
        return None
    messages.extend(clusters.check(record))
    if record.kind == POLICY:
        policy_ids.add(record.id)
    mapped = map_record(mapper, record, policy_ids)
    summary.records += 1
    count = len(set(mapped.quads))
    summary.quads += count
    summary.graphs[mapped.graph] = [record.display, record.relative, record.sha256, count]
    if record.kind == POLICY:
        summary.policies.add(mapped.policy)
    messages.extend(mapped.diagnostics)
    summary.entries[record.display] = entry_of(record, mapped, summary.gaps.add_record(record, mapped.diagnostics))
    return mapped


# ---------------------------------------------------------------- serialised batches (full builds)


@dataclass
class Prepared:
    """One record file read and mapped by ``prepare_batch``: what the build keeps of it (its manifest
    entry, its messages and gap notes, its graph as text), not the record nor its quads as objects."""

    display: str
    problem: RecordProblem | None = None  # the file could not be read as a record
    sha256: str = ""
    deferred: tuple | None = None  # (root, path) of a facility, prepared once every policy is known
    relative: str = ""
    entry: dict = field(default_factory=dict)  # ``delta.entry_of``, as if the record is kept
    graph: str = ""
    policy: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list = field(default_factory=list)  # ``Gaps.note`` of its messages
    count: int = 0  # distinct quads in its graph
    nquads: bytes = b""  # its graph, as N-Quads
    ntriples: bytes = b""  # the distinct triples of its graph, as N-Triples (for the union default graph)


@dataclass
class Serialised:
    """One batch for the store: the record graphs as N-Quads and their triples as N-Triples."""

    nquads: bytes
    ntriples: bytes


_NQ, _NT = ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES
_worker_mapper: Mapper | None = None


def prepare_batch(pairs: list[tuple[Path, Path]], mapper: Mapper | None = None, defer: bool = True,
                  policies: frozenset[str] | None = None) -> list[Prepared]:
    """Read and map the (root, file) ``pairs``: all that depends on each file alone. With ``defer``
    facilities are only parsed (their links need every policy id: ``policies``, in the second pass)."""
    mapper = mapper or _worker_mapper
    return [_prepare(root, path, mapper, defer, policies) for root, path in pairs]


def _prepare(root: Path, path: Path, mapper: Mapper, defer: bool, policies) -> Prepared:
    record = parse_file(path, root)
    if isinstance(record, RecordProblem):
        return Prepared(record.display, record, file_hash(path))
    if defer and record.kind == FACILITY:
        return Prepared(record.display, deferred=(root, path))
    mapped = map_record(mapper, record, policies)
    distinct = set(mapped.quads)
    notes = [n for d in mapped.diagnostics if (n := Gaps.note(d, record if d.file == record.display else None))]
    return Prepared(record.display, sha256=record.sha256, relative=record.relative,
                    entry=entry_of(record, mapped, notes, graph_facts(distinct)), graph=mapped.graph,
                    policy=mapped.policy, diagnostics=mapped.diagnostics, notes=notes, count=len(distinct),
                    nquads=ox.serialize(distinct, format=_NQ) if distinct else b"",
                    ntriples=ox.serialize({q.triple for q in distinct}, format=_NT) if distinct else b"")


def _start_worker(vocab: Vocabulary, base: str) -> None:
    global _worker_mapper
    gc.disable()  # as ``compile.gc_paused`` in the parent: mapping makes no cycles worth collecting
    _worker_mapper = Mapper(vocab, base)


def default_jobs() -> int:
    """The number of processes reading and mapping when none is given: 1 (in this process). See
    docs/architecture.md for the measurements behind it."""
    return 1


def stream_batches(paths: Iterable, base: str | None = None, vocab: Vocabulary | None = None,
                   progress: Progress | None = None, batch: int = BATCH, jobs: int | None = None
                   ) -> tuple[Streamed, Iterator[Serialised]]:
    """``stream_records``, handing out each batch serialised for ``store.load_serialised``; ``jobs``
    processes read and map (1: this one; 0: one per core). Close the iterator (or exhaust it) to
    stop the workers."""
    vocab = vocab or load_vocabulary()
    mapper = Mapper(vocab, base)
    missing: list[RecordProblem] = []
    found = discover(paths, errors=missing)
    summary = Streamed(mapper.mint.base, vocab, files=len(found), gaps=Gaps(vocab), signatures=signatures(found))
    summary.diagnostics.extend(problem.diagnostic() for problem in missing)
    jobs = default_jobs() if jobs is None else (os.cpu_count() or 1) if jobs == 0 else jobs
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per core) or more, got {jobs}")
    size = max(1, batch)
    pool = _pool(jobs, mapper) if jobs > 1 and len(found) > size else None
    first = _prepared(pool, jobs, found, size, mapper, True, None)
    return summary, _Batches(_serialised(found, mapper, summary, progress, size, jobs, pool, first), pool)


class _Batches:
    """The batches of ``stream_batches``; ``close`` stops the workers even if none was taken."""

    def __init__(self, batches: Iterator[Serialised], pool):
        self._batches, self._pool = batches, pool

    def __iter__(self):
        return self

    def __next__(self) -> Serialised:
        return next(self._batches)

    def close(self) -> None:
        self._batches.close()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _pool(jobs: int, mapper: Mapper) -> ProcessPoolExecutor:
    """The worker processes, started now: before the staging store opens and its threads run. Forked
    where that is the platform's way (Linux: quick, nothing to import again, no ``__main__`` guard
    needed in the caller's script); spawned elsewhere."""
    method = "fork" if sys.platform == "linux" else "spawn"
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(mapper.vocab, mapper.mint.base))
    for started in [pool.submit(int) for _ in range(jobs)]:  # forks every worker at once
        started.result()
    return pool


def _serialised(found, mapper: Mapper, summary: Streamed, progress, size: int, jobs: int, pool,
                first: Iterator[list[Prepared]]) -> Iterator[Serialised]:
    """The batches in file order, as ``_batches`` makes them: policies and profiles first, then the
    facilities."""
    duplicates, clusters = DuplicateIds(), ClusterNames(mapper.mint.cluster)
    policy_ids: set[str] = set()
    try:
        deferred: list[tuple] = []
        done = 0
        for prepared in first:
            kept = []
            for item in prepared:
                if item.deferred is not None:
                    deferred.append(item.deferred)
                elif _take(item, summary, duplicates, clusters, policy_ids):
                    kept.append(item)
                done += 1
                if progress:
                    progress(done, len(found))
            if kept:
                yield _joined(kept)
        for prepared in _prepared(pool, jobs, deferred, size, mapper, False, frozenset(policy_ids)):
            kept = [item for item in prepared if _take(item, summary, duplicates, clusters, policy_ids)]
            if kept:
                yield _joined(kept)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    summary.diagnostics.sort()


def _prepared(pool, jobs: int, pairs: list, size: int, mapper: Mapper, defer: bool, policies) -> Iterator[list[Prepared]]:
    """``prepare_batch`` of each ``size`` pairs, in order; with a pool, ``jobs + 1`` batches ahead."""
    chunks = (pairs[i:i + size] for i in range(0, len(pairs), size))
    if pool is None:
        for chunk in chunks:
            yield prepare_batch(chunk, mapper, defer, policies)
        return
    ahead: deque = deque()
    for chunk in chunks:
        ahead.append(pool.submit(prepare_batch, chunk, None, defer, policies))
        if len(ahead) > jobs:
            yield ahead.popleft().result()
    while ahead:
        yield ahead.popleft().result()


def _take(item: Prepared, summary: Streamed, duplicates, clusters, policy_ids: set[str]) -> bool:
    """``_one`` for a prepared file: the checks that depend on the files before it, on what its entry
    keeps of it (``delta.Known``); False when its graph is not kept (a problem, or a duplicate id)."""
    messages = summary.diagnostics
    if item.problem is not None:
        summary.hashes[item.display] = item.sha256
        messages.append(item.problem.diagnostic())
        return False
    summary.hashes[item.display] = item.sha256
    record = Known(item.display, item.entry)
    problem = duplicates.check(record)
    if problem is not None:
        messages.append(problem)
        summary.entries[item.display] = {k: v for k, v in item.entry.items() if k not in _MAPPED_KEYS}
        return False
    messages.extend(clusters.check(record))
    if record.kind == POLICY:
        policy_ids.add(record.id)
        summary.policies.add(item.policy)
    summary.records += 1
    summary.quads += item.count
    summary.graphs[item.graph] = [item.display, item.relative, item.sha256, item.count]
    messages.extend(item.diagnostics)
    for note in item.notes:
        summary.gaps.add_note(note)
    summary.entries[item.display] = item.entry
    return True


_MAPPED_KEYS = frozenset({"graph", "policy", "facts", "gaps"})  # what ``entry_of`` adds for a mapped record


def _joined(items: list[Prepared]) -> Serialised:
    return Serialised(b"".join(i.nquads for i in items), b"".join(i.ntriples for i in items))
