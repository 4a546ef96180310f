"""Stores and exports: where a built graph is written (files, Oxigraph, Neo4j)."""
