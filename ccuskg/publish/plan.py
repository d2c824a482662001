"""Export planning: which format, which file, where the dataset description goes — decided by the
library, so ``KnowledgeGraph.export_file()`` in a notebook follows the same rules as ``ccuskg export``.

The rules: ``-`` means standard output; without a format the output's suffix decides (graph.nt gets
N-Triples), else Turtle, or JSON-LD with a frame; a format contradicting the suffix is written but
warned about; a folder as output receives ``ccuskg.<ext>``; the description is written beside the
file as ``<name>.void.ttl`` unless another path is given or it is turned off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ccuskg.publish import export as _export
from ccuskg.publish.export import ExportError, check_options, default_metadata_path
from ccuskg.publish.files import write_atomic
from ccuskg.publish.formats import format_for_suffix, get_format


@dataclass(frozen=True)
class ExportPlan:
    """What one export will write; ``output`` None means standard output (bytes returned)."""

    fmt: str
    output: Path | None
    description: Path | None
    include_ontology: bool = True
    frame: str | None = None
    context_url: str | None = None
    sparql_endpoint: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class Written:
    """What an export wrote: the data (also when it went to a file), its path and its description's path."""

    plan: ExportPlan
    data: bytes
    output: Path | None = None
    description: Path | None = None
    notes: list[str] = field(default_factory=list)


def suffix_format(output: Path | None) -> str | None:
    """The format a file name asks for (graph.nt -> nt); None for a folder or an unknown suffix."""
    if output is None or str(output).endswith(("/", os.sep)) or Path(output).is_dir():
        return None
    fmt = format_for_suffix(output.suffix)
    return None if fmt is None else fmt.name


def plan_export(fmt: str | None = None, output: Path | str | None = None, *, frame: str | None = None,
                context_url: str | None = None, description: Path | str | None = None, describe: bool = True,
                include_ontology: bool = True, sparql_endpoint: str | None = None,
                per_resource: bool = False) -> ExportPlan:
    """Decide an export; raises ``ExportError`` for options that contradict each other."""
    folder = output is not None and str(output).endswith(("/", os.sep))  # "-o out/" names a folder
    output = None if output is None or str(output) == "-" else Path(output)
    description = Path(description) if description is not None else None
    named = None if folder else suffix_format(output)
    fmt = fmt or ("json-ld" if frame else named or "turtle")
    check_options(fmt, frame)
    warnings = (f"writing {fmt} into {output}, whose extension says {named}",) if named and named != fmt else ()
    if context_url and fmt != "json-ld" and not per_resource:
        raise ExportError("--context-url applies to JSON-LD output (-f json-ld, --frame or --per-resource)")
    if description is not None and not describe:
        raise ExportError("--metadata and --no-metadata contradict each other")
    if description is not None and description.is_dir():
        raise ExportError(f"--metadata: {description} is a folder; give a file name")
    if output is not None and (folder or output.is_dir()):
        output = output / f"ccuskg{get_format(fmt).extension}"
    if describe and description is None and output is not None:
        description = default_metadata_path(output)
    return ExportPlan(fmt, output, description if describe else None, include_ontology, frame, context_url,
                      sparql_endpoint, warnings)


def write_export(store: ox.Store, base: str | None, plan: ExportPlan, progress=None) -> Written:
    """Serialise as planned, write the file (atomically) and then its description of exactly that file."""
    data = _export.serialize(store, plan.fmt, base, plan.include_ontology, context_url=plan.context_url,
                             frame=plan.frame, progress=progress)
    written = Written(plan, data)
    if plan.output is not None:
        written.output = write_atomic(plan.output, data)
    if plan.description is not None:
        text = _export.metadata(store, base, plan.fmt, len(data), plan.include_ontology, plan.frame,
                                plan.sparql_endpoint)
        written.description = write_atomic(plan.description, text)
    return written
