"""The ``ccuskg`` command: a thin layer over :mod:`ccuskg.api`.

Exit codes: 0 success, 1 data errors (the rest was still built), 2 usage errors.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from ccuskg.core.version import __version__
from ccuskg import api as _api
from ccuskg.access import named_queries
from ccuskg import store as _store
from ccuskg.model.compile import compile_records
from ccuskg.model.iris import BaseIRIError
from ccuskg.access.query import ALL_FORMATS
from ccuskg.access.remote import remote as _remote  # noqa: F401 - used by query --endpoint
from ccuskg.cli.support import (Group, UsageFailure, one_line, open_store_or_fail as _open, record_paths,
                                settings as _settings, store_option as _store_option)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ccuskg")
@click.option("--settings", "--config", "settings_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, metavar="FILE",
              help="Read settings from FILE instead of the nearest ccuskg.toml or pyproject.toml [tool.ccuskg].")
@click.pass_context
def main(ctx, settings_file) -> None:
    """Build, check, query and export a knowledge graph of CCUS policy records.

    Records are markdown files with JSON or YAML front matter, one per policy and language
    (zh/<id>.md, en/<id>.md). A typical session:

    \b
      ccuskg build seeds            # records -> RDF -> embedded Oxigraph store
      ccuskg stats                  # what is in it
      ccuskg query "SELECT ?t WHERE { ?p a ccus:Policy ; dcterms:title ?t }"
      ccuskg export -f turtle -o graph.ttl

    Defaults for every command (records, base IRI, store, cache, serve) come from ccuskg.toml;
    see docs/settings.md.
    """
    ctx.ensure_object(dict)["settings_file"] = settings_file


# ---------------------------------------------------------------------------------------- build

@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_store_option
@click.option("--base", default=None, metavar="IRI",
              help="Base IRI for policies, records and clusters (default: base in ccuskg.toml, else "
                   "https://w3id.org/ccuskg/).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary, not each warning.")
@click.option("--report", "report_file", type=click.Path(path_type=Path), default=None,
              help="Also write every message as JSON to this file.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: only on a terminal).")
def build(paths, store, base, quiet, report_file, progress):
    """Build the graph of the records under PATHS into the store.

    PATHS are record files or folders searched recursively for *.md and *.txt (default: ./seeds if it
    exists, else the current folder). The previous store stays intact until the new one is complete;
    a --store path that is a file or a non-empty folder other than a store is refused (exit 2), and
    so are PATHS holding no record file.
    Problems are printed as FILE:LINE: FIELD: SEVERITY: MESSAGE; unreadable records are skipped and
    the others still build. Exits 1 if any record had an error.
    """
    paths = record_paths(paths)
    store, base = store or _settings().store, base or _settings().base
    _store.check_store_target(store)
    if report_file is not None and not report_file.parent.is_dir():
        raise click.BadParameter(f"no such folder: {report_file.parent}", param_hint="--report")
    show_progress = sys.stderr.isatty() if progress is None else progress
    started = time.perf_counter()
    bar = None

    def on_progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Reading records", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        compiled = compile_records(paths, base=base, progress=on_progress if show_progress else None)
    except BaseIRIError as exc:
        raise click.BadParameter(str(exc), param_hint="--base") from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    try:
        report = _api.write_compiled(compiled, store, paths)
    except _api.NoRecordFiles as exc:
        raise UsageFailure(f"{exc}; the store was left unchanged") from None
    elapsed = time.perf_counter() - started

    for diagnostic in report.diagnostics:
        if quiet and diagnostic.severity != "error":
            continue
        click.echo(one_line(str(diagnostic)), err=True)
    if report_file:
        try:
            report_file.write_text(report.to_json(), encoding="utf-8")
        except OSError as exc:
            raise UsageFailure(f"cannot write the report {report_file}: {exc}") from None
    click.echo(report.summary(elapsed))
    sys.exit(1 if report.errors else 0)


# ---------------------------------------------------------------------------------------- query

@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8-sig"), default=None,
              help="Read the query from a file ('-' for standard input).")
@click.option("-n", "--name", "name", default=None, metavar="NAME",
              help="Run a query from the shipped library (list them with 'ccuskg queries').")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of a named query, as a literal (repeatable).")
@click.option("--format", "fmt", type=click.Choice(ALL_FORMATS + ("nt",)), default="table", show_default=True,
              help="table/csv/tsv/json/xml for SELECT and ASK; turtle/json-ld/nt for CONSTRUCT and DESCRIBE.")
@_store_option
@click.option("--endpoint", default=None, metavar="URL",
              help="Query this SPARQL endpoint instead of the store (see docs/sparql-access.md).")
def query(sparql, query_file, name, params, fmt, store, endpoint):
    """Run a SPARQL query over the union of all graphs in the store (or at --endpoint URL).

    Give the query as an argument, with -f FILE, or as --name NAME (see 'ccuskg queries').
    The prefixes ccus, dcterms, skos, eli, prov, rdf, rdfs, xsd, owl and schema are predeclared.
    Only queries run (SELECT, ASK, CONSTRUCT, DESCRIBE); SPARQL updates are refused. Exits 2 on
    invalid SPARQL, a missing store or an unreachable endpoint.

    \b
    Example:
      ccuskg query "SELECT ?id ?title WHERE { ?p ccus:identifier ?id ; dcterms:title ?title }"
    """
    if sum(x is not None for x in (sparql, query_file, name)) != 1:
        raise click.UsageError("give exactly one query: an argument, -f FILE or --name NAME")
    substitutions = None
    try:
        if name is not None:
            named = named_queries.get(name)
            text, substitutions = named.text, named.substitutions(named_queries.parse_params(params))
        elif params:
            raise named_queries.NamedQueryError("--param goes with --name")
        else:
            text = sparql if sparql is not None else query_file.read()
    except UnicodeDecodeError as exc:
        raise UsageFailure(f"the query file {query_file.name} is not UTF-8 text "
                           f"(invalid byte 0x{exc.object[exc.start]:02x} at offset {exc.start})") from None
    if endpoint and store:
        raise click.UsageError("give --store or --endpoint, not both")
    kg = _remote(endpoint, base=_settings().base) if endpoint else _open(store)
    output = kg.render(text, fmt, substitutions)
    if output and not output.endswith("\n"):
        output += "\n"  # JSON, XML and JSON-LD come without one; the shell prompt would follow on the same line
    click.echo(output, nl=False, color=True)  # never strip "ANSI codes": they are data (tables escape them)


@main.command()
def queries():
    """List the named queries shipped with ccuskg (run one with 'ccuskg query --name NAME')."""
    for named in named_queries.all_queries():
        params = f" [--param {' '.join(p + '=…' for p in named.params)}]" if named.params else ""
        click.echo(f"{named.name}{params}\n    {named.description}")


# ---------------------------------------------------------------------------------------- stats

@main.command()
@_store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for reading, json for scripts (the same counts).")
def stats(store, fmt):
    """Counts of records and quads, and policies by jurisdiction, category and status."""
    kg = _open(store)
    summary = kg.stats()
    if fmt == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    click.echo(f"store     {summary['store']}")
    click.echo(f"base      {summary['base']}")
    click.echo(f"records   {summary['records']}")
    click.echo(f"policies  {summary['policies']}")
    click.echo(f"quads     {summary['quads']} in named graphs ({summary['data_quads']} from records)")
    click.echo(f"triples   {summary['triples']} in their union (the default graph)")
    for title, key in (("by jurisdiction", "by_jurisdiction"), ("by category", "by_category"),
                       ("by status", "by_status")):
        click.echo(f"\npolicies {title}:")
        for label, count in summary[key].items():
            click.echo(f"  {count:5d}  {one_line(str(label))}")


# ---------------------------------------------------------------------------------------- feature modules
# Each feature area registers its commands here, one line each (the commands live in their own modules).
from ccuskg.cli.access import push, serve  # noqa: E402
main.add_command(serve)
main.add_command(push)
from ccuskg.cli.validate import validate  # noqa: E402
main.add_command(validate)
from ccuskg.cli.export import export  # noqa: E402
main.add_command(export)


if __name__ == "__main__":  # pragma: no cover
    main()
