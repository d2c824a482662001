"""What an incremental build must read and map again, decided from the previous build's manifest.

A record's quads depend on its own file only, except in four ways that this module recomputes from
what the manifest keeps of every record (its ``entry``: kind, language, id, the lines of ``id`` and
``evolution.clusters``, its cluster names, the policy ids a facility names, its gap notes and its
description facts): which file of a duplicate id is kept (the first in build order), the
``merged-cluster`` warnings (first name seen), the facilities' links to policies (a facility is mapped
again only when a policy it names appeared or vanished), and the counts of the build description.
So only added and changed files are read, plus the few an edit elsewhere affects; the result is the
one a full build (``ccuskg.model.stream``) makes, message for message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ccuskg.core.diagnostics import Diagnostic
from ccuskg.core.namespaces import CCUS, DCTERMS, RDF, XSD
from ccuskg.ingest.kinds import FACILITY, POLICY
from ccuskg.ingest.records import Record, RecordProblem, parse_file
from ccuskg.model.by_kind import map_record
from ccuskg.model.compile import ClusterNames, DuplicateIds
from ccuskg.model.gaps import Gaps
from ccuskg.model.mapping import MappedRecord, Mapper

# the messages that depend on other records: recomputed, never kept from the previous build
CONTEXT_CODES = frozenset({"duplicate-id", "merged-cluster"})
_FACTS = {RDF + "type": "policies", CCUS + "jurisdiction": "jurisdictions", CCUS + "issuer": "issuers",
          CCUS + "lastAuditDate": "audit_dates", CCUS + "publicationDate": "publication_dates",
          DCTERMS + "license": "licences"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def graph_facts(quads) -> dict:
    """What ``publish.description.gather`` would take from one graph's triples: the policies typed,
    the "subject IRI" pairs of jurisdiction and issuer, [subject, value] of a licence, the dates. The description of a
    build is the same function of the union of these, so it is recomputed without reading the store."""
    found: dict[str, set] = {}
    for q in quads:
        kind = _FACTS.get(q.predicate.value)
        if kind is None:
            continue
        s, o = q.subject.value, q.object
        if kind == "policies":
            value = s if o.value == CCUS + "Policy" else None
        elif kind.endswith("_dates"):
            value = o.value if isinstance(o, ox.Literal) and o.datatype.value == XSD + "date" \
                and _DATE.fullmatch(o.value) else None
        elif kind == "licences":
            value = (s, o.value)
        else:  # "subject object": IRIs hold no space
            value = f"{s} {o.value}" if isinstance(o, ox.NamedNode) else None
        if value is not None:
            found.setdefault(kind, set()).add(value)
    return {kind: sorted(list(v) if isinstance(v, tuple) else v for v in values)
            for kind, values in sorted(found.items())}


def entry_of(record: Record, mapped: MappedRecord | None = None, notes=()) -> dict:
    """What the manifest keeps of a record (``mapped`` is None for a refused duplicate)."""
    entry = {"kind": record.kind, "lang": record.lang, "id": record.id,
             "lines": [record.line_of("id"), None]}
    names = _cluster_names(record.data)
    if names:
        entry["clusters"] = names
        entry["lines"][1] = record.line_of("evolution.clusters")
    if record.kind == FACILITY:
        entry["refs"] = _named_policies(record.data.get("relatedPolicies"))
    if mapped is not None:
        entry.update(graph=mapped.graph, policy=mapped.policy, facts=graph_facts(mapped.quads))
        if notes:
            entry["gaps"] = list(notes)
    return entry


def _cluster_names(data: dict):
    evolution = data.get("evolution")
    names = evolution.get("clusters") if isinstance(evolution, dict) else None
    return names if isinstance(names, list) and names else None


def _named_policies(ids) -> list[str]:
    """The policy ids a facility's ``relatedPolicies`` names (a superset of those it links)."""
    return sorted({i.strip() for i in (ids if isinstance(ids, list) else [ids]) if isinstance(i, str) and i.strip()})


class Known:
    """A record of the previous build, as its manifest entry tells it: enough for the duplicate and
    cluster checks, which read its kind, language, id, cluster names and two line numbers."""

    def __init__(self, display: str, entry: dict):
        self.display, self.entry = display, entry
        self.kind, self.lang, self.id = entry["kind"], entry["lang"], entry["id"]
        self.data = {"evolution": {"clusters": entry["clusters"]}} if "clusters" in entry else {}

    def line_of(self, field_path: str) -> int | None:
        return self.entry["lines"][0 if field_path == "id" else 1]


@dataclass
class Item:
    """One record file of this build: read afresh (``record`` a Record or RecordProblem) or known."""

    root: object
    path: object
    display: str
    record: Record | RecordProblem | Known
    fresh: bool
    mapped: MappedRecord | None = None
    entry: dict | None = None

    @property
    def is_facility(self) -> bool:
        return not isinstance(self.record, RecordProblem) and self.record.kind == FACILITY


@dataclass
class Delta:
    """The outcome: the records mapped now, and the whole build's state as a full build would leave it."""

    files: dict[str, str] = field(default_factory=dict)
    entries: dict[str, dict] = field(default_factory=dict)
    graphs: dict[str, list] = field(default_factory=dict)
    mapped: list[MappedRecord] = field(default_factory=list)
    kept: list[Item] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    gaps: dict = field(default_factory=dict)
    policies: set[str] = field(default_factory=set)


def plan(found, hashes: dict[str, str], previous: dict, index: dict, mapper: Mapper, limit: int) -> Delta | None:
    """The delta from ``previous`` (a manifest, with its ``index``) to the files ``found`` (hashed in
    ``hashes``); None when more than ``limit`` records would be mapped (a full build is then quicker)."""
    old_files, old_entries, old_graphs = previous["files"], index["entries"], index["graphs"]
    kept_before = _kept_diagnostics(previous["report"]["diagnostics"])
    items = [_item(root, path, hashes, old_files, old_entries) for root, path in found]
    delta = Delta()
    ordered = [i for i in items if not i.is_facility] + [i for i in items if i.is_facility]
    policy_ids = _check(ordered, mapper, delta, kept_before)
    old_policy_ids = {e["id"] for e in old_entries.values() if e["kind"] == POLICY}
    moved = policy_ids ^ old_policy_ids
    redo = [i for i in delta.kept if i.fresh or _owner_changed(i, old_graphs) or _links_changed(i, moved)]
    removed = len(old_graphs) - (len(delta.kept) - len(redo))  # at least the graphs no record holds now
    if len(redo) + removed > limit:
        return None
    gaps = Gaps(mapper.vocab)
    for item in redo:
        if not _map(item, mapper, policy_ids, gaps):
            return None
        delta.mapped.append(item.mapped)
    _collect(items, delta, hashes, old_graphs, kept_before, gaps)
    return delta


def _item(root, path, hashes, old_files, old_entries) -> Item:
    display = str(path)  # as ``file_identity`` names it
    if old_files.get(display) == hashes.get(display, "") and display in old_entries:
        return Item(root, path, display, Known(display, old_entries[display]), False)
    if old_files.get(display) == hashes.get(display, "") and display in old_files:
        return Item(root, path, display, RecordProblem(path, display, "", ""), False)  # still unreadable
    return Item(root, path, display, parse_file(path, root), True)


def _check(ordered: list[Item], mapper: Mapper, delta: Delta, kept_before: dict) -> set[str]:
    """The duplicate and cluster checks in a full build's order; returns the policy ids kept."""
    duplicates, clusters, policy_ids = DuplicateIds(), ClusterNames(mapper.mint.cluster), set()
    messages = delta.diagnostics
    for item in ordered:
        record = item.record
        if isinstance(record, RecordProblem):
            messages.extend([record.diagnostic()] if item.fresh else kept_before.get(item.display, []))
            continue
        problem = duplicates.check(record)
        if problem is not None:
            messages.append(problem)
            continue
        messages.extend(clusters.check(record))
        if record.kind == POLICY:
            policy_ids.add(record.id)
        delta.kept.append(item)
    return policy_ids


def _owner_changed(item: Item, old_graphs: dict) -> bool:
    """A known record whose graph another file held (it was a refused duplicate until now)."""
    graph = item.record.entry.get("graph")
    return graph is None or old_graphs.get(graph, [None])[0] != item.display


def _links_changed(item: Item, moved: set[str]) -> bool:
    return item.record.kind == FACILITY and not moved.isdisjoint(item.record.entry.get("refs", ()))


def _map(item: Item, mapper: Mapper, policy_ids: set[str], gaps: Gaps) -> bool:
    """Map an item (reading a known one again); False when its file no longer reads as a record."""
    if not item.fresh:
        item.record = parse_file(item.path, item.root)
        if not isinstance(item.record, Record):
            return False
    item.mapped = map_record(mapper, item.record, policy_ids)
    item.entry = entry_of(item.record, item.mapped, gaps.add_record(item.record, item.mapped.diagnostics))
    return True


def _collect(items: list[Item], delta: Delta, hashes: dict, old_graphs: dict, kept_before: dict, gaps: Gaps) -> None:
    """The files, entries, graphs, messages, gaps and policies of the whole build."""
    kept = {id(i) for i in delta.kept}
    for item in items:
        record = item.record
        delta.files[item.display] = record.sha256 if isinstance(record, Record) else hashes[item.display]
        if isinstance(record, RecordProblem):
            continue
        if item.entry is None:
            item.entry = record.entry if isinstance(record, Known) else entry_of(record)
        delta.entries[item.display] = item.entry
        if id(item) not in kept:
            continue
        entry = item.entry
        if item.mapped is not None:
            delta.graphs[entry["graph"]] = [item.display, record.relative, record.sha256, len(set(item.mapped.quads))]
            delta.diagnostics.extend(item.mapped.diagnostics)
        else:
            delta.graphs[entry["graph"]] = old_graphs[entry["graph"]]
            delta.diagnostics.extend(kept_before.get(item.display, []))
            for note in entry.get("gaps", ()):
                gaps.add_note(note)
        if entry["kind"] == POLICY:
            delta.policies.add(entry["policy"])
    delta.diagnostics.sort()
    delta.gaps = gaps.result()


def _kept_diagnostics(saved: list[dict]) -> dict[str, list[Diagnostic]]:
    """The previous build's messages by file, without those that depend on other records."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in saved:
        if d.get("code") not in CONTEXT_CODES:
            by_file.setdefault(d["file"], []).append(Diagnostic(**d))
    return by_file
