"""Messages about records: every problem names the file, the field path and, where known, the line."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ccuskg.core.catalogue import CATALOGUE, ERROR, INFO, WARNING  # noqa: F401  (one severity vocabulary)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about one record file (or a few, for cross-record problems)."""

    file: str
    field: str
    severity: str
    message: str
    line: int | None = field(default=None, compare=False)
    value: str | None = field(default=None, compare=False)
    code: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.code and self.code not in CATALOGUE:  # a code users cannot look up is a bug in ccuskg
            raise ValueError(f"diagnostic code {self.code!r} is not in ccuskg/core/catalogue.py")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '-'}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "field": self.field or None,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
            "value": self.value,
            "code": self.code or None,
        }


def count_by_severity(diagnostics) -> dict[str, int]:
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for d in diagnostics:
        counts[d.severity] = counts.get(d.severity, 0) + 1
    return counts


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """A message as exactly one printable line: control characters from record values (a newline in
    a field name, an escape sequence) are written as escapes, so they can neither split a
    ``FILE:LINE: FIELD: SEVERITY: MESSAGE`` line nor start a CI log command such as ``::error``."""
    if text.isprintable():
        return text
    return "".join(_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if _unsafe(ch) else ch) for ch in text)


_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unsafe(ch: str) -> bool:
    """Control characters, line and paragraph separators and bidi overrides (not CJK or other spaces)."""
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI_CONTROLS
