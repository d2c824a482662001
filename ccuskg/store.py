"""Step 3 of the pipeline: the embedded Oxigraph store on disk.

One named graph per record plus one for the ontology. Queries see the union of those graphs, which
is materialised as the store's default graph: Oxigraph's own union mode returns a triple once per
graph holding it (a policy's date stated by its zh and en records would count twice), while the RDF
merge that SPARQL users expect holds each triple once. A build is written into a fresh directory and
swapped in only once complete, so a build that fails part-way leaves the previous store readable and
unchanged. One build at a time writes a store (``build_lock``); staging folders left by a killed build
are removed by the next one.
"""

from __future__ import annotations

import gc
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: builds are not locked against each other
    fcntl = None  # type: ignore[assignment]

import orjson
import pyoxigraph as ox

from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import VOID
from ccuskg.core.settings import DEFAULT_STORE, STORE_ENV  # noqa: F401  (importable from here too)
BUILD_GRAPH_SUFFIX = "graph/build"
MANIFEST = "ccuskg-manifest.json"  # what the store was built from (beside RocksDB's files, which it ignores)
INDEX = "ccuskg-index.json"  # the manifest's "index": what only an incremental build reads (kept apart: large)


class StoreNotFound(UserError, FileNotFoundError):
    pass


class StorePathError(UserError, ValueError):
    """The store path cannot hold a store: it is a file, a folder that is not a store, or not writable."""


def check_store_target(path: Path | str) -> None:
    """Refuse a target a build would destroy: only a new path, an empty folder or a store is replaced."""
    path = Path(path)
    here = Path.cwd().resolve()
    if path.resolve() in (here, *here.parents):
        raise StorePathError(f"refusing to use {path} as the store: it is the current folder or holds it "
                             "(give --store a folder of its own, e.g. .ccuskg/store)")
    if not path.exists() and not path.is_symlink():
        return
    if path.is_dir() and ((path / "CURRENT").is_file() or not any(path.iterdir())):
        return
    kind = "a folder that is not a ccuskg store" if path.is_dir() else "a file"
    raise StorePathError(f"refusing to replace {path}: it is {kind} (give --store a new or empty folder, "
                         f"or an existing store)")


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


class StoreBusy(UserError, RuntimeError):
    """Another build is writing the store: two at once would each replace the other's work silently."""


_held: dict[Path, int] = {}  # lock files this process holds, with how many times (re-entrant)


def _lock_file(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


def _holder(lock: Path) -> str:
    try:
        pid = lock.read_text(encoding="ascii").strip()
    except (OSError, UnicodeError):
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"


@contextmanager
def build_lock(path: Path | str, wait: float = 0.0) -> Iterator[None]:
    """Hold the store's build lock (``.<name>.lock`` beside it), waiting at most ``wait`` seconds.

    The lock is an advisory ``flock`` on a file that is removed on release; it is re-entrant in one
    process, and a killed holder releases it with its last file descriptor."""
    path = Path(os.path.abspath(path))
    lock = _lock_file(path)
    if lock in _held or fcntl is None:
        _held[lock] = _held.get(lock, 0) + 1
        try:
            yield
        finally:
            _release_count(lock)
        return
    fd = _acquire(path, lock, wait)
    _held[lock] = 1
    try:
        yield
    finally:
        del _held[lock]
        lock.unlink(missing_ok=True)  # while still held: a waiter re-checks the file it locked
        os.close(fd)


def _release_count(lock: Path) -> None:
    _held[lock] -= 1
    if not _held[lock]:
        del _held[lock]


def _acquire(path: Path, lock: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorePathError(f"cannot create a store at {path}: {exc}") from None
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{_holder(lock)} is building {path}: wait for it to finish, or give "
                                f"another --store (a lock file {lock.name} beside it says so)") from None
            time.sleep(0.1)
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False  # the holder removed it as we locked it: lock the new one
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode("ascii"))
            return fd
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def remove_stale_staging(path: Path | str) -> list[Path]:
    """Remove the ``.<name>.new-<pid>`` and ``.<name>.old-<pid>`` folders of processes that are gone.

    A build killed between its two renames leaves the previous store only as ``.old-<pid>``: that
    one is put back as the store rather than removed. Call it holding the build lock."""
    path = Path(os.path.abspath(path))
    removed = []
    for kind in ("new", "old"):
        for folder in sorted(path.parent.glob(f".{path.name}.{kind}-*")):
            pid = folder.name.rsplit("-", 1)[1]
            if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
                continue
            if kind == "old" and not path.exists():
                os.replace(folder, path)
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def write_store(path: Path | str, quads, progress=None) -> Path:
    """Write ``quads`` as the new content of the store at ``path``, atomically."""
    with staged_store(path) as store:
        store.bulk_extend(quads)
    return Path(os.path.abspath(path))


@contextmanager
def staged_store(path: Path | str, wait: float = 0.0, copy: bool = False,
                 manifest: dict | None = None) -> Iterator[ox.Store]:
    """A new store to fill, empty or (``copy``) a checkpoint of the current one; swapped in at ``path``
    when the block ends without an exception, with ``manifest`` (filled in the block) beside its data
    (its ``index``, if any, in a file of its own: ``read_index``).

    Holds the build lock throughout; on an exception the staging folder is removed and the previous
    store stays as it was."""
    check_store_target(path)
    path = Path(os.path.abspath(path))  # "store/.." or "./x": the staging folder must sit beside the store
    with build_lock(path, wait):
        remove_stale_staging(path)
        staging = path.parent / f".{path.name}.new-{os.getpid()}"
        try:
            shutil.rmtree(staging, ignore_errors=True)
            if copy:
                ox.Store.read_only(str(path)).backup(str(staging))  # hard links: instant, any size
            store = ox.Store(str(staging))
        except OSError as exc:
            raise StorePathError(f"cannot create a store at {path}: {exc}") from None
        try:
            yield store
            if manifest is not None:
                index = manifest.get("index")
                (staging / MANIFEST).write_bytes(orjson.dumps({k: v for k, v in manifest.items() if k != "index"}))
                if index is not None:
                    (staging / INDEX).write_bytes(orjson.dumps(index))
            store.flush()
            if not copy:
                store.optimize()  # one sorted run per level: bulk-loaded batches overlap, and reads pay for it
            del store
            # Keep this collection: without it an incremental build of 10,000 records took 1.6-1.8 s
            # instead of 0.8-1.2 s (measured; the heap is collected here, not later, while it is small)
            gc.collect()  # releases the RocksDB lock before the directory is renamed
        except BaseException:
            store = None
            gc.collect()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap(staging, path)


def _swap(staging: Path, path: Path) -> None:
    retired = path.parent / f".{path.name}.old-{os.getpid()}"
    try:
        if path.exists():
            os.replace(path, retired)
        os.replace(staging, path)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not path.exists():
            os.replace(retired, path)  # the previous store stays, as promised
        raise StorePathError(f"cannot put the new store at {path}: {exc}") from None
    shutil.rmtree(retired, ignore_errors=True)


def with_union_default_graph(quads) -> list[ox.Quad]:
    """The named-graph quads plus each distinct triple once in the default graph."""
    quads = list(quads)
    union = {q.triple for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    return quads + [ox.Quad(t.subject, t.predicate, t.object) for t in union]


def load_with_union(store: ox.Store, quads) -> set[ox.Triple]:
    """Bulk-load named-graph ``quads`` and their triples into the union default graph; returns those triples.

    A triple loaded again by a later batch is stored once: the store is a set of quads."""
    quads = list(quads)
    union = {q.triple for q in quads}
    store.bulk_extend(quads + [ox.Quad(t.subject, t.predicate, t.object) for t in union])
    return union


def read_manifest(path: Path | str) -> dict | None:
    """What the store at ``path`` was built from (see ``ccuskg.api``), or None (none, or unreadable)."""
    return _read_json(Path(path) / MANIFEST)


def read_index(path: Path | str) -> dict | None:
    """The ``index`` part of the store's manifest, or None (none, or unreadable)."""
    return _read_json(Path(path) / INDEX)


def _read_json(file: Path) -> dict | None:
    try:
        found = orjson.loads(file.read_bytes())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def replace_graphs(store: ox.Store, graphs: Iterable[str], quads: list[ox.Quad]) -> int:
    """Drop the named ``graphs`` and add ``quads`` (in graphs of their own), keeping the union default
    graph exact: a triple leaves it when no named graph holds it any more. Returns by how many
    triples the union grew (negative when it shrank), so a build keeps its size without counting it."""
    dropped: set[ox.Triple] = set()
    for name in graphs:
        graph = ox.NamedNode(name)
        dropped.update(q.triple for q in store.quads_for_pattern(None, None, None, graph))
        store.remove_graph(graph)
    union = [ox.Quad(t.subject, t.predicate, t.object) for t in {q.triple for q in quads}]
    grown = sum(1 for q in union if q not in store)
    store.extend(quads + union)
    for t in dropped - {q.triple for q in quads}:
        named = (q for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)
                 if not isinstance(q.graph_name, ox.DefaultGraph))
        if next(named, None) is None:
            store.remove(ox.Quad(t.subject, t.predicate, t.object))
            grown -= 1
    return grown


def union_size(store: ox.Store) -> int:
    """How many triples the union default graph holds (counted by Oxigraph: reading them is slower)."""
    (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(row[0].value)


def named_quads(store: ox.Store):
    """Every quad in a named graph (the record, ontology and build graphs), not the union copy."""
    return (q for q in store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.graph_name, ox.DefaultGraph))


def open_store(path: Path | str | None = None) -> ox.Store:
    """Open a built store for reading."""
    path = Path(path) if path else default_store_path()
    if not (path / "CURRENT").is_file():
        raise StoreNotFound(f"no ccuskg store at {path}: run 'ccuskg build PATHS' first (or pass --store)")
    return ox.Store.read_only(str(path))


def build_quads(base: str, description: list[ox.Triple] | None = None) -> list[ox.Quad]:
    """The VoID + DCAT description of the build in its own graph, so a store knows its base IRI.

    The caller computes the ``description`` (counts, licence, creation date: see
    ``ccuskg.publish.description``); without one the graph holds only the dataset node and its base IRI.
    """
    graph = ox.NamedNode(base + BUILD_GRAPH_SUFFIX)
    if description is None:
        dataset = ox.NamedNode(base)
        triples = [ox.Triple(dataset, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                             ox.NamedNode(VOID + "Dataset")),
                   ox.Triple(dataset, ox.NamedNode(VOID + "uriSpace"), ox.Literal(base))]
    else:
        triples = description
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def store_base(store: ox.Store) -> str | None:
    for quad in store.quads_for_pattern(None, ox.NamedNode(VOID + "uriSpace"), None, None):
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value.endswith(BUILD_GRAPH_SUFFIX):
            return quad.object.value
    return None
