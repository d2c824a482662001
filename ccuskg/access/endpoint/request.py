"""A SPARQL 1.1 Protocol request read one way only: the query, its dataset, the media types asked for.

An ambiguous request is refused (400) rather than read one way: a repeated Content-Type,
Content-Length or Transfer-Encoding header, a query both in the URL and in the body, a form POST
with parameters in the URL, a repeated ``query``, or any parameter but the protocol's three
(SPARQLWrapper's ``format``/``output``/``results`` hints are accepted and dropped). The worker is
then sent what was read here, never the client's bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from ccuskg.access.endpoint.check import QueryRefused, check_query, normalise_query

QUERY_PATHS = ("/query", "/sparql")
_KNOWN_PARAMS = ("query", "default-graph-uri", "named-graph-uri")
_DROPPED_PARAMS = ("format", "output", "results")
_SINGLE_HEADERS = ("Content-Type", "Content-Length", "Transfer-Encoding")


@dataclass(frozen=True)
class Query:
    text: str
    default: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)


def refuse_repeated_headers(headers) -> None:
    """Two Content-Types or Content-Lengths: parsers disagree on which one counts, so neither does."""
    for name in _SINGLE_HEADERS:
        if len(headers.get_all(name) or []) > 1:
            raise QueryRefused(f"ambiguous request: repeated {name} header")


def one_query(params: list[tuple[str, str]]) -> Query:
    """The one checked query and the dataset parameters of an unambiguous request."""
    names = [name for name, _ in params]
    if "update" in names:
        raise QueryRefused("updates are not allowed: this endpoint is read-only", 403)
    unknown = sorted(set(names) - set(_KNOWN_PARAMS) - set(_DROPPED_PARAMS))
    if unknown:
        raise QueryRefused(f"unknown parameter {unknown[0][:40]!r}: only {', '.join(_KNOWN_PARAMS)}")
    queries = [value for name, value in params if name == "query"]
    if len(queries) != 1:
        raise QueryRefused("give exactly one query per request" if queries else "no query given")
    text = normalise_query(queries[0])
    check_query(text)
    return Query(text, [v for n, v in params if n == "default-graph-uri"],
                 [v for n, v in params if n == "named-graph-uri"])


def get_query(path: str, query_string: str) -> Query:
    if path not in QUERY_PATHS:
        raise QueryRefused(f"no such page: {path[:80]!r} (queries go to /query)", 404)
    return one_query(parse_qsl(query_string, keep_blank_values=True))


def posted_query(path: str, query_string: str, content_type: str, body: bytes) -> Query:
    content_type = content_type.split(";")[0].strip().lower()
    if content_type == "application/sparql-update" or path == "/update":
        raise QueryRefused("updates are not allowed: this endpoint is read-only", 403)
    if path not in QUERY_PATHS:
        raise QueryRefused("this endpoint is read-only: POST queries to /query", 403)
    url_params = parse_qsl(query_string, keep_blank_values=True)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryRefused("the request body is not UTF-8") from None
    if content_type == "application/x-www-form-urlencoded":
        if query_string:
            raise QueryRefused("a form POST carries its parameters in the body, not in the URL")
        return one_query(parse_qsl(text, keep_blank_values=True))
    if content_type == "application/sparql-query":
        if any(name == "query" for name, _ in url_params):
            raise QueryRefused("ambiguous request: a query both in the URL and in the body")
        return one_query([*url_params, ("query", text)])
    raise QueryRefused("this endpoint is read-only: POST a SPARQL query "
                       "(application/sparql-query or a form with query=)", 403)


def accepted(values: list[str]) -> list[str]:
    """The media types of the Accept headers, best first (q=0 dropped, ties in the client's order)."""
    ranked = []
    for position, item in enumerate(",".join(values).split(",")):
        media, *options = [part.strip() for part in item.split(";")]
        q = next((o[2:] for o in options if o.lower().startswith("q=")), "1")
        try:
            weight = min(max(float(q), 0.0), 1.0)
        except ValueError:
            weight = 1.0
        if media and weight > 0:
            ranked.append((-weight, position, media.lower()[:100]))
    return [media for _, _, media in sorted(ranked)][:20]
