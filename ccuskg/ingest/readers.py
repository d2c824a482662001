"""Which reader turns a record file into fields and a body, chosen by the file's suffix.

A reader is a function ``read(raw: bytes, path: Path)`` that returns a :class:`Document` (or just a
dict of fields, for a format without a body) and raises :class:`ReadError` for a data problem. The
pipeline does the rest the same way for every reader: the fields must be an object, not too deeply
nested, with a safe ``id`` and a language; dates become text; any problem is an error naming the file.

The built-in front matter reader (JSON or YAML between ``---`` lines, ``.md`` and ``.txt`` files) is
registered with the same :func:`register_reader` call a third party uses::

    from ccuskg.ingest.readers import register_reader

    def read_toy(raw, path):
        return dict(line.split("=", 1) for line in raw.decode().splitlines() if "=" in line)

    register_reader("toy", [".toy"], read_toy)

An installed package can register one without being imported by the user, by naming a
:class:`Reader` in the entry-point group ``ccuskg.readers`` (its name is the reader's name)::

    [project.entry-points."ccuskg.readers"]
    toy = "ccuskg_toy:READER"          # READER = Reader("toy", (".toy",), read_toy)

Discovery reads the files whose suffix a reader is registered for. A file given by name is read by
its suffix's reader, or by the front matter reader when no reader has its suffix.
"""

from __future__ import annotations

import importlib
import re
import threading
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ccuskg.core.errors import CcuskgError

ENTRY_POINT_GROUP = "ccuskg.readers"
_SUFFIX = re.compile(r"\.[A-Za-z0-9_+-]{1,32}")


class ReadError(CcuskgError, ValueError):
    """A file a reader cannot read as a record: the message is shown with the file's name."""

    def __init__(self, message: str, line: int | None = None, field: str = ""):
        super().__init__(message)
        self.message, self.line, self.field = message, line, field


@dataclass
class Document:
    """What a reader makes of a file."""

    data: Any  # the record's fields; anything but a dict is reported as not a record
    body: str = ""
    # Lines the fields are written on in JSON or YAML style, the first being the file's line 2 (as
    # front matter between '---' lines is): reports name the line of a field found there. Optional.
    front_matter_lines: list[str] = field(default_factory=list)
    # True when data holds only what JSON parsing gives (text keys, no dates): skips turning dates
    # and keys into text. Leave False unless that is certain.
    json_types: bool = False


ReadFunction = Callable[[bytes, Path], "Document | dict"]


@dataclass(frozen=True)
class Reader:
    """A named reader for the files with some suffixes."""

    name: str
    suffixes: tuple[str, ...]
    read: ReadFunction
    origin: str = ""  # where it comes from: "ccuskg", an entry point and its distribution, or a module

    def describe(self) -> str:
        """One stable line naming the reader (for a cache fingerprint or a log)."""
        function = f"{getattr(self.read, '__module__', '?')}.{getattr(self.read, '__qualname__', '?')}"
        return f"{self.name} {','.join(self.suffixes)} {function} {self.origin}".rstrip()


_lock = threading.RLock()
_readers: dict[str, Reader] = {}
_by_suffix: dict[str, Reader] = {}
_ready = False  # the built-in readers and the entry points have been loaded
_loading = False


def register_reader(name: str, suffixes: str | Iterable[str], read: ReadFunction, *, replace: bool = False,
                    origin: str | None = None) -> Reader:
    """Read the files with these suffixes (``".toy"`` or ``["toy"]``; case does not matter) with ``read``.

    A name or suffix another reader already has is a ValueError, unless ``replace`` is true: then
    that reader gives them up (and is dropped if it has no suffix left)."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a reader needs a name, not {name!r}")
    if not callable(read):
        raise TypeError(f"reader {name!r}: read must be callable, not {type(read).__name__}")
    wanted = _normalise_suffixes(name, suffixes)
    with _lock:
        if not replace:
            if name in _readers:
                raise ValueError(f"a reader named {name!r} is already registered ({_readers[name].describe()})")
            taken = [f"{s} ({_by_suffix[s].name})" for s in wanted if s in _by_suffix]
            if taken:
                raise ValueError(f"reader {name!r}: suffix already has a reader: {', '.join(taken)}")
        if name in _readers:
            _drop(name)
        for suffix in wanted:
            holder = _by_suffix.get(suffix)
            if holder is not None:
                _give_up(holder, suffix)
        reader = Reader(name, wanted, read, origin if origin is not None else getattr(read, "__module__", "") or "")
        _readers[name] = reader
        for suffix in wanted:
            _by_suffix[suffix] = reader
        return reader


def unregister_reader(name: str) -> Reader | None:
    """Forget a reader; its suffixes are no longer discovered. Returns it (``None`` if there was none)."""
    with _lock:
        return _drop(name)


def registered_readers() -> dict[str, Reader]:
    """Every registered reader by name, in name order (built-in ones and entry points included)."""
    _ensure_ready()
    with _lock:
        return {name: _readers[name] for name in sorted(_readers)}


def record_suffixes() -> tuple[str, ...]:
    """The suffixes discovery reads, lower case with the dot, sorted."""
    _ensure_ready()
    with _lock:
        return tuple(sorted(_by_suffix))


def reader_for(path: Path) -> Reader | None:
    """The reader of the file's suffix, or ``None`` when no reader has it."""
    if not _ready:
        _ensure_ready()
    return _by_suffix.get(path.suffix.lower())


def decode_text(raw: bytes) -> str:
    """UTF-8 text without a byte order mark, its lines ending in ``\\n``; ReadError if it is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _normalise_suffixes(name: str, suffixes) -> tuple[str, ...]:
    if isinstance(suffixes, str):
        suffixes = [suffixes]
    result: list[str] = []
    for suffix in suffixes:
        if not isinstance(suffix, str):
            raise TypeError(f"reader {name!r}: a suffix is text, not {type(suffix).__name__}")
        suffix = suffix.strip().lower()
        suffix = suffix if suffix.startswith(".") else "." + suffix
        if not _SUFFIX.fullmatch(suffix):
            raise ValueError(f"reader {name!r}: {suffix!r} is not a file suffix "
                             "(one '.' and letters, digits, '_', '+' or '-')")
        if suffix not in result:
            result.append(suffix)
    if not result:
        raise ValueError(f"reader {name!r} has no suffixes")
    return tuple(result)


def _drop(name: str) -> Reader | None:
    reader = _readers.pop(name, None)
    for suffix in [s for s, r in _by_suffix.items() if r.name == name]:
        del _by_suffix[suffix]
    return reader


def _give_up(holder: Reader, suffix: str) -> None:
    del _by_suffix[suffix]
    rest = tuple(s for s in holder.suffixes if s != suffix)
    if rest:
        _readers[holder.name] = Reader(holder.name, rest, holder.read, holder.origin)
        for s in rest:
            _by_suffix[s] = _readers[holder.name]
    else:
        del _readers[holder.name]


def _ensure_ready() -> None:
    global _ready, _loading
    if _ready:
        return
    with _lock:  # another thread waits here until the readers are loaded
        if _ready or _loading:  # _loading: this thread, back here from a plugin that imports ccuskg
            return
        _loading = True
        try:
            importlib.import_module("ccuskg.ingest.records")  # registers the built-in readers
            load_entry_points()
        finally:
            _loading, _ready = False, True


def load_entry_points(entry_points: Iterable[metadata.EntryPoint] | None = None) -> list[Reader]:
    """Register the readers named in the ``ccuskg.readers`` entry-point group (done once, on first use).

    A reader that cannot be loaded, is not a :class:`Reader`, or wants a name or suffix already taken
    is skipped with a warning: an installed plugin never stops a build."""
    if entry_points is None:
        try:
            entry_points = metadata.entry_points(group=ENTRY_POINT_GROUP)
        except Exception as exc:  # a broken installed distribution's metadata
            warnings.warn(f"ccuskg: cannot list the {ENTRY_POINT_GROUP!r} entry points: {exc}", stacklevel=2)
            return []
    loaded: list[Reader] = []
    for entry in sorted(entry_points, key=lambda e: (e.name, e.value)):
        try:
            reader = entry.load()
            if not isinstance(reader, Reader):
                raise TypeError(f"it names a {type(reader).__name__}, not a ccuskg.ingest.readers.Reader")
            dist = getattr(entry, "dist", None)
            origin = f"entry point {entry.value}" + (f" ({dist.name} {dist.version})" if dist is not None else "")
            loaded.append(register_reader(entry.name, reader.suffixes, reader.read, origin=origin))
        except Exception as exc:
            warnings.warn(f"ccuskg: reader {entry.name!r} ({entry.value}) from the {ENTRY_POINT_GROUP!r} "
                          f"entry points is not used: {exc}", stacklevel=2)
    return loaded


__all__ = [
    "Document", "ENTRY_POINT_GROUP", "ReadError", "Reader", "decode_text", "load_entry_points", "reader_for",
    "record_suffixes", "register_reader", "registered_readers", "unregister_reader",
]
