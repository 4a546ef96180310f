"""``graphkit evidence`` reads passages back from a built store."""

from __future__ import annotations

from click.testing import CliRunner

from graphkit.cli import cli


def test_a_text_child_shows_its_passage(devset_build) -> None:
    result = CliRunner().invoke(cli, ["evidence", "DP04-C3", "--graph", str(devset_build.out)])
    assert result.exit_code == 0, result.output
    assert "DP04_Interview1.txt, line 9" in result.output and "Megan's my oldest" in result.output


def test_two_ids_give_the_relations_between_them(devset_build) -> None:
    result = CliRunner().invoke(cli, ["evidence", "DPR06", "DS4", "--graph", str(devset_build.out)])
    assert result.exit_code == 0, result.output
    assert "He's been wi' me here at Thistle" in result.output and "DPR06" in result.output


def test_a_relation_id_and_json(devset_build) -> None:
    rel = next(r for r in devset_build.graph.relations.values() if r.kind == "works-with" and r.source == "DPR05")
    result = CliRunner().invoke(cli, ["evidence", rel.id, "--graph", str(devset_build.out), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Mhairi, the health visitor." in result.output


def test_an_injected_id_is_only_a_value(devset_build) -> None:
    result = CliRunner().invoke(cli, ["evidence", "x' } DROP ALL #", "--graph", str(devset_build.out)])
    assert result.exit_code == 1
