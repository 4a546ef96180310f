"""The local Neo4j dev server: built with Maven, Bolt on 127.0.0.1, clean stop on SIGTERM and SIGINT."""

from __future__ import annotations

import os
import signal
import socket
import time

import pytest

from graphkit.stores import neo4j_server
from graphkit.stores.neo4j_load import run_cypher
from graphkit.stores.neo4j_server import Neo4jServer, build_dev_server, missing_tools
from neo4j_fixture import require_java_and_maven

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_return_1(neo4j_server: Neo4jServer) -> None:
    assert neo4j_server.uri.startswith("bolt://127.0.0.1:")
    assert run_cypher(neo4j_server.uri, None, None, "RETURN 1 AS x", {}) == [{"x": 1}]


def test_community_5(neo4j_server: Neo4jServer) -> None:
    rows = run_cypher(neo4j_server.uri, None, None, "CALL dbms.components() YIELD versions, edition RETURN versions, edition", {})
    assert rows[0]["edition"] == "community"
    assert rows[0]["versions"][0].startswith("5.")


def test_credentials_are_ignored_by_the_dev_server(neo4j_server: Neo4jServer) -> None:
    # Auth is disabled (documented): the loader's --user/--password still work against it.
    assert run_cypher(neo4j_server.uri, ("neo4j", "anything"), "neo4j", "RETURN 2 AS x", {}) == [{"x": 2}]


def test_build_is_cached(neo4j_server: Neo4jServer) -> None:
    first = build_dev_server()
    assert build_dev_server() == first
    assert (first[0] / "classpath.txt").is_file()


def test_chosen_port_sigint_and_stop() -> None:
    require_java_and_maven()
    port = _free_port()
    server = Neo4jServer(port=port).start()
    try:
        assert server.uri == f"bolt://127.0.0.1:{port}"
        assert run_cypher(server.uri, None, None, "RETURN 1 AS x", {}) == [{"x": 1}]
        # Ctrl-C reaches the JVM too: it must shut the database down and exit on its own.
        os.kill(server.pid, signal.SIGINT)
        deadline = time.monotonic() + 60
        while server.running and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not server.running
    finally:
        server.stop()
    assert server.returncode == 130
    assert not _port_open(port)
    with pytest.raises(Exception, match="not running"):
        server.uri


def test_stop_sends_sigterm_and_frees_the_port() -> None:
    require_java_and_maven()
    with Neo4jServer() as server:
        port = int(server.uri.rsplit(":", 1)[1])
        assert _port_open(port)
    assert server.returncode == 143  # 128 + SIGTERM: the JVM ran its shutdown hook and exited
    assert not _port_open(port)


def test_missing_tools_skip_locally_fail_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    assert len(missing_tools()) == 2
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GRAPHKIT_REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="java"):
        require_java_and_maven()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_java_and_maven()


def test_cache_dir_override(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("GRAPHKIT_CACHE", str(tmp_path))
    assert neo4j_server.cache_dir() == tmp_path / "neo4j"
    monkeypatch.delenv("GRAPHKIT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert neo4j_server.cache_dir() == tmp_path / "xdg" / "graphkit" / "neo4j"


def test_harness_sources_ship_with_the_package() -> None:
    sources = neo4j_server._harness_sources()
    assert b"neo4j-harness" in sources["pom.xml"]
    assert b"class DevServer" in sources["src/main/java/graphkit/DevServer.java"]
