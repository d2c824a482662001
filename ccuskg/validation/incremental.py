"""Incremental validation: what a run with a cache folder keeps for the next run, and how it is used.

Issue #13 asks that re-validating a mostly unchanged corpus be fast, and that the report be exactly
the one a cold run would print. The design keeps every shortcut *provably* equal to the cold run,
and falls back to doing the work whenever that proof is not cheap:

1. **The run key.** A saved state is only ever used by a run with the same key: the hash of the
   code and readers, the ontology and the user's vocabulary files (their bytes, through
   ``ccuskg.model.cache.scope``), the base IRI, the packaged and the user's shapes files (their
   bytes), ``--shapes-only``, the engine, every setting, and the paths as given. Anything else in
   that list changing is a cold run. Each key has its own state file, so two configurations
   validated in turn (CI jobs) do not evict each other.

2. **Nothing changed.** The state holds a digest of the run's inputs, the *manifest*: every record
   file found under the paths (its display name, its path relative to its root, the SHA-256 of its
   bytes) and the paths that could not be read. A file's SHA-256 is read again only when its status
   (inode, size, modification and change times) differs from when it was last hashed
   (``FileHashes``). A run whose manifest digest equals the saved one
   returns the saved report: the report is a function of the key and the manifest only, so it is
   the report the cold run would make. No record is parsed and no graph is loaded.

3. **Some records changed: tracing.** The records are compiled (the record cache serves the
   unchanged ones) and loaded as in a cold run, and the raw SHACL results are a cold run's (point 4).
   What is saved is the *tracing* of each raw result to its files, field and lines (``_Tracer``), which
   costs more than the check at 10,000 records. A traced result is reused when the same raw result
   comes back and it cannot trace differently: tracing reads only the records of the result's owner
   (its policy, or the record node), the shapes and the vocabulary (both in the key) and, for a
   supersession result, the supersession edges of the whole graph. So a cached tracing is reused
   unless its owner is the policy or record node of a record added, removed, renamed or edited
   (before or after the edit), or it is a supersession result and the supersession edges changed.
   Facility records are mapped afresh on every run (their links depend on the other records), so
   results about them are always traced again. Diagnostics of the compilation (unreadable files,
   duplicate ids, merged cluster names, unmapped fields) are always recomputed: they are cheap.

4. **Some records changed: checking.** A targeted shape is *local* of radius r when its checks read
   only triples whose subject is at most r links from the focus node (``FastEngine.local_radius``:
   value-node checks on a single-IRI path read the focus node's own triples, r = 0; sh:class and
   sh:closed on a path read the value nodes' triples, r = 1; sh:node and the logical components add
   their member's radius). Anything else — SPARQL constraints (which may read the whole graph,
   e.g. supersession to an unknown id), complex or inverse paths, qualified shapes,
   sh:targetObjectsOf, components declared in the shapes graph, blank shapes, nested property shapes
   whose results are about value nodes, a term ccuskg does not list — is not local and is checked over
   the whole graph every run. For a local shape the saved raw results are kept for every focus node
   except those within r links (in the new graph) of a *changed subject*: the subject of a triple
   that a changed record had before (read back from the record cache) or has now, but not both. The
   union graph only changes in such triples, and a removed link's subject is itself changed, so any
   focus node whose results may differ is re-checked (bound with a VALUES block in the compiled
   SPARQL); the others' results are those of the previous run, equal to a cold run's by induction.
   When the changed subjects cannot be told (a previous version gone from the record cache, an
   edited or removed facility, policy ids changed while there are facilities, a blank-node subject,
   an rdfs:subClassOf triple changed), every shape is checked in full.

The graph is still built and loaded in full on each run with changes (mapping only the changed
records): global shapes need it, and keeping it on disk between runs is not done yet.

Only the fast engine is incremental. Its results name blank nodes by their ids in the record data,
while pyshacl runs over an rdflib graph whose blank node ids (and so its results) may differ from
run to run; ``--engine pyshacl`` is always a cold run. ``--no-cache`` (no cache folder) is one too.

The state is one file per key under ``<cache folder>/validation/``, four JSON lines (a small
header with the manifest digest, the report, the tracings, the raw results of the local shapes), written under a temporary name and
renamed into place: a crash or a concurrent run leaves the old state or the new one, never half of
one. A state that cannot be read (damaged, older format) is ignored: the run is cold and rewrites it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import orjson
import pyoxigraph as ox

from ccuskg.core.package_data import shapes_dir
from ccuskg.core.settings import load_settings
from ccuskg.ingest.kinds import FACILITY, POLICY
from ccuskg.ingest.records import RecordProblem, discover_names
from ccuskg.model.cache import scope
from ccuskg.validation.findings import Finding, Report
from ccuskg.validation.terms import ShaclResult, Term

FORMAT = 3  # bump when the state layout changes
FOLDER = "validation"
KEEP = 4  # states kept in the folder (one per key), the newest ones
_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_SUCCESSION = ("https://w3id.org/ccuskg/ontology#supersedes", "https://w3id.org/ccuskg/ontology#supersededBy")


# ------------------------------------------------------------------------------------------ keys

def run_key(paths: Iterable, base: str, vocab_files: Iterable, user_shapes: Iterable, shapes_only: bool,
            engine: str) -> str:
    """What decides the report besides the record files (see the module docstring, point 1)."""
    h = hashlib.sha256(f"incremental validation format {FORMAT}\0{engine}\0{shapes_only}\0".encode())
    h.update(scope(vocab_files, base).encode() + b"\0")
    h.update(repr(load_settings()).encode() + b"\0")
    h.update(orjson.dumps([str(p) for p in paths]) + b"\0")
    packaged = [] if shapes_only else sorted(shapes_dir().glob("*.ttl"))
    for path in packaged + [Path(p) for p in user_shapes]:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0missing"
        h.update(str(path.resolve()).encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def manifest_digest(paths: Iterable, hashes: "FileHashes | None" = None) -> str | None:
    """The digest of every record file under ``paths`` (name, relative path, bytes) and of the paths
    that could not be read; None when a file cannot be read now (the run is then cold). ``hashes``
    gives the SHA-256 of a file whose status is unchanged since it was last hashed (``FileHashes``)."""
    missing: list[RecordProblem] = []
    found = discover_names(paths, errors=missing)
    h = hashlib.sha256()
    for problem in missing:
        d = problem.diagnostic()
        h.update(orjson.dumps(["missing", d.file, d.message]) + b"\n")
    for name, root in found:  # the display name and relative path follow from (root, path): file_identity
        digest = hashes.sha256(name) if hashes is not None else _sha256_of(name)
        if digest is None:
            return None
        h.update(orjson.dumps([str(root), name, digest]) + b"\n")
    if hashes is not None:
        hashes.save()
    return h.hexdigest()


def _sha256_of(name: str) -> str | None:
    try:
        with open(name, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return None


class FileHashes:
    """The SHA-256 of each record file, reused while the file's status is the one it had when it was
    hashed: device, inode, size, modification and change times (the rule git's index follows, and
    ``ccuskg.model.stream.signatures`` for the build; not imported from there, which would load the
    mapper on the path that must stay cheap).

    An edit changes the change time (``ctime``), which no user can set back (``touch`` and
    ``os.utime`` set it to now), so an edit that keeps the size and restores the modification time
    is still seen. A file whose times were less than ``MARGIN_NS`` old when it was hashed is never
    trusted (a second write within the filesystem's timestamp tick could keep its times); it is
    hashed again next time. Only on POSIX systems: Windows' ``st_ctime`` is the creation time.
    Saved beside the validation states; a damaged or missing file means hashing everything."""

    MARGIN_NS = 2_000_000_000
    NAME = "file-hashes.json"
    KEEP_UNSEEN = 50_000  # entries of files this run did not look at (other folders validated in turn)

    def __init__(self, folder: Path | str):
        self.file = Path(folder) / FOLDER / self.NAME
        self.trusting = os.name == "posix"
        self.known: dict[str, list] = {}
        self.seen: set[str] = set()
        self.changed = False
        if self.trusting:
            try:
                known = orjson.loads(self.file.read_bytes())
                self.known = known if isinstance(known, dict) else {}
            except (OSError, ValueError):
                self.known = {}

    def sha256(self, name: str) -> str | None:
        try:
            st = os.stat(name)
        except OSError:
            return None
        status = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        self.seen.add(name)
        entry = self.known.get(name)
        if self.trusting and isinstance(entry, list) and len(entry) == 6 and entry[:5] == status:
            return entry[5]
        digest = _sha256_of(name)
        if digest is None:
            return None
        if self.trusting and max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - self.MARGIN_NS:
            self.known[name] = status + [digest]
            self.changed = True
        elif name in self.known:
            del self.known[name]
            self.changed = True
        return digest

    def save(self) -> None:
        """Write the hashes atomically (a read-only or full disk makes the next run slower, not wrong);
        beyond ``KEEP_UNSEEN`` entries of files this run did not look at, those are dropped."""
        unseen = [name for name in self.known if name not in self.seen]
        if len(unseen) > self.KEEP_UNSEEN:
            for name in unseen:
                del self.known[name]
            self.changed = True
        if not self.changed:
            return
        try:
            _replace(self.file, orjson.dumps(self.known))
        except OSError:
            pass
        self.changed = False


def _replace(file: Path, data: bytes) -> None:
    """Write ``data`` as ``file`` under a temporary name renamed into place: a crash or a concurrent
    run leaves the old file or the new one, never half of one."""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=file.parent, prefix=".tmp-", suffix=file.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def raw_list(result: ShaclResult) -> list:
    return [_term(result.focus), result.path, _term(result.value), result.severity, result.message,
            result.shape, result.component, result.constraint, _term(result.shape_node)]


def raw_from_list(data: list) -> ShaclResult:
    focus, path, value, severity, message, shape, component, constraint, shape_node = data
    return ShaclResult(Term(*focus), path, _from_term(value), severity, message, shape, component, constraint,
                       _from_term(shape_node))


def raw_key(result: ShaclResult) -> str:
    """A raw result as text: what makes two results the same (``distinct``), blank shape node included."""
    return orjson.dumps(raw_list(result)).decode()


def _term(term: Term | None):
    return None if term is None else [term.kind, term.value, term.datatype, term.lang]


def _from_term(data) -> Term | None:
    return None if data is None else Term(*data)


def succession_digest(store: ox.Store) -> str:
    """The supersession edges of the checked graph (what the cycle messages of results are made from)."""
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ <{_SUCCESSION[0]}> <{_SUCCESSION[1]}> }} ?s ?p ?o }}")
    edges = sorted(f"{row['s']} {row['p']} {row['o']}" for row in rows)
    return hashlib.sha256("\n".join(edges).encode()).hexdigest()


def record_owners(compiled) -> dict[str, list]:
    """Each record file: [SHA-256 of its bytes, its kind, the owners its results are traced to, its
    relative path, its id]."""
    return {m.record.display: [m.record.sha256, m.record.kind, [m.policy, m.graph.replace("/graph/", "/record/")],
                               m.record.relative, m.record.id] for m in compiled.mapped}


def changed_subjects(before: dict[str, list], compiled) -> set | None:
    """The subjects of the triples that a record added, removed, renamed or edited since the previous
    run had then or has now, but not both (a superset of the subjects of the triples that entered or
    left the union graph); None when that cannot be told, and every shape is then checked in full:
    a changed record's previous triples are no longer in the record cache, a facility record was edited
    or removed (facilities are never cached), the policy ids changed while there are facilities (their
    links depend on them), or a triple about rdfs:subClassOf changed (targets and sh:class read it)."""
    cache = compiled.record_cache
    if cache is None:
        return None
    now = {m.record.display: m for m in compiled.mapped}
    entries = record_owners(compiled)
    if any(e[1] == FACILITY for e in [*before.values(), *entries.values()]):
        ids = lambda table: sorted(e[4] for e in table.values() if e[1] == POLICY)  # noqa: E731
        if ids(before) != ids(entries):
            return None
    subjects = set()
    for display in before.keys() | now.keys():
        old, new = before.get(display), entries.get(display)
        if old == new:
            continue  # the same bytes under the same name (a facility too: the policy ids are the same)
        old_triples: set = set()
        if old is not None:
            if old[1] == FACILITY:
                return None
            text = cache.ntriples_of(display, old[3], old[0])
            if text is None:
                return None
            old_triples = {q.triple for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)}
        new_triples = {q.triple for q in now[display].quads} if new is not None else set()
        for triple in old_triples ^ new_triples:
            if triple.predicate == _SUBCLASS:
                return None
            subjects.add(triple.subject)
    return subjects


class NearFoci:
    """The focus nodes a local shape of radius r must be checked for again: the changed subjects and
    every node with a path of at most r links to one of them, in the new graph. (A link removed since
    the previous run was a changed triple: its subject is a changed subject itself.) None when one of
    them is a blank node, which a VALUES block cannot name: that shape is then checked in full."""

    def __init__(self, store: ox.Store, subjects: set):
        self.store = store
        self.levels = [set(subjects)]

    def __call__(self, radius: int) -> set[str] | None:
        while len(self.levels) <= radius:
            last = self.levels[-1]
            if any(not isinstance(n, ox.NamedNode) for n in last):
                return None
            found = set()
            if last:
                values = " ".join(f"<{n.value}>" for n in last)
                found = {row["s"] for row in self.store.query(
                    f"SELECT DISTINCT ?s WHERE {{ VALUES ?o {{ {values} }} ?s ?p ?o }}")}
            self.levels.append(last | found)
        nodes = self.levels[radius]
        if any(not isinstance(n, ox.NamedNode) for n in nodes):
            return None
        return {f"<{n.value}>" for n in nodes}


def touched_owners(before: dict[str, list], now: dict[str, list]) -> set[str]:
    """The owners whose records are not exactly what they were: added, removed, renamed or edited
    records (their owners before and after), and every facility (mapped afresh each run)."""
    touched: set[str] = set()
    for display in before.keys() | now.keys():
        old, new = before.get(display), now.get(display)
        if old != new or (new is not None and new[1] == FACILITY):
            for entry in (old, new):
                if entry is not None:
                    touched.update(entry[2])
    return touched


# ------------------------------------------------------------------------------------------ state

class State:
    """What one run saved for the next run with the same key."""

    def __init__(self, folder: Path | str, key: str):
        self.file = Path(folder) / FOLDER / f"{key[:40]}.jsonl"
        self.key = key

    def _lines(self) -> list[bytes] | None:
        """The four lines of the state (sliced, not split: the tracings are most of the file)."""
        try:
            data = self.file.read_bytes()
        except OSError:
            return None
        lines, start = [], 0
        for _ in range(4):
            end = data.find(b"\n", start)
            if end < 0:
                return None
            lines.append(data[start:end])
            start = end + 1
        return lines

    def header(self, lines: list[bytes]) -> dict | None:
        try:
            header = orjson.loads(lines[0])
        except ValueError:
            return None
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != self.key:
            return None
        return header

    def report_if_unchanged(self, manifest: str | None):
        """The saved report when the inputs' digest is the saved one, else None."""
        lines = self._lines()
        header = None if lines is None or manifest is None else self.header(lines)
        if header is None or header.get("manifest") != manifest:
            return None
        try:
            return report_from_dict(orjson.loads(lines[1]), Report)
        except (ValueError, KeyError, TypeError):
            return None

    def previous(self) -> tuple[dict, dict[str, list], dict[str, list[ShaclResult]]] | None:
        """The saved header, tracings (raw result key -> traced finding) and raw results of each local
        shape (its IRI -> results), or None."""
        lines = self._lines()
        header = None if lines is None else self.header(lines)
        if header is None:
            return None
        try:
            traced, by_shape = orjson.loads(lines[2]), orjson.loads(lines[3])
            by_shape = {name: [raw_from_list(r) for r in found] for name, found in by_shape.items()}
        except (ValueError, TypeError, AttributeError):
            return None
        return (header, traced, by_shape) if isinstance(traced, dict) else None

    def save(self, manifest: str | None, report, owners: dict, succession: str, traced: dict[str, list],
             by_shape: dict[str, list[ShaclResult]]) -> None:
        """Write the state atomically; a read-only or full disk makes the next run slower, not wrong."""
        if manifest is None:
            return
        header = {"format": FORMAT, "key": self.key, "manifest": manifest, "owners": owners,
                  "succession": succession}
        shapes = {name: [raw_list(r) for r in found] for name, found in by_shape.items()}
        try:
            _replace(self.file, orjson.dumps(header) + b"\n" + orjson.dumps(report_dict(report)) + b"\n"
                     + orjson.dumps(traced) + b"\n" + orjson.dumps(shapes) + b"\n")
            self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        """Keep the states of the last few keys (configurations, ccuskg versions), not every one ever used."""
        states = sorted(self.file.parent.glob("*.jsonl"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
        for old in [f for f in states if f != self.file][KEEP - 1:]:
            old.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------ reports as data

def finding_dict(f) -> list:
    """A finding as a JSON array (the fields in ``Finding``'s order: arrays load faster than objects)."""
    return [f.files, f.field, f.severity, f.message, f.focus, f.path, f.value, f.shape, f.line, f.component,
            _term(f.value_term), f.file_lines]


def finding_from_dict(d: list):
    *fields, value_term, file_lines = d
    return Finding(*fields, _from_term(value_term), file_lines)


def report_dict(report) -> dict:
    return {"records": report.records, "engine": report.engine, "files": report.files,
            "notices": report.notices, "results": [finding_dict(f) for f in report.results]}


def report_from_dict(d: dict, report_type):
    results = [Finding(*f[:10], None if f[10] is None else Term(*f[10]), f[11]) for f in d["results"]]
    return report_type(results=results, records=d["records"], engine=d["engine"], files=d["files"],
                       notices=list(d["notices"]))


__all__ = ["State", "FileHashes", "run_key", "manifest_digest", "raw_key", "succession_digest", "record_owners",
           "touched_owners", "report_dict", "report_from_dict"]
