"""Stage 4a, store/graph -> SHACL report: shapes, the fast engine, the pyshacl adapter, tracing."""
