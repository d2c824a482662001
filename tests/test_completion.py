"""Shell completion through click's completion API: commands, options, named-query names and their
parameters (``eval "$(_CCUSKG_COMPLETE=bash_source ccuskg)"``, see docs/sparql-access.md)."""

from click.shell_completion import ShellComplete

from ccuskg.access import named_queries
from ccuskg.cli import main


def complete(args: list[str], incomplete: str) -> list[str]:
    return [item.value for item in ShellComplete(main, {}, "ccuskg", "_CCUSKG_COMPLETE").get_completions(args, incomplete)]


def test_command_names_complete():
    assert {"query", "queries"} <= set(complete([], "que"))


def test_options_of_query_complete():
    assert {"--name", "--no-check"} <= set(complete(["query"], "--n"))
    assert "--max-width" in complete(["query"], "--max")


def test_named_query_names_complete():
    assert complete(["query", "--name"], "super") == ["supersession-chain"]
    assert set(complete(["query", "--name"], "")) == {q.name for q in named_queries.all_queries()}


def test_parameters_of_the_named_query_complete():
    assert complete(["query", "--name", "supersession-chain", "--param"], "") == ["id="]


def test_a_query_without_parameters_completes_none():
    assert complete(["query", "--name", "score-matrix", "--param"], "") == []


def test_the_bash_script_is_generated():
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [], prog_name="ccuskg", env={"_CCUSKG_COMPLETE": "bash_source"})
    assert "_ccuskg_completion" in result.stdout and "complete " in result.stdout
