"""SPARQL over the store: run a query, get rows, or render results in a chosen format.

The default graph is the union of the store's named graphs (each triple once, see ccuskg.store);
``GRAPH ?g { }`` reaches a single record. The usual prefixes (ccus, dcterms, skos, eli, prov, …)
are predeclared so notebook queries stay short.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ccuskg.access.binding import UnbindableValue, bind_inline, has_subquery
from ccuskg.access.syntax import describe_syntax_error
from ccuskg.core.errors import UserError
from ccuskg.core.diagnostics import one_line
from ccuskg.core.namespaces import PREFIXES, XSD

DEFAULT_MAX_WIDTH = 80
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "json-ld", "nt")
ALL_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "json-ld")

SUFFIX_FORMATS = {".txt": "table", ".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml",
                  ".srx": "xml", ".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}


def format_for(path, fmt: str | None = None) -> str:
    """The output format: ``fmt`` if given, else the one ``path``'s suffix names, else the table."""
    if fmt or path is None or str(path) == "-":
        return fmt or "table"
    suffix = "." + str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    if suffix not in SUFFIX_FORMATS:
        raise QueryError(f"cannot tell the format from {str(path)!r}: name the format, or write to a file ending in "
                         + ", ".join(SUFFIX_FORMATS))
    return SUFFIX_FORMATS[suffix]


_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "json-ld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}


class QueryError(UserError, ValueError):
    """The query text is not valid SPARQL, or asks for a format its kind of result cannot have."""


@dataclass
class Result:
    """A query result kept in memory: rows for SELECT, a boolean for ASK, triples for CONSTRUCT."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str]
    rows: list[tuple]  # pyoxigraph terms (or None) for SELECT
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None
    notes: list[str] = field(default_factory=list)  # the term check and the empty-answer diagnosis

    def records(self) -> list[dict]:
        """SELECT rows as dicts of plain Python values (int, float, date, str, bool).

        An ASK or CONSTRUCT/DESCRIBE result has no rows: it is refused rather than given as ``[]``,
        which would read as "nothing found" (use ``.boolean`` or ``.triples`` of ``query()``)."""
        if self.kind == "ask":
            raise QueryError(f"rows need a SELECT query; this ASK query answered {self.boolean} "
                             "(read it from query(...).boolean)")
        if self.kind == "graph":
            raise QueryError(f"rows need a SELECT query; this CONSTRUCT/DESCRIBE query gave "
                             f"{len(self.triples or [])} triples (read them from query(...).triples)")
        return [{v: to_python(t) for v, t in zip(self.variables, row)} for row in self.rows]


_UPDATE = re.compile(
    r"\A\s*(?:(?:#[^\n]*\n\s*)|(?:PREFIX\s+[^\s:]*:\s*<[^>]*>\s*)|(?:BASE\s+<[^>]*>\s*))*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
READ_ONLY = ("only queries run here (SELECT, ASK, CONSTRUCT, DESCRIBE), not SPARQL updates such as {0}: "
             "the store is rebuilt from the records ('ccuskg build')")


def update_keyword(sparql: str) -> str | None:
    """The update operation a text starts with (INSERT, LOAD, …), to refuse it by name, or None."""
    match = _UPDATE.match(sparql)
    return match.group(1).upper() if match else None


def execute(store: ox.Store, sparql: str, prefixes: dict[str, str] | None, substitutions=None):
    """Run ``sparql``; ``substitutions`` go into a leading VALUES block (``ccuskg.access.binding``:
    pyoxigraph's own substitutions are joined after the pattern is evaluated), except values a
    VALUES block cannot hold, and except to report a syntax error at the user's own line."""
    declared = dict(PREFIXES, **(prefixes or {}))
    inline = None
    if substitutions and not has_subquery(sparql):  # substitutions reach into subqueries, VALUES does not
        try:
            inline = bind_inline(sparql, substitutions)
        except UnbindableValue:
            pass
    try:
        if inline is not None:
            try:
                return store.query(inline, prefixes=declared)
            except SyntaxError:
                pass  # reported below, at the line and column of the text as written
        return store.query(sparql, prefixes=declared, substitutions=substitutions)
    except SyntaxError as exc:
        keyword = update_keyword(sparql)
        if keyword:
            raise QueryError(READ_ONLY.format(keyword)) from None
        raise QueryError(describe_syntax_error(sparql, exc, declared)) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None


def bind_literals(params: dict[str, str]) -> dict[ox.Variable, ox.Literal] | None:
    """Query parameters as substitutions: each value a plain literal, never spliced into the text."""
    return {ox.Variable(k): ox.Literal(v) for k, v in params.items()} or None


def run(store: ox.Store, sparql: str, prefixes: dict[str, str] | None = None, substitutions=None) -> Result:
    """Run a query and keep its whole result in memory (``substitutions`` bind variables safely)."""
    return to_result(execute(store, sparql, prefixes, substitutions))


def to_result(raw) -> Result:
    """Keep a pyoxigraph result (solutions, boolean, or triples: a QueryTriples or a list) in memory."""
    try:
        if isinstance(raw, ox.QueryBoolean):
            return Result("ask", [], [], boolean=bool(raw))
        if isinstance(raw, (ox.QueryTriples, list)):
            return Result("graph", [], [], triples=list(raw))
        variables = [v.value for v in raw.variables]
        rows = [tuple(solution[v] for v in variables) for solution in raw]
        return Result("select", variables, rows)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None


def render(store: ox.Store, sparql: str, fmt: str = "table", prefixes: dict[str, str] | None = None,
           substitutions=None) -> str:
    """Run a query and write its result in one of ALL_FORMATS (graph results also accept 'nt')."""
    return render_result(execute(store, sparql, prefixes, substitutions), fmt, prefixes)


def render_result(raw, fmt: str = "table", prefixes: dict[str, str] | None = None,
                  max_width: int | None = DEFAULT_MAX_WIDTH) -> str:
    """Write a pyoxigraph result (solutions, boolean, or triples: a QueryTriples or a list) in ``fmt``;
    table cells are cut at ``max_width`` characters (None: never) and decimals rounded for reading."""
    all_prefixes = dict(PREFIXES, **(prefixes or {}))
    try:
        if isinstance(raw, (ox.QueryTriples, list)):
            if fmt == "table":
                fmt = "turtle"
            if fmt not in _RDF_FORMATS:
                raise QueryError(f"a CONSTRUCT/DESCRIBE result can be written as {', '.join(GRAPH_FORMATS)}, not {fmt}")
            triples = sorted(raw, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
            used = _used_prefixes(triples, all_prefixes) if fmt == "turtle" else None
            return ox.serialize(triples, format=_RDF_FORMATS[fmt], prefixes=used).decode("utf-8")
        if fmt in _RDF_FORMATS:
            raise QueryError(f"a SELECT/ASK result can be written as {', '.join(SELECT_FORMATS)}, not {fmt}")
        if fmt == "table":
            if isinstance(raw, ox.QueryBoolean):
                return "true\n" if bool(raw) else "false\n"
            variables = [v.value for v in raw.variables]
            rows = [tuple(solution[v] for v in variables) for solution in raw]
            return table(Result("select", variables, rows), all_prefixes, max_width)
        if fmt not in _RESULT_FORMATS:
            raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(ALL_FORMATS)}")
        return raw.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from None


def _width(text: str) -> int:
    """Columns a string takes on a terminal: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(result: Result, prefixes: dict[str, str], max_width: int | None = DEFAULT_MAX_WIDTH) -> str:
    """A SELECT result as aligned text columns, ending with the row count."""
    header = result.variables
    body = [[_cell(t, prefixes, max_width) for t in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(term, prefixes: dict[str, str], limit: int | None = DEFAULT_MAX_WIDTH) -> str:
    if term is None:
        text = ""
    elif isinstance(term, ox.NamedNode):
        text = compact(term.value, prefixes)
    elif isinstance(term, ox.Literal):
        text = display_number(term) or term.value
    else:
        text = str(term)
    text = one_line(" ".join(text.split()))
    return text if limit is None or len(text) <= limit else text[: max(limit - 1, 0)] + "…"


_DECIMAL_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}


def display_number(term: ox.Literal, digits: int = 6) -> str | None:
    """A decimal or double as a person reads it (``26.1207`` for ``26.120689655172413793``): at most
    ``digits`` significant digits, never fewer than the integer part. None for any other literal."""
    if term.datatype is None or term.datatype.value not in _DECIMAL_TYPES:
        return None
    try:
        value = Decimal(term.value)
    except ArithmeticError:
        return None
    if not value.is_finite():
        return None
    whole = len(str(abs(int(value)))) if int(value) else 0
    places = max(digits - whole, 0)
    text = f"{round(value, places):.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def compact(iri: str, prefixes: dict[str, str]) -> str:
    best = None
    for name, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            best = (name, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _used_prefixes(triples, prefixes: dict[str, str]) -> dict[str, str]:
    text = " ".join(f"{t.subject} {t.predicate} {t.object}" for t in triples)
    return {name: ns for name, ns in prefixes.items() if ns in text}


_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def to_python(term):
    """A pyoxigraph term as the plain Python value a notebook user expects."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if not isinstance(term, ox.Literal):
        return str(term)
    datatype = term.datatype.value if term.datatype is not None else None
    try:
        if datatype in _INTEGER_TYPES:
            return int(term.value)
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == XSD + "date":
            return _dt.date.fromisoformat(term.value)
        if datatype == XSD + "dateTime":
            return _dt.datetime.fromisoformat(term.value.replace("Z", "+00:00"))
    except ValueError:
        pass
    return term.value


_SMALL = 4096  # an empty answer is a few hundred bytes in any format; larger texts have rows


def is_empty_select(text: str, fmt: str) -> bool:
    """Whether a rendered answer is a SELECT with no row (read back from the text, which is small)."""
    if fmt == "table":
        return text.endswith("\n(0 rows)\n")
    if fmt not in _RESULT_FORMATS or len(text) > _SMALL:
        return False
    if fmt == "csv":  # pyoxigraph does not read CSV results back: an empty one is its header line
        return len(text.splitlines()) == 1
    try:
        parsed = ox.parse_query_results(text.encode("utf-8"), format=_RESULT_FORMATS[fmt])
    except (SyntaxError, ValueError, OSError):
        return False
    return isinstance(parsed, ox.QuerySolutions) and next(iter(parsed), None) is None
