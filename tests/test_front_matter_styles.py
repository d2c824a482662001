"""Front matter as real formatters write it: one record in five styles gives one graph; a number too
long to read and a folder that vanishes are each one error while the rest builds; third-party readers
plug in by suffix."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import warnings
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from rdflib.compare import isomorphic

import ccuskg
from ccuskg.ingest import readers
from ccuskg.ingest.readers import Document, ReadError, Reader, register_reader, registered_readers, unregister_reader
from ccuskg.ingest.records import Record, RecordProblem, discover, parse_file
from ccuskg.model.compile import compile_records

from factory import FOUNDING_RECORD, write_record

CCUS = "https://w3id.org/ccuskg/ontology#"
GOOD = '---\n{"id": "good-policy", "title": "Good Policy", "pubDate": "2020-01-02"}\n---\nBody.\n'


# ------------------------------------------------------------------ one record, five styles

def founding_data() -> tuple[dict, str]:
    record = parse_file(FOUNDING_RECORD, FOUNDING_RECORD.parent.parent)
    assert isinstance(record, Record)
    return record.data, record.body


def flow_yaml(value, indent: int = 0) -> str:
    """YAML flow style as a formatter writes it: single quotes, one key a line, trailing commas."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = "".join(f"{inner}{flow_yaml(k)}: {flow_yaml(v, indent + 1)},\n" for k, v in value.items())
        return "{\n" + items + pad + "}"
    if isinstance(value, list):
        return "[ " + "".join(flow_yaml(v, indent + 1) + ", " for v in value) + "]" if value else "[]"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value)  # numbers, true, false, null


def with_dates(value):
    """Date strings as date objects, so that YAML writes them unquoted (2022-08-01)."""
    if isinstance(value, dict):
        return {k: with_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_dates(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return value


def styles(data: dict, body: str) -> dict[str, bytes]:
    def record(front: str) -> str:
        return f"---\n{front.strip()}\n---\n\n{body}\n"

    block = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    dated = yaml.safe_dump(with_dates(data), allow_unicode=True, sort_keys=False)
    strict = json.dumps(data, ensure_ascii=False, indent=2)
    return {
        "block-yaml": record(block).encode(),
        "flow-yaml": record(flow_yaml(data)).encode(),
        "json": record(strict).encode(),
        "json-bom-crlf": b"\xef\xbb\xbf" + record(strict).replace("\n", "\r\n").encode(),
        "yaml-unquoted-dates": record(dated).encode(),
    }


def content_graphs(kg) -> dict[str, rdflib.Graph]:
    """Each named graph of the store, without the one triple that names the file's bytes (its sha256)."""
    graphs = {}
    for name in kg.store.named_graphs():
        triples = [q.triple for q in kg.store.quads_for_pattern(None, None, None, name)]
        graph = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        graph.remove((None, rdflib.URIRef(CCUS + "contentHash"), None))
        graphs[name.value] = graph
    return graphs


def test_the_styles_really_differ():
    data, body = founding_data()
    written = styles(data, body)
    assert len(set(written.values())) == len(written)
    assert b"'analysis': {" in written["flow-yaml"] and b"'score': 65,\n" in written["flow-yaml"]
    assert b"pubDate: 2022-08-01\n" in written["yaml-unquoted-dates"]
    assert b"pubDate: '2022-08-01'\n" in written["block-yaml"]


def test_one_record_in_five_front_matter_styles_gives_isomorphic_graphs(tmp_path):
    data, body = founding_data()
    graphs = {}
    for style, raw in styles(data, body).items():
        path = write_record(tmp_path / style / "zh", FOUNDING_RECORD.name, raw)
        kg = ccuskg.build([path], store=tmp_path / style / "store")
        assert (kg.report.records, kg.report.errors) == (1, []), style
        graphs[style] = content_graphs(kg)
    reference = graphs.pop("json")
    record_graph = reference["https://w3id.org/ccuskg/graph/zh/" + data["id"]]
    assert len(record_graph) > 50  # the record's content, not just the build's description
    titles = {str(o) for o in record_graph.objects(None, rdflib.URIRef(CCUS + "title"))}
    assert titles == {data["title"]}
    for style, named in graphs.items():
        assert named.keys() == reference.keys(), style
        for name, graph in named.items():
            assert isomorphic(graph, reference[name]), (style, name)


def test_each_style_parses_to_the_same_fields(tmp_path):
    data, body = founding_data()
    for style, raw in styles(data, body).items():
        record = parse_file(write_record(tmp_path / style / "zh", "r.md", raw))
        assert isinstance(record, Record), (style, record)
        assert (record.data, record.body, record.lang) == (data, body, "zh"), style


@pytest.mark.corpus
def test_the_public_corpus_rewritten_in_flow_yaml_gives_the_same_graph_and_reports(tmp_path, corpus_policies):
    """As a YAML formatter rewrites the hub: every policy still builds, to the same graph."""
    for root, path in discover([corpus_policies]):
        record = parse_file(path, root)
        if isinstance(record, Record):
            text = "---\n" + flow_yaml(record.data) + "\n---\n\n" + record.body + "\n"
            write_record(tmp_path / "flow", path.relative_to(corpus_policies).as_posix(), text)
    original = ccuskg.build([corpus_policies], store=tmp_path / "original")
    rewritten = ccuskg.build([tmp_path / "flow"], store=tmp_path / "rewritten")
    assert rewritten.report.records == original.report.records > 100
    reference, graphs = content_graphs(original), content_graphs(rewritten)
    assert graphs.keys() == reference.keys()
    assert all(isomorphic(graphs[name], reference[name]) for name in reference)

    def report(kg):
        return sorted((Path(d.file).name, d.field, d.message, d.line) for d in kg.report.diagnostics)
    assert report(rewritten) == report(original)  # field lines are found in flow style too


FLOW_RECORD = """---
{
  'id': 'flow-policy',
  'title': 'It''s a flow-style policy',
  'pubDate': 2021-05-01,
  'lang': 'en',
  'analysis': { 'mrv': { 'score': 85, }, },
  'evolution': { 'clusters': [ 'Storage', ], },
}
---
Body.
"""


def test_flow_mappings_with_single_quotes_trailing_commas_and_nesting_are_read(tmp_path):
    record = parse_file(write_record(tmp_path, "flow.md", FLOW_RECORD))
    assert isinstance(record, Record), record
    assert record.data == {
        "id": "flow-policy", "title": "It's a flow-style policy", "pubDate": "2021-05-01", "lang": "en",
        "analysis": {"mrv": {"score": 85}}, "evolution": {"clusters": ["Storage"]},
    }
    assert record.line_of("analysis.mrv.score") == 7  # keys in flow style are found on their lines
    assert record.line_of("evolution.clusters") == 8
    assert record.line_of("title") == 4


def test_a_bad_language_in_flow_style_names_its_line(tmp_path):
    result = parse_file(write_record(tmp_path, "flow.md", FLOW_RECORD.replace("'lang': 'en'", "'lang': 'Chinese!'")))
    assert isinstance(result, RecordProblem)
    assert (result.field, result.line) == ("lang", 6)


def test_strict_json_still_takes_the_json_path(tmp_path, monkeypatch):
    from ccuskg.ingest import records

    def no_yaml(text):
        raise AssertionError("valid JSON must not be parsed as YAML")

    monkeypatch.setattr(records, "_load_yaml", no_yaml)
    record = parse_file(write_record(tmp_path, "a.md", GOOD))
    assert isinstance(record, Record) and record.id == "good-policy"


def test_broken_json_reports_the_json_error_and_broken_flow_yaml_the_yaml_error(tmp_path):
    broken_json = '---\n{\n  "id": "x",\n  "title": "T"\n  "pubDate": "2020-01-01"\n}\n---\n'
    result = parse_file(write_record(tmp_path, "a.md", broken_json))
    assert isinstance(result, RecordProblem)
    assert result.message.startswith("invalid JSON front matter: Expecting ',' delimiter") and result.line == 5
    broken_flow = "---\n{\n  'id': 'x',\n  'title': 'T',\n  'analysis': { 'mrv': { 'score': 85, }, ,\n}\n---\n"
    result = parse_file(write_record(tmp_path, "b.md", broken_flow))
    assert isinstance(result, RecordProblem)
    assert result.message.startswith("invalid YAML front matter") and result.line == 5  # the stray ','


def test_json_missing_a_value_is_yaml_with_a_null_there_as_in_block_style(tmp_path):
    """The price of reading YAML's flow style: '"title": }' is YAML for an empty title (null), as
    'title:' is in block style. Such a record is read; validation reports its missing title."""
    flow = parse_file(write_record(tmp_path, "a.md", '---\n{"id": "x", "title": }\n---\n'))
    block = parse_file(write_record(tmp_path, "b.md", "---\nid: x\ntitle:\n---\n"))
    assert flow.data == block.data == {"id": "x", "title": None}


def test_flow_yaml_keeps_the_yaml_safety_limits(tmp_path):
    alias = "---\n{ 'id': 'x', 'a': &a [1, 2], 'b': *a }\n---\n"
    tag = "---\n{ 'id': 'x', 'title': !!python/object/apply:os.system ['echo hi'] }\n---\n"
    deep = "---\n{ 'id': 'x', 'title': " + "[" * 100_000 + "]" * 100_000 + " }\n---\n"
    for name, text in (("alias.md", alias), ("tag.md", tag), ("deep.md", deep)):
        result = parse_file(write_record(tmp_path, name, text))
        assert isinstance(result, RecordProblem), name
    assert "anchors and aliases" in parse_file(tmp_path / "alias.md").message
    assert "python/object" in parse_file(tmp_path / "tag.md").message


# ------------------------------------------------------------------ a number too long to read

@pytest.mark.parametrize("style", ["json", "flow-yaml", "block-yaml"])
def test_a_number_of_thousands_of_digits_is_an_error_naming_the_file_and_the_rest_builds(tmp_path, style):
    digits = "1" * 5000
    text = {
        "json": '---\n{"id": "big", "title": "Big",\n "score": ' + digits + "}\n---\n",
        "flow-yaml": "---\n{ 'id': 'big', 'title': 'Big',\n 'score': " + digits + ", }\n---\n",
        "block-yaml": "---\nid: big\ntitle: Big\nscore: " + digits + "\n---\n",
    }[style]
    write_record(tmp_path / "en", "good.md", GOOD)
    bad = write_record(tmp_path / "en", "big.md", text)
    kg = ccuskg.build([tmp_path / "en"], store=tmp_path / "store")
    assert kg.report.records == 1
    errors = [d for d in kg.report.diagnostics if d.severity == "error"]
    assert [(d.file, d.line) for d in errors] == [(str(bad), 3 if style != "block-yaml" else 4)]
    assert "5000 digits" in errors[0].message


def test_a_long_number_python_can_read_is_kept(tmp_path):
    text = '---\n{"id": "long", "title": "Long", "year": 2021, "serial": ' + "9" * 400 + "}\n---\n"
    record = parse_file(write_record(tmp_path, "long.md", text))
    assert isinstance(record, Record), record
    assert record.data["serial"] == int("9" * 400)


# ------------------------------------------------------------------ folders that are not there

def test_discover_reports_a_removed_folder_and_finds_the_rest(tmp_path):
    write_record(tmp_path / "kept" / "en", "good.md", GOOD)
    write_record(tmp_path / "gone" / "en", "lost.md", GOOD)
    shutil.rmtree(tmp_path / "gone")
    errors: list[RecordProblem] = []
    found = discover([tmp_path / "kept", tmp_path / "gone"], errors=errors)
    assert [p.name for _, p in found] == ["good.md"]
    assert [(e.display, e.severity) for e in errors] == [(str(tmp_path / "gone"), "error")]
    assert "no such file or folder" in errors[0].message


def test_discover_without_an_error_list_still_raises_for_a_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "gone"])


def test_build_over_a_removed_folder_reports_it_and_builds_the_rest(tmp_path):
    write_record(tmp_path / "kept" / "en", "good.md", GOOD)
    kg = ccuskg.build([tmp_path / "kept", tmp_path / "gone"], store=tmp_path / "store")
    assert kg.report.records == 1
    assert [(d.file, d.severity) for d in kg.report.diagnostics] == [(str(tmp_path / "gone"), "error")]


def test_a_folder_vanishing_while_it_is_walked_is_one_error(tmp_path, monkeypatch):
    write_record(tmp_path / "en", "good.md", GOOD)
    write_record(tmp_path / "en" / "sub", "lost.md", GOOD.replace("good-policy", "lost"))
    real_scandir = os.scandir

    class Listed(list):  # what os.scandir gives, already read: the folder it lists may go meanwhile
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def scandir_then_remove(path="."):  # another process deletes a folder once its parent is listed
        with real_scandir(path) as entries:
            listed = Listed(entries)
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(tmp_path / "en"):
            shutil.rmtree(tmp_path / "en" / "sub")
        return listed

    monkeypatch.setattr(os, "scandir", scandir_then_remove)
    compiled = compile_records([tmp_path / "en"])
    assert [r.id for r in compiled.records] == ["good-policy"]
    assert [(d.file, d.severity) for d in compiled.diagnostics] == [(str(tmp_path / "en" / "sub"), "error")]


# ------------------------------------------------------------------ readers for other suffixes

def read_toy(raw: bytes, path) -> Document:
    """A toy format: key=value lines, then a blank line, then the body."""
    text = readers.decode_text(raw)
    head, _, body = text.partition("\n\n")
    data = {}
    for number, line in enumerate(head.splitlines(), 1):
        key, sep, value = line.partition("=")
        if not sep:
            raise ReadError(f"not a key=value line: {line!r}", line=number)
        data[key.strip()] = value.strip()
    return Document(data, body.strip())


TOY_READER = Reader("toy", (".toy",), read_toy)


@pytest.fixture
def toy_reader():
    reader = register_reader("toy", ".toy", read_toy)
    try:
        yield reader
    finally:
        unregister_reader("toy")


def test_the_built_in_reader_is_in_the_registry():
    built_in = registered_readers()["front-matter"]
    assert built_in.suffixes == (".md", ".txt") and built_in.origin == "ccuskg"
    assert set(readers.record_suffixes()) >= {".md", ".txt"}


def test_a_registered_reader_builds_records_from_its_suffix(tmp_path, toy_reader):
    assert registered_readers()["toy"] is toy_reader and ".toy" in readers.record_suffixes()
    write_record(tmp_path / "en", "a.toy", "id=toy-policy\ntitle=Toy Policy\npubDate=2021-05-01\n\nA toy body.\n")
    write_record(tmp_path / "en", "b.toy", "id=broken\nno equals sign here\n")
    write_record(tmp_path / "en", "good.md", GOOD)
    kg = ccuskg.build([tmp_path], store=tmp_path / "store")
    assert kg.report.records == 2
    rows = kg.rows("SELECT ?title WHERE { ?p ccus:identifier 'toy-policy' ; ccus:title ?title }")
    assert [row["title"] for row in rows] == ["Toy Policy"]
    errors = [(os.path.basename(d.file), d.line) for d in kg.report.errors]
    assert errors == [("b.toy", 2)]


def test_an_unregistered_suffix_is_not_discovered(tmp_path, toy_reader):
    write_record(tmp_path, "a.toy", "id=t\ntitle=T\n")
    assert [p.name for _, p in discover([tmp_path])] == ["a.toy"]
    unregister_reader("toy")
    assert discover([tmp_path]) == []
    assert "toy" not in registered_readers()


def test_a_reader_that_crashes_is_an_error_on_its_file_only(tmp_path):
    def crash(raw, path):
        raise KeyError("boom")

    register_reader("crash", ".crash", crash)
    try:
        write_record(tmp_path / "en", "a.crash", "anything")
        write_record(tmp_path / "en", "good.md", GOOD)
        compiled = compile_records([tmp_path])
    finally:
        unregister_reader("crash")
    assert [r.id for r in compiled.records] == ["good-policy"]
    assert [("a.crash" in d.file, "crash reader failed" in d.message) for d in compiled.errors] == [(True, True)]


@pytest.mark.parametrize("result", [["a", "list"], None, Document(["not", "fields"]),
                                    Document({"id": "odd", "title": "Odd"}, body=7, front_matter_lines=5)])
def test_a_reader_giving_odd_results_is_an_error_or_a_record_never_a_crash(tmp_path, result):
    register_reader("odd", ".odd", lambda raw, path: result)
    try:
        write_record(tmp_path / "en", "a.odd", "anything")
        compiled = compile_records([tmp_path])
    finally:
        unregister_reader("odd")
    if isinstance(result, Document) and isinstance(result.data, dict):
        assert [(r.id, r.body, r.line_of("title")) for r in compiled.records] == [("odd", "7", None)]
    else:
        assert [r.id for r in compiled.records] == [] and len(compiled.errors) == 1


def test_a_taken_name_or_suffix_is_refused_unless_replaced(toy_reader):
    with pytest.raises(ValueError, match="already"):
        register_reader("toy", ".toy2", read_toy)
    with pytest.raises(ValueError, match=r"\.md \(front-matter\)"):
        register_reader("other", ".md", read_toy)
    with pytest.raises(ValueError, match="not a file suffix"):
        register_reader("other", "../x", read_toy)
    replaced = register_reader("toy", ["TOY", ".toys"], read_toy, replace=True)
    assert replaced.suffixes == (".toy", ".toys")
    assert registered_readers()["front-matter"].suffixes == (".md", ".txt")


def test_readers_come_from_the_entry_point_group(tmp_path, monkeypatch):
    module = __name__
    points = [
        metadata.EntryPoint("toy", f"{module}:TOY_READER", readers.ENTRY_POINT_GROUP),
        metadata.EntryPoint("notareader", f"{module}:read_toy", readers.ENTRY_POINT_GROUP),
        metadata.EntryPoint("missing", "no_such_module_here:READER", readers.ENTRY_POINT_GROUP),
    ]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loaded = readers.load_entry_points(points)
        assert [r.name for r in loaded] == ["toy"]
        assert "entry point" in registered_readers()["toy"].origin
        assert sorted(str(w.message).split("'")[1] for w in caught) == ["missing", "notareader"]
        write_record(tmp_path / "en", "a.toy", "id=toy-policy\ntitle=Toy\n")
        assert [r.id for r in compile_records([tmp_path]).records] == ["toy-policy"]
    finally:
        unregister_reader("toy")


def test_registered_readers_describe_themselves_stably():
    line = registered_readers()["front-matter"].describe()
    assert line == "front-matter .md,.txt ccuskg.ingest.records.read_front_matter ccuskg"
