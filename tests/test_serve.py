"""``graphkit serve``: pages and a read-only SPARQL 1.1 protocol endpoint on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.parse

import pytest
from click.testing import CliRunner

from graphkit.errors import QueryError
from graphkit.serve import refuse_unsafe, serve_in_thread
from graphkit.views import write_views

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(devset_build):
    out = devset_build.out
    write_views(devset_build.graph, out)  # until the pipeline writes them itself
    srv, thread = serve_in_thread(out)
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def request(srv, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None):
    host, port = srv.server_address
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def get_query(srv, query: str, **extra: str):
    return request(srv, "GET", "/sparql?" + urllib.parse.urlencode({"query": query, **extra}))


def count(data: bytes) -> int:
    return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])


def test_listens_on_loopback_only(server):
    assert server.server_address[0] == "127.0.0.1"


def test_serves_the_pages(server):
    for path in ("/network.html", "/families/DP01.html", "/families/index.html"):
        response, data = request(server, "GET", path)
        assert response.status == 200, path
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert data.startswith(b"<!DOCTYPE html>")
    response, _ = request(server, "GET", "/")
    assert response.status == 302 and response.getheader("Location") == "/network.html"


@pytest.mark.parametrize("path", [
    "/../graph.ttl", "/families/../graph.ttl", "/%2e%2e/%2e%2e/etc/passwd", "/families/%2e%2e%2fgraph.ttl",
    "/families/..%5c..%5cgraph.ttl", "/store/CURRENT", "/problems.json", "/graph.ttl", "/families/",
    "/families/DP01.html%00.png", "//etc/passwd", "/families/nobody.html", "/etc/passwd", "/network.html/..",
])
def test_refuses_other_paths(server, path):
    response, data = request(server, "GET", path)
    assert response.status in (400, 404), path
    assert b"root:" not in data and b"@prefix" not in data


def test_get_query_answers_json(server):
    response, data = get_query(server, COUNT)
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/sparql-results+json"
    assert count(data) > 100


def test_post_form_and_direct_query(server):
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    response, data = request(server, "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 200 and count(data) > 100
    response, data = request(server, "POST", "/sparql", COUNT.encode(), {"Content-Type": "application/sparql-query"})
    assert response.status == 200 and count(data) > 100
    response, data = request(server, "POST", "/sparql", b"ASK { ?s ?p ?o }", {"Content-Type": "application/sparql-query"})
    assert json.loads(data) == {"head": {}, "boolean": True}


def test_other_result_formats(server):
    response, data = request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "text/csv"})
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/csv") and data.startswith(b"n\r\n")
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    response, data = get_query(server, query)
    assert response.status == 200 and response.getheader("Content-Type") == "application/n-triples"
    assert data.count(b"\n") == 3


UPDATES = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "LOAD <http://example.org/data.ttl> INTO GRAPH <http://x/g>",
    "CLEAR ALL", "CLEAR DEFAULT", "DROP GRAPH <http://x/g>", "DROP ALL", "CREATE GRAPH <http://x/g>",
    "ADD DEFAULT TO <http://x/g>", "MOVE DEFAULT TO <http://x/g>", "COPY DEFAULT TO <http://x/g>",
    "insert data { <http://x/a> <http://x/b> 'c' }",
]
FORBIDDEN_READS = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z . service ?endpoint { ?s ?p ?o } }",
    # A '#' inside an IRI is not a comment: the shared check read it as one and let SERVICE through.
    "SELECT * WHERE { BIND(<http://e/#x> AS ?z) SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }",
    "SELECT * from <https://example.org/x.ttl> WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", UPDATES + FORBIDDEN_READS)
def test_refuses_every_forbidden_form(server, query):
    before = count(get_query(server, COUNT)[1])
    for response, data in (
        get_query(server, query),
        request(server, "POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"}),
        request(server, "POST", "/sparql", urllib.parse.urlencode({"query": query}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"}),
    ):
        assert response.status in (400, 405), (query, response.status, data)
        assert b"refused" in data or b"syntax" in data.lower()
    assert count(get_query(server, COUNT)[1]) == before


@pytest.mark.parametrize("query", UPDATES)
def test_refuses_the_update_operation(server, query):
    response, _ = request(server, "POST", "/sparql", urllib.parse.urlencode({"update": query}).encode(),
                          {"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status == 405
    response, _ = request(server, "POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-update"})
    assert response.status == 405
    response, _ = request(server, "GET", "/sparql?" + urllib.parse.urlencode({"update": query}))
    assert response.status == 405


def test_refuses_protocol_dataset_parameters(server):
    for name in ("default-graph-uri", "named-graph-uri"):
        response, data = get_query(server, COUNT, **{name: "file:///etc/passwd"})
        assert response.status == 400 and b"refused" in data


def test_service_never_leaves_the_machine(server):
    """Even the '#'-in-IRI form that slips past the shared check makes no outbound request."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(1.5)
    port = listener.getsockname()[1]
    seen: list[bytes] = []

    def accept() -> None:
        try:
            conn, _ = listener.accept()
            seen.append(conn.recv(100))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    query = f"SELECT * WHERE {{ BIND(<http://e/#x> AS ?z) SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} }}"
    response, _ = get_query(server, query)
    thread.join()
    listener.close()
    assert response.status == 400 and seen == []


def test_keywords_inside_names_strings_and_iris_are_fine(server):
    query = ('PREFIX gk: <http://example.org/Service/> SELECT ?service ?from WHERE { '
             '?service ?p ?o . BIND("INSERT SERVICE FROM" AS ?from) FILTER(?p != gk:Service) } LIMIT 1 # DROP ALL')
    refuse_unsafe(query)
    response, _ = get_query(server, query)
    assert response.status == 200


def test_bad_requests(server):
    response, data = get_query(server, "SELECT WHERE {")
    assert response.status == 400 and b"syntax" in data.lower()
    response, _ = request(server, "GET", "/sparql?format=json")
    assert response.status == 400
    response, _ = request(server, "POST", "/sparql", b"x" * 10, {"Content-Type": "text/plain"})
    assert response.status == 415
    response, _ = request(server, "POST", "/sparql", b"", {"Content-Type": "application/sparql-query",
                                                          "Content-Length": str(10**9)})
    assert response.status == 413
    response, _ = request(server, "PUT", "/sparql", b"x")
    assert response.status == 405
    response, _ = request(server, "DELETE", "/network.html")
    assert response.status == 405


def test_refuses_a_foreign_host_header(server):
    """A page that rebinds its own name to 127.0.0.1 must not read the data (DNS rebinding)."""
    response, _ = request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT}), headers={"Host": "evil.example:80"})
    assert response.status == 403
    response, _ = request(server, "GET", "/network.html", headers={"Host": "evil.example"})
    assert response.status == 403


def test_cli_serve_refuses_a_folder_without_a_store(tmp_path):
    from graphkit.cli.serve import serve

    result = CliRunner().invoke(serve, [str(tmp_path), "--port", "0"])
    assert result.exit_code != 0 and "not a finished graphkit build" in str(result.exception or result.output)


def test_refuse_unsafe_raises_query_error():
    with pytest.raises(QueryError):
        refuse_unsafe("SELECT * WHERE { ?s ?p ?o } # fine\nSERVICE")


def test_cli_serve_help():
    from graphkit.cli.serve import serve

    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0 and "--port" in result.output and "127.0.0.1" in result.output
