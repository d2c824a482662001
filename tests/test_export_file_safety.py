"""Outputs never replace what is not a regular file, never write through a planted link, and fail in one line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ccuskg.publish.files import write_atomic


def test_a_fifo_as_output_is_written_to_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"<a> <b> <c> .\n")
    reader.join(10)
    assert received == [b"<a> <b> <c> .\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_character_device_as_output_is_written_to_and_stays_a_device(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("creating a device node needs root")
    write_atomic(device, b"data")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_planted_part_symlink_is_not_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / "graph.ttl.part").symlink_to(victim)
    (tmp_path / ".graph.ttl.part").symlink_to(victim)
    write_atomic(tmp_path / "graph.ttl", b"data")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert (tmp_path / "graph.ttl").read_bytes() == b"data"


def test_a_folder_is_not_a_file_target(tmp_path):
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, b"data")


def test_no_temporary_file_is_left_beside_the_output(tmp_path):
    write_atomic(tmp_path / "graph.ttl", b"one")
    write_atomic(tmp_path / "graph.ttl", b"two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_output_with_a_trailing_slash_is_a_folder(seeds_graph, tmp_path, cli):
    result = cli("export", "--store", seeds_graph.path, "-f", "nt", "-o", f"{tmp_path / 'newdir'}/", "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "newdir" / "ccuskg.nt").is_file() and (tmp_path / "newdir" / "ccuskg.nt.void.ttl").is_file()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_on_standard_output_is_one_line(seeds_graph):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "ccuskg.cli", "export", "--store", str(seeds_graph.path),
                                 "-o", "-", "--no-progress"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["Error: cannot write the export to standard output: No space left on device"]


def test_a_closed_pipe_on_standard_output_is_one_line(seeds_graph):
    process = subprocess.Popen([sys.executable, "-m", "ccuskg.cli", "export", "--store", str(seeds_graph.path),
                                "-o", "-", "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()  # the reader goes away, as `| head -c0` would
    stderr = process.stderr.read()
    assert process.wait(60) == 2
    assert "Traceback" not in stderr and stderr.strip().splitlines()[-1].startswith("Error: standard output was closed")
