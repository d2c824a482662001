"""The export formats: one registry read by the export, the dataset description, the CLI and the API.

A format is an ``ExportFormat`` registered with ``register_format``. The built-ins (turtle, nt,
nquads, trig, json-ld; ``ccuskg.publish.export``) register through that same call, and so can a
third party, either directly or from a package declaring an entry point in the group
``ccuskg.exporters`` whose object is an ``ExportFormat`` (or a callable returning one)::

    [project.entry-points."ccuskg.exporters"]
    count = "mypackage.exporters:COUNT"

Entry points are loaded the first time the registry is read; one that fails to load is skipped
with a warning, so a broken plugin cannot stop the built-in formats from working.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, BinaryIO

ENTRY_POINT_GROUP = "ccuskg.exporters"


@dataclass(frozen=True)
class ExportOptions:
    """What a writer is asked for, beyond the store."""

    base: str | None = None
    include_ontology: bool = True
    context_url: str | None = None
    progress: Callable[[int, int], None] | None = None


Writer = Callable[[Any, ExportOptions], bytes]  # (pyoxigraph Store, options) -> the file's bytes
# (pyoxigraph Store, options, binary stream) -> None: writes the same bytes as ``Writer`` into the
# stream, so a file export never holds the whole file in memory
StreamWriter = Callable[[Any, ExportOptions, BinaryIO], None]


@dataclass(frozen=True)
class ExportFormat:
    """One export format; ``writer`` must give the same bytes for the same store (exports are compared)."""

    name: str  # what -f / KnowledgeGraph.export take
    extensions: tuple[str, ...]  # file suffixes meaning this format, the first one used for new files
    media_type: str | None  # IANA media type, for the dataset description
    writer: Writer = field(repr=False)
    keeps_named_graphs: bool = False  # one named graph per record, or the union of the graphs
    label: str = ""  # human name, e.g. "N-Triples" (default: the name)
    stream_writer: StreamWriter | None = field(default=None, repr=False)  # optional, same bytes as writer

    def __post_init__(self):
        if not self.name or not self.extensions:
            raise ValueError("an export format needs a name and at least one extension")
        bad = [e for e in self.extensions if not e.startswith(".") or e != e.lower()]
        if bad:
            raise ValueError(f"extensions are lowercase and start with '.', got {bad}")

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def title(self) -> str:
        return self.label or self.name


_FORMATS: dict[str, ExportFormat] = {}
_loaded = False


def register_format(fmt: ExportFormat, replace: bool = False) -> ExportFormat:
    """Add ``fmt``; a name or suffix already taken by another format is refused unless ``replace``."""
    if not isinstance(fmt, ExportFormat):
        raise TypeError(f"register_format takes an ExportFormat, not {type(fmt).__name__}")
    if not replace:
        if fmt.name in _FORMATS:
            raise ValueError(f"export format {fmt.name!r} is already registered")
        for other in _FORMATS.values():
            shared = set(fmt.extensions) & set(other.extensions)
            if shared:
                raise ValueError(f"export format {fmt.name!r}: suffix {sorted(shared)[0]} already means {other.name!r}")
    _FORMATS[fmt.name] = fmt
    return fmt


def unregister_format(name: str) -> ExportFormat:
    """Remove a format (tests, or a plugin replacing a built-in); returns it."""
    return _FORMATS.pop(name)


def registered_formats() -> dict[str, ExportFormat]:
    """Every format by name, built-ins first in their registration order."""
    _ensure_loaded()
    return dict(_FORMATS)


def get_format(name: str) -> ExportFormat | None:
    _ensure_loaded()
    return _FORMATS.get(name)


def format_for_suffix(suffix: str) -> ExportFormat | None:
    """The format a file suffix asks for (``.nt`` -> nt), case-insensitively; None if no format claims it."""
    suffix = suffix.lower()
    return next((f for f in registered_formats().values() if suffix in f.extensions), None)


def _ensure_loaded() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        load_entry_point(point)


def load_entry_point(point) -> ExportFormat | None:
    """Register the format an entry point names; a failure is a warning, never a crash."""
    try:
        obj = point.load()
        fmt = obj if isinstance(obj, ExportFormat) else obj()
        return register_format(fmt)
    except Exception as exc:  # a third party's bug must not break the built-in formats
        warnings.warn(f"export format plugin {point.name!r} ({point.value}) not loaded: {exc}", stacklevel=2)
        return None


__all__ = ["ExportFormat", "ExportOptions", "register_format", "unregister_format", "registered_formats",
           "get_format", "format_for_suffix", "ENTRY_POINT_GROUP"]
