"""ccuskg: build, check, query and export a knowledge graph of CCUS policy records.

The notebook-facing API lives here; the CLI (``ccuskg``) is a thin layer over it::

    import ccuskg
    kg = ccuskg.build(["seeds"])          # records -> RDF -> embedded Oxigraph store
    kg.rows("SELECT ?t WHERE { ?p dcterms:title ?t }")
"""

from ccuskg.api import KnowledgeGraph, build, open_graph
from ccuskg.core.diagnostics import Diagnostic
from ccuskg.core.errors import CcuskgError, UserError
from ccuskg.access.remote import RemoteGraph, remote

__all__ = ["CcuskgError", "KnowledgeGraph", "Diagnostic", "RemoteGraph", "UserError", "build", "open_graph", "remote", "load_ipython_extension"]


def load_ipython_extension(ipython) -> None:
    """``%load_ext ccuskg`` registers the ``%%sparql`` cell magic (IPython is imported only then)."""
    from ccuskg.magics import load_ipython_extension as load

    load(ipython)
from ccuskg.core.version import __version__  # noqa: E402
