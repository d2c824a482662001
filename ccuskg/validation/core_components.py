"""The SHACL Core constraint components of the fast engine, one registered compiler each.

Value-node checks compile to one SPARQL FILTER over (?this, ?value); components about shapes
(sh:node, sh:not, sh:and, sh:or, sh:xone, qualified value shapes) evaluate the nested shape over
the value nodes once and decide in Python, so a nested shape costs one pass, not one per node.
"""

from __future__ import annotations

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from ccuskg.validation.registry import Constraint, component, limit, parameter
from ccuskg.validation.terms import ox_term, sparql_term

component(SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path, SH.severity,
          SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.flags, SH.defaultValue,
          SH.ignoredProperties, SH.qualifiedValueShape, SH.qualifiedValueShapesDisjoint, SH.declare,
          SH.prefixes, SH.property)(parameter)  # sh:property: FastEngine._jobs recurses into property shapes

_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_NODE_KINDS = {
    SH.IRI: "isIRI(?value)", SH.Literal: "isLiteral(?value)", SH.BlankNode: "isBlank(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))", SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}
_INTEGER_RANGES = {
    "integer": (None, None), "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1),
    "byte": (-128, 127), "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 65535), "unsignedByte": (0, 255), "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None), "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
}
_LEXICAL = {
    "decimal": r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$", "boolean": "^(true|false|1|0)$",
    "double": r"^([+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$",
}
_LEXICAL["float"] = _LEXICAL["double"]
_CASTS = ("date", "dateTime", "time")  # Oxigraph's own casts tell a valid lexical form


def is_true(value) -> bool:
    """Only the literal "true" (xsd:boolean) switches a boolean parameter on; "1" does not (W3C uniqueLang-002)."""
    return isinstance(value, rdflib.Literal) and str(value) == "true" and value.datatype == XSD.boolean


def _well_formed(datatype) -> str:
    """A SPARQL condition true when the literal ?value's lexical form is valid for ``datatype``."""
    name = str(datatype)[len(str(XSD)):] if str(datatype).startswith(str(XSD)) else ""
    if name in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[name]
        tests = ['REGEX(STR(?value), "^[+-]?[0-9]+$")']
        tests += [f"<{XSD}integer>(STR(?value)) >= {low}"] * (low is not None)
        tests += [f"<{XSD}integer>(STR(?value)) <= {high}"] * (high is not None)
        return "COALESCE(" + " && ".join(tests) + ", false)"
    if name in _LEXICAL:
        return f'REGEX(STR(?value), "{_LEXICAL[name]}")'
    if name in _CASTS:
        return f"COALESCE(isLiteral(<{XSD}{name}>(STR(?value))), false)"
    return "true"


@component(SH.minCount)
def _min_count(c: Constraint) -> list:
    path, focus, minimum = c.shape.path, c.focus, int(c.value)
    if not path or minimum < 1:
        return []
    if minimum == 1:  # the common case; much faster than counting
        return [c.rows(f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?value }} }}", False)]
    return [c.rows(f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?value }} }} "
                   f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {minimum})", False)]


@component(SH.maxCount)
def _max_count(c: Constraint) -> list:
    path, focus, maximum = c.shape.path, c.focus, int(c.value)
    if not path:
        return []
    if maximum == 1:
        return [c.rows(f"SELECT DISTINCT ?this WHERE {{ {focus} ?this {path} ?value . "
                       f"?this {path} ?other . FILTER(!sameTerm(?value, ?other)) }}", False)]
    return [c.rows(f"SELECT ?this WHERE {{ {focus} ?this {path} ?value }} "
                   f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {maximum})", False)]


@component(SH.hasValue)
def _has_value(c: Constraint) -> list:
    value = sparql_term(c.value)
    test = f"?this {c.shape.path} {value}" if c.shape.path else f"FILTER(sameTerm(?this, {value}))"
    return [c.rows(f"SELECT DISTINCT ?this WHERE {{ {c.focus} FILTER NOT EXISTS {{ {test} }} }}", False)]


@component(SH.datatype)
def _datatype(c: Constraint) -> list:
    dt = sparql_term(c.value)
    return c.violations(f"FILTER(!isLiteral(?value) || datatype(?value) != {dt} || !({_well_formed(c.value)}))")


@limit(SH.datatype)
def _datatype_limit(value) -> str | None:
    name = str(value)[len(str(XSD)):] if str(value).startswith(str(XSD)) else ""
    if name in _INTEGER_RANGES and name != "integer":
        return (f"sh:datatype xsd:{name}: Oxigraph stores every integer type as xsd:integer, so the fast engine "
                "cannot tell them apart")
    return None


@component(SH.nodeKind)
def _node_kind(c: Constraint) -> list:
    return c.violations(f"FILTER(!{_NODE_KINDS[c.value]})")


@component(SH.pattern)
def _pattern(c: Constraint) -> list:
    flags = c.engine.g.value(c.shape.node, SH.flags)
    flag_arg = f", {rdflib.Literal(str(flags)).n3()}" if flags else ""
    return c.violations(f"FILTER(isBlank(?value) || !REGEX(STR(?value), {rdflib.Literal(str(c.value)).n3()}{flag_arg}))")


@component(SH.minLength, SH.maxLength)
def _length(c: Constraint) -> list:
    op = "<" if c.term == SH.minLength else ">"
    return c.violations(f"FILTER(isBlank(?value) || STRLEN(STR(?value)) {op} {int(c.value)})")


@component(SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
def _comparison(c: Constraint) -> list:
    return c.violations(f"FILTER(!COALESCE(?value {_COMPARISONS[c.term]} {sparql_term(c.value)}, false))")


@component(SH["class"])
def _class(c: Constraint) -> list:
    return c.violations(f"FILTER NOT EXISTS {{ ?value <{RDF.type}>/<{RDFS.subClassOf}>* {sparql_term(c.value)} }}")


@component(SH["in"])
def _in(c: Constraint) -> list:
    members = " ".join(sparql_term(m) for m in Collection(c.engine.g, c.value))
    return c.violations(f"FILTER NOT EXISTS {{ VALUES ?allowed {{ {members} }} FILTER(sameTerm(?value, ?allowed)) }}")


@component(SH.languageIn)
def _language_in(c: Constraint) -> list:
    tests = " || ".join(f"langMatches(lang(?value), {rdflib.Literal(str(t)).n3()})"
                        for t in Collection(c.engine.g, c.value)) or "false"
    return c.violations(f"FILTER(!isLiteral(?value) || !({tests}))")


@component(SH.uniqueLang)
def _unique_lang(c: Constraint) -> list:
    if not is_true(c.value) or not c.shape.path:
        return []
    return [c.rows(f"SELECT DISTINCT ?this WHERE {{ {c.values} ?this {c.shape.path} ?other . "
                   "FILTER(lang(?value) != '' && LCASE(lang(?value)) = LCASE(lang(?other)) "
                   "&& !sameTerm(?value, ?other)) }", False)]


@component(SH.disjoint)
def _disjoint(c: Constraint) -> list:
    return c.violations(f"?this {sparql_term(c.value)} ?value .")


@component(SH.lessThan, SH.lessThanOrEquals)
def _less_than(c: Constraint) -> list:
    op = "<" if c.term == SH.lessThan else "<="
    return c.violations(f"?this {sparql_term(c.value)} ?other . FILTER(!COALESCE(?value {op} ?other, false))")


@component(SH.equals)
def _equals(c: Constraint) -> list:
    other = sparql_term(c.value)
    mine = f"FILTER NOT EXISTS {{ ?this {c.shape.path} ?value }}" if c.shape.path else "FILTER(!sameTerm(?this, ?value))"
    return c.violations(f"FILTER NOT EXISTS {{ ?this {other} ?value }}") + [
        c.rows(f"SELECT DISTINCT ?this ?value WHERE {{ {c.focus} ?this {other} ?value . {mine} }}")]


@component(SH.closed)
def _closed(c: Constraint) -> list:
    if not is_true(c.value):
        return []
    g = c.engine.g
    allowed = {p for ps in g.objects(c.shape.node, SH.property) for p in g.objects(ps, SH.path)
               if isinstance(p, rdflib.URIRef)}
    for ignored in g.objects(c.shape.node, SH.ignoredProperties):
        allowed |= set(Collection(g, ignored))
    not_in = f"FILTER(?p NOT IN ({', '.join(sparql_term(p) for p in sorted(allowed))}))" if allowed else ""
    query = f"SELECT DISTINCT ?this ?p ?o WHERE {{ {c.values} ?value ?p ?o . {not_in} }}"

    def job():
        return [c.engine._result(c.shape, row["this"], row["o"], c.component, path=row["p"].value)
                for row in c.engine._query(c.store, query)]
    return [job]


def _by_conformance(c: Constraint, members: list, fails, none_fail_if_all_conform: bool = False) -> list:
    """A job: one result per (focus, value) for which ``fails(value, [failing set of each member])``.

    With ``none_fail_if_all_conform`` (sh:node, sh:and, sh:or) the value rows are not even fetched when
    every value conforms to every member, the usual case for clean data."""
    def job():
        failing = [c.engine.failing(c.store, m, c.values) for m in members]
        if none_fail_if_all_conform and not any(failing):
            return []
        return [c.engine._result(c.shape, this, value, c.component)
                for this, value in c.engine.value_rows(c.store, c.values) if fails(ox_term(value), failing)]
    return [job]


@component(SH.node)
def _node(c: Constraint) -> list:
    return _by_conformance(c, [c.value], lambda v, f: v in f[0], True)


@component(SH["not"])
def _not(c: Constraint) -> list:
    return _by_conformance(c, [c.value], lambda v, f: v not in f[0])


@component(SH["and"])
def _and(c: Constraint) -> list:
    return _by_conformance(c, list(Collection(c.engine.g, c.value)), lambda v, f: any(v in s for s in f), True)


@component(SH["or"])
def _or(c: Constraint) -> list:
    return _by_conformance(c, list(Collection(c.engine.g, c.value)), lambda v, f: all(v in s for s in f), True)


@component(SH.xone)
def _xone(c: Constraint) -> list:
    return _by_conformance(c, list(Collection(c.engine.g, c.value)), lambda v, f: sum(v not in s for s in f) != 1)


@component(SH.qualifiedMinCount, SH.qualifiedMaxCount)
def _qualified(c: Constraint) -> list:
    g, node = c.engine.g, c.shape.node
    qualified = g.value(node, SH.qualifiedValueShape)
    if qualified is None or not c.shape.path:
        return []
    siblings = []
    if is_true(g.value(node, SH.qualifiedValueShapesDisjoint)):
        siblings = sorted({q for parent in g.subjects(SH.property, node) for ps in g.objects(parent, SH.property)
                           for q in g.objects(ps, SH.qualifiedValueShape) if q != qualified}, key=str)
    bound, is_min = int(c.value), c.term == SH.qualifiedMinCount

    def job():
        engine = c.engine
        failing = engine.failing(c.store, qualified, c.values)
        others = [engine.failing(c.store, s, c.values) for s in siblings]
        counts = {}
        for this, value in engine.value_rows(c.store, c.values):
            v = ox_term(value)
            hit = v not in failing and all(v in s for s in others)
            counts[this] = counts.get(this, 0) + hit
        foci = [row["this"] for row in engine._query(c.store, f"SELECT DISTINCT ?this WHERE {{ {c.focus} }}")]
        return [engine._result(c.shape, this, None, c.component) for this in foci
                if (counts.get(this, 0) < bound if is_min else counts.get(this, 0) > bound)]
    return [job]
