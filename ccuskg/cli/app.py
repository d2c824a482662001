"""The ``ccuskg`` command: a thin layer over :mod:`ccuskg.api`.

Exit codes: 0 success, 1 data errors (the rest was still built), 2 usage errors.
"""

from __future__ import annotations

from pathlib import Path

import click

from ccuskg.core.version import __version__
from ccuskg.cli.support import LazyGroup


# ---------------------------------------------------------------------------------------- commands
# Each imported when it is run (LazyGroup): a command pays for its own dependencies only.

def _build():
    from ccuskg.cli.build import build
    return build


def _query():
    from ccuskg.cli.query import query
    return query


def _queries():
    from ccuskg.cli.query import queries
    return queries


def _stats():
    from ccuskg.cli.query import stats
    return stats


def _validate():
    from ccuskg.cli.validate import validate
    return validate


def _export():
    from ccuskg.cli.export import export
    return export


def _diff():
    from ccuskg.cli.diff import diff
    return diff


def _serve():
    from ccuskg.cli.access import serve
    return serve


def _push():
    from ccuskg.cli.access import push
    return push


def _vocab():
    from ccuskg.cli.vocab import vocab
    return vocab


COMMANDS = {"build": _build, "query": _query, "queries": _queries, "stats": _stats, "validate": _validate,
            "export": _export, "diff": _diff, "serve": _serve, "push": _push, "vocab": _vocab}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
      ccuskg query "SELECT ?t WHERE { ?p a eli:LegalResource ; dcterms:title ?t }"
      ccuskg export -f turtle -o graph.ttl

    Defaults for every command (records, base IRI, store, cache, serve) come from ccuskg.toml;
    see docs/settings.md.
    """
    ctx.ensure_object(dict)["settings_file"] = settings_file


if __name__ == "__main__":  # pragma: no cover
    main()
