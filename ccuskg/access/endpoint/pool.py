"""The query workers: a small pool of processes over the same read-only store.

Each worker runs one query at a time, so stopping a query (the engine cannot cancel one: only
killing its process stops it) fails that query and no other. A query that has used
``demote_after`` seconds of CPU without answering leaves the pool: its worker is lowered to the least
CPU priority (nice
19) and a fresh worker takes its place, so cheap queries keep a full pool and most of the CPU
while long ones finish or reach the timeout. At most ``max_long`` queries run long at once; one
more is stopped at once and waits, using no CPU, for room in the long lane, where it runs again
from the start (the store is read-only) until its deadline.

After a rebuild, ``swap()`` starts a new set of workers on the new store and, once every one
answers, retires the old ones (those still busy finish first): no request fails in between.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ccuskg.access.endpoint.worker import read_frame, write_frame
from ccuskg.core.errors import CcuskgError, UserError

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class ServeError(UserError, RuntimeError):
    """The endpoint cannot start (no store, a worker did not come up, the port is taken)."""


class QueryStopped(CcuskgError, RuntimeError):
    """A query was stopped (timeout, too many long queries) or its worker failed: HTTP ``status``."""

    def __init__(self, message: str, status: int = 503, retry_after: int | None = None):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


class Factory:
    """The worker factory process (``worker.py``): forks workers on request, started again if it dies."""

    def __init__(self, store: Path, options: dict, user: int | None = None):
        self.store, self.options, self.user = Path(store), options, user  # user: run as this uid (root only)
        self.process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def worker(self, generation: int) -> "Worker":
        with self._lock:
            for attempt in (1, 2):
                if self.process is None or self.process.poll() is not None:
                    self._start()
                try:
                    write_frame(self.sock, json.dumps({"generation": generation}).encode())
                    self.sock.settimeout(30)
                    message, fds, _, _ = socket.recv_fds(self.sock, 1024, 1)
                    if not fds:
                        raise EOFError("the worker factory closed its socket")
                    return Worker(json.loads(message)["pid"], socket.socket(fileno=fds[0]), generation)
                except (OSError, EOFError, ValueError) as exc:
                    self.stop()
                    if attempt == 2:
                        raise ServeError(f"the query worker factory failed: {exc}") from None

    def how_ended(self, pid: int) -> dict:
        """How worker ``pid`` ended, by the factory that forked it: {"signal": n, "code": n}, or {} if unknown."""
        with self._lock:
            if self.process is None or self.process.poll() is not None:
                return {}
            try:
                write_frame(self.sock, json.dumps({"op": "ended", "pid": pid}).encode())
                self.sock.settimeout(5)
                message, _, _, _ = socket.recv_fds(self.sock, 1024, 1)
                return json.loads(message)
            except (OSError, ValueError):
                self.stop()  # out of step with the factory: start a new one next time
                return {}

    def _start(self) -> None:
        parent, child = socket.socketpair()
        self.errors = tempfile.TemporaryFile()
        # no Rust backtrace on stderr when a query hits the worker's memory limit and aborts
        env = {**os.environ, "RUST_BACKTRACE": "0"}
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER_SCRIPT), str(self.store), str(child.fileno()), json.dumps(self.options)],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.errors,
            user=self.user, env=env)
        child.close()
        self.sock = parent

    def stop(self) -> None:
        """Closing its socket ends the factory; its workers die with it (PR_SET_PDEATHSIG)."""
        if self.process is not None:
            self.sock.close()
            self.process.kill()
            self.process.wait()
            self.errors.close()
            self.process = None


class Worker:
    """One forked worker: its pid and the proxy's end of its socket pair."""

    def __init__(self, pid: int, sock: socket.socket, generation: int):
        self.pid, self.sock, self.generation = pid, sock, generation
        self.long, self.dead, self.isolation, self.memory_limited = False, False, "none", False
        self.cpu_at_rest: float | None = None  # its CPU seconds when it last replied (an idle worker uses none)

    def wait_ready(self, seconds: float = 30) -> "Worker":
        try:
            header, body = self.reply(time.monotonic() + seconds)
        except (OSError, EOFError, ValueError) as exc:
            self.kill()
            raise ServeError(f"a query worker did not start: {exc}") from None
        if header["status"] != 200:
            self.kill()
            raise ServeError(f"a query worker cannot open the store: {body.decode('utf-8', 'replace')}")
        self.isolation = header.get("isolation", "none")
        self.memory_limited = bool(header.get("memory_limited"))
        return self

    def send(self, request: dict) -> None:
        write_frame(self.sock, json.dumps(request).encode("utf-8"))

    def answered_by(self, moment: float) -> bool:
        """Whether the reply has begun to arrive by ``moment`` (monotonic seconds)."""
        return bool(select.select([self.sock], [], [], max(moment - time.monotonic(), 0))[0])

    def reply(self, deadline: float) -> tuple[dict, bytes]:
        self.sock.settimeout(max(deadline - time.monotonic(), 0.001))
        try:
            header = json.loads(read_frame(self.sock))
            self.cpu_at_rest = header.get("cpu")
            return header, read_frame(self.sock)
        except socket.timeout:
            raise TimeoutError from None

    def cpu_seconds(self) -> float | None:
        """User plus system CPU time of the worker so far (Linux /proc), or None."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        except (OSError, ValueError, IndexError):
            return None

    def lower_priority(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, 19)
        except (OSError, AttributeError):  # gone already, or no setpriority (Windows)
            pass

    def kill(self) -> None:
        if not self.dead:
            self.dead = True
            self.sock.close()
            try:
                os.kill(self.pid, signal.SIGKILL)  # the factory reaps it
            except ProcessLookupError:
                pass


class Pool:
    """``size`` workers for queries as they come, up to ``max_long`` more for queries that run long."""

    def __init__(self, store: Path, size: int, max_long: int, options: dict, demote_after: float = 0.02):
        self.store, self.size, self.max_long, self.options = Path(store), size, max_long, options
        self.demote_after = demote_after
        self.generation, self.fast, self.long, self.starting = 0, 0, 0, 0
        self.idle: list[Worker] = []
        self.everyone: set[Worker] = set()  # busy ones too: close() must stop a runaway as well
        self.isolation = "none"
        self.closed = False
        lock = threading.Lock()
        self._cond = threading.Condition(lock)  # an idle worker was added
        self._lane = threading.Condition(lock)  # the long lane has room
        self.factory = Factory(self.store, options)

    def start(self) -> "Pool":
        self.swap()
        return self

    def swap(self) -> None:
        """Start a full set of workers on the store as it is now, then retire the previous set."""
        fresh = [self._new(self.generation + 1) for _ in range(self.size)]
        try:
            for worker in fresh:
                worker.wait_ready()
        except ServeError:
            for worker in fresh:
                worker.kill()
            raise
        with self._cond:
            self.generation += 1
            old, self.idle, self.fast = self.idle, fresh, self.size
            self.isolation = fresh[0].isolation
            self._cond.notify_all()
        for worker in old:
            worker.kill()

    def run(self, request: dict, deadline: float) -> tuple[dict, bytes]:
        """The reply to ``request``, or QueryStopped; a worker of a retired store gets one retry."""
        for attempt in (1, 2):
            worker = self._acquire(deadline)
            try:
                header, body = self._ask(worker, request, deadline)
            except QueryStopped:
                if attempt == 1 and worker.generation != self.generation and time.monotonic() < deadline:
                    continue
                raise
            if header["status"] >= 500 and attempt == 1 and worker.generation != self.generation:
                continue  # its store was deleted under it by the swap: ask a worker of the new one
            return header, body
        raise AssertionError("unreachable")

    def _ask(self, worker: Worker, request: dict, deadline: float) -> tuple[dict, bytes]:
        try:
            worker.send(request)
            if not worker.long and self._runs_long(worker, deadline):
                if not self._demote(worker):
                    self._discard(worker)  # the long lane is full: stop it now, run it again in its turn
                    worker = None
            if worker is not None:
                header, body = worker.reply(deadline)
        except TimeoutError:
            self._discard(worker)
            raise QueryStopped("query stopped: it ran longer than the endpoint's timeout") from None
        except (OSError, EOFError, ValueError) as exc:
            self._discard(worker)
            raise self._failure(worker, exc) from None
        if worker is None:
            return self._ask(self._long_worker(deadline), request, deadline)
        self._release(worker)
        return header, body

    def _failure(self, worker: Worker, exc: Exception) -> QueryStopped:
        """Why a worker's reply never came: its memory budget (503, naming the setting), or a failure (502)."""
        budget = self.options.get("worker_memory_mib")
        if budget and worker.memory_limited and self.factory.how_ended(worker.pid).get("signal") == signal.SIGABRT:
            return QueryStopped(f"query stopped: it needed more than the {budget} MiB of memory a query may use "
                                "(--worker-memory, serve_worker_memory in ccuskg.toml)", 503)
        return QueryStopped(f"the query worker failed ({exc.__class__.__name__}); retry", 502)

    def _runs_long(self, worker: Worker, deadline: float) -> bool:
        """Whether the query has used ``demote_after`` seconds of CPU without answering.

        CPU, not wall time: on a busy machine a cheap query can wait longer than that for a core,
        and sending it to the long lane would only make it slower. Wall time where /proc is absent.
        """
        started = worker.cpu_at_rest  # no /proc read for the queries that answer within demote_after
        if started is None:
            started = worker.cpu_seconds()
        while not worker.answered_by(min(time.monotonic() + self.demote_after, deadline)):
            if time.monotonic() >= deadline:
                return False  # the reply's own deadline stops it
            used = worker.cpu_seconds()
            if started is None or used is None or used - started >= self.demote_after:
                return True
        return False

    def _new(self, generation: int) -> Worker:
        worker = self.factory.worker(generation)
        with self._cond:
            self.everyone = {w for w in self.everyone if not w.dead}
            self.everyone.add(worker)
        return worker

    def _acquire(self, deadline: float) -> Worker:
        with self._cond:
            while not self.idle:
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise QueryStopped("no query worker was free before the timeout; retry", 503, 1)
                self._cond.wait(left)
            return self.idle.pop()  # the most recently used: its caches are warm

    def _demote(self, worker: Worker) -> bool:
        """Move a long-running query's worker to the long lane, if it has room."""
        with self._cond:
            if self.long >= self.max_long:
                return False
            self.long += 1
            worker.long = True
            if worker.generation == self.generation:
                self.fast -= 1
            self._replenish()
        worker.lower_priority()
        return True

    def _long_worker(self, deadline: float) -> Worker:
        """A fresh worker in the long lane, once it has room: the query waits (without CPU) till then."""
        with self._cond:
            while self.long >= self.max_long:
                if deadline - time.monotonic() <= 0 or self.closed:
                    raise QueryStopped("query stopped: it ran longer than the endpoint's timeout")
                self._lane.wait(deadline - time.monotonic())
            self.long += 1
        try:
            worker = self._new(self.generation).wait_ready()
        except ServeError:
            with self._cond:
                self.long -= 1
                self._lane.notify()
            raise QueryStopped("the query worker failed to start; retry", 502) from None
        worker.long = True
        worker.lower_priority()
        return worker

    def _release(self, worker: Worker) -> None:
        with self._cond:
            keep = not worker.long and worker.generation == self.generation and not self.closed
            if keep:
                self.idle.append(worker)
                self._cond.notify()
            elif worker.long:
                self.long -= 1
                self._lane.notify()
        if not keep:
            worker.kill()  # a long worker keeps its low priority for good, so it retires

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._cond:
            if worker.long:
                self.long -= 1
                self._lane.notify()
            elif worker.generation == self.generation:
                self.fast -= 1
                self._replenish()

    def _replenish(self) -> None:
        """Start workers until the pool is full again (called with the lock held)."""
        while not self.closed and self.fast + self.starting < self.size:
            self.starting += 1
            threading.Thread(target=self._start_one, args=(self.generation,), daemon=True).start()

    def _start_one(self, generation: int) -> None:
        try:
            worker = self._new(generation).wait_ready()
        except (ServeError, OSError):
            worker = None
            time.sleep(0.5)  # e.g. the store is being swapped: try again shortly
        with self._cond:
            self.starting -= 1
            if worker is not None and generation == self.generation and not self.closed:
                self.fast += 1
                self.idle.append(worker)
                self._cond.notify()
                return
            self._replenish()
        if worker is not None:
            worker.kill()

    def close(self) -> None:
        with self._cond:
            self.closed, self.idle, everyone = True, [], list(self.everyone)
            self._cond.notify_all()
            self._lane.notify_all()
        for worker in everyone:
            worker.kill()
        self.factory.stop()
