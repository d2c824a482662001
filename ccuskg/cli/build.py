"""``ccuskg build``: records under PATHS -> the store, with the messages and the summary the library returns."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ccuskg import store as _store
from ccuskg.model.iris import BaseIRIError
from ccuskg.cli.support import UsageFailure, one_line, record_paths, settings as _settings, store_option as _store_option
from ccuskg.cli.support import vocab_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_store_option
@click.option("--base", default=None, metavar="IRI",
              help="Base IRI for policies, records and clusters (default: base in ccuskg.toml, else "
                   "https://w3id.org/ccuskg/).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary, not the warnings.")
@click.option("-v", "--verbose", is_flag=True,
              help="Print every message on its own line instead of counts per code and field with the first examples.")
@vocab_option
@click.option("--report", "report_file", type=click.Path(path_type=Path), default=None,
              help="Also write every message as JSON to this file.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: only on a terminal).")
@click.option("--full", is_flag=True,
              help="Rebuild every record (default: only those added, changed or removed since the last build).")
@click.option("--watch", is_flag=True,
              help="After building, build again whenever a record file changes, printing what changed "
                   "(Ctrl-C stops).")
def build(paths, store, base, quiet, verbose, vocab, report_file, progress, full, watch):
    """Build the graph of the records under PATHS into the store.

    PATHS are record files or folders searched recursively for *.md and *.txt (default: ./seeds if it
    exists, else the current folder). The previous store stays intact until the new one is complete;
    a --store path that is a file or a non-empty folder other than a store is refused (exit 2), and
    so are PATHS holding no record file.
    Problems are counted per code and field, with the first examples of each (--verbose: every one
    as FILE:LINE: FIELD: SEVERITY: MESSAGE); unreadable records are skipped and the others still
    build. Fields the ontology does not know are kept under https://w3id.org/ccuskg/field/; the
    report (--report, and <store>.last-build.json beside the store) lists them with the unmapped
    values, for 'ccuskg vocab unmapped'. Exits 1 if any record had an error.
    """
    from ccuskg import api as _api

    paths = record_paths(paths)
    store, base = store or _settings().store, base or _settings().base
    _store.check_store_target(store)
    if report_file is not None and not report_file.parent.is_dir():
        raise click.BadParameter(f"no such folder: {report_file.parent}", param_hint="--report")
    if watch:
        _watch(paths, store, base, vocab or _settings().extra_vocabulary)
        return
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
        report = _api.build_store(paths, store, base=base, progress=on_progress if show_progress else None,
                                  full=full, vocabulary=vocab or _settings().extra_vocabulary)
    except BaseIRIError as exc:
        raise click.BadParameter(str(exc), param_hint="--base") from None
    except _api.NoRecordFiles as exc:
        raise UsageFailure(f"{exc}; the store was left unchanged") from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    elapsed = time.perf_counter() - started

    for line in report.digest(verbose=verbose, quiet=quiet):
        click.echo(one_line(line), err=True)
    if report_file:
        try:
            report_file.write_text(report.to_json(), encoding="utf-8")
        except OSError as exc:
            raise UsageFailure(f"cannot write the report {report_file}: {exc}") from None
    click.echo(report.summary(elapsed))
    sys.exit(1 if report.errors else 0)


def _watch(paths, store, base, vocabulary) -> None:
    """``build --watch``: one line per build saying what changed, then its summary; errors do not stop it."""
    from ccuskg import api as _api

    try:
        for report in _api.watch_builds(paths, store, base=base, vocabulary=vocabulary):
            if isinstance(report, Exception):
                click.echo(f"Error: {one_line(str(report))}", err=True)
                continue
            changes = ", ".join(f"{len(files)} {kind}" for kind, files in report.changes.items() if files)
            click.echo(f"{report.mode} build" + (f": {changes}" if changes else ""))
            for kind, files in report.changes.items():
                for name in files:
                    click.echo(f"  {kind}: {one_line(name)}")
            click.echo(report.summary())
    except KeyboardInterrupt:
        pass

