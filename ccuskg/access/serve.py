"""Where the endpoint used to live: its names, kept importable (the code is in ``access.endpoint``).

``find_oxigraph`` stays for the Oxigraph *server* binary, which the endpoint no longer needs but
``push`` tests and benchmarks start as a remote store.
"""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path

from ccuskg.access.endpoint import (Endpoint, QueryRefused, QueryStopped, ServeError, check_query, is_loopback,
                                    normalise_query)

LOOPBACK = "127.0.0.1"


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: on PATH, or next to this Python (a venv not activated)."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise ServeError("the oxigraph server is not installed: pip install 'ccuskg[serve]'")
    return found


def free_port(host: str = LOOPBACK) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


__all__ = ["Endpoint", "QueryRefused", "QueryStopped", "ServeError", "check_query", "find_oxigraph", "free_port",
           "is_loopback", "normalise_query"]
