"""Each kind of thing is counted the same in every store: the RDF class counts equal the Neo4j label counts
(a real Neo4j), and a kind the projections have no class or label for is an error, never a person."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, Store

from graphkit.errors import GraphkitError
from graphkit.model import Entity, Graph
from graphkit.projections.neo4j_rows import EXTRA_LABELS, NODE_LABELS, rows_from_graph
from graphkit.projections.rdf import to_triples
from graphkit.stores.neo4j_load import load, run_cypher

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: RDF class -> the Neo4j label of the same things (the query contract names both)
CLASS_LABELS = {
    "http://xmlns.com/foaf/0.1/Person": "Person",
    "https://w3id.org/graphkit/ontology#Participant": "Participant",
    "https://w3id.org/graphkit/ontology#Professional": "Professional",
    "https://w3id.org/graphkit/ontology#Child": "Child",
    "https://w3id.org/graphkit/ontology#Service": "Service",
    "http://www.w3.org/ns/org#Organization": "Service",
    "http://rdf-vocabulary.ddialliance.org/discovery#DataFile": "DataFile",
    "https://w3id.org/graphkit/ontology#Evidence": "Evidence",
    "https://w3id.org/graphkit/ontology#CareArrangement": "CareArrangement",
    "https://w3id.org/graphkit/ontology#ContactArrangement": "ContactArrangement",
    "https://w3id.org/graphkit/ontology#PublishedFigure": "PublishedFigure",
}


def test_every_neo4j_label_has_its_rdf_class() -> None:
    assert set(CLASS_LABELS.values()) == set(NODE_LABELS) | set(EXTRA_LABELS)


def _rdf_counts(graph: Graph) -> dict[str, int]:
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object) for t in to_triples(graph))
    counts = {}
    for cls in CLASS_LABELS:
        counts[cls] = sum(1 for _ in store.quads_for_pattern(None, RDF_TYPE, NamedNode(cls)))
    return counts


def test_rdf_class_counts_equal_neo4j_label_counts(neo4j_db: str, devset_build) -> None:
    graph = devset_build.graph
    assert any(e.kind == "file" for e in graph.entities.values())  # the devset's listing names files
    load(neo4j_db, None, rows_from_graph(graph))
    rdf = _rdf_counts(graph)
    for cls, label in CLASS_LABELS.items():
        # the label comes from the fixed list above, checked against NODE_LABELS/EXTRA_LABELS
        neo4j = run_cypher(neo4j_db, None, None, f"MATCH (n:`{label}`) RETURN count(n) AS n")[0]["n"]
        assert rdf[cls] == neo4j, (cls, label, rdf[cls], neo4j)
    people = sum(e.kind in ("parent", "family-member", "professional", "child", "person") for e in graph.entities.values())
    assert rdf["http://xmlns.com/foaf/0.1/Person"] == people


def test_no_data_file_is_a_person(devset_build) -> None:
    store = Store()
    store.load(path=str(devset_build.out / "graph.nt"), format=RdfFormat.N_TRIPLES)
    ask = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX disco: <http://rdf-vocabulary.ddialliance.org/discovery#> "
           "ASK { ?x a disco:DataFile , foaf:Person }")
    assert not bool(store.query(ask))
    named = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX disco: <http://rdf-vocabulary.ddialliance.org/discovery#> " \
            "ASK { ?x a disco:DataFile ; foaf:name ?name }"
    assert not bool(store.query(named))


def test_an_unknown_kind_is_an_error_not_a_person() -> None:
    graph = Graph()
    graph.add_entity(Entity("X01", "robot", "Robbie"))
    with pytest.raises(GraphkitError, match="X01.*'robot'"):
        to_triples(graph)
    with pytest.raises(ValueError, match="X01.*'robot'"):
        rows_from_graph(graph)
