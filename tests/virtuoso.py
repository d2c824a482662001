"""A throwaway OpenLink Virtuoso 7 (Debian's virtuoso-opensource) on loopback, for the second-engine tests.

Its database, ini and log live in a folder of the caller's choosing; ``virtuoso-t +foreground`` runs
as a child process and is stopped by its PID. Memory is kept small (2 cores, other suites running).
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from servers import free_port, stop

DBA_PASSWORD = "ccuskg-test-dba"
_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
FileExtend = 200
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 8
CheckpointInterval = 0
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
MaxQueryMem = 200M
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 120
"""


@dataclass
class Virtuoso:
    process: subprocess.Popen
    base: str
    sql_port: int
    folder: Path

    @property
    def graph_store(self) -> str:
        """The authenticated Graph Store endpoint (HTTP digest; dba has the SPARQL_UPDATE role)."""
        return self.base + "/sparql-graph-crud-auth"

    @property
    def sparql(self) -> str:
        """The public, read-only SPARQL query endpoint."""
        return self.base + "/sparql"

    def isql(self, statement: str) -> str:
        """Run one SQL statement as dba through isql-vt (for setup and clean-up)."""
        done = subprocess.run([shutil.which("isql-vt") or "isql-vt", f"127.0.0.1:{self.sql_port}", "dba",
                               DBA_PASSWORD, f"exec={statement}"], capture_output=True, text=True, timeout=120)
        if done.returncode or "*** Error" in done.stdout:
            raise RuntimeError(f"isql-vt failed: {done.stdout} {done.stderr}")
        return done.stdout

    def stop(self) -> None:
        stop(self.process, seconds=30)


def virtuoso_binary() -> str:
    """virtuoso-t, or skip: the tests need Debian's virtuoso-opensource (.ci/run installs it)."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not binary or not isql:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource: virtuoso-t and isql-vt)")
    return binary


def start_virtuoso(folder: Path) -> Virtuoso:
    """Start Virtuoso on free loopback ports with a fresh database in ``folder``; dba's password is DBA_PASSWORD."""
    binary = virtuoso_binary()
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_INI.format(d=folder, sql=sql, http=http), encoding="utf-8")
    log = open(folder / "stdout.log", "wb")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    server = Virtuoso(process, f"http://127.0.0.1:{http}", sql, folder)
    try:
        _wait_until_answering(server)
        subprocess.run(["isql-vt", f"127.0.0.1:{sql}", "dba", "dba",
                        f"exec=USER_SET_PASSWORD('dba', '{DBA_PASSWORD}');"],
                       capture_output=True, check=True, timeout=60)
    except Exception:
        server.stop()
        raise
    return server


def _wait_until_answering(server: Virtuoso, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = (server.folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso-t exited with {server.process.returncode}: {log}")
        try:
            with urllib.request.urlopen(server.sparql + "?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"Virtuoso did not answer on {server.base} after {seconds} s")


def clear_ccuskg_graphs(server: Virtuoso) -> None:
    """Remove every graph ccuskg pushed (records, ontology, build, manifest), leaving Virtuoso's own."""
    server.isql("DELETE FROM DB.DBA.RDF_QUAD WHERE id_to_iri(G) LIKE 'https://w3id.org/ccuskg/%';")
