"""``ccuskg validate``: check records against the SHACL shapes; CI-friendly output and exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ccuskg.cli.support import one_line, record_paths, settings, vocab_option
from ccuskg.model.iris import BaseIRIError

FORMATS = ("text", "json", "github", "turtle", "sarif", "junit", "html")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: FILE:LINE: FIELD: SEVERITY: MESSAGE; json; github: Actions annotations; "
                   "turtle: the SHACL validation report; sarif: SARIF 2.1.0 for code scanning (one rule "
                   "per shape); junit: JUnit XML, one test case per shape; html: one self-contained page "
                   "with counts, filters and links to the record lines.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Write the report to FILE instead of standard output (the exit status is the same).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="fast: shapes compiled to SPARQL on Oxigraph; pyshacl: the reference implementation (slow).")
@click.option("--base", default=None, metavar="IRI", help="Base IRI, as for build (default: base in ccuskg.toml).")
@click.option("--cache/--no-cache", default=None,
              help="Keep read and mapped records and the last report in .ccuskg/cache/ (default: cache and "
                   "cache_folder in ccuskg.toml, else on): unchanged records are not read and mapped again, "
                   "the report is reused when no input changed, and only results about changed records are "
                   "traced again. The report is the one --no-cache gives (a changed record, shapes file, "
                   "ontology, setting or ccuskg never uses an old entry).")
@vocab_option
@click.option("--shapes", "shapes", multiple=True, type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="A SHACL shapes file (Turtle) checked beside the packaged shapes; repeatable "
                   "(default: extra_shapes in ccuskg.toml).")
@click.option("--shapes-only", is_flag=True,
              help="Check only the --shapes files (and extra_shapes), not the packaged shapes.")
def validate(paths, fmt, strict, engine, base, cache, output, vocab, shapes, shapes_only):
    """Check the records under PATHS against the SHACL shapes in shapes/ (and your own, --shapes).

    Prints one line per result, FILE:LINE: FIELD: SEVERITY: MESSAGE, sorted by file and field
    (a result about several records, such as a supersession cycle, names each of them).
    Unreadable records are violations naming the file; the others are still checked. Exits 0
    without violations (warnings are printed), 1 with any violation (or warning under --strict),
    2 for usage errors.
    """
    from ccuskg.validation.validate import validate as run_validation

    paths = record_paths(paths)
    config = settings()
    cache = config.cache if cache is None else cache
    try:
        report = run_validation(paths, base=base or config.base, engine=engine,
                                cache=config.cache_folder if cache else None,
                                vocabulary=vocab or config.extra_vocabulary,
                                shapes=(*config.extra_shapes, *shapes), shapes_only=shapes_only)
    except BaseIRIError as exc:
        raise click.BadParameter(str(exc), param_hint="--base") from None
    for notice in report.notices:  # e.g. a user's shape the fast engine leaves to pyshacl
        click.echo(one_line(f"notice: {notice}"), err=True)
    _emit(rendered(report, fmt, strict, (*config.extra_shapes, *shapes), shapes_only), output)
    if fmt in ("text", "github"):
        click.echo(report.summary(), err=True)
    sys.exit(1 if report.failed(strict) else 0)


def rendered(report, fmt: str, strict: bool, shapes=(), shapes_only: bool = False) -> str:
    """The report as text in ``fmt``; the machine formats come from ``ccuskg.validation.reports``
    (their rules are the shapes checked: the packaged ones and ``shapes``)."""
    def shapes_graph():
        from ccuskg.validation.validate import shapes_graph as _shapes_graph

        return _shapes_graph(shapes, shapes_only)

    if fmt in ("sarif", "junit", "html"):  # rdflib and the shapes are read for these only
        from ccuskg.validation import reports
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "turtle":
        return report.to_turtle()
    if fmt == "sarif":
        return reports.to_sarif(report, shapes_graph())
    if fmt == "junit":
        return reports.to_junit(report, shapes_graph(), strict=strict)
    if fmt == "html":
        return reports.to_html(report, shapes_graph())
    lines = report.github_lines() if fmt == "github" else report.text_lines()
    return "".join(one_line(line) + "\n" for line in lines)


def _emit(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    from ccuskg.publish.files import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise click.UsageError(f"cannot write the report to {output}: {exc.strerror or exc}") from None
