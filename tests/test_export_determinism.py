"""Same records -> byte-identical files, in every format, framed, per resource and in the description."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

import ccuskg

URL = "https://partner.example/ccus/context.jsonld"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    from factory import SEEDS

    root = tmp_path_factory.mktemp("determinism")
    shutil.copytree(SEEDS, root / "seeds")
    return [ccuskg.build([root / "seeds"], store=root / name / "store") for name in ("one", "two")], root


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt", "nquads", "trig", "rdfxml"])
def test_every_format_is_byte_identical_across_builds(two_builds, fmt):
    (one, two), _ = two_builds
    assert one.export(fmt) == two.export(fmt)
    assert one.export(fmt, include_ontology=False) == two.export(fmt, include_ontology=False)


def test_framed_json_ld_is_byte_identical_across_builds(two_builds):
    (one, two), _ = two_builds
    assert one.export("json-ld", frame="policy", context_url=URL) == two.export("json-ld", frame="policy", context_url=URL)


def test_per_resource_files_are_byte_identical_across_builds(two_builds):
    (one, two), root = two_builds
    first = one.export_resources(root / "site-one", context_url=URL)
    second = two.export_resources(root / "site-two", context_url=URL)
    assert [p.relative_to(root / "site-one") for p in first] == [p.relative_to(root / "site-two") for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a


def test_dataset_description_is_byte_identical_across_builds(two_builds):
    (one, two), root = two_builds
    a = one.export_metadata(root / "a.void.ttl", "turtle", 100)
    b = two.export_metadata(root / "b.void.ttl", "turtle", 100)
    assert a.read_bytes() == b.read_bytes()


def test_turtle_is_byte_identical_across_processes_with_different_hash_seeds(two_builds, tmp_path):
    (one, _), _ = two_builds
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = tmp_path / f"graph-{seed}.ttl"
        subprocess.run([sys.executable, "-m", "ccuskg.cli", "export", "--store", str(one.path), "-o", str(out),
                        "--no-metadata"], check=True, env=env, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
