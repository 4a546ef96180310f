"""Session fixtures for a real Neo4j: one dev server for the whole run, emptied per test.

Registered from ``tests/conftest.py`` with ``pytest_plugins = ["neo4j_fixture"]``.
Without ``java`` or ``mvn`` the tests skip and say why; where ``CI`` (or
``GRAPHKIT_REQUIRE_SERVICES``) is set they fail instead, so a CI image that
lost its JDK cannot pass silently. Neo4j is never mocked.
"""

from __future__ import annotations

import os
from typing import Iterator

import pytest

from graphkit.stores.neo4j_server import Neo4jServer, missing_tools


def services_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("GRAPHKIT_REQUIRE_SERVICES"))


def require_java_and_maven() -> None:
    """Skip (locally) or fail (in CI) when the dev server cannot be built and started here."""
    missing = missing_tools()
    if not missing:
        return
    reason = "Neo4j dev server needs " + " and ".join(missing) + " on PATH"
    if services_required():
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """A Neo4j 5 Community server on 127.0.0.1 for the whole session (auth disabled)."""
    require_java_and_maven()
    server = Neo4jServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def neo4j_db(neo4j_server: Neo4jServer) -> Iterator[str]:
    """The server's URI, with the default database empty at the start of the test."""
    from graphkit.stores.neo4j_load import DEFAULT_DATABASE, driver

    with driver(neo4j_server.uri) as drv:
        # Test graphs are small: one transaction empties the database.
        drv.execute_query("MATCH (n) DETACH DELETE n", database_=DEFAULT_DATABASE)
    yield neo4j_server.uri


def load_fresh(uri: str, graph) -> str:
    """Empty the database, load ``graph`` (a graphkit.model.Graph), and return the URI to query."""
    from graphkit.projections.neo4j_rows import rows_from_graph
    from graphkit.stores.neo4j_load import driver, load

    with driver(uri) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    load(uri, None, rows_from_graph(graph))
    return uri
