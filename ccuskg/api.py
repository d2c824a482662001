"""The library API that notebooks and the CLI share.

    kg = ccuskg.build(["seeds"])                 # or ccuskg.open_graph() for an existing store
    kg.rows("SELECT ?id ?title WHERE { ?p ccus:identifier ?id ; dcterms:title ?title }")
    kg.dataframe(...)                            # with pandas installed
    kg.rdflib_graph()                            # an rdflib Dataset over the same store
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ccuskg.publish import export as _export
from ccuskg.access import query as _query
from ccuskg import store as _store
from ccuskg.model.compile import Compiled, Progress, compile_records
from ccuskg.core.diagnostics import Diagnostic
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


class KnowledgeGraph:
    """A built graph in an on-disk Oxigraph store."""

    def __init__(self, path: Path | str | None = None, report: BuildReport | None = None):
        self.path = Path(path) if path else _store.default_store_path()
        self.store: ox.Store = _store.open_store(self.path)
        self.base = _store.store_base(self.store)
        self.report = report

    # -------------------------------------------------------------- querying

    def query(self, sparql: str, **params: str) -> _query.Result:
        """Run SPARQL; keyword arguments bind variables as literals (``kg.query(q, id="x")``)."""
        subs = {ox.Variable(k): ox.Literal(v) for k, v in params.items()} or None
        return _query.run(self.store, sparql, self._prefixes(), subs)

    def rows(self, sparql: str, **params: str) -> list[dict]:
        """SELECT results as dicts of Python values (ints, dates, strings)."""
        return self.query(sparql, **params).records()

    def named_result(self, name: str, **params: str) -> _query.Result:
        """Run a query from the shipped library (see ``ccuskg queries``)."""
        from ccuskg.access import named_queries

        query = named_queries.get(name)
        return _query.run(self.store, query.text, self._prefixes(), query.substitutions(params))

    def named(self, name: str, **params: str) -> list[dict]:
        """Rows of a query from the shipped library."""
        return self.named_result(name, **params).records()

    def dataframe(self, sparql: str, **params: str):
        """SELECT results as a pandas DataFrame with typed columns (needs the 'pandas' extra)."""
        return to_frame(self.query(sparql, **params))

    def _prefixes(self) -> dict[str, str]:
        return _export.export_prefixes(self.base)

    def render(self, sparql: str, fmt: str = "table", substitutions=None) -> str:
        return _query.render(self.store, sparql, fmt, self._prefixes(), substitutions)

    # -------------------------------------------------------------- export and inspection

    def export(self, fmt: str = "turtle", output: Path | str | None = None, include_ontology: bool = True,
               context_url: str | None = None, frame: str | None = None, progress=None):
        """Serialise the whole store; returns bytes, or writes to ``output`` and returns its path.

        ``fmt="json-ld"`` is compact against ontology/context.jsonld (``context_url`` puts that URL in
        ``@context`` instead of the context itself); ``frame="policy"`` nests each policy's description.
        """
        options = dict(context_url=context_url, frame=frame, progress=progress)
        if output is None:
            return _export.serialize(self.store, fmt, self.base, include_ontology, **options)
        return _export.write(self.store, fmt, output, self.base, include_ontology, **options)

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
        def grouped(prop: str) -> dict[str, int]:
            rows = self.rows(f"""
                SELECT ?label (COUNT(DISTINCT ?p) AS ?n) WHERE {{
                  ?p a ccus:Policy .
                  OPTIONAL {{ ?p ccus:{prop} ?v .
                             OPTIONAL {{ ?v skos:prefLabel ?en FILTER(lang(?en) = "en") }} }}
                  BIND(COALESCE(?en, STR(?v), "(none)") AS ?label)
                }} GROUP BY ?label ORDER BY DESC(?n) ?label""")
            return {r["label"]: r["n"] for r in rows}

        counts = self.rows(f"""
            SELECT (COUNT(DISTINCT ?r) AS ?records) (COUNT(DISTINCT ?p) AS ?policies) WHERE {{
              {{ ?r a ccus:PolicyRecord }} UNION {{ ?p a ccus:Policy }} }}""")[0]
        data_triples = self.rows(f"""
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


def to_frame(result: _query.Result):
    """A SELECT result as a DataFrame: integer columns as Int64, date columns as datetime64."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install 'ccuskg[pandas]'") from None
    frame = pd.DataFrame(result.records(), columns=result.variables)
    for column in frame.columns:
        values = frame[column].dropna()
        if len(values) and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
        elif len(values) and all(type(v).__name__ == "date" for v in values):
            frame[column] = pd.to_datetime(frame[column])
    return frame


def build(
    paths: Iterable | None = None,
    store: Path | str | None = None,
    base: str | None = None,
    progress: Progress | None = None,
) -> KnowledgeGraph:
    """Build the graph of the records under ``paths`` into a store and open it.

    Data problems do not raise: they are in ``kg.report.diagnostics``. A single path may be given
    as is (``build("seeds")``), not only in a list. Arguments left as None come from the settings
    (``ccuskg.toml``, see docs/settings.md), as for the ``ccuskg build`` command.
    """
    if paths is None or store is None or base is None:
        settings = load_settings()
        paths = records_or_default(settings) if paths is None else paths
        store = settings.store if store is None else store
        base = settings.base if base is None else base
    if isinstance(paths, (str, Path)):  # a string is iterable: "seeds" would be read as s, e, e, d, s
        paths = [paths]
    compiled = compile_records(paths, base=base, progress=progress)
    report = write_compiled(compiled, store)
    return KnowledgeGraph(report.store, report)


def write_compiled(compiled: Compiled, store: Path | str | None = None) -> BuildReport:
    path = Path(store) if store else _store.default_store_path()
    data = compiled.quads()
    quads = data + _store.build_quads(compiled.base, data)
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
    """Open a store built earlier (default: ``$CCUSKG_STORE``, else the settings' store, else ``.ccuskg/store``)."""
    return KnowledgeGraph(store if store is not None else load_settings().store)


__all__ = ["KnowledgeGraph", "BuildReport", "build", "open_graph", "CCUS"]
