"""Query parameters on the local store go into a leading VALUES block (pyoxigraph's own
substitutions join after evaluating the pattern, so a lookup by id scanned every policy); the
answers must be those of pre-bound variables."""

import pytest

from ccuskg.access.binding import bind_inline, has_subquery
from ccuskg.access.query import QueryError

ONE = "cn-miit-industrial-plan-2022"


def test_a_parameter_is_bound_first_inside_the_where_group():
    import pyoxigraph as ox
    text = bind_inline("SELECT ?t WHERE { ?p ccus:identifier ?id ; ccus:title ?t }", {ox.Variable("id"): ox.Literal("x")})
    assert text.index("VALUES (?id)") < text.index("?p ccus:identifier")


def test_a_nested_select_is_seen_but_not_the_word_in_a_string_or_comment():
    assert has_subquery("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }")
    assert not has_subquery('SELECT * WHERE { ?s ?p "select" } # select')


def test_a_bound_parameter_gives_the_rows_of_the_same_value_written_in_the_query(seeds_graph):
    query = "SELECT ?title WHERE { ?p ccus:identifier ?id ; ccus:title ?title } ORDER BY ?title"
    written = seeds_graph.rows(query.replace("?id", f'"{ONE}"'))
    assert seeds_graph.rows(query, id=ONE) == written and len(written) == 2


def test_a_parameter_a_subquery_projects_narrows_it_as_a_filter_would(seeds_graph):
    query = ("SELECT ?id ?n WHERE { { SELECT ?id (COUNT(*) AS ?n) WHERE { ?p ccus:identifier ?id ; "
             "ccus:hasAssessment ?a } GROUP BY ?id } }")
    everyone = seeds_graph.rows(query)
    assert seeds_graph.rows(query, id=ONE) == [r for r in everyone if r["id"] == ONE] and len(everyone) > 1


def test_quotes_braces_and_newlines_in_a_value_are_bound_as_one_literal(seeds_graph):
    hostile = 'x" } } DELETE WHERE { ?s ?p ?o } #\n'
    assert seeds_graph.rows("SELECT ?v WHERE { BIND(?id AS ?v) }", id=hostile) == [{"v": hostile}]


def test_a_syntax_error_is_reported_at_the_line_the_user_wrote(seeds_graph):
    broken = "SELECT ?t WHERE {\n  ?p ccus:identifier ?id .\n  ?p ccus:title ?t ?? \n}"
    with pytest.raises(QueryError) as unbound:
        seeds_graph.rows(broken)
    with pytest.raises(QueryError) as bound:
        seeds_graph.rows(broken, id=ONE)
    assert str(bound.value) == str(unbound.value) and "line 4" in str(bound.value)
