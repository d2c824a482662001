"""The term check: before a query's answer is trusted, look at every IRI it names.

A term in a namespace we own (``ccus:``, our vocabularies, jurisdictions, issuers) that the loaded
ontology does not define is a typo or a guess: a warning names the closest defined terms. A term of
a standard vocabulary (dcterms, skos, eli, …) that the data never uses gets a note, since the query
will match nothing through it. The check reads only the query's tokens and an in-memory set of the
ontology's terms, so it costs well under the 10 ms budget (``benchmarks/termcheck_bench.py``).
"""

from __future__ import annotations

import difflib
import re
from typing import Callable

from ccuskg.access.sparql_text import Token, declared_prefixes, tokens
from ccuskg.core.namespaces import (CCUS, DCAT, DCTERMS, ELI, ISSUER_SCHEME, JURISDICTION_SCHEME, ONTOLOGY_GRAPH,
                                    OWL, PROV, RDF, RDFS, SCHEMA, SKOS, VOCAB, VOID)

OWNED = (CCUS, VOCAB, JURISDICTION_SCHEME + "/", ISSUER_SCHEME + "/")
STANDARD = (RDF, RDFS, OWL, SKOS, DCTERMS, PROV, ELI, SCHEMA, VOID, DCAT)
_GRAPH = f"GRAPH <{ONTOLOGY_GRAPH}>"
HAS_ONTOLOGY = f"ASK {{ {_GRAPH} {{ ?s ?p ?o }} }}"
DEFINED = f"ASK {{ {_GRAPH} {{ <@IRI@> ?p ?o }} }}"  # defined = described by the ontology
TERMS_IN = f"SELECT DISTINCT ?t WHERE {{ {_GRAPH} {{ ?t a ?type }} FILTER(STRSTARTS(STR(?t), \"@NS@\")) }}"
REFINED_BY = (f"SELECT DISTINCT ?t WHERE {{ {_GRAPH} {{ ?t rdfs:subPropertyOf|rdfs:subClassOf|owl:equivalentProperty"
              f"|owl:equivalentClass <@IRI@> }} FILTER(STRSTARTS(STR(?t), \"{CCUS}\")) }} ORDER BY ?t")
USED = ("ASK { { ?s <@IRI@> ?o } UNION { ?s ?p <@IRI@> "
        f"FILTER(!STRSTARTS(STR(?p), \"{RDFS}\") && !STRSTARTS(STR(?p), \"{OWL}\")) }} }}")
# DEFINED, USED and HAS_ONTOLOGY for many terms in one query (one round trip for a whole check)
LOOKUP = ("SELECT ?t ?defined ?used ?ontology WHERE { VALUES ?t { @IRIS@ } "
          f"BIND(EXISTS {{ {_GRAPH} {{ ?t ?p ?o }} }} AS ?defined) "
          f"BIND(EXISTS {{ {{ ?s ?t ?o }} UNION {{ ?s ?q ?t FILTER(!STRSTARTS(STR(?q), \"{RDFS}\") "
          f"&& !STRSTARTS(STR(?q), \"{OWL}\")) }} }} AS ?used) "
          f"BIND(EXISTS {{ {_GRAPH} {{ ?a ?b ?c }} }} AS ?ontology) }}")
_SAFE_IRI = re.compile(r"[^<>\"{}|^`\\\s]+")


class Vocabulary:
    """What a graph's ontology defines and its data uses, asked term by term through the graph's
    ``raw(sparql)`` (index lookups, well under a millisecond each) and remembered."""

    def __init__(self, raw: Callable):
        self._raw, self._answers = raw, {}

    def _ask(self, template: str, iri: str = "") -> bool:
        key = (template, iri)
        if key not in self._answers:
            self._answers[key] = bool(self._raw(template.replace("@IRI@", iri)))
        return self._answers[key]

    def _select(self, template: str, iri: str = "", ns: str = "") -> list[str]:
        key = (template, iri, ns)
        if key not in self._answers:
            rows = self._raw(template.replace("@IRI@", iri).replace("@NS@", ns))
            self._answers[key] = [row[0].value for row in rows]
        return self._answers[key]

    def prefetch(self, iris) -> None:
        """Look up every term not yet known in one query (instead of one query per term)."""
        wanted = sorted({i for i in iris if (DEFINED, i) not in self._answers and _SAFE_IRI.fullmatch(i)})
        if not wanted:
            return
        for row in self._raw(LOOKUP.replace("@IRIS@", " ".join(f"<{i}>" for i in wanted))):
            iri = row[0].value
            self._answers[(DEFINED, iri)] = row[1].value == "true"
            self._answers[(USED, iri)] = row[2].value == "true"
            self._answers[(HAS_ONTOLOGY, "")] = row[3].value == "true"

    def knows_ontology(self) -> bool:
        """Whether the graph holds our ontology graph (a foreign endpoint may not: then nothing is checked)."""
        return self._ask(HAS_ONTOLOGY)

    def defined(self, iri: str) -> bool:
        return not _SAFE_IRI.fullmatch(iri) or self._ask(DEFINED, iri)

    def terms_in(self, namespace: str) -> list[str]:
        return self._select(TERMS_IN, ns=namespace)

    def used(self, iri: str) -> bool:
        return not _SAFE_IRI.fullmatch(iri) or self._ask(USED, iri)

    def refined_by(self, iri: str) -> list[str]:
        return self._select(REFINED_BY, iri) if _SAFE_IRI.fullmatch(iri) else []


def query_iris(query: str, prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """(as written, full IRI) of every IRI and prefixed name in the query, PREFIX lines left out."""
    declared = dict(prefixes, **declared_prefixes(query))
    seq, found = tokens(query), []
    for index, token in enumerate(seq):
        if index and seq[index - 1].kind == "word" and seq[index - 1].text.upper() in ("PREFIX", "BASE"):
            continue
        if index > 1 and seq[index - 2].text.upper() == "PREFIX":
            continue
        iri = _resolve(token, declared)
        if iri:
            found.append((token.text, iri))
    return found


def _resolve(token: Token, declared: dict[str, str]) -> str | None:
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind == "pname":
        prefix, local = token.text.split(":", 1)
        local = re.sub(r"\\(.)", r"\1", local)  # PN_LOCAL_ESC: ccus:a\.b is ccus:a.b
        return declared[prefix] + local if prefix in declared and local else None
    return None


def check_terms(query: str, prefixes: dict[str, str], vocabulary: Vocabulary) -> list[str]:
    """Warnings (our namespaces) and notes (standard vocabularies) about the terms of ``query``."""
    notes, seen, found = [], set(), query_iris(query, prefixes)
    vocabulary.prefetch(iri for _, iri in found if iri.startswith(OWNED + STANDARD))
    for written, iri in found:
        if iri in seen:
            continue
        seen.add(iri)
        if iri.startswith(OWNED) and vocabulary.knows_ontology() and not vocabulary.defined(iri):
            notes.append(f"warning: {written} is not defined in the ontology{_suggest(iri, vocabulary, prefixes)}")
        elif iri.startswith(STANDARD) and not _is_namespace(iri) and not vocabulary.used(iri):
            ours = [_short(t, prefixes) for t in vocabulary.refined_by(iri)]
            hint = f"; the data uses {', '.join(ours)} (a refinement of it)" if ours else ""
            notes.append(f"note: {written} is a standard term this data never uses, so it matches nothing{hint}")
    return notes


def _is_namespace(iri: str) -> bool:
    return iri.endswith(("#", "/"))


def _suggest(iri: str, vocabulary: Vocabulary, prefixes: dict[str, str]) -> str:
    namespace, local = _split(iri)
    candidates = {_split(t)[1]: t for t in vocabulary.terms_in(namespace) if _split(t)[0] == namespace}
    by_case = [t for name, t in candidates.items() if name.lower() == local.lower()]
    close = by_case or [candidates[n] for n in difflib.get_close_matches(local, list(candidates), n=3, cutoff=0.6)]
    if not close:
        return ""
    return "; did you mean " + " or ".join(_short(t, prefixes) for t in close) + "?"


def _split(iri: str) -> tuple[str, str]:
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    return iri[:cut], iri[cut:]


def _short(iri: str, prefixes: dict[str, str]) -> str:
    best = max((ns for ns in prefixes.values() if iri.startswith(ns)), key=len, default=None)
    name = next((p for p, ns in prefixes.items() if ns == best), None) if best else None
    return f"{name}:{iri[len(best):]}" if name is not None else f"<{iri}>"
