"""The pre-commit hook: validate the changed record files plus the records they are checked against.

``python -m ccuskg.cli.precommit [--records DIR]... [--shapes FILE]... [--strict] FILE...`` (pre-commit
passes the staged files). Files outside the record folders, and non-record files, are ignored;
without a changed record it exits 0 at once. The related records (other language versions, the
policies linked by supersession, records linking to a changed one; ``ccuskg.validation.related``)
are read too, so the cross-record rules still hold, and the output and exit codes are those of
``ccuskg validate``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ccuskg.cli.support import one_line
from ccuskg.core.errors import UserError
from ccuskg.core.settings import load_settings, records_or_default


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--records", "roots", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="Record folder (repeatable; default: records in ccuskg.toml, else ./seeds, else .).")
@click.option("--shapes", multiple=True, type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="A SHACL shapes file checked beside the packaged ones (repeatable).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def main(files, roots, shapes, strict):
    """Validate the changed records FILE... and the records they are checked against."""
    from ccuskg.ingest.records import discover
    from ccuskg.validation.related import related_records
    from ccuskg.validation.validate import validate

    try:
        config = load_settings()
        roots = roots or records_or_default(config)
        in_roots = {p.resolve() for _, p in discover([r for r in roots if r.is_dir()])}
        changed = [f for f in files if f.is_file() and f.resolve() in in_roots]
        if not changed:
            sys.exit(0)
        paths = related_records(changed, roots, base=config.base)
        report = validate(paths, base=config.base, shapes=(*config.extra_shapes, *shapes))
    except UserError as exc:
        click.echo(one_line(f"error: {exc}"), err=True)
        sys.exit(2)
    for line in report.text_lines():
        click.echo(one_line(line))
    click.echo(f"{len(changed)} changed, {report.summary()}", err=True)
    sys.exit(1 if report.failed(strict) else 0)


if __name__ == "__main__":
    main()
