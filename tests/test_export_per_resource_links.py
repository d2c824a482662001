"""--per-resource DIR never writes or deletes outside DIR: symbolic links in it are not followed."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symlinks")


def export(cli, kg, site):
    return cli("export", "--store", kg.path, "--per-resource", site, "--no-progress", "--no-metadata")


def test_a_symlinked_resource_folder_is_not_written_through(seeds_graph, cli, tmp_path):
    outside, site = tmp_path / "outside", tmp_path / "site"
    outside.mkdir()
    site.mkdir()
    (site / "policy").symlink_to(outside, target_is_directory=True)
    result = export(cli, seeds_graph, site)
    assert result.exit_code == 1
    assert "is a symbolic link; not followed" in result.stderr
    assert list(outside.iterdir()) == []
    assert (site / "cluster").is_dir()  # the other resources are still written


def test_a_later_export_deletes_nothing_behind_a_symlinked_folder(seeds_graph, cli, tmp_path):
    outside, site = tmp_path / "outside", tmp_path / "site"
    outside.mkdir()
    (outside / "theirs.ttl").write_text("# not ccuskg's\n", encoding="utf-8")
    assert export(cli, seeds_graph, site).exit_code == 0
    for path in sorted((site / "cluster").iterdir()):
        path.unlink()
    (site / "cluster").rmdir()
    (site / "cluster").symlink_to(outside, target_is_directory=True)
    export(cli, seeds_graph, site)
    assert (outside / "theirs.ttl").read_text(encoding="utf-8") == "# not ccuskg's\n"


def test_a_linked_stale_file_is_not_deleted_through_the_link(seeds_graph, cli, tmp_path):
    outside, site = tmp_path / "outside.ttl", tmp_path / "site"
    outside.write_text("# a partner's file\n", encoding="utf-8")
    assert export(cli, seeds_graph, site).exit_code == 0
    (site / "policy" / "gone.ttl").symlink_to(outside)
    assert export(cli, seeds_graph, site).exit_code == 0
    assert outside.read_text(encoding="utf-8") == "# a partner's file\n"


def test_a_planted_part_symlink_is_not_written_through(seeds_graph, cli, tmp_path):
    target, site = tmp_path / "target", tmp_path / "site"
    target.write_text("untouched\n", encoding="utf-8")
    (site / "policy").mkdir(parents=True)
    for name in ("us-45q-2008.ttl.part", ".us-45q-2008.ttl.part", "us-45q-2008.ttl.tmp"):
        (site / "policy" / name).symlink_to(target)
    assert export(cli, seeds_graph, site).exit_code == 0
    assert target.read_text(encoding="utf-8") == "untouched\n"
    assert (site / "policy" / "us-45q-2008.ttl").is_file() and not (site / "policy" / "us-45q-2008.ttl").is_symlink()
