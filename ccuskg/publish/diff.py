"""Release diffs: what changed between two releases, for people (text, JSON) and for stores (a patch).

A release is a built store or an export file (any format pyoxigraph reads, chosen by suffix). Both
are compared as their union of triples, the content of a Turtle export, so that the patch applied
to the old export gives exactly the new one. On top of the triples the diff names the policies and
facilities added, removed and changed, and for a changed one each field with its old and new values
(ccus terms only: the standard terms the build adds would repeat every change). Everything is
sorted: the same two releases give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import CCUS, RDF
from ccuskg.publish.formats import format_for_suffix

KINDS = {CCUS + "Policy": "policy", CCUS + "Facility": "facility"}
FORMATS = ("text", "json", "rdf-patch", "sparql-update")
_TYPE = RDF + "type"


class DiffError(UserError, ValueError):
    """A release that cannot be read."""


@dataclass
class Change:
    """One policy or facility present in both releases whose ccus triples differ."""

    kind: str
    iri: str
    fields: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)  # term -> (old, new)


@dataclass
class Diff:
    added: set[ox.Triple]
    removed: set[ox.Triple]
    entities: dict[str, dict[str, list]] = field(default_factory=dict)  # kind -> added/removed/changed

    def to_json(self) -> dict:
        return {"triples": {"added": len(self.added), "removed": len(self.removed)},
                **{kind: {"added": e["added"], "removed": e["removed"],
                          "changed": [{"iri": c.iri, "fields": {k: {"old": o, "new": n} for k, (o, n)
                                                                in sorted(c.fields.items())}}
                                      for c in e["changed"]]}
                   for kind, e in sorted(self.entities.items())}}


def read_release(path: Path | str) -> set[ox.Triple]:
    """The union of triples of a store folder or an export file."""
    path = Path(path)
    if (path / "CURRENT").is_file():
        from ccuskg.store import open_store

        store = open_store(path)
        return {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    registered = format_for_suffix(path.suffix)
    if registered is None or registered.media_type is None or not path.is_file():
        raise DiffError(f"{path}: neither a ccuskg store nor an RDF export file (.ttl, .nt, .nq, .trig, .jsonld, .rdf)")
    try:
        fmt = ox.RdfFormat.from_media_type(registered.media_type)
        return {q.triple for q in ox.parse(path=str(path), format=fmt)}
    except (SyntaxError, ValueError, OSError) as exc:
        raise DiffError(f"{path}: cannot be read as {registered.title}: {exc}") from None


def diff(old: set[ox.Triple], new: set[ox.Triple]) -> Diff:
    result = Diff(added=new - old, removed=old - new)
    before, after = _entities(old), _entities(new)
    for kind in sorted(set(KINDS.values())):
        olds, news = before.get(kind, set()), after.get(kind, set())
        changed = [c for c in (_change(kind, iri, old, new) for iri in sorted(olds & news)) if c.fields]
        result.entities[kind] = {"added": sorted(news - olds), "removed": sorted(olds - news), "changed": changed}
    return result


def _entities(triples: set[ox.Triple]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == _TYPE and t.object.value in KINDS:
            out.setdefault(KINDS[t.object.value], set()).add(t.subject.value)
    return out


def _change(kind: str, iri: str, old: set[ox.Triple], new: set[ox.Triple]) -> Change:
    """The ccus fields of ``iri`` and of the nodes under it (its assessments), old and new values."""
    change = Change(kind, iri)
    values: dict[str, tuple[set[str], set[str]]] = {}
    for index, triples in enumerate((old, new)):
        for t in triples:
            subject = t.subject.value
            if (subject == iri or subject.startswith(iri + "/")) and t.predicate.value.startswith(CCUS):
                name = _term(t.predicate.value) if subject == iri else f"{subject[len(iri) + 1:]} {_term(t.predicate.value)}"
                values.setdefault(name, (set(), set()))[index].add(str(t.object))
    for name, (before, after) in values.items():
        if before != after:
            change.fields[name] = (sorted(before), sorted(after))
    return change


def _term(iri: str) -> str:
    return "ccus:" + iri[len(CCUS):]


# ------------------------------------------------------------------------------ renderings


def render(result: Diff, fmt: str) -> bytes:
    """``result`` as text, JSON, RDF Patch or SPARQL Update."""
    if fmt == "json":
        return (json.dumps(result.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if fmt == "rdf-patch":
        return rdf_patch(result)
    if fmt == "sparql-update":
        return sparql_update(result)
    if fmt == "text":
        return text(result).encode("utf-8")
    raise DiffError(f"unknown diff format {fmt!r} (known: {', '.join(FORMATS)})")


def _lines(triples: set[ox.Triple]) -> list[str]:
    return sorted(f"{t} ." for t in triples)


def rdf_patch(result: Diff) -> bytes:
    """RDF Patch (https://afs.github.io/rdf-patch/): one transaction, deletions first."""
    lines = ["TX ."] + ["D " + line for line in _lines(result.removed)] + ["A " + line for line in _lines(result.added)]
    return ("\n".join(lines + ["TC ."]) + "\n").encode("utf-8")


def sparql_update(result: Diff) -> bytes:
    """SPARQL 1.1 Update on the default graph: DELETE DATA, then INSERT DATA."""
    parts = []
    for verb, triples in (("DELETE", result.removed), ("INSERT", result.added)):
        if triples:
            body = "\n".join("  " + line for line in _lines(triples))
            parts.append(f"{verb} DATA {{\n{body}\n}}")
    return (" ;\n".join(parts) + "\n").encode("utf-8")


def text(result: Diff) -> str:
    out = [f"triples: {len(result.added)} added, {len(result.removed)} removed"]
    for kind, entities in sorted(result.entities.items()):
        out.append(f"{kind}: {len(entities['added'])} added, {len(entities['removed'])} removed, "
                   f"{len(entities['changed'])} changed")
        out += [f"  + {iri}" for iri in entities["added"]] + [f"  - {iri}" for iri in entities["removed"]]
        for change in entities["changed"]:
            out.append(f"  ~ {change.iri}")
            for name, (old, new) in sorted(change.fields.items()):
                out.append(f"      {name}: {_values(old)} -> {_values(new)}")
    return "\n".join(out) + "\n"


def _values(values: list[str]) -> str:
    return ", ".join(values) if values else "(none)"


def diff_releases(old: Path | str, new: Path | str) -> Diff:
    """The diff of two releases (store folders or export files)."""
    return diff(read_release(old), read_release(new))


__all__ = ["Diff", "Change", "DiffError", "FORMATS", "diff", "diff_releases", "read_release", "render",
           "rdf_patch", "sparql_update", "text"]
