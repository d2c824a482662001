"""Step 2 of the pipeline: one parsed record → quads in the record's own named graph.

The field → property table and the value types come from the ontology (``ccus:recordField`` and
``rdfs:range``), so this module only knows *kinds* of values: text, dates, integers, concepts,
links to other policies. A value that cannot be placed is kept as a literal and reported with the
file, the field path and the value; an empty string means "unknown" and produces nothing.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ccuskg.core.diagnostics import ERROR, WARNING, Diagnostic
from ccuskg.model.extension import keep, literal, present as _present, tagged
from ccuskg.model.iris import Minter, is_http_iri, is_safe_id
from ccuskg.core.namespaces import CCUS, ISSUER_SCHEME, JURISDICTION_SCHEME, PROV, RDF, RDFS, SKOS, VOCAB, XSD
from ccuskg.ingest.records import Record
from ccuskg.model.entailment import Entailment, for_mapper
from ccuskg.model.vocab import FieldSpec, Vocabulary

_TYPE = ox.NamedNode(RDF + "type")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


_C = {name: _n(CCUS + name) for name in (
    "Policy", "PolicyRecord", "Assessment", "EvolutionCluster", "Facility",
    "describes", "language", "sourceFile", "contentHash", "hasAssessment", "dimension", "description",
)}
_XSD_INTEGER = _n(XSD + "integer")
_XSD_DATE = _n(XSD + "date")
_XSD_LANGUAGE = _n(XSD + "language")
_DIMENSION_SCHEME = VOCAB + "dimension"
# Fields that sit on the record (its provenance) rather than on the policy it describes.
_RECORD_DOMAIN = CCUS + "PolicyRecord"
_ASSESSMENT_DOMAIN = CCUS + "Assessment"
# Ranges and properties compared for every value: built once, not concatenated per value.
_INTEGER, _DATE_RANGE, _LANG_STRING, _LANGUAGE = XSD + "integer", XSD + "date", RDF + "langString", XSD + "language"
_AS_IT_CAME = {RDFS + "Literal", XSD + "decimal", XSD + "boolean", XSD + "double"}  # typed by the value itself
_JURISDICTION, _ISSUER, _POLICY = CCUS + "Jurisdiction", CCUS + "Issuer", CCUS + "Policy"
_FACILITY, _CLUSTER, _RESOURCE, _AUTHOR = CCUS + "Facility", CCUS + "EvolutionCluster", RDFS + "Resource", CCUS + "author"
_PREF_LABEL, _ATTRIBUTED, _AGENT, _LABEL = (_n(SKOS + "prefLabel"), _n(PROV + "wasAttributedTo"), _n(PROV + "Agent"),
                                            _n(RDFS + "label"))


@dataclass
class MappedRecord:
    record: Record
    graph: str
    policy: str
    quads: list[ox.Quad] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # the quads' triples as N-Triples, when the record cache has serialised them (validation loads them as they are)
    ntriples: bytes | None = field(default=None, repr=False, compare=False)


class Mapper:
    """Maps records to quads under one base IRI with one vocabulary."""

    def __init__(self, vocab: Vocabulary, base: str | None = None, entailment: bool | None = None):
        self.vocab = vocab
        self.entail = for_mapper(vocab, entailment)  # standard terms (ccuskg.model.entailment)
        self.mint = Minter(base)
        self._domains = self._property_domains()
        # objects holding known fields are walked key by key; any other object is kept whole (extension)
        self._known_objects = {f.rsplit(".", i)[0] for f in vocab.fields for i in range(1, f.count(".") + 1)}
        self._record_objects = {f.split(".", 1)[0] for f, s in vocab.fields.items()
                                if "." in f and self._domains.get(s.prop) == _RECORD_DOMAIN}
        self._nodes: dict[str, ox.NamedNode] = {}
        self._named: dict[tuple[str, str], ox.NamedNode] = {}

    @property
    def scope(self) -> str:
        """What besides the ontology decides a mapping (the record cache's scope): base, standard terms."""
        return self.mint.base + ("" if isinstance(self.entail, Entailment) else " without-entailment")

    def node(self, iri: str) -> ox.NamedNode:
        """The NamedNode of a vocabulary IRI (property, concept), checked and built once per IRI."""
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    def named(self, mint, name: str) -> ox.NamedNode:
        """The node ``mint`` makes of a free-text name (a cluster, an author): slugged once per name."""
        key = (mint.__name__, name)
        found = self._named.get(key)
        if found is None:
            found = self._named[key] = ox.NamedNode(mint(name))
        return found

    def _property_domains(self) -> dict[str, str]:
        domains: dict[str, str] = {}
        for t in self.vocab.triples:
            if t.predicate.value == RDFS + "domain" and isinstance(t.subject, ox.NamedNode):
                domains[t.subject.value] = t.object.value
        return domains

    def map(self, record: Record) -> MappedRecord:
        return self.entail(_RecordMapping(self, record).run())


class _RecordMapping:
    """The state of mapping one record: its nodes, its graph, what it reported."""

    def __init__(self, mapper: Mapper, record: Record):
        self.m = mapper
        self.vocab = mapper.vocab
        self.record = record
        mint = mapper.mint
        self.graph = _n(mint.graph(record.lang, record.id))
        self.policy = _n(mint.policy(record.id))
        self.rec = _n(mint.record(record.lang, record.id))
        self.out = MappedRecord(record, self.graph.value, self.policy.value)

    # ------------------------------------------------------------------ output helpers

    def add(self, s, p, o) -> None:
        self.out.quads.append(ox.Quad(s, p if isinstance(p, ox.NamedNode) else _n(p), o, self.graph))

    def report(self, path: str, severity: str, message: str, value=None, code: str = "") -> None:
        shown = None if value is None else str(value)
        self.out.diagnostics.append(
            Diagnostic(self.record.display, path, severity, message,
                       line=self.record.line_of(path), value=shown, code=code)
        )

    def text(self, value: str) -> ox.Literal:
        """A literal tagged with the record's language unless its script clearly says otherwise."""
        return tagged(value, self.record.lang)

    def extend(self, subject, keys: tuple[str, ...], value, unknown: bool = True, link=None) -> None:
        """Keep a value the ontology has no place for under the extension namespace (``model.extension``);
        ``unknown`` reports the field once (not when the caller reported the value already)."""
        kept = keep(subject, keys, value, self.record.lang, self.graph, link)
        self.out.quads.extend(kept.quads)
        if unknown and kept.leaves:
            path = ".".join(keys)
            self.report(path, WARNING, f"unknown field {path!r}: kept under the extension namespace",
                        _short(value), code="unknown-field")
        for key in kept.refused:
            self.report(".".join(keys), WARNING, f"key {key} cannot be part of an IRI; its value is left out",
                        code="unsafe-field")

    # ------------------------------------------------------------------ the walk

    def run(self) -> MappedRecord:
        rec, policy, data = self.rec, self.policy, self.record.data
        self.add(policy, _TYPE, _C["Policy"])
        self.add(self.rec, _TYPE, _C["PolicyRecord"])
        self.add(rec, _C["describes"], policy)
        self.add(rec, _C["language"], ox.Literal(self.record.lang, datatype=_XSD_LANGUAGE))
        self.add(rec, _C["sourceFile"], ox.Literal(self.record.relative))
        self.add(rec, _C["contentHash"], ox.Literal("sha256:" + self.record.sha256))

        for key in data:
            if key == "lang":
                continue  # already placed as the record's language
            if key == "country" and _present(data.get("jurisdiction")):
                self._check_country(data["country"])
                continue
            self.field(key, key, data[key], None, (key,))
        if self.record.body:
            self.add(policy, _C["description"], self.text(self.record.body))
        return self.out

    def field(self, path: str, spec_key: str, value, assessment, keys: tuple[str, ...]) -> None:
        if not _present(value):
            return
        spec = self.vocab.spec(spec_key)
        if spec is None:
            if isinstance(value, dict) and spec_key in self.m._known_objects:
                for key, inner in value.items():
                    self.field(f"{path}.{key}", f"{spec_key}.{key}", inner, assessment, keys + (key,))
                return
            self.extend(assessment or (self.rec if keys[0] in self.m._record_objects else self.policy), keys, value)
            return
        domain = self.m._domains.get(spec.prop)
        subject = self.rec if domain == _RECORD_DOMAIN else assessment if domain == _ASSESSMENT_DOMAIN else self.policy
        if subject is None:
            self.report(path, WARNING, f"field {path!r} is outside an assessment: kept under the extension namespace",
                        _short(value), code="unknown-field")
            self.extend(self.policy, keys, value, unknown=False)
            return
        if spec.range == _ASSESSMENT_DOMAIN:
            self._assessments(path, spec, value)
            return
        values = value if isinstance(value, list) else [value]
        if spec.range == _RESOURCE and any(isinstance(item, (dict, list)) for item in values):  # declared to hold objects
            self.extend(subject, keys, value, unknown=False, link=self.m.node(spec.prop))
            return
        for index, item in enumerate(values):
            item_path = f"{path}[{index}]" if isinstance(value, list) else path
            if not _present(item):
                continue
            if isinstance(item, (dict, list)):
                self.report(item_path, ERROR, f"expected a single value, found {type(item).__name__}"
                            " (kept under the extension namespace)", _short(item), code="invalid-value")
                self.extend(subject, keys, item, unknown=False)
                continue
            term = self.convert(item_path, spec, item)
            if term is not None:
                self.add(subject, self.m.node(spec.prop), term)
                if spec.prop == _AUTHOR:
                    self._author(str(item))

    # ------------------------------------------------------------------ values by range

    def convert(self, path: str, spec: FieldSpec, value):
        rng = spec.range
        if isinstance(value, bool):
            value = str(value).lower()
        if rng == _INTEGER:
            return self._integer(path, value)
        if rng == _DATE_RANGE:
            return self._date(path, value)
        text = str(value).strip() if not isinstance(value, str) else value.strip()
        if rng == _LANG_STRING:
            return self.text(text)
        if rng == _LANGUAGE:
            return ox.Literal(text, datatype=_XSD_LANGUAGE)
        if rng in _AS_IT_CAME:
            return literal(value, self.record.lang)
        if spec.scheme or rng in (_JURISDICTION, _ISSUER):
            scheme = spec.scheme or (JURISDICTION_SCHEME if rng == _JURISDICTION else ISSUER_SCHEME)
            concept = self.vocab.match(scheme, text)
            if concept is None:
                what = scheme.rsplit("/", 1)[-1]
                self.report(path, WARNING, f"value {text!r} matches no {what} in the ontology; kept as text",
                            text, code="unmapped-value")
                return self.text(text)
            return self.m.node(concept)
        if rng == _POLICY:
            return self._link(path, text, self.m.mint.policy)
        if rng == _FACILITY:
            node = self._link(path, text, self.m.mint.facility)
            if isinstance(node, ox.NamedNode):
                self.add(node, _TYPE, _C["Facility"])
            return node
        if rng == _CLUSTER:
            node = self.m.named(self.m.mint.cluster, text)
            self.add(node, _TYPE, _C["EvolutionCluster"])
            self.add(node, _PREF_LABEL, self.text(text))
            return node
        if rng == _RESOURCE:
            if is_http_iri(text):
                return _n(text)
            self.report(path, WARNING, f"{text!r} is not an http(s) IRI; kept as text", text, code="unmapped-value")
            return ox.Literal(text)
        return ox.Literal(text)

    def _integer(self, path: str, value):
        if isinstance(value, int):
            return ox.Literal(str(value), datatype=_XSD_INTEGER)
        if isinstance(value, float) and value.is_integer():
            return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            return ox.Literal(str(int(value)), datatype=_XSD_INTEGER)
        self.report(path, ERROR, f"expected an integer, found {value!r}", value, code="invalid-value")
        return ox.Literal(str(value))

    def _date(self, path: str, value):
        text = str(value).strip()
        if _DATE.fullmatch(text):
            try:
                _dt.date.fromisoformat(text)
                return ox.Literal(text, datatype=_XSD_DATE)
            except ValueError:
                pass
        self.report(path, ERROR, f"expected a date YYYY-MM-DD, found {text!r}", text, code="invalid-value")
        return ox.Literal(text)

    def _link(self, path: str, text: str, mint):
        if is_safe_id(text):
            return _n(mint(text))
        self.report(path, ERROR, f"unsafe id {text!r} cannot be linked; kept as text", text, code="unsafe-id")
        return ox.Literal(text)

    # ------------------------------------------------------------------ structures

    def _assessments(self, path: str, spec: FieldSpec, value) -> None:
        if not isinstance(value, dict):
            self.report(path, ERROR, f"expected an object of dimensions, found {type(value).__name__}",
                        _short(value), code="invalid-value")
            return
        for dim_key, body in value.items():
            dim_path = f"{path}.{dim_key}"
            concept = self.vocab.match(_DIMENSION_SCHEME, dim_key)
            if concept is None:
                self.report(dim_path, WARNING, f"{dim_key!r} is not an assessment dimension; kept under the "
                            "extension namespace", _short(body), code="unknown-field")
                self.extend(self.policy, (path, dim_key), body, unknown=False)
                continue
            if not isinstance(body, dict):
                self.report(dim_path, ERROR, "expected an object with score, label, evidence, citation",
                            _short(body), code="invalid-value")
                self.extend(self.policy, (path, dim_key), body, unknown=False)
                continue
            notation = concept.rsplit("/", 1)[-1]
            node = _n(self.m.mint.assessment(self.record.id, notation))
            self.add(self.policy, self.m.node(spec.prop), node)
            self.add(node, _TYPE, _C["Assessment"])
            self.add(node, _C["dimension"], self.m.node(concept))
            for key, inner in body.items():
                self.field(f"{dim_path}.{key}", f"{path}.*.{key}", inner, node, (path, dim_key, key))

    def _author(self, name: str) -> None:
        agent = self.m.named(self.m.mint.agent, name)
        self.add(self.rec, _ATTRIBUTED, agent)
        self.add(agent, _TYPE, _AGENT)
        self.add(agent, _LABEL, ox.Literal(name))

    def _check_country(self, country) -> None:
        """With a `jurisdiction` given, `country` only has to agree with it."""
        if not _present(country):
            return
        jurisdiction = self.vocab.match(JURISDICTION_SCHEME, str(self.record.data["jurisdiction"]).strip())
        nation = self.vocab.match(JURISDICTION_SCHEME, str(country).strip())
        if nation is None:
            self.report("country", WARNING, f"value {country!r} matches no jurisdiction in the ontology; kept as text",
                        country, code="unmapped-value")
            self.extend(self.policy, ("country",), country, unknown=False)
            return
        ancestors, node = set(), jurisdiction
        while node and node not in ancestors:
            ancestors.add(node)
            node = self.vocab.broader.get(node)
        if jurisdiction and nation not in ancestors:
            self.report("country", WARNING,
                        f"country {country!r} does not contain jurisdiction {self.record.data['jurisdiction']!r}",
                        country, code="inconsistent-value")


def _short(value, limit: int = 120) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
