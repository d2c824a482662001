"""Syntax errors a person can act on: one line with the position, what was found there and what
was expected, in words.

pyoxigraph's messages are a parser's (``expected one of Prefix not found, ['%'], ['-' | '0' ..=
'9' | '\\u{00B7}' …``, over several lines; ``SELEC`` gives ``expected CONSTRUCT``). The CLI, the
API, the magic and ``ccuskg serve`` all show :func:`describe_syntax_error` instead.
"""

from __future__ import annotations

import difflib
import re

from ccuskg.access.sparql_text import Token, declared_prefixes, offset_of, tokens
from ccuskg.core.namespaces import PREFIXES

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
KEYWORDS = frozenset("""
    SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED PREFIX BASE DISTINCT REDUCED AS GROUP BY ORDER ASC DESC
    HAVING LIMIT OFFSET VALUES OPTIONAL UNION MINUS GRAPH SERVICE SILENT BIND FILTER UNDEF NOT IN EXISTS A
    TRUE FALSE STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN
    UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES
    SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM
    ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT
    SEPARATOR INSERT DELETE DATA LOAD CLEAR CREATE DROP COPY MOVE ADD WITH INTO TO USING DEFAULT ALL
    VERSION TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE LANGDIR STRLANGDIR HASLANG HASLANGDIR ADJUST
""".split())
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_EXPECTED_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[(?:\'(?:[^\'\\]|\\.)*\'|[^\]\'])*\]|[A-Za-z][A-Za-z0-9_ ]*[A-Za-z0-9_]|[A-Za-z]')
_CLAUSES = {"WHERE", "FROM", "NAMED", "DISTINCT", "REDUCED", "AS", "GROUP", "BY", "ORDER", "HAVING", "LIMIT",
            "OFFSET", "VALUES", "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "SILENT", "BIND", "FILTER",
            "LATERAL", "ASC", "DESC", "NOT", "IN", "EXISTS", "SEPARATOR", "A", "UNDEF"}
_SPARQL_12_ONLY = {"{|", "~", "<<", "<<(", "|}"}


def describe_syntax_error(query: str, exc: Exception, prefixes: dict[str, str] | None = None) -> str:
    """One line saying where ``query`` is wrong and what would be right there.

    ``exc`` is the SyntaxError pyoxigraph raised; ``prefixes`` those declared for the query besides
    its own ``PREFIX`` lines (default: the predeclared ones)."""
    declared = dict(PREFIXES if prefixes is None else prefixes, **declared_prefixes(query))
    seq = tokens(query)
    match = _POSITION.match(str(exc))
    if not match:
        return "invalid SPARQL: " + " ".join(str(exc).split())
    line, column, expected = int(match.group(1)), int(match.group(2)), match.group(3)
    for describe in (_unclosed_string, _undeclared_prefix, _query_form, _unknown_word):
        message = describe(seq, declared, offset_of(query, line, column))
        if message:
            return message
    return f"invalid SPARQL at line {line}, column {column}: found {_found(query, seq, line, column)}, " \
           f"expected {_expected(expected)}"


def _at(token: Token) -> str:
    return f"invalid SPARQL at line {token.line}, column {token.column}"


def _unclosed_string(seq: list[Token], declared: dict[str, str], offset: int) -> str | None:
    for token in seq:
        if token.kind == "other" and token.text in "\"'":
            return f"{_at(token)}: a string is not closed (expected a closing {token.text})"
    return None


def _undeclared_prefix(seq: list[Token], declared: dict[str, str], offset: int) -> str | None:
    for token in seq:
        prefix = token.text.split(":", 1)[0]
        if token.kind == "pname" and prefix not in declared:
            names = ", ".join(sorted(p for p in declared if p))
            return (f"{_at(token)}: the prefix '{prefix}:' of {token.text} is not declared "
                    f"(declared: {names}; add PREFIX {prefix}: <IRI> to use it)")
    return None


def _query_form(seq: list[Token], declared: dict[str, str], offset: int) -> str | None:
    words = [t for t in seq if t.kind not in ("comment",)]
    index = 0
    while index < len(words) and words[index].text.upper() in ("PREFIX", "BASE"):
        index += 3 if words[index].text.upper() == "PREFIX" else 2
    if index >= len(words):
        return f"invalid SPARQL: no query after the PREFIX lines (expected {_or(QUERY_FORMS)})"
    first = words[index]
    if first.kind == "word" and first.text.upper() in QUERY_FORMS + ("VERSION",):
        return None
    hint = _closest(first.text, QUERY_FORMS)
    return f"{_at(first)}: found {_show(first.text)}, expected {_or(QUERY_FORMS)}{hint}"


def _unknown_word(seq: list[Token], declared: dict[str, str], offset: int) -> str | None:
    for token in seq:
        if token.offset > offset:
            break
        if token.kind == "word" and token.text.upper() not in KEYWORDS:
            hint = _closest(token.text.upper(), sorted(KEYWORDS))
            return (f"{_at(token)}: found {_show(token.text)}, which is not a SPARQL keyword"
                    f" (expected a keyword, a ?variable, a prefixed name or an <IRI>){hint}")
    return None


def _closest(word: str, choices) -> str:
    close = difflib.get_close_matches(word.upper(), list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _found(query: str, seq: list[Token], line: int, column: int) -> str:
    offset = offset_of(query, line, column)
    for token in seq:
        if token.offset <= offset < token.offset + len(token.text) or token.offset >= offset:
            if token.kind == "other" and token.text in "\"'":
                return f"a string that is not closed ({_show(query[token.offset:token.offset + 20])})"
            return _show(token.text) if token.kind != "comment" else "a comment"
    return "the end of the query"


def _expected(text: str) -> str:
    items = []
    for item in _EXPECTED_ITEM.findall(re.sub(r"\Aexpected (one of )?", "", text)):
        plain = _plain(item)
        if plain and plain not in items:
            items.append(plain)
    if "a name" in items:
        items = [i for i in items if i not in ("a digit or name character", "'_'", "'%'", "'\\'", "'-'")]
    if any(i.upper() in KEYWORDS - set(QUERY_FORMS) and i not in _CLAUSES for i in items):
        items = [i for i in items if i.upper() not in KEYWORDS] + ["an expression (a value, a ?variable or a function call)"]
    if not items:
        return "something else"
    return _or(items[:10]) if len(items) <= 10 else _or(items[:10] + ["…"])


def _plain(item: str) -> str | None:
    if item.startswith('"'):
        token = item[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        return None if token in _SPARQL_12_ONLY else f"'{token}'"
    if item == "LATERAL":  # an Oxigraph extension, not SPARQL 1.1
        return None
    if item == "[_]":
        return None
    if item.startswith("["):
        if "'A' ..= 'Z'" in item or "'a' ..= 'z'" in item:
            return "a name"
        if re.fullmatch(r"\['0' ?\.\.= ?'9'\]", item):
            return "a number"
        if "'0' ..= '9'" in item:
            return "a digit or name character"
        single = re.fullmatch(r"\['(.+)'\]", item)
        return f"'{single.group(1)}'" if single else "a character"
    if item == "Prefix not found":
        return None
    return item


def _or(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else "one of " + ", ".join(items[:-1]) + " or " + items[-1]


def _show(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 40 else text[:39] + "…")
