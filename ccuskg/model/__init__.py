"""Stage 2, records -> triples: IRIs, vocabularies, the field mapping, compilation and its cache."""
