"""A Turtle skeleton of a user vocabulary, from a build's unmapped values and unknown fields.

One ``skos:Concept`` per unmapped value (labelled in the language it was seen in) and one property
stub per unknown field, each under a comment saying where it was seen. As written, the file already
takes the build to 0 unmapped: a property stub uses the field's extension IRI and the range of the
values seen, so the graph keeps the same triples. A person edits labels, merges concepts into
existing ones (``skos:altLabel``) or points a field at another property, then builds with
``--vocab FILE``.
"""

from __future__ import annotations

from ccuskg.core.namespaces import FIELD, RDF, XSD
from ccuskg.model.extension import escape_key, tagged
from ccuskg.model.iris import slug

_PREFIXES = """@prefix ccus: <https://w3id.org/ccuskg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
_RANGES = {"text": RDF + "langString", "string": XSD + "string", "integer": XSD + "integer",
           "decimal": XSD + "decimal", "boolean": XSD + "boolean", "date": XSD + "date",
           "object": "http://www.w3.org/2000/01/rdf-schema#Resource"}
_TYPES = {"https://w3id.org/ccuskg/jurisdiction": "ccus:Jurisdiction, ", "https://w3id.org/ccuskg/issuer": "ccus:Issuer, "}
_RECORD_OBJECTS = {"provenance": "ccus:PolicyRecord"}


def skeleton(gaps: dict, source: str = "the last build") -> str:
    """The Turtle text (deterministic: entries in the order of ``gaps``)."""
    parts = [f"# Vocabulary skeleton written by `ccuskg vocab unmapped` from {source}.\n"
             "# Edit the labels, merge a concept into an existing one (give that one a skos:altLabel\n"
             "# instead), or map a field to another property (ccus:recordField on it); then build with\n"
             "# --vocab THIS-FILE, or list it under extra_vocabulary in ccuskg.toml.\n\n" + _PREFIXES]
    concepts: dict[str, list[dict]] = {}
    for entry in gaps.get("unmapped_values", []):
        if entry.get("scheme"):
            concepts.setdefault(f"{entry['scheme']}/{slug(entry['value'])}", []).append(entry)
        else:
            parts.append("\n" + _comment(f"# {entry['field']}: {entry['value']!r} ({entry['count']}×, e.g. "
                                          f"{entry['files'][0]}) is not an http(s) IRI or a concept: correct it "
                                          "in the record.") + "\n")
    for iri, entries in concepts.items():
        parts.append(_concept(iri, entries))
    for entry in gaps.get("unknown_fields", []):
        parts.append(_property(entry))
    return "".join(parts)


def _literal(value: str, lang: str | None) -> str:
    term = tagged(value, lang) if lang else None
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"@{term.language}' if term else f'"{text}"'


def _concept(iri: str, entries: list[dict]) -> str:
    first = entries[0]
    scheme = first["scheme"]
    seen = "; ".join(f"{e['field']} {e['value']!r} {e['count']}× ({', '.join(e['langs'])}) e.g. {e['files'][0]}"
                     for e in entries)
    labels, alt = [], []
    used: set[str] = set()
    for e in entries:
        lang = (e["langs"] or ["en"])[0]
        label = _literal(e["value"], lang)
        tag = label.rsplit("@", 1)[-1]
        (alt if tag in used else labels).append(label)
        used.add(tag)
    lines = [f"\n# {_comment(seen)}\n<{iri}> a {_TYPES.get(scheme, '')}skos:Concept ;",
             f"    skos:inScheme <{scheme}> ;", f"    skos:prefLabel {', '.join(labels)}"]
    if scheme.endswith("/dimension"):
        lines[-1] += " ;\n    skos:notation " + _literal(first["value"], None)
    if alt:
        lines[-1] += " ;\n    skos:altLabel " + ", ".join(alt)
    return "\n".join(lines) + " .\n"


def _property(entry: dict) -> str:
    path = entry["field"]
    keys = path.split(".")
    kinds = entry["kinds"]
    kind = kinds[0] if len(kinds) == 1 else None
    record_field, domain = path, _RECORD_OBJECTS.get(keys[0])
    if keys[0] == "analysis" and len(keys) == 3:  # a field inside one assessment: the same in all of them
        record_field, domain, keys = f"analysis.*.{keys[2]}", "ccus:Assessment", ["analysis", keys[2]]
    iri = FIELD + "/".join(escape_key(k) for k in keys)
    declared = "owl:ObjectProperty" if kind == "object" else "owl:DatatypeProperty"
    values = ", ".join(repr(v) for v in entry.get("values", []))
    lines = [_comment(f"\n# field {path}: {entry['count']} records ({', '.join(entry['langs'])}), e.g. "
                      f"{entry['files'][0]}" + (f"; values {values}" if values else "") + f"; kinds: {', '.join(kinds)}"),
             f"<{iri}> a {declared} ;", f'    ccus:recordField "{_escape(record_field)}" ;',
             f'    rdfs:label {_literal(keys[-1], "en")}']
    if kind in _RANGES:
        lines[-1] += f" ;\n    rdfs:range <{_RANGES[kind]}>"
    if domain:
        lines[-1] += f" ;\n    rdfs:domain {domain}"
    return "\n".join(lines) + " .\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _comment(text: str) -> str:
    """Comment text on one line (a value holding a line break must not end the comment)."""
    head = "\n" if text.startswith("\n") else ""
    return head + " ".join(text.strip("\n").replace("\r", " ").split("\n"))
