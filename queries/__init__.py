"""SPARQL and Cypher files for the standard questions."""
