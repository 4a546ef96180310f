"""``graphkit neo4j``: help on every command, load a build folder, then query it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graphkit.cli.neo4j import neo4j


@pytest.mark.parametrize("args", [["--help"], ["load", "--help"], ["dev-server", "--help"]])
def test_help(args: list[str]) -> None:
    result = CliRunner().invoke(neo4j, args)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_registered_in_the_main_cli() -> None:
    from graphkit.cli import COMMANDS, cli

    if "neo4j" not in COMMANDS:
        pytest.skip("graphkit.cli COMMANDS has no 'neo4j' entry yet (the lead registers it)")
    result = CliRunner().invoke(cli, ["neo4j", "--help"])
    assert result.exit_code == 0 and "dev-server" in result.output


def test_load_without_rows_file_says_what_to_do(tmp_path) -> None:
    result = CliRunner().invoke(neo4j, ["load", str(tmp_path), "--uri", "bolt://127.0.0.1:9"])
    assert result.exit_code != 0
    assert "graphkit build" in str(result.exception)


@pytest.mark.neo4j
def test_load_then_query(neo4j_db: str, devset_build) -> None:
    from graphkit.cli import cli
    from graphkit.questions import answer, load_question

    runner = CliRunner()
    for _ in range(2):  # loading twice is harmless
        result = runner.invoke(neo4j, ["load", str(devset_build.out), "--uri", neo4j_db, "--database", "neo4j"])
        assert result.exit_code == 0, result.output
    assert "0 new" in result.output
    result = runner.invoke(cli, ["query", "parents", "--backend", "neo4j", "--uri", neo4j_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == answer(load_question("parents"), devset_build.out)[1]
