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
    records = {r.display: r for r in compiled.records}
    values: dict[tuple, dict] = {}
    fields: dict[str, dict] = {}
    for d in compiled.diagnostics:
        record = records.get(d.file)
        if d.code == "unmapped-value" and d.value is not None:
            path = field_key(d.field)
            scheme = _scheme(compiled.vocab, path)
            entry = values.setdefault((path, d.value), {"field": path, "scheme": scheme, "value": d.value,
                                                        "count": 0, "files": [], "langs": set()})
        elif d.code == "unknown-field":
            path = field_key(d.field)
            if path.startswith("analysis.") and path.count(".") == 1:  # an assessment dimension not defined
                entry = values.setdefault((path, ""), {"field": "analysis", "scheme": DIMENSION_SCHEME,
                                                       "value": path.split(".", 1)[1], "count": 0, "files": [],
                                                       "langs": set()})
            else:
                entry = fields.setdefault(path, {"field": path, "count": 0, "files": [], "langs": set(),
                                                 "kinds": set(), "values": []})
                value = _resolve(record.data, path) if record else None
                entry["kinds"].add(value_kind(value) if value is not None else "text")
                if value is not None and not isinstance(value, (dict, list)) and len(entry["values"]) < EXAMPLES:
                    if str(value) not in entry["values"]:
                        entry["values"].append(str(value))
        else:
            continue
        entry["count"] += 1
        if len(entry["files"]) < EXAMPLES and d.file not in entry["files"]:
            entry["files"].append(d.file)
        if record is not None:
            entry["langs"].add(record.lang)
    return {"unmapped_values": [_jsonable(values[k]) for k in sorted(values, key=lambda k: (str(values[k]["scheme"]), k))],
            "unknown_fields": [_jsonable(fields[k]) for k in sorted(fields)]}


def _jsonable(entry: dict) -> dict:
    return {k: sorted(v) if isinstance(v, set) else v for k, v in entry.items()}
