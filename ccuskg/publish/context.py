"""The published JSON-LD context (``ontology/context.jsonld``), generated from the ontology.

Terms come from three places, none of them a hand-kept list of ontology terms:

* every class and property declared in the ``ccus:`` namespace of ``ontology/ccus.ttl``, typed from
  its ``rdfs:range`` (language map for ``rdf:langString``, ``@id`` for resources, ``xsd:date`` …);
* every predicate and class *used* in the ontology files (SKOS, OWL, RDFS, VANN terms of the
  vocabularies and reference tables), typed from the values it has there;
* the standard terms a build materialises from the ccus ones (``ccuskg.model.entailment``), typed
  like the ccus term they come from;
* the few external terms the mapper and the dataset description write (``MAPPER_TERMS`` here and
  ``ccuskg.publish.description.TERMS``).

A term is the IRI's local name; when two namespaces offer the same local name the earlier namespace
in ``NAMESPACE_ORDER`` keeps it and the other gets a compact-IRI key (``dcterms:title``), so no term
is ever silently re-bound. Integers carry no ``@type``: JSON numbers already mean ``xsd:integer``.
Plain strings under a language-map term sit under the ``@none`` key (JSON-LD 1.1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.errors import CcuskgError
from ccuskg.core.namespaces import (CCUS, DCAT, DCTERMS, ELI, FIELD, GEO, ONTOLOGY_GRAPH, OWL, PROV, RDF, RDFS,
                                    SCHEMA, SF, SKOS, VANN, VOID, WIKIDATA, XSD)
from ccuskg.core.package_data import ontology_dir
from ccuskg.model.entailment import entailment
from ccuskg.model.vocab import Vocabulary, load_vocabulary

CONTEXT_FILE = "context.jsonld"

# Prefixes declared in the context, in the order that decides who keeps a contested local name.
NAMESPACE_ORDER = [
    ("ccus", CCUS), ("rdf", RDF), ("rdfs", RDFS), ("owl", OWL), ("skos", SKOS), ("dcterms", DCTERMS),
    ("dcat", DCAT), ("void", VOID), ("prov", PROV), ("vann", VANN), ("schema", SCHEMA), ("eli", ELI),
    ("xsd", XSD), ("wd", WIKIDATA), ("geo", GEO), ("sf", SF), ("field", FIELD),
]

# Kinds of value a property holds, as written in a term definition.
IRI, LANG, STRING, INTEGER = "iri", "lang", "string", "integer"
CLASS = "class"

# External (non-ccus) terms the mapper writes that the ontology files do not themselves use.
MAPPER_TERMS = {
    PROV + "wasAttributedTo": IRI,   # record -> author agent
    PROV + "Agent": CLASS,           # the author agent
    RDFS + "label": LANG,            # the author's name (plain string -> "@none")
    SKOS + "prefLabel": LANG,        # a cluster's name
    # facilities (ccuskg.model.facilities) and country profiles (ccuskg.model.countries)
    GEO + "hasGeometry": IRI,
    GEO + "asWKT": GEO + "wktLiteral",
    SF + "Point": CLASS,
    SCHEMA + "geo": IRI,
    SCHEMA + "GeoCoordinates": CLASS,
    SCHEMA + "latitude": XSD + "decimal",
    SCHEMA + "longitude": XSD + "decimal",
    SCHEMA + "description": LANG,
    DCTERMS + "description": LANG,
}

_RANGE_KINDS = {RDF + "langString": LANG, XSD + "string": STRING, XSD + "integer": INTEGER,
                RDFS + "Literal": STRING}
_DECLARED = {OWL + "Class": CLASS, OWL + "ObjectProperty": IRI, OWL + "DatatypeProperty": STRING,
             OWL + "AnnotationProperty": STRING}


class ContextError(CcuskgError, ValueError):
    """The ontology cannot be turned into a context (a term would clash with a prefix or keyword)."""


def context_path() -> Path:
    return ontology_dir() / CONTEXT_FILE


def load_context(path: Path | str | None = None) -> dict:
    """The context document as published (``{"@context": {...}}``)."""
    return json.loads(Path(path or context_path()).read_text(encoding="utf-8"))


def term_kinds(vocab: Vocabulary, namespaces: tuple[str, ...] = (CCUS, FIELD)) -> dict[str, str]:
    """IRI -> kind (class, iri, lang, string, integer or a datatype IRI) for every term to define; the
    classes and properties declared in ``namespaces`` (ours, and a user vocabulary's) are typed from their ranges."""
    kinds: dict[str, str] = {}
    declared: dict[str, str] = {}
    ranges: dict[str, str] = {}
    used: dict[str, set[str]] = {}
    for t in vocab.triples:
        s, p, o = t.subject, t.predicate.value, t.object
        if isinstance(s, ox.NamedNode) and s.value.startswith(namespaces):
            if p == RDF + "type" and o.value in _DECLARED:
                declared[s.value] = _DECLARED[o.value]
            elif p == RDFS + "range":
                ranges[s.value] = o.value
        if p == RDF + "type":
            kinds.setdefault(o.value, CLASS)
        else:
            used.setdefault(p, set()).add(_value_kind(o))
    for iri, declared_kind in declared.items():
        if declared_kind == CLASS:
            kinds[iri] = CLASS
        elif iri in ranges:
            kinds[iri] = _range_kind(ranges[iri], declared_kind)
        else:
            kinds[iri] = _single(used.get(iri)) or declared_kind
    for iri, value_kinds in used.items():
        kinds.setdefault(iri, _single(value_kinds) or STRING)
    _standard_kinds(vocab, kinds)
    from ccuskg.publish.description import TERMS as METADATA_TERMS

    for extra in (MAPPER_TERMS, METADATA_TERMS):
        for iri, kind in extra.items():
            kinds.setdefault(iri, kind)
    kinds.pop(RDF + "type", None)  # written as "type" (@type)
    return kinds


def _standard_kinds(vocab: Vocabulary, kinds: dict[str, str]) -> None:
    """The standard terms a build materialises (``ccuskg.model.entailment``), typed like their ccus term."""
    rules = entailment(vocab)
    for iri in sorted(rules.classes):
        for parent in rules.classes[iri]:
            kinds.setdefault(parent.value, CLASS)
    for iri in sorted(rules.properties):
        for parent in rules.properties[iri]:
            kinds.setdefault(parent.value, kinds.get(iri, STRING))
    for standard, _ in rules.values.values():
        kinds.setdefault(standard.value, IRI)


def _range_kind(rng: str, declared_kind: str) -> str:
    if rng in _RANGE_KINDS:
        return _RANGE_KINDS[rng]
    if rng.startswith(XSD):
        return rng
    return IRI if declared_kind == IRI or not rng.startswith(XSD) else STRING


def _value_kind(term) -> str:
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return IRI
    if term.language:
        return LANG
    datatype = term.datatype.value
    return _RANGE_KINDS.get(datatype, datatype)


def _single(kinds: set[str] | None) -> str | None:
    return next(iter(kinds)) if kinds and len(kinds) == 1 else None


def _split(iri: str, order=NAMESPACE_ORDER) -> tuple[int, str, str] | None:
    """(namespace rank, prefix, local name) of ``iri`` for the declared namespaces."""
    for rank, (prefix, ns) in enumerate(order):
        if iri.startswith(ns) and len(iri) > len(ns):
            return rank, prefix, iri[len(ns):]
    return None


def declared_namespaces(vocab: Vocabulary) -> list[tuple[str, str]]:
    """(prefix, namespace) pairs a user vocabulary declares with ``vann:preferredNamespacePrefix`` and
    ``vann:preferredNamespaceUri`` on one subject, after the built-in ones (which keep their prefixes)."""
    found: dict[str, dict[str, str]] = {}
    for t in vocab.triples:
        if t.predicate.value in (VANN + "preferredNamespacePrefix", VANN + "preferredNamespaceUri"):
            found.setdefault(str(t.subject), {})[t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]] = t.object.value
    known = {p for p, _ in NAMESPACE_ORDER} | {ns for _, ns in NAMESPACE_ORDER}
    return sorted((d["preferredNamespacePrefix"], d["preferredNamespaceUri"]) for d in found.values()
                  if len(d) == 2 and not known & set(d.values()) and d["preferredNamespacePrefix"].isidentifier())


def build_context(vocab: Vocabulary | None = None, strict: bool = True) -> dict:
    """The context document for the ontology in ``vocab`` (default: the installed ontology).

    Not ``strict`` (a user vocabulary is in it): a term in no known namespace is left out (its full IRI
    still expands) instead of refused."""
    vocab = vocab or load_vocabulary()
    order = NAMESPACE_ORDER + declared_namespaces(vocab)
    kinds = term_kinds(vocab, (CCUS, FIELD) + tuple(ns for _, ns in order[len(NAMESPACE_ORDER):]))
    prefixes = {prefix: ns for prefix, ns in order}
    terms: dict[str, object] = {}
    contested: list[tuple[str, str, str]] = []
    split = {iri: _split(iri, order) for iri in kinds}
    for iri in sorted(kinds, key=lambda i: (split[i] or (99, "", i), i)):
        parts = split[iri]
        if parts is None and not strict:
            continue
        if parts is None:
            raise ContextError(f"{iri} is in no namespace of the context; add its namespace to NAMESPACE_ORDER")
        _, prefix, local = parts
        if not local.replace("_", "a").isalnum() and not strict:
            continue
        if not local.replace("_", "a").isalnum():
            raise ContextError(f"{iri}: local name {local!r} cannot be a term")
        if local in terms or local in prefixes or local in ("id", "type"):
            contested.append((iri, prefix, local))
            continue
        terms[local] = _definition(f"{prefix}:{local}", kinds[iri])
    for iri, prefix, local in contested:
        kind = kinds[iri]
        if kind == CLASS:
            continue  # the compact IRI prefix:local already expands correctly without a definition
        terms[f"{prefix}:{local}"] = _definition(None, kind)
    context: dict[str, object] = {"@version": 1.1, "id": "@id", "type": "@type"}
    context.update(sorted(prefixes.items()))
    context.update(sorted(terms.items()))
    return {"@context": context}


def _definition(curie: str | None, kind: str):
    if kind in (CLASS, STRING, INTEGER):
        return curie if curie else {}
    definition: dict[str, str] = {"@id": curie} if curie else {}
    if kind == IRI:
        definition["@type"] = "@id"
    elif kind == LANG:
        definition["@container"] = "@language"
    else:
        definition["@type"] = _curie(kind)
    return definition


def _curie(iri: str) -> str:
    parts = _split(iri)
    return f"{parts[1]}:{parts[2]}" if parts else iri


def store_context(store: ox.Store) -> dict:
    """The context for a built store: the published one, or, when the build loaded user vocabularies
    (its ontology graph holds more than the packaged ontology), one generated from that graph."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    if set(triples) <= set(load_vocabulary().triples):  # nothing beyond the packaged ontology
        return load_context()
    return build_context(Vocabulary(files=[], triples=triples), strict=False)


def render_context(context: dict) -> str:
    return json.dumps(context, ensure_ascii=False, indent=2) + "\n"
