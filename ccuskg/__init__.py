"""ccuskg: build, check, query and export a knowledge graph of CCUS policy records.

The notebook-facing API lives here; the CLI (``ccuskg``) is a thin layer over it::

    import ccuskg
    kg = ccuskg.build(["seeds"])          # records -> RDF -> embedded Oxigraph store
    kg.rows("SELECT ?t WHERE { ?p dcterms:title ?t }")
"""

from ccuskg.core.diagnostics import Diagnostic
from ccuskg.core.errors import CcuskgError, UserError

__all__ = ["CcuskgError", "KnowledgeGraph", "Diagnostic", "RemoteGraph", "UserError", "build", "open_graph", "remote", "load_ipython_extension"]


def __getattr__(name: str):
    """``ccuskg.build``, ``ccuskg.KnowledgeGraph``, ``ccuskg.remote``...: the API is imported on first
    use, so ``ccuskg --help`` or a ``validate`` with nothing changed does not pay for rdflib and the
    whole pipeline (about 0.3 s) before it starts."""
    if name in ("KnowledgeGraph", "build", "open_graph"):
        from ccuskg import api

        return getattr(api, name)
    if name in ("RemoteGraph", "remote"):
        from ccuskg.access import remote as _remote

        return getattr(_remote, name)
    raise AttributeError(f"module 'ccuskg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def load_ipython_extension(ipython) -> None:
    """``%load_ext ccuskg`` registers the ``%%sparql`` cell magic (IPython is imported only then)."""
    from ccuskg.magics import load_ipython_extension as load

    load(ipython)
from ccuskg.core.version import __version__  # noqa: E402
