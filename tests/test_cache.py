"""The record cache (``ccuskg.model.cache``): a warm run gives exactly what a run without it gives, and an
entry is never used for a changed record, a changed ontology or another base IRI. Real files and
real cache folders throughout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from ccuskg.model.compile import compile_records
from ccuskg.cli import main
from ccuskg.core.package_data import ontology_dir
from ccuskg.validation.validate import validate
from ccuskg.model.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from validate_bench import generate, inject_defects, write  # noqa: E402


def _records(folder: Path, n: int = 100) -> Path:
    generate(folder, n)
    inject_defects(folder)  # unreadable files, duplicates and many diagnostics with line numbers
    return folder


def _outcome(compiled) -> tuple:
    """Everything a build hands on: the quads in order, the diagnostics with lines, the records."""
    return (ox.serialize(compiled.quads(), format=ox.RdfFormat.N_QUADS),
            [d.as_dict() for d in compiled.diagnostics],
            [(r.display, r.relative, r.lang, r.data, r.body, r.sha256, r.front_matter_lines) for r in compiled.records],
            [(m.graph, m.policy, [d.as_dict() for d in m.diagnostics]) for m in compiled.mapped])


def _packs(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/pack-*.jsonl"))


def test_a_warm_run_gives_exactly_what_an_uncached_run_gives(tmp_path):
    records, cache = _records(tmp_path / "records"), tmp_path / "cache"
    plain = compile_records([records])
    cold = compile_records([records], cache=cache)
    warm = compile_records([records], cache=cache)
    assert cold.cache_stats["written"] == len(plain.records) and cold.cache_stats["hits"] == 0
    assert warm.cache_stats["hits"] == len(plain.records) and warm.cache_stats["written"] == 0
    assert _outcome(cold) == _outcome(plain)
    assert _outcome(warm) == _outcome(plain)


def test_validation_from_a_warm_cache_is_identical(tmp_path):
    records, cache = _records(tmp_path / "records"), tmp_path / "cache"
    plain = validate([records])
    validate([records], cache=cache)
    warm = validate([records], cache=cache)
    assert len(plain.results) > 30
    assert warm.to_json() == plain.to_json()
    assert warm.text_lines() == plain.text_lines()  # line numbers included
    assert warm.to_turtle() == plain.to_turtle()


def test_a_changed_record_is_read_again_not_served_from_the_cache(tmp_path):
    records, cache = _records(tmp_path / "records", 100), tmp_path / "cache"
    compile_records([records], cache=cache)
    path = records / "en" / "gen-000003.md"
    front = json.loads(path.read_text(encoding="utf-8").split("---\n")[1])
    front["title"] = "A title edited after the cache was written"
    write(records, "en", front)
    again = compile_records([records], cache=cache)
    assert again.cache_stats["misses"] >= 1 and again.cache_stats["written"] == 1
    assert _outcome(again) == _outcome(compile_records([records]))
    assert "A title edited after the cache was written" in again.quads().__repr__()


def test_the_same_file_given_under_another_path_is_another_entry(tmp_path):
    records, cache = _records(tmp_path / "records", 100), tmp_path / "cache"
    compile_records([records], cache=cache)
    moved = tmp_path / "moved"
    shutil.copytree(records, moved)
    again = compile_records([moved], cache=cache)  # sourceFile and the file names in messages differ
    assert again.cache_stats["hits"] == 0
    assert _outcome(again) == _outcome(compile_records([moved]))


def test_a_changed_ontology_invalidates_every_entry(tmp_path):
    records, cache = _records(tmp_path / "records", 100), tmp_path / "cache"
    ontology = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), ontology)
    first = compile_records([records], vocab=load_vocabulary(ontology), cache=cache)
    assert compile_records([records], vocab=load_vocabulary(ontology), cache=cache).cache_stats["hits"] == len(first.records)
    some = sorted(ontology.glob("*.ttl"))[0]
    some.write_text(some.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = compile_records([records], vocab=load_vocabulary(ontology), cache=cache)
    assert after.cache_stats["hits"] == 0 and after.cache_stats["written"] == len(first.records)


def test_another_base_iri_does_not_use_the_entries(tmp_path):
    records, cache = _records(tmp_path / "records", 100), tmp_path / "cache"
    compile_records([records], cache=cache)
    other = compile_records([records], base="https://example.org/kg/", cache=cache)
    assert other.cache_stats["hits"] == 0
    assert _outcome(other) == _outcome(compile_records([records], base="https://example.org/kg/"))


def test_a_damaged_entry_is_ignored_counted_and_rebuilt(tmp_path):
    records, cache = _records(tmp_path / "records", 100), tmp_path / "cache"
    compile_records([records], cache=cache)
    [pack] = _packs(cache)
    lines = pack.read_bytes().split(b"\n")
    lines[0] = lines[0].replace(b"gen-", b"GEN-", 1)  # a changed byte inside one entry
    lines[1] = lines[1][:200]  # a truncated entry
    pack.write_bytes(b"\n".join(lines))
    damaged = compile_records([records], cache=cache)
    assert damaged.cache_stats["rebuilt"] == 2
    assert _outcome(damaged) == _outcome(compile_records([records]))
    healed = compile_records([records], cache=cache)
    assert healed.cache_stats["rebuilt"] == 0 and healed.cache_stats["hits"] == len(damaged.records)
    assert len(_packs(cache)) == 1


def test_a_garbage_pack_is_only_misses(tmp_path):
    records, cache = _records(tmp_path / "records", 100), tmp_path / "cache"
    compile_records([records], cache=cache)
    [pack] = _packs(cache)
    pack.write_bytes(b"\x00\xffnot a pack at all\n" * 100)
    again = compile_records([records], cache=cache)
    assert again.cache_stats["hits"] == 0
    assert _outcome(again) == _outcome(compile_records([records]))


def test_concurrent_runs_on_one_cache_agree_with_an_uncached_run(tmp_path):
    records, cache = _records(tmp_path / "records", 100), tmp_path / "cache"
    expected = validate([records]).to_json()
    script = ("import sys; from ccuskg.validation.validate import validate; "
              "sys.stdout.write(validate([sys.argv[1]], cache=sys.argv[2]).to_json())")
    for _ in range(2):  # a cold pair, then a warm pair racing to replace the pack
        runs = [subprocess.Popen([sys.executable, "-c", script, str(records), str(cache)], stdout=subprocess.PIPE)
                for _ in range(3)]
        outputs = [run.communicate()[0].decode("utf-8") for run in runs]
        assert [run.returncode for run in runs] == [0, 0, 0]
        assert outputs == [expected] * 3
    assert validate([records], cache=cache).to_json() == expected


def test_cli_caches_under_dot_ccuskg_unless_told_not_to(tmp_path, monkeypatch):
    records = _records(tmp_path / "records", 100)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    uncached = runner.invoke(main, ["validate", "--no-cache", "--format", "json", str(records)])
    assert not (tmp_path / ".ccuskg").exists()
    first = runner.invoke(main, ["validate", "--format", "json", str(records)])
    assert _packs(tmp_path / ".ccuskg" / "cache")
    second = runner.invoke(main, ["validate", "--format", "json", str(records)])
    assert uncached.exit_code == first.exit_code == second.exit_code == 1  # the injected defects
    assert uncached.output == first.output == second.output


def test_a_run_over_a_few_files_keeps_the_entries_of_the_others(tmp_path):
    records, cache = _records(tmp_path / "records", 100), tmp_path / "cache"
    whole = compile_records([records], cache=cache)
    one = records / "en" / "gen-000005.md"
    one.write_text(one.read_text(encoding="utf-8").replace("Body text.", "Edited body."), encoding="utf-8")
    assert compile_records([one], cache=cache).cache_stats["written"] == 1
    again = compile_records([records], cache=cache)
    assert again.cache_stats["hits"] == len(whole.records) - 1  # only the edited file is read again
    assert _outcome(again) == _outcome(compile_records([records]))
