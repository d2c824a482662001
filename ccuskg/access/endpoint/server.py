"""The endpoint as one object: a pool of workers, the HTTP proxy in front, a watcher behind.

The watcher notices a rebuilt store by its directory: ``write_store`` swaps a complete new
directory in with a rename, so a new inode at the store path means a new build, and never a
half-written one. It then has the pool start workers on the new store before retiring the old.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from ccuskg.access.endpoint.handler import ProxyServer
from ccuskg.access.endpoint.pool import Pool, QueryStopped, ServeError
from ccuskg.core.namespaces import PREFIXES
from ccuskg.core.settings import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SERVE_TIMEOUT

DEFAULT_MAX_RESULTS = 100_000
WATCH_INTERVAL_S = 0.5


MIN_WORKER_MEMORY_MIB = 256


def default_workers() -> int:
    """Two per core, 2 to 8: cheap queries are short, so more workers than cores keeps them moving."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def default_worker_memory(slots: int) -> int | None:
    """MiB one query may use: half the machine's memory shared by every worker that can run at once
    (the pool and its long lane), at least 256; None where the memory is not known."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None
    return max(MIN_WORKER_MEMORY_MIB, total // 2 // max(slots, 1) // (1024 * 1024))


class Endpoint:
    """``start()``, ``url``, ``serve_forever()`` or ``serve_in_thread()``, ``stop()``; or ``with``."""

    def __init__(self, store: Path | str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 timeout: float = DEFAULT_SERVE_TIMEOUT, log: bool = False, workers: int | None = None,
                 max_results: int = DEFAULT_MAX_RESULTS, isolate: bool = True,
                 worker_memory: int | None = None):
        """``worker_memory``: MiB of memory one query may use (None: ``default_worker_memory``; 0: no
        limit); a query needing more is stopped with HTTP 503 and no other query fails."""
        from ccuskg.store import open_store

        self.store = Path(os.path.abspath(store))
        open_store(self.store)  # a missing store is reported before anything starts
        if timeout <= 0:
            raise ValueError("the timeout must be positive")
        self.host, self.port, self.timeout, self.log = host, port, timeout, log
        self.max_results = max_results
        size = workers or default_workers()
        if worker_memory is not None and (worker_memory < 0 or 0 < worker_memory < 16):
            raise ValueError("the worker memory must be 0 (no limit) or at least 16 MiB")
        max_long = 2 * size
        self.worker_memory = default_worker_memory(size + max_long) if worker_memory is None \
            else worker_memory or None
        self.pool = Pool(self.store, size, max_long=max_long,
                         options={"prefixes": PREFIXES, "isolate": isolate, "union": False,
                                  "worker_memory_mib": self.worker_memory})
        self.server: ProxyServer | None = None
        self.reloads, self.facts = 0, {}
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._seen = self._identity()

    def start(self) -> "Endpoint":
        self.pool.start()
        try:
            self.server = ProxyServer((self.host, self.port), self)
        except OSError as exc:
            self.pool.close()
            raise ServeError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = self.server.server_address[1]
        self._count()
        self._background(self._watch)
        return self

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    def health(self) -> dict:
        return {"status": "ok", "store": str(self.store), **self.facts, "reloads": self.reloads,
                "workers": self.pool.size, "network_isolation": self.pool.isolation,
                "timeout_s": self.timeout, "max_results": self.max_results,
                "worker_memory_mib": self.worker_memory}

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def serve_in_thread(self) -> "Endpoint":
        self._background(self.serve_forever)
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self.server is not None:
            if any(t.name == "serve" for t in self._threads):
                self.server.shutdown()
            self.server.server_close()
            self.server = None
        self.pool.close()

    def __enter__(self):
        return self.start().serve_in_thread()

    def __exit__(self, *exc):
        self.stop()

    def _background(self, target) -> None:
        thread = threading.Thread(target=target, daemon=True, name="serve" if target == self.serve_forever else "")
        self._threads.append(thread)
        thread.start()

    def _identity(self):
        try:
            info = os.stat(self.store / "CURRENT"), os.stat(self.store)
        except OSError:
            return None
        return info[1].st_dev, info[1].st_ino, info[0].st_ino

    def _watch(self) -> None:
        """Reload whenever a complete new build is in place."""
        while not self._stopping.wait(WATCH_INTERVAL_S):
            seen = self._identity()
            if seen is None or seen == self._seen:
                continue
            try:
                self.pool.swap()
            except ServeError:
                continue  # caught mid-swap, or the new store does not open: try again next time
            self._seen, self.reloads = seen, self.reloads + 1
            self._count()

    def _count(self) -> None:
        built = datetime.fromtimestamp(os.stat(self.store).st_mtime, timezone.utc).isoformat(timespec="seconds")
        try:
            header, body = self.pool.run({"op": "stats"}, time.monotonic() + 300)
        except QueryStopped:
            return
        self.facts = {**json.loads(body), "built": built}


def is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return all(info[4][0] in ("127.0.0.1", "::1") or info[4][0].startswith("127.") for info in infos)
