"""``ccuskg serve``: a read-only SPARQL 1.1 endpoint over the built store, for a team to share.

``request`` reads a request one way only, ``check`` refuses updates and SERVICE before anything
runs, ``pool`` runs queries in worker processes (``worker``) that have no network, ``handler`` is
the HTTP side, ``page`` the query page and /health, ``server`` ties them together and reloads after
a rebuild. The whole design is in docs/sparql-access.md.
"""

from ccuskg.access.endpoint.check import QueryRefused, check_query, normalise_query
from ccuskg.access.endpoint.pool import QueryStopped, ServeError
from ccuskg.access.endpoint.server import Endpoint, is_loopback

__all__ = ["Endpoint", "QueryRefused", "QueryStopped", "ServeError", "check_query", "is_loopback",
           "normalise_query"]
