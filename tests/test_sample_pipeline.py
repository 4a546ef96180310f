"""The pipeline, not the generator, recovers the study's published profile from the bundled sample."""

from __future__ import annotations

import pytest

from graphkit.pipeline import build
from graphkit.questions import STANDARD, answer, answer_neo4j, load_question
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


def test_every_parent_and_family_member_has_a_family_page(sample_build) -> None:
    people = sample_build.graph.of_kind("parent", "family-member")
    assert len(people) == 27
    missing = [p.id for p in people if not (sample_build.out / "families" / f"{p.id}.html").is_file()]
    assert missing == []


@pytest.mark.browser
def test_sample_pages_draw_in_chromium(sample_build) -> None:
    from browser import dump, require_chromium
    from test_views_browser import assert_clean

    binary = require_chromium()
    page = dump(sample_build.out / "network.html", binary=binary, budget_ms=8000)
    assert_clean(page, "sample network.html")
    shown = sum(1 for e in sample_build.graph.entities.values() if e.kind != "file")
    assert page.status["data-drawn"] == "true" and page.status["data-nodes"] == str(shown)
    for person in sample_build.graph.of_kind("parent", "family-member")[:5]:
        family = dump(sample_build.out / "families" / f"{person.id}.html", binary=binary, budget_ms=1000)
        assert_clean(family, person.id)


@pytest.fixture(scope="module")
def loaded_sample(neo4j_server, sample_build) -> str:
    from neo4j_fixture import load_fresh

    return load_fresh(neo4j_server.uri, sample_build.graph)


@pytest.mark.neo4j
@pytest.mark.parametrize("name", STANDARD)
def test_cypher_equals_sparql_on_the_sample(loaded_sample: str, sample_build, name: str) -> None:
    _, sparql_rows = answer(load_question(name, "sparql"), sample_build.out)
    _, cypher_rows = answer_neo4j(load_question(name, "cypher"), loaded_sample, None, None, None)
    assert cypher_rows, name
    assert cypher_rows == sparql_rows
