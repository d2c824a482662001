"""One read interface for every graph: a local store and a remote SPARQL endpoint answer the same
``query``/``rows``/``named``/``dataframe``/``render`` calls, because each implements only ``raw``.

``raw(sparql, substitutions)`` returns what pyoxigraph returns (solutions, a boolean, or triples);
everything else — parameter binding, the named-query library, result conversion, rendering — is
written once here, so a notebook can swap ``ccuskg.open_graph()`` for ``ccuskg.remote(url)``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from ccuskg.access import named_queries
from ccuskg.access import query as _query
from ccuskg.core.namespaces import export_prefixes


class ReadableGraph(ABC):
    """The read methods shared by :class:`ccuskg.api.KnowledgeGraph` and :class:`ccuskg.access.remote.RemoteGraph`."""

    base: str | None = None

    @abstractmethod
    def raw(self, sparql: str, substitutions=None):
        """Run ``sparql`` (variables in ``substitutions`` bound to terms); a pyoxigraph result."""

    def close(self) -> None:
        """Release what the graph holds open (nothing by default)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _prefixes(self) -> dict[str, str]:
        return export_prefixes(self.base)

    def query(self, sparql: str, **params: str) -> _query.Result:
        """Run SPARQL; keyword arguments bind variables as literals (``kg.query(q, id="x")``)."""
        return _query.to_result(self.raw(sparql, _query.bind_literals(params)))

    def rows(self, sparql: str, **params: str) -> list[dict]:
        """SELECT results as dicts of Python values (ints, dates, strings)."""
        return self.query(sparql, **params).records()

    def dataframe(self, sparql: str, **params: str):
        """SELECT results as a pandas DataFrame with typed columns (needs the 'pandas' extra)."""
        from ccuskg.access.frames import to_frame

        return to_frame(self.query(sparql, **params))

    def named_result(self, name: str, **params: str) -> _query.Result:
        """Run a query from the shipped library (see ``ccuskg queries``)."""
        named = named_queries.get(name)
        return _query.to_result(self.raw(named.text, named.substitutions(params)))

    def named(self, name: str, **params: str) -> list[dict]:
        """Rows of a query from the shipped library."""
        return self.named_result(name, **params).records()

    def render(self, sparql: str, fmt: str = "table", substitutions=None) -> str:
        """The result written in one of ``ccuskg.access.query.ALL_FORMATS``."""
        return _query.render_result(self.raw(sparql, substitutions), fmt, self._prefixes())
