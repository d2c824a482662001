"""Hostile usage of ``ccuskg export``: re-exports over old folders, unwritable description paths."""

from __future__ import annotations

import pytest

from factory import write_record

RECORD = '---\n{{"id": "{id}", "title": "Policy {id}", "pubDate": "2020-01-02"}}\n---\nBody.\n'


@pytest.fixture
def two_stores(tmp_path, cli):
    """A store with policies a and b, and a later one in which b was removed."""
    write_record(tmp_path / "v1" / "en", "a.md", RECORD.format(id="pol-a"))
    write_record(tmp_path / "v1" / "en", "b.md", RECORD.format(id="pol-b"))
    write_record(tmp_path / "v2" / "en", "a.md", RECORD.format(id="pol-a"))
    cli("build", tmp_path / "v1", "--store", tmp_path / "store1")
    cli("build", tmp_path / "v2", "--store", tmp_path / "store2")
    return tmp_path / "store1", tmp_path / "store2"


def test_per_resource_reexport_removes_files_of_policies_no_longer_in_the_store(tmp_path, cli, two_stores):
    site = tmp_path / "site"
    assert cli("export", "--per-resource", site, "--store", two_stores[0]).exit_code == 0
    assert (site / "policy" / "pol-b.ttl").is_file()
    result = cli("export", "--per-resource", site, "--store", two_stores[1])
    assert result.exit_code == 0
    assert not (site / "policy" / "pol-b.ttl").exists() and not (site / "policy" / "pol-b.jsonld").exists()
    assert (site / "policy" / "pol-a.ttl").is_file()
    assert f"Removed {site / 'policy' / 'pol-b.ttl'}" in result.stderr


def test_per_resource_export_leaves_the_sites_own_files_alone(tmp_path, cli, two_stores):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    (site / "assets" / "style.ttl").write_text("# not ours", encoding="utf-8")
    (site / "policy").mkdir()
    (site / "policy" / "index.html").write_text("list", encoding="utf-8")
    assert cli("export", "--per-resource", site, "--store", two_stores[1]).exit_code == 0
    assert (site / "index.html").read_text(encoding="utf-8") == "<h1>home</h1>"
    assert (site / "assets" / "style.ttl").read_text(encoding="utf-8") == "# not ours"
    assert (site / "policy" / "index.html").read_text(encoding="utf-8") == "list"


def test_metadata_into_a_missing_parent_under_a_file_is_a_usage_error(tmp_path, cli, two_stores):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    result = cli("export", "--store", two_stores[1], "-o", tmp_path / "g.ttl", "--metadata", blocker / "m.ttl")
    assert result.exit_code == 2
    assert "cannot write the dataset description" in result.stderr and "Traceback" not in result.output


def test_metadata_naming_a_folder_is_refused_before_exporting(tmp_path, cli, two_stores):
    result = cli("export", "--store", two_stores[1], "-o", tmp_path / "g.ttl", "--metadata", tmp_path)
    assert result.exit_code == 2
    assert "--metadata" in result.stderr
    assert not (tmp_path / "g.ttl").exists()


def test_per_resource_does_not_write_two_policies_whose_ids_differ_only_in_case(tmp_path, cli):
    write_record(tmp_path / "case" / "en", "upper.md", RECORD.format(id="Pol-X"))
    write_record(tmp_path / "case" / "en", "lower.md", RECORD.format(id="pol-x"))
    cli("build", tmp_path / "case", "--store", tmp_path / "store")
    result = cli("export", "--per-resource", tmp_path / "site", "--store", tmp_path / "store")
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error: not written")]
    assert "policy/pol-x maps to the same file as" in line and "policy/Pol-X" in line
    assert sorted(p.name for p in (tmp_path / "site" / "policy").iterdir()) == ["Pol-X.jsonld", "Pol-X.ttl"]


@pytest.mark.parametrize("name, first_bytes", [("g.nt", b"<"), ("g.jsonld", b"{"), ("g.nq", b"<"),
                                               ("g.ttl", b"@prefix")])
def test_export_without_format_writes_what_the_file_extension_says(tmp_path, cli, two_stores, name, first_bytes):
    result = cli("export", "--store", two_stores[1], "-o", tmp_path / name)
    assert result.exit_code == 0
    assert (tmp_path / name).read_bytes().startswith(first_bytes)
    assert "warning" not in result.stderr


def test_export_warns_when_the_format_contradicts_the_extension(tmp_path, cli, two_stores):
    result = cli("export", "--store", two_stores[1], "-f", "turtle", "-o", tmp_path / "g.nt")
    assert result.exit_code == 0
    assert "warning: writing turtle into" in result.stderr and "extension says nt" in result.stderr


def test_per_resource_into_a_folder_that_was_never_an_export_deletes_nothing(tmp_path, cli, two_stores):
    site = tmp_path / "mine"
    (site / "policy").mkdir(parents=True)
    (site / "policy" / "my-notes.ttl").write_text("# mine", encoding="utf-8")
    result = cli("export", "--per-resource", site, "--store", two_stores[1])
    assert result.exit_code == 0
    assert (site / "policy" / "my-notes.ttl").read_text(encoding="utf-8") == "# mine"


def test_output_dash_means_standard_output_not_a_file_named_dash(tmp_path, cli, two_stores, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--store", two_stores[1], "-f", "nt", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<") and not (tmp_path / "-").exists()
