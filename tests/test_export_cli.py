"""The export command: options, clear usage errors (exit 2), progress on request, help that explains."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from click.testing import CliRunner
    from factory import FOUNDING_RECORD

    from ccuskg.cli import main

    path = tmp_path_factory.mktemp("cli-export") / "store"
    CliRunner().invoke(main, ["build", str(FOUNDING_RECORD), "--store", str(path)], catch_exceptions=False)
    return path


def test_help_explains_formats_framing_context_url_metadata_and_per_resource(cli):
    text = cli("export", "--help").stdout
    for word in ("--frame", "--context-url", "--metadata", "--per-resource", "--sparql-endpoint",
                 "byte-identical", "SOURCE_DATE_EPOCH", "language maps"):
        assert word in text


def test_frame_alone_means_framed_json_ld(store, cli):
    result = cli("export", "--frame", "policy", "--store", store)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert [d["type"] for d in doc["@graph"]] == [["LegalResource", "Legislation", "Policy"]]


def test_frame_with_another_format_is_a_usage_error(store, cli):
    result = cli("export", "--frame", "policy", "-f", "turtle", "--store", store)
    assert result.exit_code == 2 and "cannot be combined" in result.stderr


def test_context_url_must_be_http_and_needs_json_ld(store, cli):
    assert cli("export", "-f", "json-ld", "--context-url", "file:///etc/passwd", "--store", store).exit_code == 2
    result = cli("export", "-f", "nt", "--context-url", "https://example.org/c.jsonld", "--store", store)
    assert result.exit_code == 2 and "JSON-LD" in result.stderr


def test_missing_store_is_a_usage_error(tmp_path, cli):
    result = cli("export", "--store", tmp_path / "nothing")
    assert result.exit_code == 2 and "ccuskg build" in result.stderr


def test_progress_is_shown_when_asked(store, tmp_path, cli):
    result = cli("export", "--per-resource", tmp_path / "site", "--progress", "--store", store)
    assert result.exit_code == 0 and "Writing resources" in result.stderr
    assert (tmp_path / "site" / "policy" / "cn-miit-industrial-plan-2022.jsonld").is_file()
    assert (tmp_path / "site" / "void.ttl").is_file()


def test_output_folder_gets_a_named_file_and_its_description(store, tmp_path, cli):
    (tmp_path / "out").mkdir()
    result = cli("export", "-f", "json-ld", "-o", tmp_path / "out", "--store", store)
    assert result.exit_code == 0
    assert (tmp_path / "out" / "ccuskg.jsonld").is_file() and (tmp_path / "out" / "ccuskg.jsonld.void.ttl").is_file()
