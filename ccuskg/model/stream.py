"""Records compiled in bounded batches: a build's memory must not grow with the corpus.

``compile_records`` keeps every record and quad (validation and the tests want them all); a build
only writes them, so ``stream_records`` hands out one batch of mapped records at a time and keeps
just the counts and the messages. Same checks, same messages, same order of records.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ccuskg.core.diagnostics import Diagnostic
from ccuskg.ingest.records import RecordProblem, discover, file_identity, parse_file
from ccuskg.model.compile import ClusterNames, DuplicateIds, Progress
from ccuskg.model.delta import entry_of
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
