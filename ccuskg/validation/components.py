"""The SHACL constraint components of the fast engine: one compiler per shape term, in a registry.

The fast engine (``ccuskg.validation.engine``) reads a shape term by term and hands each
(term, value) to the compiler registered for the term, which returns the jobs (callables giving
``ShaclResult``s) that check it. What the engine supports *is* this registry: a ``sh:`` term with no
compiler makes it refuse the shapes, naming the term, so a shape is never silently ignored.
Terms that only parameterise others (``sh:path``, ``sh:severity``, ``sh:flags``, targets...) are
registered with ``parameter``, which compiles to nothing.

A third party adds a component the way the built-ins are added::

    @component(SH.maxLength)
    def max_length(c: Constraint) -> list[Job]:
        return c.violations(f"FILTER(STRLEN(STR(?value)) > {int(c.value)})")
"""

from __future__ import annotations

from ccuskg.validation import registry as _registry
from ccuskg.validation.registry import Compiler, Constraint, Job, component_iri_for, parameter  # noqa: F401

_BUILTINS = [False]  # whether the built-in components have registered


def _builtins() -> None:
    """Register the built-in components (``core_components``, ``sparql_components``) before the
    registry is first read or changed here, so it is never seen half-filled and a third party's
    change applies on top of them, whoever imports first; importing ``ccuskg.validation`` stays
    cheap (rdflib and the components load when shapes are first compiled)."""
    if not _BUILTINS[0]:
        _BUILTINS[0] = True
        from ccuskg.validation import core_components, sparql_components  # noqa: F401


def register_component(term, compiler: Compiler, iri: str | None = None, replace: bool = False) -> None:
    """Make ``compiler`` the one for ``term``; a term outside sh: needs the component ``iri`` it reports."""
    _builtins()
    _registry.register_component(term, compiler, iri, replace)


def unregister_component(term) -> Compiler:
    _builtins()
    return _registry.unregister_component(term)


def component(*terms, iri: str | None = None, replace: bool = False):
    """Decorator: register the function as the compiler of each of ``terms``."""
    _builtins()
    return _registry.component(*terms, iri=iri, replace=replace)


def compiler_for(term) -> tuple[Compiler, str] | None:
    """The compiler of ``term`` and the component IRI it reports, or None if it has none."""
    _builtins()
    return _registry.compiler_for(term)


def limit(term):
    """Decorator: ``check(value) -> reason or None`` says when a term's compiler cannot check a value
    (that shape then goes to pyshacl, or is refused), e.g. sh:datatype xsd:int on Oxigraph."""
    _builtins()
    return _registry.limit(term)


def limitation(term, value) -> str | None:
    """Why the compiler of ``term`` cannot check ``value``, or None."""
    _builtins()
    return _registry.limitation(term, value)


def register_shapes_extension(make) -> None:
    """``make(shapes_graph)`` -> an object with ``parameters`` (non-sh: terms it reads on shapes) and
    ``jobs(engine, store, shape, focus, values)``: for components the shapes graph itself declares."""
    _builtins()
    _registry.register_shapes_extension(make)


def shapes_extensions(shapes) -> list:
    _builtins()
    return _registry.shapes_extensions(shapes)


def supported_terms() -> frozenset:
    """Every shape term the fast engine accepts: the registry's keys."""
    _builtins()
    return _registry.supported_terms()


__all__ = ["Constraint", "Job", "Compiler", "component", "register_component", "unregister_component",
           "compiler_for", "supported_terms", "parameter", "component_iri_for", "limit", "limitation",
           "register_shapes_extension", "shapes_extensions"]
