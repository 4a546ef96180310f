"""The registry: table rows become entities; partners who both took part share their children."""

from __future__ import annotations

from pathlib import Path

from graphkit.model import Entity, Graph
from graphkit.pipeline import build_graph

PEOPLE = """ID code,Pseudonym,Participant type,Descriptor
P1,Wes,Father,"Father, 40s, Scotland. Methadone at S1. Cohabiting with partner Dot. Two children: Bo (4) lives with Wes and Dot at home; Max (15) in foster care, supervised contact monthly."
F1,Dot,Family member,"Family member: partner of Wes (P1), Scotland, 30s. Cohabiting. She has never used drugs. Children: Bo (4) lives with the couple; Ty (9) lives with her, from her previous relationship."
PR1,Jo,Professional,"Family support worker at Oak Family Project (S1), Scotland."
"""
SERVICES = "Service ID,Service name,Descriptor\nS1,Oak Family Project,Third-sector family support service in Scotland.\n"
LISTING = "File name,Data set,Data type,ID codes,Date,Country\n"


def _graph(tmp_path: Path) -> Graph:
    (tmp_path / "people_participants.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "services.csv").write_text(SERVICES, encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(LISTING, encoding="utf-8")
    return build_graph(tmp_path)


def test_partners_who_both_took_part_are_one_couple(tmp_path: Path) -> None:
    graph = _graph(tmp_path)
    assert "P1-partner" not in graph.entities and "F1-partner" not in graph.entities
    partners = {(r.source, r.target) for r in graph.relations_of("partner")}
    assert ("P1", "F1") in partners
    assert graph.entities["F1"].get("partner_in_treatment") is True
    assert graph.entities["F1"].get("sex") == "female"


def test_a_shared_child_is_one_node_with_two_parents(tmp_path: Path) -> None:
    graph = _graph(tmp_path)
    bo = [e for e in graph.of_kind("child") if e.label == "Bo"]
    assert len(bo) == 1
    parents = sorted(r.source for r in graph.relations_of("parent-of", target=bo[0].id))
    assert parents == ["F1", "P1"]
    assert len([e for e in graph.of_kind("child")]) == 3  # Bo, Max, Ty


def test_professional_role_and_service(tmp_path: Path) -> None:
    graph = _graph(tmp_path)
    assert graph.entities["PR1"].get("role_title") == "Family support worker"
    assert [(r.source, r.target) for r in graph.relations_of("works-at")] == [("PR1", "S1")]
    assert graph.entities["S1"].get("service_type") == "family-support"
    assert graph.entities["S1"].get("sector") == "third-sector"


def test_merge_moves_relations_and_keeps_facts() -> None:
    graph = Graph()
    for eid in ("a", "b", "c"):
        graph.add_entity(Entity(eid, "child" if eid != "c" else "parent"))
    graph.entities["b"].set("age", 4)
    graph.relate("parent-of", "c", "b", arrangement=None)
    graph.merge("a", "b")
    assert "b" not in graph.entities and graph.entities["a"].get("age") == 4
    assert [(r.source, r.target) for r in graph.relations_of("parent-of")] == [("c", "a")]
