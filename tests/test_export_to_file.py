"""A file export streams: the writer fills the output file as it goes (never the whole file in
memory), and the file's description counts the file as it parses it back. The bytes are those of
the in-memory export, and the counts those of the set of the file's triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from ccuskg.publish import file_description as fd
from ccuskg.publish.files import write_atomic_stream
from ccuskg.publish.formats import get_format

STREAMED = ["turtle", "nt", "nquads", "trig", "rdfxml"]


@pytest.mark.parametrize("fmt", STREAMED)
def test_a_file_export_has_the_bytes_of_the_in_memory_export(seeds_graph, tmp_path, fmt):
    path = tmp_path / f"out{get_format(fmt).extension}"
    seeds_graph.export(fmt, path, describe=False)
    assert path.read_bytes() == seeds_graph.export(fmt)


@pytest.mark.parametrize("fmt", STREAMED)
def test_a_streamed_export_reports_its_size_and_holds_no_bytes(seeds_graph, tmp_path, fmt):
    written = seeds_graph.export_file(fmt, tmp_path / f"out{get_format(fmt).extension}")
    assert written.data is None
    assert written.size == written.output.stat().st_size > 0


def test_standard_output_still_gets_the_bytes(seeds_graph):
    written = seeds_graph.export_file("turtle", None)
    assert written.data and written.size == len(written.data)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "rdfxml"])
def test_an_export_is_counted_as_it_is_parsed_back(seeds_graph, tmp_path, fmt):
    media_type = get_format(fmt).media_type
    path = tmp_path / f"out{get_format(fmt).extension}"
    seeds_graph.export(fmt, path, describe=False)
    facts = fd.read_back_facts(path, media_type)
    assert facts.streamed
    assert facts == fd.FileFacts(**{**vars(fd.facts_of(fd.read_back(path.read_bytes(), media_type))),
                                    "streamed": True})


def test_an_n_quads_export_is_counted_once_per_triple_over_its_set(seeds_graph, tmp_path):
    path = tmp_path / "out.nq"
    seeds_graph.export("nquads", path, describe=False)
    facts = fd.read_back_facts(path, "application/n-quads")
    assert not facts.streamed  # each graph starts its order again
    assert facts.triples == len(fd.read_back(path.read_bytes(), "application/n-quads"))


def test_a_hand_written_file_out_of_order_with_repeats_is_counted_right(tmp_path):
    path = tmp_path / "hand.nt"
    lines = ['<http://x/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/ccuskg/ontology#Policy> .',
             '<http://x/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/ccuskg/ontology#Policy> .',
             '<http://x/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/ccuskg/ontology#Policy> .']
    path.write_text("\n".join(lines) + "\n")
    facts = fd.read_back_facts(path, "application/n-triples")
    assert (facts.triples, facts.policies, facts.streamed) == (2, ["http://x/a", "http://x/b"], False)


def test_the_description_beside_a_streamed_file_states_its_counts(seeds_graph, tmp_path):
    written = seeds_graph.export_file("turtle", tmp_path / "out.ttl")
    described = ox.Store()
    described.load(path=written.description, format=ox.RdfFormat.TURTLE)
    (row,) = described.query("""SELECT ?triples ?size WHERE {
        ?file a <http://www.w3.org/ns/dcat#Distribution> ; <http://rdfs.org/ns/void#triples> ?triples ;
              <http://www.w3.org/ns/dcat#byteSize> ?size }""")
    assert int(row["triples"].value) == len(fd.read_back(written.output.read_bytes(), "text/turtle"))
    assert int(row["size"].value) == written.size


def test_a_writer_that_fails_leaves_neither_the_file_nor_a_part(tmp_path):
    target = tmp_path / "out.ttl"

    def fill(stream):
        stream.write(b"half a file")
        raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        write_atomic_stream(target, fill)
    assert list(tmp_path.iterdir()) == []


def test_a_writer_that_fails_leaves_the_previous_file_intact(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"the previous release")
    with pytest.raises(RuntimeError):
        write_atomic_stream(target, lambda stream: (stream.write(b"new"), (_ for _ in ()).throw(RuntimeError())))
    assert target.read_bytes() == b"the previous release"
    assert [p.name for p in Path(tmp_path).iterdir()] == ["out.ttl"]
