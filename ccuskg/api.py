"""The library API that notebooks and the CLI share.

    kg = ccuskg.build(["seeds"])                 # or ccuskg.open_graph() for an existing store
    kg.rows("SELECT ?id ?title WHERE { ?p ccus:identifier ?id ; dcterms:title ?title }")
    kg.dataframe(...)                            # with pandas installed
    kg.rdflib_graph()                            # an rdflib Dataset over the same store
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
from ccuskg.model.compile import Compiled, NoRecordFiles, Progress, compile_records, require_records
from ccuskg.core.diagnostics import Diagnostic, count_by_severity
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

    def to_json(self) -> str:
        """Every message, as the JSON list ``build --report FILE`` writes."""
        return json.dumps([d.as_dict() for d in self.diagnostics], ensure_ascii=False, indent=2)


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
) -> KnowledgeGraph:
    """Build the graph of the records under ``paths`` into a store and open it.

    Data problems do not raise: they are in ``kg.report.diagnostics``. A single path may be given
    as is (``build("seeds")``), not only in a list. Raises ``StorePathError`` for a store path a build
    would destroy and ``NoRecordFiles`` when ``paths`` hold no record (the store is left unchanged). Arguments left as None come from the settings
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
    if paths is None or store is None or base is None:
        settings = load_settings()
        paths = records_or_default(settings) if paths is None else paths
        store = settings.store if store is None else store
        base = settings.base if base is None else base
    if isinstance(paths, (str, Path)):  # a string is iterable: "seeds" would be read as s, e, e, d, s
        paths = [paths]
    paths = list(paths)
    _store.check_store_target(store or _store.default_store_path())
    compiled = compile_records(paths, base=base, progress=progress)
    report = write_compiled(compiled, store, paths)
    return KnowledgeGraph(report.store, report)


def write_compiled(compiled: Compiled, store: Path | str | None = None, paths=()) -> BuildReport:
    """Write a compilation into the store (atomically); refuses one that read no record file."""
    require_records(compiled, paths)
    path = Path(store) if store else _store.default_store_path()
    data = compiled.quads()
    union = {q.triple for q in data if not isinstance(q.graph_name, ox.DefaultGraph)}
    quads = data + _store.build_quads(compiled.base, _description.describe(compiled.base, _description.gather(union)))
    _store.write_store(path, _store.with_union_default_graph(quads))
    return BuildReport(
        store=path,
        base=compiled.base,
        files=compiled.files,
        records=len(compiled.records),
        policies=len(compiled.policies),
        triples=len(set(quads)),
        diagnostics=compiled.diagnostics,
    )


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


__all__ = ["KnowledgeGraph", "BuildReport", "NoRecordFiles", "build", "open_graph", "to_frame", "CCUS"]
