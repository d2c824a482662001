"""The exports sort the union by an external merge sort: runs of bounded size in temporary files,
merged block by block. However many runs the lines are cut into, and however small the blocks the
merge reads, the output is the same bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import ccuskg
from ccuskg.publish import sorting
from ccuskg.publish.sorting import RunWriter, merged, merged_blocks, sorted_union_file, sorted_union_triples

from factory import SEEDS

FORMATS = ["turtle", "nt", "json-ld", "rdfxml", "nquads", "trig"]


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    root = tmp_path_factory.mktemp("streaming")
    shutil.copytree(SEEDS, root / "seeds")
    return ccuskg.build([root / "seeds"], store=root / "store")


def union_lines_in_memory(store: ox.Store) -> list[bytes]:
    """The plain way: dump the union, sort its distinct lines in one list."""
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return sorted({line + b"\n" for line in dumped.split(b"\n") if line})


def test_the_sorted_union_file_holds_the_distinct_lines_in_sorted_order(kg):
    with sorted_union_file(kg.store) as path:
        assert path.read_bytes().splitlines(keepends=True) == union_lines_in_memory(kg.store)


def test_many_small_runs_merge_into_the_same_file_as_one_run(kg):
    with sorted_union_file(kg.store) as path:
        one_run = path.read_bytes()
    with sorted_union_file(kg.store, run_bytes=4096) as path:
        assert len(list(path.parent.glob("run-*.nt"))) == 0  # the runs were merged and removed
        assert path.read_bytes() == one_run


def test_without_the_ontology_small_runs_leave_out_the_same_lines(kg):
    with sorted_union_file(kg.store, include_ontology=False) as path:
        one_run = path.read_bytes()
    with sorted_union_file(kg.store, include_ontology=False, run_bytes=4096) as path:
        assert path.read_bytes() == one_run
    with sorted_union_file(kg.store) as path:
        assert len(one_run) < len(path.read_bytes())


def test_the_temporary_files_are_removed_afterwards(kg):
    with sorted_union_file(kg.store, run_bytes=4096) as path:
        folder = path.parent
        assert folder.is_dir()
    assert not folder.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_same_bytes_with_tiny_runs(kg, fmt, monkeypatch):
    usual = kg.export(fmt)
    monkeypatch.setattr(sorting, "RUN_BYTES", 2048)
    assert kg.export(fmt) == usual


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_same_bytes_when_the_merge_reads_tiny_blocks(kg, fmt, monkeypatch):
    usual = kg.export(fmt)
    monkeypatch.setattr(sorting, "RUN_BYTES", 8192)
    monkeypatch.setattr(sorting, "BLOCK_BYTES", 512)
    assert kg.export(fmt) == usual


def test_the_sorted_triples_are_the_sorted_lines_parsed(kg):
    with sorted_union_file(kg.store) as path:
        expected = list(ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES))
    assert list(sorted_union_triples(kg.store, run_bytes=4096)) == expected


def test_each_merged_block_is_final_whatever_the_block_size(tmp_path):
    sink = RunWriter(tmp_path, run_bytes=64)
    lines = [f"<s{i % 97:03d}> <p> <o{i}> .".encode() for i in range(500)]
    for line in lines:
        sink.write(line + b"\n")
    runs = sink.close()
    assert len(runs) > 10
    for block_bytes in (16, 100, 4096):
        blocks = list(merged_blocks(runs, block_bytes))
        assert [line for block in blocks for line in block] == sorted(lines)


def test_a_line_split_across_writes_is_put_back_together(tmp_path):
    sink = RunWriter(tmp_path, run_bytes=1 << 20)
    for piece in (b"<b> <p> \"x", b"y\" .\n<a> <p> <o> .\n<a> <p>", b" <o> .\n<c> <p> <o> ."):
        sink.write(piece)
    [run] = sink.close()
    assert run.read_bytes() == b"<a> <p> <o> .\n<b> <p> \"xy\" .\n<c> <p> <o> .\n"


def test_a_line_in_two_runs_is_written_once(tmp_path):
    sink = RunWriter(tmp_path, run_bytes=16)
    for line in (b"<b> <p> <o> .\n", b"<a> <p> <o> .\n", b"<b> <p> <o> .\n", b"<c> <p> <o> .\n"):
        sink.write(line)
    runs = sink.close()
    assert len(runs) > 1
    assert b"".join(merged(runs)) == b"<a> <p> <o> .\n<b> <p> <o> .\n<c> <p> <o> .\n"


def test_an_empty_graph_gives_an_empty_file(tmp_path):
    with sorted_union_file(ox.Store()) as path:
        assert Path(path).read_bytes() == b""
