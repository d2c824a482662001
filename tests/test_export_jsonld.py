"""JSON-LD exports: compact against the published context, framed per policy, never fetching anything."""

from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import isomorphic

import ccuskg
from ccuskg.publish.context import load_context
from ccuskg.publish.export import triple_lines
from ccuskg.publish.jsonld import local_loader, pyld_options
from ccuskg.publish.per_resource import policies, policy_triples

from factory import SUCCESSOR, add_successor


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    from factory import SEEDS

    root = tmp_path_factory.mktemp("jsonld")
    shutil.copytree(SEEDS, root / "seeds")  # a snapshot: other work may be adding seeds right now
    add_successor(root / "seeds")
    return ccuskg.build([root / "seeds"], store=root / "store")


@pytest.fixture(scope="module")
def context():
    return load_context()


def union_lines(kg) -> set[str]:
    return set(triple_lines(kg.store))


def nt_set(data: bytes, fmt=ox.RdfFormat.N_QUADS) -> set[str]:
    return {str(t.triple if isinstance(t, ox.Quad) else t) + " ." for t in ox.parse(data, format=fmt)}


def normalised(lines: set[str]) -> set[str]:
    return nt_set(("\n".join(sorted(lines)) + "\n").encode(), ox.RdfFormat.N_TRIPLES)


def pyld_triples(doc, context, url=None) -> set[str]:
    nquads = jsonld.to_rdf(doc, pyld_options(context, url, format="application/n-quads"))
    return nt_set(nquads.encode())


def node(doc, iri):
    return next(n for n in doc["@graph"] if n["id"] == iri)


# ------------------------------------------------------------------------------ compact


def test_compact_json_ld_reads_back_with_pyld_into_the_stores_triples(kg, context):
    doc = json.loads(kg.export("json-ld"))
    assert pyld_triples(doc, context) == normalised(union_lines(kg))


def test_compact_json_ld_reads_back_with_rdflib_into_an_isomorphic_graph(kg):
    parsed = rdflib.Graph().parse(data=kg.export("json-ld"), format="json-ld")
    expected = rdflib.Graph().parse(data="\n".join(union_lines(kg)), format="nt")
    assert isomorphic(parsed, expected)


def test_compact_json_ld_reads_back_with_pyoxigraph_into_the_same_triples(kg):
    assert nt_set(kg.export("json-ld"), ox.RdfFormat.JSON_LD) == normalised(union_lines(kg))


def test_compact_json_ld_uses_short_terms_language_maps_and_typed_values(kg):
    doc = json.loads(kg.export("json-ld"))
    policy = node(doc, f"{kg.base}policy/{SUCCESSOR}")
    assert policy["type"] == ["LegalResource", "Legislation", "Policy"]  # ELI and schema.org classes too
    assert policy["title"] == {"en": "Test successor policy", "zh": "测试继任政策"}
    assert policy["publicationDate"] == "2030-01-01"  # typed xsd:date by the context
    assert policy["year"] == 2030                       # a JSON number: xsd:integer
    assert policy["supersedes"] == f"{kg.base}policy/cn-miit-industrial-plan-2022"
    assessment = node(doc, f"{kg.base}policy/{SUCCESSOR}/assessment/mrv")
    assert assessment["score"] == 75 and assessment["type"] == "Assessment"


def test_context_url_is_written_as_the_context_and_resolved_locally(kg, context):
    url = "https://partner.example/ccus/context.jsonld"
    doc = json.loads(kg.export("json-ld", context_url=url))
    assert doc["@context"] == url
    assert pyld_triples(doc, context, url) == normalised(union_lines(kg))


def test_the_document_loader_refuses_every_other_url(context):
    loader = local_loader(context, "https://partner.example/ctx.jsonld")
    assert loader("https://partner.example/ctx.jsonld", {})["document"] == context
    with pytest.raises(jsonld.JsonLdError):
        loader("https://elsewhere.example/ctx.jsonld", {})
    with pytest.raises(jsonld.JsonLdError):
        jsonld.to_rdf({"@context": "https://elsewhere.example/x.jsonld", "@id": "http://a/b", "http://a/p": "x"},
                      pyld_options(context, "https://partner.example/ctx.jsonld"))


# ------------------------------------------------------------------------------ framed


@pytest.fixture(scope="module")
def framed(kg):
    return json.loads(kg.export("json-ld", frame="policy"))


def covered(kg) -> set[str]:
    lines: set[str] = set()
    for iri in policies(kg.store):
        lines |= {str(t) + " ." for t in policy_triples(kg.store, iri)}
    return lines


def test_framed_export_has_one_document_per_policy(kg, framed):
    assert [doc["id"] for doc in framed["@graph"]] == policies(kg.store)


def test_framed_policy_embeds_assessments_and_labels_and_references_other_policies(kg, framed):
    doc = next(d for d in framed["@graph"] if d["id"] == f"{kg.base}policy/{SUCCESSOR}")
    dimensions = {a["dimension"]["id"].rsplit("/", 1)[-1]: a for a in doc["hasAssessment"]}
    assert set(dimensions) == {"incentive", "market", "mrv", "statutory", "strategic"}
    assert dimensions["mrv"]["score"] == 75
    assert doc["jurisdiction"]["prefLabel"]["en"] == "China"
    assert doc["inCluster"]["prefLabel"] in ({"en": "Test cluster"}, {"zh": "Test cluster"})
    assert doc["supersedes"] == f"{kg.base}policy/cn-miit-industrial-plan-2022"  # by IRI, not embedded


def test_framed_export_reads_back_into_exactly_the_policy_triples_it_covers(kg, framed, context):
    expected = covered(kg)
    assert pyld_triples(framed, context) == expected
    data = json.dumps(framed).encode()
    assert nt_set(data, ox.RdfFormat.JSON_LD) == expected
    assert isomorphic(rdflib.Graph().parse(data=data, format="json-ld"),
                      rdflib.Graph().parse(data="\n".join(expected), format="nt"))


def test_framing_leaves_out_only_records_ontology_and_details_of_referenced_things(kg):
    left_out = normalised(union_lines(kg)) - covered(kg)
    policy_iris = set(policies(kg.store))
    for line in left_out:
        subject = line.split(" ", 1)[0].strip("<>")
        assert subject not in policy_iris and "/assessment/" not in subject, line


def test_values_that_do_not_fit_their_term_are_kept_under_the_compact_iri(tmp_path, context):
    from factory import FOUNDING_RECORD

    text = FOUNDING_RECORD.read_text(encoding="utf-8")
    text = text.replace('"category": "战略引导"', '"category": "无此类别"').replace('"score": 65', '"score": "sixty"')
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / FOUNDING_RECORD.name).write_text(text, encoding="utf-8")
    odd = ccuskg.build([tmp_path / "zh"], store=tmp_path / "store")
    doc = json.loads(odd.export("json-ld", include_ontology=False))
    policy = node(doc, f"{odd.base}policy/cn-miit-industrial-plan-2022")
    assert policy["ccus:category"] == {"@value": "无此类别", "@language": "zh"}
    assert node(doc, f"{odd.base}policy/cn-miit-industrial-plan-2022/assessment/incentive")["score"] == "sixty"
    assert pyld_triples(doc, context) == normalised(set(triple_lines(odd.store, include_ontology=False)))
