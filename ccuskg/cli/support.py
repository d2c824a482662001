"""Pieces every ``ccuskg`` sub-command shares: the store option, opening a store, usage failures.

Commands live in small modules (``cli.py`` for the core ones; one module per feature area) and are
registered on the group in ``cli.py``; they import what they share from here, not from each other.
"""

from __future__ import annotations

from pathlib import Path

import click

from ccuskg import api as _api
from ccuskg.core.diagnostics import one_line  # noqa: F401  (commands print through it)
from ccuskg.core.errors import UserError
from ccuskg.core.settings import Settings, SettingsError, load_settings, records_or_default

STORE_HELP = "Store directory (default: $CCUSKG_STORE, else store in ccuskg.toml, else .ccuskg/store)."


class UsageFailure(click.ClickException):
    """A usage problem found after parsing (missing store, bad query text): exit 2, one line."""

    exit_code = 2


class Group(click.Group):
    """The ``ccuskg`` group: a :class:`UserError` raised anywhere in a command becomes a
    :class:`UsageFailure` (``Error: MESSAGE``, exit 2) here, once, instead of in every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            raise UsageFailure(str(exc)) from None


def store_option(func):
    return click.option("--store", "store", type=click.Path(path_type=Path), default=None,
                        help=STORE_HELP)(func)


def vocab_option(func):
    """``--vocab FILE`` (repeatable): user vocabulary Turtle files, instead of extra_vocabulary in the settings."""
    return click.option("--vocab", "vocab", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
                        metavar="FILE", help="A user vocabulary (Turtle: concepts, labels, field mappings) to "
                        "load beside the ontology; repeatable (default: extra_vocabulary in ccuskg.toml).")(func)


def settings() -> Settings:
    """The settings of this invocation (``ccuskg --settings FILE`` or the nearest file), read once."""
    ctx = click.get_current_context().find_root()
    ctx.ensure_object(dict)
    if "settings" not in ctx.obj:
        try:
            ctx.obj["settings"] = load_settings(file=ctx.obj.get("settings_file"))
        except SettingsError as exc:
            raise UsageFailure(str(exc)) from None
    return ctx.obj["settings"]


def open_store_or_fail(store: Path | None) -> _api.KnowledgeGraph:
    """The store's graph; a missing store raises ``StoreNotFound``, a usage error (exit 2)."""
    return _api.open_graph(store or settings().store)


def record_paths(paths) -> tuple[Path, ...]:
    """PATHS as given, else the settings' records, else ./seeds if it exists, else the current folder;
    missing paths are usage errors."""
    if not paths:
        paths = records_or_default(settings())
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="PATHS")
    return tuple(paths)
