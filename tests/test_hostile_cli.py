"""Hostile usage of the command line: wrong paths and forbidden queries give one clear line and exit 2,
never a traceback, and never destroy what the user had."""

from __future__ import annotations

import pytest

import ccuskg
from ccuskg.store import StorePathError

from factory import write_record, record_text

GOOD = record_text()


@pytest.fixture
def records(tmp_path):
    write_record(tmp_path / "records" / "en", "good.md", GOOD)
    return tmp_path / "records"


def test_build_refuses_to_replace_a_file_given_as_store(tmp_path, cli, records):
    precious = tmp_path / "notes.txt"
    precious.write_text("my notes", encoding="utf-8")
    result = cli("build", records, "--store", precious)
    assert result.exit_code == 2
    assert "refusing to replace" in result.stderr and "Traceback" not in result.output
    assert precious.read_text(encoding="utf-8") == "my notes"


def test_build_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path, cli, records):
    result = cli("build", records, "--store", records)
    assert result.exit_code == 2
    assert "not a ccuskg store" in result.stderr
    assert (records / "en" / "good.md").read_text(encoding="utf-8") == GOOD


def test_build_replaces_an_existing_store_and_fills_an_empty_folder(tmp_path, cli, records):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("build", records, "--store", empty).exit_code == 0
    assert cli("build", records, "--store", empty).exit_code == 0
    assert ccuskg.open_graph(empty).rows("SELECT ?id WHERE { ?p ccus:identifier ?id }") == [{"id": "good-policy"}]


def test_library_build_refuses_a_non_store_target_too(tmp_path, records):
    precious = tmp_path / "data.csv"
    precious.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(StorePathError, match="refusing to replace"):
        ccuskg.build([records], store=precious)
    assert precious.read_text(encoding="utf-8") == "a,b\n"


def test_build_into_a_store_under_a_file_is_a_usage_error(tmp_path, cli, records):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    result = cli("build", records, "--store", blocker / "store")
    assert result.exit_code == 2
    assert "cannot create a store" in result.stderr and "Traceback" not in result.output


def test_build_report_into_a_missing_folder_is_a_usage_error_before_building(tmp_path, cli, records):
    result = cli("build", records, "--store", tmp_path / "store", "--report", tmp_path / "no" / "such" / "r.json")
    assert result.exit_code == 2
    assert "--report" in result.stderr
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("update", [
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/x#>\n# a comment\ninsert data { ex:a ex:b ex:c }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "DROP ALL",
])
def test_query_refuses_a_sparql_update_by_name_and_leaves_the_store_unchanged(tmp_path, cli, records, update):
    store = tmp_path / "store"
    cli("build", records, "--store", store)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = ccuskg.open_graph(store).rows(count)
    result = cli("query", "--store", store, update)
    assert result.exit_code == 2
    assert "not SPARQL updates" in result.stderr
    assert ccuskg.open_graph(store).rows(count) == before


def test_query_with_a_plain_syntax_error_still_says_invalid_sparql(tmp_path, cli, records):
    cli("build", records, "--store", tmp_path / "store")
    result = cli("query", "--store", tmp_path / "store", "SELEC ?x WHERE { ?x ?p ?o }")
    assert result.exit_code == 2
    assert "invalid SPARQL" in result.stderr


def test_query_endpoint_refuses_a_sparql_update_without_sending_it(cli):
    # port 9 (discard) is closed here: had the update been sent, the error would say "cannot reach"
    result = cli("query", "--endpoint", "http://127.0.0.1:9/query", "CLEAR ALL")
    assert result.exit_code == 2
    assert "not SPARQL updates" in result.stderr


CONTROL_TITLE = "bad\x00null\x1b[31mred\u202eRTL"


@pytest.fixture
def control_store(tmp_path):
    import json

    record = {"id": "ctrl-policy", "title": CONTROL_TITLE, "pubDate": "2020-01-02"}
    write_record(tmp_path / "ctrl" / "en", "c.md", "---\n" + json.dumps(record) + "\n---\nBody.\n")
    ccuskg.build([tmp_path / "ctrl"], store=tmp_path / "cstore")
    return tmp_path / "cstore"


TITLE_QUERY = "SELECT ?t WHERE { ?p ccus:title ?t }"


def test_query_table_shows_control_and_bidi_characters_of_values_as_escapes(cli, control_store):
    result = cli("query", "--store", control_store, TITLE_QUERY)
    assert result.exit_code == 0
    assert "bad\\u0000null\\u001b[31mred\\u202eRTL" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


def test_query_csv_keeps_values_byte_for_byte_even_escape_sequences(cli, control_store):
    result = cli("query", "--store", control_store, "--format", "csv", TITLE_QUERY)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == CONTROL_TITLE


def test_build_prints_each_problem_on_one_line_even_with_a_newline_in_a_field_name(tmp_path, cli):
    import json

    record = {"id": "nl-policy", "title": "T", "pubDate": "2020-01-02",
              "weird\n::error file=x.md::injected": "v", "country": "Atlantis\n::warning::injected"}
    bad = write_record(tmp_path / "nl" / "en", "nl.md", "---\n" + json.dumps(record) + "\n---\nBody.\n")
    result = cli("build", tmp_path / "nl", "--store", tmp_path / "store")
    lines = result.stderr.splitlines()
    assert not any(line.startswith("::") for line in lines)
    problems = [line for line in lines if line.startswith(str(bad))]
    assert len(problems) == 2
    assert any("unknown field" in line and "weird\\n::error" in line for line in problems)


def test_build_keeps_cjk_and_ideographic_spaces_readable(tmp_path, cli):
    import json

    record = {"id": "cjk-policy", "title": "T", "pubDate": "2020-01-02", "备注\u3000说明": "v"}
    write_record(tmp_path / "cjk" / "zh", "c.md", "---\n" + json.dumps(record, ensure_ascii=False) + "\n---\n正文\n")
    result = cli("build", tmp_path / "cjk", "--store", tmp_path / "store")
    assert "备注\u3000说明" in result.stderr


def test_stats_prints_a_record_value_with_a_newline_on_one_line(tmp_path, cli):
    import json

    record = {"id": "nl-country", "title": "T", "pubDate": "2020-01-02", "country": "Atlantis\n::error::x"}
    write_record(tmp_path / "st" / "en", "s.md", "---\n" + json.dumps(record) + "\n---\nBody.\n")
    cli("build", tmp_path / "st", "--store", tmp_path / "store")
    result = cli("stats", "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert "      1  Atlantis\\n::error::x" in result.stdout.splitlines()


def test_query_file_that_is_not_utf8_is_a_usage_error_naming_the_byte(tmp_path, cli, records):
    cli("build", records, "--store", tmp_path / "store")
    query = tmp_path / "latin1.rq"
    query.write_bytes('SELECT * WHERE { ?s ?p "caf\xe9" }'.encode("latin-1"))
    result = cli("query", "--store", tmp_path / "store", "-f", query)
    assert result.exit_code == 2
    assert "not UTF-8 text (invalid byte 0xe9 at offset 27)" in result.stderr


def test_query_file_with_a_utf8_byte_order_mark_runs(tmp_path, cli, records):
    cli("build", records, "--store", tmp_path / "store")
    query = tmp_path / "bom.rq"
    query.write_bytes(b"\xef\xbb\xbfASK { ?s ?p ?o }\r\n")
    result = cli("query", "--store", tmp_path / "store", "-f", query)
    assert result.exit_code == 0 and result.stdout == "true\n"


@pytest.mark.parametrize("params, message", [
    (["--param", "id=a", "--param", "id=b"], "--param id is given twice ('a' and 'b')"),
    (["--param", "=x"], "(no NAME)"),
])
def test_query_param_given_twice_or_without_a_name_is_a_usage_error(tmp_path, cli, records, params, message):
    cli("build", records, "--store", tmp_path / "store")
    result = cli("query", "--store", tmp_path / "store", "--name", "supersession-chain", *params)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "table"])
def test_query_output_ends_with_a_newline_in_every_format(tmp_path, cli, records, fmt):
    cli("build", records, "--store", tmp_path / "store")
    result = cli("query", "--store", tmp_path / "store", "--format", fmt, "SELECT ?id WHERE { ?p ccus:identifier ?id }")
    assert result.exit_code == 0 and result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")


def test_build_of_a_folder_without_records_is_a_usage_error_and_keeps_the_store(tmp_path, cli, records):
    cli("build", records, "--store", tmp_path / "store")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF")
    result = cli("build", tmp_path / "empty", "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "no record files" in result.stderr and "left unchanged" in result.stderr
    assert ccuskg.open_graph(tmp_path / "store").rows("SELECT ?id WHERE { ?p ccus:identifier ?id }") == \
        [{"id": "good-policy"}]


def test_build_with_the_current_folder_as_store_is_refused_and_leaves_no_debris(tmp_path, cli, records, monkeypatch):
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    result = cli("build", records, "--store", ".")
    assert result.exit_code == 2
    assert "current folder" in result.stderr
    assert list(here.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["records", "work"]


def test_build_into_a_relative_store_path_with_dots_stages_beside_the_store(tmp_path, cli, records, monkeypatch):
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    result = cli("build", records, "--store", "../kg/./store")
    assert result.exit_code == 0
    # no staging folder left behind; the build's report sits beside the store (ccuskg vocab unmapped reads it)
    assert sorted(p.name for p in (tmp_path / "kg").iterdir()) == ["store", "store.last-build.json"]
    assert ccuskg.open_graph(tmp_path / "kg" / "store").rows("SELECT ?id WHERE { ?p ccus:identifier ?id }") == \
        [{"id": "good-policy"}]
