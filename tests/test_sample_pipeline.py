"""The pipeline, not the generator, recovers the study's published profile from the bundled sample."""

from __future__ import annotations

import pytest

from graphkit.pipeline import build
from graphkit.questions import answer, load_question
from graphkit.sample import write_sample


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    write_sample(root, scale=1, seed=0)
    return build(root / "collection", root / "out")


def test_every_published_figure_is_observed(sample_build) -> None:
    rows = answer(load_question("profile"), sample_build.out)[1]
    assert len(rows) >= 20
    differing = {r["measure"]: (r["published"], r["observed"]) for r in rows if r["published"] != r["observed"]}
    assert differing == {}


def test_the_family_member_is_explained(sample_build) -> None:
    rows = {r["measure"]: r for r in answer(load_question("profile"), sample_build.out)[1]}
    assert rows["parent-participants"]["observed"] == 26 and rows["family-members"]["observed"] == 1
    assert "family member" in rows["parents"]["note"]


def test_sample_build_has_no_problems_but_shape_warnings(sample_build) -> None:
    assert [p for p in sample_build.problems if p.severity == "error"] == []
