"""``ccuskg export``: the store as Turtle, JSON-LD (compact or framed), N-Triples, N-Quads or TriG,
with its dataset description, or as one file per resource for a static web host."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ccuskg.cli.support import UsageFailure, open_store_or_fail, store_option
from ccuskg.publish.export import EXTENSIONS, FORMATS, FRAMES, default_metadata_path
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


_SUFFIX_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".nq": "nquads",
                   ".nquads": "nquads", ".trig": "trig"}


def _format_of(output: Path | None) -> str | None:
    """The format a file name asks for (graph.nt -> nt), so -o alone does not put Turtle in a .nt file."""
    if output is None or output.is_dir():
        return None
    return _SUFFIX_FORMATS.get(output.suffix.lower())


def _describe(kg, path: Path, *args, **kwargs) -> Path:
    """Write the dataset description; an unwritable path is a usage error, not a traceback."""
    try:
        return kg.export_metadata(path, *args, **kwargs)
    except OSError as exc:
        raise UsageFailure(f"cannot write the dataset description {path}: {exc}") from None


@click.command()
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format (default: from the -o file's extension: .ttl .jsonld .nt .nq .trig; "
                   "else turtle, or json-ld with --frame).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to this file, or into this folder as ccuskg.<ext> (default, or '-': standard output).")
@click.option("--data-only", is_flag=True, help="Leave out the ontology and vocabulary graph.")
@click.option("--frame", type=click.Choice(FRAMES), default=None,
              help="JSON-LD framed as one nested document per policy (assessments embedded, "
                   "concepts, jurisdictions and issuers with their labels, linked policies by IRI).")
@click.option("--context-url", default=None, metavar="URL", callback=_http_iri,
              help="Put this URL in the JSON-LD @context instead of the whole context (a hosted copy "
                   "of ontology/context.jsonld). Processing still uses the local file; nothing is fetched.")
@click.option("--metadata", "metadata_file", type=click.Path(path_type=Path), default=None,
              help="Write the VoID + DCAT dataset description here (default: beside the output, "
                   "as <name>.void.ttl; none when writing to standard output).")
@click.option("--no-metadata", is_flag=True, help="Do not write the dataset description file.")
@click.option("--sparql-endpoint", default=None, metavar="URL", callback=_http_iri,
              help="Name this public SPARQL endpoint in the dataset description.")
@click.option("--per-resource", "per_resource_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              metavar="DIR", help="Write one .ttl and one .jsonld per policy, used jurisdiction, used issuer "
                                  "and cluster under DIR, at paths mirroring their IRIs (DIR/policy/<id>.ttl); files an "
                                  "earlier export left there for resources now gone are removed.")
@click.option("--progress/--no-progress", default=None, help="Show progress (default: only on a terminal).")
@store_option
def export(fmt, output, data_only, frame, context_url, metadata_file, no_metadata, sparql_endpoint,
           per_resource_dir, progress, store):
    """Export the store for partners; the same records always give byte-identical files.

    \b
    Turtle, N-Triples and JSON-LD hold the union of all graphs (each triple once);
    N-Quads and TriG keep one named graph per record, plus the ontology and build graphs.
    JSON-LD is compact against ontology/context.jsonld: short terms (title, issuer, score),
    language maps ("title": {"en": ..., "zh": ...}), typed dates, numbers for integers,
    and "id"/"type" for @id/@type.

    \b
    Examples:
      ccuskg export -o graph.ttl                         # also writes graph.void.ttl
      ccuskg export -f json-ld -o graph.jsonld --context-url https://example.org/ccus/context.jsonld
      ccuskg export --frame policy -o policies.jsonld
      ccuskg export --per-resource site/ --context-url https://example.org/ccus/context.jsonld

    The dataset description (VoID + DCAT: title, licence, version, creation date, counts,
    example resources, SPARQL endpoint if given) is written beside the file (or DIR/void.ttl).
    Its date comes from $SOURCE_DATE_EPOCH if set, else the latest record audit date.
    """
    if output is not None and str(output) == "-":
        output = None  # the usual spelling of standard output (as for query -f -), not a file named "-"
    fmt = fmt or ("json-ld" if frame else _format_of(output) or "turtle")
    named = _format_of(output)
    if named and named != fmt:
        click.echo(f"warning: writing {fmt} into {output}, whose extension says {named}", err=True)
    from ccuskg.publish.export import check_options

    check_options(fmt, frame)
    if context_url and fmt != "json-ld" and not per_resource_dir:
        raise UsageFailure("--context-url applies to JSON-LD output (-f json-ld, --frame or --per-resource)")
    if metadata_file and no_metadata:
        raise UsageFailure("--metadata and --no-metadata contradict each other")
    if metadata_file is not None and metadata_file.is_dir():
        raise click.BadParameter(f"{metadata_file} is a folder; give a file name", param_hint="--metadata")
    kg = open_store_or_fail(store)
    show = sys.stderr.isatty() if progress is None else progress
    options = dict(include_ontology=not data_only, context_url=context_url, frame=frame)

    if per_resource_dir is not None:
        bar = _Bar(show, "Writing resources")
        skipped: list[str] = []
        removed: list[Path] = []
        try:
            files = kg.export_resources(per_resource_dir, context_url=context_url, progress=bar, skipped=skipped,
                                        removed=removed)
        except OSError as exc:
            raise UsageFailure(f"cannot write to {per_resource_dir}: {exc}") from None
        finally:
            bar.close()
        if not no_metadata:
            described = _describe(kg, metadata_file or per_resource_dir / "void.ttl", "per-resource", None,
                                  sparql_endpoint=sparql_endpoint)
            click.echo(f"Wrote {described} (dataset description).", err=True)
        click.echo(f"Wrote {len(files)} files under {per_resource_dir}.", err=True)
        for path in removed:
            click.echo(f"Removed {path} (left by an earlier export; no longer in the store).", err=True)
        for message in skipped:
            click.echo(f"error: not written: {message}", err=True)
        if output is None:
            if skipped:
                sys.exit(1)
            return

    bar = _Bar(show, "Framing policies" if frame else "Reading graphs")
    try:
        data = kg.export(fmt, None, progress=bar, **options)
    finally:
        bar.close()
    if output is None:
        sys.stdout.buffer.write(data)
        target_metadata = metadata_file
    else:
        if output.is_dir():
            output = output / f"ccuskg{EXTENSIONS[fmt]}"
        try:
            from ccuskg.publish.export import write_atomic

            write_atomic(output, data)
        except OSError as exc:
            raise UsageFailure(f"cannot write {output}: {exc}") from None
        click.echo(f"Wrote {output} ({len(data)} bytes, {fmt}{', framed by ' + frame if frame else ''}).", err=True)
        target_metadata = metadata_file or default_metadata_path(output)
    if target_metadata and not no_metadata:
        path = _describe(kg, target_metadata, fmt, len(data), include_ontology=not data_only, frame=frame,
                         sparql_endpoint=sparql_endpoint)
        click.echo(f"Wrote {path} (dataset description).", err=True)
    if per_resource_dir is not None and skipped:
        sys.exit(1)  # data problem: some resources could not be written
