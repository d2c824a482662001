"""One error model: every ccuskg failure is a CcuskgError, and the CLI turns UserError into a usage error."""

from __future__ import annotations

import importlib
import pkgutil

import click
import pytest
from click.testing import CliRunner

import ccuskg
from ccuskg.cli.support import Group
from ccuskg.core.errors import CcuskgError, UserError

from factory import FOUNDING_RECORD


def _exception_classes() -> list[type]:
    """Every exception class defined in a ccuskg module (warnings and click's own exceptions aside)."""
    found = {}
    for info in pkgutil.walk_packages(ccuskg.__path__, "ccuskg."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == info.name
                    and not issubclass(value, (Warning, click.ClickException))):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


EXCEPTIONS = _exception_classes()


def test_the_walk_finds_the_known_exception_classes():
    names = {cls.__name__ for cls in EXCEPTIONS}
    assert {"StoreNotFound", "QueryError", "BaseIRIError", "UnsupportedShapes", "ServeError"} <= names


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda cls: cls.__name__)
def test_every_ccuskg_exception_class_is_a_ccuskg_error(cls):
    assert issubclass(cls, CcuskgError)


@pytest.mark.parametrize("name, old_base", [
    ("ccuskg.store.StoreNotFound", FileNotFoundError),
    ("ccuskg.store.StorePathError", ValueError),
    ("ccuskg.access.query.QueryError", ValueError),
    ("ccuskg.access.serve.ServeError", RuntimeError),
    ("ccuskg.model.iris.BaseIRIError", ValueError),
    ("ccuskg.magics.MagicError", ValueError),
])
def test_exceptions_keep_their_standard_base_so_older_handlers_still_catch_them(name, old_base):
    module, _, cls = name.rpartition(".")
    assert issubclass(getattr(importlib.import_module(module), cls), old_base)


def test_the_error_roots_are_importable_from_the_package():
    assert (ccuskg.CcuskgError, ccuskg.UserError) == (CcuskgError, UserError)


def test_a_missing_store_from_the_api_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="ccuskg build"):
        ccuskg.open_graph(tmp_path / "none")


def test_invalid_sparql_from_the_api_is_a_user_error(seeds_graph):
    with pytest.raises(UserError):
        seeds_graph.query("SELEC ?x")


def test_a_bad_base_iri_from_the_api_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        ccuskg.build([FOUNDING_RECORD], store=tmp_path / "store", base="not an iri")


def _group_raising(error: Exception) -> click.Group:
    group = Group()

    @group.command()
    def boom():
        raise error

    return group


def test_a_user_error_raised_in_a_command_is_a_one_line_usage_error_with_exit_2():
    result = CliRunner().invoke(_group_raising(UserError("the store is a file")), ["boom"])
    assert result.exit_code == 2
    assert result.stderr == "Error: the store is a file\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_user_error_subclass_is_translated_too():
    from ccuskg.store import StorePathError

    result = CliRunner().invoke(_group_raising(StorePathError("not a store")), ["boom"])
    assert (result.exit_code, result.stderr) == (2, "Error: not a store\n")


def test_an_internal_ccuskg_error_is_not_disguised_as_a_usage_error():
    result = CliRunner().invoke(_group_raising(CcuskgError("bug")), ["boom"])
    assert result.exit_code == 1
    assert isinstance(result.exception, CcuskgError)


def test_the_ccuskg_command_uses_the_translating_group():
    from ccuskg.cli import main

    assert isinstance(main, Group)


def test_a_missing_store_on_the_command_line_prints_exactly_one_error_line(tmp_path, cli):
    result = cli("stats", "--store", tmp_path / "none")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: ") and "ccuskg build" in result.stderr


@pytest.mark.parametrize("args, code, stream, expected", [
    (["--help"], 0, "stdout", ["Build, check, query and export"]),
    (["query", "--format", "bogus", "SELECT * {}"], 2, "stderr", ["Invalid value for '--format'", "Usage:"]),
], ids=["help", "click-usage-error"])
def test_help_and_clicks_own_usage_errors_are_unaffected_by_the_translation(cli, args, code, stream, expected):
    result = cli(*args)
    assert result.exit_code == code
    assert all(text in getattr(result, stream) for text in expected)
