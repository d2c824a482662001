"""Records compiled in bounded batches: a build's memory must not grow with the corpus.

``compile_records`` keeps every record and quad (validation and the tests want them all); a build
only writes them, so ``stream_records`` hands out one batch of mapped records at a time and keeps
just the counts and the messages. Same checks, same messages, same order of records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ccuskg.core.diagnostics import Diagnostic
from ccuskg.ingest.records import RecordProblem, discover, parse_file
from ccuskg.model.compile import ClusterNames, DuplicateIds, Progress
from ccuskg.model.mapping import MappedRecord, Mapper
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


def stream_records(paths: Iterable, base: str | None = None, vocab: Vocabulary | None = None,
                   progress: Progress | None = None, batch: int = BATCH
                   ) -> tuple[Streamed, Iterator[list[MappedRecord]]]:
    """Discover the record files now (``files`` is known at once), then read and map them batch by batch."""
    vocab = vocab or load_vocabulary()
    mapper = Mapper(vocab, base)
    missing: list[RecordProblem] = []
    found = discover(paths, errors=missing)
    summary = Streamed(mapper.mint.base, vocab, files=len(found))
    summary.diagnostics.extend(problem.diagnostic() for problem in missing)
    return summary, _batches(found, mapper, summary, progress, batch)


def _batches(found, mapper: Mapper, summary: Streamed, progress, size: int) -> Iterator[list[MappedRecord]]:
    duplicates, clusters = DuplicateIds(), ClusterNames(mapper.mint.cluster)
    messages = summary.diagnostics
    batch: list[MappedRecord] = []
    for index, (root, path) in enumerate(found, 1):
        record = parse_file(path, root)
        problem = record.diagnostic() if isinstance(record, RecordProblem) else duplicates.check(record)
        if problem is not None:
            messages.append(problem)
        else:
            messages.extend(clusters.check(record))
            mapped = mapper.map(record)
            summary.records += 1
            summary.quads += len(set(mapped.quads))
            summary.policies.add(mapped.policy)
            messages.extend(mapped.diagnostics)
            batch.append(mapped)
            if len(batch) >= size:
                yield batch
                batch = []
        if progress:
            progress(index, len(found))
    if batch:
        yield batch
    messages.sort()
