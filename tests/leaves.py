"""Walk a record's front matter to its non-empty leaves, and find each leaf in a mapped graph."""

from __future__ import annotations

import pyoxigraph as ox

from ccuskg.ingest.records import normalise_label
from ccuskg.model.vocab import Vocabulary

SKIP = {"lang"}  # placed on the record as its language, not as a separate value


def leaves(data, prefix=""):
    """(field path, spec key, value) for every non-empty scalar in the front matter."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if path in SKIP:
            continue
        spec_key = path
        if prefix.startswith("analysis."):
            spec_key = "analysis.*." + key
        if isinstance(value, dict):
            yield from leaves(value, path + ".")
        elif isinstance(value, list):
            for item in value:
                if item not in ("", None):
                    yield path, spec_key, item
        elif value not in ("", None):
            yield path, spec_key, value


def term_shows(term, value, vocab: Vocabulary) -> bool:
    """Does this RDF term carry the record value (as text, as an IRI, or as a concept with that label)?"""
    text = str(value).strip()
    if isinstance(term, ox.Literal):
        return term.value == text
    if isinstance(term, ox.NamedNode):
        if term.value == text or term.value.endswith("/" + text):
            return True
        norm = normalise_label(text)
        return any(vocab.labels.get(scheme, {}).get(norm) == term.value for scheme in vocab.labels)
    return False


def find_leaf(quads, vocab: Vocabulary, spec_key: str, value, kind: str = "policy") -> bool:
    if kind != "policy":  # facility and profile fields are looked up under their kind ("facility:phase")
        spec_key = f"{kind}:{spec_key}"
        if spec_key == "facility:coordinates":  # [lat, lon] is written as one WKT point, "POINT(lon lat)"
            return any(q.predicate.value.endswith("#asWKT") and f"{value}" in q.object.value.split("POINT(")[1]
                       .rstrip(")").split() for q in quads)
    spec = vocab.spec(spec_key)
    if spec is None:
        return False
    if spec_key == "country":
        spec = vocab.spec("jurisdiction")
    candidates = [q.object for q in quads if q.predicate.value == spec.prop]
    if any(term_shows(obj, value, vocab) for obj in candidates):
        return True
    # clusters and similar nodes carry the value as their label
    nodes = set(candidates)
    return any(q.subject in nodes and isinstance(q.object, ox.Literal) and q.object.value == str(value)
               for q in quads)
