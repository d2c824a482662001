"""One build at a time per store; what a killed build left behind is cleaned up by the next one."""

import pytest

import ccuskg
from ccuskg.store import StoreBusy, build_lock, open_store, remove_stale_staging

from factory import FOUNDING_RECORD, write_record, record_text
from holders import dead_pid, lock_held_elsewhere


def _quads(store):
    return sorted(str(q) for q in open_store(store))


def test_a_build_while_another_builds_the_same_store_refuses_and_names_the_holder(tmp_path):
    store = tmp_path / "store"
    ccuskg.build([FOUNDING_RECORD], store=store)
    before = _quads(store)
    write_record(tmp_path / "en", "a.md", record_text())
    with lock_held_elsewhere(store) as pid:
        with pytest.raises(StoreBusy, match=f"process {pid} is building"):
            ccuskg.build([tmp_path / "en"], store=store)
    assert _quads(store) == before


def test_the_lock_is_released_when_the_holder_ends(tmp_path):
    store = tmp_path / "store"
    with lock_held_elsewhere(store):
        pass
    ccuskg.build([FOUNDING_RECORD], store=store)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.last-build.json"]


def test_the_cli_refuses_a_concurrent_build_with_exit_2(tmp_path, cli):
    store = tmp_path / "store"
    with lock_held_elsewhere(store):
        result = cli("build", FOUNDING_RECORD, "--store", store)
    assert result.exit_code == 2
    assert "is building" in result.stderr and "Traceback" not in result.stderr


def test_the_lock_is_reentrant_in_one_process(tmp_path):
    with build_lock(tmp_path / "store"):
        ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")


def test_staging_folders_of_dead_processes_are_removed_by_the_next_build(tmp_path):
    pid = dead_pid()
    for kind in ("new", "old"):
        (tmp_path / f".store.{kind}-{pid}").mkdir()
        (tmp_path / f".store.{kind}-{pid}" / "junk").write_bytes(b"x" * 1000)
    ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.last-build.json"]


def test_a_build_killed_between_its_renames_gets_its_previous_store_back(tmp_path):
    ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")
    before = _quads(tmp_path / "store")
    (tmp_path / "store").rename(tmp_path / f".store.old-{dead_pid()}")
    remove_stale_staging(tmp_path / "store")
    assert _quads(tmp_path / "store") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store", "store.last-build.json"]


def test_staging_folders_of_live_processes_are_kept(tmp_path):
    with lock_held_elsewhere(tmp_path / "other") as pid:
        (tmp_path / f".store.new-{pid}").mkdir()
        ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store")
        assert (tmp_path / f".store.new-{pid}").is_dir()
