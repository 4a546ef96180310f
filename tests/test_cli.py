"""The command line: every command documented, exit codes that mean something, quiet in a pipe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_help_lists_commands_without_importing_back_ends(tmp_path: Path) -> None:
    code = "import sys; from graphkit.cli import main; sys.argv=['graphkit','--help']\ntry: main()\nexcept SystemExit: pass\nprint(sorted(m for m in ('rdflib','pyoxigraph','neo4j','networkx','pyvis','pyshacl') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert proc.stdout.strip().endswith("[]"), proc.stdout
    assert "build" in proc.stdout and "query" in proc.stdout


def test_build_and_query_from_the_cli(tmp_path: Path, devset: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(devset), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "turtle: " in result.output
    for fmt, check in (("json", lambda s: json.loads(s)[0]["parent_id"] == "DF01"), ("csv", lambda s: s.startswith("parent_id,pseudonym,role")),
                       ("table", lambda s: s.splitlines()[1].startswith("---"))):
        out = runner.invoke(cli, ["query", "parents", "--graph", str(tmp_path / "out"), "--format", fmt])
        assert out.exit_code == 0 and check(out.output), (fmt, out.output)


def test_strict_exit_code(tmp_path: Path, devset: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", "from graphkit.cli import main; main()", "build", str(devset), "--out", str(tmp_path / "o"), "--strict"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 5
    assert "listed data file is missing: DP05_Interview2.txt" in proc.stderr
    assert "\x1b[" not in proc.stderr  # no progress bar or colour in a pipe


def test_query_without_a_build_is_a_graph_folder_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", "from graphkit.cli import main; main()", "query", "parents", "--graph", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 8 and "graphkit build" in proc.stderr


def test_evidence_prints_the_passage(devset_build) -> None:
    result = CliRunner().invoke(cli, ["evidence", "DP04-C1", "--graph", str(devset_build.out)])
    assert result.exit_code == 0, result.output
    assert "participants.csv, line " in result.output and "Skye (13)" in result.output
    missing = CliRunner().invoke(cli, ["evidence", "x' } DROP ALL #", "--graph", str(devset_build.out)])
    assert missing.exit_code == 1


def test_export_neo4j_csv(devset_build, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(devset_build.out), "--format", "neo4j-csv", "--to", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert "IMPORT.txt" in files and any(name.endswith(".csv") for name in files)
    header = (tmp_path / "csv" / "nodes-Person.csv").read_text(encoding="utf-8").splitlines()[0]
    assert ":ID(" in header and ":LABEL" in header
