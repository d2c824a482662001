"""The pre-commit hook: the changed records plus the records they are checked against, nothing else."""

import yaml
from click.testing import CliRunner

from ccuskg.cli.precommit import main

from factory import ROOT, chain, record


def hook(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_the_hook_passes_the_staged_files_to_the_changed_records_command():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    changed = hooks["ccuskg-validate"]
    assert changed["entry"] == "python -m ccuskg.cli.precommit"
    assert changed["pass_filenames"] is True and changed["language"] == "python" and "md" in changed["files"]


def test_only_the_changed_record_is_validated(tmp_path):
    touched = record(tmp_path, id="touched", analysis__mrv__score=150)
    record(tmp_path, id="untouched", analysis__mrv__score=150)
    out = hook("--records", tmp_path, touched)
    assert out.exit_code == 1
    assert [line.split(":")[0] for line in out.stdout.splitlines()] == [str(touched)]


def test_the_other_language_version_of_a_changed_record_is_checked_against_it(tmp_path):
    en = record(tmp_path, id="pair", lang="en", analysis__mrv__score=60)
    zh = record(tmp_path, id="pair", lang="zh", title="演示政策", analysis__mrv__score=70)
    out = hook("--records", tmp_path, en)
    assert out.exit_code == 1
    assert {line.split(":")[0] for line in out.stdout.splitlines() if "analysis.mrv.score" in line} == {str(en), str(zh)}


def test_the_policy_a_changed_record_supersedes_is_checked_with_it(tmp_path):
    new = chain(tmp_path, old_status="Active")  # old is superseded but still in force: a warning on old
    out = hook("--records", tmp_path, new)
    assert any(line.startswith(str(tmp_path / "en" / "old.md")) and ": status: warning:" in line
               for line in out.stdout.splitlines())


def test_a_record_linking_to_a_changed_one_is_checked_with_it(tmp_path):
    chain(tmp_path, back_link=False)
    out = hook("--records", tmp_path, tmp_path / "en" / "old.md")  # "new" supersedes it; "old" does not link back
    assert "2 records" in out.stderr


def test_files_that_are_not_records_under_the_record_folders_are_ignored(tmp_path):
    record(tmp_path / "records", analysis__mrv__score=150)
    readme = tmp_path / "README.md"
    readme.write_text("# notes\\n", encoding="utf-8")
    out = hook("--records", tmp_path / "records", readme)
    assert out.exit_code == 0 and out.stdout == ""
