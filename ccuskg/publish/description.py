"""The dataset description (VoID + DCAT): what the graph is, how big, under which licence, since when.

It is written into the store's build graph at build time (so every export carries it) and, with a
distribution node for the file written, beside every export.

The "creation date" must not break byte-identical exports of the same records, so it is never the
clock: it is ``$SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else the latest
``ccus:lastAuditDate`` of the records, else their latest ``ccus:publicationDate``; with none of
these the description has no date. The licence is the ontology's own ``dcterms:license``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ccuskg.core.namespaces import CCUS, DCTERMS, RDF, XSD

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
ONTOLOGY_IRI = "https://w3id.org/ccuskg/ontology"
IANA = "https://www.iana.org/assignments/media-types/"
EXAMPLES = 3

_CLASS, _IRI, _LANG, _STRING, _INTEGER = "class", "iri", "lang", "string", "integer"
# Every term this module writes, with the kind of value it holds (read by the JSON-LD context generator).
TERMS = {
    VOID + "Dataset": _CLASS, DCAT + "Dataset": _CLASS, DCAT + "Distribution": _CLASS,
    VOID + "uriSpace": _STRING, VOID + "triples": _INTEGER, VOID + "entities": _INTEGER,
    VOID + "distinctObjects": _INTEGER, VOID + "class": _IRI, VOID + "property": _IRI,
    VOID + "classPartition": _IRI, VOID + "propertyPartition": _IRI, VOID + "exampleResource": _IRI,
    VOID + "sparqlEndpoint": _IRI, VOID + "vocabulary": _IRI,
    DCTERMS + "title": _LANG, DCTERMS + "description": _LANG, DCTERMS + "license": _IRI,
    DCTERMS + "created": XSD + "date", DCTERMS + "modified": XSD + "date", DCTERMS + "conformsTo": _IRI,
    DCAT + "version": _STRING, DCAT + "distribution": _IRI, DCAT + "mediaType": _IRI,
    DCAT + "byteSize": _INTEGER,
}

PER_RESOURCE = "per-resource"  # the --per-resource tree: not one file, so not an export format
_PER_RESOURCE_NAME = "Turtle and JSON-LD per resource"
TITLE = {"en": "CCUS policy knowledge graph", "zh": "CCUS 政策知识图谱"}
DESCRIPTION = {
    "en": "Policies on carbon capture, utilisation and storage with their issuers, jurisdictions, "
          "supersession links, evolution clusters, scored assessments and record provenance.",
    "zh": "碳捕集、利用与封存（CCUS）政策及其发布机构、适用法域、替代关系、演进簇、评分评估与记录来源。",
}

_TYPE = RDF + "type"


class SourceDateEpochWarning(UserWarning):
    pass


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Facts:
    """What the description states, gathered from the triples of a build."""

    triples: int = 0
    policies: list[str] = field(default_factory=list)
    jurisdictions: set[str] = field(default_factory=set)
    issuers: set[str] = field(default_factory=set)
    audit_dates: set[str] = field(default_factory=set)
    publication_dates: set[str] = field(default_factory=set)
    licence: str | None = None


def gather(triples: Iterable[ox.Triple]) -> Facts:
    """One pass over the union of a build's triples (each triple once)."""
    facts = Facts()
    policies: set[str] = set()
    jurisdiction_of: list[tuple[str, str]] = []
    issuer_of: list[tuple[str, str]] = []
    for t in triples:
        facts.triples += 1
        p, o = t.predicate.value, t.object
        if p == _TYPE and o.value == CCUS + "Policy":
            policies.add(t.subject.value)
        elif p == CCUS + "jurisdiction" and isinstance(o, ox.NamedNode):
            jurisdiction_of.append((t.subject.value, o.value))
        elif p == CCUS + "issuer" and isinstance(o, ox.NamedNode):
            issuer_of.append((t.subject.value, o.value))
        elif p == CCUS + "lastAuditDate" and _is_date(o):
            facts.audit_dates.add(o.value)
        elif p == CCUS + "publicationDate" and _is_date(o):
            facts.publication_dates.add(o.value)
        elif p == DCTERMS + "license" and t.subject.value == ONTOLOGY_IRI:
            facts.licence = o.value
    facts.policies = sorted(policies)
    facts.jurisdictions = {j for s, j in jurisdiction_of if s in policies}
    facts.issuers = {i for s, i in issuer_of if s in policies}
    return facts


def _is_date(term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value == XSD + "date" and bool(_DATE.fullmatch(term.value))


def creation_date(facts: Facts, environ=os.environ) -> str | None:
    """SOURCE_DATE_EPOCH (UTC day), else the latest audit date, else the latest publication date."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError):
            # a build must not fail on it, nor ignore it silently: say so and use the record dates
            warnings.warn(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}; "
                          "the dataset date comes from the records instead", SourceDateEpochWarning, stacklevel=2)
    for dates in (facts.audit_dates, facts.publication_dates):
        if dates:
            return max(dates)
    return None


def describe(base: str, facts: Facts, environ=os.environ) -> list[ox.Triple]:
    """The VoID + DCAT description of the dataset whose IRI is ``base``."""
    n = ox.NamedNode
    dataset = n(base)
    out: list[ox.Triple] = []

    def add(s, p, o):
        out.append(ox.Triple(s, n(p), o))

    add(dataset, _TYPE, n(VOID + "Dataset"))
    add(dataset, _TYPE, n(DCAT + "Dataset"))
    add(dataset, VOID + "uriSpace", ox.Literal(base))
    for lang, text in TITLE.items():
        add(dataset, DCTERMS + "title", ox.Literal(text, language=lang))
    for lang, text in DESCRIPTION.items():
        add(dataset, DCTERMS + "description", ox.Literal(text, language=lang))
    if facts.licence:
        add(dataset, DCTERMS + "license", n(facts.licence))
    add(dataset, DCTERMS + "conformsTo", n(ONTOLOGY_IRI))
    add(dataset, VOID + "vocabulary", n(CCUS))
    date = creation_date(facts, environ)
    if date:
        literal = ox.Literal(date, datatype=n(XSD + "date"))
        add(dataset, DCTERMS + "created", literal)
        add(dataset, DCTERMS + "modified", literal)
        add(dataset, DCAT + "version", ox.Literal(date))
    add(dataset, VOID + "triples", _integer(facts.triples))
    policies = n(base + "dataset/class/policy")
    add(dataset, VOID + "classPartition", policies)
    add(policies, VOID + "class", n(CCUS + "Policy"))
    add(policies, VOID + "entities", _integer(len(facts.policies)))
    for name, values in (("jurisdiction", facts.jurisdictions), ("issuer", facts.issuers)):
        partition = n(f"{base}dataset/property/{name}")
        add(dataset, VOID + "propertyPartition", partition)
        add(partition, VOID + "property", n(CCUS + name))
        add(partition, VOID + "distinctObjects", _integer(len(values)))
    for policy in facts.policies[:EXAMPLES]:
        add(dataset, VOID + "exampleResource", n(policy))
    return out


def distribution(base: str, fmt: str, size: int | None, data_only: bool, framed: bool = False,
                 sparql_endpoint: str | None = None) -> list[ox.Triple]:
    """The exported file as a DCAT distribution of the dataset, plus the SPARQL endpoint if given."""
    n = ox.NamedNode
    dataset = n(base)
    name = fmt + ("-framed" if framed else "") + ("-data-only" if data_only else "")
    node = n(f"{base}dataset/distribution/{name}")
    if framed:
        what = "policies framed as nested documents"
    elif fmt == "per-resource":
        what = "one file per policy, used jurisdiction and issuer, and cluster"
    else:
        what = "records only, without the ontology graph" if data_only else "records, ontology and reference tables"
    label, media_type = _label_and_media_type(fmt)
    out = [
        ox.Triple(dataset, n(DCAT + "distribution"), node),
        ox.Triple(node, n(_TYPE), n(DCAT + "Distribution")),
        ox.Triple(node, n(DCTERMS + "title"), ox.Literal(f"{TITLE['en']} ({label})", language="en")),
        ox.Triple(node, n(DCTERMS + "description"), ox.Literal(f"{label}: {what}.", language="en")),
    ]
    if media_type:
        out.append(ox.Triple(node, n(DCAT + "mediaType"), n(IANA + media_type)))
    if size is not None:
        out.append(ox.Triple(node, n(DCAT + "byteSize"), _integer(size)))
    if sparql_endpoint:
        out.append(ox.Triple(dataset, n(VOID + "sparqlEndpoint"), n(sparql_endpoint)))
    return out


def _label_and_media_type(fmt: str) -> tuple[str, str | None]:
    """From the format registry, so a third party's format is described like a built-in one."""
    from ccuskg.publish.formats import get_format

    if fmt == PER_RESOURCE:
        return _PER_RESOURCE_NAME, None
    registered = get_format(fmt)
    if registered is None:
        raise ValueError(f"unknown export format {fmt!r}")
    return registered.title, registered.media_type


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
