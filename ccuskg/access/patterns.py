"""The triple patterns of a query's main group, as text: what the empty-answer diagnosis evaluates
one more at a time.

Only the patterns a row must match are taken: those written directly in the WHERE group. Nested
groups (OPTIONAL, UNION, MINUS, GRAPH, sub-queries), FILTER, BIND and VALUES are skipped; a
construct this reader does not follow (``[ … ]`` blank nodes, collections) ends the list there.
"""

from __future__ import annotations

from dataclasses import dataclass

from ccuskg.access.sparql_text import Token, tokens

_SKIP_GROUP = {"OPTIONAL", "MINUS", "UNION", "NOT", "EXISTS", "SILENT", "LATERAL"}
_TERM_KINDS = ("var", "pname", "iri", "bnode", "number", "string")


@dataclass(frozen=True)
class Pattern:
    text: str
    line: int


def main_patterns(query: str) -> list[Pattern]:
    """The triple patterns written directly in the first ``{ … }`` group of ``query``, in order."""
    seq = [t for t in tokens(query) if t.kind != "comment"]
    start = next((i for i, t in enumerate(seq) if t.text == "{" and t.kind == "other"), None)
    if start is None:
        return []
    found, i = [], start + 1
    while i < len(seq) and seq[i].text != "}":
        token = seq[i]
        if token.text == "." or (token.kind == "word" and token.text.upper() in _SKIP_GROUP):
            i += 1
        elif token.text == "{":
            i = _after_group(seq, i, "{", "}")
        elif token.kind == "word" and token.text.upper() in ("FILTER", "BIND", "GRAPH", "SERVICE", "VALUES"):
            i = _after_clause(seq, i + 1)
        elif token.kind in ("var", "pname", "iri", "bnode"):
            i = _triples(query, seq, i, found)
            if i is None:
                break
        else:
            break
    return found


def _after_group(seq: list[Token], i: int, opening: str, closing: str) -> int:
    depth = 0
    while i < len(seq):
        depth += (seq[i].text == opening) - (seq[i].text == closing)
        i += 1
        if depth == 0:
            break
    return i


def _after_clause(seq: list[Token], i: int) -> int:
    """After FILTER/BIND/GRAPH/SERVICE/VALUES: skip to the end of the group or parentheses that follow."""
    while i < len(seq) and seq[i].text not in ("(", "{"):
        i += 1
    if i < len(seq) and seq[i].text == "(":
        i = _after_group(seq, i, "(", ")")
        if i < len(seq) and seq[i].text != "{":
            return i
    return _after_group(seq, i, "{", "}") if i < len(seq) and seq[i].text == "{" else i


def _triples(query: str, seq: list[Token], i: int, found: list[Pattern]) -> int | None:
    """Read ``subject predicate object (, object)* (; predicate object …)*``; the index after it."""
    subject = seq[i]
    i += 1
    while True:
        path_end = _path_end(seq, i)
        if path_end is None:
            return None
        line = seq[i].line
        predicate = query[seq[i].offset: seq[path_end - 1].offset + len(seq[path_end - 1].text)]
        i = path_end
        while True:
            object_end = _term_end(seq, i)
            if object_end is None:
                return None
            obj = query[seq[i].offset: seq[object_end - 1].offset + len(seq[object_end - 1].text)]
            found.append(Pattern(f"{subject.text} {predicate} {obj}", line))
            i = object_end
            if i < len(seq) and seq[i].text == ",":
                i += 1
                continue
            break
        while i < len(seq) and seq[i].text == ";":
            i += 1
        if i >= len(seq) or seq[i].text in (".", "}") or seq[i - 1].text != ";":
            return i


def _path_end(seq: list[Token], i: int) -> int | None:
    if i < len(seq) and seq[i].kind == "var":
        return i + 1
    depth, need_element = 0, True
    while i < len(seq):
        token = seq[i]
        if need_element and token.text in ("^", "!", "("):
            depth += token.text == "("
        elif need_element and (token.kind in ("pname", "iri") or token.text == "a"):
            need_element = False
        elif not need_element and token.kind == "other" and token.text in ("*", "+", "?"):
            pass
        elif not need_element and token.text == ")" and depth:
            depth -= 1
        elif not need_element and token.text in ("/", "|"):
            need_element = True
        else:
            return i if not need_element and depth == 0 else None
        i += 1
    return None


def _term_end(seq: list[Token], i: int) -> int | None:
    if i >= len(seq):
        return None
    token = seq[i]
    if token.kind == "word" and token.text.lower() in ("true", "false"):
        return i + 1
    if token.kind not in _TERM_KINDS:
        return None
    if token.kind == "string" and i + 1 < len(seq):
        if seq[i + 1].kind == "lang":
            return i + 2
        if seq[i + 1].text == "^" and i + 3 < len(seq) and seq[i + 2].text == "^":
            return i + 4
    return i + 1
