"""Stage 4b, store -> files: serialisers, JSON-LD, per-resource files, the dataset description."""
