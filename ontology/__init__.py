"""The graphkit ontology, SKOS schemes, SHACL shapes and JSON-LD context."""
