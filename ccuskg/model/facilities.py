"""A facility record → a ``ccus:Facility`` with its capacities, years, controlled values, location and links.

The corpus writes ``coordinates`` as [latitude, longitude] (checked against known sites: Sleipner and
Quest fall in Norway and Canada only that way round); GeoSPARQL and GeoJSON want longitude first, so the
point is written ``POINT(lon lat)`` in CRS84, with ``schema:geo`` beside it for schema.org readers.
``relatedPolicies`` ids are kept as written (``ccus:relatedPolicyId``); those naming a policy of the
build are also linked (``ccus:relatedPolicy``), the others are reported as dangling.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ccuskg.core.diagnostics import ERROR, WARNING
from ccuskg.core.namespaces import CCUS, SCHEMA, XSD, VOCAB
from ccuskg.model.iris import is_safe_id
from ccuskg.model.kinds import _TYPE, KindMapping

GEO = "http://www.opengis.net/ont/geosparql#"
SF = "http://www.opengis.net/ont/sf#"
UNIT = VOCAB + "unit/Mt-CO2-per-year"
_DECIMAL = ox.NamedNode(XSD + "decimal")
_WKT = ox.NamedNode(GEO + "wktLiteral")
_CAPACITIES = ("announcedCapacityMin", "announcedCapacityMax", "estimatedCapacity")
_SPECIAL = {"lang", "coordinates", "relatedPolicies"}


class FacilityMapping(KindMapping):
    kind = "facility"
    record_class = "FacilityRecord"

    def __init__(self, mapper, record, policies: set[str] | None = None):
        super().__init__(mapper, record, mapper.mint.facility(record.id))
        self.policies = policies

    def run(self):
        data = self.record.data
        self.add(self.subject, _TYPE, self.m.node(CCUS + "Facility"))
        self.provenance()
        for key, value in data.items():
            if key not in _SPECIAL:
                self.place(key, value)
        if any(_number(data.get(key)) is not None for key in _CAPACITIES):
            self.add(self.subject, CCUS + "capacityUnit", self.m.node(UNIT))
        self.location(data.get("coordinates"))
        self.related(data.get("relatedPolicies"))
        if self.record.body:
            self.add(self.subject, SCHEMA + "description", self.text(self.record.body))
        return self.finish()

    def value(self, path, spec, item):
        if spec.range == XSD + "decimal":
            number = _number(item)
            if number is None:
                self.report(path, ERROR, f"expected a number, found {item!r}", item, code="invalid-value")
                return ox.Literal(str(item))
            return ox.Literal(number, datatype=_DECIMAL)
        return self.convert(path, spec, item)

    def location(self, coordinates) -> None:
        """[lat, lon] → a CRS84 WKT point (lon lat) and schema:GeoCoordinates; out-of-range values are
        kept for the shapes to report."""
        if coordinates in (None, "", []):
            return
        pair = [_number(c) for c in coordinates] if isinstance(coordinates, list) else []
        if len(pair) != 2 or None in pair:
            self.report("coordinates", ERROR, "expected coordinates as [latitude, longitude] numbers",
                        repr(coordinates), code="invalid-value")
            return
        lat, lon = pair
        facility = self.subject.value
        geometry, geo = ox.NamedNode(facility + "/geometry"), ox.NamedNode(facility + "/geo")
        self.add(self.subject, GEO + "hasGeometry", geometry)
        self.add(geometry, _TYPE, self.m.node(SF + "Point"))
        # no CRS IRI in the literal: GeoSPARQL's default is CRS84 (lon lat), and Virtuoso 7 refuses
        # a WKT literal that names its CRS (the push fails with HTTP 500)
        self.add(geometry, GEO + "asWKT", ox.Literal(f"POINT({lon} {lat})", datatype=_WKT))
        self.add(self.subject, SCHEMA + "geo", geo)
        self.add(geo, _TYPE, self.m.node(SCHEMA + "GeoCoordinates"))
        self.add(geo, SCHEMA + "latitude", ox.Literal(lat, datatype=_DECIMAL))
        self.add(geo, SCHEMA + "longitude", ox.Literal(lon, datatype=_DECIMAL))

    def related(self, ids) -> None:
        if ids in (None, "", []):
            return
        for index, policy_id in enumerate(ids if isinstance(ids, list) else [ids]):
            path = f"relatedPolicies[{index}]" if isinstance(ids, list) else "relatedPolicies"
            if not isinstance(policy_id, str) or not policy_id.strip():
                if policy_id not in (None, ""):
                    self.unplaced.append((path, policy_id))
                continue
            policy_id = policy_id.strip()
            self.add(self.subject, CCUS + "relatedPolicyId", ox.Literal(policy_id))
            if not is_safe_id(policy_id):
                self.report(path, WARNING, f"policy id {policy_id!r} is not a safe id; kept as text",
                            policy_id, code="dangling-policy")
            elif self.policies is None or policy_id in self.policies:
                self.add(self.subject, CCUS + "relatedPolicy", ox.NamedNode(self.m.mint.policy(policy_id)))
            else:
                self.report(path, WARNING, f"policy id {policy_id!r} matches no policy record; kept as text",
                            policy_id, code="dangling-policy")


def _number(value) -> str | None:
    """A JSON number or numeric string as xsd:decimal text ("0.7", "3"), else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
