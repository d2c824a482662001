"""`ccuskg serve` against hostile HTTP clients: a lying or huge Content-Length gets a clear HTTP error
(never a traceback in the server, never a read of gigabytes into memory), and the endpoint keeps
answering."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest

from servers import oxigraph_binary, post_query, start_ccuskg_serve, stop


@pytest.fixture(scope="module")
def endpoint(seeds_graph):
    process, url = start_ccuskg_serve(seeds_graph.path)
    yield url
    stop(process)


def raw_post(url: str, content_length: str, body: bytes = b"ASK { ?s ?p ?o }") -> bytes:
    """One POST with the given Content-Length header, as bytes on a socket; returns the status line."""
    parts = urlsplit(url)
    head = (f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {content_length}\r\nConnection: close\r\n\r\n").encode("ascii")
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(head + body)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


@pytest.mark.parametrize("length, status", [("abc", b"400"), ("-5", b"400"), ("100000000000", b"413")])
def test_a_bad_or_huge_content_length_is_an_http_error_and_the_endpoint_still_answers(endpoint, length, status):
    assert raw_post(endpoint, length).split()[1] == status
    assert post_query(endpoint, "ASK { ?s ?p ?o }", "application/sparql-results+json")[0] == 200


def test_an_ordinary_content_length_still_runs_the_query(endpoint):
    body = b"ASK { ?s ?p ?o }"
    assert raw_post(endpoint, str(len(body)), body).split()[1] == b"200"


def test_a_client_that_stops_sending_mid_request_is_disconnected(seeds_graph):
    import time

    from ccuskg.access.serve import Endpoint

    oxigraph_binary()  # skips without the 'serve' extra
    with Endpoint(seeds_graph.path, port=0) as endpoint:
        endpoint.server.idle_timeout_s = 1.0
        parts = urlsplit(endpoint.url)
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
            sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nASK")  # 47 bytes short
            started = time.monotonic()
            while sock.recv(4096):  # whatever the server says, it must then close the connection
                pass
            assert time.monotonic() - started < 8
        assert post_query(endpoint.url, "ASK { ?s ?p ?o }", "application/sparql-results+json")[0] == 200
