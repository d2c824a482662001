"""Release diffs: an edited copy of the seeds gives exactly the expected changes, and the patch turns
the old export into the new one."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import ccuskg
from ccuskg.publish.diff import diff_releases, render
from factory import SEEDS, record

BASE = "https://w3id.org/ccuskg/"
EDITED = "au-ccs-method-determination-2021"
GONE = "br-lei-14993-2024"
OLD_TITLE = "Carbon capture and storage methodology determination 2021 (F2021L01379)"


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    root = tmp_path_factory.mktemp("diff")
    shutil.copytree(SEEDS, root / "old")
    shutil.copytree(SEEDS, root / "new")
    path = root / "new" / "en" / f"{EDITED}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_TITLE, "CCS method 2021"), encoding="utf-8")
    for lang in ("en", "zh"):
        (root / "new" / lang / f"{GONE}.md").unlink()
    record(root / "new", relatedFacilities=["demo-plant"])
    for name in ("old", "new"):
        kg = ccuskg.build([root / name], store=root / f"{name}-store")
        kg.export("turtle", output=root / f"{name}.ttl", describe=False)
    return root


def test_the_diff_names_the_policies_and_facilities_added_removed_and_changed(releases):
    result = diff_releases(releases / "old-store", releases / "new-store").to_json()
    policy = result["policy"]
    assert policy["added"] == [BASE + "policy/demo"] and policy["removed"] == [BASE + f"policy/{GONE}"]
    assert [c["iri"] for c in policy["changed"]] == [BASE + f"policy/{EDITED}"]
    title = policy["changed"][0]["fields"]
    assert list(title) == ["ccus:title"]
    assert f'"{OLD_TITLE}"@en' in title["ccus:title"]["old"] and '"CCS method 2021"@en' in title["ccus:title"]["new"]
    assert result["facility"] == {"added": [BASE + "facility/demo-plant"], "removed": [], "changed": []}


def test_the_sparql_update_turns_the_old_export_into_the_new_one(releases):
    patch = render(diff_releases(releases / "old.ttl", releases / "new.ttl"), "sparql-update")
    store = ox.Store()
    store.load(path=str(releases / "old.ttl"), format=ox.RdfFormat.TURTLE)
    store.update(patch.decode("utf-8"))
    patched = rdflib.Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                                   format="nt")
    assert isomorphic(patched, rdflib.Graph().parse(releases / "new.ttl", format="turtle"))


def test_the_rdf_patch_of_two_stores_turns_the_old_export_into_the_new_one(releases):
    patch = render(diff_releases(releases / "old-store", releases / "new-store"), "rdf-patch").decode("utf-8")
    graph = rdflib.Graph().parse(releases / "old.ttl", format="turtle")
    lines = patch.splitlines()
    assert lines[0] == "TX ." and lines[-1] == "TC ."
    for line in lines[1:-1]:
        (triple,) = rdflib.Graph().parse(data=line[2:], format="nt")
        (graph.remove if line.startswith("D ") else graph.add)(triple)
    assert isomorphic(graph, rdflib.Graph().parse(releases / "new.ttl", format="turtle"))


def test_the_same_releases_give_the_same_bytes_and_a_release_has_no_diff_with_itself(releases):
    first = render(diff_releases(releases / "old-store", releases / "new-store"), "json")
    assert first == render(diff_releases(releases / "old-store", releases / "new-store"), "json")
    same = diff_releases(releases / "old.ttl", releases / "old-store")
    assert not same.added and not same.removed


def test_the_command_writes_text_and_refuses_an_unreadable_release(releases, cli, tmp_path):
    result = cli("diff", releases / "old-store", releases / "new-store")
    assert result.exit_code == 0
    assert "policy: 1 added, 1 removed, 1 changed" in result.stdout and "CCS method 2021" in result.stdout
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    refused = cli("diff", tmp_path / "notes.txt", releases / "new.ttl")
    assert refused.exit_code == 2 and refused.stderr.strip().startswith("Error: ") and len(refused.stderr.splitlines()) == 1


def test_export_writes_the_diff_from_an_earlier_release_beside_the_file(releases, cli, tmp_path):
    result = cli("export", "--store", releases / "new-store", "-o", tmp_path / "graph.ttl", "--no-progress",
                 "--diff-from", releases / "old.ttl")
    assert result.exit_code == 0, result.stderr
    expected = diff_releases(releases / "old.ttl", releases / "new-store")
    assert (tmp_path / "graph.ttl.diff.json").read_bytes() == render(expected, "json")
    assert (tmp_path / "graph.ttl.rdfp").read_bytes() == render(expected, "rdf-patch")
