"""The library API that notebooks and the CLI share.

    kg = ccuskg.build(["seeds"])                 # or ccuskg.open_graph() for an existing store
    kg.rows("SELECT ?id ?title WHERE { ?p ccus:identifier ?id ; dcterms:title ?title }")
    kg.dataframe(...)                            # with pandas installed
    kg.rdflib_graph()                            # an rdflib Dataset over the same store
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ccuskg.publish import description as _description
from ccuskg.publish import export as _export
from ccuskg.publish import plan as _plan
from ccuskg.access import query as _query
from ccuskg.access.frames import to_frame
from ccuskg.access.graph import ReadableGraph
from ccuskg import store as _store
from ccuskg.model.compile import Compiled, NoRecordFiles, Progress, gc_paused, require_records
from ccuskg.model import cache as _cache
from ccuskg.model.delta import graph_facts, plan
from ccuskg.model.gaps import vocabulary_gaps
from ccuskg.model.mapping import Mapper
from ccuskg.model.stream import BATCH, found_files, signed_hashes, stream_records
from ccuskg.model.vocab import load_vocabulary
from ccuskg.core import digest as _digest
from ccuskg.core.diagnostics import Diagnostic, count_by_severity
from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import CCUS, ONTOLOGY_GRAPH
from ccuskg.core.settings import load_settings, records_or_default


@dataclass
class BuildReport:
    """What a build read, wrote and reported."""

    store: Path
    base: str
    files: int
    records: int
    policies: int
    triples: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # unmapped values and unknown fields grouped (ccuskg.model.gaps), what ``vocab unmapped`` reads
    gaps: dict = field(default_factory=lambda: BuildReport.empty_gaps())
    vocabulary: list[str] = field(default_factory=list)  # the user vocabulary files the build loaded
    # how the store was brought up to date: "full", "incremental" or "unchanged", and the record files
    # "added", "changed" and "removed" since the previous build (incremental builds only)
    mode: str = "full"
    changes: dict[str, list[str]] = field(default_factory=dict)

    @staticmethod
    def empty_gaps() -> dict:
        return {"unmapped_values": [], "unknown_fields": []}

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def unmapped(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code in ("unmapped-value", "unknown-field")]

    def count(self, code: str) -> int:
        return sum(1 for d in self.diagnostics if d.code == code)

    def summary(self, seconds: float | None = None) -> str:
        """The two lines ``ccuskg build`` ends with: what was built, then the counts of messages."""
        counts = count_by_severity(self.diagnostics)
        skipped = self.count("not-a-policy")
        took = f" in {seconds:.2f} s" if seconds is not None else ""
        return (f"Built {self.store} from {self.records} of {self.files} record files "
                f"({self.policies} policies): {self.triples} quads{took}.\n"
                f"{counts['error']} errors, {counts['warning']} warnings "
                f"({self.count('unmapped-value')} unmapped values, {self.count('unknown-field')} unknown fields"
                + (f", {skipped} files that are not policy records" if skipped else "") + ").")

    def digest(self, verbose: bool = False, quiet: bool = False) -> list[str]:
        """The messages as ``ccuskg build`` prints them: grouped by code and field with the first examples
        (``ccuskg.core.digest``), or every one with ``verbose``; only errors with ``quiet``."""
        shown = [d for d in self.diagnostics if not quiet or d.severity == "error"]
        return [str(d) for d in shown] if verbose else _digest.lines(shown)

    def as_dict(self) -> dict:
        return {
            "store": str(self.store), "base": self.base, "files": self.files, "records": self.records,
            "policies": self.policies, "triples": self.triples, "vocabulary": self.vocabulary,
            "counts": count_by_severity(self.diagnostics),
            "codes": dict(sorted(Counter(d.code or "-" for d in self.diagnostics).items())),
            "groups": [g.as_dict() for g in _digest.group(self.diagnostics)],
            **self.gaps,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }

    def to_json(self) -> str:
        """What ``build --report FILE`` writes: the counts, the groups by code and field, the unmapped
        values and unknown fields (``unmapped_values``, ``unknown_fields``) and every message."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


class KnowledgeGraph(ReadableGraph):
    """A built graph in an on-disk Oxigraph store (read methods: :class:`ccuskg.access.graph.ReadableGraph`)."""

    def __init__(self, path: Path | str | None = None, report: BuildReport | None = None):
        self.path = Path(path) if path else _store.default_store_path()
        self.store: ox.Store = _store.open_store(self.path)
        self.base = _store.store_base(self.store)
        self.report = report

    def raw(self, sparql: str, substitutions=None):
        """Run SPARQL on the store (the prefixes of the exports are declared for you)."""
        return _query.execute(self.store, sparql, self._prefixes(), substitutions)

    # -------------------------------------------------------------- export and inspection

    def export(self, fmt: str | None = None, output: Path | str | None = None, include_ontology: bool = True,
               context_url: str | None = None, frame: str | None = None, progress=None, describe: bool = True,
               description: Path | str | None = None, sparql_endpoint: str | None = None):
        """Serialise the whole store; returns bytes, or writes to ``output`` and returns its path.

        The format follows ``output``'s suffix unless ``fmt`` is given (else Turtle, or JSON-LD with a
        frame); ``fmt="json-ld"`` is compact against ontology/context.jsonld (``context_url`` puts that URL
        in ``@context``); ``frame="policy"`` nests each policy's description. A file gets its VoID + DCAT
        description beside it (``<name>.void.ttl``, or ``description``) unless ``describe=False``.
        """
        written = self.export_file(fmt, output, include_ontology=include_ontology, context_url=context_url,
                                   frame=frame, progress=progress, describe=describe, description=description,
                                   sparql_endpoint=sparql_endpoint)
        return written.data if output is None else written.output

    def export_file(self, fmt: str | None = None, output: Path | str | None = None, progress=None,
                    **options) -> _plan.Written:
        """Plan and write an export (``ccuskg.publish.plan``): what ``ccuskg export`` does, as a result object."""
        plan = _plan.plan_export(fmt, output, **options)
        return _plan.write_export(self.store, self.base, plan, progress)

    def export_resources(self, directory: Path | str, context_url: str | None = None, progress=None,
                         skipped: list[str] | None = None, removed: list[Path] | None = None) -> list[Path]:
        """One .ttl and one .jsonld per policy, used jurisdiction and issuer, and cluster (see ccuskg.publish.per_resource).

        Resource files an earlier export left in ``directory`` for resources no longer in the store are
        deleted (listed in ``removed``)."""
        from ccuskg.publish import per_resource

        return per_resource.write_resources(self.store, directory, self.base, context_url, progress, skipped,
                                            removed)

    def export_metadata(self, output: Path | str, fmt: str, size: int | None, include_ontology: bool = True,
                        frame: str | None = None, sparql_endpoint: str | None = None) -> Path:
        """Write the VoID + DCAT description of the dataset and of one exported file (Turtle)."""
        data = _export.metadata(self.store, self.base, fmt, size, include_ontology, frame, sparql_endpoint)
        return _export.write_atomic(output, data)

    def rdflib_graph(self):
        """An rdflib Dataset backed by this Oxigraph store (through oxrdflib).

        Its default graph is the union of the record graphs (each triple once). For SHACL validation
        copy it into an in-memory rdflib Graph first: pyshacl over an oxrdflib-backed graph has been
        seen to give different results.
        """
        import rdflib

        dataset = rdflib.Dataset(store="Oxigraph")  # its default graph is the union, each triple once
        dataset.open(str(self.path))
        return dataset

    def close(self) -> None:
        self.store = None  # type: ignore[assignment]

    def stats(self) -> dict:
        """Counts of records and triples, and policies by jurisdiction, category and status."""
        def rows(sparql: str) -> list[dict]:  # our own queries: no term check, no notes
            return self.checked(sparql, check=False).records()

        def grouped(prop: str) -> dict[str, int]:
            found = rows(f"""
                SELECT ?label (COUNT(DISTINCT ?p) AS ?n) WHERE {{
                  ?p a ccus:Policy .
                  OPTIONAL {{ ?p ccus:{prop} ?v .
                             OPTIONAL {{ ?v skos:prefLabel ?en FILTER(lang(?en) = "en") }} }}
                  BIND(COALESCE(?en, STR(?v), "(none)") AS ?label)
                }} GROUP BY ?label ORDER BY DESC(?n) ?label""")
            return {r["label"]: r["n"] for r in found}

        counts = rows(f"""
            SELECT (COUNT(DISTINCT ?r) AS ?records) (COUNT(DISTINCT ?p) AS ?policies) WHERE {{
              {{ ?r a ccus:PolicyRecord }} UNION {{ ?p a ccus:Policy }} }}""")[0]
        data_triples = rows(f"""
            SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}""")[0]["n"]
        return {
            "store": str(self.path),
            "base": self.base,
            "records": counts["records"],
            "policies": counts["policies"],
            "quads": sum(1 for _ in _store.named_quads(self.store)),
            "data_quads": data_triples,
            "triples": sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
            "by_jurisdiction": grouped("jurisdiction"),
            "by_category": grouped("category"),
            "by_status": grouped("status"),
        }

    def __repr__(self) -> str:
        return f"KnowledgeGraph({str(self.path)!r})"


def build(
    paths: Iterable | None = None,
    store: Path | str | None = None,
    base: str | None = None,
    progress: Progress | None = None,
    vocabulary: Iterable | None = None,
) -> KnowledgeGraph:
    """Build the graph of the records under ``paths`` into a store and open it.

    Data problems do not raise: they are in ``kg.report.diagnostics``. A single path may be given
    as is (``build("seeds")``), not only in a list. Raises ``StorePathError`` for a store path a build
    would destroy and ``NoRecordFiles`` when ``paths`` hold no record (the store is left unchanged).
    ``vocabulary`` names user Turtle files loaded beside the ontology. Arguments left as None come from the settings
    (``ccuskg.toml``, see docs/settings.md), as for the ``ccuskg build`` command.

    >>> kg = ccuskg.build("seeds", store=tmp / "store")
    >>> kg.report.policies, len(kg.report.errors)
    (58, 0)
    >>> kg.rows("SELECT ?t WHERE { ?p ccus:identifier 'cn-miit-industrial-plan-2022' ; ccus:title ?t "
    ...         "FILTER(lang(?t) = 'en') }")
    [{'t': 'MIIT Implementation Plan for Carbon Peaking in the Industrial Sector'}]
    >>> (tmp / "empty").mkdir()
    >>> ccuskg.build(tmp / "empty", store=tmp / "store")  # the store built above is kept
    Traceback (most recent call last):
    ...
    ccuskg.model.compile.NoRecordFiles: no record files (*.md, *.txt) under ...
    """
    if paths is None or store is None or base is None or vocabulary is None:
        settings = load_settings()
        paths = records_or_default(settings) if paths is None else paths
        store = settings.store if store is None else store
        base = settings.base if base is None else base
        vocabulary = settings.extra_vocabulary if vocabulary is None else vocabulary
    if isinstance(paths, (str, Path)):  # a string is iterable: "seeds" would be read as s, e, e, d, s
        paths = [paths]
    paths = list(paths)
    report = build_store(paths, store, base=base, progress=progress, vocabulary=vocabulary)
    return KnowledgeGraph(report.store, report)


def build_store(paths: Iterable, store: Path | str | None = None, base: str | None = None,
                progress: Progress | None = None, wait: float = 0.0, batch: int = BATCH,
                full: bool = False, cache: Path | str | None = None, vocabulary: Iterable = ()) -> BuildReport:
    """Build the records under ``paths`` into ``store``; returns the report only. Raises like ``build``.

    Incremental unless ``full``: the store's manifest names each file's content hash, so a build with
    nothing changed writes nothing, and one with a few changed records replaces only their graphs
    (in a checkpoint of the store, swapped in when complete). Otherwise records are streamed in
    batches of ``batch``, so memory does not grow with the corpus. Holds the store's build lock
    (waiting ``wait`` seconds for another build) throughout. ``cache`` is accepted for callers of
    older versions and ignored: the store's index (``ccuskg.model.delta``) holds what an incremental
    build needs of unchanged records. ``vocabulary`` names user Turtle files loaded beside the
    ontology. The report is also saved beside the store (``last_build``)."""
    path, paths = Path(store) if store else _store.default_store_path(), list(paths)
    _store.check_store_target(path)
    with _store.build_lock(path, wait), gc_paused():
        report = _build_locked(paths, path, base, progress, batch, full, load_vocabulary(extra=vocabulary or ()))
        if report.mode != "unchanged":
            save_last_build(report)
        return report


def _build_locked(paths, path: Path, base, progress, batch: int, full: bool, vocab) -> BuildReport:
    manifest = {"format": _MANIFEST_FORMAT, "scope": _cache.scope(vocab.files, Mapper(vocab, base).scope),
                "paths": [str(p) for p in paths], "epoch": os.environ.get("SOURCE_DATE_EPOCH", "")}
    previous = None if full else _store.read_manifest(path)
    if previous is not None and all(previous.get(k) == v for k, v in manifest.items()):
        found = found_files(paths)
        hashes, signed = (None, None) if found is None else signed_hashes(found, previous.get("files"),
                                                                          previous.get("signatures"))
        if hashes is not None and hashes == previous.get("files"):
            return _report_from(path, previous)
        manifest["signatures"] = signed
        report = None if found is None else _incremental(found, path, vocab, base, previous, manifest, hashes)
        if report is not None:
            return report
    return _streamed(paths, path, vocab, base, progress, batch, manifest)


# 2: file signatures, and an index file beside the manifest (store.INDEX): each record's entry
# (ccuskg.model.delta), the union's size, the ontology's facts
_MANIFEST_FORMAT = 2


def _streamed(paths, path: Path, vocab, base, progress, batch: int, manifest: dict) -> BuildReport:
    summary, batches = stream_records(paths, base=base, vocab=vocab, progress=progress, batch=batch)
    require_records(summary, paths)
    with _store.staged_store(path, manifest=manifest) as staging:
        ontology = summary.vocab.quads()
        facts = _description.gather(_loaded(staging, ontology, batches))
        facts.triples = _store.union_size(staging)  # gather saw a triple once per batch stating it
        described = _store.build_quads(summary.base, _description.describe(summary.base, facts))
        union = facts.triples + _store.replace_graphs(staging, [], described)
        fixed = len(set(ontology)) + len(set(described))
        report = BuildReport(store=path, base=summary.base, files=summary.files, records=summary.records,
                             policies=len(summary.policies), triples=fixed + summary.quads,
                             diagnostics=summary.diagnostics, gaps=summary.gaps.result(),
                             vocabulary=_user_files(vocab))
        manifest.update(files=summary.hashes, signatures=summary.signatures, fixed=fixed,
                        report=_report_dict(report),
                        index={"graphs": summary.graphs, "entries": summary.entries, "union": union,
                               "ontology": [len(set(ontology)), graph_facts(ontology)]})
    return report


def _incremental(found, path: Path, vocab, base, previous: dict, manifest: dict, hashes: dict) -> BuildReport | None:
    """Map the added and changed records (and the few those changes affect: ``ccuskg.model.delta``)
    and replace their graphs; None when so many changed that a full build is quicker."""
    index = _store.read_index(path)
    if not found or index is None or not all(k in index for k in ("graphs", "entries", "union", "ontology")):
        return None  # no record left (the full build refuses it), an older ccuskg's store, or a damaged one
    mapper = Mapper(vocab, base)
    old = index["graphs"]
    delta = plan(found, hashes, previous, index, mapper, limit=max(200, len(old) // 5))
    if delta is None:
        return None
    removed = [g for g in old if g not in delta.graphs]
    build_graph = mapper.mint.base + _store.BUILD_GRAPH_SUFFIX
    with _store.staged_store(path, copy=True, manifest=manifest) as staging:
        quads = [q for m in delta.mapped for q in m.quads]
        union = index["union"] + _store.replace_graphs(staging, [m.graph for m in delta.mapped] + removed
                                                          + [build_graph], quads)
        facts = _facts_of(delta.entries, (i.display for i in delta.kept), index["ontology"][1], union)
        described = _store.build_quads(mapper.mint.base, _description.describe(mapper.mint.base, facts))
        union += _store.replace_graphs(staging, [], described)
        fixed = index["ontology"][0] + len(set(described))
        report = BuildReport(store=path, base=mapper.mint.base, files=len(found), records=len(delta.kept),
                             policies=len(delta.policies), triples=fixed + sum(g[3] for g in delta.graphs.values()),
                             diagnostics=delta.diagnostics, gaps=delta.gaps, vocabulary=_user_files(vocab))
        manifest.update(files=delta.files, fixed=fixed, report=_report_dict(report),
                        index={"graphs": delta.graphs, "entries": delta.entries, "union": union,
                               "ontology": index["ontology"]})
    report.mode, report.changes = "incremental", _changes(delta.graphs, old)
    return report


def _user_files(vocab) -> list[str]:
    """The vocabulary files a build loaded beyond the packaged ontology."""
    packaged = set(load_vocabulary().files)
    return [str(f) for f in vocab.files if f not in packaged]


def _changes(graphs: dict, old: dict) -> dict[str, list[str]]:
    """The record files added, changed and removed (by their display names): a graph that is new, holds
    another file or version, or is gone."""
    return {"added": sorted(graphs[g][0] for g in graphs if g not in old),
            "changed": sorted(graphs[g][0] for g in graphs if g in old and old[g][:3] != graphs[g][:3]),
            "removed": sorted(old[g][0] for g in old if g not in graphs)}


def _facts_of(entries: dict, kept, ontology: dict, union: int) -> _description.Facts:
    """The build description's facts from the ontology's and the kept records' ``graph_facts``: what
    ``gather`` finds in the union graph, without reading it."""
    found: dict[str, set] = {kind: set() for kind in ("policies", "jurisdictions", "issuers", "audit_dates",
                                                      "publication_dates")}
    licences: list[tuple[str, str]] = []
    for part in [ontology, *(entries[d].get("facts", {}) for d in kept)]:
        for kind, values in part.items():
            if kind == "licences":
                licences.extend((s, o) for s, o in values if s == _description.ONTOLOGY_IRI)
            else:
                found[kind].update(values)
    policies = found["policies"]
    return _description.Facts(
        triples=union, policies=sorted(policies),
        jurisdictions={j for s, _, j in map(_split, found["jurisdictions"]) if s in policies},
        issuers={i for s, _, i in map(_split, found["issuers"]) if s in policies},
        audit_dates=found["audit_dates"], publication_dates=found["publication_dates"],
        licence=licences[-1][1] if licences else None)


def _split(pair: str) -> tuple[str, str, str]:
    return pair.partition(" ")


def _report_dict(report: BuildReport) -> dict:
    return {"files": report.files, "records": report.records, "policies": report.policies,
            "triples": report.triples, "base": report.base, "gaps": report.gaps, "vocabulary": report.vocabulary,
            "diagnostics": [dataclasses.asdict(d) for d in report.diagnostics]}


def _report_from(path: Path, manifest: dict) -> BuildReport:
    """The report of the build that made the store (nothing changed since)."""
    saved = manifest["report"]
    return BuildReport(store=path, base=saved["base"], files=saved["files"], records=saved["records"],
                       policies=saved["policies"], triples=saved["triples"],
                       diagnostics=[Diagnostic(**d) for d in saved["diagnostics"]], mode="unchanged",
                       gaps=saved.get("gaps") or BuildReport.empty_gaps(), vocabulary=saved.get("vocabulary", []))


def _loaded(staging, ontology, batches):
    """Load the ontology and each batch into the staging store; yield the triples of each as loaded."""
    yield from _store.load_with_union(staging, ontology)
    for records in batches:
        yield from _store.load_with_union(staging, [q for mapped in records for q in mapped.quads])


def watch_builds(paths: Iterable, store: Path | str | None = None, base: str | None = None,
                 cache: Path | str | None = None, stop=None, vocabulary: Iterable = ()) -> Iterator[BuildReport | UserError]:
    """Build, then build again (incrementally) each time a file under ``paths`` changes, until ``stop``
    (a ``threading.Event``) is set or the caller stops iterating. Yields each build's report, or the
    ``UserError`` that refused it (no record left, another build running): watching goes on.
    ``cache`` is ignored, as by ``build_store``; the builds load ``vocabulary`` beside the ontology."""
    from watchfiles import DefaultFilter, watch

    paths = list(paths)
    store_path = Path(os.path.abspath(store or _store.default_store_path()))
    default = DefaultFilter()

    def relevant(change, name: str) -> bool:  # the store's own writes must not trigger builds
        here = Path(name)
        ours = here == store_path or store_path in here.parents or (
            here.parent == store_path.parent and here.name.startswith(f".{store_path.name}."))
        return default(change, name) and not ours

    yield _built_or_refused(paths, store, base, vocabulary)
    first = True  # changes between the first build and the watcher's start are caught by one more build
    for changes in watch(*paths, watch_filter=relevant, stop_event=stop, rust_timeout=500, yield_on_timeout=True):
        if changes or first:
            report = _built_or_refused(paths, store, base, vocabulary)
            if not (isinstance(report, BuildReport) and report.mode == "unchanged"):
                yield report
        first = False


def _built_or_refused(paths, store, base, vocabulary) -> BuildReport | UserError:
    try:
        return build_store(paths, store, base=base, vocabulary=vocabulary)
    except UserError as exc:
        return exc


def write_compiled(compiled: Compiled, store: Path | str | None = None, paths=()) -> BuildReport:
    """Write a compilation into the store (atomically); refuses one that read no record file."""
    require_records(compiled, paths)
    path = Path(store) if store else _store.default_store_path()
    data = compiled.quads()
    union = {q.triple for q in data if not isinstance(q.graph_name, ox.DefaultGraph)}
    quads = data + _store.build_quads(compiled.base, _description.describe(compiled.base, _description.gather(union)))
    _store.write_store(path, _store.with_union_default_graph(quads))
    report = BuildReport(
        store=path,
        base=compiled.base,
        files=compiled.files,
        records=len(compiled.records),
        policies=len(compiled.policies),
        triples=len(set(quads)),
        diagnostics=compiled.diagnostics,
        gaps=vocabulary_gaps(compiled),
        vocabulary=_user_files(compiled.vocab),
    )
    save_last_build(report)
    return report


class NoLastBuild(UserError, FileNotFoundError):
    pass


def last_build_path(store: Path | str) -> Path:
    """Where a build leaves its report: ``<store>.last-build.json`` beside the store folder."""
    store = Path(os.path.abspath(store))
    return store.parent / (store.name + ".last-build.json")


def save_last_build(report: BuildReport) -> Path | None:
    """The report beside the store (atomically), for ``ccuskg vocab unmapped``; a read-only folder only
    loses that command's input, not the build."""
    path = last_build_path(report.store)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        temporary.write_text(report.to_json(), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        return None
    return path


def last_build(store: Path | str | None = None) -> dict:
    """The report the last build into ``store`` saved (``BuildReport.as_dict``)."""
    path = last_build_path(store if store is not None else load_settings().store)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NoLastBuild(f"no build report at {path}: run 'ccuskg build' into that store first") from None


def open_graph(store: Path | str | None = None) -> KnowledgeGraph:
    """Open a store built earlier (default: ``$CCUSKG_STORE``, else the settings' store, else ``.ccuskg/store``).

    >>> with ccuskg.open_graph(tmp / "store") as kg:
    ...     [row["n"] for row in kg.rows("SELECT (COUNT(?p) AS ?n) WHERE { ?p a ccus:Policy }")]
    [58]
    >>> [row["member"] for row in ccuskg.open_graph(tmp / "store").named("supersession-chain",
    ...                                                                 id="cn-miit-industrial-plan-2022")]
    ['cn-miit-industrial-plan-2022']
    """
    return KnowledgeGraph(store if store is not None else load_settings().store)


__all__ = ["KnowledgeGraph", "BuildReport", "NoRecordFiles", "build", "build_store", "watch_builds", "open_graph",
           "to_frame", "CCUS", "last_build"]
