"""Reading record files: front matter formats, encodings, language, ids, field lines."""

from pathlib import Path

from ccuskg.ingest.records import Record, RecordProblem, discover, locate_field, parse_file

from factory import FOUNDING_RECORD, write_record

JSON_RECORD = """---
{
  "id": "demo-policy",
  "title": "Demo Policy",
  "pubDate": "2021-05-01",
  "analysis": {
    "mrv": {
      "score": 40
    }
  }
}
---

Body text.
"""

YAML_RECORD = """---
id: demo-yaml
title: 演示政策
pubDate: 2021-05-01
year: 2021
---
正文。
"""


def test_json_front_matter_is_parsed_with_body(tmp_path):
    record = parse_file(write_record(tmp_path, "a.md", JSON_RECORD))
    assert isinstance(record, Record)
    assert record.id == "demo-policy"
    assert record.data["analysis"]["mrv"]["score"] == 40
    assert record.body == "Body text."


def test_yaml_front_matter_is_parsed_and_dates_stay_text(tmp_path):
    record = parse_file(write_record(tmp_path, "b.md", YAML_RECORD))
    assert isinstance(record, Record)
    assert record.data["pubDate"] == "2021-05-01"
    assert record.data["year"] == 2021
    assert record.body == "正文。"


def test_utf8_bom_and_crlf_are_tolerated(tmp_path):
    raw = "\ufeff".encode() + JSON_RECORD.replace("\n", "\r\n").encode("utf-8")
    record = parse_file(write_record(tmp_path, "c.md", raw))
    assert isinstance(record, Record)
    assert record.id == "demo-policy"
    assert record.body == "Body text."


def test_language_comes_from_lang_field_first(tmp_path):
    text = JSON_RECORD.replace('"id": "demo-policy",', '"id": "demo-policy", "lang": "en",')
    record = parse_file(write_record(tmp_path / "zh", "d.md", text))
    assert record.lang == "en"


def test_language_comes_from_parent_folder_second(tmp_path):
    record = parse_file(write_record(tmp_path / "zh", "d.md", JSON_RECORD))
    assert record.lang == "zh"


def test_language_comes_from_title_script_last(tmp_path):
    assert parse_file(write_record(tmp_path / "misc", "e.md", YAML_RECORD)).lang == "zh"
    assert parse_file(write_record(tmp_path / "misc", "f.md", JSON_RECORD)).lang == "en"


def test_invalid_language_tag_is_an_error_on_the_lang_field(tmp_path):
    text = JSON_RECORD.replace('"id": "demo-policy",', '"id": "demo-policy", "lang": "Chinese!",')
    result = parse_file(write_record(tmp_path, "g.md", text))
    assert isinstance(result, RecordProblem)
    assert result.field == "lang"


def test_unsafe_id_is_rejected_naming_the_id_field(tmp_path):
    text = JSON_RECORD.replace('"demo-policy"', '"../etc/passwd> <x"')
    result = parse_file(write_record(tmp_path, "h.md", text))
    assert isinstance(result, RecordProblem)
    assert result.field == "id"
    assert "unsafe id" in result.message
    assert result.line == 3


def test_numeric_id_becomes_text(tmp_path):
    record = parse_file(write_record(tmp_path, "i.md", "---\nid: 42\ntitle: T\n---\n"))
    assert record.id == "42"


def test_invalid_json_reports_line_in_file(tmp_path):
    broken = JSON_RECORD.replace('"title": "Demo Policy",', '"title": "Demo Policy"')
    result = parse_file(write_record(tmp_path, "j.md", broken))
    assert isinstance(result, RecordProblem)
    assert "invalid JSON" in result.message
    assert result.line == 5  # the line after the missing comma, counted in the file


def test_invalid_yaml_reports_line_in_file(tmp_path):
    result = parse_file(write_record(tmp_path, "k.md", "---\nid: x\ntitle: [unclosed\nyear: 1\n---\n"))
    assert isinstance(result, RecordProblem)
    assert "invalid YAML" in result.message
    assert result.line is not None and result.line >= 3


def test_a_record_that_is_no_policy_profile_or_facility_is_skipped_with_a_warning(tmp_path):
    text = '---\n{"id": "x", "name": "A note"}\n---\n'
    result = parse_file(write_record(tmp_path, "note.md", text))
    assert isinstance(result, RecordProblem)
    assert result.severity == "warning"
    assert result.code == "not-a-policy"
    assert "not a policy, country profile or facility record" in result.message


def test_discovery_finds_md_and_txt_recursively_and_skips_readme_and_hidden(tmp_path):
    for name in ("zh/a.md", "en/a.md", "deep/er/b.txt", "README.md", ".hidden/c.md", "_drafts/d.md",
                 "notes.json", "LICENSE.txt"):
        write_record(tmp_path, name, JSON_RECORD)
    found = [p.relative_to(tmp_path).as_posix() for _, p in discover([tmp_path])]
    assert found == ["deep/er/b.txt", "en/a.md", "zh/a.md"]


def test_locate_field_finds_nested_json_and_yaml_keys():
    json_lines = JSON_RECORD.split("\n")[1:11]
    assert locate_field(json_lines, "analysis.mrv.score", first_line=2) == 8
    yaml_lines = ["id: x", "analysis:", "  mrv:", "    score: 4", "  market:", "    score: 5"]
    assert locate_field(yaml_lines, "analysis.market.score") == 6
    assert locate_field(yaml_lines, "analysis.statutory.score") is None


def test_founding_record_reads_as_chinese_with_its_id():
    record = parse_file(FOUNDING_RECORD, FOUNDING_RECORD.parent.parent)
    assert record.lang == "zh"
    assert record.id == "cn-miit-industrial-plan-2022"
    assert record.relative == "zh/cn-miit-industrial-plan-2022.md"
    assert record.line_of("analysis.strategic.evidence") is not None
