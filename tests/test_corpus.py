"""The real public corpus (../shared/corpus) builds completely; skipped where it is absent."""

import pytest

from ccuskg.model.compile import compile_records
from ccuskg.core.namespaces import CCUS
from ccuskg.ingest.records import discover

from factory import record
from leaves import missing_leaves

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def compiled(corpus_policies):
    return compile_records([corpus_policies])


def test_every_policy_record_is_read(compiled, corpus_policies):
    files = discover([corpus_policies])
    assert len(files) == compiled.files == len(compiled.records) == 172
    assert compiled.errors == []


def test_zh_and_en_versions_of_an_id_become_one_policy_with_both_titles(compiled):
    assert len(compiled.policies) == 86
    titles: dict[str, set[str]] = {}
    for mapped in compiled.mapped:
        for quad in mapped.quads:
            if quad.predicate.value == CCUS + "title" and quad.subject.value == mapped.policy:
                titles.setdefault(mapped.policy, set()).add(mapped.record.lang)
    assert all(langs == {"zh", "en"} for langs in titles.values())
    assert len(titles) == 86


def test_every_non_empty_leaf_of_every_policy_record_is_in_the_graph(compiled):
    lost = [(mapped.record.display, leaf) for mapped in compiled.mapped for leaf in missing_leaves(mapped, compiled.vocab)]
    assert lost == []


def test_unmapped_values_are_listed_with_file_field_and_value(compiled):
    unmapped = [d for d in compiled.diagnostics if d.code in ("unmapped-value", "unknown-field")]
    assert unmapped, "the corpus is known to hold values outside the vocabularies"
    assert all(d.file and d.field and d.value for d in unmapped)
    # the stray impact-analysis fields in one record are among them
    assert any(d.field == "impactAnalysis.score" for d in unmapped)


def test_whole_corpus_folder_builds_with_no_record_skipped_for_its_kind(corpus_dir):
    compiled = compile_records([corpus_dir])
    assert len(compiled.policies) == 86
    assert [d for d in compiled.diagnostics if d.code == "not-a-policy"] == []
    assert compiled.errors == []


def test_building_the_whole_corpus_prints_a_compact_summary_with_every_count(corpus_dir, cli, tmp_path):
    import json

    drifted = tmp_path / "drifted"  # the corpus beside 1,000 records of our own with the same two gaps each
    for index in range(500):
        for lang in ("en", "zh"):
            record(drifted, lang=lang, id=f"drift-{index}", status="Dormant", fundingRound={"stage": "seed"})
    result = cli("build", corpus_dir, drifted, "--store", tmp_path / "store", "--report", tmp_path / "report.json")
    lines = result.stderr.splitlines()
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(report["diagnostics"]) > 2000 and len(lines) <= 40
    for code, count in report["codes"].items():  # a code with 3 messages or fewer prints them whole
        assert count <= 3 or any(line.split(" ", 1)[1].startswith(f"{code}: {count} in ") for line in lines), code
    for group in report["groups"]:
        assert any(line.startswith(f"  {group['field'] or '-'}: {group['count']} in ") for line in lines) or \
            len([g for g in report["groups"] if g["code"] == group["code"]]) > 8
