"""Pieces every ``ccuskg`` sub-command shares: the store option, opening a store, usage failures.

Commands live in small modules (``cli.py`` for the core ones; one module per feature area) and are
registered on the group in ``cli.py``; they import what they share from here, not from each other.
"""

from __future__ import annotations

from pathlib import Path

import click

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


class LazyGroup(Group):
    """A group whose commands are imported when one is asked for: ``ccuskg validate`` then loads the
    validate command and what it needs, not every command's dependencies (rdflib, the exporters,
    the endpoint...), which cost about 0.3 s of start-up. ``lazy`` maps a name to a function
    returning the command; ``commands`` (the whole table) loads them all."""

    def __init__(self, *args, lazy: dict | None = None, **kwargs):
        self._lazy = dict(lazy or {})
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> dict:
        for name in list(self._lazy):
            self._load(name)
        return self._commands

    @commands.setter
    def commands(self, value: dict) -> None:
        self._commands = value

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        self._commands[name or cmd.name] = cmd

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._commands, *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy:
            self._load(cmd_name)
        return self._commands.get(cmd_name)

    def _load(self, name: str) -> None:
        self._commands[name] = self._lazy.pop(name)()


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


def open_store_or_fail(store: Path | None) -> "KnowledgeGraph":  # noqa: F821
    """The store's graph; a missing store raises ``StoreNotFound``, a usage error (exit 2)."""
    from ccuskg import api as _api

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
