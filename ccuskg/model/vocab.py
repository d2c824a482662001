"""The ontology as the mapper sees it: field → property table and label → concept lookups.

Everything here is read from the Turtle files in ``ontology/``, plus the user's own vocabulary files
(``extra_vocabulary`` in the settings, ``--vocab FILE``): concepts, alt labels, issuers, jurisdictions
and field mappings, loaded beside the packaged ontology and into its graph. Nothing is duplicated in Python.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import CCUS, ONTOLOGY_GRAPH, RDF, RDFS, SKOS
from ccuskg.ingest.records import normalise_label
from ccuskg.core.package_data import ontology_dir
from ccuskg.model.entailment import standard_types

_RECORD_FIELD = CCUS + "recordField"
_CONCEPT_SCHEME = CCUS + "conceptScheme"
_LABEL_PROPS = {SKOS + "prefLabel", SKOS + "altLabel", SKOS + "notation", SKOS + "hiddenLabel"}


class VocabularyError(UserError, ValueError):
    """A user vocabulary file that is missing or not valid Turtle."""


@dataclass(frozen=True)
class FieldSpec:
    """How one front-matter field becomes triples: the property, its range, its concept scheme."""

    field: str
    prop: str
    range: str
    scheme: str | None


@dataclass
class Vocabulary:
    """Lookups built from the ontology files, plus the files' triples for the store."""

    files: list[Path]
    triples: list[ox.Triple]
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # scheme -> label -> concept
    ambiguous: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    pref_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # concept -> lang -> label
    _matched: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False, compare=False)

    def spec(self, field_path: str) -> FieldSpec | None:
        return self.fields.get(field_path)

    def match(self, scheme: str, value: str) -> str | None:
        """The concept of ``scheme`` whose label or notation is ``value`` (case and spacing ignored).

        Remembered per (scheme, value): records repeat the same few statuses, countries and issuers."""
        key = (scheme, value)
        try:
            return self._matched[key]
        except KeyError:
            if len(self._matched) > 100_000:  # the vocabulary outlives builds in a server: stay bounded
                self._matched.clear()
            found = self._matched[key] = self.labels.get(scheme, {}).get(normalise_label(value))
            return found

    def label(self, concept: str, lang: str = "en") -> str:
        labels = self.pref_labels.get(concept, {})
        return labels.get(lang) or labels.get("en") or next(iter(labels.values()), concept)

    def concepts(self, scheme: str) -> set[str]:
        return set(self.labels.get(scheme, {}).values())

    def quads(self) -> list[ox.Quad]:
        graph = ox.NamedNode(ONTOLOGY_GRAPH)
        return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in self.triples]


def load_vocabulary(directory: Path | None = None, extra=()) -> Vocabulary:
    """The ontology in ``directory`` (default: the packaged one) and the ``extra`` Turtle files after it.

    Its ``files`` key the record cache, so a changed vocabulary file never serves a stale mapping."""
    files = vocabulary_files(directory, extra)
    key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _load(key)


def vocabulary_files(directory: Path | None = None, extra=()) -> list[Path]:
    """The files ``load_vocabulary`` reads, without reading them (what keys a cache)."""
    directory = Path(directory) if directory else ontology_dir()
    files = sorted(directory.glob("*.ttl"))
    for path in map(Path, extra):
        if not path.is_file():
            raise VocabularyError(f"vocabulary file not found: {path}")
        if path.resolve() not in {f.resolve() for f in files}:
            files.append(path)
    return files


@functools.lru_cache(maxsize=4)
def _load(key) -> Vocabulary:
    files = [Path(name) for name, *_ in key]
    triples: list[ox.Triple] = []
    for path in files:
        try:
            triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError) as exc:
            raise VocabularyError(f"{path}: not a usable Turtle vocabulary: {str(exc).splitlines()[0]}") from None
    triples.extend(standard_types(triples))  # the reference tables' ELI/PROV classes (ccuskg.model.entailment)
    vocab = Vocabulary(files=files, triples=triples)

    by_subject: dict[str, dict[str, list]] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)

    for subject, props in by_subject.items():
        for field_literal in props.get(_RECORD_FIELD, []):
            ranges = props.get(RDFS + "range", [])
            schemes = props.get(_CONCEPT_SCHEME, [])
            vocab.fields[field_literal.value] = FieldSpec(
                field_literal.value,
                subject,
                ranges[0].value if ranges else RDFS + "Literal",
                schemes[0].value if schemes else None,
            )
        for scheme in props.get(SKOS + "inScheme", []):
            table = vocab.labels.setdefault(scheme.value, {})
            for prop in sorted(_LABEL_PROPS & props.keys()):
                for label in props[prop]:
                    norm = normalise_label(label.value)
                    previous = table.get(norm)
                    if previous is not None and previous != subject:
                        vocab.ambiguous.setdefault(scheme.value, {}).setdefault(norm, {previous}).add(subject)
                        # deterministic whatever the file order; a country wins over a same-named subdivision
                        table[norm] = min(previous, subject, key=lambda iri: (iri.rsplit('/', 1)[-1].count('-'), iri))
                    else:
                        table[norm] = subject
        for parent in props.get(SKOS + "broader", []):
            vocab.broader[subject] = parent.value
        for label in props.get(SKOS + "prefLabel", []):
            lang = getattr(label, "language", None) or ""
            vocab.pref_labels.setdefault(subject, {})[lang] = label.value
        if RDF + "type" in props and subject not in vocab.pref_labels:
            for label in props.get(RDFS + "label", []):
                vocab.pref_labels.setdefault(subject, {})[getattr(label, "language", None) or ""] = label.value
    return vocab
