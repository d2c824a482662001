"""`ccuskg serve` forwards only the query it checked: requests that a checker and an engine could read
differently (line breaks in comments, codepoint escapes, repeated headers or parameters) are either
normalised to one reading or refused, and none of them makes the worker connect anywhere."""

from __future__ import annotations

import hashlib
import json
import socket
from urllib.parse import quote, urlencode, urlsplit

import pytest

from servers import Listener, start_ccuskg_serve, stop

LINE_BREAKS = {"CR": "\r", "CRLF": "\r\n", "LS": "\u2028", "PS": "\u2029", "FF": "\x0c", "VT": "\x0b",
               "NEL": "\x85"}


@pytest.fixture(scope="module")
def endpoint(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path)
    yield url
    stop(process)


@pytest.fixture()
def listener():
    target = Listener()
    yield target
    target.close()


def raw(url: str, head_lines: list[str], body: bytes = b"", method: str = "POST", target: str = "") -> tuple[int, bytes]:
    """One request written byte for byte on a socket (repeated headers really go out); (status, body)."""
    parts = urlsplit(url)
    head = f"{method} {target or parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n" + "".join(
        line + "\r\n" for line in head_lines) + "Connection: close\r\n\r\n"
    with socket.create_connection((parts.hostname, parts.port), timeout=15) as sock:
        sock.sendall(head.encode("latin-1") + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def form(url: str, fields: list[tuple[str, str]], target: str = "") -> tuple[int, bytes]:
    body = urlencode(fields).encode()
    return raw(url, ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"], body,
               target=target)


def service_in_comment(listener: Listener, line_break: str) -> str:
    return f"ASK {{ #{line_break}SERVICE <{listener.url}> {{ ?s ?p ?o }}\n}}"


@pytest.mark.parametrize("name", LINE_BREAKS)
def test_a_line_break_ending_a_comment_before_service_is_refused_in_a_form_post(endpoint, listener, name):
    status, body = form(endpoint, [("query", service_in_comment(listener, LINE_BREAKS[name]))])
    assert (status, b"SERVICE" in body) == (400, True)
    assert listener.connections() == 0


@pytest.mark.parametrize("name", LINE_BREAKS)
def test_a_line_break_ending_a_comment_before_service_is_refused_in_a_get(endpoint, listener, name):
    target = "/query?query=" + quote(service_in_comment(listener, LINE_BREAKS[name]), safe="")
    status, body = raw(endpoint, [], method="GET", target=target)
    assert (status, b"SERVICE" in body) == (400, True)
    assert listener.connections() == 0


@pytest.mark.parametrize("name", LINE_BREAKS)
def test_a_query_with_any_line_break_still_runs(endpoint, name):
    status, body = form(endpoint, [("query", f"# a comment{LINE_BREAKS[name]}ASK {{ ?s ?p ?o }}")])
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("keyword", [r"\u0053ERVICE", r"\U00000053ERVICE", r"\u0073\u0065rvice",
                                     r"\u005Cu0053ERVICE"])
def test_an_escaped_service_keyword_is_refused(endpoint, listener, keyword):
    status, _ = form(endpoint, [("query", f"SELECT * WHERE {{ {keyword} <{listener.url}> {{ ?s ?p ?o }} }}")])
    assert status == 400
    assert listener.connections() == 0


def test_an_escaped_carriage_return_ending_a_comment_is_refused(endpoint, listener):
    status, _ = form(endpoint, [("query", service_in_comment(listener, r"\u000D"))])
    assert status == 400
    assert listener.connections() == 0


def test_an_invalid_codepoint_escape_is_refused(endpoint):
    assert form(endpoint, [("query", r'ASK { ?s ?p "\uD800" }')])[0] == 400


def test_two_content_types_the_first_checked_the_last_forwarded_is_refused(endpoint, listener):
    body = f"ASK {{}} #&query=SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}".encode()
    status, _ = raw(endpoint, ["Content-Type: application/sparql-query",
                               "Content-Type: application/x-www-form-urlencoded",
                               f"Content-Length: {len(body)}"], body)
    assert status == 400
    assert listener.connections() == 0


@pytest.mark.parametrize("headers", [
    ["Content-Type: application/sparql-query", "content-type: application/sparql-query", "Content-Length: {n}"],
    ["CONTENT-TYPE: application/sparql-query", "Content-type: text/plain", "Content-Length: {n}"],
    ["Content-Type: application/sparql-query", "Content-Length: {n}", "content-length: {n}"],
    ["Content-Type: application/sparql-query", "Content-Length: {n}", "CONTENT-LENGTH: 3"],
], ids=["type-same", "type-mixed-case", "length-same", "length-differing"])
def test_a_repeated_content_type_or_length_header_in_any_case_is_refused(endpoint, listener, headers):
    body = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}".encode()
    status, _ = raw(endpoint, [h.replace("{n}", str(len(body))) for h in headers], body)
    assert status == 400
    assert listener.connections() == 0


def test_a_query_both_in_the_url_and_in_the_body_is_refused(endpoint, listener):
    body = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}".encode()
    status, text = raw(endpoint, ["Content-Type: application/sparql-query", f"Content-Length: {len(body)}"], body,
                       target="/query?query=" + quote("ASK {}"))
    assert status == 400 and b"both" in text
    assert listener.connections() == 0


def test_a_form_post_with_parameters_in_the_url_too_is_refused(endpoint, listener):
    status, _ = form(endpoint, [("query", "ASK {}")],
                     target="/query?query=" + quote(f"ASK {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    assert status == 400
    assert listener.connections() == 0


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_repeated_query_parameter_is_refused(endpoint, listener, method):
    fields = [("query", "ASK {}"), ("query", f"ASK {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")]
    if method == "GET":
        status, _ = raw(endpoint, [], method="GET", target="/query?" + urlencode(fields))
    else:
        status, _ = form(endpoint, fields)
    assert status == 400
    assert listener.connections() == 0


@pytest.mark.parametrize("name, status", [("update", 403), ("using-graph-uri", 400), ("using-named-graph-uri", 400),
                                          ("timeout", 400)])
def test_a_parameter_the_endpoint_does_not_know_is_refused(endpoint, name, status):
    assert form(endpoint, [("query", "ASK {}"), (name, "x")])[0] == status


def test_named_graph_uri_is_forwarded_and_restricts_the_dataset(endpoint, seeds_graph):
    from ccuskg.store import open_store

    graphs = sorted({q.graph_name.value for q in open_store(seeds_graph.path).quads_for_pattern(None, None, None, None)
                     if hasattr(q.graph_name, "value")})
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, everything = form(endpoint, [("query", count)])
    _, one = form(endpoint, [("query", count), ("named-graph-uri", graphs[0])])
    n = [int(json.loads(b)["results"]["bindings"][0]["n"]["value"]) for b in (everything, one)]
    assert n == [len(graphs), 1] and len(graphs) > 1


def test_an_unknown_accept_type_is_not_forwarded_and_a_known_one_is(endpoint):
    body = b"ASK { ?s ?p ?o }"
    status, answer = raw(endpoint, ["Content-Type: application/sparql-query", f"Content-Length: {len(body)}",
                                    "Accept: application/x-unheard-of, application/sparql-results+xml"], body)
    assert status == 200 and b"<boolean>true</boolean>" in answer


def test_the_access_log_has_one_line_per_request_with_a_hash_and_never_the_query(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path, "--log")
    query = "ASK { ?s ?p ?o } # secret-marker"
    try:
        assert form(url, [("query", query)])[0] == 200
        assert form(url, [("query", "ASK {}"), ("update", "x")])[0] == 403
    finally:
        stop(process)
    log = process.stderr.read()
    digest = hashlib.sha256(query.encode()).hexdigest()[:12]
    lines = [line for line in log.splitlines() if " POST /query " in line]
    assert len(lines) == 2 and lines[0].split()[-3:] == ["200", lines[0].split()[-2], digest]
    assert lines[0].split()[-2].endswith("ms") and " 403 " in lines[1]
    assert "secret-marker" not in log


def test_health_answers_json_with_the_store_path_its_quads_records_and_build_time(endpoint, seeds_graph):
    from datetime import datetime

    from ccuskg.store import open_store

    status, body = raw(endpoint, [], method="GET", target="/health")
    health = json.loads(body)
    assert status == 200
    assert (health["store"], health["quads"]) == (str(seeds_graph.path), len(open_store(seeds_graph.path)))
    assert health["records"] == seeds_graph.stats()["records"] > 0
    assert datetime.fromisoformat(health["built"]).tzinfo is not None
