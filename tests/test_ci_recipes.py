"""The CI recipes: the composite GitHub action at the repository root and the GitLab snippet in the docs."""

import re

import yaml

from factory import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
DOCS = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")


def steps_running(text):
    return [s for s in ACTION["runs"]["steps"] if text in s.get("run", "")]


def test_the_action_is_composite_and_installs_ccuskg_from_the_ref_it_is_used_at():
    assert ACTION["runs"]["using"] == "composite"
    (install,) = steps_running("pip install")
    assert "${{ github.action_path }}" in install["run"]


def test_the_action_annotates_fails_on_violations_and_uploads_sarif_even_when_validation_fails():
    (gate,) = steps_running("--format github")
    assert "ccuskg validate" in gate["run"] and "|| " not in gate["run"]  # its exit status is the verdict
    (sarif,) = steps_running("--format sarif")
    assert "|| [ $? -eq 1 ]" in sarif["run"]  # violations still give a report; a usage error does not pass
    (upload,) = [s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert upload["if"].startswith("always()")


def test_the_actions_shapes_input_becomes_repeated_shapes_options():
    assert {"paths", "shapes", "shapes-only", "strict", "sarif"} <= set(ACTION["inputs"])
    for step in steps_running("ccuskg validate"):
        assert 'args+=(--shapes "$s")' in step["run"]


def test_the_gitlab_snippet_in_the_docs_is_a_job_publishing_a_junit_report():
    (snippet,) = [block for block in re.findall(r"```yaml\n(.*?)```", DOCS, re.S) if ".gitlab-ci.yml" in block]
    (job,) = yaml.safe_load(snippet).values()
    assert job["artifacts"]["reports"]["junit"] == "ccuskg-junit.xml"
    assert any(line.strip() == "- ccuskg validate records/" or line.strip().startswith("ccuskg validate records/")
               for line in job["script"] if "||" not in line)
