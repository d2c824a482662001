"""Stage 4c, store -> answers: SPARQL queries, named queries, remote endpoints, serve, push."""
