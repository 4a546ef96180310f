"""Loading into a real Neo4j: constraints, batches, idempotency, no Cypher injection, read-only queries."""

from __future__ import annotations

import pytest

from graphkit.errors import BackendError, QueryError
from graphkit.model import Entity, Evidence, Graph
from graphkit.projections.neo4j_rows import PropertyGraphRows, rows_from_graph
from graphkit.stores.neo4j_load import driver, load, load_rows, node_statement, run_cypher
from test_neo4j_rows import small_graph

pytestmark = pytest.mark.neo4j

INJECTION = "x' WITH true AS t MATCH (s) DETACH DELETE s //"
INJECTION_2 = 'x" }) WITH true AS t MATCH (s) DETACH DELETE s //`'


def snapshot(uri: str) -> tuple[list, list]:
    """Everything in the database, order-free: (labels, properties) and (type, ends, properties)."""
    nodes = run_cypher(uri, None, None, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", {})
    rels = run_cypher(
        uri, None, None,
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props", {},
    )
    key = lambda row: repr(sorted(row.items()))  # noqa: E731
    return sorted(nodes, key=key), sorted(rels, key=key)


def count(uri: str) -> tuple[int, int]:
    rows = run_cypher(uri, None, None, "RETURN COUNT { (n) } AS n, COUNT { ()-[]->() } AS r", {})
    return rows[0]["n"], rows[0]["r"]


def test_constraints_first(neo4j_db: str) -> None:
    load(neo4j_db, None, rows_from_graph(small_graph()))
    names = {r["name"] for r in run_cypher(neo4j_db, None, None, "SHOW CONSTRAINTS YIELD name RETURN name", {})}
    assert {"person_id", "service_id", "evidence_id", "carearrangement_id", "datafile_id"} <= names


def test_devset_loads_every_row(neo4j_db: str, devset_build) -> None:
    rows = rows_from_graph(devset_build.graph)
    summary = load(neo4j_db, None, rows)
    assert summary.nodes_created == len(rows.nodes)
    assert summary.relationships_created == len(rows.relationships)
    assert count(neo4j_db) == (len(rows.nodes), len(rows.relationships))


def test_second_load_changes_nothing(neo4j_db: str, devset_build) -> None:
    rows = rows_from_graph(devset_build.graph)
    load(neo4j_db, None, rows)
    before = snapshot(neo4j_db)
    again = load(neo4j_db, None, rows)
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert snapshot(neo4j_db) == before


def test_batch_size_does_not_change_the_result(neo4j_db: str, devset_build) -> None:
    rows = rows_from_graph(devset_build.graph)
    load(neo4j_db, None, rows, batch_size=7)
    small_batches = snapshot(neo4j_db)
    with driver(neo4j_db) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    load(neo4j_db, None, rows)
    assert snapshot(neo4j_db) == small_batches


def test_retried_batch_changes_nothing(neo4j_db: str) -> None:
    rows = rows_from_graph(small_graph())
    load(neo4j_db, None, rows)
    before = snapshot(neo4j_db)
    people = [{"id": n["id"], "props": n["props"]} for n in rows.nodes if n["label"] == "Person" and not n.get("labels")]
    with driver(neo4j_db) as drv:
        for _ in range(2):  # what the driver does when a commit's outcome is unknown
            drv.execute_query(node_statement("Person"), {"rows": people}, database_="neo4j")
    assert snapshot(neo4j_db) == before


def poisoned_graph(payload: str) -> Graph:
    """The payload in every text field the model has: ids, names, attributes, quotes, files, arrangements."""
    g = Graph()
    ev = Evidence(payload, 0, len(payload), payload, 1, 1, speaker=payload, date=payload, column=payload)
    for kind in ("parent", "child", "service", "professional", "person"):
        entity = g.add_entity(Entity(f"{payload}-{kind}", kind, payload))
        entity.set("country", payload, ev)
        entity.set("role", payload)
    g.add_entity(Entity(payload, "file", payload))
    g.relate("parent-of", f"{payload}-parent", f"{payload}-child", ev, origin=payload)
    g.relate("care", f"{payload}-child", f"{payload}-parent", ev, date=payload, arrangement=payload, carer=payload,
             carer_id=f"{payload}-person")
    g.relate("contact", f"{payload}-parent", f"{payload}-child", ev, arrangement=payload)
    g.relate("engages-with", f"{payload}-parent", f"{payload}-service", ev)
    g.relate("works-with", f"{payload}-professional", f"{payload}-parent", ev)
    g.study["profile"] = [{"measure": payload, "published": 1, "note": payload}]
    return g


@pytest.mark.parametrize("payload", [INJECTION, INJECTION_2])
def test_injection_in_every_text_field_changes_nothing(neo4j_db: str, payload: str) -> None:
    load(neo4j_db, None, rows_from_graph(small_graph()))
    survivors = count(neo4j_db)
    rows = rows_from_graph(poisoned_graph(payload))
    load(neo4j_db, None, rows)
    load(neo4j_db, None, rows)
    nodes, rels = count(neo4j_db)
    assert (nodes, rels) == (survivors[0] + len(rows.nodes), survivors[1] + len(rows.relationships))
    stored = run_cypher(neo4j_db, None, None, "MATCH (n:Person {name: $v}) RETURN n.country AS c", {"v": payload})
    assert stored and all(r["c"] == payload for r in stored)
    quotes = run_cypher(neo4j_db, None, None, "MATCH (e:Evidence) WHERE e.quote = $v RETURN e.file AS f", {"v": payload})
    assert quotes and all(r["f"] == payload for r in quotes)


def test_injection_as_query_parameter(neo4j_db: str) -> None:
    load(neo4j_db, None, rows_from_graph(small_graph()))
    before = count(neo4j_db)
    rows = run_cypher(neo4j_db, None, None, "MATCH (n:Person) WHERE n.name = $name RETURN n.id AS id", {"name": INJECTION})
    assert rows == [] and count(neo4j_db) == before


@pytest.mark.parametrize(("field", "value"), [
    ("label", "Person {id: row.id}) DETACH DELETE n //"),
    ("labels", ["Admin"]),
    ("type", "PARENT_OF]->(b) DETACH DELETE a //"),
    ("start_label", "Nope"),
])
def test_labels_outside_the_allow_list_are_refused_before_writing(neo4j_db: str, field: str, value) -> None:
    rows = rows_from_graph(small_graph())
    target = rows.nodes[0] if field in ("label", "labels") else rows.relationships[0]
    target[field] = value  # type: ignore[literal-required]
    with pytest.raises(BackendError, match="refusing"):
        load(neo4j_db, None, rows)
    assert count(neo4j_db) == (0, 0)


def test_run_cypher_is_read_only(neo4j_db: str) -> None:
    load(neo4j_db, None, rows_from_graph(small_graph()))
    before = count(neo4j_db)
    for query in ("MATCH (n) DETACH DELETE n", "CREATE (:Person {id: 'evil'})"):
        with pytest.raises(QueryError):
            run_cypher(neo4j_db, None, None, query, {})
    assert count(neo4j_db) == before


def test_syntax_error_is_a_query_error(neo4j_db: str) -> None:
    with pytest.raises(QueryError):
        run_cypher(neo4j_db, None, None, "MATCH (n RETURN n", {})


def test_unreachable_server_is_a_backend_error() -> None:
    with pytest.raises(BackendError):
        run_cypher("bolt://127.0.0.1:9", None, None, "RETURN 1", {})
    with pytest.raises(BackendError):
        load("bolt://127.0.0.1:9", None, PropertyGraphRows([], []))


def test_load_rows_with_an_open_driver(neo4j_db: str) -> None:
    with driver(neo4j_db) as drv:
        summary = load_rows(drv, rows_from_graph(small_graph()), database="neo4j")
    assert summary.nodes_created > 0 and "nodes" in str(summary)
