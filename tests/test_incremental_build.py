"""A build replaces only what changed since the previous one, and its store is the one a full build makes."""

import json
import os
import shutil
import time

import pytest

import ccuskg
from ccuskg.api import NoRecordFiles, build_store
from ccuskg.model import delta, stream

from factory import FOUNDING_RECORD, facility, record_text, write_record
from corpora import generate


def _export(store):
    kg = ccuskg.open_graph(store)
    return kg.export("nquads"), kg.export("turtle")


def _same_as_full(records, store, tmp_path):
    full = build_store([records], tmp_path / "full-store", full=True)
    assert _export(store) == _export(tmp_path / "full-store")
    return full


def _incremental_equals_full(records, store, tmp_path):
    """Build incrementally; the store, counts, messages and gaps are those of a full build."""
    report = build_store([records], store)
    assert report.mode == "incremental"
    full = _same_as_full(records, store, tmp_path)
    assert (report.triples, report.records, report.policies, report.files) == \
        (full.triples, full.records, full.policies, full.files)
    assert [(d, d.line, d.value, d.code) for d in report.diagnostics] == \
        [(d, d.line, d.value, d.code) for d in full.diagnostics]
    assert report.gaps == full.gaps
    return report


def _edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def spied(monkeypatch):
    """The files an incremental build reads and the records it maps, by display name."""
    seen = {"read": [], "mapped": []}
    parse, map_record = delta.parse_file, delta.map_record

    def reading(path, root=None):
        seen["read"].append(str(path))
        return parse(path, root)

    def mapping(mapper, record, policies=None):
        seen["mapped"].append(record.display)
        return map_record(mapper, record, policies)

    monkeypatch.setattr(delta, "parse_file", reading)
    monkeypatch.setattr(delta, "map_record", mapping)
    return seen


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


def test_the_first_incremental_build_after_a_full_one_reads_and_maps_only_the_changed_file(tmp_path, corpus, spied):
    store = tmp_path / "store"
    build_store([corpus], store, full=True)
    edited = corpus / "en" / "gen-000001.md"
    _edit(edited, "Generated policy 1", "Edited")
    _incremental_equals_full(corpus, store, tmp_path)
    assert spied == {"read": [str(edited)], "mapped": [str(edited)]}


def test_an_edit_that_takes_an_earlier_records_id_refuses_the_edited_file(tmp_path, corpus):
    store = tmp_path / "store"
    build_store([corpus], store)
    _edit(corpus / "en" / "gen-000007.md", '"gen-000007"', '"gen-000003"')
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert [d.file for d in report.diagnostics if d.code == "duplicate-id"] == [str(corpus / "en" / "gen-000007.md")]


def test_an_edit_that_takes_a_later_records_id_refuses_the_later_unchanged_file(tmp_path, corpus):
    store = tmp_path / "store"
    build_store([corpus], store)
    _edit(corpus / "en" / "gen-000003.md", '"gen-000003"', '"gen-000007"')
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert [d.file for d in report.diagnostics if d.code == "duplicate-id"] == [str(corpus / "en" / "gen-000007.md")]


def test_removing_a_duplicate_brings_back_the_unchanged_record_it_refused(tmp_path, corpus, spied):
    store = tmp_path / "store"
    first = corpus / "en" / "a-copy-of-5.md"  # sorts before gen-000005.md, so gen-000005.md is refused
    shutil.copy(corpus / "en" / "gen-000005.md", first)
    build_store([corpus], store)
    first.unlink()
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert "duplicate-id" not in [d.code for d in report.diagnostics]
    assert spied["mapped"] == [str(corpus / "en" / "gen-000005.md")]


def test_an_edit_to_one_language_of_a_policy_keeps_what_the_other_language_states(tmp_path, corpus):
    store = tmp_path / "store"
    build_store([corpus], store)
    en = corpus / "en" / "gen-000002.md"
    year = json.loads(en.read_text(encoding="utf-8").split("---\n")[1])["year"]  # the zh record states it too
    _edit(en, f'"year": {year}', f'"year": {year + 1}')
    _incremental_equals_full(corpus, store, tmp_path)
    (corpus / "zh" / "gen-000002.md").unlink()
    _incremental_equals_full(corpus, store, tmp_path)


def test_a_merged_cluster_warning_follows_the_first_name_seen(tmp_path, corpus):
    store = tmp_path / "store"
    _edit(corpus / "en" / "gen-000003.md", '"Cluster 3"', '"Storage a/b"')
    _edit(corpus / "en" / "gen-000008.md", '"Cluster 8"', '"Storage a#b"')
    assert [d.file for d in build_store([corpus], store).diagnostics if d.code == "merged-cluster"] == \
        [str(corpus / "en" / "gen-000008.md")]
    _edit(corpus / "en" / "gen-000003.md", '"Storage a/b"', '"Cluster 3"')  # the unchanged name is the only one now
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert "merged-cluster" not in [d.code for d in report.diagnostics]


def test_a_policy_id_a_facility_names_appearing_links_the_facility(tmp_path, corpus):
    store = tmp_path / "store"
    facility(corpus, id="901", relatedPolicies=["gen-000003", "planned-policy"])
    build_store([corpus], store)
    write_record(corpus / "en", "planned.md", record_text(id="planned-policy", title="Planned"))
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert "dangling-policy" not in [d.code for d in report.diagnostics]


def test_a_changed_policy_id_that_a_facility_links_to_leaves_the_facility_dangling(tmp_path, corpus, spied):
    store = tmp_path / "store"
    linked = facility(corpus, id="901", relatedPolicies=["gen-000003"])
    facility(corpus, id="902", relatedPolicies=["gen-000004"])
    build_store([corpus], store)
    for lang in ("en", "zh"):
        _edit(corpus / lang / "gen-000003.md", '"gen-000003"', '"gen-000103"')
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert [d.file for d in report.diagnostics if d.code == "dangling-policy"] == [str(linked)]
    assert sorted(spied["mapped"]) == sorted([str(corpus / "en" / "gen-000003.md"),
                                              str(corpus / "zh" / "gen-000003.md"), str(linked)])


def test_a_facility_is_not_mapped_again_when_the_policies_it_names_are_unchanged(tmp_path, corpus, spied):
    store = tmp_path / "store"
    facility(corpus, id="901", relatedPolicies=["gen-000003"])
    build_store([corpus], store)
    _edit(corpus / "en" / "gen-000003.md", "Generated policy 3", "Edited")
    _incremental_equals_full(corpus, store, tmp_path)
    assert spied["mapped"] == [str(corpus / "en" / "gen-000003.md")]


def test_an_edit_that_adds_an_unknown_field_and_an_unreadable_file_are_reported_as_in_a_full_build(tmp_path, corpus):
    store = tmp_path / "store"
    write_record(corpus / "en", "broken.md", "---\n{not json\n---\n")
    build_store([corpus], store)
    _edit(corpus / "en" / "gen-000001.md", '"legalWeight"', '"newField": "x", "legalWeight"')
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert report.gaps["unknown_fields"] and "broken.md" in " ".join(d.file for d in report.diagnostics)


def test_an_edit_that_makes_a_cluster_name_merge_warns_on_the_later_unchanged_record(tmp_path, corpus):
    store = tmp_path / "store"
    _edit(corpus / "en" / "gen-000008.md", '"Cluster 8"', '"Storage a#b"')
    build_store([corpus], store)
    _edit(corpus / "en" / "gen-000003.md", '"Cluster 3"', '"Storage a/b"')
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert [d.file for d in report.diagnostics if d.code == "merged-cluster"] == [str(corpus / "en" / "gen-000008.md")]


@pytest.fixture
def settled_at_once(monkeypatch):
    """Files count as settled as soon as their ctime is in the past (a real build waits 2 s)."""
    monkeypatch.setattr(stream, "SETTLED_NS", 0)
    hashed = []
    file_hash = stream.file_hash

    def hashing(path):
        hashed.append(str(path))
        return file_hash(path)

    monkeypatch.setattr(stream, "file_hash", hashing)
    return hashed


def test_a_build_with_nothing_changed_reads_no_settled_file(tmp_path, corpus, settled_at_once):
    store = tmp_path / "store"
    build_store([corpus], store)
    time.sleep(0.05)
    settled_at_once.clear()
    assert build_store([corpus], store).mode == "unchanged"
    assert settled_at_once == []


def test_an_edit_that_keeps_the_size_and_sets_the_old_mtime_back_is_still_seen(tmp_path, corpus, settled_at_once):
    store = tmp_path / "store"
    build_store([corpus], store)
    time.sleep(0.05)
    edited = corpus / "en" / "gen-000001.md"
    before = edited.stat()
    _edit(edited, "Generated policy 1", "Generated policy X")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    report = _incremental_equals_full(corpus, store, tmp_path)
    assert report.changes["changed"] == [str(edited)]


def test_a_store_without_its_index_is_rebuilt_in_full(tmp_path, corpus):
    store = tmp_path / "store"
    build_store([corpus], store)
    (store / "ccuskg-index.json").unlink()  # as a store written by an older ccuskg, or a damaged one
    _edit(corpus / "en" / "gen-000001.md", "Generated policy 1", "Edited")
    assert build_store([corpus], store).mode == "full"
    _same_as_full(corpus, store, tmp_path)


def test_deleting_every_record_refuses_the_build_and_keeps_the_store(tmp_path):
    records, store = tmp_path / "records", tmp_path / "store"
    write_record(records, "only.md", record_text(id="only", title="Only"))
    build_store([records], store)
    before = _export(store)
    (records / "only.md").unlink()
    with pytest.raises(NoRecordFiles):
        build_store([records], store)
    assert _export(store) == before


def test_on_the_public_corpus_an_incremental_build_equals_a_full_one(tmp_path, corpus_dir):
    records, store = tmp_path / "corpus", tmp_path / "store"
    shutil.copytree(corpus_dir, records)
    build_store([records], store)
    renamed, deleted = sorted((records / "policies" / "en").iterdir())[:2]
    _edit(renamed, f'"{renamed.stem}"', '"renamed-policy"')
    deleted.unlink()
    linking = sorted((records / "facilities" / "zh").iterdir())[5]  # now names the renamed policy too
    _edit(linking, '"relatedPolicies": [', '"relatedPolicies": ["renamed-policy", ')
    _edit(sorted((records / "countries" / "zh").iterdir())[0], '"id"', '"extraField": "x", "id"')
    _incremental_equals_full(records, store, tmp_path)
