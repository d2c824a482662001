"""A cache of read and mapped records, so that re-checking mostly unchanged records is fast (CI re-runs).

An entry holds what reading and mapping one file produced: the record, its diagnostics and its
triples (N-Triples text; all of a record's quads are in the record's graph). Its key is a hash of
the file's bytes and of the path the file was given as, inside a scope folder named by a hash of the
base IRI, the ontology files' bytes, the ccuskg version and the source of the ccuskg package: a
changed record, ontology or mapper can only miss, never be served stale.

Entries live in pack files of JSON lines (never pickle: a planted cache file cannot run code). One
file per record made a first run twice as slow (creating 10,000 files); one pack per run costs one
write. A run that found anything new or damaged writes one pack (see ``RecordCache.save``) under
a temporary name renamed into place (atomic: a concurrent run sees the old packs or the new one,
never half of one), then deletes the packs it read; a pack that vanished meanwhile is just a miss.
An entry that cannot be read back counts in ``stats["rebuilt"]`` and the record is read and mapped
again. Files that cannot be read as records are never cached (they are cheap and rare).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import orjson
import pyoxigraph as ox

from ccuskg.core.diagnostics import Diagnostic
from ccuskg.core.settings import DEFAULT_CACHE_FOLDER
from ccuskg.core.version import __version__
from ccuskg.model.mapping import MappedRecord
from ccuskg.ingest.readers import registered_readers
from ccuskg.ingest.records import Record

FORMAT = 1  # bump when the entry layout changes
DEFAULT_FOLDER = DEFAULT_CACHE_FOLDER
_PACKAGE = Path(__file__).resolve().parent.parent  # the whole ccuskg package
_KEY = 64  # hex characters of a key, at the start of each line of a pack
_CHECK = 16  # hex characters of the entry's own hash, after the key: a damaged entry is a miss
_LIBRARIES = ("pyoxigraph", "PyYAML", "python-frontmatter", "orjson")
_KEEP_UNUSED = 20_000  # entries a pack may hold beyond three times what the run that writes it used


def _readers_fingerprint() -> str:
    """The registered record readers (a plugin's reader decides what a cached record holds): a reader
    added, removed or replaced by another function changes every key."""
    return "\n".join(sorted(reader.describe() for reader in registered_readers().values()))


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The versions of ccuskg and of the libraries that read and map, and every module's source:
    editing the mapper or upgrading the YAML parser invalidates the cache."""
    h = hashlib.sha256(f"ccuskg {__version__} cache format {FORMAT} python {sys.version}\n".encode())
    for library in _LIBRARIES:
        try:
            h.update(f"{library} {metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{library} absent\n".encode())
    for source in sorted(_PACKAGE.rglob("*.py")):
        h.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    return h.hexdigest()


def scope(ontology_files, base: str) -> str:
    h = hashlib.sha256(_code_fingerprint().encode() + b"\0" + _readers_fingerprint().encode() + b"\0"
                       + base.encode() + b"\0")
    for path in sorted(Path(f) for f in ontology_files):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:32]


class CachedMapping(MappedRecord):
    """A mapped record served from the cache: its quads are parsed only if someone asks for them."""

    def __init__(self, record: Record, graph: str, policy: str, diagnostics: list[Diagnostic], ntriples: bytes):
        self.record, self.graph, self.policy, self.diagnostics = record, graph, policy, diagnostics
        self.ntriples = ntriples
        self._quads: list[ox.Quad] | None = None

    @property
    def quads(self) -> list[ox.Quad]:
        if self._quads is None:
            text = b"<" + self.graph.encode("utf-8") + b"> {\n" + self.ntriples + b"}\n"
            self._quads = list(ox.parse(text, format=ox.RdfFormat.TRIG))
        return self._quads


class RecordCache:
    """The cache folder for one build: one ontology, one base IRI, one ccuskg."""

    def __init__(self, folder, ontology_files, base: str):
        self.folder = Path(folder) / scope(ontology_files, base)
        self.stats = {"hits": 0, "misses": 0, "rebuilt": 0, "written": 0}
        self._lines: dict[str, bytes] = {}
        self._packs: list[Path] = []
        self._used: dict[str, bytes] = {}
        self._damaged: set[str] = set()
        self._read_packs()

    def _read_packs(self) -> None:
        try:
            packs = sorted(self.folder.glob("pack-*.jsonl"))
        except OSError:
            return
        for pack in packs:
            try:
                data = pack.read_bytes()
            except OSError:  # removed by a concurrent run since we listed it
                continue
            self._packs.append(pack)
            for line in data.split(b"\n"):
                if len(line) > _KEY and line[_KEY:_KEY + 1] == b" ":
                    self._lines[line[:_KEY].decode("ascii", "replace")] = line

    @staticmethod
    def key(display: str, relative: str, raw: bytes) -> str:
        return RecordCache.key_of_digest(display, relative, hashlib.sha256(raw).digest())

    @staticmethod
    def key_of_digest(display: str, relative: str, digest: bytes) -> str:
        """``key`` from the SHA-256 of the file's bytes (a manifest holds that, not the bytes)."""
        h = hashlib.sha256(display.encode("utf-8", "surrogateescape") + b"\0"
                           + relative.encode("utf-8", "surrogateescape") + b"\0")
        h.update(digest)
        return h.hexdigest()

    @staticmethod
    def _entry(line: bytes) -> bytes:
        """The JSON entry of a pack line, after its check; ValueError when damaged."""
        entry = line[_KEY + _CHECK + 2:]
        if line[_KEY + 1:_KEY + _CHECK + 1] != _check(entry):
            raise ValueError("damaged cache entry")
        return entry

    def lookup(self, key: str, path: Path) -> CachedMapping | None:
        """The cached mapping for ``key`` (``None`` on a miss or an unreadable entry)."""
        line = self._lines.get(key)
        if line is None:
            self.stats["misses"] += 1
            return None
        try:
            mapped = _decode(orjson.loads(self._entry(line)), path)
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeError):
            self.stats["rebuilt"] += 1
            self._damaged.add(key)
            return None
        self.stats["hits"] += 1
        self._used[key] = line
        return mapped

    def ntriples_of(self, display: str, relative: str, sha256: str) -> bytes | None:
        """The N-Triples of the entry for a file with this name and bytes (their SHA-256, in hex), if the
        cache still holds it (incremental validation reads a changed record's previous triples)."""
        key = self.key_of_digest(display, relative, bytes.fromhex(sha256))
        line = self._used.get(key) or self._lines.get(key)
        if line is None:
            return None
        try:
            ntriples = orjson.loads(self._entry(line))["ntriples"]
        except (ValueError, KeyError, TypeError):
            return None
        return ntriples.encode("utf-8") if isinstance(ntriples, str) else None

    def add(self, key: str, mapped: MappedRecord) -> None:
        """Remember a freshly mapped record (written by ``save``); data JSON cannot hold exactly is skipped."""
        record = mapped.record
        try:
            data = orjson.dumps(record.data)
            if orjson.loads(data) != record.data:  # e.g. tuples or NaN would come back different
                return
            ntriples = ox.serialize([q.triple for q in mapped.quads], format=ox.RdfFormat.N_TRIPLES)
            entry = orjson.dumps({
                "display": record.display, "relative": record.relative, "lang": record.lang,
                "data": orjson.Fragment(data), "body": record.body, "sha256": record.sha256,
                "front_matter_lines": record.front_matter_lines, "graph": mapped.graph, "policy": mapped.policy,
                "diagnostics": [_diagnostic_dict(d) for d in mapped.diagnostics],
                "ntriples": ntriples.decode("utf-8"),
            })
        except (TypeError, ValueError, UnicodeError):
            return
        self._used[key] = key.encode("ascii") + b" " + _check(entry) + b" " + entry
        mapped.ntriples = ntriples
        self.stats["written"] += 1

    def save(self) -> None:
        """Write one pack, if anything was new or damaged, and drop the packs read.

        The pack keeps the entries this run did not use too (a run over a few files must not throw
        away the cache of the whole folder) unless they would make it more than three times what
        this run used and over 20,000 entries: then only the used ones stay."""
        if not self.stats["written"] and not self.stats["rebuilt"] and len(self._packs) <= 1:
            return
        entries = self._used
        if len(self._lines) + len(self._used) <= max(3 * len(self._used), _KEEP_UNUSED):
            entries = {**self._lines, **self._used}
            for key in self._damaged - self._used.keys():
                del entries[key]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".jsonl")
            try:
                with os.fdopen(fd, "wb") as out:
                    for key in sorted(entries):
                        out.write(entries[key] + b"\n")
                final = self.folder / f"pack-{os.path.basename(temporary)[5:-6]}.jsonl"
                os.replace(temporary, final)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            for pack in self._packs:
                if pack != final:
                    pack.unlink(missing_ok=True)
        except OSError:  # a read-only or full disk makes the next run slower, not wrong
            self.stats["written"] = 0


def _check(entry: bytes) -> bytes:
    return hashlib.sha256(entry).hexdigest()[:_CHECK].encode("ascii")


def _diagnostic_dict(d: Diagnostic) -> dict:
    return {"file": d.file, "field": d.field, "severity": d.severity, "message": d.message, "line": d.line,
            "value": d.value, "code": d.code}


def _decode(entry: dict, path: Path) -> CachedMapping:
    lines, data = entry["front_matter_lines"], entry["data"]
    if not isinstance(data, dict) or not isinstance(lines, list) or not isinstance(entry["ntriples"], str):
        raise TypeError("malformed cache entry")
    record = Record(path, entry["display"], entry["relative"], entry["lang"], data, entry["body"],
                    entry["sha256"], lines)
    diagnostics = [Diagnostic(**d) for d in entry["diagnostics"]]
    return CachedMapping(record, entry["graph"], entry["policy"], diagnostics, entry["ntriples"].encode("utf-8"))
