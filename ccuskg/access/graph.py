"""One read interface for every graph: a local store and a remote SPARQL endpoint answer the same
``query``/``rows``/``named``/``dataframe``/``render`` calls, because each implements only ``raw``.

``raw(sparql, substitutions)`` returns what pyoxigraph returns (solutions, a boolean, or triples);
everything else — parameter binding, the named-query library, result conversion, rendering, the
term check and the empty-answer diagnosis — is written once here, so a notebook can swap
``ccuskg.open_graph()`` for ``ccuskg.remote(url)``.
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from ccuskg.access import named_queries
from ccuskg.access import query as _query
from ccuskg.access.emptiness import explain_empty
from ccuskg.access.termcheck import Vocabulary, check_terms
from ccuskg.core.namespaces import export_prefixes


class QueryWarning(UserWarning):
    """A note about a query that does not change its answer: a term the ontology does not define, a
    standard term the data never uses, why an answer is empty (also in ``Result.notes``)."""


@dataclass
class Answer:
    """A rendered result and the notes about its query (what ``ccuskg query`` prints)."""

    text: str
    notes: list[str] = field(default_factory=list)


class ReadableGraph(ABC):
    """The read methods shared by :class:`ccuskg.api.KnowledgeGraph` and :class:`ccuskg.access.remote.RemoteGraph`."""

    base: str | None = None
    check: bool = True  # False: no term check and no empty-answer diagnosis (``--no-check``)

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
        """Run SPARQL; keyword arguments bind variables as literals (``kg.query(q, id="x")``).

        Notes about the query (``result.notes``) are also issued as :class:`QueryWarning`."""
        return self._warned(self.checked(sparql, _query.bind_literals(params)))

    def checked(self, sparql: str, substitutions=None, check: bool | None = None) -> _query.Result:
        """The result in memory with its notes, without issuing them as warnings."""
        result = _query.to_result(self.raw(sparql, substitutions))
        if self.check if check is None else check:
            result.notes = self.notes(sparql, substitutions, empty=result.kind == "select" and not result.rows)
        return result

    def notes(self, sparql: str, substitutions=None, empty: bool = False) -> list[str]:
        """The term check of ``sparql`` and, for an ``empty`` answer, why it is empty (a check that
        cannot be made says nothing: it never stands in the way of the answer)."""
        try:
            notes = check_terms(sparql, self._prefixes(), self._vocabulary())
        except _query.QueryError:
            notes = []
        return notes + (explain_empty(self.raw, sparql, substitutions) if empty else [])

    def _vocabulary(self) -> Vocabulary:
        if getattr(self, "_vocabulary_cache", None) is None:
            self._vocabulary_cache = Vocabulary(self.raw)
        return self._vocabulary_cache

    @staticmethod
    def _warned(result: _query.Result) -> _query.Result:
        for note in result.notes:
            warnings.warn(note, QueryWarning, stacklevel=3)
        return result

    def rows(self, sparql: str, **params: str) -> list[dict]:
        """SELECT results as dicts of Python values (ints, dates, strings)."""
        return self._warned(self.checked(sparql, _query.bind_literals(params))).records()

    def dataframe(self, sparql: str, **params: str):
        """SELECT results as a pandas DataFrame with typed columns (needs the 'pandas' extra)."""
        from ccuskg.access.frames import to_frame

        return to_frame(self._warned(self.checked(sparql, _query.bind_literals(params))))

    def named_result(self, name: str, **params: str) -> _query.Result:
        """Run a query from the shipped library (see ``ccuskg queries``)."""
        return self._warned(self.named_checked(name, params))

    def named_checked(self, name: str, params: dict[str, str], check: bool | None = None) -> _query.Result:
        """A named query's result with its notes, without issuing them as warnings."""
        named = named_queries.get(name)
        return self.checked(named.text, named.substitutions(params), check)

    def named(self, name: str, **params: str) -> list[dict]:
        """Rows of a query from the shipped library."""
        return self._warned(self.named_checked(name, params)).records()

    def render(self, sparql: str, fmt: str = "table", substitutions=None,
               max_width: int | None = _query.DEFAULT_MAX_WIDTH) -> str:
        """The result written in one of ``ccuskg.access.query.ALL_FORMATS`` (no notes)."""
        return _query.render_result(self.raw(sparql, substitutions), fmt, self._prefixes(), max_width)

    def answer(self, sparql: str, fmt: str = "table", substitutions=None, check: bool | None = None,
               max_width: int | None = _query.DEFAULT_MAX_WIDTH) -> Answer:
        """The result written in ``fmt`` and the notes about the query (``check=False``: none)."""
        text = _query.render_result(self.raw(sparql, substitutions), fmt, self._prefixes(), max_width)
        if not (self.check if check is None else check):
            return Answer(text)
        return Answer(text, self.notes(sparql, substitutions, empty=_query.is_empty_select(text, fmt)))
