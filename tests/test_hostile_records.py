"""Hostile record files: each is one clear error naming the file, the good records beside it still go
through, and nothing exhausts the stack or the memory."""

from __future__ import annotations

import json

from ccuskg.model.compile import compile_records

from factory import write_record, record_text

GOOD = record_text()


def compiled_with(tmp_path, name, text):
    write_record(tmp_path / "en", "good.md", GOOD)
    bad = write_record(tmp_path / "en", name, text)
    compiled = compile_records([tmp_path])
    errors = [d for d in compiled.diagnostics if d.file.endswith(bad.name) and d.severity == "error"]
    return compiled, errors


def test_json_nested_beyond_any_parser_limit_is_an_error_not_a_crash(tmp_path):
    deep = '---\n{"id": "x", "title": ' + "[" * 100_000 + "]" * 100_000 + "}\n---\n"
    compiled, errors = compiled_with(tmp_path, "deep.md", deep)
    assert [e.message for e in errors] == ["front matter is nested more than 32 levels deep: not a policy record"]
    assert [r.id for r in compiled.records] == ["good-policy"]


def test_front_matter_nested_deeper_than_a_record_can_be_is_refused(tmp_path):
    value = "x"
    for _ in range(40):
        value = [value]
    compiled, errors = compiled_with(tmp_path, "deep.md", "---\n" + json.dumps({"id": "x", "title": value}) + "\n---\n")
    assert len(errors) == 1 and "nested more than 32 levels" in errors[0].message


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ["---", "id: bomb", "a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    compiled, errors = compiled_with(tmp_path, "bomb.md", "\n".join(lines + ["---", ""]))
    assert [(e.line, "anchors and aliases" in e.message) for e in errors] == [(3, True)]
    assert [r.id for r in compiled.records] == ["good-policy"]


def test_a_yaml_list_as_front_matter_is_named_as_such(tmp_path):
    _, errors = compiled_with(tmp_path, "list.md", "---\n- a\n- b\n---\n")
    assert [e.message for e in errors] == ["front matter must be an object of fields, not list"]


def test_a_json_array_as_front_matter_is_named_as_such(tmp_path):
    _, errors = compiled_with(tmp_path, "list.md", "---\n[1, 2, 3]\n---\n")
    assert [e.message for e in errors] == ["front matter must be an object of fields, not list"]


def test_empty_front_matter_is_a_missing_id(tmp_path):
    _, errors = compiled_with(tmp_path, "empty.md", "---\n---\nBody.\n")
    assert [(e.field, e.message) for e in errors] == [("id", "missing required field 'id'")]


def test_invalid_yaml_names_the_line(tmp_path):
    _, errors = compiled_with(tmp_path, "bad.md", "---\nid: y\ntitle: [unclosed\n---\n")
    assert len(errors) == 1 and errors[0].message.startswith("invalid YAML front matter") and errors[0].line == 4


def test_validate_of_a_folder_without_records_is_a_usage_error(tmp_path, cli):
    (tmp_path / "empty").mkdir()
    result = cli("validate", tmp_path / "empty")
    assert result.exit_code == 2 and "no record files" in result.stderr


def test_validate_text_output_escapes_a_newline_in_a_field_name(tmp_path, cli):
    data = {"id": "gh", "title": "GH", "pubDate": "2020-01-02", "weird\n::error file=x.md::injected": "v"}
    write_record(tmp_path / "en", "gh.md", "---\n" + json.dumps(data) + "\n---\n")
    lines = cli("validate", tmp_path, "--no-cache").stdout.splitlines()
    assert lines and not any(line.startswith("::") for line in lines)
    assert any("weird\\n::error" in line for line in lines)


def cluster_record(folder, name, policy_id, clusters):
    data = {"id": policy_id, "title": policy_id, "pubDate": "2020-01-02", "evolution": {"clusters": clusters}}
    return write_record(folder / "en", name, "---\n" + json.dumps(data) + "\n---\n")


def test_two_cluster_names_that_become_one_iri_are_reported(tmp_path):
    cluster_record(tmp_path, "a.md", "a", ["Storage a/b"])
    second = cluster_record(tmp_path, "b.md", "b", ["Storage a#b"])
    merged = [d for d in compile_records([tmp_path]).diagnostics if d.code == "merged-cluster"]
    assert [(d.file, d.field, d.severity, d.value) for d in merged] == [
        (str(second), "evolution.clusters", "warning", "Storage a#b")]
    assert "Storage a/b" in merged[0].message and "cluster/storage-a-b" in merged[0].message


def test_cluster_names_differing_only_in_case_or_spacing_are_one_cluster_without_a_warning(tmp_path):
    cluster_record(tmp_path, "a.md", "a", ["EU CCS Directive"])
    cluster_record(tmp_path, "b.md", "b", ["eu  ccs directive"])
    assert [d for d in compile_records([tmp_path]).diagnostics if d.code == "merged-cluster"] == []


def test_validate_reports_a_merged_cluster_as_a_warning(tmp_path, cli):
    cluster_record(tmp_path, "a.md", "a", ["Storage a/b"])
    cluster_record(tmp_path, "b.md", "b", ["Storage a#b"])
    results = json.loads(cli("validate", tmp_path, "--no-cache", "--format", "json").stdout)["results"]
    assert [(r["field"], r["severity"], r["value"]) for r in results if r["field"] == "evolution.clusters"] == [
        ("evolution.clusters", "warning", "Storage a#b")]
