"""A build replaces only what changed since the previous one, and its store is the one a full build makes."""

import shutil

import pytest

import ccuskg
from ccuskg.api import build_store

from factory import FOUNDING_RECORD, record_text, write_record
from corpora import generate


def _export(store):
    kg = ccuskg.open_graph(store)
    return kg.export("nquads"), kg.export("turtle")


def _same_as_full(records, store, tmp_path):
    full = build_store([records], tmp_path / "full-store", full=True)
    assert _export(store) == _export(tmp_path / "full-store")
    return full


@pytest.fixture
def corpus(tmp_path):
    records = generate(tmp_path / "records", 40)
    shutil.copy(FOUNDING_RECORD, records / "zh" / FOUNDING_RECORD.name)
    return records


def test_an_incremental_build_after_adds_edits_renames_and_deletions_equals_a_full_build(tmp_path, corpus):
    store = tmp_path / "store"
    build_store([corpus], store)
    en = corpus / "en"
    (en / "gen-000001.md").write_text((en / "gen-000001.md").read_text().replace("Generated policy 1", "Edited"))
    (en / "gen-000002.md").unlink()
    (en / "gen-000003.md").rename(en / "renamed-3.md")
    (corpus / "zh" / "gen-000004.md").write_text(
        (corpus / "zh" / "gen-000004.md").read_text().replace('"gen-000004"', '"gen-000104"'))
    write_record(en, "added.md", record_text(id="added", title="Added"))
    report = build_store([corpus], store)
    assert report.mode == "incremental"
    assert report.changes == {"added": [str(en / "added.md"), str(corpus / "zh" / "gen-000004.md")],
                              "changed": [str(en / "gen-000001.md"), str(en / "renamed-3.md")],
                              "removed": [str(en / "gen-000002.md"), str(corpus / "zh" / "gen-000004.md")]}
    full = _same_as_full(corpus, store, tmp_path)
    assert (report.triples, report.records, report.policies, report.diagnostics) == \
        (full.triples, full.records, full.policies, full.diagnostics)


def test_a_build_with_nothing_changed_writes_nothing_and_reports_the_same(tmp_path, corpus):
    store = tmp_path / "store"
    first = build_store([corpus], store)
    inode = store.stat().st_ino
    again = build_store([corpus], store)
    assert again.mode == "unchanged" and store.stat().st_ino == inode
    assert (again.triples, again.records, again.diagnostics) == (first.triples, first.records, first.diagnostics)


def test_full_rebuilds_even_when_nothing_changed(tmp_path, corpus):
    store = tmp_path / "store"
    build_store([corpus], store)
    assert build_store([corpus], store, full=True).mode == "full"


def test_a_record_that_becomes_a_duplicate_is_reported_as_a_full_build_reports_it(tmp_path, corpus):
    store = tmp_path / "store"
    build_store([corpus], store)
    shutil.copy(corpus / "en" / "gen-000005.md", corpus / "en" / "copy-of-5.md")
    report = build_store([corpus], store)
    full = _same_as_full(corpus, store, tmp_path)
    assert [d.code for d in report.diagnostics] == [d.code for d in full.diagnostics]
    assert "duplicate-id" in [d.code for d in report.diagnostics]


def test_another_base_rebuilds_in_full(tmp_path, corpus):
    store = tmp_path / "store"
    build_store([corpus], store)
    assert build_store([corpus], store, base="https://example.org/kg/").mode == "full"


def test_the_cli_builds_incrementally_unless_told_full(tmp_path, corpus, cli):
    store = tmp_path / "store"
    assert cli("build", corpus, "--store", store).exit_code == 0
    inode = store.stat().st_ino
    assert cli("build", corpus, "--store", store).exit_code == 0
    assert store.stat().st_ino == inode
    assert cli("build", corpus, "--store", store, "--full").exit_code == 0
    assert store.stat().st_ino != inode
