"""Other processes for the concurrency tests: one that holds a store's build lock, one that is dead."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

_HOLD = """
import sys
from ccuskg.store import build_lock
with build_lock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.read()
"""


@contextmanager
def lock_held_elsewhere(store: Path):
    """Another process holds the build lock of ``store`` until the block ends; yields its pid."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    child = subprocess.Popen([sys.executable, "-c", _HOLD, str(store)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "locked"
        yield child.pid
    finally:
        child.stdin.close()
        child.wait(timeout=30)


def dead_pid() -> int:
    """The pid of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
