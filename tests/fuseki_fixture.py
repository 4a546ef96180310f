"""A real Apache Jena Fuseki for the tests: resolved from Maven Central with mvn, started on 127.0.0.1.

The session fixture ``fuseki`` writes a small pom (jena-fuseki-main + log4j)
into a cache folder, runs ``mvn dependency:build-classpath`` once (the
classpath is cached beside the pom; later sessions start in seconds), then
starts ``FusekiMainCmd --localhost --mem --update /ds`` on a free port and
yields a :class:`Fuseki` with its URLs. Without java or mvn, or when Maven
Central cannot be reached, the tests that use it SKIP with the reason, unless
``GRAPHKIT_REQUIRE_SERVICES`` is set: then they FAIL.

Register it for every test module in ``tests/conftest.py``::

    pytest_plugins = ["fuseki_fixture"]
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

FUSEKI_VERSION = "5.6.0"
LOG4J_VERSION = "2.24.3"
MAIN_CLASS = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"
POM = f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>graphkit</groupId>
  <artifactId>graphkit-fuseki-test</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.jena</groupId><artifactId>jena-fuseki-main</artifactId><version>{FUSEKI_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>{LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>{LOG4J_VERSION}</version></dependency>
  </dependencies>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version>
  </plugin></plugins></build>
</project>
"""


@dataclass(frozen=True)
class Fuseki:
    """A running Fuseki with one in-memory, updatable dataset ``/ds``."""

    base: str  # http://127.0.0.1:<port>
    dataset: str  # <base>/ds: Graph Store Protocol and SPARQL on one URL

    @property
    def sparql(self) -> str:
        return f"{self.dataset}/sparql"

    def select(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT; each row maps a variable to the plain value of its term."""
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(self.sparql, data=data, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            doc = json.load(response)
        return [{k: v["value"] for k, v in row.items()} for row in doc["results"]["bindings"]]

    def count(self, graph: str | None = None) -> int:
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])


def _unavailable(reason: str) -> None:
    if os.environ.get("GRAPHKIT_REQUIRE_SERVICES"):
        pytest.fail(f"Fuseki is required (GRAPHKIT_REQUIRE_SERVICES is set) but {reason}")
    pytest.skip(f"Fuseki not available: {reason}")


def _cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "graphkit"
    key = hashlib.sha256(POM.encode()).hexdigest()[:12]
    return root / f"fuseki-{FUSEKI_VERSION}-{key}"


def _classpath(mvn: str) -> str:
    folder = _cache_dir()
    cp_file = folder / "classpath.txt"
    if cp_file.is_file() and all(Path(p).is_file() for p in cp_file.read_text().split(os.pathsep) if p):
        return cp_file.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pom.xml").write_text(POM, encoding="utf-8")
    try:
        done = subprocess.run(
            [mvn, "-q", "-B", "dependency:build-classpath", f"-Dmdep.outputFile={cp_file}"],
            cwd=folder, capture_output=True, text=True, timeout=900,
        )
    except subprocess.TimeoutExpired:
        _unavailable("mvn took more than 15 minutes to resolve jena-fuseki-main")
    if done.returncode != 0 or not cp_file.is_file():
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        _unavailable(f"mvn could not resolve jena-fuseki-main {FUSEKI_VERSION} (offline?): {' | '.join(tail)}")
    return cp_file.read_text().strip()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(server: Fuseki, process: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Fuseki exited with code {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            server.select("SELECT * WHERE { } LIMIT 1")
            return
        except (urllib.error.URLError, OSError, ValueError):
            time.sleep(0.3)
    raise RuntimeError(f"Fuseki did not answer within {timeout:.0f} s: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="session")
def fuseki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuseki]:
    java, mvn = shutil.which("java"), shutil.which("mvn")
    if not java or not mvn:
        _unavailable(f"{'java' if not java else 'mvn'} is not on PATH (needs a JDK 17+ and Maven)")
    classpath = _classpath(mvn)
    port = _free_port()
    log = tmp_path_factory.mktemp("fuseki") / "fuseki.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [java, "-Xmx1g", "-cp", classpath, MAIN_CLASS, "--localhost", f"--port={port}", "--mem", "--update", "/ds"],
            stdout=sink, stderr=subprocess.STDOUT,
        )
    server = Fuseki(base=f"http://127.0.0.1:{port}", dataset=f"http://127.0.0.1:{port}/ds")
    try:
        _wait_ready(server, process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
