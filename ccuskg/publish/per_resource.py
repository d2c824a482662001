"""One description per resource: policies framed as nested JSON-LD, and files for a static web host.

What a resource's description holds (the same triples in its ``.ttl`` and ``.jsonld``):

* a **policy**: every triple about the policy, every triple about its assessments, and the
  ``rdf:type`` and ``skos:prefLabel`` of each concept, jurisdiction, issuer, cluster or facility it
  refers to, so the page reads without further look-ups. Other policies it links to (supersession,
  amendment, transposition) are referenced by IRI, not embedded. Left out: the policy records and
  their provenance (authors, reviewers, audit dates, source files), which stay in the full exports.
* a **facility**: every triple about it, its geometry and ``schema:geo`` coordinates, and the type and
  ``skos:prefLabel`` of the concepts and jurisdiction it refers to; related policies by IRI.
* a **jurisdiction** (those some policy or facility is in, or some country profile is about): every
  triple about it, its profile's fields included. An **issuer** (those some policy uses): every triple.
* an **evolution cluster**: every triple about it, plus the ``ccus:inCluster`` links of its
  member policies.

Files go to paths that mirror the IRIs: ``{base}policy/us-45q`` -> ``DIR/policy/us-45q.ttl`` and
``.jsonld``. Jurisdictions and issuers live under ``https://w3id.org/ccuskg/`` whatever the base.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import CCUS, DEFAULT_BASE, RDF, SKOS

Progress = Callable[[int, int], None]

_DG = ox.DefaultGraph()
_TYPE = ox.NamedNode(RDF + "type")
_PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")
_POLICY = ox.NamedNode(CCUS + "Policy")
_HAS_ASSESSMENT = ox.NamedNode(CCUS + "hasAssessment")
_IN_CLUSTER = ox.NamedNode(CCUS + "inCluster")
_POLICY_LINKS = {CCUS + p for p in ("supersedes", "supersededBy", "amends", "transposes", "relatedPolicy")}
_FACILITY = ox.NamedNode(CCUS + "Facility")
_FACILITY_PARTS = {"http://www.opengis.net/ont/geosparql#hasGeometry", "https://schema.org/geo"}


class UnsafeResourcePath(UserError, ValueError):
    pass


def _about(store: ox.Store, node) -> list[ox.Triple]:
    return [q.triple for q in store.quads_for_pattern(node, None, None, _DG)]


def _sorted(triples) -> list[ox.Triple]:
    """Distinct triples in N-Triples line order, so subjects come grouped and output is stable."""
    unique = {str(t): t for t in triples}
    return [unique[k] for k in sorted(unique)]


def policies(store: ox.Store) -> list[str]:
    return sorted(q.subject.value for q in store.quads_for_pattern(None, _TYPE, _POLICY, _DG)
                  if isinstance(q.subject, ox.NamedNode))


def policy_triples(store: ox.Store, iri: str, labels: dict | None = None) -> list[ox.Triple]:
    """The policy, its assessments, and type + prefLabel of the other things it refers to."""
    policy = ox.NamedNode(iri)
    triples = _about(store, policy)
    assessments = [t.object for t in triples if t.predicate == _HAS_ASSESSMENT and isinstance(t.object, ox.NamedNode)]
    for assessment in assessments:
        triples.extend(_about(store, assessment))
    return _with_labels(store, triples, {policy.value, *(a.value for a in assessments)}, labels)


def facility_triples(store: ox.Store, iri: str, labels: dict | None = None) -> list[ox.Triple]:
    """The facility, its geometry and coordinates, and type + prefLabel of what it refers to (related
    policies are referenced by IRI, not embedded)."""
    facility = ox.NamedNode(iri)
    triples = _about(store, facility)
    parts = [t.object for t in triples if t.predicate.value in _FACILITY_PARTS and isinstance(t.object, ox.NamedNode)]
    for part in parts:
        triples.extend(_about(store, part))
    return _with_labels(store, triples, {iri, *(p.value for p in parts)}, labels)


def jurisdiction_triples(store: ox.Store, iri: str, labels: dict | None = None) -> list[ox.Triple]:
    """The jurisdiction with its country profile, and type + prefLabel of the concepts it refers to."""
    return _with_labels(store, _about(store, ox.NamedNode(iri)), {iri}, labels)


def _with_labels(store: ox.Store, triples: list[ox.Triple], inner: set[str], labels: dict | None) -> list[ox.Triple]:
    """``triples`` plus the type and prefLabel of each node they link to outside ``inner`` (not policies)."""
    labels = {} if labels is None else labels
    for t in list(triples):
        obj = t.object
        if not isinstance(obj, ox.NamedNode) or obj.value in inner or t.predicate == _TYPE \
                or t.predicate.value in _POLICY_LINKS:
            continue
        if obj.value not in labels:
            stub = [q.triple for q in store.quads_for_pattern(obj, _TYPE, None, _DG)]
            stub += [q.triple for q in store.quads_for_pattern(obj, _PREF_LABEL, None, _DG)]
            labels[obj.value] = stub if not any(s.object == _POLICY for s in stub) else []
        triples.extend(labels[obj.value])
    return _sorted(triples)


def facilities(store: ox.Store) -> list[str]:
    return sorted(q.subject.value for q in store.quads_for_pattern(None, _TYPE, _FACILITY, _DG)
                  if isinstance(q.subject, ox.NamedNode))


def jurisdictions(store: ox.Store) -> list[str]:
    """The jurisdictions some policy or facility is in, or some country profile is about."""
    used = store.query(f"""SELECT DISTINCT ?x WHERE {{
            {{ ?p a <{CCUS}Policy> ; <{CCUS}jurisdiction> ?x }} UNION {{ ?p a <{CCUS}Facility> ; <{CCUS}jurisdiction> ?x }}
            UNION {{ ?r a <{CCUS}ProfileRecord> ; <{CCUS}recordAbout> ?x }}
            FILTER(isIRI(?x)) ?x a <{CCUS}Jurisdiction> }}""", use_default_graph_as_union=False)
    return sorted(row["x"].value for row in used)


def framed_policy(store: ox.Store, iri: str, context: dict, context_url: str | None = None,
                  labels: dict | None = None) -> dict:
    from ccuskg.publish.jsonld import frame_resource

    return frame_resource(iri, policy_triples(store, iri, labels), context, context_url)


def framed_policies(store: ox.Store, base: str | None, context_url: str | None = None,
                    progress: Progress | None = None, kind: str = "policy") -> bytes:
    """``--frame policy`` (or ``facility``, ``jurisdiction``): one nested document per resource of that
    kind, in one ``@graph``, sorted by IRI."""
    from ccuskg.publish.context import store_context
    from ccuskg.publish.jsonld import Terms, frame_resource, framed_document

    context = store_context(store)
    terms = Terms(context)
    listed, describe = _KINDS[kind]
    iris = listed(store)
    labels: dict = {}
    leaves: dict = {}

    def documents():  # a stream: each document is serialised before the next is framed
        for index, iri in enumerate(iris, 1):
            yield frame_resource(iri, describe(store, iri, labels), context, context_url, terms, leaves)
            if progress:
                progress(index, len(iris))

    return framed_document(documents(), context, context_url)


_KINDS = {"policy": (policies, policy_triples), "facility": (facilities, facility_triples),
          "jurisdiction": (jurisdictions, jurisdiction_triples)}


# ------------------------------------------------------------------------------ files per resource


@dataclass(frozen=True)
class Resource:
    kind: str   # policy, facility, jurisdiction, issuer, cluster
    iri: str


def resources(store: ox.Store) -> list[Resource]:
    """Every policy and cluster, and the jurisdictions and issuers that some policy uses."""
    found = [Resource("policy", iri) for iri in policies(store)]
    found += [Resource("facility", iri) for iri in facilities(store)]
    found += [Resource("jurisdiction", iri) for iri in jurisdictions(store)]
    used = store.query(f"""SELECT DISTINCT ?x WHERE {{ ?p a <{CCUS}Policy> ; <{CCUS}issuer> ?x
                            FILTER(isIRI(?x)) }}""", use_default_graph_as_union=False)
    found += sorted((Resource("issuer", row["x"].value) for row in used), key=lambda r: r.iri)
    clusters = store.quads_for_pattern(None, _TYPE, ox.NamedNode(CCUS + "EvolutionCluster"), _DG)
    found += sorted({Resource("cluster", q.subject.value) for q in clusters if isinstance(q.subject, ox.NamedNode)},
                    key=lambda r: r.iri)
    return found


def resource_triples(store: ox.Store, resource: Resource, labels: dict | None = None) -> list[ox.Triple]:
    if resource.kind in _KINDS:
        return _KINDS[resource.kind][1](store, resource.iri, labels)
    node = ox.NamedNode(resource.iri)
    triples = _about(store, node)
    if resource.kind == "cluster":
        triples += [q.triple for q in store.quads_for_pattern(None, _IN_CLUSTER, node, _DG)]
    return _sorted(triples)


def relative_path(iri: str, base: str | None) -> Path:
    """The path of ``iri`` below the base (or below https://w3id.org/ccuskg/), checked segment by segment."""
    for root in (base or DEFAULT_BASE, DEFAULT_BASE):
        if iri.startswith(root) and len(iri) > len(root):
            rest = iri[len(root):]
            break
    else:
        raise UnsafeResourcePath(f"{iri} is not under the base IRI {base or DEFAULT_BASE}")
    segments = rest.split("/")
    if any(s in ("", ".", "..") or "\\" in s or "\x00" in s or s.startswith(".") for s in segments) \
            or any(c in rest for c in "?#"):
        raise UnsafeResourcePath(f"{iri} does not map to a safe file path")
    return Path(*segments)


RESOURCE_FOLDERS = ("policy", "facility", "jurisdiction", "issuer", "cluster")


def check_no_link(directory: Path, relative: Path) -> None:
    """Refuse a path whose folders below ``directory`` include a symbolic link: writing through it
    would put files outside DIR (and a later export would delete there)."""
    here = directory
    for part in relative.parts[:-1]:
        here = here / part
        if here.is_symlink():
            raise UnsafeResourcePath(f"{here} is a symbolic link; not followed (nothing is written outside {directory})")


def remove_stale(directory: Path, written: list[Path]) -> list[Path]:
    """Delete the ``.ttl``/``.jsonld`` files an earlier export left in the resource folders.

    A re-export into the same folder must not keep publishing policies that are no longer in the
    store; files outside the resource folders (an index page, the site's own assets) are not touched.
    """
    keep = {os.path.abspath(path) for path in written}
    folders = set(RESOURCE_FOLDERS) | {p.relative_to(directory).parts[0] for p in written
                                       if len(p.relative_to(directory).parts) > 1}
    removed = []
    for folder in sorted(folders):
        top = directory / folder
        if top.is_symlink() or not top.is_dir():
            continue  # a link leads out of DIR: never walked, never deleted in
        for root, dirs, files in os.walk(top, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                if path.suffix in (".ttl", ".jsonld") and _regular(path) and os.path.abspath(path) not in keep:
                    path.unlink()
                    removed.append(path)
    return removed


def _regular(path: Path) -> bool:
    """A regular file itself, not a link to one (a link's target may be outside DIR)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def write_resources(store: ox.Store, directory: Path | str, base: str | None, context_url: str | None = None,
                    progress: Progress | None = None, skipped: list[str] | None = None,
                    removed: list[Path] | None = None) -> list[Path]:
    """Write ``.ttl`` and ``.jsonld`` per resource under ``directory``; returns the files written.

    A resource whose IRI maps to no safe path is not written; the reason goes to ``skipped`` (or is
    raised as ``UnsafeResourcePath`` when no list is given), never dropped silently. Files of
    resources an earlier export wrote there and that are gone now are deleted and listed in ``removed``.
    """
    from ccuskg.publish.context import render_context, store_context
    from ccuskg.core.namespaces import export_prefixes
    from ccuskg.publish.files import write_atomic
    from ccuskg.publish.jsonld import Terms, compact_document, frame_resource, single_document

    directory = Path(directory)
    earlier_export = (directory / "context.jsonld").is_file()  # only then are stale files ours to remove
    context = store_context(store)
    terms = Terms(context)
    prefixes = export_prefixes(base)
    labels: dict = {}
    leaves: dict = {}
    written: list[Path] = []
    claimed: dict[str, str] = {}  # case-folded path -> the IRI written there
    todo = resources(store)
    for index, resource in enumerate(todo, 1):
        try:
            relative = relative_path(resource.iri, base)
            other = claimed.setdefault(relative.as_posix().casefold(), resource.iri)
            if other != resource.iri:  # ids "A" and "a": one file would overwrite the other on macOS/Windows
                raise UnsafeResourcePath(f"{resource.iri} maps to the same file as {other} on a case-insensitive "
                                         f"file system (their ids differ only in case)")
            check_no_link(directory, relative)
            stem = directory / relative
        except UnsafeResourcePath as exc:
            if skipped is None:
                raise
            skipped.append(f"{resource.kind} {exc}")
            continue
        triples = resource_triples(store, resource, labels)
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        if resource.kind in ("policy", "facility"):
            framed = frame_resource(resource.iri, triples, context, context_url, terms, leaves)
            jsonld = single_document(framed, context, context_url)
        else:
            jsonld = compact_document(triples, context, context_url)
        for suffix, data in ((".ttl", turtle), (".jsonld", jsonld)):
            written.append(write_atomic(stem.with_name(stem.name + suffix), data))
        if progress:
            progress(index, len(todo))
    written.append(write_atomic(directory / "context.jsonld", render_context(context).encode("utf-8")))
    gone = remove_stale(directory, written) if earlier_export else []
    if removed is not None:
        removed.extend(gone)
    return written
