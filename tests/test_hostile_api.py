"""The Python API used the wrong way round, as notebook users do: clear answers, no silent emptiness."""

from __future__ import annotations

import pytest

import ccuskg
from ccuskg.access.query import QueryError

from factory import FOUNDING_RECORD


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    return ccuskg.build([FOUNDING_RECORD], store=tmp_path_factory.mktemp("api") / "store")


def test_build_takes_a_single_path_given_as_a_string(tmp_path):
    kg = ccuskg.build(str(FOUNDING_RECORD), store=tmp_path / "store")
    assert kg.rows("SELECT ?id WHERE { ?p ccus:identifier ?id }") == [{"id": "cn-miit-industrial-plan-2022"}]


def test_rows_of_an_ask_query_are_refused_with_its_answer_not_an_empty_list(kg):
    with pytest.raises(QueryError, match="answered True"):
        kg.rows("ASK { ?p a ccus:Policy }")


def test_dataframe_of_a_construct_query_is_refused_not_an_empty_frame(kg):
    pytest.importorskip("pandas")
    with pytest.raises(QueryError, match="CONSTRUCT/DESCRIBE query gave 1 triples"):
        kg.dataframe("CONSTRUCT { ?p a ccus:Policy } WHERE { ?p a ccus:Policy }")


def test_query_still_gives_the_ask_answer_and_the_triples(kg):
    assert kg.query("ASK { ?p a ccus:Policy }").boolean is True
    assert len(kg.query("CONSTRUCT { ?p a ccus:Policy } WHERE { ?p a ccus:Policy }").triples) == 1
