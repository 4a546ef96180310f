"""Issue 14, done-when: in Chromium a reviewer rejects a fact, corrects a care arrangement and adds a missed
contact, by keyboard, on the page `graphkit review` serves; the page's rebuild puts all three in SPARQL and
Neo4j answers, the decisions file holds three records and the RDF holds their provenance."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cdp import Chromium
from neo4j_fixture import services_required

from graphkit.pipeline import build
from graphkit.questions import STANDARD, answer, answer_neo4j, load_question
from graphkit.review.decisions import decisions_path, read_decisions
from graphkit.review.server import review_in_thread

STATUS = "document.getElementById('gk-status')"
ELLIE_QUOTE = "I see her every day though, I go round after her tea and do her bath."


@pytest.fixture()
def reviewing(devset: Path, tmp_path: Path):
    collection = Path(shutil.copytree(devset, tmp_path / "collection"))
    out = build(collection, tmp_path / "out").out
    server, _ = review_in_thread(out)
    try:
        yield collection, out, server
    finally:
        server.shutdown()
        server.server_close()


def _fact_id(out: Path, kind: str, who: str, whom: str) -> str:
    facts = json.loads((out / "review.json").read_text(encoding="utf-8"))["facts"]
    found = [f["id"] for f in facts if (f["kind"], f["who"], f["whom"]) == (kind, who, whom) and f["current"]]
    assert len(found) == 1, found
    return found[0]


def _go_to(page: Chromium, fact_id: str) -> None:
    """Walk the list with j/k, as a reviewer does, until ``fact_id`` is selected."""
    ids = page.js("[...document.querySelectorAll('#facts li.fact')].map(li => li.dataset.id)")
    for _ in range(len(ids)):
        here = ids.index(page.js(f"{STATUS}.dataset.selected"))
        if ids[here] == fact_id:
            return
        page.press("j" if ids.index(fact_id) > here else "k")
    raise AssertionError(f"never reached {fact_id}")


def _saved(page: Chromium, words: str) -> None:
    page.wait(f"{STATUS}.dataset.state === 'ready' && ({STATUS}.dataset.message || '').includes({json.dumps(words)})")


def _choose(page: Chromium, starts: str) -> None:
    """Pick the first option of the focused select whose words start with ``starts``, by arrow keys (no timing:
    a select's type-to-find forgets what was typed after a pause, and this machine is shared)."""
    labels = page.js("[...document.activeElement.options].map(o => o.text)")
    want = next(i for i, text in enumerate(labels) if text.startswith(starts))
    for _ in range(len(labels)):
        here = page.js("document.activeElement.selectedIndex")
        if here == want:
            return
        page.press("ArrowDown" if want > here else "ArrowUp")
    raise AssertionError(f"could not choose {starts!r}")


def _load_neo4j(uri: str, out: Path) -> None:
    """Empty the database and load what the build wrote for Neo4j (``neo4j/rows.json``)."""
    from graphkit.projections.neo4j_rows import PropertyGraphRows
    from graphkit.stores.neo4j_load import driver, load

    with driver(uri) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n", database_="neo4j")
    load(uri, None, PropertyGraphRows.from_json(json.loads((out / "neo4j" / "rows.json").read_text(encoding="utf-8"))))


@pytest.fixture()
def neo4j_uri(request) -> str | None:
    """A live Neo4j when java and maven are here (required in CI); else None and the Neo4j half is skipped."""
    from graphkit.stores.neo4j_server import missing_tools

    if missing_tools() and not services_required():
        return None
    return request.getfixturevalue("neo4j_server").uri


def test_reject_correct_and_add_in_the_browser_then_rebuild(reviewing, neo4j_uri: str | None) -> None:
    collection, out, server = reviewing
    mason_contact = _fact_id(out, "contact", "DP01", "DP01-C2")
    mason_care = _fact_id(out, "care", "DP01-C2", "DP01")
    with Chromium() as page:
        page.open(server.url + "review.html")
        page.wait(f"{STATUS} && {STATUS}.dataset.state === 'ready'")
        assert page.js("document.body.dataset.editable") == "true"
        page.js("document.getElementById('reviewer').focus()")
        page.type("AB")
        page.press("Escape")  # leaves the field: the page's keys work again

        _go_to(page, mason_contact)
        page.press("r")
        _saved(page, "reject saved")

        _go_to(page, mason_care)
        page.press("c")  # the correction form opens on the arrangement
        page.wait("document.activeElement.name === 'arrangement'")
        _choose(page, "kinship")
        page.press("Tab")  # to the carer's words, selected whole
        page.type("paternal grandmother")
        page.press("Enter")
        _saved(page, "correct saved")

        page.press("n")  # the add form opens on the relation
        page.wait("document.activeElement.name === 'kind'")
        _choose(page, "contact")
        page.press("Tab")
        _choose(page, "Claire")
        page.press("Tab")
        _choose(page, "Ellie")
        page.press("Tab")
        _choose(page, "regular")
        page.press("Tab")  # the carer field is off for a contact: straight to the file
        _choose(page, "parent_family/DP01_Interview1")
        page.press("Tab")
        page.type(ELLIE_QUOTE)
        page.js("document.getElementById('add-form').requestSubmit()")
        _saved(page, "fact added")

        decisions = read_decisions(decisions_path(collection))[0]
        assert [(d.action, d.fact.kind, d.fact.who, d.fact.whom, d.reviewer) for d in decisions] == [
            ("reject", "contact", "DP01", "DP01-C2", "AB"), ("correct", "care", "DP01-C2", "DP01", "AB"),
            ("add", "contact", "DP01", "DP01-C1", "AB")]
        assert dict(decisions[1].changes) == {"arrangement": "kinship-care", "carer": "paternal grandmother"}
        assert decisions[2].fact.arrangement == "regular-contact" and decisions[2].fact.quote == ELLIE_QUOTE
        assert len(decisions_path(collection).read_text(encoding="utf-8").splitlines()) == 3

        page.js("window.gkBeforeRebuild = true")
        page.press("b")
        page.wait(f"!window.gkBeforeRebuild && {STATUS} && {STATUS}.dataset.state === 'ready'", timeout=180)
        states = page.js("[...document.querySelectorAll('#facts li.fact')].map(li => li.dataset.state)")
        assert sorted(s for s in states if s != "unreviewed") == ["corrected", "manual", "rejected"]
        if os.environ.get("GRAPHKIT_REVIEW_SCREENSHOT"):  # the README's picture: tests/browser.py's habit
            page.js("document.getElementById('f-family').value = 'DP01'; document.getElementById('f-family').dispatchEvent(new Event('change'))")
            page.screenshot(Path(os.environ["GRAPHKIT_REVIEW_SCREENSHOT"]))

    contact = {(r["parent_id"], r["child_id"]): r["arrangement"] for r in answer(load_question("contact"), out)[1]}
    assert ("DP01", "DP01-C2") not in contact and contact[("DP01", "DP01-C1")] == "regular-contact"
    care = {(r["parent_id"], r["child_id"]): (r["care_arrangement"], r["carer"])
            for r in answer(load_question("children-care"), out)[1]}
    assert care[("DP01", "DP01-C2")] == ("kinship-care", "paternal grandmother")

    from graphkit.stores.oxigraph import open_store, run_select

    provenance = run_select(open_store(out), """
        PREFIX gk: <https://w3id.org/graphkit/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?state ?reviewer WHERE { ?d a gk:ReviewDecision ; gk:reviewState ?state ; prov:endedAtTime ?at ;
                                           prov:wasAssociatedWith/rdfs:label ?reviewer } ORDER BY ?state""")[1]
    assert provenance == [{"state": s, "reviewer": "AB"} for s in ("corrected", "manual", "rejected")]

    if neo4j_uri is None:
        pytest.skip("Neo4j dev server needs java and maven: the SPARQL half passed")
    _load_neo4j(neo4j_uri, out)
    for name in STANDARD:  # every standard question, the same rows from both after the decisions
        cypher = answer_neo4j(load_question(name, "cypher"), neo4j_uri, None, None, None)[1]
        assert cypher == answer(load_question(name), out)[1], name
    cypher_contact = answer_neo4j(load_question("contact", "cypher"), neo4j_uri, None, None, None)[1]
    assert [r for r in cypher_contact if r["parent_id"] == "DP01"] == [
        {"parent_id": "DP01", "child_id": "DP01-C1", "child_name": "Ellie", "arrangement": "regular-contact",
         "evidence_count": 1}]


def test_markup_in_the_data_stays_text_on_the_page(tmp_path: Path) -> None:
    from browser import dump
    from test_views_fixtures import hostile_graph

    from graphkit.review import review_state, state_json
    from graphkit.review.decisions import Applied
    from graphkit.review.page import render_review_page

    graph = hostile_graph()
    page_path = tmp_path / "review.html"
    state = review_state(graph, Applied(tmp_path / "decisions.jsonl"), tmp_path)
    page_path.write_text(render_review_page(state_json(state)), encoding="utf-8")
    page = dump(page_path)
    assert page.status.get("data-state") == "ready", page.log[-2000:]
    assert page.errors == [] and page.blocked == [] and page.requests() == []
    assert int(page.status["data-shown"]) == len([r for r in graph.relations.values() if r.kind != "appears-in"])
    body = page.dom.split("<body", 1)[1]
    for tag in ("<img", "<svg", "<script>alert", "<b>"):
        assert tag not in body, tag  # every label, quote and file name reached the page as text
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in body
