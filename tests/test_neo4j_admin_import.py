"""neo4j-admin import (the tool itself, from the Neo4j jars Maven Central gives the dev server) takes the CSVs
with the command line IMPORT.txt prints, rejects nothing, and stores what ``graphkit neo4j load`` stores:
the same nodes, relationships and properties (an absent value is no property in either)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from graphkit.projections.neo4j_rows import rows_from_graph
from graphkit.stores.neo4j_csv import write_neo4j_folder
from graphkit.stores.neo4j_load import load, run_cypher
from neo4j_fixture import require_java_and_maven
from test_absent import absent_values_graph

ADMIN_MAIN = "org.neo4j.cli.AdminTool"


def _import_arguments(import_txt: Path) -> list[str]:
    """The arguments of the command IMPORT.txt prints, after ``neo4j-admin``."""
    command = " ".join(line for line in import_txt.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    words = shlex.split(command.replace("\\", " "))
    assert words[0] == "neo4j-admin", words
    return words[1:]


def neo4j_admin_import(graph, tmp_path: Path) -> dict[str, int]:
    """Write the import folder for ``graph``, run neo4j-admin import on it, and return what it says it imported."""
    from graphkit.stores.neo4j_server import build_dev_server

    require_java_and_maven()
    _, classpath = build_dev_server()
    folder = write_neo4j_folder(graph, tmp_path / "out")["IMPORT.txt"].parent
    home = tmp_path / "neo4j-home"
    (home / "conf").mkdir(parents=True)
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    done = subprocess.run(["java", "-Xmx1g", "-cp", classpath, ADMIN_MAIN, *_import_arguments(folder / "IMPORT.txt")],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "IMPORT DONE" in done.stdout, (done.stdout + done.stderr)[-3000:]
    report = folder / "import.report"
    assert not report.exists() or report.read_text() == "", report.read_text()[:2000]  # no bad entry skipped
    counts = {what: int(n) for n, what in re.findall(r"^\s*(\d+) (nodes|relationships|properties)$", done.stdout, re.M)}
    assert set(counts) == {"nodes", "relationships", "properties"}, done.stdout[-2000:]
    return counts


def loaded_counts(uri: str) -> dict[str, int]:
    node = run_cypher(uri, None, None, "MATCH (n) RETURN count(n) AS n, sum(size(keys(n))) AS p")[0]
    rel = run_cypher(uri, None, None, "MATCH ()-[r]->() RETURN count(r) AS n, sum(size(keys(r))) AS p")[0]
    return {"nodes": node["n"], "relationships": rel["n"], "properties": (node["p"] or 0) + (rel["p"] or 0)}


@pytest.mark.parametrize("which", ["devset", "absent-values"])
def test_neo4j_admin_import_stores_what_the_loader_stores(which: str, devset_build, neo4j_db: str, tmp_path: Path) -> None:
    graph = devset_build.graph if which == "devset" else absent_values_graph()
    imported = neo4j_admin_import(graph, tmp_path)
    load(neo4j_db, None, rows_from_graph(graph))
    assert imported == loaded_counts(neo4j_db)
