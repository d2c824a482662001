"""The registry behind ``ccuskg.validation.components``: the compilers of the shape terms, their
limits and the shapes extensions, as plain dictionaries.

The built-in components (``core_components``, ``sparql_components``) register here directly; everyone
else goes through ``ccuskg.validation.components``, which registers the built-ins first, so the
registry is never read or changed half-filled. (The split keeps the package cheap to import, and
the modules free of an import cycle.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SH

Job = Callable[[], list]  # () -> list[ShaclResult]; jobs are independent and run on threads
Compiler = Callable[["Constraint"], list]  # Constraint -> list[Job]


@dataclass(frozen=True)
class Constraint:
    """One (shape, term, value) to compile, with what a compiler needs to write its SPARQL."""

    engine: Any  # the FastEngine; its shapes graph is ``engine.g``
    store: Any  # the pyoxigraph store the jobs query
    shape: Any  # the engine's shape: node, path (SPARQL path text or None), path_iri, severity, messages
    focus: str  # a group pattern binding the focus nodes to ?this
    values: str  # a group pattern binding ?this and its value nodes to ?value
    term: Any  # the shape term, e.g. sh:minCount
    value: Any  # its object in the shapes graph (rdflib term)
    component: str  # the IRI results report as their sh:sourceConstraintComponent

    def rows(self, query: str, with_value: bool = True) -> Job:
        """A job turning each row (?this, and ?value if ``with_value``) of ``query`` into a result."""
        engine, store, shape, component = self.engine, self.store, self.shape, self.component

        def job():
            return [engine._result(shape, row["this"], row["value"] if with_value else None, component)
                    for row in engine._query(store, query)]
        return job

    def violations(self, condition: str) -> list[Job]:
        """The usual value-node check: one result per value node that ``condition`` (a FILTER) keeps."""
        return [self.rows(f"SELECT DISTINCT ?this ?value WHERE {{ {self.values} {condition} }}")]


_COMPILERS: dict = {}
_COMPONENT_IRIS: dict = {}
_LIMITS: dict = {}
_EXTENSIONS: list = []


def component_iri_for(term) -> str:
    """sh:minCount -> sh:MinCountConstraintComponent (SHACL's naming)."""
    name = str(term)[len(str(SH)):]
    return f"{SH}{name[0].upper()}{name[1:]}ConstraintComponent"


def register_component(term, compiler: Compiler, iri: str | None = None, replace: bool = False) -> None:
    """Make ``compiler`` the one for ``term``; a term outside sh: needs the component ``iri`` it reports."""
    term = URIRef(str(term))  # the shapes graph's terms are URIRefs, which never equal a plain str
    if term in _COMPILERS and not replace:
        raise ValueError(f"{term} already has a compiler ({_COMPILERS[term].__name__})")
    if iri is None:
        if not str(term).startswith(str(SH)):
            raise ValueError(f"{term} is not a sh: term; give the component IRI its results report")
        iri = component_iri_for(term)
    _COMPILERS[term] = compiler
    _COMPONENT_IRIS[term] = iri


def unregister_component(term) -> Compiler:
    term = URIRef(str(term))
    _COMPONENT_IRIS.pop(term, None)
    return _COMPILERS.pop(term)


def component(*terms, iri: str | None = None, replace: bool = False) -> Callable[[Compiler], Compiler]:
    """Decorator: register the function as the compiler of each of ``terms``."""
    def decorate(compiler: Compiler) -> Compiler:
        for term in terms:
            register_component(term, compiler, iri, replace)
        return compiler
    return decorate


def compiler_for(term) -> tuple[Compiler, str] | None:
    """The compiler of ``term`` and the component IRI it reports, or None if it has none."""
    compiler = _COMPILERS.get(term)
    return None if compiler is None else (compiler, _COMPONENT_IRIS[term])


def limit(term) -> Callable[[Callable], Callable]:
    """Decorator: ``check(value) -> reason or None`` says when a term's compiler cannot check a value
    (that shape then goes to pyshacl, or is refused), e.g. sh:datatype xsd:int on Oxigraph."""
    def decorate(check: Callable) -> Callable:
        _LIMITS[URIRef(str(term))] = check
        return check
    return decorate


def limitation(term, value) -> str | None:
    """Why the compiler of ``term`` cannot check ``value``, or None."""
    check = _LIMITS.get(term)
    return None if check is None else check(value)


def register_shapes_extension(make: Callable) -> None:
    """``make(shapes_graph)`` -> an object with ``parameters`` (non-sh: terms it reads on shapes) and
    ``jobs(engine, store, shape, focus, values)``: for components the shapes graph itself declares."""
    _EXTENSIONS.append(make)


def shapes_extensions(shapes) -> list:
    return [make(shapes) for make in _EXTENSIONS]


def supported_terms() -> frozenset:
    """Every shape term the fast engine accepts: the registry's keys."""
    return frozenset(_COMPILERS)


def parameter(c: Constraint) -> list[Job]:
    """The compiler of a term that is not a constraint by itself (a target, sh:path, sh:flags...)."""
    return []


__all__ = ["Constraint", "Job", "Compiler", "component", "register_component", "unregister_component",
           "compiler_for", "supported_terms", "parameter", "component_iri_for", "limit", "limitation",
           "register_shapes_extension", "shapes_extensions"]
