"""Relationships loaded per second: the batched UNWIND loader vs one statement per row.

Not a test. Both load the same relationship rows into the same nodes of a
fresh database; relationships are deleted between runs, nodes are kept, so
only relationship loading is timed. The per-row baseline is what a naive
loader does: one auto-commit ``MATCH ... MERGE`` per relationship.

    python bench/neo4j_load.py                       # synthetic graph, own dev server
    python bench/neo4j_load.py --collection DIR      # a real collection's graph
    python bench/neo4j_load.py --uri bolt://...      # an existing server (its data is wiped!)
"""

from __future__ import annotations

import argparse
import contextlib
import time
from pathlib import Path
from typing import Iterator

from graphkit.model import Entity, Evidence, Graph
from graphkit.projections.neo4j_rows import PropertyGraphRows, RelRow, rows_from_graph
from graphkit.stores.neo4j_load import DEFAULT_BATCH, driver, load_rows, rel_statement


def synthetic_graph(parents: int) -> Graph:
    """``parents`` parents with two children each, services, professionals and evidence on every edge."""
    g = Graph()
    services = [g.add_entity(Entity(f"S{i:03d}", "service", f"Service {i}")) for i in range(max(1, parents // 20))]
    workers = [g.add_entity(Entity(f"W{i:04d}", "professional", f"Worker {i}")) for i in range(max(1, parents // 5))]
    for i in range(parents):
        pid = f"P{i:05d}"
        g.add_entity(Entity(pid, "parent", f"Parent {i}")).set("role", "mother" if i % 3 else "father")
        ev = Evidence(f"parent_family/{pid}.txt", 0, 12, "a quote here", 1, 1)
        for k in range(2):
            cid = f"C{i:05d}{k}"
            g.add_entity(Entity(cid, "child", f"Child {i}.{k}")).set("age_group", "0-16")
            g.relate("parent-of", pid, cid, ev)
            g.relate("care", cid, pid, ev, arrangement="kinship-care" if k else "with-parent", carer="grandmother")
        g.relate("engages-with", pid, services[i % len(services)].id, ev)
        g.relate("works-with", workers[i % len(workers)].id, pid, ev)
    for i, worker in enumerate(workers):
        g.relate("works-at", worker.id, services[i % len(services)].id)
    return g


@contextlib.contextmanager
def server(uri: str | None) -> Iterator[str]:
    if uri:
        yield uri
        return
    from graphkit.stores.neo4j_server import Neo4jServer

    # Full JIT for a throughput measurement (the dev server default favours start-up).
    with Neo4jServer(java_opts=("-Xms512m", "-Xmx2g")) as dev:
        yield dev.uri


def per_row(drv, rels: list[RelRow], database: str) -> None:
    for rel in rels:
        drv.execute_query(
            rel_statement(rel["type"], rel["start_label"], rel["end_label"]),
            {"rows": [{"id": rel["props"]["id"], "start": rel["start"], "end": rel["end"], "props": rel["props"]}]},
            database_=database,
        )


def wipe(drv, database: str, what: str) -> None:
    """Delete all relationships (``what="r"``) or everything (``"n"``): bench graphs fit one transaction."""
    query = {"r": "MATCH ()-[r]->() DELETE r", "n": "MATCH (n) DETACH DELETE n"}[what]
    drv.execute_query(query, database_=database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", type=Path, help="build this collection's graph instead of a synthetic one")
    parser.add_argument("--parents", type=int, default=3000, help="size of the synthetic graph (default 3000)")
    parser.add_argument("--uri", help="use this server instead of starting a dev server (ITS DATA IS DELETED)")
    parser.add_argument("--database", default="neo4j")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
    parser.add_argument("--baseline-rows", type=int, default=2000,
                        help="relationships the per-row baseline loads (it is slow; the rate is what counts)")
    args = parser.parse_args()

    if args.collection:
        from graphkit.pipeline import build_graph

        graph = build_graph(args.collection)
    else:
        graph = synthetic_graph(args.parents)
    rows = rows_from_graph(graph)
    rels = rows.relationships
    print(f"graph: {len(rows.nodes)} nodes, {len(rels)} relationships")

    with server(args.uri) as uri, driver(uri) as drv:
        wipe(drv, args.database, "n")
        load_rows(drv, PropertyGraphRows(rows.nodes, []), database=args.database, batch_size=args.batch_size)
        # Warm both paths up (query plans, JIT) before timing either.
        load_rows(drv, PropertyGraphRows([], rels[:500]), database=args.database)
        per_row(drv, rels[:200], args.database)
        wipe(drv, args.database, "r")

        started = time.perf_counter()
        load_rows(drv, PropertyGraphRows([], rels), database=args.database, batch_size=args.batch_size)
        batched = len(rels) / (time.perf_counter() - started)
        wipe(drv, args.database, "r")

        sample = rels[: args.baseline_rows]
        started = time.perf_counter()
        per_row(drv, sample, args.database)
        baseline = len(sample) / (time.perf_counter() - started)
        wipe(drv, args.database, "r")

    print(f"batched (UNWIND, {args.batch_size}/tx): {batched:10.0f} relationships/s ({len(rels)} rows)")
    print(f"one statement per row:        {baseline:10.0f} relationships/s ({len(sample)} rows)")
    print(f"ratio: {batched / baseline:.1f}x")


if __name__ == "__main__":
    main()
