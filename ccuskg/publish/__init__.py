"""Stage 4b, store -> files: serialisers, JSON-LD, per-resource files, the dataset description.

Importing the package registers the built-in export formats (``export`` registers them in the
``formats`` registry the way a third-party plugin does), so the registry is never read half-filled.
"""

from ccuskg.publish import export as _builtin_formats  # noqa: F401
from ccuskg.publish import geojson as _geojson  # noqa: F401  (registers the geojson format)
