"""``graphkit query`` never ignores an option: a Neo4j option with the Oxigraph back end is a usage error."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphkit.cli import cli


@pytest.mark.parametrize(("options", "named"), [
    (["--uri", "bolt://127.0.0.1:7687"], "--uri is for --backend neo4j"),
    (["--uri", "bolt://127.0.0.1:7687", "--database", "neo4j"], "--uri, --database are for --backend neo4j"),
    (["--password", "secret"], "--password is for --backend neo4j"),
])
def test_a_neo4j_option_with_the_oxigraph_back_end_is_refused(devset_build, options: list[str], named: str) -> None:
    result = CliRunner().invoke(cli, ["query", "parents", "--graph", str(devset_build.out), *options])
    assert result.exit_code == 2, result.output
    assert named in result.output and "--graph" in result.output


def test_the_oxigraph_back_end_answers_without_them(devset_build) -> None:
    result = CliRunner(env={"NEO4J_PASSWORD": "from-the-environment"}).invoke(
        cli, ["query", "parents", "--graph", str(devset_build.out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "DP01" in result.output
