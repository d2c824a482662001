"""`ccuskg push`: the built graph into a real triple store (a read-write `oxigraph serve` on loopback)
over the Graph Store HTTP Protocol, one named graph per record, unchanged graphs skipped."""

from __future__ import annotations

import base64
import shutil
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer


import pytest

import ccuskg
from ccuskg.access.push import MANIFEST_GRAPH, push
from ccuskg.access.remote import remote
from ccuskg.store import named_quads, open_store
from factory import SEEDS
from servers import free_port, send, start_oxigraph_rw, stop

RECORDS = ["zh/cn-miit-industrial-plan-2022.md", "en/kr-ccus-act-2024.md", "zh/kr-ccus-act-2024.md"]


@pytest.fixture
def triple_store():
    process, base = start_oxigraph_rw()
    yield base
    stop(process)


@pytest.fixture
def records(tmp_path):
    """A few seed records copied so a test can change or remove one."""
    folder = tmp_path / "records"
    for name in RECORDS:
        if not (SEEDS / name).is_file():
            pytest.skip(f"seed record {name} not present")
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEEDS / name, folder / name)
    return folder


def build(records, tmp_path):
    return ccuskg.build([records], store=tmp_path / "store").path


def remote_quads(base: str) -> set[tuple]:
    result = remote(base + "/query").query(
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {row for row in result.rows if row[0].value != MANIFEST_GRAPH}


def local_quads(store_path) -> set[tuple]:
    return {(q.graph_name, q.subject, q.predicate, q.object) for q in named_quads(open_store(store_path))}


def local_graphs(store_path) -> list[str]:
    return sorted({q.graph_name.value for q in named_quads(open_store(store_path))})


def add_marker(base: str, graph: str) -> None:
    """Append one triple to a remote graph directly (Graph Store POST), behind ccuskg's back."""
    url = f"{base}/store?graph={urllib.parse.quote(graph, safe='')}"
    status, _, _ = send(urllib.request.Request(url, data=b"<urn:x:marker> <urn:x:is> <urn:x:here> .\n",
                                               method="POST", headers={"Content-Type": "application/n-triples"}))
    assert status in (200, 201, 204)


def has_marker(base: str, graph: str) -> bool:
    return remote(base + "/query").query(f"ASK {{ GRAPH <{graph}> {{ <urn:x:marker> ?p ?o }} }}").boolean


def test_first_push_sends_every_graph_and_the_remote_equals_the_local_store(records, tmp_path, triple_store):
    store = build(records, tmp_path)
    report = push(store, triple_store + "/store")
    assert report.sent == local_graphs(store) and not report.skipped
    assert remote_quads(triple_store) == local_quads(store)


def test_a_second_push_of_the_same_build_sends_nothing(records, tmp_path, triple_store):
    store = build(records, tmp_path)
    push(store, triple_store + "/store")
    again = push(store, triple_store + "/store")
    assert again.sent == [] and again.skipped == local_graphs(store) and again.bytes_sent == 0
    assert remote_quads(triple_store) == local_quads(store)


def test_a_changed_record_replaces_only_its_graph(records, tmp_path, triple_store):
    store = build(records, tmp_path)
    push(store, triple_store + "/store")
    changed = [g for g in local_graphs(store) if g.endswith("/zh/cn-miit-industrial-plan-2022")][0]
    unchanged = [g for g in local_graphs(store) if g.endswith("/en/kr-ccus-act-2024")][0]
    add_marker(triple_store, changed)
    add_marker(triple_store, unchanged)

    record = records / RECORDS[0]
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace('"evidence": "', '"evidence": "Revised. ', 1), encoding="utf-8")
    store = build(records, tmp_path)
    report = push(store, triple_store + "/store")

    assert report.sent == [changed]
    assert has_marker(triple_store, unchanged), "an unchanged graph was sent again"
    assert not has_marker(triple_store, changed), "the changed graph was not replaced as a unit"
    assert remote_quads(triple_store) - {q for q in remote_quads(triple_store) if q[1].value == "urn:x:marker"} \
        == local_quads(store)


def test_a_removed_record_deletes_its_graph(records, tmp_path, triple_store):
    store = build(records, tmp_path)
    push(store, triple_store + "/store")
    (records / RECORDS[2]).unlink()
    store = build(records, tmp_path)
    report = push(store, triple_store + "/store")
    assert [g.rsplit("/", 2)[-2:] for g in report.deleted] == [["zh", "kr-ccus-act-2024"]]
    assert not [g for g in report.sent if "/graph/zh/" in g or "/graph/en/" in g]  # no record graph re-sent
    assert remote_quads(triple_store) == local_quads(store)


def test_push_cli_reports_sent_and_skipped(cli, records, tmp_path, triple_store):
    store = build(records, tmp_path)
    count = len(local_graphs(store))
    first = cli("push", "--store", store, "--endpoint", triple_store + "/store")
    assert first.exit_code == 0 and f"{count} graphs sent, 0 unchanged (skipped), 0 deleted" in first.output
    second = cli("push", "--store", store, "--endpoint", triple_store + "/store")
    assert second.exit_code == 0 and f"0 graphs sent, {count} unchanged (skipped), 0 deleted" in second.output


def test_an_unreachable_endpoint_is_one_line_and_exit_2(cli, records, tmp_path):
    store = build(records, tmp_path)
    result = cli("push", "--store", store, "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert result.exit_code == 2
    assert "cannot reach" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


class _Recorder(BaseHTTPRequestHandler):
    """Answers 401 to everything and remembers the Authorization header it was sent."""

    seen: list = []

    def _deny(self):
        type(self).seen.append(self.headers.get("Authorization"))
        self.send_response(401, "Unauthorized")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_POST = _deny

    def log_message(self, *args):
        pass


@pytest.fixture
def denying_server():
    _Recorder.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


def test_basic_credentials_come_from_the_environment_and_are_never_printed(cli, records, tmp_path, denying_server,
                                                                           monkeypatch):
    url, seen = denying_server
    monkeypatch.setenv("CCUSKG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("CCUSKG_ENDPOINT_PASSWORD", "s3cret-pw")
    result = cli("push", "--store", build(records, tmp_path), "--endpoint", url + "/store")
    assert result.exit_code == 2 and "401" in result.output
    assert "s3cret-pw" not in result.output and "alice" not in result.output
    assert seen[0] == "Basic " + base64.b64encode(b"alice:s3cret-pw").decode()


def test_a_bearer_token_comes_from_the_environment_and_is_never_printed(cli, denying_server, monkeypatch):
    url, seen = denying_server
    monkeypatch.setenv("CCUSKG_ENDPOINT_TOKEN", "tok-123456")
    result = cli("query", "--endpoint", url + "/query", "ASK {}")
    assert result.exit_code == 2 and "401" in result.output and "tok-123456" not in result.output
    assert seen == ["Bearer tok-123456"]


def test_credentials_in_the_url_are_refused_without_echoing_them(cli):
    result = cli("query", "--endpoint", "http://bob:hunter2@127.0.0.1:9/query", "ASK {}")
    assert result.exit_code == 2 and "hunter2" not in result.output and "CCUSKG_ENDPOINT_USER" in result.output



class _Echo(BaseHTTPRequestHandler):
    """Answers 401 with a page that echoes the Authorization header it was sent, as some proxies do."""

    def _deny(self):
        body = f"<html><body>Unauthorized: Authorization: {self.headers.get('Authorization')}</body></html>".encode()
        self.send_response(401, "Unauthorized")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = _deny

    def log_message(self, *args):
        pass


@pytest.fixture
def echoing_server():
    server = HTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_bearer_token_echoed_in_an_error_page_is_redacted(cli, echoing_server, monkeypatch):
    monkeypatch.setenv("CCUSKG_ENDPOINT_TOKEN", "tok-echoed-987")
    result = cli("query", "--endpoint", echoing_server + "/query", "ASK {}")
    assert result.exit_code == 2 and "401" in result.output and "Bearer ***" in result.output
    assert "tok-echoed-987" not in result.output


def test_basic_credentials_echoed_in_an_error_page_are_redacted(cli, records, tmp_path, echoing_server, monkeypatch):
    monkeypatch.setenv("CCUSKG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("CCUSKG_ENDPOINT_PASSWORD", "s3cret-pw")
    result = cli("push", "--store", build(records, tmp_path), "--endpoint", echoing_server + "/store")
    secret = base64.b64encode(b"alice:s3cret-pw").decode()
    assert result.exit_code == 2 and "401" in result.output and "Basic ***" in result.output
    assert secret not in result.output and "s3cret-pw" not in result.output


class Killed(Exception):
    """Stands for the push process being killed: raised from the progress callback after a graph went out."""


def kill_after(count: int):
    seen = []

    def progress(graph):
        seen.append(graph)
        if len(seen) == count:
            raise Killed(graph)
    return progress


def test_a_push_killed_mid_way_is_resumed_from_its_last_manifest_checkpoint(records, tmp_path, triple_store,
                                                                              monkeypatch):
    monkeypatch.setattr("ccuskg.access.push.CHECKPOINT", 2)
    store = build(records, tmp_path)
    with pytest.raises(Killed):
        push(store, triple_store + "/store", progress=kill_after(3))  # the checkpoint after graph 2 was written
    again = push(store, triple_store + "/store")
    assert len(again.sent) == len(local_graphs(store)) - 2 and len(again.skipped) == 2
    assert remote_quads(triple_store) == local_quads(store)


def test_a_graph_sent_by_a_killed_push_and_then_reverted_is_sent_again(records, tmp_path, triple_store):
    store = build(records, tmp_path)
    push(store, triple_store + "/store")
    record = records / RECORDS[0]
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace('"evidence": "', '"evidence": "Revised. ', 1), encoding="utf-8")
    with pytest.raises(Killed):  # the revised graph is on the remote, the final manifest never written
        push(build(records, tmp_path), triple_store + "/store", progress=kill_after(1))
    record.write_text(original, encoding="utf-8")
    store = build(records, tmp_path)
    report = push(store, triple_store + "/store")
    assert [g.rsplit("/", 2)[-2:] for g in report.sent] == [["zh", "cn-miit-industrial-plan-2022"]]
    assert remote_quads(triple_store) == local_quads(store)


def test_a_batched_push_equals_the_local_store_and_is_skipped_the_second_time(records, tmp_path, triple_store,
                                                                              monkeypatch):
    store = build(records, tmp_path)
    first = push(store, triple_store + "/store", batch=50)
    assert first.sent == local_graphs(store) and first.requests == 2  # one update, then the manifest
    assert remote_quads(triple_store) == local_quads(store)
    again = push(store, triple_store + "/store", batch=50)
    assert again.sent == [] and again.requests == 0


def test_a_batched_push_killed_after_a_request_resumes_after_that_request(records, tmp_path, triple_store,
                                                                          monkeypatch):
    store = build(records, tmp_path)
    with pytest.raises(Killed):
        push(store, triple_store + "/store", batch=2, progress=kill_after(2))  # the first request of two graphs
    again = push(store, triple_store + "/store", batch=2)
    assert len(again.skipped) == 2 and len(again.sent) == len(local_graphs(store)) - 2
    assert remote_quads(triple_store) == local_quads(store)


def test_batched_push_cli_needs_an_update_url_it_can_tell(cli, records, tmp_path):
    result = cli("push", "--store", build(records, tmp_path), "--endpoint", "http://127.0.0.1:9/gsp", "--batch", "10")
    assert result.exit_code == 2 and "--update-endpoint" in result.output
