"""RDF/XML, registered like the other formats: the same graph as the Turtle export, read by rdflib and pyoxigraph."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic


def test_rdfxml_export_is_isomorphic_with_the_turtle_export(seeds_graph):
    turtle = rdflib.Graph().parse(data=seeds_graph.export("turtle"), format="turtle")
    rdfxml = rdflib.Graph().parse(data=seeds_graph.export("rdfxml"), format="xml")
    assert len(rdfxml) == len(turtle) > 0
    assert isomorphic(rdfxml, turtle)


def test_pyoxigraph_reads_the_rdfxml_export_triple_for_triple(seeds_graph):
    from_xml = set(ox.parse(seeds_graph.export("rdfxml"), format=ox.RdfFormat.RDF_XML))
    from_nt = set(ox.parse(seeds_graph.export("nt"), format=ox.RdfFormat.N_TRIPLES))
    assert from_xml == from_nt


def test_an_rdf_file_name_asks_for_rdfxml_and_is_described_as_such(seeds_graph, tmp_path, cli):
    result = cli("export", "--store", seeds_graph.path, "-o", tmp_path / "graph.rdf", "--no-progress")
    assert result.exit_code == 0
    assert (tmp_path / "graph.rdf").read_bytes() == seeds_graph.export("rdfxml")
    assert "application/rdf+xml" in (tmp_path / "graph.rdf.void.ttl").read_text(encoding="utf-8")
