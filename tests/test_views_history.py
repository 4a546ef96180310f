"""The date slider's spans and the first view's folds, without a browser (issue 17)."""

from __future__ import annotations

import re

import pytest
from test_views_fixtures import copies

from graphkit.model import Entity, Evidence, Graph
from graphkit.pipeline import build_graph
from graphkit.sample import write_sample
from graphkit.views.history import fieldwork_dates, spans, state_on
from graphkit.views.network import legend_lines, network_data
from graphkit.views.overview import FIRST_VIEW_BUDGET, bundles, family_of, fold_tree, shown_at
from graphkit.views.pages import render_ecomap_page


def _ev(file: str, line: int, date: str | None) -> Evidence:
    return Evidence(file, 0, 4, "said", line, line, date=date)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Graph:
    root = tmp_path_factory.mktemp("history-sample")
    write_sample(root, scale=1, seed=0)
    return build_graph(root / "collection")


def moved_family() -> Graph:
    """A child in kinship care by the descriptor who moves home in a dated text; a past-only stay with an aunt."""
    g = Graph()
    g.add_entity(Entity("P1", "parent", "Ann", {"country": "Scotland"}))
    g.add_entity(Entity("P1-C1", "child", "Bo"))
    g.add_entity(Entity("P1-C2", "child", "Cy"))
    g.relate("parent-of", "P1", "P1-C1", _ev("participants.csv", 2, None))
    kin = g.relate("care", "P1-C1", "P1", _ev("participants.csv", 2, None), current=False, date="2021-05-01", arrangement="kinship-care")
    kin.add_evidence(_ev("P1_Interview1.txt", 10, "2021-05-01"))
    home = g.relate("care", "P1-C1", "P1", _ev("P1_Interview1.txt", 40, "2021-05-01"), arrangement="with-parent")
    home.add_evidence(_ev("P1_Interview2.txt", 3, "2022-02-10"))
    g.relate("care", "P1-C2", "P1", _ev("P1_Interview2.txt", 9, "2022-02-10"), current=False, date="2022-02-10", arrangement="kinship-care")
    g.relate("care", "P1-C2", "P1", _ev("P1_Interview2.txt", 12, "not a date"), arrangement="foster-care")
    return g


def test_a_dated_move_ends_the_baseline_arrangement_on_its_text():
    g = moved_family()
    found = spans(g)
    kin, home = (next(r for r in g.relations.values() if r.source == "P1-C1" and r.attrs.get("arrangement") == a)
                 for a in ("kinship-care", "with-parent"))
    # Within the first interview the later line (40) wins: the move is dated 2021-05-01.
    assert found[kin.id] == {"first": "", "active": [["", "2021-05-01"]]}
    assert found[home.id] == {"first": "2021-05-01", "active": [["2021-05-01", None]]}
    assert [state_on(found[kin.id], d) for d in ("2021-01-01", "2021-05-01", "2022-12-01")] == ["active", "history", "history"]
    assert [state_on(found[home.id], d) for d in ("2021-01-01", "2021-05-01", "2022-12-01")] == ["future", "active", "active"]


def test_a_malformed_date_counts_as_undated_and_is_no_slider_stop():
    g = moved_family()
    found = spans(g)
    foster = next(r for r in g.relations.values() if r.attrs.get("arrangement") == "foster-care")
    aunt = next(r for r in g.relations.values() if r.source == "P1-C2" and r.attrs.get("arrangement") == "kinship-care")
    assert found[foster.id]["first"] == "" and state_on(found[foster.id], "2023-01-01") == "active"
    assert state_on(found[aunt.id], "2023-01-01") == "history"
    assert fieldwork_dates(g) == ["2021-05-01", "2022-02-10"]


def test_on_the_last_date_the_slider_shows_what_the_model_calls_current(sample):
    found = spans(sample)
    last = fieldwork_dates(sample)[-1]
    lines = [r for r in sample.relations.values() if r.kind in ("care", "contact", "engages-with")]
    assert lines and all(r.id in found for r in lines)
    wrong = [(r.kind, r.source, r.target, r.attrs.get("arrangement"), r.current) for r in lines
             if (state_on(found[r.id], last) == "active") != r.current]
    assert wrong == []
    moved = [r for r in lines if r.kind == "care" and r.current and found[r.id]["active"][0][0]]
    assert moved, "the sample has dated moves: the slider has something to show"


def test_one_engagement_line_per_family_and_service(sample):
    family = family_of(sample)
    found = bundles(sample, family)
    keys = [(b.family, b.service) for b in found]
    assert len(keys) == len(set(keys))
    engagements = [r for r in sample.relations.values() if r.kind == "engages-with"]
    bundled = {r.id for b in found for r in b.relations}
    assert {r.id for r in engagements} <= bundled
    assert len(found) < len(engagements) + sum(1 for r in sample.relations.values() if r.kind == "works-with")
    data = network_data(sample)
    assert {e["gk"]["bundle"] for e in data["edges"] if "bundle" in e["gk"]} == {b["id"] for b in data["bundles"]}


def test_a_graph_ten_times_the_sample_opens_folded_within_the_budget(sample):
    big = copies(sample, 10)
    family = family_of(big)
    tree = fold_tree(big, family, bundles(big, family))
    first = shown_at(tree["paths"], set(tree["open"]))
    assert 10 <= len(first) <= FIRST_VIEW_BUDGET
    assert first <= set(tree["groups"]) | set(tree["paths"])
    assert any(g.startswith("svc:") for g in first), "services are drawn as single nodes"
    # The sample itself opens whole.
    small = fold_tree(sample, family_of(sample), bundles(sample, family_of(sample)))
    assert shown_at(small["paths"], set(small["open"])) == set(small["paths"])


def test_the_ecomap_key_is_the_network_legend(sample):
    legend = {line["label"]: line for line in legend_lines()}
    page_of = {p.id: f"families/{p.id}.html" for p in sample.of_kind("parent", "family-member")}
    seen = 0
    for person in sample.of_kind("parent", "family-member"):
        html = render_ecomap_page(sample, person.id, page_of)
        key = re.search(r'<ul class="key"[^>]*>(.*?)</ul>', html, re.DOTALL).group(1)
        for colour, width, dash, label in re.findall(
                r'stroke="([^"]+)" stroke-width="([^"]+)" stroke-dasharray="([^"]+)"/></svg>([^<]+)</li>', key):
            assert legend[label] == {"label": label, "colour": colour, "dash": dash, "width": width}, (person.id, label)
            seen += 1
    assert seen > 50
