"""One settings object for every command and the API, so that build and validate cannot disagree.

Read from ``ccuskg.toml`` (top-level keys) or ``[tool.ccuskg]`` in ``pyproject.toml``, found in the
start folder or its parents (stopping at the filesystem root or a folder holding ``.git``). Precedence,
lowest first: built-in defaults, the settings file, ``$CCUSKG_STORE`` (store only), command-line flags
and API arguments. The defaults live here, in core, so that every layer can share them.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from ccuskg.core.errors import UserError
from ccuskg.core.namespaces import DEFAULT_BASE

DEFAULT_STORE = Path(".ccuskg") / "store"
STORE_ENV = "CCUSKG_STORE"
DEFAULT_CACHE_FOLDER = Path(".ccuskg") / "cache"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_SERVE_TIMEOUT = 10.0
SETTINGS_FILE = "ccuskg.toml"


class SettingsError(UserError, ValueError):
    """A settings file that cannot be used; the message is one line naming the file and the key."""


@dataclass(frozen=True)
class Settings:
    records: tuple[Path, ...] = ()  # empty: ./seeds if it exists, else the current folder
    base: str = DEFAULT_BASE
    store: Path = DEFAULT_STORE
    cache: bool = True
    cache_folder: Path = DEFAULT_CACHE_FOLDER
    serve_host: str = DEFAULT_HOST
    serve_port: int = DEFAULT_PORT
    serve_timeout: float = DEFAULT_SERVE_TIMEOUT
    serve_worker_memory: int | None = None  # MiB a query may use; None: the endpoint's default
    extra_vocabulary: tuple[Path, ...] = ()
    extra_shapes: tuple[Path, ...] = ()
    entailment: bool = True  # add the standard (DCTERMS, ELI, PROV, SKOS, schema.org) triples
    download_url: str | None = None  # export: where partners download the files (dcat:downloadURL)
    license: str | None = None  # export: the data's licence IRI (default: the ontology's)
    source: Path | None = field(default=None, compare=False)  # the file read, if any


def records_or_default(settings: Settings) -> tuple[Path, ...]:
    """The records to read when none are named: the settings' records, else ./seeds, else the current folder."""
    if settings.records:
        return settings.records
    return (Path("seeds"),) if Path("seeds").is_dir() else (Path("."),)


# key -> (kind, description of the expected type for the error message)
_KINDS = {
    "records": ("paths", "a list of paths"), "base": ("str", "a string"), "store": ("path", "a path string"),
    "cache": ("bool", "true or false"), "cache_folder": ("path", "a path string"),
    "serve_host": ("str", "a string"), "serve_port": ("port", "an integer from 0 to 65535"),
    "serve_timeout": ("seconds", "a number of seconds >= 0.1"),
    "serve_worker_memory": ("mebibytes", "an integer number of MiB >= 16 (0: no limit)"),
    "extra_vocabulary": ("paths", "a list of paths"), "extra_shapes": ("paths", "a list of paths"),
    "entailment": ("bool", "true or false"),
    "download_url": ("str", "a URL string"), "license": ("str", "an IRI string"),
}


def _toml():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise SettingsError("reading ccuskg.toml needs Python 3.11 or the 'tomli' package") from None
    return tomllib


def find_settings_file(start: Path | None = None) -> Path | None:
    """The nearest ccuskg.toml, or pyproject.toml with a [tool.ccuskg] table, from ``start`` upwards."""
    folder = Path(start or Path.cwd()).resolve()
    for here in (folder, *folder.parents):
        if (here / SETTINGS_FILE).is_file():
            return here / SETTINGS_FILE
        pyproject = here / "pyproject.toml"
        if pyproject.is_file() and "ccuskg" in _read(pyproject).get("tool", {}):
            return pyproject
        if (here / ".git").exists():
            return None
    return None


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return _toml().load(handle)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the settings file: {exc.strerror or exc}") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None


def _table(path: Path) -> tuple[dict, str]:
    """The settings table of ``path`` and the prefix its keys are named with in messages."""
    data = _read(path)
    if path.name != "pyproject.toml":
        return data, ""
    table = data.get("tool", {}).get("ccuskg", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: tool.ccuskg: must be a table")
    return table, "tool.ccuskg."


def _convert(key: str, value, folder: Path):
    kind, expected = _KINDS[key]
    resolve = lambda p: Path(p) if Path(p).is_absolute() else folder / p  # noqa: E731
    if kind == "paths" and isinstance(value, list) and all(isinstance(p, str) and p for p in value):
        return tuple(resolve(p) for p in value)
    if kind == "path" and isinstance(value, str) and value:
        return resolve(value)
    if kind == "str" and isinstance(value, str) and value:
        return value
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "port" and isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 65535:
        return value
    if kind == "seconds" and isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0.1:
        return float(value)
    if kind == "mebibytes" and isinstance(value, int) and not isinstance(value, bool) and (value == 0 or value >= 16):
        return value
    raise TypeError(expected)


def settings_from_file(path: Path | str) -> Settings:
    """Settings from one named file (``ccuskg --settings FILE``), over the defaults."""
    path = Path(path)
    table, prefix = _table(path)
    values = {}
    for key, value in table.items():
        if key not in _KINDS:
            raise SettingsError(f"{path}: {prefix}{key}: unknown key (known: {', '.join(_KINDS)})")
        try:
            values[key] = _convert(key, value, path.resolve().parent)
        except TypeError as exc:
            raise SettingsError(f"{path}: {prefix}{key}: must be {exc}, not {value!r}") from None
    return Settings(**values, source=path)


def load_settings(start: Path | None = None, file: Path | str | None = None) -> Settings:
    """The settings in force: ``file`` if given, else the nearest settings file, then $CCUSKG_STORE."""
    path = Path(file) if file is not None else find_settings_file(start)
    settings = settings_from_file(path) if path is not None else Settings()
    if os.environ.get(STORE_ENV):
        settings = dataclasses.replace(settings, store=Path(os.environ[STORE_ENV]))
    return settings
