"""A full build may read and map its records in worker processes (``jobs``); what it makes does not
depend on how many: the same store byte for byte, the same messages, counts, gaps and index.

The corpus mixes what depends on the order of the files (a duplicate id, two cluster names that
become one IRI, a facility linking to a policy) with a file that cannot be read and a field the
ontology does not know, spread over many small batches so several workers share the work.
"""

import json
import shutil

import pytest

import ccuskg
from ccuskg.api import build_store, write_compiled
from ccuskg.model.compile import compile_records

from corpora import generate
from factory import facility, record_text, write_record

BATCH = 40  # records per batch: the corpus below makes about a dozen


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = generate(tmp_path_factory.mktemp("parallel") / "records", 400)
    extra = folder / "extra"
    write_record(extra / "en", "broken.md", '---\n{"id": "broken", "title": \n---\n')
    write_record(extra / "en", "again.md", record_text(id="gen-000003", title="The same id again"))
    write_record(extra / "en", "cluster-a.md", record_text(id="cluster-a", evolution={"clusters": ["Grid a/b"]}))
    write_record(extra / "en", "cluster-b.md", record_text(id="cluster-b", evolution={"clusters": ["Grid a#b"]}))
    write_record(extra / "en", "unknown.md", record_text(id="unknown", colour="red"))
    facility(extra, relatedPolicies=["gen-000001", "no-such-policy"])
    return folder


def _build(records, store, jobs, progress=None):
    return build_store([records], store, full=True, batch=BATCH, jobs=jobs, progress=progress)


@pytest.fixture(scope="module")
def serial(records, tmp_path_factory):
    store = tmp_path_factory.mktemp("serial") / "store"
    return _build(records, store, jobs=1)


@pytest.fixture(scope="module")
def parallel(records, tmp_path_factory):
    store = tmp_path_factory.mktemp("parallel-store") / "store"
    return _build(records, store, jobs=2)


def _nquads(store):
    return ccuskg.open_graph(store).export("nquads")


def test_a_parallel_build_exports_the_same_bytes_as_a_serial_build(serial, parallel):
    assert _nquads(parallel.store) == _nquads(serial.store)
    assert ccuskg.open_graph(parallel.store).export("turtle") == ccuskg.open_graph(serial.store).export("turtle")


def test_a_parallel_build_reports_the_same_counts_messages_and_gaps(serial, parallel):
    assert (parallel.files, parallel.records, parallel.policies, parallel.triples) == \
        (serial.files, serial.records, serial.policies, serial.triples)
    assert [(d, d.line, d.value, d.code) for d in parallel.diagnostics] == \
        [(d, d.line, d.value, d.code) for d in serial.diagnostics]
    assert {"unreadable", "duplicate-id", "merged-cluster", "unknown-field"} <= {d.code for d in serial.diagnostics}
    assert parallel.gaps == serial.gaps


def test_a_parallel_build_leaves_the_manifest_and_index_a_serial_build_leaves(serial, parallel):
    for name in ("ccuskg-manifest.json", "ccuskg-index.json"):
        made = json.loads((parallel.store / name).read_text(encoding="utf-8"))
        expected = json.loads((serial.store / name).read_text(encoding="utf-8"))
        made.pop("signatures", None), expected.pop("signatures", None)  # taken at each build's start
        assert made == expected, name


def test_the_serialised_batches_make_the_store_the_compiled_records_make(records, serial, tmp_path):
    """The full build bulk-loads N-Quads text; writing the mapped records' quads as objects gives the same store."""
    written = write_compiled(compile_records([records]), tmp_path / "compiled-store")
    assert written.triples == serial.triples
    assert _nquads(tmp_path / "compiled-store") == _nquads(serial.store)


def test_an_incremental_build_after_a_parallel_one_equals_a_full_build(records, parallel, tmp_path):
    copy = tmp_path / "records"
    shutil.copytree(records, copy)
    store = tmp_path / "store"
    _build(copy, store, jobs=2)
    edited = copy / "en" / "gen-000007.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Generated policy", "Edited policy", 1),
                      encoding="utf-8")
    report = build_store([copy], store)
    assert report.mode == "incremental"
    _build(copy, tmp_path / "full", jobs=1)
    assert _nquads(store) == _nquads(tmp_path / "full")


def test_progress_counts_each_file_once_in_order_with_workers(records, tmp_path):
    seen = []
    report = _build(records, tmp_path / "store", jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, report.files) for i in range(1, report.files + 1)]


def test_a_bad_record_read_by_a_worker_is_a_one_line_error_naming_the_file(tmp_path, cli):
    records = generate(tmp_path / "records", 1100)  # more than one batch of the command: workers start
    bad = write_record(records / "en", "zz-bad.md", '---\n{"title": "No id here"}\n---\n')
    result = cli("build", records, "--store", tmp_path / "store", "--jobs", "2")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(str(bad)) and "missing required field 'id'" in errors[0]
    assert "from 1100 of 1101 record files" in result.stdout


def test_jobs_must_not_be_negative(tmp_path, cli):
    result = cli("build", tmp_path, "--store", tmp_path / "store", "--jobs", "-1")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr
