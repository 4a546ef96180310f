"""Issue 16.1: read-only is decided on the parsed query, and the engine cannot reach out even if the check is fooled."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from graphkit.errors import QueryError
from graphkit.questions import STANDARD, load_question
from graphkit.serve import refuse_unsafe
from serve_helpers import Listener, all_ways, get_query, running

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def attacks(port: int) -> list[str]:
    """SERVICE calls that a lexical check misses, each aimed at a listener on ``port``."""
    service = f"SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }}"
    return [
        # An escaped '#' in a prefixed name: a lexical scan reads the rest of the line as a comment.
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\#x ?o . {service} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ?p ex:a\\#x . {service} }} LIMIT 1",
        # A number then the keyword: legal SPARQL, and no word boundary before SERVICE.
        f"SELECT * WHERE {{ ?s ?p 1{service} }}",
        # FILTER-gated: the call happens only when a condition on the data holds (one bit per request).
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ?p ex:a\\#x\n ?s ?p ?o FILTER(CONTAINS(STR(?o), \"DP01\")) {service} }}",
        f"PREFIX ex: <http://example.org/> ASK {{ ?s ?p ex:b\\#y . FILTER EXISTS {{ ?s ?p ?o }} {service} }}",
    ]


@pytest.fixture(scope="module")
def server(devset_build):
    with running(devset_build.out) as srv:
        yield srv


def test_service_attacks_never_reach_a_listener(server):
    with Listener() as listener:
        for query in attacks(listener.port):
            for response, data in all_ways(server, query):
                assert response.status == 400, (query, data)
                assert b"refused" in data or b"syntax" in data.lower()
        time.sleep(0.5)  # a request made by the engine would have arrived by now
    assert listener.received == []


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } } } }",
    "SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } } }",
    "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "DESCRIBE <http://x/a> FROM <file:///etc/passwd>",
    "SELECT * FROM NAMED <http://x/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_the_parsed_check_finds_service_and_dataset_clauses_anywhere(query):
    with pytest.raises(QueryError, match="refused"):
        refuse_unsafe(query)


def test_the_parsed_check_refuses_what_it_cannot_parse():
    with pytest.raises(QueryError, match="cannot parse"):
        refuse_unsafe("SELECT * WHERE { ?s ?p 1SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }")


@pytest.mark.parametrize("name", STANDARD)
def test_the_standard_questions_pass_the_check(name):
    refuse_unsafe(load_question(name).text)


def test_a_syntax_error_is_short_and_located(server):
    response, data = get_query(server, "SELECT ?x WHERE { ?x ?p }")
    assert response.status == 400 and data.startswith(b"SPARQL syntax error: error at 1:")
    assert len(data) < 400


LOCKED = textwrap.dedent("""
    import sys
    from pyoxigraph import Store
    from graphkit.sparql_worker import lock_down
    if sys.argv[2] == "locked":
        lock_down(2 << 30)
    try:
        list(Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{sys.argv[1]}/sparql> {{ ?a ?b ?c }} }}"))
    except OSError as exc:
        print(type(exc).__name__, exc)
""")


def _service_from_a_process(port: int, mode: str) -> str:
    done = subprocess.run([sys.executable, "-c", LOCKED, str(port), mode], capture_output=True, text=True, timeout=60,
                          check=True)
    return done.stdout


def test_a_locked_worker_cannot_call_a_service_even_unchecked():
    """The engine refuses federation as well: a worker's query cannot open a socket (checked without the guard)."""
    with Listener() as listener:
        out = _service_from_a_process(listener.port, "open")
        time.sleep(0.3)
    assert listener.received and listener.received[0].startswith(b"POST /sparql"), "control: Oxigraph does call out"
    with Listener() as listener:
        out = _service_from_a_process(listener.port, "locked")
        time.sleep(0.5)
    assert listener.received == []
    assert "Too many open files" in out


def test_a_dataset_clause_cannot_widen_the_dataset_even_unchecked():
    """The worker fixes the dataset at the engine: FROM cannot name a graph (checked without the guard)."""
    from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

    store = Store()
    store.add(Quad(NamedNode("http://x/a"), NamedNode("http://x/p"), Literal("default")))
    store.add(Quad(NamedNode("http://x/a"), NamedNode("http://x/p"), Literal("other"), NamedNode("http://x/g")))
    query = "SELECT ?o FROM <http://x/g> WHERE { ?s ?p ?o }"
    assert [s["o"].value for s in store.query(query)] == ["other"]  # control: the engine honours FROM by default
    from graphkit.sparql_worker import engine_dataset
    assert [s["o"].value for s in store.query(query, **engine_dataset(store))] == ["default"]
    assert engine_dataset(store)["default_graph"] == [DefaultGraph()]
