"""Results for reading: table cells cut at --max-width (or never, --wide), decimals rounded in tables
only, -o FILE in the format its suffix names, decimal DataFrame columns as Float64."""

import json
from decimal import Decimal

import pytest

AVERAGE = ("SELECT ?j (AVG(?s) AS ?avg) WHERE { ?p ccus:jurisdiction ?j ; ccus:hasAssessment/ccus:score ?s } "
           "GROUP BY ?j ORDER BY ?j")
LONG_TITLE = "SELECT ?t WHERE { ?p ccus:title ?t FILTER(STRLEN(?t) > 100) } ORDER BY ?t LIMIT 1"


def test_table_cells_are_cut_at_80_characters_by_default(cli, seeds_graph):
    cell = cli("query", "--store", seeds_graph.path, LONG_TITLE).stdout.splitlines()[2]
    assert len(cell) == 80 and cell.endswith("…")


def test_max_width_sets_where_cells_are_cut(cli, seeds_graph):
    cell = cli("query", "--store", seeds_graph.path, "--max-width", "30", LONG_TITLE).stdout.splitlines()[2]
    assert len(cell) == 30 and cell.endswith("…")


def test_wide_shows_cells_whole(cli, seeds_graph):
    title = seeds_graph.rows(LONG_TITLE)[0]["t"]
    assert cli("query", "--store", seeds_graph.path, "--wide", LONG_TITLE).stdout.splitlines()[2] == title


def test_decimals_are_rounded_in_tables_only(cli, seeds_graph):
    exact = [r["avg"] for r in seeds_graph.rows(AVERAGE)]
    long = next(v for v in exact if len(str(v)) > 10)
    table = cli("query", "--store", seeds_graph.path, AVERAGE).stdout
    csv = cli("query", "--store", seeds_graph.path, "--format", "csv", AVERAGE).stdout
    assert str(long) not in table and str(round(long, 4)) in table
    assert str(long) in csv


def test_python_rows_keep_exact_decimals_and_dataframes_use_float64(seeds_graph):
    pytest.importorskip("pandas")
    assert all(isinstance(r["avg"], Decimal) for r in seeds_graph.rows(AVERAGE))
    assert str(seeds_graph.dataframe(AVERAGE)["avg"].dtype) == "Float64"


@pytest.mark.parametrize("suffix, check", [
    (".csv", lambda text: text.startswith("id\r\n")),
    (".tsv", lambda text: text.startswith("?id\n")),
    (".json", lambda text: json.loads(text)["head"]["vars"] == ["id"]),
    (".xml", lambda text: "<sparql" in text),
    (".txt", lambda text: text.startswith("id\n--")),
])
def test_output_file_takes_the_format_of_its_suffix(cli, seeds_graph, tmp_path, suffix, check):
    target = tmp_path / f"answer{suffix}"
    result = cli("query", "--store", seeds_graph.path, "-o", target, "SELECT ?id WHERE { ?p ccus:identifier ?id }")
    assert result.exit_code == 0 and result.stdout == ""
    assert check(target.read_bytes().decode("utf-8"))


def test_output_file_for_a_graph_result_takes_an_rdf_suffix(cli, seeds_graph, tmp_path):
    target = tmp_path / "graph.nt"
    cli("query", "--store", seeds_graph.path, "-o", target, "CONSTRUCT { ?p ccus:identifier ?id } WHERE { ?p ccus:identifier ?id }")
    assert target.read_text(encoding="utf-8").count(" .\n") == 58


def test_format_wins_over_the_suffix(cli, seeds_graph, tmp_path):
    target = tmp_path / "answer.txt"
    cli("query", "--store", seeds_graph.path, "-o", target, "--format", "csv", "SELECT ?id WHERE { ?p ccus:identifier ?id }")
    assert target.read_bytes().startswith(b"id\r\n")


def test_an_unknown_suffix_is_a_usage_error(cli, seeds_graph, tmp_path):
    result = cli("query", "--store", seeds_graph.path, "-o", tmp_path / "answer.foo", "ASK {}")
    assert result.exit_code == 2 and "cannot tell the format from" in result.stderr
    assert not (tmp_path / "answer.foo").exists()
