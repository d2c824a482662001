"""Query parameters bound with a ``VALUES`` block first inside the query's WHERE group.

Used for the remote endpoints (the protocol has no pre-binding) and for the local store too:
pyoxigraph's ``substitutions`` join the bound values after evaluating the pattern, so a lookup by
identifier scanned every policy (20 ms at 10,000 records, 0.5 s at 100,000), while a leading
``VALUES`` is part of the plan and the same lookup takes a tenth of a millisecond. The values are
written by pyoxigraph's term writer, so they are escaped, never spliced in as text.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ccuskg.access.sparql_text import tokens
from ccuskg.core.errors import CcuskgError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Tokens skipped while looking for the query pattern's opening brace: comments, strings, IRIs,
# variables and prefixed names (so a "{" or "WHERE" inside them is not taken for syntax).
_TOKENS = re.compile(r"""#[^\n]*|'{3}.*?'{3}|"{3}.*?"{3}|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|"""
                     r"""<[^<>"{}|^`\\\x00-\x20]*>|[?$]\w+|[A-Za-z][\w.-]*:[\w.-]*|(?i:\bWHERE\b)|\{""", re.S)


class UnbindableValue(CcuskgError, ValueError):
    """A value a VALUES block cannot hold (a blank node, a triple) or a name that is not a variable."""


def values_clause(substitutions) -> str:
    """A VALUES block binding variables to IRIs or literals, escaped by pyoxigraph's term writer."""
    if not substitutions:
        return ""
    names, terms = zip(*substitutions.items())
    for term in terms:
        if not isinstance(term, (ox.Literal, ox.NamedNode)):
            raise UnbindableValue(f"cannot bind {term!r} in a VALUES block")
    names = [n.value if isinstance(n, ox.Variable) else str(n) for n in names]
    bad = [n for n in names if not _NAME.fullmatch(n)]
    if bad:
        raise UnbindableValue(f"not a variable name: {bad[0]!r}")
    variables = " ".join(f"?{n}" for n in names)
    return f"\nVALUES ({variables}) {{ ({' '.join(str(t) for t in terms)}) }}\n"


def bind_inline(sparql: str, substitutions) -> str:
    """``sparql`` with the VALUES block first inside its WHERE group: the same as pre-bound
    variables, also under GROUP BY (a trailing VALUES joins after grouping, and Virtuoso rejects
    one naming an unprojected variable). Without a WHERE group the VALUES goes last."""
    block = values_clause(substitutions)
    if not block:
        return sparql
    tokens = [m for m in _TOKENS.finditer(sparql) if m.group(0).upper() == "WHERE" or m.group(0) == "{"]
    where = next((i for i, m in enumerate(tokens) if m.group(0).upper() == "WHERE"), None)
    brace = next((m for m in tokens[(where or 0):] if m.group(0) == "{"), None)
    if brace is not None:
        return sparql[:brace.end()] + block + sparql[brace.end():]
    return sparql + block


def has_subquery(sparql: str) -> bool:
    """Whether a SELECT is nested in the query: a leading VALUES would not reach into it (pre-bound
    substitutions do), so such a query keeps pyoxigraph's substitutions."""
    return sum(1 for t in tokens(sparql) if t.kind == "word" and t.text.upper() == "SELECT") > 1
