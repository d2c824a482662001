"""Export planning is library behaviour: ``KnowledgeGraph.export`` follows the rules of ``ccuskg export``."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ccuskg.publish.export import ExportError
from ccuskg.publish.plan import plan_export


def test_a_notebook_export_to_a_file_writes_its_dataset_description_beside_it(seeds_graph, tmp_path):
    path = seeds_graph.export(output=tmp_path / "graph.ttl")
    description = tmp_path / "graph.ttl.void.ttl"
    assert path == tmp_path / "graph.ttl" and description.is_file()
    sizes = [q.object.value for q in ox.parse(description.read_bytes(), format=ox.RdfFormat.TURTLE)
             if q.predicate.value == "http://www.w3.org/ns/dcat#byteSize"]
    assert sizes == [str(path.stat().st_size)]


def test_the_api_and_the_cli_write_the_same_file_and_description(seeds_graph, tmp_path, cli):
    seeds_graph.export(output=tmp_path / "api" / "graph.nt")
    cli("export", "--store", seeds_graph.path, "-o", tmp_path / "cli" / "graph.nt", "--no-progress")
    for name in ("graph.nt", "graph.nt.void.ttl"):
        assert (tmp_path / "api" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()


def test_the_format_follows_the_suffix_of_the_output(tmp_path):
    assert plan_export(output=tmp_path / "graph.nq").fmt == "nquads"
    assert plan_export(output=tmp_path / "graph.unknown").fmt == "turtle"
    assert plan_export(frame="policy").fmt == "json-ld"


def test_a_folder_as_output_receives_ccuskg_with_the_formats_extension(tmp_path):
    plan = plan_export("trig", tmp_path)
    assert plan.output == tmp_path / "ccuskg.trig" and plan.description == tmp_path / "ccuskg.trig.void.ttl"


def test_a_format_contradicting_the_suffix_is_warned_about(tmp_path):
    assert plan_export("turtle", tmp_path / "graph.nt").warnings == (
        f"writing turtle into {tmp_path / 'graph.nt'}, whose extension says nt",)


def test_standard_output_has_no_description_unless_one_is_named(tmp_path):
    assert plan_export(output="-").description is None
    assert plan_export(output="-", description=tmp_path / "d.ttl").description == tmp_path / "d.ttl"


@pytest.mark.parametrize("options, message", [
    (dict(fmt="turtle", frame="policy"), "cannot be combined"),
    (dict(fmt="turtle", context_url="https://example.org/c.jsonld"), "--context-url applies to JSON-LD"),
    (dict(description="d.ttl", describe=False), "contradict"),
    (dict(fmt="no-such-format"), "unknown export format"),
])
def test_contradicting_options_are_refused_by_the_library(options, message):
    with pytest.raises(ExportError, match=message):
        plan_export(**options)
