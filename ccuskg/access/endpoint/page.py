"""What the endpoint serves besides answers: the query page, its named examples, /health.

The page is three small files in ``assets/`` (no framework, nothing fetched from elsewhere), so it
works offline and on an air-gapped team server. It posts forms to ``/query``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ccuskg.core.namespaces import PREFIXES

ASSETS = Path(__file__).with_name("assets")
_FILES = {"/": ("index.html", "text/html; charset=utf-8"), "/app.js": ("app.js", "text/javascript; charset=utf-8"),
          "/style.css": ("style.css", "text/css; charset=utf-8")}


def asset(path: str, endpoint) -> tuple[str, bytes] | None:
    """(content type, bytes) of a page at ``path``, or None if ``path`` is not one."""
    if path in _FILES:
        name, content_type = _FILES[path]
        return content_type, (ASSETS / name).read_bytes()
    if path == "/queries.json":
        return "application/json", examples()
    if path == "/health":
        return "application/json", json.dumps(endpoint.health()).encode("utf-8")
    return None


@lru_cache(maxsize=1)
def examples() -> bytes:
    """The named queries of ``ccuskg queries``, each with the PREFIX lines it needs, as JSON."""
    from ccuskg.access.named_queries import all_queries

    found = []
    for named in all_queries():
        used = [name for name in sorted(PREFIXES) if f"{name}:" in named.text]
        prologue = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in used)
        found.append({"name": named.name, "description": named.description, "params": list(named.params),
                      "query": prologue + named.text})
    return json.dumps(found, ensure_ascii=False).encode("utf-8")
