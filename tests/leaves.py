"""Walk a record's front matter to its non-empty leaves, and find each leaf in a mapped graph.

A leaf is found when a quad of the record's graph carries it under the field's ontology property or
under its extension property (``ccuskg.model.extension``): the check behind "every leaf value of
every record is in the graph". Other record kinds pass their own ``spec_key`` rule to ``leaves``.
"""

from __future__ import annotations

import math

import pyoxigraph as ox

from ccuskg.core.namespaces import FIELD
from ccuskg.ingest.records import normalise_label
from ccuskg.model.extension import escape_key, present
from ccuskg.model.vocab import Vocabulary

SKIP = {"lang"}  # placed on the record as its language, not as a separate value


def policy_spec_key(keys: tuple[str, ...]) -> str:
    """The ontology's name for a policy field path: one assessment dimension is written '*'."""
    if len(keys) > 2 and keys[0] == "analysis":
        return ".".join(("analysis", "*") + keys[2:])
    return ".".join(keys)


def leaves(data, prefix=(), spec_key=policy_spec_key):
    """(field path, spec key, value, keys) for every non-empty scalar in the front matter."""
    for key, value in data.items():
        keys = prefix + (key,)
        path = ".".join(keys)
        if path in SKIP:
            continue
        yield from _values(value, path, keys, spec_key)


def _values(value, path, keys, spec_key):
    if isinstance(value, dict):
        for inner, item in value.items():
            yield from _values(item, f"{path}.{inner}", keys + (inner,), spec_key)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item, path, keys, spec_key)
    elif present(value):
        yield path, spec_key(keys), value, keys


def extension_iris(keys: tuple[str, ...]) -> set[str]:
    """The extension properties a leaf at ``keys`` may sit under (any suffix of the path: a known
    object such as an assessment can hold the unknown part)."""
    return {FIELD + "/".join(escape_key(k) for k in keys[i:]) for i in range(len(keys))}


def term_shows(term, value, vocab: Vocabulary) -> bool:
    """Does this RDF term carry the record value (as text, as an IRI, or as a concept with that label)?"""
    if isinstance(term, ox.Literal) and isinstance(value, (bool, int, float)):
        if isinstance(value, bool):
            return term.value == ("true" if value else "false")
        try:
            number = float(term.value)
        except ValueError:
            return False
        return number == value or (math.isnan(number) and math.isnan(value))
    text = str(value).strip()
    if isinstance(term, ox.Literal):
        return term.value == text
    if isinstance(term, ox.NamedNode):
        if term.value == text or term.value.endswith("/" + text):
            return True
        norm = normalise_label(text)
        return any(vocab.labels.get(scheme, {}).get(norm) == term.value for scheme in vocab.labels)
    return False


class QuadIndex:
    """A record's quads by predicate, and each subject's literal objects: a leaf is looked up without
    scanning every quad (a record embedding a thousand facilities has tens of thousands of leaves)."""

    def __init__(self, quads):
        self.quads = quads
        self.by_predicate: dict[str, list] = {}
        self.literals: dict = {}
        for q in quads:
            self.by_predicate.setdefault(q.predicate.value, []).append(q.object)
            if isinstance(q.object, ox.Literal):
                self.literals.setdefault(q.subject, set()).add(q.object.value)


def index_of(quads) -> QuadIndex:
    return quads if isinstance(quads, QuadIndex) else QuadIndex(quads)


def _shown_by(value, vocab: Vocabulary):
    """``term_shows(term, value, vocab)`` as a function of the term, with what depends on the value
    alone (its text, the concepts it labels) worked out once."""
    if isinstance(value, (bool, int, float)):
        return lambda term: term_shows(term, value, vocab)
    text = str(value).strip()
    norm = normalise_label(text)
    labelled = {vocab.labels[scheme][norm] for scheme in vocab.labels if norm in vocab.labels[scheme]}
    suffix = "/" + text

    def shows(term) -> bool:
        if isinstance(term, ox.Literal):
            return term.value == text
        if isinstance(term, ox.NamedNode):
            return term.value == text or term.value.endswith(suffix) or term.value in labelled
        return False
    return shows


def find_leaf(quads, vocab: Vocabulary, spec_key: str, value, keys: tuple[str, ...] = (), kind: str = "policy") -> bool:
    """Is the leaf in ``quads`` (a list, or a ``QuadIndex`` of them), under its ontology property or
    its extension property?"""
    index = index_of(quads)
    if kind != "policy":  # facility and profile fields are looked up under their kind ("facility:phase")
        spec_key = f"{kind}:{spec_key}"
        if spec_key == "facility:coordinates":  # [lat, lon] is written as one WKT point, "POINT(lon lat)"
            return any(f"{value}" in obj.value.split("POINT(")[1].rstrip(")").split()
                       for p, objects in index.by_predicate.items() if p.endswith("#asWKT") for obj in objects)
    props = extension_iris(keys) if keys else set()
    spec = vocab.spec("jurisdiction" if spec_key == "country" else spec_key)
    if spec is not None:
        props.add(spec.prop)
    candidates = [obj for p in props for obj in index.by_predicate.get(p, ())]
    shows = _shown_by(value, vocab)
    if any(shows(obj) for obj in candidates):
        return True
    # clusters and similar nodes carry the value as their label
    return any(str(value) in index.literals.get(node, ()) for node in set(candidates))


def missing_leaves(mapped, vocab: Vocabulary, spec_key=policy_spec_key) -> list[tuple[str, object]]:
    """The (path, value) leaves of a mapped record that its graph does not hold."""
    index = QuadIndex(mapped.quads)
    return [(path, value) for path, key, value, keys in leaves(mapped.record.data, spec_key=spec_key)
            if not find_leaf(index, vocab, key, value, keys)]
