"""What a build could not place in the ontology: unmapped values and unknown fields, grouped.

One entry per (concept scheme, value) and one per unknown field path, with counts, example files, the
record languages seen and (for fields) the kinds of value. ``build --report`` carries them, the build
saves them beside the store, and ``ccuskg vocab unmapped`` turns them into a Turtle skeleton
(``ccuskg.model.skeleton``).
"""

from __future__ import annotations

from ccuskg.core.digest import field_key
from ccuskg.core.namespaces import CCUS, ISSUER_SCHEME, JURISDICTION_SCHEME, VOCAB
from ccuskg.model.extension import literal

EXAMPLES = 3
DIMENSION_SCHEME = VOCAB + "dimension"
_SCHEME_OF_RANGE = {CCUS + "Jurisdiction": JURISDICTION_SCHEME, CCUS + "Issuer": ISSUER_SCHEME}


def value_kind(value) -> str:
    """boolean, integer, decimal, date, text, string or object: the kinds ``model.extension`` types."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        kinds = {value_kind(v) for v in value if v not in ("", None)}
        return "object" if "object" in kinds else kinds.pop() if len(kinds) == 1 else "mixed"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "integer" if isinstance(value, int) else "decimal"
    term = literal(value, "en")
    return "text" if term.language else term.datatype.value.rsplit("#", 1)[-1]  # date or string


def _resolve(data, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _scheme(vocab, path: str) -> str | None:
    if path == "country":
        return JURISDICTION_SCHEME
    spec = vocab.spec(path)
    if spec is None and path.startswith("analysis.") and path.count(".") == 2:
        spec = vocab.spec("analysis.*." + path.rsplit(".", 1)[1])
    if spec is None:
        return None
    return spec.scheme or _SCHEME_OF_RANGE.get(spec.range)


def vocabulary_gaps(compiled) -> dict:
    """``{"unmapped_values": [...], "unknown_fields": [...]}`` of a compilation, sorted, JSON-ready."""
    gaps = Gaps(compiled.vocab)
    records = {r.display: r for r in compiled.records}
    for d in compiled.diagnostics:
        gaps.add(d, records.get(d.file))
    return gaps.result()


class Gaps:
    """The gaps collected one message at a time, so a streamed build (which keeps no records) gives
    the same entries as a compilation: example files are the first ones in file order."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.values: dict[tuple, dict] = {}
        self.fields: dict[str, dict] = {}

    def add_record(self, record, diagnostics) -> list[list]:
        """Add a record's messages; returns their notes (``note``), which an incremental build keeps."""
        notes = [n for d in diagnostics
                 if (n := self.note(d, record if record is not None and d.file == record.display else None))]
        for n in notes:
            self.add_note(n)
        return notes

    def add(self, d, record) -> None:
        found = self.note(d, record)
        if found:
            self.add_note(found)

    @staticmethod
    def note(d, record) -> list | None:
        """What a message adds to the gaps, without the record: [code, field, value, file, language,
        kind of value, value as text]; None for a message that is no gap. JSON-ready, so an incremental
        build regroups the gaps of records it does not read again."""
        if d.code == "unmapped-value" and d.value is not None:
            return ["unmapped-value", field_key(d.field), d.value, d.file, record.lang if record else None, None, None]
        if d.code != "unknown-field":
            return None
        path = field_key(d.field)
        value = _resolve(record.data, path) if record else None
        shown = str(value) if value is not None and not isinstance(value, (dict, list)) else None
        return ["unknown-field", path, None, d.file, record.lang if record else None,
                value_kind(value) if value is not None else "text", shown]

    def add_note(self, note: list) -> None:
        code, path, value, file, lang, kind, shown = note
        if code == "unmapped-value":
            entry = self.values.setdefault((path, value), {"field": path, "scheme": _scheme(self.vocab, path),
                                                           "value": value, "count": 0, "files": [],
                                                           "langs": set()})
        else:
            entry = self._field(path, kind, shown)
        entry["count"] += 1
        if file not in entry["files"]:
            entry["files"] = sorted(entry["files"] + [file])[:EXAMPLES]
        if lang is not None:
            entry["langs"].add(lang)

    def _field(self, path: str, kind: str, shown: str | None) -> dict:
        if path.startswith("analysis.") and path.count(".") == 1:  # an assessment dimension not defined
            return self.values.setdefault((path, ""), {"field": "analysis", "scheme": DIMENSION_SCHEME,
                                                       "value": path.split(".", 1)[1], "count": 0, "files": [],
                                                       "langs": set()})
        entry = self.fields.setdefault(path, {"field": path, "count": 0, "files": [], "langs": set(),
                                              "kinds": set(), "values": []})
        entry["kinds"].add(kind)
        if shown is not None and shown not in entry["values"]:
            entry["values"] = sorted(entry["values"] + [shown])[:EXAMPLES]
        return entry

    def result(self) -> dict:
        values, fields = self.values, self.fields
        return {"unmapped_values": [_jsonable(values[k]) for k in sorted(values, key=lambda k: (str(values[k]["scheme"]), k))],
                "unknown_fields": [_jsonable(fields[k]) for k in sorted(fields)]}


def _jsonable(entry: dict) -> dict:
    return {k: sorted(v) if isinstance(v, set) else v for k, v in entry.items()}
