"""`ccuskg build` on good and bad input: one-line errors, no tracebacks, the rest still builds."""

import json

import pytest

import ccuskg

from factory import FOUNDING_RECORD, write_record, record_text

GOOD = record_text(year=2020)

BAD_INPUTS = {
    # not JSON nor YAML ('"title": }' alone is YAML: an empty value, null, as 'title:' is in block style)
    "invalid-json.md": ('---\n{"id": "x", "title": ]}\n---\n', "invalid JSON front matter"),
    "invalid-yaml.md": ("---\nid: y\ntitle: [oops\n---\n", "invalid YAML front matter"),
    "no-front-matter.md": ("# Just a heading\n\nSome text.\n", "no front matter"),
    "empty.md": ("", "empty file"),
    "latin1.md": ('---\n{"id": "z", "title": "Caf\xe9"}\n---\n'.encode("latin-1"), "not UTF-8"),
    "missing-id.md": ('---\n{"title": "No id here"}\n---\n', "missing required field 'id'"),
    "unsafe-id.md": ('---\n{"id": "a/b c", "title": "Unsafe"}\n---\n', "unsafe id"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_record_gives_one_line_error_naming_the_file_and_others_build(tmp_path, cli, name):
    content, expected = BAD_INPUTS[name]
    write_record(tmp_path / "records" / "en", "good.md", GOOD)
    bad = write_record(tmp_path / "records" / "en", name, content)
    result = cli("build", tmp_path / "records", "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr + result.stdout
    error_lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(error_lines) == 1
    assert error_lines[0].startswith(str(bad))
    assert expected in error_lines[0]
    kg = ccuskg.open_graph(tmp_path / "store")
    assert [r["id"] for r in kg.rows("SELECT ?id WHERE { ?p ccus:identifier ?id }")] == ["good-policy"]


def test_duplicate_id_in_one_language_names_both_files_and_keeps_the_first(tmp_path, cli):
    first = write_record(tmp_path / "en", "a.md", GOOD)
    second = write_record(tmp_path / "en", "b.md", GOOD.replace("Good Policy", "Other Title"))
    result = cli("build", tmp_path / "en", "--store", tmp_path / "store")
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert line.startswith(str(second)) and str(first) in line and "duplicate id" in line
    titles = ccuskg.open_graph(tmp_path / "store").rows("SELECT ?t WHERE { ?p ccus:title ?t }")
    assert titles == [{"t": "Good Policy"}]


def test_same_id_in_two_languages_is_not_a_duplicate(tmp_path, cli):
    write_record(tmp_path / "en", "a.md", GOOD)
    write_record(tmp_path / "zh", "a.md", GOOD.replace("Good Policy", "好政策"))
    result = cli("build", tmp_path, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.stderr


def test_build_prints_a_summary_and_exits_zero_on_clean_input(tmp_path, cli):
    write_record(tmp_path / "en", "a.md", GOOD)
    result = cli("build", tmp_path, "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert "from 1 of 1 record files (1 policies)" in result.stdout
    assert "0 errors" in result.stdout


def test_build_of_a_missing_folder_is_a_usage_error(tmp_path, cli):
    result = cli("build", tmp_path / "nowhere", "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_bad_base_iri_is_a_usage_error(tmp_path, cli):
    write_record(tmp_path / "en", "a.md", GOOD)
    result = cli("build", tmp_path, "--store", tmp_path / "store", "--base", "not an iri")
    assert result.exit_code == 2
    assert "--base" in result.stderr


def test_custom_base_is_used_for_policy_iris(tmp_path, cli):
    write_record(tmp_path / "en", "a.md", GOOD)
    cli("build", tmp_path, "--store", tmp_path / "store", "--base", "https://example.org/ccus")
    rows = ccuskg.open_graph(tmp_path / "store").rows("SELECT ?p WHERE { ?p a ccus:Policy }")
    assert rows == [{"p": "https://example.org/ccus/policy/good-policy"}]


def test_report_file_lists_every_message_as_json(tmp_path, cli):
    write_record(tmp_path / "en", "a.md", GOOD.replace('"year": 2020', '"year": 2020, "colour": "red"'))
    cli("build", tmp_path, "--store", tmp_path / "store", "--report", tmp_path / "report.json")
    (item,) = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["diagnostics"]
    assert (item["field"], item["code"], item["value"], item["line"]) == ("colour", "unknown-field", "red", 2)


def test_query_without_a_store_is_a_usage_error(tmp_path, cli):
    result = cli("query", "SELECT * WHERE { ?s ?p ?o }", "--store", tmp_path / "none")
    assert result.exit_code == 2
    assert "ccuskg build" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_sparql_is_a_usage_error_with_the_parser_message(tmp_path, cli):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("query", "SELEC ?x", "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "invalid SPARQL" in result.stderr


def test_query_reads_a_file_and_writes_csv(tmp_path, cli):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    (tmp_path / "q.rq").write_text("SELECT ?id WHERE { ?p ccus:identifier ?id }", encoding="utf-8")
    result = cli("query", "-f", tmp_path / "q.rq", "--format", "csv", "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["id", "cn-miit-industrial-plan-2022"]


@pytest.mark.parametrize("fmt,marker", [("json", '"bindings"'), ("xml", "<sparql"), ("tsv", "?id"),
                                        ("table", "(1 row)")])
def test_select_results_come_in_every_tabular_format(tmp_path, cli, fmt, marker):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("query", "SELECT ?id WHERE { ?p ccus:identifier ?id }", "--format", fmt,
                 "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert marker in result.stdout and "cn-miit-industrial-plan-2022" in result.stdout


@pytest.mark.parametrize("fmt,marker", [("turtle", "ccus:identifier"), ("json-ld", '"@id"')])
def test_construct_results_come_as_rdf(tmp_path, cli, fmt, marker):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("query", "CONSTRUCT { ?p ccus:identifier ?id } WHERE { ?p ccus:identifier ?id }",
                 "--format", fmt, "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert marker in result.stdout


def test_select_asked_for_turtle_is_a_usage_error(tmp_path, cli):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("query", "SELECT * WHERE { ?s ?p ?o }", "--format", "turtle", "--store", tmp_path / "store")
    assert result.exit_code == 2


def test_stats_counts_policies_by_jurisdiction_category_and_status(tmp_path, cli):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("stats", "--format", "json", "--store", tmp_path / "store")
    summary = json.loads(result.stdout)
    assert (summary["records"], summary["policies"]) == (1, 1)
    assert summary["by_category"] == {"Strategic": 1}
    assert summary["by_status"] == {"Active": 1}
    assert sum(summary["by_jurisdiction"].values()) == 1


def test_help_explains_every_command(cli):
    for command in ("build", "query", "export", "stats"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 5


def test_export_writes_a_file_and_says_so(tmp_path, cli):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("export", "-f", "nt", "-o", tmp_path / "out" / "graph.nt", "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert (tmp_path / "out" / "graph.nt").stat().st_size > 0
    assert "graph.nt" in result.stderr


def test_export_to_stdout_can_leave_out_the_ontology(tmp_path, cli):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    everything = cli("export", "-f", "nquads", "--store", tmp_path / "store").stdout
    data_only = cli("export", "-f", "nquads", "--data-only", "--store", tmp_path / "store").stdout
    assert "graph/ontology>" in everything
    assert "graph/ontology>" not in data_only
    assert "cn-miit-industrial-plan-2022" in data_only


def test_progress_bar_is_shown_when_asked(tmp_path, cli):
    result = cli("build", FOUNDING_RECORD, "--store", tmp_path / "store", "--progress")
    assert "Reading records" in result.stderr


def test_stats_text_lists_the_groups(tmp_path, cli):
    cli("build", FOUNDING_RECORD, "--store", tmp_path / "store")
    result = cli("stats", "--store", tmp_path / "store")
    assert result.exit_code == 0
    assert "policies by jurisdiction:" in result.stdout and "China" in result.stdout


def test_messages_are_counted_per_code_and_field_and_verbose_prints_each(tmp_path, cli):
    for name in ("a", "b", "c", "d"):
        write_record(tmp_path / "en", f"{name}.md", record_text(id=name, colour=name))
    grouped = cli("build", tmp_path, "--store", tmp_path / "store").stderr.splitlines()
    assert grouped[0] == "warning unknown-field: 4 in 4 files"
    assert grouped[1].startswith("  colour: 4 in 4 files; values 'a' ×1, 'b' ×1, 'c' ×1, 'd' ×1; e.g. ")
    assert len(grouped) == 2
    verbose = cli("build", tmp_path, "--store", tmp_path / "store", "--verbose").stderr.splitlines()
    assert len(verbose) == 4 and all(": colour: warning: unknown field" in line for line in verbose)
