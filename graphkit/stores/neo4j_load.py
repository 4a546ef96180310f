"""Load property-graph rows into Neo4j with the official driver, and run Cypher.

How a load runs (``../shared/notes/vocabularies.md``, Neo4j conventions):

1. a uniqueness constraint on ``id`` for every key label
   (``CREATE CONSTRAINT ... IF NOT EXISTS``), so MERGE is an index lookup;
2. nodes, then relationships, in batches of ``batch_size`` rows, one
   parameterised ``UNWIND $rows AS row MERGE ... SET x += row.props``
   statement per label or relationship type (a type cannot be a parameter,
   so rows are grouped in Python);
3. every call names its database (``database_=``), so the driver never asks
   the server for a home database.

Labels and types come only from the fixed allow-lists in
:mod:`graphkit.projections.neo4j_rows`; a row with any other label is
refused before anything runs. Data only ever travels as parameters, so a
value such as ``x' WITH true AS t MATCH (s) DETACH DELETE s //`` is stored
as text. MERGE is on the key alone and each batch is one managed
transaction: a retried batch or a second load changes nothing.

:func:`run_cypher` runs a query in a READ transaction, so the server refuses
a query that writes.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from graphkit.errors import BackendError, QueryError
from graphkit.projections.neo4j_rows import EXTRA_LABELS, NODE_LABELS, REL_TYPES, NodeRow, PropertyGraphRows, RelRow

if TYPE_CHECKING:
    from neo4j import Driver

__all__ = ["load", "load_rows", "create_constraints", "run_cypher", "LoadSummary", "DEFAULT_DATABASE", "driver"]

#: Neo4j's default database; passed explicitly when the caller names none.
DEFAULT_DATABASE = "neo4j"
DEFAULT_BATCH = 5000
Auth = tuple[str, str] | None


@dataclass
class LoadSummary:
    nodes: int = 0
    relationships: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (f"{self.nodes} nodes ({self.nodes_created} new), {self.relationships} relationships "
                f"({self.relationships_created} new) in {self.seconds:.1f} s")


def _ident(name: str, allowed: Sequence[str]) -> str:
    """A label or type checked against its allow-list, backquoted for good measure."""
    if name not in allowed:
        raise BackendError(f"refusing label or relationship type {name!r}: not one of {', '.join(allowed)}")
    return f"`{name}`"


def constraint_statements() -> list[str]:
    return [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{_ident(label, NODE_LABELS)}) REQUIRE n.id IS UNIQUE"
        for label in NODE_LABELS
    ]


def node_statement(label: str, extra: Sequence[str] = ()) -> str:
    set_labels = "".join(f" SET n:{_ident(x, EXTRA_LABELS)}" for x in extra)
    return f"UNWIND $rows AS row MERGE (n:{_ident(label, NODE_LABELS)} {{id: row.id}}) SET n += row.props{set_labels}"


def rel_statement(type_: str, start_label: str, end_label: str) -> str:
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{_ident(start_label, NODE_LABELS)} {{id: row.start}}) "
        f"MATCH (b:{_ident(end_label, NODE_LABELS)} {{id: row.end}}) "
        f"MERGE (a)-[r:{_ident(type_, REL_TYPES)} {{id: row.id}}]->(b) SET r += row.props"
    )


#: seconds to wait for a Neo4j server to accept a connection
CONNECT_SECONDS = 5.0


def driver(uri: str, auth: Auth = None) -> "Driver":
    """A driver for ``uri``; ``auth=None`` for a server with auth disabled (the dev server)."""
    try:
        from neo4j import GraphDatabase
    except ImportError as exc:  # pragma: no cover - neo4j is a dependency
        raise BackendError("the neo4j driver is not installed: pip install 'graphkit[neo4j]'") from exc
    # A standard question names every label and type of the model; one a collection
    # lacks (no LINKED_TO yet) makes the server warn "unrecognized" on every run.
    quiet = ["UNRECOGNIZED"]
    try:
        drv = GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECT_SECONDS, notifications_disabled_classifications=quiet)
    except TypeError:  # drivers before 5.22 call it categories
        drv = GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECT_SECONDS, notifications_disabled_categories=quiet)
    _reachable(drv, uri)
    return drv


def _reachable(drv: "Driver", uri: str) -> None:
    """Connect once before any work: a server that is not there fails in seconds with one line, instead of
    the retries of a transaction (about 30 s and a warning per retry)."""
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    try:
        drv.verify_connectivity()
    except AuthError as exc:
        drv.close()
        raise BackendError(f"Neo4j at {uri} refused the user name or password ({exc.message or exc})") from None
    except (DriverError, Neo4jError, OSError) as exc:
        drv.close()
        reason = re.search(r"reason (.+?)\)*$", str(exc).replace("\n", " "))
        said = reason.group(1) if reason else (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        raise BackendError(f"Neo4j is not reachable at {uri}: {said}") from None


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield list(rows[i : i + size])


def _node_key(row: NodeRow) -> tuple[str, tuple[str, ...]]:
    return row["label"], tuple(row.get("labels", ()))


def _rel_key(row: RelRow) -> tuple[str, str, str]:
    return row["type"], row["start_label"], row["end_label"]


def _check(rows: PropertyGraphRows) -> None:
    """Refuse unknown labels and types before anything is written."""
    for node in rows.nodes:
        _ident(node["label"], NODE_LABELS)
        for extra in node.get("labels", ()):
            _ident(extra, EXTRA_LABELS)
    for rel in rows.relationships:
        _ident(rel["type"], REL_TYPES)
        _ident(rel["start_label"], NODE_LABELS)
        _ident(rel["end_label"], NODE_LABELS)


def create_constraints(drv: "Driver", database: str = DEFAULT_DATABASE) -> None:
    for statement in constraint_statements():
        drv.execute_query(statement, database_=database)


def load_rows(drv: "Driver", rows: PropertyGraphRows, *, database: str = DEFAULT_DATABASE,
              batch_size: int = DEFAULT_BATCH) -> LoadSummary:
    """Constraints, then nodes, then relationships, batched; returns what the server counted."""
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    _check(rows)
    summary = LoadSummary(nodes=len(rows.nodes), relationships=len(rows.relationships))
    started = time.perf_counter()
    try:
        create_constraints(drv, database)
        node_rows = sorted(rows.nodes, key=_node_key)
        for (label, extra), group in groupby(node_rows, key=_node_key):
            statement = node_statement(label, extra)
            for batch in _batches([{"id": r["id"], "props": r["props"]} for r in group], batch_size):
                counters = drv.execute_query(statement, {"rows": batch}, database_=database).summary.counters
                summary.nodes_created += counters.nodes_created
                summary.properties_set += counters.properties_set
        rel_rows = sorted(rows.relationships, key=_rel_key)
        for (type_, start_label, end_label), group in groupby(rel_rows, key=_rel_key):
            statement = rel_statement(type_, start_label, end_label)
            payload = [{"id": r.get("id") or r["props"]["id"], "start": r["start"], "end": r["end"], "props": r["props"]}
                       for r in group]
            for batch in _batches(payload, batch_size):
                counters = drv.execute_query(statement, {"rows": batch}, database_=database).summary.counters
                summary.relationships_created += counters.relationships_created
                summary.properties_set += counters.properties_set
    except ServiceUnavailable as exc:
        raise BackendError(f"Neo4j is not reachable: {exc}") from exc
    except Neo4jError as exc:
        raise BackendError(f"Neo4j refused the load: {exc}") from exc
    summary.seconds = time.perf_counter() - started
    return summary


def load(uri: str, auth: Auth, rows: PropertyGraphRows, *, database: str | None = None,
         batch_size: int = DEFAULT_BATCH) -> LoadSummary:
    """Open a driver on ``uri``, load ``rows`` into ``database`` and close the driver."""
    with driver(uri, auth) as drv:
        return load_rows(drv, rows, database=database or DEFAULT_DATABASE, batch_size=batch_size)


def run_cypher(uri: str, auth: Auth, database: str | None, query_text: str,
               params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one read-only query; rows as plain dicts in the order the query returns them.

    Values go in ``params`` (``$name`` in the query), never into the text.
    The query runs in a READ transaction: the server refuses writes.
    """
    from neo4j import RoutingControl
    from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable

    try:
        with driver(uri, auth) as drv:
            records, _, _ = drv.execute_query(
                query_text, params or {}, database_=database or DEFAULT_DATABASE, routing_=RoutingControl.READ
            )
    except ServiceUnavailable as exc:
        raise BackendError(f"Neo4j is not reachable at {uri}: {exc}") from exc
    except ClientError as exc:
        raise QueryError(f"Neo4j refused the query: {exc.message or exc}") from exc
    except Neo4jError as exc:
        raise BackendError(f"Neo4j failed: {exc}") from exc
    return [record.data() for record in records]
