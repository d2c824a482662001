"""Test data in one place: the project's paths and a factory for small records.

Test modules import from here (``from factory import record_text, write_record``), never from
conftest or from each other, so every helper has one definition.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FOUNDING_RECORD = SEEDS / "zh" / "cn-miit-industrial-plan-2022.md"
CORPUS = ROOT.parent / "shared" / "corpus" / "ccus-policy-hub-2026-02-27"

MINIMAL_POLICY = {"id": "good-policy", "title": "Good Policy", "pubDate": "2020-01-02"}


def record_text(fields: dict | None = None, body: str = "Body.\n", **overrides) -> str:
    """A record file's text: JSON front matter (a minimal valid policy unless ``fields`` is given,
    with ``overrides`` applied on top) and a body."""
    data = dict(MINIMAL_POLICY if fields is None else fields, **overrides)
    return "---\n" + json.dumps(data, ensure_ascii=False) + "\n---\n" + body


def write_record(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a record file (text as UTF-8, or raw bytes) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
