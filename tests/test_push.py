"""graphkit push: the Graph Store Protocol request, and a real push into Fuseki."""

from __future__ import annotations

import base64
import socket
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


class _Listener:
    """A store on 127.0.0.1 that answers one request its own way (a thread; raw sockets, so it can be rude)."""

    def __init__(self, answer: bytes, *, continue_first: bool = False, read_body: int = 0, then: bytes = b"") -> None:
        self.answer, self.continue_first, self.read_body, self.then = answer, continue_first, read_body, then
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/ds"
        self.head = b""
        self.received = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.server.accept()
        with conn:
            conn.settimeout(30)
            while b"\r\n\r\n" not in self.head:
                self.head += conn.recv(4096)
            self.head, _, early = self.head.partition(b"\r\n\r\n")
            self.received = len(early)
            if self.continue_first:
                conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            while self.received < self.read_body:
                data = conn.recv(1 << 16)
                if not data:
                    break
                self.received += len(data)
            conn.sendall(self.answer)
        self.server.close()


def _answer(status: str, message: str) -> bytes:
    body = message.encode()
    return (f"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory) -> Path:
    """An N-Triples file far larger than the socket buffers (~24 MB), so a store that stops reading breaks the pipe."""
    path = tmp_path_factory.mktemp("big") / "graph.nt"
    line = b'<https://w3id.org/graphkit/id/x> <http://purl.org/dc/terms/title> "%08d padding padding padding padding" .\n'
    with path.open("wb") as handle:
        for start in range(0, 240_000, 10_000):
            handle.write(b"".join(line % i for i in range(start, start + 10_000)))
    return path


@pytest.mark.parametrize("status", ["404 Not Found", "405 Method Not Allowed"])
def test_a_store_refusing_before_the_body_is_reported_with_its_status_and_message(big_graph: Path, status: str) -> None:
    store = _Listener(_answer(status, "No dataset /ds here (PUT refused)"))
    with pytest.raises(BackendError) as caught:
        push(big_graph, store.url, timeout=30)
    assert f"HTTP {status}: No dataset /ds here (PUT refused)" in str(caught.value)
    assert "Broken pipe" not in str(caught.value) and "cannot reach" not in str(caught.value)
    assert b"Expect: 100-continue" in store.head
    assert store.received < big_graph.stat().st_size  # it answered without the body, and was believed


def test_a_store_refusing_part_way_through_the_body_is_reported_with_its_status(big_graph: Path) -> None:
    """No interim answer, so the body goes after the wait; the store reads 1 MB, answers 413 and hangs up."""
    store = _Listener(_answer("413 Content Too Large", "the graph is over this store's limit"), read_body=1 << 20)
    with pytest.raises(BackendError, match="HTTP 413 Content Too Large: the graph is over this store's limit"):
        push(big_graph, store.url, timeout=30)


def test_a_store_that_says_continue_gets_the_whole_body(devset_build) -> None:
    nt = devset_build.out / "graph.nt"
    store = _Listener(_answer("201 Created", ""), continue_first=True, read_body=nt.stat().st_size)
    result = push(devset_build.out, store.url, timeout=30)
    store.thread.join(10)
    assert result.status == 201 and store.received == nt.stat().st_size


def test_an_endpoint_with_a_space_is_refused_before_anything_is_sent(devset_build) -> None:
    with pytest.raises(BackendError, match="space or control character"):
        push(devset_build.out, "http://127.0.0.1:9/my ds")
