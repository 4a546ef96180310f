"""The text extractor on the development collection (tests/data/devset, a copy of ../shared/devset)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.evaluate import CORE, evaluate_built
from graphkit.model import Graph


@pytest.fixture(scope="module")
def graph(devset_build) -> Graph:
    return devset_build.graph


def test_devset_scores(devset_build, devset_gold) -> None:
    result = evaluate_built(devset_build.out, devset_gold)
    assert result.macro_f1 >= 0.95
    assert all(result.scores[f].f1 >= 0.90 for f in CORE), {f: result.scores[f].f1 for f in CORE}


def test_a_later_text_makes_ellie_home_current(graph: Graph) -> None:
    rels = list(graph.relations_of("care", source="DP01-C1", target="DP01"))
    current = [r for r in rels if r.current]
    history = [r for r in rels if not r.current]
    assert [r.attrs["arrangement"] for r in current] == ["with-parent"]
    assert [r.attrs["arrangement"] for r in history] == ["kinship-care"]
    assert {ev.date for ev in history[0].evidence} == {"2021-07-14", "2021-08-03"}


def test_megan_is_a_new_child_and_kyle_gets_his_name(graph: Graph) -> None:
    megan = graph.entities["DP04-C3"]
    assert megan.label == "Megan" and megan.get("age_group") == "over-16"
    assert graph.entities["DP02-C3"].label == "Kyle"
    assert sum(1 for e in graph.entities.values() if e.kind == "child" and e.label == "Skye") == 1


def test_partners_are_named(graph: Graph) -> None:
    assert {graph.entities[f"{p}-partner"].label for p in ("DP02", "DP03", "DP04")} == {"Jackie", "Dean", "Gary"}


def test_no_fact_from_generic_or_question_turns(graph: Graph) -> None:
    for rel in graph.relations.values():
        for ev in rel.evidence:
            assert "Speaking generally" not in ev.quote and "most have partners" not in ev.quote
            assert ev.speaker != "interviewer" or rel.kind == "partner"


def test_every_text_evidence_is_an_exact_span(graph: Graph, devset: Path) -> None:
    from graphkit.readers.documents import read_document_with_encoding

    seen = 0
    for rel in graph.relations.values():
        for ev in rel.evidence:
            if ev.row is not None:
                continue
            text, _ = read_document_with_encoding(devset / ev.file)
            assert text[ev.start : ev.end] == ev.quote
            assert ev.date and ev.speaker
            seen += 1
    assert seen > 50
