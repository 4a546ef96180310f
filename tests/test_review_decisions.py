"""Review decisions (issue 14): the decisions file, and every output of a rebuild following it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graphkit.pipeline import build, build_graph
from graphkit.questions import answer, load_question
from graphkit.review.decisions import (Decision, FactRef, decisions_path, fact_ref, read_decisions, save_decision,
                                       withdraw_decision, write_decisions)

ELLIE_QUOTE = "I see her every day though, I go round after her tea and do her bath."
DP01_TEXT = "parent_family/DP01_Interview1.txt"


@pytest.fixture(scope="module")
def extracted(devset: Path):
    return build_graph(devset)


def _ref(graph, kind: str, source: str, target: str, arrangement: str | None = None) -> FactRef:
    found = [r for r in graph.relations_of(kind, source=source, target=target)
             if r.current and (arrangement is None or r.attrs.get("arrangement") == arrangement)]
    assert len(found) == 1, found
    ref = fact_ref(found[0])
    assert ref is not None
    return ref


def three_decisions(graph) -> list[Decision]:
    """Reject Mason's contact, correct his care (with his father -> his paternal grandmother), add Ellie's contact."""
    reject = Decision("reject", _ref(graph, "contact", "DP01", "DP01-C2"), "AB", "2026-12-07T20:00:00Z", "not what she said")
    correct = Decision("correct", _ref(graph, "care", "DP01-C2", "DP01"), "AB", "2026-12-07T20:01:00Z", None,
                       (("arrangement", "kinship-care"), ("carer", "paternal grandmother")))
    add = Decision("add", FactRef("contact", "DP01", "DP01-C1", "regular-contact", DP01_TEXT, ELLIE_QUOTE), "AB",
                   "2026-12-07T20:02:00Z", "she sees her daily")
    return [reject, correct, add]


def _copy(devset: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(devset, tmp_path / "collection"))


def _rdf_types(out: Path, relation_id: str) -> set[str]:
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    subject = next((line.split(" ")[0] for line in lines if f'"{relation_id}"' in line), None)
    return {line.split(" ")[2].rsplit("#", 1)[-1].rstrip(">") for line in lines
            if subject and line.startswith(subject + " ") and "22-rdf-syntax-ns#type" in line}


PROVENANCE = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?state ?reviewer ?at ?used ?generated ?revision ?invalidated WHERE {
  ?d a gk:ReviewDecision, prov:Activity ; gk:reviewState ?state ; prov:endedAtTime ?at ;
     prov:wasAssociatedWith ?who . ?who a prov:Person ; rdfs:label ?reviewer .
  OPTIONAL { ?d prov:used ?used OPTIONAL { ?used prov:wasInvalidatedBy ?invalidated } }
  OPTIONAL { ?d prov:generated ?generated OPTIONAL { ?generated prov:wasRevisionOf ?revision } }
} ORDER BY ?state
"""


def _provenance(out: Path) -> list[tuple[str, str, str, str]]:
    from graphkit.stores.oxigraph import open_store, run_select

    rows = run_select(open_store(out), PROVENANCE)[1]
    links = ("used", "generated", "revision", "invalidated")
    return [(r["state"], r["reviewer"], r["at"], "prov:" + "+".join(k for k in links if r[k])) for r in rows]


def _rows(out: Path, name: str) -> list[dict]:
    return answer(load_question(name), out)[1]


def test_a_rebuild_follows_the_three_decisions_in_every_output(devset: Path, extracted, tmp_path: Path) -> None:
    collection = _copy(devset, tmp_path)
    write_decisions(decisions_path(collection), three_decisions(extracted))
    result = build(collection, tmp_path / "out")
    out, graph = result.out, result.graph
    contact = {(r["parent_id"], r["child_id"]): r["arrangement"] for r in _rows(out, "contact")}
    assert ("DP01", "DP01-C2") not in contact  # rejected
    assert contact[("DP01", "DP01-C1")] == "regular-contact"  # added
    care = {(r["parent_id"], r["child_id"]): (r["care_arrangement"], r["carer"]) for r in _rows(out, "children-care")}
    assert care[("DP01", "DP01-C2")] == ("kinship-care", "paternal grandmother")  # corrected

    rejected = [r for r in graph.withdrawn.values() if r.review == "rejected"]
    assert [(r.kind, r.source, r.target) for r in rejected] == [("contact", "DP01", "DP01-C2")]
    for output in ("graph.graphml", *(p.relative_to(out) for p in (out / "neo4j").iterdir())):
        assert rejected[0].id not in (out / output).read_text(encoding="utf-8"), output  # gone from the outputs
    assert not _rdf_types(out, rejected[0].id) & {"ContactArrangement"}  # in the RDF only as provenance

    corrected = [r for r in graph.relations.values() if r.review == "corrected"]
    assert len(corrected) == 1 and corrected[0].attrs["original_arrangement"] == "with-father"
    manual = [r for r in graph.relations.values() if r.review == "manual"]
    assert len(manual) == 1 and manual[0].evidence[0].quote == ELLIE_QUOTE
    ev = manual[0].evidence[0]
    text = (collection / DP01_TEXT).read_text(encoding="utf-8")
    assert text[ev.start:ev.end] == ELLIE_QUOTE and ev.line_start == 11

    assert json.loads((out / "validation.json").read_text(encoding="utf-8"))["counts"]["Violation"] == 0
    assert _provenance(out) == [("corrected", "AB", "2026-12-07T20:01:00Z", "prov:used+generated+revision+invalidated"),
                                ("manual", "AB", "2026-12-07T20:02:00Z", "prov:generated"),
                                ("rejected", "AB", "2026-12-07T20:00:00Z", "prov:used+invalidated")]

    state = json.loads((out / "review.json").read_text(encoding="utf-8"))
    by_state = {}
    for fact in state["facts"]:
        by_state.setdefault(fact["state"], []).append(fact)
    assert [f["id"] for f in by_state["rejected"]] == [rejected[0].id]  # still in the review list
    assert by_state["corrected"][0]["original"] == {"arrangement": "with-father", "carer": "father"}
    assert state["summary"]["contact"]["rejected"] == 1 and state["summary"]["contact"]["manual"] == 1
    assert not state["orphans"]
    assert not [p for p in graph.problems if "decision" in p.what]


def test_an_edited_quote_orphans_its_decision_and_changes_nothing_else(devset: Path, extracted, tmp_path: Path) -> None:
    collection = _copy(devset, tmp_path)
    decisions = three_decisions(extracted)
    accept = Decision("accept", _ref(extracted, "contact", "DP05", "DP05-C2"), "AB", "2026-12-07T20:03:00Z")
    path = decisions_path(collection)
    # The reviewed fact: Ellie's added contact. Its quote is edited below (one word), so the decision loses its fact.
    write_decisions(path, [*decisions, accept])
    text_path = collection / DP01_TEXT
    text_path.write_text(text_path.read_text(encoding="utf-8").replace("every day though", "every single day though"),
                         encoding="utf-8")
    edited = build(collection, tmp_path / "edited")
    orphans = [p for p in edited.graph.problems if "orphaned decision" in p.what]
    assert len(orphans) == 1 and orphans[0].where == "decisions.jsonl, line 3"
    assert read_decisions(path)[0] == [*decisions, accept]  # kept, not lost

    # The same collection with that decision gone: every output the same but the problem list and the review list.
    write_decisions(path, [decisions[0], decisions[1], accept])
    without = build(collection, tmp_path / "without")
    for name in ("graph.nt", "graph.ttl", "graph.jsonld", "graph.graphml", "network.html"):
        assert (edited.out / name).read_bytes() == (without.out / name).read_bytes(), name
    assert [p for p in edited.graph.problems if p not in orphans] == without.graph.problems
    state = json.loads((edited.out / "review.json").read_text(encoding="utf-8"))
    assert [o["line"] for o in state["orphans"]] == [3]


def test_a_bad_record_is_a_located_problem_and_the_rest_applies(devset: Path, extracted, tmp_path: Path) -> None:
    collection = _copy(devset, tmp_path)
    good = three_decisions(extracted)[0]
    bad_value = Decision("correct", _ref(extracted, "care", "DP04-C1", "DP04"), "AB", "2026-12-07T20:00:00Z", None,
                         (("arrangement", "with-grandma"),))
    lines = ['{"action": "reject"', json.dumps(good.to_record()), json.dumps(bad_value.to_record())]
    decisions_path(collection).write_text("\n".join(lines) + "\n", encoding="utf-8")
    graph = build(collection, tmp_path / "out").graph
    located = {p.where: p.what for p in graph.problems if p.where.startswith("decisions.jsonl")}
    assert set(located) == {"decisions.jsonl, line 1", "decisions.jsonl, line 3"}
    assert "not a decision" in located["decisions.jsonl, line 1"]
    assert "'with-grandma' is not a care arrangement" in located["decisions.jsonl, line 3"]
    assert [r.review for r in graph.withdrawn.values()] == ["rejected"]
    assert any(r.attrs.get("arrangement") == "kinship-care" for r in graph.relations_of("care", source="DP04-C1"))


def test_one_record_a_fact_in_a_stable_text_file(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    fact = FactRef("care", "C1", "P1", "with-parent", "a.txt", "she lives with me")
    other = FactRef("contact", "P1", "C2", "no-contact", "a.txt", "I never see him")
    save_decision(path, Decision("accept", fact, "AB", "t1"))
    save_decision(path, Decision("reject", other, "AB", "t2"))
    save_decision(path, Decision("correct", fact, "CD", "t3", "wrong", (("arrangement", "kinship-care"),)))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["correct", "reject"]  # replaced in place, one a fact
    assert lines[0] == json.dumps(json.loads(lines[0]), ensure_ascii=False, sort_keys=True)
    withdraw_decision(path, fact)
    assert [d.fact for d in read_decisions(path)[0]] == [other]
