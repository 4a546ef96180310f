"""Every development collection, built and scored whole: no relation family may fall below its floor.

The devsets are measuring instruments written by other hands; the grammar and
text rules are tested in words of their own elsewhere. This test only keeps
what has been reached (tests/data/floors.toml).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from graphkit.evaluate import evaluate

DATA = Path(__file__).parent / "data"
FLOORS = tomllib.loads((DATA / "floors.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_devset_keeps_its_floors(name: str, tmp_path: Path) -> None:
    result = evaluate(DATA / name / "collection", DATA / name / "gold.json", out=tmp_path / "out")
    floors = FLOORS[name]
    below = {family: round(score.f1, 3) for family, score in result.scores.items() if score.f1 < floors[family] - 1e-9}
    assert not below, f"{name}: below the floor: {below}"
    assert result.macro_f1 >= floors["macro"] - 1e-9
