"""``ccuskg diff OLD NEW``: what changed between two releases (stores or export files)."""

from __future__ import annotations

from pathlib import Path

import click

from ccuskg.publish.diff import FORMATS, diff_releases, render
from ccuskg.publish.files import write_atomic


@click.command()
@click.argument("old", type=click.Path(path_type=Path, exists=True))
@click.argument("new", type=click.Path(path_type=Path, exists=True))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text and json list the policies and facilities added, removed and changed (with each "
                   "changed field's old and new values); rdf-patch and sparql-update are the triples to "
                   "apply to OLD to get NEW.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
def diff(old, new, fmt, output):
    """Compare two releases: each a store folder or an export file (.ttl, .nt, .nq, .trig, .jsonld, .rdf).

    Both are compared as the union of their triples (named graphs merged), so the patch applied to
    an old Turtle export gives the new one. The output is sorted: the same two releases always give
    the same bytes. Exits 0 whether or not they differ, 2 when a release cannot be read.

    \b
    Examples:
      ccuskg diff old-store .ccuskg/store
      ccuskg diff release-1.ttl release-2.ttl -f rdf-patch -o release-2.rdfp
      ccuskg diff release-1.ttl release-2.ttl -f sparql-update | curl --data-binary @- ...
    """
    data = render(diff_releases(old, new), fmt)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
        click.echo(f"Wrote {output}.", err=True)
