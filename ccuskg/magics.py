"""IPython integration: ``%load_ext ccuskg`` then a ``%%sparql`` cell magic.

    %%sparql --store .ccuskg/store --param id=us-45q-ira
    SELECT ?id ?date WHERE { ?p ccus:identifier ?id ; ccus:publicationDate ?date }

``--endpoint URL`` queries a remote SPARQL endpoint instead (``ccuskg serve``, Fuseki, GraphDB, …)
with the same prefixes, parameters and result types. The result is a pandas DataFrame with typed
columns when pandas is installed, else a list of row dicts. ``--name NAME`` runs a named query instead of the cell text; ``--param NAME=VALUE`` binds a
variable as a literal (Oxigraph substitutes only variables the SELECT projects, and says so otherwise).
"""

from __future__ import annotations

import argparse
import shlex

from ccuskg import named_queries
from ccuskg.api import KnowledgeGraph, open_graph, to_frame
from ccuskg.remote import RemoteGraph, remote

_GRAPHS: dict[str, KnowledgeGraph | RemoteGraph] = {}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="%%sparql", add_help=False)
    parser.add_argument("--store", default=None)
    parser.add_argument("--endpoint", default=None)
    parser.add_argument("--name", default=None)
    parser.add_argument("--param", action="append", default=[])
    return parser


def run_cell(line: str, cell: str):
    """What ``%%sparql`` does; usable without IPython."""
    args = _parser().parse_args(shlex.split(line))
    if args.store and args.endpoint:
        raise ValueError("%%sparql takes --store or --endpoint, not both")
    key = f"endpoint:{args.endpoint}" if args.endpoint else f"store:{args.store or ''}"
    if key not in _GRAPHS:
        _GRAPHS[key] = remote(args.endpoint) if args.endpoint else open_graph(args.store)
    kg = _GRAPHS[key]
    params = named_queries.parse_params(args.param)
    result = kg.named_result(args.name, **params) if args.name else kg.query(cell, **params)
    try:
        return to_frame(result)
    except ImportError:
        return result.records()


def load_ipython_extension(ipython) -> None:
    ipython.register_magic_function(lambda line, cell: run_cell(line, cell), "cell", "sparql")
