"""``validate()``: check the records under some paths against the SHACL shapes, tracing each result
to its file and field (``ccuskg.validation.checking`` does the work).

This module is cheap to import on purpose: with a cache and nothing changed, ``validate`` returns
the saved report after hashing the inputs, without importing rdflib, the engine or the mapper
(``ccuskg validate`` then answers in about a third of a second at 10,000 records). The names of
``checking`` (``traced_report``, ``shapes_graph``, ``validate_compiled``...) are reachable from here
as before; they are imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ccuskg.core.settings import load_settings
from ccuskg.validation import incremental
from ccuskg.validation.findings import (SEVERITIES, SEVERITY_IRIS, UNREADABLE_COMPONENT,  # noqa: F401
                                        Finding, Report)

__all__ = ["ENGINES", "Report", "Finding", "UnsupportedShapes", "ShapesFileError", "validate", "validate_compiled",
           "shapes_graph"]


def __getattr__(name: str):
    """The heavy names (``shapes_graph``, ``traced_report``, ``ShapesFileError``...), from ``checking``."""
    if name.startswith("__"):
        raise AttributeError(name)
    from ccuskg.validation import checking

    try:
        return getattr(checking, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def _user_shapes(shapes, only: bool) -> tuple:
    """The user's shapes files: ``shapes`` as given, else ``extra_shapes`` from the settings."""
    extra = tuple(load_settings().extra_shapes if shapes is None else shapes)
    if only and not extra:
        from ccuskg.validation.checking import ShapesFileError

        raise ShapesFileError("--shapes-only needs at least one shapes file (--shapes FILE)")
    return extra


def validate(paths: Iterable, base: str | None = None, engine: str = "fast", cache: Path | str | None = None,
             shapes: Iterable | None = None, shapes_only: bool = False,
             vocabulary: Iterable | None = None) -> Report:
    """Validate the records under ``paths``; with a ``cache`` folder, unchanged records are not re-read
    or re-mapped (``ccuskg.model.cache``; ``ccuskg validate`` uses ``.ccuskg/cache`` unless ``--no-cache``)
    and, with the fast engine, the run is incremental: the saved report when no input changed, else
    only what the changes can affect is checked and traced again (``ccuskg.validation.incremental``);
    the report is always the one a run without a cache gives.
    ``shapes`` are shapes files checked beside the packaged ones (default: ``extra_shapes`` in the
    settings), or instead of them with ``shapes_only``.

    Raises ``NoRecordFiles`` when ``paths`` hold no record: an emptied folder must not "conform"."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if base is None:  # from the settings (ccuskg.toml), as ``ccuskg.build`` does
        base = load_settings().base
    if vocabulary is None:  # user vocabulary files (extra_vocabulary), loaded beside the ontology
        vocabulary = load_settings().extra_vocabulary
    extra = _user_shapes(shapes, shapes_only)
    state = manifest = None
    if cache is not None and engine == "fast":  # incremental: see ccuskg.validation.incremental
        from ccuskg.model.vocab import vocabulary_files

        state = incremental.State(cache, incremental.run_key(paths, base, vocabulary_files(extra=vocabulary), extra,
                                                             shapes_only, engine))
        manifest = incremental.manifest_digest(paths, incremental.FileHashes(cache))
        unchanged = state.report_if_unchanged(manifest)
        if unchanged is not None:  # nothing changed: neither the records nor the shapes are read
            return unchanged
    from ccuskg.validation import checking

    return checking.validate_records(paths, base, engine, cache, extra, shapes_only, vocabulary, state, manifest)
