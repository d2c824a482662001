"""With nothing changed, `ccuskg validate` hashes only files whose status changed (FileHashes: git's
index rule), and starts without loading the engine, so it answers in a fraction of a second; an edit
is still seen however its times are set back."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ccuskg.validation.incremental import FileHashes
from ccuskg.validation.validate import validate

from factory import record

pytestmark = pytest.mark.skipif(os.name != "posix", reason="status-based reuse is POSIX only")


@pytest.fixture
def trust_at_once(monkeypatch):
    """Trust a file's status however young it is (the default waits two seconds after a write)."""
    monkeypatch.setattr(FileHashes, "MARGIN_NS", 0)


def same_size_edit(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` by ``new`` (same length) and set the modification time back."""
    st = path.stat()
    time.sleep(0.05)  # past the filesystem's timestamp tick
    data = path.read_bytes()
    assert len(old) == len(new) and old in data
    path.write_bytes(data.replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def hashed_once(tmp_path, content: bytes) -> tuple[Path, str]:
    """A record file, hashed by one run whose hashes are saved: (its path, its digest)."""
    path = tmp_path / "a.md"
    path.write_bytes(content)
    first = FileHashes(tmp_path / "cache")
    digest = first.sha256(str(path))
    first.save()
    return path, digest


def test_an_unchanged_file_is_not_read_again(tmp_path, trust_at_once):
    path, digest = hashed_once(tmp_path, b"---\n{}\n---\n")
    path.chmod(0)  # a read would now fail (for a user other than root)
    try:
        assert FileHashes(tmp_path / "cache").sha256(str(path)) == digest
    finally:
        path.chmod(0o644)


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(tmp_path, trust_at_once):
    path, before = hashed_once(tmp_path, b"---\n{\"title\": \"AAAA\"}\n---\n")
    same_size_edit(path, b"AAAA", b"BBBB")
    assert FileHashes(tmp_path / "cache").sha256(str(path)) != before


def test_a_file_hashed_while_it_was_young_is_hashed_again(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\n{}\n---\n")
    hashes = FileHashes(tmp_path / "cache")
    hashes.sha256(str(path))
    assert str(path) not in hashes.known  # written less than two seconds ago: not trusted


def test_a_damaged_hashes_file_means_hashing_everything(tmp_path, trust_at_once):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\n{}\n---\n")
    (tmp_path / "cache" / "validation").mkdir(parents=True)
    (tmp_path / "cache" / "validation" / FileHashes.NAME).write_bytes(b"{not json")
    assert FileHashes(tmp_path / "cache").sha256(str(path)) is not None


def test_validate_sees_a_same_size_edit_with_the_times_set_back(tmp_path, trust_at_once):
    records = tmp_path / "records"
    path = record(records, id="pol-a")
    cache = tmp_path / "cache"
    before = validate([records], cache=cache).to_json()
    same_size_edit(path, b'"score": 50,', b'"score":500,')  # every score out of range: violations
    after = validate([records], cache=cache).to_json()
    assert after != before
    assert after == validate([records]).to_json()


def test_nothing_changed_starts_without_the_engine_or_rdflib(tmp_path):
    records = tmp_path / "records"
    record(records, id="pol-a")
    run = [sys.executable, "-c", "import sys\nfrom ccuskg.cli.app import main\n"
           "try:\n    main(['validate', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
           "print(sorted(m for m in ('rdflib', 'ccuskg.validation.engine', 'ccuskg.api') if m in sys.modules))",
           str(records)]
    first = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "'rdflib'" in first.stdout.splitlines()[-1]  # the first run checks the records
    again = subprocess.run(run, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert again.stdout.splitlines()[-1] == "[]"
    assert first.stdout.splitlines()[:-1] == again.stdout.splitlines()[:-1]


def test_hashes_of_files_no_run_looks_at_are_dropped_past_a_bound(tmp_path, trust_at_once, monkeypatch):
    monkeypatch.setattr(FileHashes, "KEEP_UNSEEN", 1)
    files = [tmp_path / f"{n}.md" for n in range(3)]
    for path in files:
        path.write_bytes(b"---\n{}\n---\n")
    first = FileHashes(tmp_path / "cache")
    for path in files:
        first.sha256(str(path))
    first.save()
    second = FileHashes(tmp_path / "cache")
    second.sha256(str(files[0]))
    second.save()  # two files unseen, more than one kept: both go
    assert set(FileHashes(tmp_path / "cache").known) == {str(files[0])}
