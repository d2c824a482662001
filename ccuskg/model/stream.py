"""Records compiled in bounded batches: a build's memory must not grow with the corpus.

``compile_records`` keeps every record and quad (validation and the tests want them all); a build
only writes them, so ``stream_records`` hands out one batch of mapped records at a time and keeps
just the counts and the messages. Same checks, same messages, same order of records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ccuskg.core.diagnostics import Diagnostic
from ccuskg.ingest.records import RecordProblem, discover, file_identity, parse_file
from ccuskg.model.compile import ClusterNames, DuplicateIds, Progress
from ccuskg.model.mapping import MappedRecord, Mapper
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


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, as ``Record.sha256`` holds it ("unreadable" when it cannot be read)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def file_hashes(paths: Iterable) -> dict[str, str] | None:
    """display -> SHA-256 of every record file under ``paths``; None when a path is missing."""
    missing: list[RecordProblem] = []
    found = discover(paths, errors=missing)
    if missing:
        return None
    return {file_identity(path, root)[1]: file_hash(path) for root, path in found}


def stream_records(paths: Iterable, base: str | None = None, vocab: Vocabulary | None = None,
                   progress: Progress | None = None, batch: int = BATCH
                   ) -> tuple[Streamed, Iterator[list[MappedRecord]]]:
    """Discover the record files now (``files`` is known at once), then read and map them batch by batch."""
    vocab = vocab or load_vocabulary()
    mapper = Mapper(vocab, base)
    missing: list[RecordProblem] = []
    found = discover(paths, errors=missing)
    summary = Streamed(mapper.mint.base, vocab, files=len(found), gaps=Gaps(vocab))
    summary.diagnostics.extend(problem.diagnostic() for problem in missing)
    return summary, _batches(found, mapper, summary, progress, batch)


def _batches(found, mapper: Mapper, summary: Streamed, progress, size: int) -> Iterator[list[MappedRecord]]:
    duplicates, clusters = DuplicateIds(), ClusterNames(mapper.mint.cluster)
    messages = summary.diagnostics
    batch: list[MappedRecord] = []
    for index, (root, path) in enumerate(found, 1):
        record = parse_file(path, root)
        if isinstance(record, RecordProblem):
            summary.hashes[record.display] = file_hash(path)
            problem = record.diagnostic()
        else:
            summary.hashes[record.display] = record.sha256
            problem = duplicates.check(record)
        if problem is not None:
            messages.append(problem)
        else:
            messages.extend(clusters.check(record))
            mapped = mapper.map(record)
            summary.records += 1
            count = len(set(mapped.quads))
            summary.quads += count
            summary.graphs[mapped.graph] = [record.display, record.relative, record.sha256, count]
            summary.policies.add(mapped.policy)
            messages.extend(mapped.diagnostics)
            summary.gaps.add_record(record, mapped.diagnostics)
            batch.append(mapped)
            if len(batch) >= size:
                yield batch
                batch = []
        if progress:
            progress(index, len(found))
    if batch:
        yield batch
    messages.sort()
