"""A plain (non-editable) wheel install carries ontology/ and shapes/, so the installed CLI works."""

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from factory import FOUNDING_RECORD, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                   check=True)
    (built,) = out.glob("ccuskg-*.whl")
    return built


def test_wheel_contains_ontology_and_shapes(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    ontology = {Path(n).name for n in names if n.startswith("ccuskg/_data/ontology/")}
    source = {p.name for p in (ROOT / "ontology").iterdir() if p.is_file()}
    assert source <= ontology
    assert any(n.startswith("ccuskg/_data/shapes/") for n in names) or not any((ROOT / "shapes").glob("*.ttl"))
    queries = {Path(n).name for n in names if n.startswith("ccuskg/queries/")}
    assert {p.name for p in (ROOT / "ccuskg" / "queries").glob("*.rq")} <= queries


def test_wheel_installed_in_a_fresh_venv_runs_build(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    records = tmp_path / "records" / "zh"
    records.mkdir(parents=True)
    (records / FOUNDING_RECORD.name).write_bytes(FOUNDING_RECORD.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CCUSKG_STORE")}
    result = subprocess.run([str(env_dir / "bin" / "ccuskg"), "build", str(tmp_path / "records"),
                             "--store", str(tmp_path / "store")],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "(1 policies)" in result.stdout
    query = subprocess.run([str(env_dir / "bin" / "ccuskg"), "query", "--store", str(tmp_path / "store"),
                            "--format", "csv", "SELECT ?c WHERE { ?c a skos:ConceptScheme } ORDER BY ?c"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "https://w3id.org/ccuskg/vocab/category" in query.stdout  # vocabularies came from the wheel
