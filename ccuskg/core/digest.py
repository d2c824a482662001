"""Messages grouped by code and field, so a 2,000-file corpus gives a page a person reads, not 2,000 lines.

One group per (code, field path without list indices): its count, how many files, the most common
values and the first few examples. ``lines`` renders the groups; ``--verbose`` prints every message
instead. The JSON report carries the same groups (``as_dict``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ccuskg.core.diagnostics import ERROR, INFO, WARNING, Diagnostic

_INDEX = re.compile(r"\[\d+\]")
_RANK = {ERROR: 0, WARNING: 1, INFO: 2}
EXAMPLES = 3  # example files per group
FIELDS = 8  # field lines per code before "… and N more"
VALUES = 5  # most common values shown per group


def field_key(path: str | None) -> str:
    """A field path without its list indices: ``evolution.supersedes[2]`` → ``evolution.supersedes``."""
    return _INDEX.sub("", path or "")


@dataclass
class Group:
    code: str
    severity: str
    field: str
    count: int = 0
    files: set[str] = field(default_factory=set)
    examples: list[Diagnostic] = field(default_factory=list)
    values: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "field": self.field or None, "count": self.count,
                "files": len(self.files), "examples": [_where(d) for d in self.examples],
                "message": self.examples[0].message if self.examples else "",
                "values": dict(sorted(self.values.items(), key=lambda kv: (-kv[1], kv[0]))[:50])}


def group(diagnostics) -> list[Group]:
    """Groups by severity, then largest first, then code and field."""
    groups: dict[tuple[str, str, str], Group] = {}
    for d in diagnostics:
        key = (d.code or "-", d.severity, field_key(d.field))
        found = groups.get(key)
        if found is None:
            found = groups[key] = Group(*key)
        found.count += 1
        found.files.add(d.file)
        if len(found.examples) < EXAMPLES:
            found.examples.append(d)
        if d.value is not None:
            found.values[d.value] += 1
    return sorted(groups.values(), key=lambda g: (_RANK.get(g.severity, 3), g.code, -g.count, g.field))


def lines(diagnostics, fields: int = FIELDS, full: int = EXAMPLES) -> list[str]:
    """A header per code, then one line per field (at most ``fields``), each with its first examples; a
    code with at most ``full`` messages has them printed whole instead (FILE:LINE: FIELD: SEVERITY: MESSAGE)."""
    out: list[str] = []
    by_code: dict[tuple[str, str], list[Group]] = {}
    for g in group(diagnostics):
        by_code.setdefault((g.severity, g.code), []).append(g)
    for (severity, code), groups in by_code.items():
        total, files = sum(g.count for g in groups), len(set().union(*(g.files for g in groups)))
        if total <= full:
            out.extend(str(d) for d in sorted(d for g in groups for d in g.examples))
            continue
        out.append(f"{severity} {code}: {total} in {_files(files)}")
        for g in groups[:fields]:
            out.append("  " + _field_line(g))
        if len(groups) > fields:
            rest = groups[fields:]
            out.append(f"  … and {len(rest)} more fields ({sum(g.count for g in rest)} messages): --verbose lists them")
    return out


def _field_line(g: Group) -> str:
    values = ""
    if g.values and g.code in ("unmapped-value", "unknown-field"):
        common = sorted(g.values.items(), key=lambda kv: (-kv[1], kv[0]))[:VALUES]
        values = " values " + ", ".join(f"{_clip(v)!r} ×{n}" for v, n in common) + ";"
    first = g.examples[0]
    also = ", ".join(_where(d) for d in g.examples[1:])
    return (f"{g.field or '-'}: {g.count} in {_files(len(g.files))};{values} e.g. {_where(first)}: "
            f"{_clip(first.message, 160)}" + (f" (also {also})" if also else ""))


def _where(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}" if d.line else d.file


def _files(n: int) -> str:
    return f"{n} file" + ("" if n == 1 else "s")


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
