"""Writing output files: the one place publish writes bytes, so every format and the per-resource
files share the same atomic replace (a reader never sees half a file)."""

from __future__ import annotations

from pathlib import Path


def write_atomic(output: Path | str, data: bytes) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(output)
    return output
