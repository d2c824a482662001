"""Invalid SPARQL is reported as one line a person can act on: where, what was found there and what
was expected, in words; the same line from the CLI, the API and the magic."""

import pytest

from ccuskg.access.query import QueryError
from ccuskg.access.syntax import describe_syntax_error
from ccuskg.core.errors import UserError


def error_of(kg, sparql: str) -> str:
    with pytest.raises(QueryError) as caught:
        kg.rows(sparql)
    message = str(caught.value)
    assert "\n" not in message and "\\u{" not in message and "[_]" not in message
    return message


def test_a_misspelled_query_form_names_the_word_and_the_forms(seeds_graph):
    message = error_of(seeds_graph, "SELEC ?x WHERE { ?x ?p ?o }")
    assert message.startswith("invalid SPARQL at line 1, column 1: found 'SELEC'")
    assert "SELECT, ASK, CONSTRUCT or DESCRIBE" in message and "did you mean SELECT?" in message


def test_an_undeclared_prefix_is_named_with_the_declared_ones(seeds_graph):
    message = error_of(seeds_graph, "SELECT ?id WHERE {\n  ?p foo:identifier ?id }")
    assert "line 2, column 6" in message and "the prefix 'foo:' of foo:identifier is not declared" in message
    assert "ccus, " in message and "dcterms" in message and "Prefix not found" not in message


def test_a_prefix_declared_in_the_query_counts_as_declared(seeds_graph):
    message = error_of(seeds_graph, "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p ?o . ex: }")
    assert "is not declared" not in message


def test_a_misspelled_keyword_is_found_and_corrected(seeds_graph):
    message = error_of(seeds_graph, "SELECT ?x WHERE { ?x ?p ?o } LIMT 3")
    assert "column 30: found 'LIMT', which is not a SPARQL keyword" in message and "did you mean LIMIT?" in message


def test_a_missing_closing_brace_says_what_could_come_next(seeds_graph):
    message = error_of(seeds_graph, "SELECT ?x WHERE { ?x ccus:identifier ?o")
    assert "found the end of the query" in message and "'}'" in message and "'.'" in message


def test_an_unclosed_string_is_pointed_at(seeds_graph):
    message = error_of(seeds_graph, 'SELECT ?x WHERE { ?x ?p "abc }')
    assert message == 'invalid SPARQL at line 1, column 25: a string is not closed (expected a closing ")'


def test_an_incomplete_expression_asks_for_an_expression(seeds_graph):
    message = error_of(seeds_graph, "SELECT ?x WHERE { ?x ?p ?o FILTER(?o > ) }")
    assert "an expression" in message and "ABS" not in message


def test_a_missing_by_after_order_is_asked_for(seeds_graph):
    assert error_of(seeds_graph, "SELECT ?x WHERE { ?x ?p ?o } ORDER ?x").endswith("expected BY")


def test_the_wording_is_a_plain_function_for_other_front_ends():
    import pyoxigraph as ox

    sparql = "SELECT ?x WHERE { ?x bar:p ?o }"
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(sparql)
    assert "the prefix 'bar:'" in describe_syntax_error(sparql, caught.value)


def test_the_cli_prints_the_same_line(cli, seeds_graph):
    result = cli("query", "--store", seeds_graph.path, "SELEC ?x WHERE { ?x ?p ?o }")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: " + error_of(seeds_graph, "SELEC ?x WHERE { ?x ?p ?o }")


def test_the_magic_shows_the_same_line(seeds_graph):
    from ccuskg.magics import run_cell

    with pytest.raises(QueryError) as caught:
        run_cell(f"--store {seeds_graph.path}", "SELEC ?x WHERE { ?x ?p ?o }")
    assert str(caught.value) == error_of(seeds_graph, "SELEC ?x WHERE { ?x ?p ?o }")


def test_a_missing_parameter_in_python_speaks_of_parameters_not_flags(seeds_graph):
    with pytest.raises(UserError) as caught:
        seeds_graph.named("supersession-chain")
    assert str(caught.value) == "query 'supersession-chain' needs a value for its parameter 'id'"


def test_a_missing_parameter_on_the_command_line_names_the_flag(cli, seeds_graph):
    result = cli("query", "--store", seeds_graph.path, "--name", "supersession-chain")
    assert result.exit_code == 2 and "needs --param id=VALUE" in result.stderr
