"""Issue 16.3: a time budget per query, caps on rows, bytes, memory and concurrent queries; the server outlives any query."""

from __future__ import annotations

import json
import multiprocessing
import socket
import time
import urllib.parse

import pytest

from graphkit.sparql_worker import Limits
from serve_helpers import get_query, running

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~3e11 rows: never finishes
SORTED_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d"  # ~47e6 rows held in memory to sort


@pytest.fixture(scope="module")
def tight(devset_build):
    with running(devset_build.out, Limits(timeout=2, max_rows=20, max_bytes=4000, max_queries=1,
                                          max_memory=512 << 20)) as srv:
        yield srv


def _workers(srv) -> set[int]:
    multiprocessing.active_children()  # reaps the workers that ended, so their ids are gone
    return srv.pool.pids


def _n(data: bytes) -> int:
    return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])


def test_a_query_past_its_budget_is_cancelled_and_the_next_is_answered(tight):
    assert _n(get_query(tight, COUNT)[1]) > 100
    before = _workers(tight)
    response, data = get_query(tight, CARTESIAN)
    assert response.status == 503 and b"ran past the 2 s budget" in data
    assert not (before & _workers(tight)), "the worker that ran the query was killed"
    response, data = get_query(tight, COUNT)
    assert response.status == 200 and _n(data) > 100


def test_a_query_that_exhausts_memory_kills_its_worker_not_the_server(tight):
    response, data = get_query(tight, SORTED_PRODUCT)
    assert response.status in (500, 503), data
    response, data = get_query(tight, COUNT)
    assert response.status == 200 and _n(data) > 100


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "text/tab-separated-values",
                                    "application/sparql-results+xml"])
def test_rows_are_capped_with_a_clear_error(tight, accept):
    response, data = get_query(tight, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 21", headers={"Accept": accept})
    assert response.status == 422 and b"more than 20 rows" in data and b"--max-rows" in data
    response, data = get_query(tight, "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 20", headers={"Accept": accept})
    assert response.status == 200 and response.getheader("Content-Type").startswith(accept)
    if accept.endswith("json"):
        assert len(json.loads(data)["results"]["bindings"]) == 20
    if accept == "text/csv":
        assert data.count(b"\r\n") == 21


def test_triples_are_capped_too(tight):
    response, data = get_query(tight, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 21")
    assert response.status == 422 and b"more than 20 rows" in data
    response, data = get_query(tight, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5", headers={"Accept": "text/turtle"})
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/turtle")


def test_bytes_are_capped_with_a_clear_error(tight):
    response, data = get_query(tight, "SELECT (GROUP_CONCAT(STR(?s)) AS ?all) WHERE { ?s ?p ?o }")
    assert response.status == 422 and b"more than 4000 bytes" in data and b"--max-bytes" in data


@pytest.fixture(scope="module")
def patient(devset_build):
    with running(devset_build.out, Limits(timeout=120, max_queries=1)) as srv:
        yield srv


def _send_raw(srv, query: str) -> socket.socket:
    sock = socket.create_connection(srv.server_address, timeout=10)
    target = "/sparql?" + urllib.parse.urlencode({"query": query})
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{srv.server_address[1]}\r\n\r\n".encode())
    return sock


def _wait_until(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_concurrent_queries_are_capped_and_a_client_that_leaves_cancels_its_query(patient):
    assert _n(get_query(patient, COUNT)[1]) > 100
    running = _workers(patient)
    sock = _send_raw(patient, CARTESIAN)
    time.sleep(0.5)
    response, data = get_query(patient, COUNT)
    assert response.status == 503 and b"busy" in data and response.getheader("Retry-After")
    sock.close()
    # Its worker is killed when the client goes, long before the 120 s budget.
    assert _wait_until(lambda: not (running & _workers(patient)), 15)
    assert _wait_until(lambda: get_query(patient, COUNT)[0].status == 200, 30)


def test_limits_are_options_of_the_command():
    from click.testing import CliRunner

    from graphkit.cli.serve import serve

    result = CliRunner().invoke(serve, ["--help"])
    for option in ("--timeout", "--max-rows", "--max-bytes", "--max-queries", "--max-memory"):
        assert option in result.output
    defaults = {p.name: p.default for p in serve.params}
    library = Limits()
    assert (defaults["timeout"], defaults["max_rows"], defaults["max_bytes"], defaults["max_queries"],
            defaults["max_memory"] << 20) == (library.timeout, library.max_rows, library.max_bytes,
                                              library.max_queries, library.max_memory)


def test_workers_end_with_the_server_even_mid_query(devset_build, tmp_path):
    """A server killed outright (SIGKILL, no clean-up) leaves no worker running a query on its own."""
    import os
    import select
    import signal
    import subprocess
    import sys

    script = tmp_path / "serve.py"
    script.write_text(
        "from graphkit.serve import make_server\n"
        "from graphkit.sparql_worker import Limits\n"
        "if __name__ == '__main__':\n"  # the workers are spawned: they import this file too
        f"    srv = make_server({str(devset_build.out)!r}, port=0, limits=Limits(timeout=300, max_queries=1))\n"
        "    print(srv.server_address[1], *srv.pool.pids, flush=True)\n"
        "    srv.serve_forever()\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert select.select([proc.stdout], [], [], 60)[0], "the server did not start"
        port, *pids = (int(x) for x in proc.stdout.readline().split())

        class Srv:
            server_address = ("127.0.0.1", port)

        assert _wait_until(lambda: get_query(Srv, COUNT)[0].status == 200, 60)
        sock = _send_raw(Srv, CARTESIAN)
        time.sleep(1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    def gone() -> bool:
        for pid in pids:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                continue
            status = open(f"/proc/{pid}/stat").read().split(")")[1].split()[0]
            if status != "Z":
                return False
        return True

    assert _wait_until(gone, 10)
    sock.close()
