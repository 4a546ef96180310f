"""The graphkit ontology, SKOS schemes, SHACL shapes and JSON-LD context.

Files shipped here (read them with :func:`text`, never from the network):

``graphkit.ttl``  the ontology (``gk:`` terms, aligned to FOAF, schema.org, REL, ORG, PROV-O, OA, SKOS, DISCO)
``schemes.ttl``   SKOS concept schemes of the closed value lists, mapped to official codes
``shapes.ttl``    SHACL shapes every build is validated against
``context.jsonld`` the JSON-LD 1.1 context embedded in ``graph.jsonld``
"""

from __future__ import annotations

from importlib import resources

ONTOLOGY_IRI = "https://w3id.org/graphkit/ontology"
SCHEMES_IRI = "https://w3id.org/graphkit/scheme"
SHAPES_IRI = "https://w3id.org/graphkit/shapes"
FILES = ("graphkit.ttl", "schemes.ttl", "shapes.ttl", "context.jsonld")


def text(name: str) -> str:
    """The text of one shipped file (``graphkit.ttl``, ``schemes.ttl``, ``shapes.ttl``, ``context.jsonld``)."""
    if name not in FILES:
        raise ValueError(f"no such ontology file: {name!r} (one of {', '.join(FILES)})")
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
