"""`ccuskg serve` after a rebuild: it answers from the new store without a restart, and no request
fails while the store is swapped under it."""

from __future__ import annotations

import json
import shutil
import threading
import time

import pytest

import ccuskg
from factory import SEEDS
from servers import post_query, start_ccuskg_serve, stop

COUNT = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a ccus:Policy }"


@pytest.fixture()
def records_and_store(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(SEEDS, records)
    store = tmp_path / "store"
    ccuskg.build([records], store=store)
    return records, store


class Client:
    """Loops one query until stopped; keeps every answer (a count) or failure (a status or error)."""

    def __init__(self, url: str):
        self.url, self.answers, self.failures = url, [], []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._stop.is_set():
            try:
                status, _, body = post_query(self.url, COUNT, "application/sparql-results+json", timeout=30)
            except OSError as exc:
                self.failures.append(repr(exc))
                continue
            if status != 200:
                self.failures.append(status)
            else:
                self.answers.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))

    def wait_for(self, value: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (not self.answers or self.answers[-1] != value):
            time.sleep(0.1)

    def stop(self):
        self._stop.set()
        self._thread.join()


def remove_policies(records, count: int) -> None:
    for path in sorted((records / "en").glob("*.md"))[:count]:
        for lang in ("en", "zh"):
            (records / lang / path.name).unlink(missing_ok=True)


def test_a_rebuild_is_served_without_a_restart_and_no_request_fails(records_and_store):
    records, store = records_and_store
    process, url = start_ccuskg_serve(store)
    clients = [Client(url) for _ in range(3)]
    try:
        before = ccuskg.open_graph(store).stats()["policies"]
        remove_policies(records, 5)
        after = ccuskg.build([records], store=store).stats()["policies"]
        for client in clients:
            client.wait_for(after)
    finally:
        for client in clients:
            client.stop()
        stop(process)
    assert after < before
    assert all(client.failures == [] for client in clients)
    assert all(client.answers[0] == before and client.answers[-1] == after for client in clients)


def test_health_counts_the_new_store_after_a_rebuild(records_and_store):
    from ccuskg.access.endpoint import Endpoint

    records, store = records_and_store
    with Endpoint(store, port=0, workers=1) as endpoint:
        remove_policies(records, 3)
        kg = ccuskg.build([records], store=store)
        expected = kg.stats()["records"]
        deadline = time.monotonic() + 60
        while (endpoint.health()["reloads"] == 0 or endpoint.health()["records"] != expected) \
                and time.monotonic() < deadline:
            time.sleep(0.1)
        health = endpoint.health()
    assert health["reloads"] >= 1 and health["records"] == expected
