"""graphkit push: the Graph Store Protocol request, and a real push into Fuseki."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from fuseki_fixture import Fuseki
from graphkit.cli.push import push as push_command
from graphkit.errors import BackendError
from graphkit.stores.push import push, target_url


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
        self.send_response(401 if "refuse" in self.path else 204)
        self.end_headers()

    do_PUT = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def recorder() -> Iterator[str]:
    _Recorder.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ds"
    server.shutdown()
    server.server_close()


def test_target_url() -> None:
    assert target_url("http://h/ds") == "http://h/ds?default"
    assert target_url("http://h/ds", "urn:x:g") == "http://h/ds?graph=urn%3Ax%3Ag"
    assert target_url("http://h/ds?a=1", "urn:g").endswith("?a=1&graph=urn%3Ag")
    with pytest.raises(BackendError):
        target_url("file:///etc/passwd")


def test_put_sends_ntriples_with_basic_auth(devset_build, recorder: str) -> None:
    result = push(devset_build.out, recorder, graph="urn:g", user="ann", password="s3cret")
    request = _Recorder.seen[-1]
    assert request["method"] == "PUT" and request["path"] == "/ds?graph=urn%3Ag"
    assert request["headers"]["Content-Type"] == "application/n-triples"
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(b"ann:s3cret").decode()
    assert request["body"] == (devset_build.out / "graph.nt").read_bytes()
    assert result.status == 204 and result.triples == len(request["body"].splitlines())


def test_refusal_and_unreachable_store_are_backend_errors(devset_build, recorder: str) -> None:
    with pytest.raises(BackendError, match="HTTP 401"):
        push(devset_build.out, recorder + "/refuse", user="ann", password="wrong")
    with pytest.raises(BackendError, match="cannot reach"):
        push(devset_build.out, "http://127.0.0.1:9/ds", timeout=5)
    result = CliRunner().invoke(push_command, [str(devset_build.out), "--sparql-endpoint", "http://127.0.0.1:9/ds"])
    assert isinstance(result.exception, BackendError) and BackendError.exit_code == 7


def test_push_into_fuseki(devset_build, fuseki: Fuseki) -> None:  # noqa: F811
    nt = devset_build.out / "graph.nt"
    expected = sum(1 for line in nt.read_bytes().splitlines() if line.strip())
    result = CliRunner().invoke(push_command, [str(devset_build.out), "--sparql-endpoint", fuseki.dataset,
                                               "--graph", "https://w3id.org/graphkit/graph/devset"])
    assert result.exit_code == 0, result.output
    assert fuseki.count("https://w3id.org/graphkit/graph/devset") == expected
    push(devset_build.out, fuseki.dataset)  # default graph
    assert fuseki.count() == expected
    push(devset_build.out, fuseki.dataset)  # PUT again replaces: same count
    assert fuseki.count() == expected
    rows = fuseki.select(
        "PREFIX gk: <https://w3id.org/graphkit/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?id WHERE { ?p a gk:Participant ; dcterms:identifier ?id } ORDER BY ?id")
    assert "DP01" in {r["id"] for r in rows}


def test_push_turtle_appends(devset_build, fuseki: Fuseki, tmp_path: Path) -> None:  # noqa: F811
    graph = "https://w3id.org/graphkit/graph/append"
    push(devset_build.out / "graph.ttl", fuseki.dataset, graph=graph)
    before = fuseki.count(graph)
    push(devset_build.out / "graph.nt", fuseki.dataset, graph=graph, replace=False)
    assert fuseki.count(graph) == before > 0
