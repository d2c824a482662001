"""`export -f geojson`: the facilities as RFC 7946 points, with the same facts as the graph."""

import json
from pathlib import Path

import jsonschema

from geo_checks import in_box

SCHEMA = json.loads((Path(__file__).parent / "data" / "geojson-points.schema.json").read_text(encoding="utf-8"))


def geojson(kg):
    return json.loads(kg.export("geojson"))


def graph_points(kg):
    """facility id -> (lon, lat) read from the graph's WKT."""
    rows = kg.rows("""SELECT ?id ?wkt WHERE { ?f a ccus:Facility ; ccus:facilityIdentifier ?id ;
                                                  geo:hasGeometry/geo:asWKT ?wkt }""")
    points = {}
    for row in rows:
        lon, lat = row["wkt"].split("POINT(", 1)[1].rstrip(")").split()
        points[row["id"]] = (float(lon), float(lat))
    return points


def test_the_export_is_valid_rfc_7946_geojson(seeds_graph):
    jsonschema.validate(geojson(seeds_graph), SCHEMA)


def test_the_export_has_the_graphs_facilities_with_their_coordinates(seeds_graph):
    features = geojson(seeds_graph)["features"]
    exported = {f["id"]: tuple(f["geometry"]["coordinates"]) for f in features}
    assert exported == graph_points(seeds_graph)
    assert len(features) >= 10


def test_positions_are_longitude_then_latitude(seeds_graph):
    sleipner = next(f for f in geojson(seeds_graph)["features"] if f["id"] == "no-sleipner")
    lon, lat = sleipner["geometry"]["coordinates"]
    assert in_box("NO", lon, lat) and (lon, lat) == (1.91, 58.37)


def test_properties_come_from_the_graph(seeds_graph):
    porthos = next(f for f in geojson(seeds_graph)["features"] if f["id"] == "nl-porthos")["properties"]
    assert porthos["phase"] == "under-construction" and porthos["jurisdiction"] == "NL"
    assert porthos["announcedCapacityMax"] == 2.5
    assert porthos["relatedPolicies"] == ["eu-ccs-directive-2009", "nl-mining-act-ccs-amendment-2011"]
    assert porthos["name_zh"] == "Porthos 项目"


def test_the_export_is_byte_identical_each_time(seeds_graph):
    assert seeds_graph.export("geojson") == seeds_graph.export("geojson")


def test_a_geojson_file_suffix_chooses_the_format(seeds_graph, tmp_path):
    path = seeds_graph.export(output=tmp_path / "facilities.geojson", describe=False)
    assert json.loads(Path(path).read_text(encoding="utf-8"))["type"] == "FeatureCollection"
