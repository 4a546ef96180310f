"""Every standard question gives the same rows from Neo4j (.cypher) as from Oxigraph (.rq) on the devset."""

from __future__ import annotations

import pytest

from neo4j_fixture import load_fresh

from graphkit.questions import COLUMNS, STANDARD, answer, answer_neo4j, load_question

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def loaded_devset(neo4j_server, devset_build) -> str:
    return load_fresh(neo4j_server.uri, devset_build.graph)


@pytest.mark.parametrize("name", STANDARD)
def test_cypher_equals_sparql(loaded_devset: str, devset_build, name: str) -> None:
    _, sparql_rows = answer(load_question(name, "sparql"), devset_build.out)
    columns, cypher_rows = answer_neo4j(load_question(name, "cypher"), loaded_devset, None, None, None)
    assert columns == COLUMNS[name]
    assert cypher_rows, f"{name} gave no rows from Neo4j"
    assert all(list(row) == COLUMNS[name] for row in cypher_rows)
    assert cypher_rows == sparql_rows  # same rows, same values, same order


def test_every_question_has_a_cypher_file() -> None:
    for name in STANDARD:
        text = load_question(name, "cypher").text
        assert "RETURN" in text and "ORDER BY" in text, name
        # Queries are read-only: the standard pack never writes.
        assert not any(word in text.upper().split() for word in ("CREATE", "MERGE", "DELETE", "SET", "REMOVE")), name
