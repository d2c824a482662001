"""Stage 4a, store/graph -> SHACL report: shapes, the fast engine, the pyshacl adapter, tracing.

Importing the package registers the built-in constraint components (``core_components`` and
``sparql_components`` register their compilers in the ``components`` registry the way a third party
would), so "supported" is never read half-filled.
"""

from ccuskg.validation import engine as _engine  # noqa: F401
from ccuskg.validation import core_components as _core, sparql_components as _sparql  # noqa: F401
