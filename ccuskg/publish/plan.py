"""Export planning: which format, which file, where the dataset description goes — decided by the
library, so ``KnowledgeGraph.export_file()`` in a notebook follows the same rules as ``ccuskg export``.

The rules: ``-`` means standard output; without a format the output's suffix decides (graph.nt gets
N-Triples), else Turtle, or JSON-LD with a frame; a format contradicting the suffix is written but
warned about; a folder as output receives ``ccuskg.<ext>``; the description is written beside the
file as ``<file name>.void.ttl`` (graph.ttl.void.ttl, so graph.ttl and graph.jsonld each get their
own) unless another path is given or it is turned off. The description is of the bytes written
(``ccuskg.publish.file_description``), for single files and per-resource trees alike.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ccuskg.core.namespaces import DEFAULT_BASE
from ccuskg.publish import export as _export
from ccuskg.publish import file_description as _fd
from ccuskg.publish.export import ExportError, build_description, check_options, default_metadata_path
from ccuskg.publish.files import write_atomic, write_atomic_stream
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
    download_url: str | None = None  # where partners download the file (a URL ending in / names its folder)
    licence: str | None = None  # the data's licence IRI (default: the ontology's)
    diff_from: Path | None = None  # an earlier release: write the diff to it beside the output


@dataclass
class Written:
    """What an export wrote: its path (or, for standard output, its bytes), size and description's path."""

    plan: ExportPlan
    data: bytes | None  # None when it was streamed into the output file (never held in memory)
    size: int = 0
    output: Path | None = None
    description: Path | None = None
    notes: list[str] = field(default_factory=list)
    diffs: list[Path] = field(default_factory=list)  # the release diff, as JSON and RDF Patch


def suffix_format(output: Path | None) -> str | None:
    """The format a file name asks for (graph.nt -> nt); None for a folder or an unknown suffix."""
    if output is None or str(output).endswith(("/", os.sep)) or Path(output).is_dir():
        return None
    fmt = format_for_suffix(output.suffix)
    return None if fmt is None else fmt.name


def plan_export(fmt: str | None = None, output: Path | str | None = None, *, frame: str | None = None,
                context_url: str | None = None, description: Path | str | None = None, describe: bool = True,
                include_ontology: bool = True, sparql_endpoint: str | None = None,
                per_resource: bool = False, download_url: str | None = None,
                licence: str | None = None, diff_from: Path | str | None = None) -> ExportPlan:
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
    if diff_from is not None and output is None:
        raise ExportError("--diff-from needs -o FILE: the diff is written beside the export")
    if description is not None and not describe:
        raise ExportError("--metadata and --no-metadata contradict each other")
    if description is not None and description.is_dir():
        raise ExportError(f"--metadata: {description} is a folder; give a file name")
    if output is not None and (folder or output.is_dir()):
        output = output / f"ccuskg{get_format(fmt).extension}"
    if describe and description is None and output is not None:
        description = default_metadata_path(output)
    return ExportPlan(fmt, output, description if describe else None, include_ontology, frame, context_url,
                      sparql_endpoint, warnings, download_url, licence,
                      None if diff_from is None else Path(diff_from))


def write_export(store: ox.Store, base: str | None, plan: ExportPlan, progress=None) -> Written:
    """Serialise as planned, write the file (atomically) and then its description of exactly that file.

    A format with a stream writer goes straight into a regular output file, so the file is never
    held in memory, and its description reads the file back as a stream; standard output, pipes and
    devices (which cannot be read back) and the other formats go through bytes."""
    registered = get_format(plan.fmt)
    if plan.output is not None and registered.stream_writer is not None and not plan.frame \
            and _regular_or_new(plan.output):
        options = _export.ExportOptions(base=base, include_ontology=plan.include_ontology,
                                        context_url=plan.context_url, progress=progress)
        output = write_atomic_stream(plan.output, lambda stream: registered.stream_writer(store, options, stream))
        written = Written(plan, None, output.stat().st_size, output)
        source: bytes | Path = output
    else:
        data = _export.serialize(store, plan.fmt, base, plan.include_ontology, context_url=plan.context_url,
                                 frame=plan.frame, progress=progress)
        written = Written(plan, data, len(data))
        if plan.output is not None:
            written.output = write_atomic(plan.output, data)
        source = data
    if plan.description is not None:
        written.description = _write_description(plan.description,
                                                 describe_export(store, base, plan, source, written.size))
    if plan.diff_from is not None and written.output is not None:
        written.diffs = write_release_diff(plan.diff_from, store, written.output)
    return written


def _regular_or_new(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def write_release_diff(old: Path, store: ox.Store, output: Path) -> list[Path]:
    """``<file name>.diff.json`` and ``<file name>.rdfp`` beside ``output``: this release against ``old``."""
    from ccuskg.publish import diff as _diff

    new = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    result = _diff.diff(_diff.read_release(old), new)
    return [write_atomic(output.with_name(output.name + suffix), _diff.render(result, fmt))
            for suffix, fmt in ((".diff.json", "json"), (".rdfp", "rdf-patch"))]


def describe_export(store: ox.Store, base: str | None, plan: ExportPlan, data: bytes | Path,
                    size: int | None = None) -> bytes:
    """The description (Turtle) of ``data``, the bytes (or the file) an export wrote as ``plan`` says."""
    from ccuskg.publish.context import load_context

    registered = get_format(plan.fmt)
    name = plan.output.name if plan.output is not None else f"ccuskg{registered.extension}"
    if plan.frame:
        what = "policies framed as nested documents"
    else:
        what = "records only, without the ontology graph" if not plan.include_ontology else \
            "records, ontology and reference tables"
    facts = _fd.read_back_facts(data, registered.media_type, load_context(), plan.context_url)
    if size is None:
        size = data.stat().st_size if isinstance(data, Path) else len(data)
    part = _fd.Part(name, registered.title, what, registered.media_type, size, None,
                    _fd.download_url(plan.download_url, name), facts)
    return _fd.describe_parts(build_description(store), base or DEFAULT_BASE, [part], plan.licence,
                              plan.sparql_endpoint)


def describe_resources(store: ox.Store, base: str | None, files: list[Path], plan: ExportPlan) -> bytes:
    """The description of a per-resource tree: its Turtle files and its JSON-LD files, each counted."""
    from ccuskg.publish.context import load_context

    context = load_context()
    parts = []
    for suffix, label, media_type in ((".ttl", "Turtle", "text/turtle"), (".jsonld", "JSON-LD", "application/ld+json")):
        chosen = [f for f in files if f.suffix == suffix and f.name != "context.jsonld"]
        triples: set = set()
        for path in chosen:
            triples |= _fd.read_back(path.read_bytes(), media_type, context, plan.context_url)
        parts.append(_fd.Part(f"per-resource{suffix}", f"{label} per resource",
                              "one file per policy, used jurisdiction and issuer, and cluster", media_type,
                              sum(path.stat().st_size for path in chosen), triples))
    return _fd.describe_parts(build_description(store), base or DEFAULT_BASE, parts, plan.licence,
                              plan.sparql_endpoint)


def write_resources_description(store: ox.Store, base: str | None, files: list[Path], plan: ExportPlan,
                                path: Path) -> Path:
    """Write the description of the per-resource files ``files`` to ``path``."""
    return _write_description(path, describe_resources(store, base, files, plan))


def _write_description(path: Path, text: bytes) -> Path:
    try:
        return write_atomic(path, text)
    except OSError as exc:
        raise ExportError(f"cannot write the dataset description {path}: {exc.strerror or exc}") from None
