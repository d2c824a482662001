"""The JSON-LD context is generated from the ontology and has a term for everything a build uses."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

import ccuskg
from ccuskg.publish.context import build_context, load_context, render_context
from ccuskg.publish.jsonld import Terms
from ccuskg.core.namespaces import CCUS, RDF
from ccuskg.core.package_data import ontology_dir
from ccuskg.model.vocab import load_vocabulary


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    from factory import SEEDS

    root = tmp_path_factory.mktemp("context")
    shutil.copytree(SEEDS, root / "seeds")
    return ccuskg.build([root / "seeds"], store=root / "store")


def test_published_context_is_the_one_generated_from_the_ontology():
    # If this fails, run: python tools/gen_context.py
    assert (ontology_dir() / "context.jsonld").read_text(encoding="utf-8") == render_context(build_context())


def test_every_property_and_class_in_a_build_of_the_seeds_has_a_term(kg):
    terms = Terms(load_context())
    missing = set()
    for quad in kg.store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        predicate = quad.predicate.value
        if predicate == RDF + "type":
            if quad.object.value not in terms.classes and terms.fallback_key(quad.object.value) == quad.object.value:
                missing.add(("class", quad.object.value))
        elif predicate not in terms.properties:
            missing.add(("property", predicate))
    assert not missing


def test_every_ontology_property_and_class_has_its_local_name_as_term():
    context = load_context()["@context"]
    vocab = load_vocabulary()
    declared = {t.subject.value for t in vocab.triples
                if t.predicate.value == RDF + "type" and t.subject.value.startswith(CCUS)
                and t.object.value.startswith("http://www.w3.org/2002/07/owl#")}
    assert declared
    for iri in declared:
        local = iri[len(CCUS):]
        definition = context[local]
        assert (definition if isinstance(definition, str) else definition["@id"]) == f"ccus:{local}"


def test_terms_are_typed_from_the_ranges_in_the_ontology():
    context = load_context()["@context"]
    assert context["id"] == "@id" and context["type"] == "@type"
    assert context["title"] == {"@id": "ccus:title", "@container": "@language"}
    assert context["publicationDate"] == {"@id": "ccus:publicationDate", "@type": "xsd:date"}
    assert context["issuer"] == {"@id": "ccus:issuer", "@type": "@id"}
    assert context["score"] == "ccus:score"  # integers are JSON numbers, which JSON-LD reads as xsd:integer
    assert context["Policy"] == "ccus:Policy"


def test_a_property_added_to_the_ontology_gets_a_term_without_other_changes(tmp_path):
    ontology = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), ontology)
    with (ontology / "ccus.ttl").open("a", encoding="utf-8") as out:
        out.write('\nccus:storageCapacity a owl:DatatypeProperty ; rdfs:domain ccus:Policy ; '
                  'rdfs:range xsd:decimal ; rdfs:label "storage capacity"@en .\n')
    context = build_context(load_vocabulary(ontology))["@context"]
    assert context["storageCapacity"] == {"@id": "ccus:storageCapacity", "@type": "xsd:decimal"}


def test_a_local_name_used_by_two_namespaces_stays_with_ccus_and_the_other_gets_a_compact_iri_key():
    context = load_context()["@context"]
    assert context["title"]["@id"] == "ccus:title"
    assert context["dcterms:title"] == {"@container": "@language"}
