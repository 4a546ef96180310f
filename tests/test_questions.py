"""Every standard question answers on the devset with exactly the documented columns and the gold values."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.errors import QueryError
from graphkit.questions import COLUMNS, STANDARD, answer, load_question


@pytest.mark.parametrize("name", STANDARD)
def test_columns_exactly_as_documented(devset_build, name: str) -> None:
    result = CliRunner().invoke(cli, ["query", name, "--graph", str(devset_build.out), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows, f"{name} gave no rows on the devset"
    assert all(list(row) == COLUMNS[name] for row in rows)


def _rows(devset_build, name: str) -> list[dict]:
    return answer(load_question(name), devset_build.out)[1]


def test_parents_match_gold(devset_build, devset_gold) -> None:
    rows = {r["parent_id"]: r for r in _rows(devset_build, "parents")}
    for pid, gold in devset_gold["parents"].items():
        got = {k: rows[pid][k] for k in ("role", "country", "household", "partner_in_treatment")}
        assert got == gold, pid


def test_descriptor_children_have_age_group_and_arrangement(devset_build, devset_gold) -> None:
    rows = _rows(devset_build, "children-care")
    for pid, children in devset_gold["children"].items():
        for child in children:
            if child["source"] not in ("descriptor", "both") or child["temporal"]:
                continue
            match = [r for r in rows if r["parent_id"] == pid and r["age_group"] == child["age_group"]
                     and r["care_arrangement"] == child["care_arrangement"] and (child["name"] is None or r["child_name"] in (None, child["name"]))]
            assert match, (pid, child)


def test_profile_carries_published_figures(devset_build) -> None:
    rows = {r["measure"]: r for r in _rows(devset_build, "profile")}
    assert len(rows) >= 20
    assert rows["parents"]["published"] == 27 and rows["parents"]["observed"] == 6
    assert rows["family-members"]["observed"] == 1
    assert "family member" in rows["parents"]["note"]


def test_row_order_is_stable(devset_build) -> None:
    rows = _rows(devset_build, "children-care")
    assert rows == sorted(rows, key=lambda r: (r["parent_id"], r["child_id"]))


def test_any_rq_file_runs(devset_build, tmp_path) -> None:
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    columns, rows = answer(load_question(str(path)), devset_build.out)
    assert columns == ["n"] and rows[0]["n"] > 100


@pytest.mark.parametrize("text", ["INSERT DATA { <a:a> <a:b> <a:c> }", "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
                                  "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "DROP ALL", "LOAD <http://x/>"])
def test_refused_forms(devset_build, tmp_path, text: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match="refused"):
        answer(load_question(str(path)), devset_build.out)


def test_unknown_question_exit_code(devset_build, tmp_path) -> None:
    """Run outside the source tree (cwd=tmp_path) so the installed package answers, as a user's would."""
    proc = subprocess.run([sys.executable, "-c", "from graphkit.cli import main; main()", "query", "nope", "--graph", str(devset_build.out)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 6 and "unknown question" in proc.stderr
