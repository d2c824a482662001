"""IPython integration: ``%load_ext ccuskg`` then a ``%%sparql`` cell magic.

    %%sparql --store .ccuskg/store --param id=us-45q-ira
    SELECT ?id ?date WHERE { ?p ccus:identifier ?id ; ccus:publicationDate ?date }

``--endpoint URL`` queries a remote SPARQL endpoint instead (``ccuskg serve``, Fuseki, GraphDB, …)
with the same prefixes, parameters and result types. The result is a pandas DataFrame with typed
columns when pandas is installed, else a list of row dicts; an ASK cell gives True or False, a
CONSTRUCT or DESCRIBE cell the list of triples. ``--name NAME`` runs a named query instead of the cell text; ``--param NAME=VALUE`` binds a
variable as a literal (Oxigraph substitutes only variables the SELECT projects, and says so otherwise).

Notes about the query (a term the ontology does not define, a standard term the data never uses,
why an answer is empty) are printed as lines under the result; ``--no-check`` turns them off.

A named query needs no cell text, so it also runs as a line magic: ``%sparql --name score-matrix``
(IPython refuses a ``%%`` cell magic whose body is empty). A wrong option, a missing store, invalid
SPARQL or an unreachable endpoint is shown as one line (IPython's ``UsageError``), not a traceback.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from ccuskg.core.errors import UserError
from ccuskg.access import named_queries
from ccuskg.access.frames import to_frame
from ccuskg.access.query import bind_literals
from ccuskg.api import KnowledgeGraph, open_graph
from ccuskg.access.remote import RemoteGraph, remote
from ccuskg.store import default_store_path

_GRAPHS: dict[str, KnowledgeGraph | RemoteGraph] = {}


class MagicError(UserError, ValueError):
    """A usage problem with a ``%%sparql`` line (shown to the user as one line)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print usage and call sys.exit(2) inside the kernel
        raise MagicError(f"%%sparql: {message} (options: --store PATH | --endpoint URL, --name NAME, "
                         "--param NAME=VALUE, --no-check)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="%%sparql", add_help=False)
    parser.add_argument("--store", default=None)
    parser.add_argument("--endpoint", default=None)
    parser.add_argument("--name", default=None)
    parser.add_argument("--param", action="append", default=[])
    parser.add_argument("--no-check", dest="no_check", action="store_true")
    return parser


def _store_key(store: str | None) -> str:
    """A store is cached per build: a rebuild swaps in a new directory (new inode), and a handle on
    the old one would keep answering from the previous build."""
    path = Path(store) if store else default_store_path()
    try:
        identity = path.stat().st_ino
    except OSError:
        identity = None  # open_graph says what is missing
    key = f"store:{path.resolve()}"
    for stale in [k for k in _GRAPHS if k.startswith(key + "#") and k != f"{key}#{identity}"]:
        _GRAPHS.pop(stale).close()
    return f"{key}#{identity}"


def run_cell(line: str, cell: str):
    """What ``%%sparql`` does; usable without IPython."""
    return run_cell_with_notes(line, cell)[0]


def run_cell_with_notes(line: str, cell: str):
    """What ``%%sparql`` gives (a DataFrame, rows, a boolean or triples) and the notes about its query."""
    try:
        args = _parser().parse_args(shlex.split(line))
    except ValueError as exc:  # shlex: an unclosed quote
        raise MagicError(f"%%sparql: cannot split the options: {exc}") from None
    if args.store and args.endpoint:
        raise MagicError("%%sparql takes --store or --endpoint, not both")
    if not args.name and not (cell or "").strip():
        raise MagicError("%%sparql: no query: write it in the cell, or give --name NAME")
    key = f"endpoint:{args.endpoint}" if args.endpoint else _store_key(args.store)
    if key not in _GRAPHS:
        _GRAPHS[key] = remote(args.endpoint) if args.endpoint else open_graph(args.store)
    result = _result(_GRAPHS[key], args, cell)
    return _value(result), result.notes


def _result(kg, args, cell: str):
    params = named_queries.parse_params(args.param)
    try:
        if args.name:
            return kg.named_checked(args.name, params, check=not args.no_check)
        return kg.checked(cell, bind_literals(params), check=not args.no_check)
    except named_queries.MissingParameter as exc:
        raise MagicError(f"%%sparql: query {exc.query!r} needs --param {exc.param}=VALUE") from None


def _value(result):
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return result.triples
    try:
        return to_frame(result)
    except ImportError:
        return result.records()


def _magic(line: str, cell: str | None = None):
    """``%sparql`` (a named query) and ``%%sparql`` (query in the cell); problems as one-line UsageErrors."""
    from IPython import get_ipython
    from IPython.core.error import UsageError

    try:
        value, notes = run_cell_with_notes(line, cell or "")
    except UserError as exc:  # bad options, a missing store, invalid SPARQL, an unreachable endpoint...
        raise UsageError(str(exc)) from None
    if notes:
        _print_after_the_result(get_ipython(), notes)
    return value


def _print_after_the_result(ipython, notes: list[str]) -> None:
    """Print the notes once the cell's result is shown (IPython's post_run_cell), so they sit under it."""
    def show(*_):
        ipython.events.unregister("post_run_cell", show)
        print("\n".join(notes))

    if ipython is None:
        print("\n".join(notes))
    else:
        ipython.events.register("post_run_cell", show)


def load_ipython_extension(ipython) -> None:
    ipython.register_magic_function(_magic, "line_cell", "sparql")
