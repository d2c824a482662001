"""JSON-LD output against the published context: compact documents, and policies framed with pyld.

Compaction is done here, in one linear pass over subject-grouped triples: the context is generated
by ccuskg and holds only simple term definitions (``@id``, ``@type`` coercion, language maps), so
choosing a term per value is a table look-up, and pyld's general compaction algorithm would cost
minutes on a 600k-triple graph. What comes out is checked by the tests the other way round:
pyld, rdflib and pyoxigraph all read it back into the store's triples.

Framing (one nested document per policy) nests the nodes the way pyld's ``jsonld.frame`` with
``@embed: @always`` does, without pyld (which took 90 % of a framed export's time), and compacts
each node with the same code as the compact export; the tests keep pyld's framing as the reference
and compare byte for byte. Where pyld still runs (reading exports back), it never fetches
anything: its document loader serves the local context, under its own URL or the partner's
``--context-url``, and refuses every other URL.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator

import orjson
import pyoxigraph as ox

from ccuskg.core.errors import CcuskgError
from ccuskg.publish.context import load_context
from ccuskg.core.namespaces import RDF, XSD

CONTEXT_URL = "https://w3id.org/ccuskg/context.jsonld"
_TYPE = RDF + "type"
_STRING = XSD + "string"
_INTEGER = XSD + "integer"
_CANONICAL_INT = re.compile(r"-?(0|[1-9][0-9]{0,15})")


class RemoteDocumentRefused(CcuskgError):
    pass


def local_loader(context: dict, *urls: str):
    """A pyld document loader that serves ``context`` under ``urls`` and refuses everything else."""
    from pyld.jsonld import JsonLdError

    allowed = {CONTEXT_URL, *[u for u in urls if u]}

    def loader(url, options=None):
        if url in allowed:
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                    "document": context}
        raise JsonLdError(f"ccuskg does not fetch remote JSON-LD documents (refused {url})",
                          "jsonld.LoadDocumentError", {"url": url}, code="loading document failed")

    return loader


def pyld_options(context: dict, context_url: str | None = None, **extra) -> dict:
    return {"documentLoader": local_loader(context, context_url), **extra}


# ------------------------------------------------------------------------------ term tables


class Terms:
    """Look-ups from IRIs to the context's terms, built once from the context document."""

    def __init__(self, context: dict):
        ctx = context["@context"]
        self.prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("#", "/"))
                         and ":" not in k and not k.startswith("@")}
        self.properties: dict[str, tuple[str, str | None, str | None]] = {}  # iri -> (key, @type, @container)
        self.classes: dict[str, str] = {}
        for key, value in ctx.items():
            if key.startswith("@") or key in self.prefixes or value in ("@id", "@type"):
                continue
            if isinstance(value, str):
                iri = self.expand(value)
                # a bare string names a class or an untyped property; both uses are recorded
                self.classes.setdefault(iri, key)
                self.properties.setdefault(iri, (key, None, None))
            else:
                iri = self.expand(value.get("@id", key))
                self.properties[iri] = (key, value.get("@type"), value.get("@container"))
        self.keys = {key for key, *_ in self.properties.values()}
        self.datatypes = {iri: (key, self.expand(t)) for iri, (key, t, _) in self.properties.items()
                          if t and t != "@id"}

    def expand(self, curie: str) -> str:
        prefix, sep, local = curie.partition(":")
        if sep and prefix in self.prefixes:
            return self.prefixes[prefix] + local
        return curie

    def fallback_key(self, iri: str) -> str:
        """A key with no coercion for ``iri``: its compact IRI unless that is a term, else the IRI."""
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                key = f"{prefix}:{iri[len(ns):]}"
                if key not in self.keys and "/" not in key[len(prefix) + 1:]:
                    return key
        return iri


def _id(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _plain_value(literal: ox.Literal):
    """The JSON value of a literal under a key without coercion (``None`` when it needs a value object)."""
    if literal.language:
        return None
    datatype = literal.datatype.value
    if datatype == _STRING:
        return literal.value
    if datatype == _INTEGER and _CANONICAL_INT.fullmatch(literal.value):
        return int(literal.value)
    return None


def _value_object(term) -> dict | str | int:
    if not isinstance(term, ox.Literal):
        return {"id": _id(term)}
    plain = _plain_value(term)
    if plain is not None:
        return plain
    if term.language:
        return {"@value": term.value, "@language": term.language}
    return {"@value": term.value, "@type": term.datatype.value}


class Embedded:
    """A node object already compacted, to be nested as the value of a property (framing)."""

    __slots__ = ("node",)

    def __init__(self, node: dict):
        self.node = node


def compact_node(subject, pairs: list[tuple], terms: Terms) -> dict:
    """One node object: ``pairs`` are the (predicate, object) of ``subject``, in output order."""
    node: dict = {"id": _id(subject)}
    types: list[str] = []
    values: dict[str, list] = {}
    maps: dict[str, dict[str, list]] = {}
    for predicate, obj in pairs:
        p = predicate.value
        if p == _TYPE and isinstance(obj, ox.NamedNode):
            types.append(terms.classes.get(obj.value, obj.value))
            continue
        key, coerce, container = terms.properties.get(p, (None, None, None))
        if isinstance(obj, Embedded):
            values.setdefault(key if key and container is None else terms.fallback_key(p), []).append(obj.node)
            continue
        if key is not None:
            if container == "@language" and isinstance(obj, ox.Literal) and (
                    obj.language or obj.datatype.value == _STRING):
                maps.setdefault(key, {}).setdefault(obj.language or "@none", []).append(obj.value)
                continue
            if coerce == "@id" and not isinstance(obj, ox.Literal):
                values.setdefault(key, []).append(_id(obj))
                continue
            if coerce not in (None, "@id") and isinstance(obj, ox.Literal) and not obj.language \
                    and obj.datatype.value == terms.datatypes[p][1]:
                values.setdefault(key, []).append(obj.value)
                continue
            if coerce is None and container is None and isinstance(obj, ox.Literal):
                plain = _plain_value(obj)
                if plain is not None:
                    values.setdefault(key, []).append(plain)
                    continue
        values.setdefault(terms.fallback_key(p), []).append(_value_object(obj))
    if types:
        node["type"] = types[0] if len(types) == 1 else types
    for key, lang_map in maps.items():
        values[key] = [{lang: (v[0] if len(v) == 1 else v) for lang, v in sorted(lang_map.items())}]
    for key in sorted(values):
        items = values[key]
        node[key] = items[0] if len(items) == 1 else items
    return node


def grouped(triples: Iterable[ox.Triple]) -> Iterator[tuple[object, list[tuple]]]:
    """(subject, [(predicate, object), ...]) for runs of triples with the same subject."""
    subject, pairs = None, []
    for t in triples:
        if subject is not None and t.subject != subject:
            yield subject, pairs
            pairs = []
        subject = t.subject
        pairs.append((t.predicate, t.object))
    if subject is not None:
        yield subject, pairs


def context_reference(context: dict, context_url: str | None):
    return context_url if context_url else context["@context"]


def dumps(value) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2)


def _graph_document(context_ref, node_texts: Iterable[bytes]) -> bytes:
    """``{"@context": ..., "@graph": [...]}`` with each node serialised on its own (streams).

    The pieces go into one ``BytesIO`` whose buffer is returned: a list of pieces joined at the end
    held the document twice at its peak (114 MB of JSON-LD at 30,000 records)."""
    out = io.BytesIO()
    out.write(b'{\n  "@context": ' + dumps(context_ref).replace(b"\n", b"\n  ") + b',\n  "@graph": [')
    first = True
    for text in node_texts:
        out.write(b"\n    " if first else b",\n    ")
        out.write(text.replace(b"\n", b"\n    "))
        first = False
    out.write(b"\n  ]\n}\n" if not first else b"]\n}\n")
    return out.getvalue()


def compact_document(triples: Iterable[ox.Triple], context: dict | None = None,
                     context_url: str | None = None) -> bytes:
    """Compact JSON-LD of subject-sorted ``triples``: one node object per subject in an ``@graph``."""
    context = context or load_context()
    terms = Terms(context)
    nodes = (dumps(compact_node(s, pairs, terms)) for s, pairs in grouped(triples))
    return _graph_document(context_reference(context, context_url), nodes)


# ------------------------------------------------------------------------------ framing


def frame_resource(iri: str, triples: Iterable[ox.Triple], context: dict, context_url: str | None = None,
                   terms: Terms | None = None, leaves: dict | None = None) -> dict:
    """The node ``iri`` with every node of ``triples`` it links to embedded, recursively.

    This is what pyld's ``jsonld.frame`` with ``{"@id": iri}`` and ``@embed: @always`` gives (the
    tests keep pyld as the reference and compare byte for byte), built directly from the
    subject-grouped triples: pyld took 90 % of a framed export's time. A linked node is embedded
    when ``triples`` describe it and it is not one of the nodes being embedded already (a link back
    to an ancestor stays a reference, as in pyld); class IRIs under ``rdf:type`` are never embedded.
    ``leaves`` (shared between calls) keeps the compacted nodes that embed nothing, by their pairs:
    the same concept and jurisdiction labels recur in every policy.
    """
    terms = terms or Terms(context)
    about: dict[str, list[tuple]] = {}
    for t in dict.fromkeys(triples):  # distinct, in order (pyld merges duplicates too)
        about.setdefault(_id(t.subject), []).append((t.predicate, t.object))

    def nested(subject, ancestors: frozenset) -> dict:
        pairs, leaf = [], True
        for predicate, obj in about.get(_id(subject), ()):
            if not isinstance(obj, ox.Literal) and not (predicate.value == _TYPE and isinstance(obj, ox.NamedNode)):
                key = _id(obj)
                if key in about and key not in ancestors:
                    obj, leaf = Embedded(nested(obj, ancestors | {key})), False
            pairs.append((predicate, obj))
        if not leaf or leaves is None:
            return compact_node(subject, pairs, terms)
        key = (subject, tuple(pairs))
        if key not in leaves:
            leaves[key] = compact_node(subject, pairs, terms)
        return leaves[key]

    return canonical(nested(ox.NamedNode(iri), frozenset((iri,))))


def framed_document(docs: Iterable[dict], context: dict, context_url: str | None = None) -> bytes:
    return _graph_document(context_reference(context, context_url), (dumps(d) for d in docs))


def single_document(doc: dict, context: dict, context_url: str | None = None) -> bytes:
    return dumps({"@context": context_reference(context, context_url), **doc}) + b"\n"


def canonical(value):
    """Key order id, type, then sorted; arrays (unordered in JSON-LD unless @list) sorted."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (k not in ("@context",), k not in ("id", "@id"),
                                            k not in ("type", "@type"), k))
        return {k: (value[k] if k == "@list" else canonical(value[k])) for k in keys}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: orjson.dumps(v, option=orjson.OPT_SORT_KEYS))
    return value
