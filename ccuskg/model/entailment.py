"""Standard-term materialisation: each record's graph also says what it says in DCTERMS, ELI, PROV-O,
SKOS and schema.org terms.

The ontology aligns every ccus term to standard ones (``rdfs:subPropertyOf``, ``rdfs:subClassOf``),
but a partner's SPARQL store does no reasoning: ``?p dcterms:title ?t`` finds nothing unless the
triple is there. So the build adds, next to each ccus triple, the triples its super-properties and
super-classes entail (computed once per vocabulary from the ontology, transitively), plus the value
mappings the ontology declares with ``ccus:standardValue`` (a status concept's ``eli:in_force``
value). Nothing else is inferred: no domains, ranges or inverses. ``entailment = false`` in the
settings turns it off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ccuskg.core.namespaces import CCUS, RDF, RDFS
from ccuskg.core.settings import load_settings

_SUB_PROPERTY, _SUB_CLASS, _TYPE = RDFS + "subPropertyOf", RDFS + "subClassOf", RDF + "type"
_STANDARD_VALUE, _VIA = CCUS + "standardValue", CCUS + "standardValueVia"


@dataclass(frozen=True)
class Entailment:
    """The standard terms each ccus term entails, read from one vocabulary."""

    properties: dict[str, tuple[ox.NamedNode, ...]] = field(default_factory=dict)
    classes: dict[str, tuple[ox.NamedNode, ...]] = field(default_factory=dict)
    # ccus property -> (standard property, concept -> standard value)
    values: dict[str, tuple[ox.NamedNode, dict[str, ox.NamedNode]]] = field(default_factory=dict)

    def entailed(self, quads: list[ox.Quad]) -> list[ox.Quad]:
        """The quads ``quads`` entail and do not hold, in a stable order, each once."""
        have, extra = set(quads), {}
        for quad in quads:
            for term in self._terms(quad):
                new = ox.Quad(quad.subject, term[0], term[1], quad.graph_name)
                if new not in have:
                    extra.setdefault(new, None)
        return list(extra)

    def _terms(self, quad: ox.Quad):
        predicate, obj = quad.predicate.value, quad.object
        if predicate == _TYPE:
            return [(quad.predicate, c) for c in self.classes.get(obj.value, ())]
        terms = [(p, obj) for p in self.properties.get(predicate, ())]
        mapped = self.values.get(predicate)
        if mapped is not None and obj.value in mapped[1]:
            terms.append((mapped[0], mapped[1][obj.value]))
        return terms

    def __call__(self, mapped):
        """``mapped`` (a MappedRecord) with the entailed quads added to its graph."""
        mapped.quads.extend(self.entailed(mapped.quads))
        return mapped


def entailment(vocab) -> Entailment:
    """The closure of the ontology's sub-property and sub-class axioms, and its value mappings."""
    parents: dict[str, dict[str, list[str]]] = {_SUB_PROPERTY: {}, _SUB_CLASS: {}}
    links: dict[str, list[tuple[str, str]]] = {}
    for t in vocab.triples:
        if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.NamedNode):
            continue
        table = parents.get(t.predicate.value)
        if table is not None:
            table.setdefault(t.subject.value, []).append(t.object.value)
        elif t.predicate.value in (_STANDARD_VALUE, _VIA):
            links.setdefault(t.subject.value, []).append((t.predicate.value, t.object.value))
    return Entailment(_closure(parents[_SUB_PROPERTY]), _closure(parents[_SUB_CLASS]), _values(vocab, links))


def _closure(parents: dict[str, list[str]]) -> dict[str, tuple[ox.NamedNode, ...]]:
    """Every term's ancestors (not itself), sorted; cycles end the walk."""
    closed = {}
    for term in parents:
        seen, todo = set(), list(parents[term])
        while todo:
            parent = todo.pop()
            if parent not in seen and parent != term:
                seen.add(parent)
                todo.extend(parents.get(parent, ()))
        closed[term] = tuple(ox.NamedNode(iri) for iri in sorted(seen))
    return closed


def _values(vocab, links: dict[str, list[tuple[str, str]]]):
    """``P ccus:standardValue S ; ccus:standardValueVia V``: a value C of P gives (S, C's V)."""
    values = {}
    for prop, pairs in links.items():
        targets = [o for p, o in pairs if p == _STANDARD_VALUE]
        vias = [o for p, o in pairs if p == _VIA]
        if len(targets) != 1 or len(vias) != 1:
            continue
        table = {t.subject.value: t.object for t in vocab.triples
                 if t.predicate.value == vias[0] and isinstance(t.object, ox.NamedNode)}
        values[prop] = (ox.NamedNode(targets[0]), table)
    return values


def for_mapper(vocab, enabled: bool | None = None):
    """What the mapper applies to each mapped record: the entailment, or nothing when switched off
    (``enabled`` None: the settings' ``entailment``)."""
    if enabled is None:
        enabled = load_settings().entailment
    return entailment(vocab) if enabled else _unchanged


def standard_types(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The standard classes of the reference tables' instances (an issuer is also an ``eli:Agent``, a
    jurisdiction an ``eli:AdministrativeArea``): types only, as the tables' other properties are
    ccus's own (an issuer's ``ccus:jurisdiction`` is not ELI's, whose domain is a legal resource)."""
    parents: dict[str, list[str]] = {}
    for t in triples:
        if t.predicate.value == _SUB_CLASS and isinstance(t.object, ox.NamedNode):
            parents.setdefault(t.subject.value, []).append(t.object.value)
    classes, have = _closure(parents), set(triples)
    extra: dict[ox.Triple, None] = {}
    for t in triples:
        if t.predicate.value == _TYPE and t.object.value.startswith(CCUS):
            for parent in classes.get(t.object.value, ()):
                new = ox.Triple(t.subject, t.predicate, parent)
                if new not in have:
                    extra.setdefault(new, None)
    return list(extra)


def _unchanged(mapped):
    return mapped


__all__ = ["Entailment", "entailment", "for_mapper", "standard_types"]
