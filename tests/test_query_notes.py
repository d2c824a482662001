"""Notes about a query that never change its answer: the term check (a term our ontology does not
define gets the closest defined ones; a standard term the data never uses is noted) and the
explanation of an empty answer (the first triple pattern, or the parameter, that matched nothing)."""

import warnings

import pytest

import ccuskg
from ccuskg.access.graph import QueryWarning
from factory import ROOT


def notes_of(kg, sparql: str, **params) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QueryWarning)
        return kg.query(sparql, **params).notes


def test_a_misspelled_term_gets_the_closest_defined_term(seeds_graph):
    notes = notes_of(seeds_graph, "SELECT ?id WHERE { ?p ccus:identifer ?id }")
    assert any(n.startswith("warning: ccus:identifer is not defined in the ontology; did you mean ccus:identifier")
               for n in notes)


def test_a_term_in_the_wrong_case_is_matched_ignoring_case(seeds_graph):
    notes = notes_of(seeds_graph, "SELECT ?p WHERE { ?p a ccus:policy }")
    assert any("did you mean ccus:Policy?" in n for n in notes)


def test_a_misspelled_vocabulary_concept_written_as_a_full_iri_is_checked(seeds_graph):
    notes = notes_of(seeds_graph, "SELECT ?p WHERE { ?p ccus:status <https://w3id.org/ccuskg/vocab/status/activ> }")
    assert any("vocab/status/activ> is not defined" in n and "did you mean status:active?" in n for n in notes)


def test_a_standard_term_the_data_never_uses_gets_a_note(seeds_graph):
    notes = notes_of(seeds_graph, "SELECT ?a WHERE { ?p dcterms:abstract ?a }")
    assert any(n.startswith("note: dcterms:abstract is a standard term this data never uses") for n in notes)


def test_without_standard_terms_the_note_names_our_refinement(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ccuskg.toml").write_text("entailment = false\n", encoding="utf-8")
    kg = ccuskg.build(ROOT / "seeds", store=tmp_path / "store")
    notes = notes_of(kg, "SELECT ?id WHERE { ?p dcterms:identifier ?id }")
    assert any(n.startswith("note: dcterms:identifier is a standard term this data never uses")
               and "ccus:identifier" in n for n in notes)


def test_the_shipped_queries_pass_the_term_check(seeds_graph):
    from ccuskg.access import named_queries

    for named in named_queries.all_queries():
        assert [n for n in seeds_graph.notes(named.text) if "not defined" in n or "never uses" in n] == []


def test_notes_never_change_the_answer(seeds_graph):
    sparql = "SELECT ?id WHERE { ?p ccus:identifier ?id ; ccus:identifer ?x }"
    checked = seeds_graph.checked(sparql)
    seeds_graph.check = False
    try:
        unchecked = seeds_graph.checked(sparql)
    finally:
        seeds_graph.check = True
    assert checked.rows == unchecked.rows and checked.notes and unchecked.notes == []


def test_python_issues_the_notes_as_query_warnings(seeds_graph):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert seeds_graph.rows("SELECT ?id WHERE { ?p ccus:identifer ?id }") == []
    assert [w.category for w in caught] == [QueryWarning, QueryWarning]
    assert "did you mean ccus:identifier" in str(caught[0].message)


def test_an_empty_answer_names_the_first_pattern_that_matches_nothing(seeds_graph):
    notes = notes_of(seeds_graph, "SELECT ?id WHERE {\n  ?p a ccus:Policy ;\n     ccus:identifer ?id }")
    assert "note: no rows: the pattern `?p ccus:identifer ?id` (line 3) matches nothing" in notes


def test_an_empty_answer_names_a_pattern_that_matches_only_on_its_own(seeds_graph):
    notes = notes_of(seeds_graph, "SELECT ?id WHERE { ?p ccus:identifier ?id . ?a ccus:score ?id }")
    assert any("`?a ccus:score ?id`" in n and "together with the patterns before it" in n for n in notes)


def test_an_empty_answer_whose_patterns_all_match_blames_the_filters(seeds_graph):
    notes = notes_of(seeds_graph, "SELECT ?id WHERE { ?p ccus:identifier ?id FILTER(?id = 'none') }")
    assert any("every triple pattern of the main group matches" in n for n in notes)


def test_a_named_query_parameter_that_matches_nothing_is_named_with_close_values(seeds_graph):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QueryWarning)
        notes = seeds_graph.named_result("supersession-chain", id="us-45q-20088").notes
    assert notes == ["note: no rows: the parameter id='us-45q-20088' matches no value in the data; "
                     "did you mean 'us-45q-2008' or 'us-iija-2021'?"]


def test_an_answer_with_rows_is_not_explained(seeds_graph):
    assert notes_of(seeds_graph, "SELECT ?id WHERE { ?p ccus:identifier ?id } LIMIT 1") == []


def test_the_cli_prints_notes_on_stderr_and_keeps_stdout_the_answer(cli, seeds_graph):
    result = cli("query", "--store", seeds_graph.path, "SELECT ?id WHERE { ?p ccus:identifer ?id }")
    assert result.exit_code == 0 and result.stdout == "id\n--\n(0 rows)\n"
    assert "did you mean ccus:identifier" in result.stderr and "matches nothing" in result.stderr


def test_the_cli_explains_a_named_query_parameter_that_matches_nothing(cli, seeds_graph):
    result = cli("query", "--store", seeds_graph.path, "--name", "supersession-chain", "--param", "id=does-not-exist")
    assert result.exit_code == 0
    assert "note: no rows: the parameter id='does-not-exist' matches no value in the data" in result.stderr


def test_the_cli_explains_empty_answers_in_every_select_format(cli, seeds_graph):
    for fmt in ("csv", "tsv", "json", "xml"):
        result = cli("query", "--store", seeds_graph.path, "--format", fmt, "SELECT ?id WHERE { ?p ccus:nothing ?id }")
        assert "matches nothing" in result.stderr, fmt


def test_no_check_turns_the_notes_off(cli, seeds_graph):
    result = cli("query", "--store", seeds_graph.path, "--no-check", "SELECT ?id WHERE { ?p ccus:identifer ?id }")
    assert result.exit_code == 0 and result.stderr == ""


def test_the_magic_prints_the_notes_under_the_table(shell, seeds_graph, capsys):
    pytest.importorskip("pandas")
    shell.run_cell(f"%%sparql --store {seeds_graph.path}\nSELECT ?id WHERE {{ ?p ccus:identifer ?id }}")
    out = capsys.readouterr().out
    assert "Empty DataFrame" in out and "did you mean ccus:identifier" in out
    assert out.index("Empty DataFrame") < out.index("did you mean")


def test_the_magic_takes_no_check(shell, seeds_graph, capsys):
    pytest.importorskip("pandas")
    shell.run_cell(f"%%sparql --store {seeds_graph.path} --no-check\nSELECT ?id WHERE {{ ?p ccus:identifer ?id }}")
    assert "did you mean" not in capsys.readouterr().out


def test_an_escaped_local_name_is_checked_by_its_value(seeds_graph):
    notes = notes_of(seeds_graph, r"SELECT ?x WHERE { ?x ccus:identif\.er ?o }")
    assert any("ccus:identif\\.er is not defined" in n and "ccus:identifier" in n for n in notes)


def test_a_foreign_endpoint_without_our_ontology_gets_no_warnings_about_our_terms(tmp_path):
    import pyoxigraph as ox

    from ccuskg.access.graph import ReadableGraph

    class Bare(ReadableGraph):
        store = ox.Store()

        def raw(self, sparql, substitutions=None):
            return self.store.query(sparql, prefixes=self._prefixes(), substitutions=substitutions)

    assert not [n for n in notes_of(Bare(), "SELECT ?x WHERE { ?x ccus:identifer ?o }") if "not defined" in n]


def test_the_search_for_the_failing_pattern_is_bounded_in_time(seeds_graph):
    import threading

    from ccuskg.access.emptiness import explain_empty

    release = threading.Event()

    def slow_raw(sparql, substitutions=None):  # the real store, answering only once released
        release.wait()
        return seeds_graph.raw(sparql, substitutions)

    try:
        notes = explain_empty(slow_raw, "SELECT ?id WHERE { ?p ccus:identifer ?id }", budget=0.05)
    finally:
        release.set()
    assert len(notes) == 1 and "looking for the pattern that matches nothing stopped after" in notes[0]
