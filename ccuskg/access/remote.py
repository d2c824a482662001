"""Remote SPARQL endpoints, read like the local store: ``ccuskg.remote(url).rows(...)``.

Queries go out over the SPARQL 1.1 Protocol (POST, form-encoded) with the usual ccuskg prefixes
declared in front, so the same query text and named queries work locally and remotely. Answers are
parsed with pyoxigraph and rendered by :mod:`ccuskg.access.query`, so rows, DataFrames and every output
format are the same as for the local store. Named-query parameters are bound with a leading
``VALUES`` block holding escaped terms (``ccuskg.access.binding``; never pasted in as text).

Credentials come from the environment, never from arguments or URLs that get printed:
``CCUSKG_ENDPOINT_TOKEN`` (sent as a bearer token) or ``CCUSKG_ENDPOINT_USER`` and
``CCUSKG_ENDPOINT_PASSWORD`` (HTTP basic, or digest when the server asks for it, as Virtuoso's
``/sparql-auth`` does); see :mod:`ccuskg.access.credentials`. Error bodies are printed scrubbed.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from ccuskg.access import binding as _binding
from ccuskg.access import credentials
from ccuskg.access import query as _query
from ccuskg.access.credentials import PASSWORD_ENV, TOKEN_ENV, USER_ENV
from ccuskg.access.graph import ReadableGraph
from ccuskg.core.namespaces import DEFAULT_BASE, sparql_prologue

DEFAULT_TIMEOUT = 60.0

_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
           "application/sparql-results+xml;q=0.5, application/ld+json;q=0.4")
_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class RemoteError(_query.QueryError):
    """A remote endpoint could not be reached or refused the request (a one-line, printable message)."""


def redact(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None,
         timeout: float = DEFAULT_TIMEOUT, ok_missing: bool = False) -> tuple[int, str, bytes]:
    """One HTTP request: (status, content type, body); failures raise RemoteError with one line."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) URL: {redact(url)}")
    if parts.username is not None:
        raise RemoteError(f"put credentials in ${USER_ENV}/${PASSWORD_ENV} or ${TOKEN_ENV}, not in the URL "
                          f"({redact(url)})")
    try:
        return _send(method, url, body, headers or {}, timeout)
    except urllib.error.HTTPError as exc:
        if ok_missing and exc.code == 404:
            return 404, "", b""
        detail = credentials.scrub(_first_line(exc.read()))
        raise RemoteError(f"{redact(url)} answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) \
            from None
    except urllib.error.URLError as exc:
        raise RemoteError(f"cannot reach {redact(url)}: {getattr(exc, 'reason', exc)}") from None
    except (TimeoutError, OSError) as exc:
        raise RemoteError(f"cannot reach {redact(url)}: {exc.__class__.__name__}: {exc}") from None


def _send(method: str, url: str, body: bytes | None, headers: dict, timeout: float) -> tuple[int, str, bytes]:
    """Send; a 401 is answered once if it carries a digest challenge (see credentials). Virtuoso
    refuses basic with a bare 401, so its one is followed by one unauthenticated probe for the challenge."""
    auth, answered, probed = credentials.headers_for(method, url), False, False
    while True:
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"User-Agent": "ccuskg", **auth, **headers})
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                return response.status, _content_type(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            if exc.code != 401:
                raise
            challenge = exc.headers.get("WWW-Authenticate")
            digest = None if answered else credentials.answer_challenge(method, url, challenge)
            if digest:
                exc.read()
                auth, answered = digest, True
            elif not (challenge or probed) and auth.get("Authorization", "").startswith("Basic ") and \
                    exc.headers.get("Server", "").startswith("Virtuoso/"):
                exc.read()
                auth, probed = {}, True
            else:
                raise


class _NoRedirectToOtherHosts(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only on the same host, so credentials never travel somewhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).netloc != urlsplit(req.full_url).netloc:
            raise urllib.error.HTTPError(req.full_url, code, f"redirect to another host refused ({redact(newurl)})",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_NoRedirectToOtherHosts())


def _content_type(headers) -> str:
    return (headers.get("Content-Type") or "").split(";")[0].strip().lower()


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return " ".join(text.splitlines()[0].split())[:300] if text else ""


def bind_inline(sparql: str, substitutions) -> str:
    """``sparql`` with its parameters in a leading VALUES block (see ``ccuskg.access.binding``)."""
    try:
        return _binding.bind_inline(sparql, substitutions)
    except _binding.UnbindableValue as exc:
        raise _query.QueryError(f"cannot bind remotely: {exc}") from None


class RemoteGraph(ReadableGraph):
    """A SPARQL endpoint read through the same methods as :class:`ccuskg.api.KnowledgeGraph`."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT, base: str = DEFAULT_BASE):
        self.url = url
        self.timeout = timeout
        self.base = base

    def text(self, sparql: str, substitutions=None) -> str:
        """What is sent: the prefixes, and the query with the VALUES binding of any parameters."""
        return sparql_prologue(self._prefixes()) + bind_inline(sparql, substitutions)

    def raw(self, sparql: str, substitutions=None):
        """The endpoint's answer parsed by pyoxigraph: solutions, a boolean, or a list of triples."""
        keyword = _query.update_keyword(sparql)
        if keyword:  # never sent: ccuskg only reads, whatever the endpoint would allow
            raise RemoteError(_query.READ_ONLY.format(keyword))
        body = urlencode({"query": self.text(sparql, substitutions)}).encode("utf-8")
        _, content_type, payload = http("POST", self.url, body, {
            "Accept": _ACCEPT, "Content-Type": "application/x-www-form-urlencoded"}, timeout=self.timeout)
        try:
            if content_type in _RESULT_TYPES:
                return _ask_as_boolean(ox.parse_query_results(payload, format=_RESULT_TYPES[content_type]))
            if content_type in _GRAPH_TYPES:
                return [q.triple for q in ox.parse(payload, format=_GRAPH_TYPES[content_type])]
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(f"{redact(self.url)} sent a {content_type} answer that does not parse: {exc}") from None
        raise RemoteError(f"{redact(self.url)} answered with {content_type or 'no content type'}, "
                          "not SPARQL results or RDF: is it a SPARQL query endpoint?")

    def __repr__(self) -> str:
        return f"RemoteGraph({redact(self.url)!r})"


def _ask_as_boolean(results):
    """Virtuoso answers ASK with one solution binding ``__ASK_RETVAL`` to 1 or 0: make it the boolean it is."""
    if not isinstance(results, ox.QuerySolutions) or [v.value for v in results.variables] != ["__ASK_RETVAL"]:
        return results
    values = [row[0] for row in results]
    answer = bool(values) and values[0] is not None and values[0].value not in ("0", "false")
    return ox.parse_query_results(b'{"head": {}, "boolean": %s}' % (b"true" if answer else b"false"),
                                  format=ox.QueryResultsFormat.JSON)


def remote(url: str, timeout: float = DEFAULT_TIMEOUT, base: str = DEFAULT_BASE) -> RemoteGraph:
    """A remote SPARQL query endpoint, e.g. ``ccuskg.remote("http://127.0.0.1:7878/query")``."""
    return RemoteGraph(url, timeout, base)
