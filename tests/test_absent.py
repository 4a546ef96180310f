"""Absent is absent in every output: a value the model does not have (None, "" or an empty list) is left
out of GraphML (nodes and edges), the Neo4j load (a real Neo4j), the neo4j-admin import CSVs, the RDF and
the JSON-LD; never an empty string or an empty list."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from pyoxigraph import Literal

from graphkit.model import Entity, Evidence, Graph
from graphkit.projections.neo4j_rows import rows_from_graph
from graphkit.projections.property_graph import write_graphml
from graphkit.projections.rdf import to_triples
from graphkit.stores.jsonld import to_jsonld
from graphkit.stores.neo4j_csv import write_neo4j_folder
from graphkit.stores.neo4j_load import load, run_cypher

#: the attributes the graph below holds with no value, each in one of the three ways
ABSENT = {"role_title": "", "case_types": [], "team": None, "setting": ["", None]}


@pytest.fixture()
def graph() -> Graph:
    return absent_values_graph()


def absent_values_graph() -> Graph:
    """A mother, her child and a keyworker; the keyworker's working relation has no date and no evidence."""
    graph = Graph()
    ev = Evidence("interview.txt", 0, 11, "Ann is mum.", 1, 1, speaker="")
    mother = graph.add_entity(Entity("DP01", "parent", "Ann", {"role": "mother", "country": "Scotland"}))
    mother.set("sex", "female", ev)
    graph.add_entity(Entity("DC01", "child", "Cat", {"role": "child"}))
    graph.add_entity(Entity("DPR01", "professional", "Pat", {"role": "professional", "team": "outreach", **ABSENT}))
    graph.relate("parent-of", "DP01", "DC01", ev)
    graph.relate("care", "DC01", "DP01", ev, arrangement="with-mother", carer="")
    graph.relate("works-with", "DPR01", "DP01")
    graph.entities["DPR01"].attrs.update(ABSENT)
    return graph


def test_graphml_leaves_out_what_is_absent(graph: Graph, tmp_path: Path) -> None:
    write_graphml(graph, tmp_path / "graph.graphml")
    read = nx.read_graphml(tmp_path / "graph.graphml")
    keyworker = read.nodes["DPR01"]
    assert not set(ABSENT) & set(keyworker), keyworker
    edges = {data["kind"]: data for _, _, data in read.edges(data=True)}
    assert "date" not in edges["works-with"] and "quotes" not in edges["works-with"], edges["works-with"]
    assert "carer" not in edges["care"], edges["care"]
    for data in [*edges.values(), *(d for _, d in read.nodes(data=True))]:
        assert "" not in data.values(), data


def _no_empty(props: dict) -> None:
    for name, value in props.items():
        assert value not in ("", [], None), (name, props)


def test_neo4j_rows_and_the_import_csvs_leave_out_what_is_absent(graph: Graph, tmp_path: Path) -> None:
    rows = rows_from_graph(graph)
    for row in [*rows.nodes, *rows.relationships]:
        _no_empty(row["props"])
    works_with = next(r for r in rows.relationships if r["type"] == "WORKS_WITH")
    assert "evidenceIds" not in works_with["props"] and "asAt" not in works_with["props"]
    # neo4j-admin import stores no property for an empty cell: each CSV row's filled cells are the loader's keys
    written = write_neo4j_folder(graph, tmp_path)
    loaded = {(r["label"], r["id"]): r["props"] for r in rows.nodes}
    for name, path in written.items():
        if not name.startswith("nodes-"):
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                label = name[len("nodes-"):-len(".csv")]
                node_id = record.pop(f"id:ID({label})")
                record.pop(":LABEL")
                filled = {column.split(":")[0] for column, cell in record.items() if cell != ""}
                assert filled == set(loaded[(label, node_id)]) - {"id"}, (label, node_id)


def test_a_neo4j_load_stores_no_empty_value(graph: Graph, neo4j_db: str) -> None:
    load(neo4j_db, None, rows_from_graph(graph))
    keys = run_cypher(neo4j_db, None, None, "MATCH (p:Person {id: $id}) RETURN keys(p) AS keys", {"id": "DPR01"})[0]["keys"]
    assert not {"roleTitle", "caseTypes", "team", "setting"} & set(keys), keys
    rel = run_cypher(neo4j_db, None, None, "MATCH (:Person)-[r:WORKS_WITH]->(:Person) RETURN keys(r) AS keys")[0]["keys"]
    assert "evidenceIds" not in rel and "asAt" not in rel, rel
    empty = run_cypher(neo4j_db, None, None,
                       "MATCH (n) UNWIND keys(n) AS k WITH n, k WHERE n[k] = '' OR n[k] = [] RETURN count(*) AS n")
    assert empty == [{"n": 0}]
    empty_rels = run_cypher(neo4j_db, None, None,
                            "MATCH ()-[r]->() UNWIND keys(r) AS k WITH r, k WHERE r[k] = '' OR r[k] = [] RETURN count(*) AS n")
    assert empty_rels == [{"n": 0}]


def test_rdf_writes_no_empty_value(graph: Graph) -> None:
    triples = to_triples(graph)
    empty = [t for t in triples if isinstance(t.object, Literal) and t.object.value == ""]
    assert empty == []
    predicates = {t.predicate.value for t in triples}
    for local in ("jobTitle", "caseType", "setting", "carerLabel", "speaker"):
        assert not [p for p in predicates if p.endswith(local)], local


def test_jsonld_writes_no_empty_value(graph: Graph) -> None:
    text = json.dumps(to_jsonld(to_triples(graph)))
    assert '"@value": ""' not in text and "[]" not in text
