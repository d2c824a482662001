"""The shapes graph itself, and the fast SHACL engine agreeing with pyshacl (the reference)."""

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF, SH

from ccuskg.model.compile import compile_records
from ccuskg.validation.engine import FastEngine, UnsupportedShapes, run_pyshacl
from ccuskg.validation.validate import shacl_results, shapes_graph, traced_report

from factory import ROOT, facility

sys.path.insert(0, str(ROOT / "benchmarks"))
from validate_bench import generate, inject_defects  # noqa: E402


def test_the_shapes_graph_conforms_to_shacl_for_shacl():
    import pyshacl

    shsh = rdflib.Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(shapes_graph(), shacl_graph=shsh, inference="none")
    assert conforms, text


def test_every_shape_and_property_shape_has_a_message_and_a_severity():
    g = shapes_graph()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    shapes |= set(g.objects(None, SH.property)) | set(g.objects(None, SH.node))
    assert len(shapes) > 30
    missing = sorted(str(s) for s in shapes if g.value(s, SH.message) is None or g.value(s, SH.severity) is None)
    assert missing == []
    constraints = set(g.objects(None, SH.sparql))
    assert sorted(str(c) for c in constraints if g.value(c, SH.message) is None) == []


def test_the_fast_engine_refuses_a_component_it_does_not_implement():
    g = shapes_graph()
    g.add((rdflib.URIRef("https://w3id.org/ccuskg/shapes#PolicyUrl"), rdflib.URIRef(str(SH) + "uniqueLanguages"), rdflib.Literal(True)))
    with pytest.raises(UnsupportedShapes, match="PolicyUrl.*uniqueLanguages"):
        FastEngine(g)


MINI_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:severity sh:Violation ; sh:message "thing" ;
    sh:property ex:Colour, ex:Size, ex:Code, ex:Parent, ex:Child, ex:GrandName, ex:Kind .
ex:Colour a sh:PropertyShape ; sh:path ex:colour ; sh:in ( "red" "green" ) ; sh:message "colour {$value}" .
ex:Size a sh:PropertyShape ; sh:path ex:size ; sh:datatype xsd:integer ; sh:minExclusive 0 ; sh:maxExclusive 10 ;
    sh:severity sh:Warning ; sh:message "size" .
ex:Code a sh:PropertyShape ; sh:path ex:code ; sh:pattern "^ab" ; sh:flags "i" ; sh:nodeKind sh:Literal ;
    sh:message "code" .
ex:Parent a sh:PropertyShape ; sh:path [ sh:inversePath ex:child ] ; sh:maxCount 1 ; sh:class ex:Thing ;
    sh:message "parent" .
ex:Child a sh:PropertyShape ; sh:path ex:child ; sh:minCount 2 ; sh:message "children" .
ex:GrandName a sh:PropertyShape ; sh:path ( ex:child ex:name ) ; sh:minCount 1 ; sh:datatype xsd:string ;
    sh:message "grandchild names" .
ex:Kind a sh:PropertyShape ; sh:path ex:kind ; sh:node ex:KindShape ; sh:message "kind {$value}" .
ex:KindShape a sh:NodeShape ; sh:property [ sh:path ex:label ; sh:minCount 1 ; sh:hasValue "ok" ] .
ex:Listed a sh:NodeShape ; sh:targetNode ex:a, ex:z ;
    sh:property [ sh:path ex:colour ; sh:minCount 1 ; sh:message "listed" ] .
ex:Subjects a sh:NodeShape ; sh:targetSubjectsOf ex:size ; sh:sparql [
    sh:message "big {?value} on {$this}" ;
    sh:select "SELECT $this ?value WHERE { $this <http://example.org/size> ?value FILTER(isNumeric(?value) && ?value > 5) }" ] .
# (without isNumeric, rdflib finds "3" > 5 true where SPARQL, and Oxigraph, say it is an error: no result)
"""

MINI_DATA = """
@prefix ex: <http://example.org/> .
ex:a a ex:Thing ; ex:colour "red", "blue" ; ex:size 3 ; ex:code "ABc" ; ex:child ex:b, ex:c ; ex:kind ex:k1 .
ex:b a ex:Thing ; ex:size 12 ; ex:code ex:iri ; ex:child ex:c ; ex:name "bee" ; ex:kind ex:k2 .
ex:c a ex:Thing ; ex:size "3" ; ex:code "zz" ; ex:name 7 .
ex:d ex:child ex:c . ex:k1 ex:label "ok" . ex:k2 ex:label "no" .
"""


def test_the_fast_engine_agrees_with_pyshacl_on_every_component_it_implements():
    shapes = rdflib.Graph().parse(data=MINI_SHAPES, format="turtle")
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("http://example.org/g"))
             for t in ox.parse(MINI_DATA.encode(), format=ox.RdfFormat.TURTLE)]
    fast, slow = FastEngine(shapes).run(quads), run_pyshacl(quads, shapes)
    assert fast == slow
    components = {r.component.rsplit("#", 1)[1] for r in fast}
    assert components >= {"InConstraintComponent", "DatatypeConstraintComponent", "MinExclusiveConstraintComponent",
                          "MaxExclusiveConstraintComponent", "PatternConstraintComponent", "NodeKindConstraintComponent",
                          "MaxCountConstraintComponent", "ClassConstraintComponent", "MinCountConstraintComponent",
                          "NodeConstraintComponent", "SPARQLConstraintComponent"}
    assert {r.focus.value.rsplit("/", 1)[1] for r in fast if r.message == "listed"} == {"z"}  # targetNode


def agree(paths) -> list:
    compiled = compile_records(paths)
    fast, slow = shacl_results(compiled, "fast"), shacl_results(compiled, "pyshacl")
    assert fast == slow
    assert [r.as_dict() for r in traced_report(compiled, fast).results] == \
           [r.as_dict() for r in traced_report(compiled, slow).results]
    return fast


@pytest.mark.slow
def test_engines_agree_on_the_seeds(seeds_dir):
    agree([seeds_dir])


@pytest.mark.slow
def test_engines_agree_on_generated_records_with_injected_defects(tmp_path):
    generate(tmp_path, 100)
    placed = inject_defects(tmp_path)
    found = agree([tmp_path])
    broken = {r.focus.value.split("/assessment/")[0].rsplit("/", 1)[-1] for r in found}
    missing = sorted(kind for kind, i in placed.items() if f"gen-{i:06d}" not in broken)
    assert missing == []  # every injected defect was found (by both engines)


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_PART: dict = {}  # what a forked pyshacl process reads: the data graph and the shapes graph, as objects


def _pyshacl_with_only(active: frozenset) -> list:
    """pyshacl with every targeted shape outside ``active`` deactivated (in a forked process)."""
    from ccuskg.validation.engine import pyshacl_results

    shapes = rdflib.Graph()
    for triple in _PART["shapes"]:
        shapes.add(triple)
    for shape in {s for p in _TARGETS for s in _PART["shapes"].subjects(p, None)} - active:
        shapes.add((shape, SH.deactivated, rdflib.Literal(True)))
    return pyshacl_results(_PART["data"], shapes)


def pyshacl_in_two_processes(compiled, split_off: rdflib.URIRef) -> list:
    """What ``shacl_results(compiled, "pyshacl")`` gives, in two processes at once: ``split_off`` (a
    targeted shape no other shape names) in one, every other targeted shape in the other. Each result
    comes from the one targeted shape it is about, so the two sets' union is the one run's; on two
    cores the corpus takes the time of its slower half (pyshacl is single-threaded: 140 s in one)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ccuskg.validation.terms import distinct

    shapes = shapes_graph()
    assert not any(True for _ in shapes.subjects(None, split_off)), f"{split_off} is named by another shape"
    everything = frozenset(s for p in _TARGETS for s in shapes.subjects(p, None))
    triples = sorted({q.triple for q in compiled.quads()}, key=str)
    _PART["data"] = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    _PART["shapes"] = shapes
    try:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            halves = list(pool.map(_pyshacl_with_only, [frozenset({split_off}), everything - {split_off}]))
    finally:
        _PART.clear()
    return distinct(halves[0] + halves[1])


@pytest.mark.slow
@pytest.mark.corpus
def test_engines_agree_on_the_public_corpus(corpus_policies):
    compiled = compile_records([corpus_policies])
    fast = shacl_results(compiled, "fast")
    slow = pyshacl_in_two_processes(compiled, rdflib.URIRef("https://w3id.org/ccuskg/shapes#FacilityShape"))
    assert fast == slow
    assert [r.as_dict() for r in traced_report(compiled, fast).results] == \
           [r.as_dict() for r in traced_report(compiled, slow).results]
    assert len(fast) > 300


def test_pyshacl_in_two_processes_gives_what_one_run_gives(tmp_path, seeds_dir):
    facility(tmp_path, coordinates=[95.0, 1.91], estimatedCapacity=-1)  # FacilityShape's half
    compiled = compile_records([tmp_path, seeds_dir / "en" / "cn-miit-industrial-plan-2022.md"])  # the other's
    found = shacl_results(compiled, "pyshacl")
    shapes = {r.shape for r in found}
    assert "https://w3id.org/ccuskg/shapes#FacilityShape" in shapes and len(shapes) > 1  # both halves answer
    assert pyshacl_in_two_processes(compiled, rdflib.URIRef("https://w3id.org/ccuskg/shapes#FacilityShape")) == found


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_broken_sparql_constraint_is_reported_by_both_engines_not_crashed_on(engine):
    g = shapes_graph()
    g.set((rdflib.URIRef("https://w3id.org/ccuskg/shapes#YearOfPublicationDate"), SH.select,
           rdflib.Literal("SELECT $this WHERE { $this ccus:year ?value . FILTER( }")))
    quads = compile_records([ROOT / "seeds" / "zh" / "cn-miit-industrial-plan-2022.md"]).quads()
    with pytest.raises(UnsupportedShapes, match="YearOfPublicationDate|could not evaluate"):
        FastEngine(g).run(quads) if engine == "fast" else run_pyshacl(quads, g)


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_an_assessment_about_two_dimensions_is_a_violation(engine):
    # records cannot express this (one assessment IRI per dimension), so the graph is edited directly
    compiled = compile_records([ROOT / "seeds" / "zh" / "cn-miit-industrial-plan-2022.md"])
    mrv = next(q for q in compiled.quads() if q.predicate.value.endswith("#dimension")
               and q.subject.value.endswith("/assessment/mrv"))
    extra = ox.Quad(mrv.subject, mrv.predicate, ox.NamedNode("https://w3id.org/ccuskg/vocab/dimension/market"),
                    mrv.graph_name)
    compiled.mapped[0].quads.append(extra)
    (result,) = [r for r in shacl_results(compiled, engine) if r.path and r.path.endswith("#dimension")]
    assert result.focus.value == mrv.subject.value and result.severity.endswith("#Violation")
