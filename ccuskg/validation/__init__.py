"""Stage 4a, store/graph -> SHACL report: shapes, the fast engine, the pyshacl adapter, tracing.

The built-in constraint components (``core_components`` and ``sparql_components``) register their
compilers in the ``components`` registry the way a third party would, the first time the registry
is read or changed, so "supported" is never read half-filled; importing the package itself is cheap
(``ccuskg validate`` with nothing changed never loads rdflib or the engine).
"""
