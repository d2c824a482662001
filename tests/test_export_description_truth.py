"""Every number a description file states is recomputed here, with rdflib, from the file beside it."""

from __future__ import annotations

import pytest
import rdflib

from ccuskg.publish.formats import get_format

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CCUS = "https://w3id.org/ccuskg/ontology#"
RDFLIB = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "nquads": "nquads", "trig": "trig", "rdfxml": "xml"}
CASES = [(fmt, frame, data_only) for fmt in RDFLIB for frame in (None,) for data_only in (False, True)]
CASES += [("json-ld", "policy", False)]


def file_triples(path, fmt, context):
    dataset = rdflib.Dataset()
    data = path.read_text(encoding="utf-8")
    if fmt == "json-ld":
        dataset.parse(data=data, format="json-ld", context=context)
    else:
        dataset.parse(data=data, format=RDFLIB[fmt])
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}


def recomputed(triples, size):
    """What each counted (subject suffix, predicate) must state, from the file's own triples."""
    policies = {s for s, p, o in triples if str(p) == str(rdflib.RDF.type) and str(o) == CCUS + "Policy"}
    expected = {("", DCAT + "byteSize"): size, ("", VOID + "triples"): len(triples),
                ("/class/policy", VOID + "entities"): len(policies)}
    for name in ("jurisdiction", "issuer"):
        used = [o for s, p, o in triples if str(p) == CCUS + name]
        expected[(f"/property/{name}", VOID + "triples")] = len(used)
        expected[(f"/property/{name}", VOID + "distinctObjects")] = len(set(used))
    return expected


@pytest.mark.parametrize("fmt, frame, data_only", CASES)
def test_every_number_in_the_description_is_recomputed_from_its_file(seeds_graph, tmp_path, cli, fmt, frame,
                                                                    data_only):
    from ccuskg.publish.context import load_context

    output = tmp_path / f"graph{get_format(fmt).extension}"
    args = ["export", "--store", seeds_graph.path, "-f", fmt, "-o", output, "--no-progress"]
    result = cli(*args, *(["--frame", frame] if frame else []), *(["--data-only"] if data_only else []))
    assert result.exit_code == 0, result.stderr
    description = rdflib.Graph().parse(tmp_path / f"{output.name}.void.ttl", format="turtle")
    node = f"{seeds_graph.base}dataset/distribution/{output.name}"
    expected = recomputed(file_triples(output, fmt, load_context()["@context"]), output.stat().st_size)
    stated = {}
    for s, p, o in description:
        if isinstance(o, rdflib.Literal) and str(o.datatype).startswith(XSD) and str(o.datatype).lower().endswith("integer"):
            assert str(s).startswith(node), f"a number about something other than the file: {s} {p} {o}"
            stated[(str(s)[len(node):], str(p))] = int(o)
    assert stated == expected


def test_graph_ttl_and_graph_jsonld_get_one_description_each(seeds_graph, tmp_path, cli):
    for name in ("graph.ttl", "graph.jsonld"):
        assert cli("export", "--store", seeds_graph.path, "-o", tmp_path / name, "--no-progress").exit_code == 0
    turtle = (tmp_path / "graph.ttl.void.ttl").read_text(encoding="utf-8")
    jsonld = (tmp_path / "graph.jsonld.void.ttl").read_text(encoding="utf-8")
    assert "text/turtle" in turtle and "application/ld+json" in jsonld


def test_byte_size_is_a_non_negative_integer_and_the_download_url_and_licence_are_given(seeds_graph, tmp_path, cli):
    result = cli("export", "--store", seeds_graph.path, "-o", tmp_path / "graph.nt", "--no-progress",
                 "--download-url", "https://data.example.org/r/", "--license", "https://example.org/licence")
    assert result.exit_code == 0, result.stderr
    description = rdflib.Graph().parse(tmp_path / "graph.nt.void.ttl", format="turtle")
    node = rdflib.URIRef(f"{seeds_graph.base}dataset/distribution/graph.nt")
    assert description.value(node, rdflib.URIRef(DCAT + "byteSize")).datatype == rdflib.URIRef(XSD + "nonNegativeInteger")
    assert str(description.value(node, rdflib.URIRef(DCAT + "downloadURL"))) == "https://data.example.org/r/graph.nt"
    assert str(description.value(node, rdflib.DCTERMS.license)) == "https://example.org/licence"
    assert (node, rdflib.RDF.type, rdflib.URIRef(DCAT + "Distribution")) in description


def test_the_per_resource_description_counts_its_files(seeds_graph, tmp_path, cli):
    site = tmp_path / "site"
    assert cli("export", "--store", seeds_graph.path, "--per-resource", site, "--no-progress").exit_code == 0
    description = rdflib.Graph().parse(site / "void.ttl", format="turtle")
    node = rdflib.URIRef(f"{seeds_graph.base}dataset/distribution/per-resource.ttl")
    files = sorted(site.rglob("*.ttl"))
    files = [f for f in files if f.name != "void.ttl"]
    triples = set()
    for path in files:
        triples |= set(rdflib.Graph().parse(path, format="turtle"))
    assert int(description.value(node, rdflib.URIRef(DCAT + "byteSize"))) == sum(f.stat().st_size for f in files)
    assert int(description.value(node, rdflib.URIRef(VOID + "triples"))) == len(triples)
    assert str(description.value(node, rdflib.URIRef(DCAT + "mediaType"))).endswith("text/turtle")
