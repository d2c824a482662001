"""Extension points: export formats and fast-engine SHACL components are registries a third party adds to.

A format registered at run time is a format like the built-ins: ``ccuskg export -f``, suffix
inference from ``-o``, ``KnowledgeGraph.export`` and the dataset description all know it.
"""

from __future__ import annotations

import warnings

import pyoxigraph as ox
import pytest
import rdflib

from ccuskg.publish import formats
from ccuskg.publish.formats import ExportFormat, format_for_suffix, get_format, register_format, unregister_format

BUILT_INS = {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt", "nquads": ".nq", "trig": ".trig"}


def _count(store: ox.Store, options) -> bytes:
    """The toy format: the number of distinct triples in the union of the graphs."""
    return f"{len(set(q.triple for q in store))}\n".encode()


COUNT = ExportFormat("count", (".count",), "text/plain", _count, label="Triple count")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from click.testing import CliRunner
    from factory import FOUNDING_RECORD

    from ccuskg.cli import main

    path = tmp_path_factory.mktemp("registries") / "store"
    CliRunner().invoke(main, ["build", str(FOUNDING_RECORD), "--store", str(path)], catch_exceptions=False)
    return path


@pytest.fixture
def count_format():
    register_format(COUNT)
    yield COUNT
    unregister_format("count")


def _triples(store_path) -> int:
    import ccuskg

    return len({q.triple for q in ccuskg.open_graph(store_path).store})


# ------------------------------------------------------------------------------ export formats


def test_built_in_formats_are_registered_with_their_suffix_and_media_type():
    registered = formats.registered_formats()
    assert {name: f.extension for name, f in registered.items() if name in BUILT_INS} == BUILT_INS
    assert [f.name for f in registered.values() if f.keeps_named_graphs] == ["nquads", "trig"]
    assert get_format("turtle").media_type == "text/turtle"
    assert format_for_suffix(".JSON").name == "json-ld" and format_for_suffix(".nquads").name == "nquads"
    assert format_for_suffix(".count") is None and get_format("count") is None


def test_a_name_or_suffix_already_taken_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        register_format(ExportFormat("turtle", (".turtle",), None, _count))
    with pytest.raises(ValueError, match=r"\.ttl already means 'turtle'"):
        register_format(ExportFormat("my-turtle", (".ttl",), None, _count))
    assert get_format("my-turtle") is None


def test_registered_format_is_accepted_by_export_dash_f(store, cli, count_format):
    result = cli("export", "-f", "count", "--store", store, "--no-metadata")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{_triples(store)}\n"


def test_registered_format_is_inferred_from_the_output_suffix(store, cli, count_format, tmp_path):
    result = cli("export", "-o", tmp_path / "x.count", "--store", store)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "x.count").read_text() == f"{_triples(store)}\n"
    description = (tmp_path / "x.count.void.ttl").read_text()
    assert "Triple count" in description and "media-types/text/plain" in description


def test_registered_format_names_the_file_written_into_a_folder(store, cli, count_format, tmp_path):
    result = cli("export", "-f", "count", "-o", tmp_path, "--store", store, "--no-metadata")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "ccuskg.count").is_file()


def test_registered_format_is_available_to_knowledge_graph_export(store, count_format):
    import ccuskg

    assert ccuskg.open_graph(store).export("count") == f"{_triples(store)}\n".encode()


def test_unregistered_format_is_gone_everywhere(store, cli):
    register_format(COUNT)
    unregister_format("count")
    result = cli("export", "-f", "count", "--store", store)
    assert result.exit_code == 2 and "'count' is not one of" in result.stderr
    with pytest.raises(ValueError, match="unknown export format 'count'"):
        import ccuskg

        ccuskg.open_graph(store).export("count")


class _EntryPoint:
    """What importlib.metadata gives for an entry point: a name, a value and load()."""

    def __init__(self, name, obj):
        self.name, self.value, self.obj = name, f"tests:{name}", obj

    def load(self):
        if isinstance(self.obj, Exception):
            raise self.obj
        return self.obj


def test_entry_points_in_the_exporters_group_are_registered_and_broken_ones_warned_about(monkeypatch):
    points = [_EntryPoint("count", COUNT), _EntryPoint("broken", ImportError("no module named nowhere"))]
    monkeypatch.setattr(formats, "entry_points", lambda group: points if group == "ccuskg.exporters" else [])
    monkeypatch.setattr(formats, "_loaded", False)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert get_format("count") is COUNT
        assert [str(w.message) for w in caught] == [
            "export format plugin 'broken' (tests:broken) not loaded: no module named nowhere"]
        assert get_format("turtle") is not None
    finally:
        unregister_format("count")


# ------------------------------------------------------------------------------ fast-engine SHACL components

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:NameShape a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:name ; sh:message "name" ;
    {constraint} .
"""
DATA = """
<http://example.org/a> a <http://example.org/Thing> ; <http://example.org/name> "Ada" .
<http://example.org/b> a <http://example.org/Thing> ; <http://example.org/name> "Bartholomew" .
"""
EX = "http://example.org/"


def _engine(constraint: str):
    import rdflib

    from ccuskg.validation.engine import FastEngine

    return FastEngine(rdflib.Graph().parse(data=SHAPES.replace("{constraint}", constraint), format="turtle"))


def _check(engine) -> list[tuple[str, str, str]]:
    data = list(ox.parse(DATA.encode(), format=ox.RdfFormat.TURTLE))
    return [(r.focus.value, r.value.value, r.component) for r in engine.run(data)]


def _max_length(c):
    """The toy component: value nodes whose text is longer than the constraint's value."""
    return c.violations(f"FILTER(STRLEN(STR(?value)) > {int(c.value)})")


def test_supported_terms_are_the_registered_components():
    from rdflib.namespace import SH

    from ccuskg.validation.components import compiler_for, supported_terms

    assert {SH.minCount, SH.pattern, SH.sparql, SH.path, SH.targetClass, SH.maxLength, SH.xone} <= supported_terms()
    unknown = rdflib.URIRef(str(SH) + "uniqueLanguages")
    assert unknown not in supported_terms() and compiler_for(unknown) is None


def test_a_registered_component_makes_the_engine_accept_and_check_its_term():
    from rdflib.namespace import SH

    from ccuskg.validation.components import component, register_component, unregister_component
    from ccuskg.validation.engine import UnsupportedShapes

    builtin = unregister_component(SH.maxLength)  # built in now: taken out to show how a component gets in
    try:
        with pytest.raises(UnsupportedShapes, match="NameShape uses sh:maxLength"):
            _engine("sh:maxLength 5")
        component(SH.maxLength)(_max_length)
        try:
            found = _check(_engine("sh:maxLength 5"))
        finally:
            unregister_component(SH.maxLength)
        assert found == [(EX + "b", "Bartholomew", str(SH) + "MaxLengthConstraintComponent")]
        with pytest.raises(UnsupportedShapes, match="maxLength"):
            _engine("sh:maxLength 5")
    finally:
        register_component(SH.maxLength, builtin)


def test_a_component_for_a_custom_predicate_reports_the_component_iri_it_was_given():
    from ccuskg.validation.components import component, unregister_component

    unchecked = _check(_engine("ex:maxLength 3"))  # a term outside sh: with no compiler is not a constraint
    component(EX + "maxLength", iri=EX + "MaxLengthComponent")(_max_length)
    try:
        found = _check(_engine("ex:maxLength 3"))
    finally:
        unregister_component(EX + "maxLength")
    assert unchecked == []
    assert found == [(EX + "b", "Bartholomew", EX + "MaxLengthComponent")]


def test_a_term_gets_one_compiler_and_a_custom_one_needs_its_component_iri():
    from rdflib.namespace import SH

    from ccuskg.validation.components import register_component

    with pytest.raises(ValueError, match="already has a compiler"):
        register_component(SH.minCount, _max_length)
    with pytest.raises(ValueError, match="give the component IRI"):
        register_component(EX + "other", _max_length)
