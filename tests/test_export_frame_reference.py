"""Framing without pyld gives byte for byte what pyld's framing gave: pyld (``jsonld.frame``,
``@embed: @always``, then the same compaction) is kept here as the reference, and every policy,
facility and jurisdiction document of the seeds, the real corpus and generated records is compared."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld

import ccuskg
from ccuskg.core.namespaces import RDF, XSD
from ccuskg.publish import per_resource
from ccuskg.publish.context import store_context
from ccuskg.publish.jsonld import (Embedded, Terms, _id, _plain_value, canonical, compact_node, dumps,
                                   frame_resource, framed_document, pyld_options)

from corpora import generate
from factory import SEEDS, add_successor

_TYPE = RDF + "type"


# ------------------------------------------------------------------------------ the reference


def expanded(triples) -> list[dict]:
    """Expanded JSON-LD node objects for subject-grouped ``triples`` (what pyld frames)."""
    nodes: dict[str, dict] = {}
    for t in triples:
        node = nodes.setdefault(_id(t.subject), {"@id": _id(t.subject)})
        obj = t.object
        if t.predicate.value == _TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(obj.value)
            continue
        if isinstance(obj, ox.Literal):
            plain = _plain_value(obj)
            if plain is not None:
                value = {"@value": plain}
            elif obj.language:
                value = {"@value": obj.value, "@language": obj.language}
            else:
                value = {"@value": obj.value, "@type": obj.datatype.value}
        else:
            value = {"@id": _id(obj)}
        node.setdefault(t.predicate.value, []).append(value)
    return list(nodes.values())


def pyld_frame(iri: str, triples, context: dict) -> dict:
    """The framing ccuskg shipped before: pyld nests, then ``compact_node`` compacts each node."""
    framed = pyld.frame(expanded(triples), {"@id": iri}, pyld_options(context, embed="@always", omitGraph=True))
    framed.pop("@context", None)
    return canonical(_compact_tree(framed, Terms(context)))


def _compact_tree(node: dict, terms: Terms) -> dict:
    pairs: list[tuple] = []
    types = node.get("@type", [])
    for cls in [types] if isinstance(types, str) else types:
        pairs.append((ox.NamedNode(_TYPE), ox.NamedNode(cls)))
    for key, value in node.items():
        if not key.startswith("@"):
            for item in value if isinstance(value, list) else [value]:
                pairs.append((ox.NamedNode(key), _term(item, terms)))
    return compact_node(_node(node["@id"]), pairs, terms)


def _node(ident: str):
    return ox.BlankNode(ident[2:]) if ident.startswith("_:") else ox.NamedNode(ident)


def _term(item, terms: Terms):
    if isinstance(item, bool):
        return ox.Literal("true" if item else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(item, int):
        return ox.Literal(str(item), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(item, str):
        return ox.Literal(item)
    if "@value" in item:
        if "@language" in item:
            return ox.Literal(item["@value"], language=item["@language"])
        if "@type" in item:
            return ox.Literal(item["@value"], datatype=ox.NamedNode(item["@type"]))
        return _term(item["@value"], terms)
    if set(item) == {"@id"}:
        return _node(item["@id"])
    return Embedded(_compact_tree(item, terms))


def reference_document(store: ox.Store, kind: str) -> bytes:
    """The whole ``--frame kind`` export as pyld's framing made it."""
    context = store_context(store)
    listed, describe = per_resource._KINDS[kind]
    labels: dict = {}
    return framed_document([pyld_frame(iri, describe(store, iri, labels), context) for iri in listed(store)], context)


def assert_same_frames(store: ox.Store, kind: str) -> None:
    context = store_context(store)
    listed, describe = per_resource._KINDS[kind]
    iris = listed(store)
    assert iris, f"no {kind} to frame: the comparison would prove nothing"
    for iri in iris:
        triples = describe(store, iri)
        assert dumps(frame_resource(iri, triples, context)) == dumps(pyld_frame(iri, triples, context)), iri


# ------------------------------------------------------------------------------ stores


@pytest.fixture(scope="module")
def seeds_kg(tmp_path_factory):
    root = tmp_path_factory.mktemp("frame-seeds")
    shutil.copytree(SEEDS, root / "seeds")
    add_successor(root / "seeds")  # a supersession link: a policy referenced, not embedded
    return ccuskg.build([root / "seeds"], store=root / "store")


@pytest.fixture(scope="module")
def corpus_kg(tmp_path_factory, corpus_dir):
    return ccuskg.build([corpus_dir], store=tmp_path_factory.mktemp("frame-corpus") / "store")


@pytest.fixture(scope="module")
def generated_kg(tmp_path_factory):
    root = tmp_path_factory.mktemp("frame-generated")
    return ccuskg.build([generate(root / "records", 200)], store=root / "store")


# ------------------------------------------------------------------------------ the comparisons


@pytest.mark.parametrize("kind", ["policy", "facility", "jurisdiction"])
def test_each_seed_document_is_the_one_pyld_frames(seeds_kg, kind):
    assert_same_frames(seeds_kg.store, kind)


def test_the_framed_export_of_the_seeds_is_byte_identical_to_pyld_framing(seeds_kg):
    assert seeds_kg.export("json-ld", frame="policy") == reference_document(seeds_kg.store, "policy")


def test_the_framed_export_of_generated_records_is_byte_identical_to_pyld_framing(generated_kg):
    assert generated_kg.export("json-ld", frame="policy") == reference_document(generated_kg.store, "policy")


@pytest.mark.corpus
@pytest.mark.parametrize("kind", ["policy", "facility", "jurisdiction"])
def test_each_corpus_document_is_the_one_pyld_frames(corpus_kg, kind):
    assert_same_frames(corpus_kg.store, kind)


# ------------------------------------------------------------------------------ nesting rules, by hand

_EX = "http://example.org/"
_P, _A, _C, _D = (ox.NamedNode(_EX + n) for n in ("policy", "assessment", "concept", "class"))


def _t(s, p, o) -> ox.Triple:
    return ox.Triple(s, ox.NamedNode(_EX + p) if isinstance(p, str) else p, o)


def test_a_link_back_to_an_ancestor_stays_a_reference_as_in_pyld(seeds_kg):
    triples = [_t(_P, "has", _A), _t(_A, "of", _P), _t(_A, "about", _C), _t(_C, "about", _A),
               _t(_C, ox.NamedNode(_TYPE), _D), _t(_D, "label", ox.Literal("d"))]
    context = store_context(seeds_kg.store)
    framed = frame_resource(_P.value, triples, context)
    assert framed == pyld_frame(_P.value, triples, context)
    assert framed[_EX + "has"][_EX + "of"] == {"id": _P.value}
    assert framed[_EX + "has"][_EX + "about"][_EX + "about"] == {"id": _A.value}


def test_a_class_is_never_embedded_even_when_the_triples_describe_it(seeds_kg):
    triples = [_t(_P, ox.NamedNode(_TYPE), _D), _t(_D, "label", ox.Literal("d"))]
    context = store_context(seeds_kg.store)
    framed = frame_resource(_P.value, triples, context)
    assert framed == pyld_frame(_P.value, triples, context) == {"id": _P.value, "type": _D.value}


def test_a_node_linked_twice_is_embedded_twice_and_duplicate_triples_count_once(seeds_kg):
    label = ox.Literal("c", language="en")
    triples = [_t(_P, "one", _C), _t(_P, "two", _C), _t(_C, "label", label), _t(_C, "label", label)]
    context = store_context(seeds_kg.store)
    framed = frame_resource(_P.value, triples, context)
    assert framed == pyld_frame(_P.value, triples, context)
    assert framed[_EX + "one"] == framed[_EX + "two"] == {"id": _C.value, _EX + "label": {"@value": "c", "@language": "en"}}
