"""A light SPARQL tokenizer: enough to find the words, prefixed names and IRIs of a query (outside
strings and comments) with their line and column, without a full parse.

rdflib's parser takes 14–95 ms per query; this takes well under a millisecond, so the term check
and the syntax-error messages can afford it on every query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[A-Za-z0-9_.\-\u00b7\u00c0-\uffff]*[A-Za-z0-9_\-\u00b7\u00c0-\uffff])
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][A-Za-z0-9_.\-\u00b7\u00c0-\uffff]*)?:
               (?:[A-Za-z0-9_:%\\\-\u00b7\u00c0-\uffff]|\.(?=[A-Za-z0-9_:%\\\-\u00c0-\uffff]))*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

@dataclass(frozen=True)
class Token:
    kind: str  # comment, string, iri, var, lang, bnode, pname, number, word, other
    text: str
    offset: int
    line: int
    column: int  # 1-based, in characters, as pyoxigraph counts


def tokens(query: str) -> list[Token]:
    """The tokens of ``query`` (spaces left out), each with its 1-based line and column."""
    found, line, line_start = [], 1, 0
    for match in _TOKEN.finditer(query):
        kind, text, start = match.lastgroup, match.group(), match.start()
        if kind != "space":
            found.append(Token(kind, text, start, line, start - line_start + 1))
        newlines = text.count("\n")
        if newlines:
            line += newlines
            line_start = start + text.rindex("\n") + 1
    return found


def declared_prefixes(query: str) -> dict[str, str]:
    """The ``PREFIX name: <iri>`` declarations written in the query text."""
    found, seq = {}, tokens(query)
    for keyword, name, iri in zip(seq, seq[1:], seq[2:]):
        if keyword.kind == "word" and keyword.text.upper() == "PREFIX" and name.kind == "pname" \
                and name.text.endswith(":") and iri.kind == "iri":
            found[name.text[:-1]] = iri.text[1:-1]
    return found


def offset_of(query: str, line: int, column: int) -> int:
    """The character offset of a 1-based (line, column) position (clamped to the text)."""
    lines = query.split("\n")
    if line > len(lines):
        return len(query)
    return min(len(query), sum(len(text) + 1 for text in lines[: line - 1]) + column - 1)
