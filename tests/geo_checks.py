"""Rough country bounding boxes (lon/lat, degrees, our own approximations) to check that a facility's point
falls in the right country, and the point of a mapped facility read back from its WKT."""

from __future__ import annotations

# country -> (min lon, min lat, max lon, max lat); mainland boxes, generous by a degree or so
BOXES = {
    "AU": (112.0, -44.5, 154.5, -9.0),
    "CA": (-141.5, 41.5, -52.0, 83.5),
    "JP": (122.5, 24.0, 146.5, 46.0),
    "NL": (3.0, 50.7, 7.3, 53.7),
    "NO": (1.0, 57.5, 31.5, 71.5),  # the North Sea shelf included
    "US": (-125.0, 24.0, -66.5, 49.5),
}

# facilities of the public corpus named like these -> the country they are in
KNOWN_SITES = {
    "Gorgon CCS": "AU",
    "Illinois Industrial Carbon Capture": "US",
    "Tomakomai area CCS": "JP",
    "Porthos onshore transport": "NL",
}


def in_box(country: str, lon: float, lat: float) -> bool:
    west, south, east, north = BOXES[country]
    return west <= lon <= east and south <= lat <= north


def point_of(quads) -> tuple[float, float]:
    """(lon, lat) of the first geo:asWKT point among ``quads``."""
    for q in quads:
        if q.predicate.value.endswith("#asWKT"):
            lon, lat = q.object.value.split("POINT(", 1)[1].rstrip(")").split()
            return float(lon), float(lat)
    raise AssertionError("no geo:asWKT point")
