"""``ccuskg query``, ``queries`` and ``stats``: SPARQL over the store or an endpoint, the named-query
library, and what a store holds."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from ccuskg.access import named_queries
from ccuskg.access.query import ALL_FORMATS, DEFAULT_MAX_WIDTH, format_for
from ccuskg.publish.files import write_atomic
from ccuskg.access.remote import remote as _remote
from ccuskg.cli.support import UsageFailure, one_line, open_store_or_fail as _open, settings as _settings, store_option as _store_option


def _complete_names(ctx, param, incomplete: str) -> list[CompletionItem]:
    """Named-query names for shell completion (``ccuskg query --name <TAB>``)."""
    return [CompletionItem(q.name, help=q.description) for q in named_queries.all_queries()
            if q.name.startswith(incomplete)]


def _complete_params(ctx, param, incomplete: str) -> list[CompletionItem]:
    """``NAME=`` for each parameter of the query given with --name (``--param <TAB>``)."""
    name = ctx.params.get("name")
    try:
        params = named_queries.get(name).params if name else ()
    except named_queries.NamedQueryError:
        params = ()
    return [CompletionItem(f"{p}=", type="plain") for p in params if f"{p}=".startswith(incomplete)]


@click.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8-sig"), default=None,
              help="Read the query from a file ('-' for standard input).")
@click.option("-n", "--name", "name", default=None, metavar="NAME", shell_complete=_complete_names,
              help="Run a query from the shipped library (list them with 'ccuskg queries').")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", shell_complete=_complete_params,
              help="Bind a parameter of a named query, as a literal (repeatable).")
@click.option("--format", "fmt", type=click.Choice(ALL_FORMATS + ("nt",)), default=None,
              help="table/csv/tsv/json/xml for SELECT and ASK; turtle/json-ld/nt for CONSTRUCT and DESCRIBE "
                   "(default: from the -o suffix, else table).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Write the result to FILE (.csv .tsv .json .xml .ttl .jsonld .nt .txt choose the format).")
@click.option("--max-width", type=click.IntRange(min=1), default=DEFAULT_MAX_WIDTH, show_default=True, metavar="N",
              help="Cut table cells longer than N characters (with …).")
@click.option("--wide", is_flag=True, help="Never cut table cells.")
@click.option("--no-check", "no_check", is_flag=True,
              help="Skip the term check and the explanation of empty answers (notes on stderr).")
@_store_option
@click.option("--endpoint", default=None, metavar="URL",
              help="Query this SPARQL endpoint instead of the store (see docs/sparql-access.md).")
def query(sparql, query_file, name, params, fmt, output, max_width, wide, no_check, store, endpoint):
    """Run a SPARQL query over the union of all graphs in the store (or at --endpoint URL).

    Give the query as an argument, with -f FILE, or as --name NAME (see 'ccuskg queries').
    The prefixes ccus, dcterms, skos, eli, prov, rdf, rdfs, xsd, owl and schema are predeclared.
    Only queries run (SELECT, ASK, CONSTRUCT, DESCRIBE); SPARQL updates are refused. Exits 2 on
    invalid SPARQL, a missing store or an unreachable endpoint.

    Before answering, terms in our namespaces that the ontology does not define are named on
    stderr with the closest defined ones, and standard terms the data never uses are noted; an
    empty SELECT says which triple pattern or parameter matched nothing. The answer is unchanged.

    \b
    Example:
      ccuskg query "SELECT ?id ?title WHERE { ?p dcterms:identifier ?id ; dcterms:title ?title }"
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
    except named_queries.MissingParameter as exc:
        raise UsageFailure(f"query {exc.query!r} needs --param {exc.param}=VALUE") from None
    except UnicodeDecodeError as exc:
        raise UsageFailure(f"the query file {query_file.name} is not UTF-8 text "
                           f"(invalid byte 0x{exc.object[exc.start]:02x} at offset {exc.start})") from None
    if endpoint and store:
        raise click.UsageError("give --store or --endpoint, not both")
    kg = _remote(endpoint, base=_settings().base) if endpoint else _open(store)
    answer = kg.answer(text, format_for(output, fmt), substitutions, check=not no_check,
                       max_width=None if wide else max_width)
    _write(answer.text, output)
    for note in answer.notes:
        click.echo(one_line(note), err=True)


def _write(text: str, output: Path | None) -> None:
    if text and not text.endswith("\n"):
        text += "\n"  # JSON, XML and JSON-LD come without one; the shell prompt would follow on the same line
    if output is None or str(output) == "-":
        click.echo(text, nl=False, color=True)  # never strip "ANSI codes": they are data (tables escape them)
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise UsageFailure(f"cannot write {output}: {exc.strerror or exc}") from None


@click.command()
def queries():
    """List the named queries shipped with ccuskg (run one with 'ccuskg query --name NAME')."""
    for named in named_queries.all_queries():
        params = f" [--param {' '.join(p + '=…' for p in named.params)}]" if named.params else ""
        click.echo(f"{named.name}{params}\n    {named.description}")


@click.command()
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
