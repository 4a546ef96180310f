"""The pages in real headless Chromium: they draw, raise no script error and request nothing.

Skipped without Chromium; with GRAPHKIT_REQUIRE_SERVICES set (CI) a missing
Chromium fails instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import dump, require_chromium
from test_views_fixtures import XSS, hostile_graph, scaled_graph

from graphkit.pipeline import build_graph
from graphkit.views import write_views
from graphkit.views.network import network_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def devset_out(tmp_path_factory, devset):
    out = tmp_path_factory.mktemp("browser-views")
    graph = build_graph(devset)
    write_views(graph, out)
    return graph, out


def assert_clean(page, where: str) -> None:
    assert page.status, f"{where}: no #gk-status in the DOM (page did not load?)"
    assert page.errors == [], f"{where}: script errors {page.errors}"
    assert page.blocked == [], f"{where}: blocked loads {page.blocked}"
    assert page.requests() == [], f"{where}: requests {page.requests()}"
    assert page.console_errors() == [], f"{where}: console {page.console_errors()}"


def test_network_draws_offline(chromium, devset_out):
    graph, out = devset_out
    page = dump(out / "network.html", binary=chromium)
    assert_clean(page, "network.html")
    shown = sum(1 for e in graph.entities.values() if e.kind != "file")
    assert page.status["data-state"] == "ready"
    assert page.status["data-nodes"] == str(shown)
    assert page.status["data-drawn"] == "true" and page.status["data-canvas"] == "1"
    assert re.search(r'<div id="network"[^>]*data-visible="%d"' % shown, page.dom)


@pytest.mark.parametrize("size", ["1400,900", "800,600", "1000,1400"])
def test_network_fits_the_view(chromium, devset_out, size):
    """Positions are given and physics is off, so the page must fit the view itself: every node, label
    included, inside the canvas after the first draw, whatever the window's shape."""
    graph, out = devset_out
    page = dump(out / "network.html", binary=chromium, size=size)
    assert_clean(page, f"network.html at {size}")
    assert page.status["data-fitted"] == "true"
    width, height = (int(v) for v in page.status["data-fit-size"].split("x"))
    assert width > 100 and height > 100, page.status["data-fit-size"]
    assert page.status["data-off-view"] == "0", page.status


def _visible(nodes: list[dict], countries: set[str] | None = None, services: set[str] | None = None) -> int:
    """How many nodes the page's filter rule shows: the country ticked and one of the service types (or "none")."""
    count = 0
    for node in nodes:
        info = node["gk"]
        country_ok = countries is None or info["country"] in countries
        service_ok = services is None or (bool(set(info["types"]) & services) if info["types"] else "none" in services)
        count += country_ok and service_ok
    return count


@pytest.mark.parametrize("spec, countries, services", [
    ("country:Scotland", {"Scotland"}, None),
    ("country:England", {"England"}, None),
    ("service:drug-treatment", None, {"drug-treatment"}),
    ("service:none", None, {"none"}),
    ("country:Scotland,service:family-support,service:none", {"Scotland"}, {"family-support", "none"}),
])
def test_network_filters_by_country_and_service_type(chromium, devset_out, spec, countries, services):
    graph, out = devset_out
    nodes = network_data(graph)["nodes"]
    expected = _visible(nodes, countries, services)
    assert 0 < expected < len(nodes), f"{spec}: a filter that hides nothing or everything tests nothing"
    page = dump(out.joinpath("network.html").resolve().as_uri() + "#filter=" + spec, binary=chromium)
    assert_clean(page, f"network.html#filter={spec}")
    assert page.status["data-nodes"] == str(len(nodes))
    assert page.status["data-visible"] == str(expected), spec
    assert re.search(r'<div id="network"[^>]*data-visible="%d"' % expected, page.dom)
    # The boxes show what the hash set.
    for group, wanted in (("country", countries), ("service", services)):
        for box in re.findall(r'<input type="checkbox" name="%s"[^>]*>' % group, page.dom):
            value = re.search(r'value="([^"]*)"', box).group(1)
            assert ("checked" in box) == (wanted is None or value in wanted), (spec, box)


def test_network_filter_and_search_combine(chromium, devset_out):
    graph, out = devset_out
    nodes = network_data(graph)["nodes"]
    england = [n["id"] for n in nodes if n["gk"]["country"] == "England" and "page" in n["gk"]]  # participants
    scotland_only = _visible(nodes, {"Scotland"})
    page = dump(out.joinpath("network.html").resolve().as_uri() + f"#filter=country:Scotland&find={england[0]}",
                binary=chromium)
    assert_clean(page, "network.html#filter&find")
    assert page.status["data-visible"] == str(scotland_only)
    assert json.loads(page.status["data-found"])[0] == england[0]
    assert re.search(r'<output id="search-result"[^>]*>\d+ found \(\d+ hidden by the filters\)', page.dom)


def test_network_search_finds_by_id_and_pseudonym(chromium, devset_out):
    graph, out = devset_out
    page = dump(out.joinpath("network.html").resolve().as_uri() + "#find=DP01", binary=chromium)
    assert_clean(page, "network.html#find=DP01")
    found = json.loads(page.status["data-found"])
    assert found[0] == "DP01" and set(found) >= {"DP01", "DP01-C1", "DP01-C2"}
    name = graph.entities["DP04"].label
    page = dump(out.joinpath("network.html").resolve().as_uri() + "#find=" + name.lower(), binary=chromium)
    assert json.loads(page.status["data-found"])[0] == "DP04"
    assert re.search(r'<output id="search-result"[^>]*>\d+ found', page.dom)


def test_every_ecomap_draws(chromium, devset_out):
    graph, out = devset_out
    for participant in graph.of_kind("parent", "family-member"):
        page = dump(out / "families" / f"{participant.id}.html", binary=chromium, budget_ms=1000)
        assert_clean(page, participant.id)
        svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox[^>]*data-ties="(\d+)" data-people="(\d+)"', page.dom)
        assert svg and int(svg.group(1)) > 0 and int(svg.group(2)) > 1, participant.id
    index = dump(out / "families" / "index.html", binary=chromium, budget_ms=1000)
    assert_clean(index, "families/index.html")


def test_hostile_labels_stay_text_in_the_browser(chromium, tmp_path):
    graph = hostile_graph()
    write_views(graph, tmp_path)
    for path in [tmp_path / "network.html", *sorted((tmp_path / "families").glob("*.html"))]:
        page = dump(path, binary=chromium, budget_ms=3000)
        assert_clean(page, path.name)  # an executed or blocked handler would show up here
        assert "<img" not in page.dom and "<svg onload" not in page.dom, path.name
    page = dump(tmp_path / "network.html", binary=chromium)
    assert page.status["data-nodes"] == str(sum(1 for e in graph.entities.values() if e.kind != "file"))
    found = dump(tmp_path.joinpath("network.html").resolve().as_uri() + "#find=DS1", binary=chromium)
    # The details panel shows the hostile label as text.
    assert XSS.replace("<", "&lt;").replace(">", "&gt;") in found.dom


def test_network_draws_at_ten_times_the_sample(chromium, tmp_path):
    graph = scaled_graph(750)
    write_views(graph, tmp_path)
    page = dump(tmp_path / "network.html", binary=chromium, budget_ms=10000, timeout=180)
    assert_clean(page, "network.html (10x)")
    assert page.status["data-nodes"] == str(len(graph.entities)) and page.status["data-drawn"] == "true"


def test_the_harness_sees_failures(chromium, tmp_path):
    """A page with pyvis's dead reference and a throwing script is reported, so a clean report means clean."""
    bad = tmp_path / "bad.html"
    boot = (Path(__file__).parents[1] / "graphkit" / "views" / "boot.js").read_text(encoding="utf-8")
    bad.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><script>{boot}</script>"
                   "<script src='../node_modules/vis/dist/vis.js'></script></head><body>"
                   "<output id='gk-status'></output><script>null.boom;</script></body></html>", encoding="utf-8")
    page = dump(bad, binary=chromium, budget_ms=1000)
    assert any("node_modules" in e for e in page.errors), page.errors
    assert any("null" in e for e in page.errors), page.errors
    remote = tmp_path / "remote.html"
    remote.write_text("<!DOCTYPE html><html><body><img src='http://example.invalid/x.png'></body></html>", encoding="utf-8")
    assert dump(remote, binary=chromium, budget_ms=1000).requests(), "a request off the page must show in the log"
