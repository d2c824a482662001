"""``ccuskg export``: the store as Turtle, JSON-LD (compact or framed), N-Triples, N-Quads or TriG,
with its dataset description, or as one file per resource for a static web host."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ccuskg.cli.support import UsageFailure, open_store_or_fail, settings as _settings, store_option
from ccuskg.publish.export import FRAMES
from ccuskg.publish.plan import plan_export, write_export, write_resources_description
from ccuskg.publish.formats import registered_formats
from ccuskg.model.iris import is_http_iri


def _http_iri(ctx, param, value):
    if value is not None and not is_http_iri(value):
        raise click.BadParameter(f"must be an absolute http(s) URL, got {value!r}")
    return value


class _Bar:
    """A progress bar on stderr, started on the first report (so nothing shows for quick steps)."""

    def __init__(self, enabled: bool, label: str):
        self.enabled, self.label, self.bar, self.done = enabled, label, None, 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class _FormatChoice(click.Choice):
    """The registered export formats, read when the command runs (a plugin may register one late)."""

    def __init__(self):
        super().__init__([])

    @property
    def choices(self):
        return tuple(registered_formats())

    @choices.setter
    def choices(self, value):
        pass


@click.command()
@click.option("-f", "--format", "fmt", type=_FormatChoice(), default=None,
              help="Output format (default: from the -o file's extension: .ttl .jsonld .nt .nq .trig; "
                   "else turtle, or json-ld with --frame).")
@click.option("-o", "--output", type=click.Path(path_type=str), default=None,
              help="Write to this file, or into this folder as ccuskg.<ext> (default, or '-': standard output).")
@click.option("--data-only", is_flag=True, help="Leave out the ontology and vocabulary graph.")
@click.option("--frame", type=click.Choice(FRAMES), default=None,
              help="JSON-LD framed as one nested document per policy (assessments embedded, "
                   "concepts, jurisdictions and issuers with their labels, linked policies by IRI), "
                   "per facility (location embedded) or per jurisdiction (with its country profile).")
@click.option("--context-url", default=None, metavar="URL", callback=_http_iri,
              help="Put this URL in the JSON-LD @context instead of the whole context (a hosted copy "
                   "of ontology/context.jsonld). Processing still uses the local file; nothing is fetched.")
@click.option("--metadata", "metadata_file", type=click.Path(path_type=Path), default=None,
              help="Write the VoID + DCAT dataset description here (default: beside the output, "
                   "as <file name>.void.ttl; none when writing to standard output).")
@click.option("--no-metadata", is_flag=True, help="Do not write the dataset description file.")
@click.option("--sparql-endpoint", default=None, metavar="URL", callback=_http_iri,
              help="Name this public SPARQL endpoint in the dataset description.")
@click.option("--download-url", default=None, metavar="URL", callback=_http_iri,
              help="Where partners download the file, for the description's dcat:downloadURL (a URL ending "
                   "in / is the folder: the file name is added). Default: download_url in the settings.")
@click.option("--license", "licence", default=None, metavar="IRI", callback=_http_iri,
              help="The data's licence for the description (default: license in the settings, else the "
                   "ontology's).")
@click.option("--diff-from", type=click.Path(path_type=Path, exists=True), default=None, metavar="OLD",
              help="Also write the diff from the release OLD (a store folder or an export file) beside the "
                   "output: <file name>.diff.json (see 'ccuskg diff') and <file name>.rdfp (RDF Patch).")
@click.option("--per-resource", "per_resource_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              metavar="DIR", help="Write one .ttl and one .jsonld per policy, used jurisdiction, used issuer "
                                  "and cluster under DIR, at paths mirroring their IRIs (DIR/policy/<id>.ttl); files an "
                                  "earlier export left there for resources now gone are removed.")
@click.option("--progress/--no-progress", default=None, help="Show progress (default: only on a terminal).")
@store_option
def export(fmt, output, data_only, frame, context_url, metadata_file, no_metadata, sparql_endpoint,
           download_url, licence, diff_from, per_resource_dir, progress, store):
    """Export the store for partners; the same records always give byte-identical files.

    \b
    Turtle, N-Triples and JSON-LD hold the union of all graphs (each triple once);
    N-Quads and TriG keep one named graph per record, plus the ontology and build graphs.
    JSON-LD is compact against ontology/context.jsonld: short terms (title, issuer, score),
    language maps ("title": {"en": ..., "zh": ...}), typed dates, numbers for integers,
    and "id"/"type" for @id/@type.

    \b
    Examples:
      ccuskg export -o graph.ttl                         # also writes graph.ttl.void.ttl
      ccuskg export -f json-ld -o graph.jsonld --context-url https://example.org/ccus/context.jsonld
      ccuskg export --frame policy -o policies.jsonld
      ccuskg export --per-resource site/ --context-url https://example.org/ccus/context.jsonld

    The dataset description (VoID + DCAT 3: title, licence, version, creation date, size, media
    type, download URL, example resources, SPARQL endpoint if given, and counts read back from
    the file written) is written beside the file (or DIR/void.ttl). Its date comes from
    $SOURCE_DATE_EPOCH if set, else the latest record audit date.
    """
    plan = plan_export(fmt, output, frame=frame, context_url=context_url, description=metadata_file,
                       describe=not no_metadata, include_ontology=not data_only,
                       sparql_endpoint=sparql_endpoint, per_resource=per_resource_dir is not None,
                       download_url=download_url or _settings().download_url, licence=licence or _settings().license,
                       diff_from=diff_from)
    for warning in plan.warnings:
        click.echo(f"warning: {warning}", err=True)
    kg = open_store_or_fail(store)
    show = sys.stderr.isatty() if progress is None else progress
    skipped: list[str] = []
    if per_resource_dir is not None:
        skipped = _export_resources(kg, per_resource_dir, plan, show, None if no_metadata else
                                    metadata_file or per_resource_dir / "void.ttl")
        if plan.output is None:  # only the folder was asked for
            sys.exit(1 if skipped else 0)
    _export_one(kg, plan, show)
    if skipped:
        sys.exit(1)  # data problem: some resources could not be written


def _export_resources(kg, directory: Path, plan, show: bool, description: Path | None) -> list[str]:
    """One file per resource under ``directory``, its description, and what was removed or skipped."""
    bar = _Bar(show, "Writing resources")
    skipped: list[str] = []
    removed: list[Path] = []
    try:
        files = kg.export_resources(directory, context_url=plan.context_url, progress=bar, skipped=skipped,
                                    removed=removed)
    except OSError as exc:
        raise UsageFailure(f"cannot write to {directory}: {exc}") from None
    finally:
        bar.close()
    if description is not None:
        described = write_resources_description(kg.store, kg.base, files, plan, description)
        click.echo(f"Wrote {described} (dataset description).", err=True)
    click.echo(f"Wrote {len(files)} files under {directory}.", err=True)
    for path in removed:
        click.echo(f"Removed {path} (left by an earlier export; no longer in the store).", err=True)
    for message in skipped:
        click.echo(f"error: not written: {message}", err=True)
    return skipped


def _export_one(kg, plan, show: bool) -> None:
    """The single-file export as planned: standard output or a file, then its description."""
    bar = _Bar(show, f"Framing {plan.frame} documents" if plan.frame else "Reading graphs")
    try:
        written = write_export(kg.store, kg.base, plan, progress=bar)
    except OSError as exc:
        raise UsageFailure(f"cannot write {plan.output}: {exc}") from None
    finally:
        bar.close()
    if written.output is None:
        _to_stdout(written.data)
    else:
        click.echo(f"Wrote {written.output} ({written.size} bytes, {plan.fmt}"
                   f"{', framed by ' + plan.frame if plan.frame else ''}).", err=True)
    if written.description is not None:  # written after the file, so it describes exactly those bytes
        click.echo(f"Wrote {written.description} (dataset description).", err=True)
    for path in written.diffs:
        click.echo(f"Wrote {path} (diff from {plan.diff_from}).", err=True)


def _to_stdout(data: bytes) -> None:
    """Standard output; a closed pipe or a full disk is one line, not a traceback."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        raise UsageFailure("standard output was closed before the export was written (broken pipe)") from None
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise UsageFailure(f"cannot write the export to standard output: {exc.strerror or exc}") from None
