"""Why a SELECT answered no row: the first triple pattern that matches nothing, and parameter
values that match no value in the data.

The main group's patterns are asked one more at a time (``ASK { p1 }``, ``ASK { p1 . p2 }``, …)
with the query's parameter values bound; the first that fails is named. The asking runs on a
background thread and stops after ``budget`` seconds, so a diagnosis never holds the answer up
for long (a question still running then finishes in the background; it can only be a slow read).
"""

from __future__ import annotations

import difflib
import threading
import time

import pyoxigraph as ox

from ccuskg.access.patterns import Pattern, main_patterns
from ccuskg.access.sparql_text import tokens

BUDGET_SECONDS = 2.0


def explain_empty(raw, query: str, substitutions=None, budget: float = BUDGET_SECONDS) -> list[str]:
    """Notes on an empty answer to ``query``, asked through the graph's ``raw(sparql, substitutions)``."""
    notes: list[str] = []
    worker = threading.Thread(target=_diagnose, args=(raw, query, substitutions or {}, notes), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(budget)
    if worker.is_alive():
        notes.append(f"note: no rows; looking for the pattern that matches nothing stopped after "
                     f"{time.monotonic() - started:.1f} s")
    return list(notes)


def _diagnose(raw, query: str, substitutions: dict, notes: list[str]) -> None:
    try:
        notes.extend(_unmatched_parameters(raw, query, substitutions))
        if not notes:
            notes.extend(_first_unmatched_pattern(raw, query, substitutions))
    except Exception:  # noqa: BLE001  a diagnosis that fails says nothing; the answer stands
        pass


def _unmatched_parameters(raw, query: str, substitutions: dict) -> list[str]:
    notes = []
    for variable, value in substitutions.items():
        if not isinstance(value, ox.Literal) or bool(raw("ASK { ?s ?p ?value }", {ox.Variable("value"): value})):
            continue
        name = variable.value
        hint = _closest_values(raw, query, name, value.value)
        notes.append(f"note: no rows: the parameter {name}={value.value!r} matches no value in the data{hint}")
    return notes


def _closest_values(raw, query: str, name: str, value: str) -> str:
    """Values of the predicate the parameter is the object of (``?s ccus:identifier ?id``), closest first."""
    seq = tokens(query)
    for before, token in zip(seq, seq[1:]):
        if token.kind == "var" and token.text[1:] == name and before.kind in ("pname", "iri"):
            rows = raw(f"SELECT DISTINCT ?v WHERE {{ ?s {before.text} ?v }} LIMIT 20000")
            values = [str(row[0].value) for row in rows]
            close = difflib.get_close_matches(value, values, n=3, cutoff=0.5)
            return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return ""


def _first_unmatched_pattern(raw, query: str, substitutions: dict) -> list[str]:
    patterns = main_patterns(query)
    for count, pattern in enumerate(patterns, start=1):
        if bool(raw(_ask(patterns[:count]), substitutions or None)):
            continue
        alone = count == 1 or not bool(raw(_ask([pattern]), substitutions or None))
        where = f"the pattern `{pattern.text}` (line {pattern.line})"
        if alone:
            return [f"note: no rows: {where} matches nothing"]
        return [f"note: no rows: {where} matches nothing together with the patterns before it "
                "(it does match on its own)"]
    if patterns:
        return ["note: no rows, although every triple pattern of the main group matches: "
                "a FILTER, MINUS or nested group removes every row"]
    return []


def _ask(patterns: list[Pattern]) -> str:
    return "ASK { " + " . ".join(p.text for p in patterns) + " }"
