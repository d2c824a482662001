"""What the proxy checks in a query before a worker sees it: size, SERVICE, updates.

The engine's own parser (in the worker, inside the timeout) decides whether a query is valid; the
proxy only refuses what it must, with a clear message, and quickly: a query that does not spell
``service`` anywhere (after escapes are decoded) cannot use SERVICE, so the lexer below runs only
for those that do. The lexer reads the text the way SPARQL's grammar does (comments, strings, IRIs,
prefixed names with their ``\\`` escapes are single tokens) and refuses on the keyword wherever it
is a token of its own. It is the first barrier; the second, which needs no parser, is that the
worker has no network (see ``worker.py``).
"""

from __future__ import annotations

import re

from ccuskg.core.errors import UserError

MAX_QUERY_CHARS = 500_000  # far above any hand-written query; lexing it takes milliseconds

# Every character that ends a line (and so a comment) for some parser: Oxigraph ends comments at
# CR, rdflib only at LF; Python's str.splitlines also breaks at the rest.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w.:%-]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<escape>\\.)
  | (?P<other>.)''', re.VERBOSE | re.DOTALL)
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
_PROLOGUE_WORDS = {"prefix", "base"}


class QueryRefused(UserError, ValueError):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def normalise_query(text: str) -> str:
    r"""The text both the checker and the engine read: escapes decoded, every line break a LF.

    SPARQL decodes ``\uXXXX``/``\UXXXXXXXX`` before parsing, anywhere in the text; decoding here
    until none is left means the engine decodes nothing the checker did not see (an escape that
    decodes to another escape included). A query meaning a literal backslash-u must not use one.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query has {len(text)} characters: at most {MAX_QUERY_CHARS} are accepted", 413)
    while True:
        decoded = _ESCAPE.sub(_codepoint, text)
        if decoded == text:
            return _LINE_BREAKS.sub("\n", text)
        text = decoded


def _codepoint(match: re.Match) -> str:
    value = int(match.group(1) or match.group(2), 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise QueryRefused(f"invalid codepoint escape {match.group(0)!r}")
    return chr(value)


def words(text: str):
    """The keyword-like tokens of a query, lower-cased, in order (not in comments, strings, IRIs)."""
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word":
            yield match.group().lower()


def check_query(text: str) -> None:
    """Refuse an update (403) or a query using SERVICE (400); ``text`` is already normalised."""
    first = next((w for w in words(text) if w not in _PROLOGUE_WORDS), "")
    if first in _UPDATE_WORDS:
        raise QueryRefused(f"updates ({first.upper()}) are not allowed: this endpoint is read-only", 403)
    if "service" in text.lower() and "service" in words(text):
        raise QueryRefused("SERVICE is not allowed on this endpoint (no outbound requests)")
