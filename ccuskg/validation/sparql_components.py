"""SHACL-SPARQL in the fast engine: sh:sparql constraints and SPARQL-based constraint components.

Pre-binding ($this, $currentShape, component parameters) is done two ways. When joining the focus
pattern in front of the WHERE group binds $this wherever the query uses it (``_join_binds_this``:
our shapes, and most), the query runs once for all focus nodes. Otherwise (a $this in a FILTER or
BIND of a nested group, a sub-SELECT, $currentShape) it runs once per focus node with Oxigraph's
variable substitution, which is pre-binding as SHACL defines it. Queries SHACL forbids (MINUS, SERVICE,
VALUES, a sub-SELECT not returning $this, binding $this) are refused, as the spec requires.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from ccuskg.validation.registry import Constraint, component, parameter, register_shapes_extension
from ccuskg.validation.terms import SHAPES_GRAPH, ShaclResult, UnsupportedShapes, ox_term, rdflib_term

component(SH.select, SH.ask, SH.parameter, SH.labelTemplate, SH.validator, SH.nodeValidator,
          SH.propertyValidator)(parameter)  # a shape that is its own sh:SPARQLConstraint carries these

_FORBIDDEN = re.compile(r"\b(MINUS|SERVICE|VALUES)\b", re.IGNORECASE)
_SUBSELECT = re.compile(r"\{\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)


def check_query(text: str, where: str, prebound: tuple = ()) -> None:
    """Refuse what SHACL-SPARQL forbids in a constraint's query (sht:Failure cases of the W3C suite):
    MINUS, SERVICE, VALUES, a sub-SELECT not returning $this, and binding a pre-bound variable."""
    names = "|".join(("this", "currentShape", "shapesGraph") + tuple(prebound))
    found = _FORBIDDEN.search(_strip(text)) or re.search(rf"\bAS\s+[?$]({names})\b", _strip(text), re.IGNORECASE)
    if found:
        raise UnsupportedShapes(f"SPARQL constraint {where} uses {found.group(0).strip()}, which SHACL forbids")
    for sub in _SUBSELECT.finditer(text):
        if not re.search(r"[?$]this\b", sub.group(2)):
            raise UnsupportedShapes(f"SPARQL constraint {where}: a sub-SELECT must return $this")


def _strip(text: str) -> str:
    """The query without string literals and comments, so that words inside them do not count."""
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text)
    return re.sub(r"#[^\n]*", "", text)


def _join_binds_this(where_body: str) -> bool:
    """True when joining the focus nodes in front of the WHERE group binds $this wherever it is used.

    That holds for $this at the top level of the group, in a triple pattern of a nested group (a join
    variable) and anywhere inside EXISTS; not for $this in an expression (FILTER, BIND) of a nested
    group, nor in a sub-SELECT, which SPARQL evaluates before the join."""
    text = _strip(where_body)
    if re.search(r"\{\s*SELECT\b", text, re.IGNORECASE):
        return False
    stack = [[False, 0]]  # per open group: (inside EXISTS, open parentheses)
    for token in re.finditer(r"\bEXISTS\s*\{|[{}()]|[?$]this\b", text, re.IGNORECASE):
        word = token.group(0)
        if word.endswith("{"):
            stack.append([stack[-1][0] or word.upper().startswith("EXISTS"), 0])
        elif word == "}":
            stack.pop() if len(stack) > 1 else None
        elif word in "()":
            stack[-1][1] += 1 if word == "(" else -1
        elif len(stack) > 1 and not stack[-1][0] and stack[-1][1] > 0:
            return False
    return True


def _bound_is_true(text: str, subs: dict) -> str:
    """bound($x) of a substituted variable is true (Oxigraph's substitution replaces the variable by a value)."""
    names = "|".join(["this"] + [re.escape(v.value) for v in subs])
    return re.sub(rf"\bbound\s*\(\s*[?$]({names})\s*\)", "(true)", text, flags=re.IGNORECASE)


def _with_projection(select: str, names: list[str]) -> str:
    """The SELECT with ``names`` added to its projection (Oxigraph substitutes only projected variables)."""
    match = re.match(r"(\s*(?:PREFIX\s+\S*\s*<[^>]*>\s*|BASE\s*<[^>]*>\s*)*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?)",
                     select, re.IGNORECASE)
    if match is None or select[match.end():].lstrip().startswith("*"):
        return select
    rest = select[match.end():]
    missing = [n for n in names if not re.search(rf"[?$]{n}\b", rest.split("WHERE")[0] if "WHERE" in rest else rest)]
    return match.group(1) + "".join(f"${n} " for n in missing) + rest


@component(SH.sparql)
def _sparql(c: Constraint) -> list:
    g = c.engine.g
    if str(g.value(c.value, SH.deactivated) or "false").lower() == "true":
        return []
    select = g.value(c.value, SH.select)
    if select is None:
        raise UnsupportedShapes(f"SPARQL constraint {c.value} has no sh:select")
    select = str(select)
    check_query(select, str(c.value))
    if c.shape.path:
        select = select.replace("$PATH", c.shape.path)
    messages = sorted(str(m) for m in g.objects(c.value, SH.message)) or c.shape.messages
    return [lambda: _select_results(c, select, messages, str(SH.SPARQLConstraintComponent), c.value, {})]


def _select_results(c: Constraint, select: str, messages: list, component_iri: str, constraint, params: dict) -> list:
    """Run a SELECT constraint or validator for the focus nodes of ``c``; one result per solution."""
    match = re.search(r"\bWHERE\s*\{", select, re.IGNORECASE)
    if match is None:
        raise UnsupportedShapes(f"SPARQL constraint {constraint}: no WHERE clause found")
    body = select[match.end():]
    simple = not params and "currentShape" not in select and "shapesGraph" not in select and _join_binds_this(body)
    if simple:
        runs = [(select[:match.end()] + f" {c.focus} " + body, {})]
    else:
        subs = {ox.Variable(k): v for k, v in params.items()}
        subs[ox.Variable("currentShape")] = _to_ox(c.shape.node)
        if "shapesGraph" in select:
            subs[ox.Variable("shapesGraph")] = ox.NamedNode(SHAPES_GRAPH)
        text = _bound_is_true(_with_projection(select, sorted(v.value for v in subs) + ["this"]), subs)
        foci = [row["this"] for row in c.engine._query(c.store, f"SELECT DISTINCT ?this WHERE {{ {c.focus} }}")]
        runs = [(text, {**subs, ox.Variable("this"): f}) for f in foci]
    out = []
    for text, subs in runs:
        try:
            solutions = c.store.query(c.engine.prefixes + "\n" + text, substitutions=subs or None)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise UnsupportedShapes(f"SPARQL constraint {constraint} cannot be run: {exc}") from None
        names = [v.value for v in solutions.variables]
        for row in solutions:
            bound = {name: row[name] for name in names if row[name] is not None}
            out.append(_result(c, bound, messages, component_iri, constraint))
    return out


def _result(c: Constraint, bound: dict, messages: list, component_iri: str, constraint) -> ShaclResult:
    path, value = bound.get("path"), bound.get("value")
    if value is None and not c.shape.path and "this" in bound:
        value = bound["this"]  # a node shape's value node is the focus node
    return ShaclResult(
        focus=ox_term(bound["this"]),
        path=path.value if isinstance(path, ox.NamedNode) else c.shape.path_iri,
        value=None if value is None else ox_term(value),
        severity=c.shape.severity, message=substitute(messages[0], bound) if messages else "",
        shape=str(c.shape.node) if isinstance(c.shape.node, rdflib.URIRef) else None,
        shape_node=rdflib_term(c.shape.node), component=component_iri,
        constraint=str(constraint) if isinstance(constraint, rdflib.URIRef) else None,
    )


def substitute(message: str, bound: dict) -> str:
    """{$var} / {?var} in a message replaced by the variable's value (as pyshacl does)."""
    for name, term in bound.items():
        message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _m, t=term: ox_term(t).value, message)
    return message


def _to_ox(term):
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or rdflib.XSD.string)))


# --------------------------------------------------------------------------------------------- components

def custom_components(g: rdflib.Graph) -> list:
    """The SPARQL-based constraint components declared in the shapes graph: (component, parameters)."""
    found = []
    classes = set(g.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent))  # subclasses count (W3C validator-001)
    for cc in sorted({cc for c in classes for cc in g.subjects(RDF.type, c)}, key=str):
        params = [(g.value(p, SH.path), str(g.value(p, SH.optional) or "false").lower() == "true")
                  for p in g.objects(cc, SH.parameter)]
        found.append((cc, sorted(params, key=str)))
    return found


def custom_jobs(engine, store, shape, focus: str, values: str, declared: list) -> list:
    """Jobs for the ``declared`` SPARQL-based components whose mandatory parameters ``shape`` has."""
    g, jobs = engine.g, []
    for cc, params in declared:
        if any(g.value(shape.node, path) is None for path, optional in params if not optional):
            continue
        if all(g.value(shape.node, path) is None for path, _ in params):
            continue
        bound = {_local(path): _to_ox(g.value(shape.node, path)) for path, _ in params
                 if g.value(shape.node, path) is not None}
        validator = (g.value(cc, SH.propertyValidator) if shape.path else g.value(cc, SH.nodeValidator)) \
            or g.value(cc, SH.validator)
        if validator is None:
            continue
        c = Constraint(engine, store, shape, focus, values, cc, None, str(cc))
        messages = sorted(str(m) for m in g.objects(validator, SH.message)) or \
            sorted(str(m) for m in g.objects(cc, SH.message)) or shape.messages
        jobs.append(_validator_job(c, validator, bound, messages))
    return jobs


class _DeclaredComponents:
    """The engine's extension for the SPARQL-based components a shapes graph declares."""

    def __init__(self, shapes: rdflib.Graph):
        self.declared = custom_components(shapes)
        self.parameters = {path for _, params in self.declared for path, _ in params}

    def jobs(self, engine, store, shape, focus: str, values: str) -> list:
        return custom_jobs(engine, store, shape, focus, values, self.declared) if self.declared else []


register_shapes_extension(_DeclaredComponents)


def _validator_job(c: Constraint, validator, bound: dict, messages: list):
    g = c.engine.g
    ask, select = g.value(validator, SH.ask), g.value(validator, SH.select)
    if ask is not None:
        check_query(str(ask), str(validator), ("value", *bound))
        return lambda: _ask_results(c, str(ask), bound, messages)
    if select is None:
        raise UnsupportedShapes(f"validator {validator} has neither sh:ask nor sh:select")
    text = str(select)
    check_query(text, str(validator), tuple(bound))
    if c.shape.path:
        text = text.replace("$PATH", c.shape.path)
    return lambda: _select_results(c, text, messages, str(c.term), None, bound)


def _ask_results(c: Constraint, ask: str, bound: dict, messages: list) -> list:
    """An ASK validator: a value node fails when the ASK, with $this and $value pre-bound, is false."""
    body = re.sub(r"^\s*((?:PREFIX\s+\S*\s*<[^>]*>\s*)*)ASK\b", "", ask, flags=re.IGNORECASE)
    names = sorted(bound) + ["this", "value"]
    text = "SELECT " + " ".join(f"${n}" for n in names) + " WHERE " + body + " LIMIT 1"
    text = _bound_is_true(text, {ox.Variable(n): None for n in names})
    out = []
    for this, value in c.engine.value_rows(c.store, c.values):
        subs = {ox.Variable(k): v for k, v in bound.items()}
        subs.update({ox.Variable("this"): this, ox.Variable("value"): value})
        try:
            passed = any(True for _ in c.store.query(c.engine.prefixes + "\n" + text, substitutions=subs))
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise UnsupportedShapes(f"SPARQL validator cannot be run: {exc}") from None
        if not passed:
            out.append(_result(c, {**bound, "this": this, "value": value}, messages, str(c.term), None))
    return out


def _local(path) -> str:
    return re.split(r"[#/]", str(path))[-1]
