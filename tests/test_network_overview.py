"""The network page reads at a glance on the demo sample, in real headless Chromium (issue 17).

First view: labels never overlap and every service is named; a filter refits the view; a graph ten
times the sample opens folded; the date slider moves a child's care line back and forth; a
neighbourhood from a service shows its families and their children's arrangements.
"""

from __future__ import annotations

import html
import json
import re
from itertools import combinations

import pytest
from browser import dump, require_chromium
from test_views_browser import assert_clean
from test_views_fixtures import copies

from graphkit.pipeline import build_graph
from graphkit.sample import write_sample
from graphkit.views import write_views
from graphkit.views.history import spans, state_on
from graphkit.views.network import network_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("net-sample")
    write_sample(root, scale=1, seed=0)
    graph = build_graph(root / "collection")
    write_views(graph, root / "out")
    return graph, root / "out"


def _labels(page) -> list[tuple[str, float, float, float, float]]:
    return [tuple(row) for row in json.loads(page.status["data-labels"])]


@pytest.mark.parametrize("size", ["1400,900", "1000,800"])
def test_first_view_labels_never_overlap_and_name_every_service(chromium, sample, size):
    graph, out = sample
    page = dump(out / "network.html", binary=chromium, size=size)
    assert_clean(page, f"network.html at {size}")
    labels = _labels(page)
    width, height = (int(v) for v in page.status["data-fit-size"].split("x"))
    for (a, ax, ay, aw, ah), (b, bx, by, bw, bh) in combinations(labels, 2):
        assert not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah), f"{a} overlaps {b}"
    assert all(0 <= x and 0 <= y and x + w <= width and y + h <= height for _, x, y, w, h in labels)
    named = {row[0] for row in labels}
    services = {e.id for e in graph.of_kind("service")}
    assert services <= named, f"services without a label: {sorted(services - named)}"
    assert len(named - services) >= 10, "the first view names people too, not only the services"


def test_a_country_filter_refits_the_view(chromium, sample):
    graph, out = sample
    nodes = network_data(graph)["nodes"]
    england = sum(1 for n in nodes if n["gk"]["country"] == "England")
    assert 0 < england < len(nodes)
    page = dump(out.joinpath("network.html").resolve().as_uri() + "#filter=country:England", binary=chromium, size="1400,900")
    assert_clean(page, "network.html#filter=country:England")
    assert page.status["data-visible"] == str(england)
    assert page.status["data-off-view"] == "0"
    # The English half alone, fitted: it spans the canvas (unfitted it would keep the whole graph's frame).
    assert float(page.status["data-fill"]) >= 0.8, page.status["data-fill"]


def test_ten_times_the_sample_opens_folded_and_a_click_opens_a_group(chromium, sample, tmp_path):
    graph, _ = sample
    big = copies(graph, 10)
    write_views(big, tmp_path)
    page = dump(tmp_path / "network.html", binary=chromium, budget_ms=12000, timeout=240, size="1400,900")
    assert_clean(page, "network.html (10 copies)")
    shown = int(page.status["data-shown"])
    assert 10 <= shown <= 150, shown
    labels = _labels(page)
    for (a, ax, ay, aw, ah), (b, bx, by, bw, bh) in combinations(labels, 2):
        assert not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah), f"{a} overlaps {b}"
    assert len(labels) >= 10
    assert page.status["data-nodes"] == str(sum(1 for e in big.entities.values() if e.kind != "file"))
    data = network_data(big)
    closed = [g for g in data["groups"] if g["id"] not in data["open"] and all(p in data["open"] for p in g["path"])]
    target = max(closed, key=lambda g: (g["count"], g["id"]))
    opened = dump(tmp_path.joinpath("network.html").resolve().as_uri() + "#open=" + target["id"], binary=chromium,
                  budget_ms=12000, timeout=240, size="1400,900")
    assert_clean(opened, "network.html#open")
    assert int(opened.status["data-shown"]) > shown


def _moved_child(graph) -> tuple[str, str, str, str]:
    """A child whose care arrangement changes on a dated text: (child, old relation, new relation, move date)."""
    found = spans(graph)
    for rel in sorted(graph.relations.values(), key=lambda r: r.id):
        if rel.kind == "care" and rel.current and found[rel.id]["active"][0][0]:
            moved = found[rel.id]["active"][0][0]
            old = [r for r in graph.relations.values() if r.kind == "care" and r.source == rel.source
                   and r.target == rel.target and r.id != rel.id and state_on(found[r.id], moved) == "history"
                   and found[r.id]["first"] == ""]
            if old:
                return rel.source, old[0].id, rel.id, moved
    raise AssertionError("the sample has no dated move")


def test_the_date_slider_moves_a_childs_arrangement_line_and_back(chromium, sample):
    graph, out = sample
    child, old, new, moved = _moved_child(graph)
    before, after = "2021-01-01", "2022-12-31"
    assert before < moved < after
    url = out.joinpath("network.html").resolve().as_uri() + f"#watch={child}&steps={before},{after},{before}"
    page = dump(url, binary=chromium)
    assert_clean(page, "network.html#watch")
    steps = json.loads(page.status["data-watch"])
    states = [{line["id"]: (line["hidden"], line["opacity"]) for line in step["care"]} for step in steps]
    assert steps[0]["date"] < moved <= steps[1]["date"]
    assert states[0][old] == (False, 1) and states[0][new][0] is True  # before: the old home stands, the new is not said
    assert states[1][new] == (False, 1) and states[1][old] == (False, 0.22)  # after: the new stands, the old is faded
    assert states[2] == states[0]


def test_a_services_neighbourhood_shows_its_families_and_their_childrens_arrangements(chromium, sample):
    graph, out = sample
    service = max(graph.of_kind("service"), key=lambda s: (sum(1 for r in graph.relations_of("engages-with", target=s.id)), s.id))
    users = {r.source for r in graph.relations_of("engages-with", target=service.id)}
    children = {r.source for r in graph.relations.values() if r.kind == "care" and r.target in users}
    url = out.joinpath("network.html").resolve().as_uri() + f"#ego={service.id}&depth=1"
    page = dump(url, binary=chromium)
    assert_clean(page, "network.html#ego")
    shown = int(page.status["data-ego-nodes"])
    total = sum(1 for e in graph.entities.values() if e.kind != "file")
    assert len(users | children) < shown < total
    assert page.status["data-ego"] == f"{service.id}:1"
    deeper = dump(out.joinpath("network.html").resolve().as_uri() + f"#ego={service.id}&depth=2", binary=chromium)
    assert int(deeper.status["data-ego-nodes"]) > shown


def test_no_ecomap_caption_overlaps_another_and_services_are_named_in_full(chromium, sample):
    graph, out = sample
    measured = 0
    for person in graph.of_kind("parent", "family-member"):
        page = dump(out / "families" / f"{person.id}.html", binary=chromium, budget_ms=500)
        assert_clean(page, person.id)
        assert page.status["data-state"] == "ready"
        assert json.loads(page.status["data-overlaps"]) == [], person.id
        measured += int(page.status["data-captions"])
        for service in graph.relations_of("engages-with", source=person.id):
            name = graph.entities[service.target].label
            # The full name is the symbol's tooltip (the DOM dump escapes text as html.escape(quote=False) does).
            assert f"<title>{html.escape(name, quote=False)} ({service.target}, service)</title>" in page.dom, (person.id, name)
    assert measured > 27 * 5


def test_ecomap_timeline_links_each_change_to_its_passage(chromium, sample):
    graph, out = sample
    child, _old, new, moved = _moved_child(graph)
    parent = graph.relations[new].target
    page = dump(out / "families" / f"{parent}.html", binary=chromium, budget_ms=500)
    assert_clean(page, parent)
    item = re.search(rf'<li><time>{moved}</time> {re.escape(html.escape(graph.entities[child].label, quote=False))}: [^<]*'
                     r'<a href="#([^"]+)">passage</a>', page.dom)
    assert item, "the move is on the timeline"
    passage = re.search(rf'<blockquote id="{re.escape(item.group(1))}">', page.dom)
    assert passage, "the timeline's link leads to a passage in the evidence list"
    assert re.search(r'<svg class="strip"[^>]*data-changes="(\d+)"', page.dom)
