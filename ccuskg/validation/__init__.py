"""Stage 4a, store/graph -> SHACL report: shapes, the fast engine, the pyshacl adapter, tracing.

Importing the package registers the built-in constraint components (``engine`` registers its compilers
in the ``components`` registry the way a third party would), so "supported" is never read half-filled.
"""

from ccuskg.validation import engine as _builtin_components  # noqa: F401
