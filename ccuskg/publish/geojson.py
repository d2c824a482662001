"""GeoJSON (RFC 7946) of the facilities: one Point feature per ``ccus:Facility`` with a location.

Map libraries (Leaflet, MapLibre, QGIS) open it as it is: coordinates are [longitude, latitude] in
WGS 84 (the CRS84 of the graph's WKT), and properties are read from the graph, not from the record
files, so the map shows what the graph holds. Features are sorted by facility id and keys are written
in a fixed order: the same store gives the same bytes.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pyoxigraph as ox

from ccuskg.core.namespaces import CCUS, GEO, SKOS
from ccuskg.publish.formats import ExportFormat, ExportOptions, register_format

_POINT = re.compile(r"POINT\s*\(\s*(\S+)\s+(\S+)\s*\)\s*$", re.IGNORECASE)
# property name -> the facility's property whose value it shows (concepts by their notation)
_VALUES = {
    "announcedCapacityMin": "announcedCapacityMin", "announcedCapacityMax": "announcedCapacityMax",
    "estimatedCapacity": "estimatedCapacity", "announcementYear": "announcementYear",
    "operationYear": "operationYear", "phase": "facilityPhase", "type": "facilityType", "sector": "facilitySector",
    "fateOfCarbon": "fateOfCarbon", "captureTechnology": "captureTechnology", "region": "region",
    "precision": "locationPrecision", "jurisdiction": "jurisdiction",
}


def facility_features(store: ox.Store) -> list[dict]:
    """Every located facility as a GeoJSON feature, sorted by id."""
    points: dict[str, tuple[str, list]] = {}
    for row in store.query(f"""SELECT ?f ?id ?wkt WHERE {{
            ?f a <{CCUS}Facility> ; <{CCUS}facilityIdentifier> ?id ; <{GEO}hasGeometry>/<{GEO}asWKT> ?wkt }}"""):
        point = _coordinates(row["wkt"].value)
        if point is not None:  # two language versions disagreeing: the smaller WKT, every time
            previous = points.get(row["f"].value)
            if previous is None or row["wkt"].value < previous[2]:
                points[row["f"].value] = (row["id"].value, point, row["wkt"].value)
    features = [_feature(store, iri, ident, point) for iri, (ident, point, _) in points.items()]
    return sorted(features, key=lambda f: f["id"])


def _feature(store: ox.Store, iri: str, ident: str, point: list) -> dict:
    properties: dict[str, object] = {"id": ident, "iri": iri}
    node = ox.NamedNode(iri)
    names = {q.object.language or "": q.object.value
             for q in store.quads_for_pattern(node, ox.NamedNode(CCUS + "facilityName"), None)}
    properties["name"] = names.get("en") or names.get("zh") or next(iter(sorted(names.values())), None)
    if "zh" in names:
        properties["name_zh"] = names["zh"]
    for key, local in _VALUES.items():
        values = sorted({_value(store, q.object) for q in store.quads_for_pattern(node, ox.NamedNode(CCUS + local), None)},
                        key=str)
        if values:
            properties[key] = values[0] if len(values) == 1 else values
    policies = sorted({q.object.value.rsplit("/", 1)[-1]
                       for q in store.quads_for_pattern(node, ox.NamedNode(CCUS + "relatedPolicy"), None)})
    properties["relatedPolicies"] = policies
    return {"type": "Feature", "id": ident, "geometry": {"type": "Point", "coordinates": point},
            "properties": properties}


def _value(store: ox.Store, term):
    """A literal as a JSON number or string; a concept as its skos:notation (else its IRI's last part)."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype == "integer":
            return int(term.value)
        if datatype == "decimal":
            number = Decimal(term.value)
            return int(number) if number == number.to_integral_value() else float(number)
        return term.value
    notations = sorted(q.object.value for q in store.quads_for_pattern(term, ox.NamedNode(SKOS + "notation"), None))
    return notations[0] if notations else term.value.rsplit("/", 1)[-1]


def _coordinates(wkt: str) -> list | None:
    match = _POINT.search(wkt)
    if not match:
        return None
    lon, lat = (float(Decimal(part)) for part in match.groups())
    return [lon, lat]


def write_geojson(store: ox.Store, options: ExportOptions) -> bytes:
    collection = {"type": "FeatureCollection", "features": facility_features(store)}
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


register_format(ExportFormat("geojson", (".geojson",), "application/geo+json", write_geojson, label="GeoJSON"))
