"""Messages about records: every problem names the file, the field path and, where known, the line."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
INFO = "info"


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
