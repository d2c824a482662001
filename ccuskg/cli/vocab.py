"""``ccuskg vocab``: user vocabularies; ``vocab unmapped`` writes a skeleton from the last build's gaps."""

from __future__ import annotations

from pathlib import Path

import click

from ccuskg.model.skeleton import skeleton
from ccuskg.cli.support import UsageFailure, settings as _settings, store_option as _store_option


@click.group()
def vocab():
    """User vocabularies: Turtle files loaded beside the ontology (--vocab FILE, or extra_vocabulary
    in ccuskg.toml) with concepts, alt labels, issuers, jurisdictions and field mappings."""


@vocab.command()
@_store_option
@click.option("--write", "output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
              help="Write the skeleton to FILE instead of printing it.")
def unmapped(store, output):
    """A Turtle skeleton for the last build's unmapped values and unknown fields.

    One skos:Concept per unmapped value (labelled in the language seen) and one property stub per
    unknown field, each commented with where it was seen. Edit it, then build again with
    --vocab FILE: the values and fields it covers are no longer reported. Reads
    <store>.last-build.json, which every build writes beside the store.
    """
    from ccuskg import api as _api

    report = _api.last_build(store or _settings().store)
    text = skeleton(report, source=f"the build of {report.get('store')}")
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageFailure(f"cannot write {output}: {exc}") from None
    entries = len(report.get("unmapped_values", [])) + len(report.get("unknown_fields", []))
    click.echo(f"Wrote {output}: {entries} entries to edit.", err=True)
