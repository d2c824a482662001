"""Settings: one ccuskg.toml (or [tool.ccuskg] in pyproject.toml) gives every command and the API the
same defaults, so that build and validate cannot disagree; flags and arguments still override it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ccuskg
from ccuskg.api import open_graph
from ccuskg.core.settings import Settings, SettingsError, load_settings, settings_from_file
from ccuskg.validation.validate import validate as run_validation
from factory import SEEDS, ROOT, write_record

RECORD = "au-opggs-act-2006.md"
BASE = "https://example.org/kg/"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder (with .git, so the search stops here) holding one record whose score is out of range."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CCUSKG_STORE", raising=False)
    (tmp_path / ".git").mkdir()
    text = (SEEDS / "zh" / RECORD).read_text(encoding="utf-8").replace('"score": 25', '"score": 250', 1)
    write_record(tmp_path / "recs", RECORD, text)
    return tmp_path


def policy_iris(store: Path) -> list[str]:
    kg = open_graph(store)
    try:
        return [row["p"] for row in kg.rows("SELECT ?p WHERE { ?p a ccus:Policy }")]
    finally:
        kg.close()


def validation_focus(cli, *args) -> list[str]:
    result = cli("validate", "--format", "json", "--no-cache", *args)
    return [r["focus"] for r in json.loads(result.stdout)["results"]]


def test_the_base_in_ccuskg_toml_is_used_by_build_and_validate_alike(project, cli):
    (project / "ccuskg.toml").write_text(f'base = "{BASE}"\n', encoding="utf-8")
    assert cli("build", "recs").exit_code == 0
    assert [str(p) for p in policy_iris(project / ".ccuskg" / "store")] == [f"{BASE}policy/au-opggs-act-2006"]
    focus = validation_focus(cli, "recs")
    assert focus and all(f.startswith(BASE + "policy/") for f in focus)


def test_tool_ccuskg_in_pyproject_toml_is_read_when_there_is_no_ccuskg_toml(project, cli):
    (project / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n[tool.ccuskg]\nbase = "{BASE}"\n',
                                            encoding="utf-8")
    focus = validation_focus(cli, "recs")
    assert focus and all(f.startswith(BASE) for f in focus)


def test_settings_are_found_from_a_subfolder(project):
    (project / "ccuskg.toml").write_text(f'base = "{BASE}"\n', encoding="utf-8")
    (project / "deep" / "er").mkdir(parents=True)
    assert load_settings(project / "deep" / "er").base == BASE


def test_a_flag_overrides_the_settings_file(project, cli):
    (project / "ccuskg.toml").write_text('base = "https://example.org/other/"\n', encoding="utf-8")
    focus = validation_focus(cli, "recs", "--base", BASE)
    assert focus and all(f.startswith(BASE) for f in focus)


def test_records_from_the_file_are_used_when_no_paths_are_given(project, cli):
    (project / "ccuskg.toml").write_text('records = ["recs"]\nstore = "out/store"\n', encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "from 1 of 1 record files" in result.stdout
    assert (project / "out" / "store").is_dir()


def test_relative_paths_resolve_against_the_settings_files_folder(project, monkeypatch):
    (project / "ccuskg.toml").write_text('records = ["recs"]\nstore = "out/store"\ncache_folder = "c"\n'
                                         'extra_shapes = ["shapes/more.ttl"]\n', encoding="utf-8")
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    settings = load_settings()
    assert settings.records == (project / "recs",)
    assert settings.store == project / "out" / "store"
    assert settings.cache_folder == project / "c"
    assert settings.extra_shapes == (project / "shapes" / "more.ttl",)


def test_ccuskg_store_ranks_above_the_file_and_below_the_flag(project, cli, monkeypatch):
    (project / "ccuskg.toml").write_text('store = "from-file"\n', encoding="utf-8")
    monkeypatch.setenv("CCUSKG_STORE", "from-env")
    assert load_settings().store == Path("from-env")
    assert cli("build", "recs", "--store", "from-flag").exit_code == 0
    assert (project / "from-flag").is_dir() and not (project / "from-env").exists()


def test_an_unknown_key_is_a_one_line_usage_error_naming_file_and_key(project, cli):
    (project / "ccuskg.toml").write_text('bsae = "x"\n', encoding="utf-8")
    result = cli("build", "recs")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "ccuskg.toml" in result.stderr and "bsae: unknown key" in result.stderr


def test_a_wrong_type_is_a_one_line_usage_error_naming_file_and_key(project, cli):
    (project / "pyproject.toml").write_text('[tool.ccuskg]\nserve_port = "7878"\n', encoding="utf-8")
    result = cli("validate", "recs")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "pyproject.toml: tool.ccuskg.serve_port: must be an integer" in result.stderr


def test_invalid_toml_is_a_one_line_usage_error_naming_the_file(project, cli):
    (project / "ccuskg.toml").write_text('base = \n', encoding="utf-8")
    result = cli("build", "recs")
    assert result.exit_code == 2
    assert "ccuskg.toml: not valid TOML" in result.stderr and "Traceback" not in result.output


def test_settings_names_a_file_explicitly(project, cli):
    (project / "conf").mkdir()
    (project / "conf" / "kg.toml").write_text(f'base = "{BASE}"\nrecords = ["../recs"]\n', encoding="utf-8")
    result = cli("--settings", "conf/kg.toml", "validate", "--format", "json", "--no-cache")
    focus = [r["focus"] for r in json.loads(result.stdout)["results"]]
    assert focus and all(f.startswith(BASE) for f in focus)


def test_the_api_takes_its_defaults_from_the_settings(project):
    (project / "ccuskg.toml").write_text(f'base = "{BASE}"\nrecords = ["recs"]\nstore = "s"\n', encoding="utf-8")
    kg = ccuskg.build()
    try:
        assert kg.path == project / "s" and kg.base == BASE
    finally:
        kg.close()
    report = run_validation([project / "recs"])
    assert report.results and all(r.focus.startswith(BASE) for r in report.results)


def test_without_a_settings_file_the_defaults_are_the_old_ones(project):
    assert load_settings() == Settings()
    assert Settings().base == "https://w3id.org/ccuskg/" and Settings().store == Path(".ccuskg/store")


def test_the_example_settings_file_loads_and_names_every_key():
    example = ROOT / "examples" / "ccuskg.toml"
    settings = settings_from_file(example)
    text = example.read_text(encoding="utf-8")
    for key in Settings.__dataclass_fields__:
        if key != "source":
            assert f"\n{key} = " in text, key
    assert settings.source == example


def test_an_explicit_settings_file_that_does_not_exist_is_an_error_naming_it(tmp_path):
    with pytest.raises(SettingsError, match="missing.toml: cannot read"):
        load_settings(file=tmp_path / "missing.toml")


def test_query_and_export_read_the_store_named_in_the_settings(project, cli):
    (project / "ccuskg.toml").write_text('store = "kg/store"\n', encoding="utf-8")
    assert cli("build", "recs").exit_code == 0
    result = cli("query", "--format", "csv", "SELECT ?id WHERE { ?p ccus:identifier ?id }")
    assert result.exit_code == 0 and "au-opggs-act-2006" in result.stdout
    assert cli("export", "-f", "nt", "-o", "graph.nt", "--no-metadata").exit_code == 0
    assert "au-opggs-act-2006" in (project / "graph.nt").read_text(encoding="utf-8")


def test_serve_reads_the_store_named_in_the_settings(project, cli):
    (project / "ccuskg.toml").write_text('store = "nothing"\nserve_port = 0\n', encoding="utf-8")
    result = cli("serve")
    assert result.exit_code == 2 and "no ccuskg store" in result.output and "nothing" in result.output


def test_serve_listens_on_the_port_named_in_the_settings(project, cli, seeds_graph):
    import socket

    from servers import oxigraph_binary

    oxigraph_binary()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        (project / "ccuskg.toml").write_text(f'serve_port = {taken.getsockname()[1]}\n', encoding="utf-8")
        result = cli("serve", "--store", seeds_graph.path)
    assert result.exit_code == 2 and "cannot listen" in result.output
