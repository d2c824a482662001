"""The records a change touches: the changed files plus every record they are checked against.

Cross-record rules (language versions that must agree, supersession links and cycles, duplicate
ids) need more than the changed files. A record's id is in its own text, and a record that links to
another names that id, so the related files are found by looking for ids in the files' bytes (no
parsing), then reading only those: the other language versions and duplicates of a changed id, the
policies it supersedes or is superseded by, the records linking to it, and so on along supersession
chains until nothing new turns up. Finding too many files only costs time; none is missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ccuskg.core.namespaces import CCUS
from ccuskg.ingest.records import discover
from ccuskg.model.compile import compile_records

_LINKS = (CCUS + "supersedes", CCUS + "supersededBy")


def related_records(changed: Iterable, roots: Iterable, base: str | None = None) -> list[Path]:
    """``changed`` record files plus the record files under ``roots`` that the rules check them against."""
    candidates = {path.resolve(): path for _, path in discover(list(roots))}
    included = {Path(p).resolve(): Path(p) for p in changed}
    seen_ids: set[str] = set()
    texts: dict[Path, bytes] = {}
    while True:
        ids = _ids_and_links(list(included.values()), base) - seen_ids
        if not ids:
            return sorted(included.values(), key=str)
        seen_ids |= ids
        named = _id_pattern(ids)
        for resolved, path in candidates.items():
            if resolved not in included and named.search(texts.get(resolved) or texts.setdefault(resolved, _read(path))):
                included[resolved] = path


def _id_pattern(ids: set[str]) -> re.Pattern:
    """Any of ``ids`` as a whole id (``touched`` is not in ``untouched``); ids are [A-Za-z0-9._-]."""
    alternatives = b"|".join(re.escape(i.encode("utf-8")) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rb"(?<![A-Za-z0-9._-])(?:" + alternatives + rb")(?![A-Za-z0-9_-])")


def _ids_and_links(files: list[Path], base: str | None) -> set[str]:
    """The policy ids of ``files`` and the ids they link to by supersession."""
    compiled = compile_records(files, base=base) if files else None
    if compiled is None:
        return set()
    ids = {m.policy.rsplit("/", 1)[-1] for m in compiled.mapped}
    ids |= {q.object.value.rsplit("/", 1)[-1] for m in compiled.mapped for q in m.quads
            if q.predicate.value in _LINKS}
    return {i for i in ids if i}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
