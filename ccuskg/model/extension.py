"""Fields the ontology does not know, kept in the graph instead of dropped (lossless mapping).

A value at field path ``a.b`` becomes a triple with the property ``FIELD + "a/b"`` (one IRI segment
per key, percent-escaped where a key holds characters an IRI cannot), typed as it came: boolean,
integer, decimal, ISO date, language-tagged text, or a plain string when it has no letter. Objects
and objects inside lists become resources with stable IRIs under the subject
(``{subject}/field/a/b``, ``{subject}/field/a/b/0`` for the first list item), never blank nodes.

``keep`` is the one entry point, shared by every record kind: subject, field path, value, record
language and graph in, quads and the kept leaves out. The caller turns the leaves into its own
reports (it knows the file and the line).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ccuskg.core.errors import CcuskgError
from ccuskg.core.namespaces import FIELD, XSD
from ccuskg.ingest.records import has_han

_LATIN = re.compile(r"[A-Za-z]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SAFE = frozenset("-._~")
MAX_KEY = 200  # characters of one key; a longer key is refused rather than made into a huge IRI
_XSD = {name: ox.NamedNode(XSD + name) for name in ("boolean", "integer", "decimal", "double", "date")}
_PROPERTIES: dict[tuple[str, ...], ox.NamedNode] = {}


class UnsafeKey(CcuskgError, ValueError):
    """A key that cannot be an IRI segment (empty, not text, or over ``MAX_KEY`` characters)."""


@dataclass
class Kept:
    """What ``keep`` made of one value: the quads, the leaves kept (path with ``[]`` for list items,
    the value), and the keys refused."""

    quads: list[ox.Quad] = field(default_factory=list)
    leaves: list[tuple[str, object]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def escape_key(key) -> str:
    """One IRI segment for one key: letters and digits of any script and ``-._~`` stay, every other
    character is percent-encoded as UTF-8 (``%`` too, so two different keys never share a segment)."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY:
        raise UnsafeKey(repr(key)[:60])
    if key.isascii() and key.replace("-", "").replace("_", "").replace(".", "").isalnum():
        return key
    return "".join(c if c.isalnum() or c in _SAFE else "".join(f"%{b:02X}" for b in c.encode("utf-8"))
                   for c in key)


def field_property(segments: tuple[str, ...]) -> ox.NamedNode:
    """The extension property of a field path given as its keys (``("evolution", "milestones")``)."""
    found = _PROPERTIES.get(segments)
    if found is None:
        if len(_PROPERTIES) > 50_000:  # bounded in a long-lived server
            _PROPERTIES.clear()
        found = _PROPERTIES[segments] = ox.NamedNode(FIELD + "/".join(escape_key(k) for k in segments))
    return found


def tagged(value: str, lang: str) -> ox.Literal:
    """Text tagged with the record's language unless its script clearly says otherwise."""
    if lang.startswith("zh") and not has_han(value) and _LATIN.search(value):
        lang = "en"
    elif not lang.startswith("zh") and has_han(value):
        lang = "zh"
    return ox.Literal(value, language=lang)


def literal(value, lang: str) -> ox.Literal:
    """A scalar as the RDF literal of its own type (see the module docstring)."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_XSD["boolean"])
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_XSD["integer"])
    if isinstance(value, float):
        if not math.isfinite(value):
            return ox.Literal("NaN" if value != value else ("INF" if value > 0 else "-INF"), datatype=_XSD["double"])
        return ox.Literal(format(Decimal(repr(value)), "f"), datatype=_XSD["decimal"])
    text = value.strip() if isinstance(value, str) else str(value).strip()
    if _DATE.fullmatch(text) and _is_date(text):
        return ox.Literal(text, datatype=_XSD["date"])
    if any(c.isalpha() for c in text):
        return tagged(text, lang)
    return ox.Literal(text)


def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def present(value) -> bool:
    """Empty strings, empty lists and objects, and nulls mean 'unknown' and produce nothing."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


def keep(subject: ox.NamedNode, path: tuple[str, ...], value, lang: str, graph: ox.NamedNode,
         link: ox.NamedNode | None = None) -> Kept:
    """Quads keeping ``value`` of the field ``path`` (its keys, outermost first) on ``subject``; ``link``
    replaces the extension property of ``path`` itself (a field a vocabulary maps to its own property)."""
    kept = Kept()
    try:
        node = subject.value + "/field/" + "/".join(escape_key(k) for k in path)
    except UnsafeKey as exc:
        kept.refused.append(str(exc))
        return kept
    _Walk(kept, lang, graph, path, link).value(subject, path, ".".join(path), node, value)
    return kept


class _Walk:
    def __init__(self, kept: Kept, lang: str, graph: ox.NamedNode, top: tuple[str, ...], link):
        self.kept, self.lang, self.graph = kept, lang, graph
        self.top, self.link = top, link

    def prop(self, path: tuple[str, ...]) -> ox.NamedNode:
        return self.link if self.link is not None and path == self.top else field_property(path)

    def value(self, subject, path: tuple[str, ...], shown: str, node: str, value) -> None:
        if not present(value):
            return
        if isinstance(value, dict):
            self.obj(subject, path, shown, node, value)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.value(subject, path, shown if shown.endswith("[]") else shown + "[]", f"{node}/{index}", item)
        else:
            self.kept.quads.append(ox.Quad(subject, self.prop(path), literal(value, self.lang), self.graph))
            self.kept.leaves.append((shown, value))

    def obj(self, subject, path: tuple[str, ...], shown: str, node: str, value: dict) -> None:
        resource = ox.NamedNode(node)
        self.kept.quads.append(ox.Quad(subject, self.prop(path), resource, self.graph))
        for key, inner in value.items():
            try:
                segment = escape_key(key)
            except UnsafeKey as exc:
                self.kept.refused.append(f"{shown}.{exc}")
                continue
            self.value(resource, path + (key,), f"{shown}.{key}", f"{node}/{segment}", inner)
