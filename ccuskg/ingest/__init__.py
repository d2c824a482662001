"""Stage 1, record files -> records: discovery, front-matter readers, record parsing."""
