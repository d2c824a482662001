"""What the mappings of facilities and country profiles share (``by_kind`` picks the mapping of a record).

Every field a facility or profile mapping does not place is kept as (field path, value) in
``KindMapping.unplaced`` and, at the end, kept under the extension namespace like a policy's unknown
fields (``ccuskg.model.extension``) and reported once as ``unknown-field``.
"""

from __future__ import annotations

import pyoxigraph as ox

from ccuskg.core.namespaces import CCUS, XSD
from ccuskg.ingest.records import Record
from ccuskg.model.iris import is_safe_id, slug
from ccuskg.model.mapping import Mapper, MappedRecord, _RecordMapping, _present

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD_LANGUAGE = ox.NamedNode(XSD + "language")
_RECORD_DOMAIN = CCUS + "PolicyRecord"  # the provenance properties' domain: they sit on the record node


class KindMapping(_RecordMapping):
    """The mapping of one facility or profile record: a subject, a record node, the fields left over."""

    kind = ""  # the prefix of this kind's ccus:recordField values
    record_class = ""

    def __init__(self, mapper: Mapper, record: Record, subject: str):
        self.m, self.vocab, self.record = mapper, mapper.vocab, record
        base, slug = mapper.mint.base, record_slug(record)
        self.graph = ox.NamedNode(f"{base}graph/{record.kind}/{record.lang}/{slug}")
        self.rec = ox.NamedNode(f"{base}record/{record.kind}/{record.lang}/{slug}")
        self.policy = self.subject = ox.NamedNode(subject)  # ``policy``: the name the shared helpers use
        self.out = MappedRecord(record, self.graph.value, subject)
        self.unplaced: list[tuple[str, object]] = []

    def add(self, s, p, o) -> None:
        """As the policy mapping's, with property IRIs given as text turned into nodes once per build."""
        self.out.quads.append(ox.Quad(s, p if isinstance(p, ox.NamedNode) else self.m.node(p), o, self.graph))

    def provenance(self) -> None:
        """The record node: what it describes, its language, file and hash."""
        rec = self.rec
        self.add(rec, _TYPE, self.m.node(CCUS + self.record_class))
        self.add(rec, CCUS + "recordAbout", self.subject)
        self.add(rec, CCUS + "language", ox.Literal(self.record.lang, datatype=_XSD_LANGUAGE))
        self.add(rec, CCUS + "sourceFile", ox.Literal(self.record.relative))
        self.add(rec, CCUS + "contentHash", ox.Literal("sha256:" + self.record.sha256))

    def place(self, path: str, value) -> None:
        """A field through this kind's field table; objects are walked, anything without a property is unplaced."""
        if not _present(value):
            return
        spec = self.vocab.spec(f"{self.kind}:{path}")
        if spec is None:
            if isinstance(value, dict):
                for key, inner in value.items():
                    self.place(f"{path}.{key}", inner)
            else:
                self.unplaced.append((path, value))
            return
        subject = self.rec if self.m._domains.get(spec.prop) == _RECORD_DOMAIN else self.subject
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            item_path = f"{path}[{index}]" if isinstance(value, list) else path
            if not _present(item):
                continue
            if isinstance(item, (dict, list)):
                self.unplaced.append((item_path, item))
                continue
            term = self.value(item_path, spec, item)
            if term is not None:
                self.add(subject, self.m.node(spec.prop), term)
                if spec.prop == CCUS + "author":
                    self._author(str(item))

    def value(self, path: str, spec, item):
        return self.convert(path, spec, item)

    def finish(self) -> MappedRecord:
        """Keep the fields left unplaced under the extension namespace (``model.extension``), each
        reported once as ``unknown-field``; the items of one list stay one list."""
        grouped: dict[str, object] = {}
        for path, value in self.unplaced:
            base, bracket, _ = path.partition("[")
            if bracket:
                grouped.setdefault(base, []).append(value)
            else:
                grouped[base] = value
        for path, value in grouped.items():
            self.extend(self.subject, tuple(path.split(".")), value)
        return self.out


def record_slug(record: Record) -> str:
    """Facility ids are safe ids; a profile's id is a country name and is slugged."""
    return record.id if is_safe_id(record.id) else slug(record.id)


__all__ = ["KindMapping", "record_slug"]
