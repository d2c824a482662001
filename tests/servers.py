"""Real servers on loopback for the endpoint, push and remote tests: started on a free port, always stopped."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest


def oxigraph_binary() -> str:
    """The oxigraph server binary, or skip the test (it comes with the 'serve' extra)."""
    from ccuskg.access.serve import ServeError, find_oxigraph

    try:
        return find_oxigraph()
    except ServeError:
        pytest.skip("the oxigraph server binary is not installed (pip install 'ccuskg[serve]')")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port} after {seconds} s")


def stop(process: subprocess.Popen, sig=signal.SIGINT, seconds: float = 10) -> int:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def start_ccuskg_serve(store: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`ccuskg serve --port 0` as a real process; returns it and the endpoint URL it printed."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from ccuskg.cli import main; main()", "serve", "--store", str(store),
         "--port", "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = _read_line(process, seconds=30)
    if not line.startswith("SPARQL endpoint: "):
        stop(process)
        raise RuntimeError(f"unexpected first line from ccuskg serve: {line!r} {process.stderr.read()}")
    return process, line.split(": ", 1)[1].strip()


def _read_line(process: subprocess.Popen, seconds: float) -> str:
    box = []
    reader = threading.Thread(target=lambda: box.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    if not box:
        stop(process)
        raise RuntimeError("ccuskg serve printed nothing")
    return box[0]


def start_oxigraph_rw() -> tuple[subprocess.Popen, str]:
    """A read-write in-memory `oxigraph serve` on loopback; returns it and its base URL."""
    binary = oxigraph_binary()
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
    except RuntimeError:
        stop(process)
        raise
    return process, f"http://127.0.0.1:{port}"


def post_query(url: str, query: str, accept: str, timeout: float = 30) -> tuple[int, str, bytes]:
    """Plain HTTP: a form-encoded SPARQL query; (status, content type, body), errors included."""
    request = urllib.request.Request(url, data=urlencode({"query": query}).encode(), method="POST",
                                     headers={"Accept": accept,
                                              "Content-Type": "application/x-www-form-urlencoded"})
    return send(request, timeout)


def send(request: urllib.request.Request, timeout: float = 30) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def oxigraph_pids(store: Path) -> set[int]:
    """Ids of running oxigraph processes serving ``store`` (read from /proc)."""
    if not Path("/proc/self/cmdline").is_file():
        pytest.skip("needs /proc to see the oxigraph worker processes")
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            status = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if status != "Z" and args and args[0].endswith(b"oxigraph") and str(store).encode() in args:
            pids.add(int(entry.name))
    return pids


def worker_pids(store: Path) -> set[int]:
    """Ids of the running query workers of `ccuskg serve` over ``store`` (read from /proc)."""
    if not Path("/proc/self/cmdline").is_file():
        pytest.skip("needs /proc to see the query worker processes")
    pids = set()
    for entry in Path("/proc").iterdir():
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0") if entry.name.isdigit() else []
            status = (entry / "stat").read_text().split()[2] if args else "Z"
        except OSError:
            continue
        if status != "Z" and len(args) > 2 and args[1].endswith(b"worker.py") and args[2] == str(store).encode():
            pids.add(int(entry.name))
    return pids


def cpu_seconds(pids: set[int]) -> float:
    """User plus system CPU time used so far by the processes still alive among ``pids``."""
    import os

    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class Listener:
    """A loopback TCP socket that only counts the connections made to it (a SERVICE target)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"

    def connections(self, wait: float = 0.5) -> int:
        count, deadline = 0, time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
                conn.close()
                count += 1
            except OSError:
                pass
        return count

    def close(self):
        self.sock.close()

