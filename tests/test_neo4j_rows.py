"""The model -> Neo4j rows projection: allow-listed labels, ids and IRIs everywhere, deterministic."""

from __future__ import annotations

import re

import pytest

from graphkit.model import Evidence, Graph
from graphkit.projections.neo4j_rows import (
    EXTRA_LABELS,
    NODE_LABELS,
    REL_TYPES,
    camel,
    rows_from_graph,
)
from graphkit.projections.rdf import entity_iri, to_triples


def small_graph(text: str = "Mum") -> Graph:
    """Two parents, a child in kinship care with a known carer, a service, evidence on everything."""
    g = Graph()
    ev = Evidence("parent_family/P01.txt", 0, len(text), text, 1, 1)
    from graphkit.model import Entity

    mum = g.add_entity(Entity("P01", "parent", text))
    mum.set("role", "mother", ev)
    mum.set("household", "single")
    mum.set("first_time", True)
    g.add_entity(Entity("C01", "child", text)).set("age_group", "0-16", ev)
    g.add_entity(Entity("X01", "person", text))
    g.add_entity(Entity("S01", "service", text)).set("service_type", "drug-treatment")
    g.add_entity(Entity("parent_family/P01.txt", "file", "parent_family/P01.txt"))
    g.relate("parent-of", "P01", "C01", ev)
    g.relate("care", "C01", "P01", ev, date="2021-05", arrangement="kinship-care", carer=text, carer_id="X01")
    g.relate("contact", "P01", "C01", ev, current=False, date="2020", arrangement="no-contact")
    g.relate("engages-with", "P01", "S01", ev)
    g.relate("engages-with", "X01", "S01")
    g.study["profile"] = [{"measure": "parents", "published": 27, "note": text}]
    return g


def test_labels_and_types_are_allow_listed() -> None:
    rows = rows_from_graph(small_graph())
    assert {n["label"] for n in rows.nodes} <= set(NODE_LABELS)
    assert {x for n in rows.nodes for x in n.get("labels", ())} <= set(EXTRA_LABELS)
    assert {r["type"] for r in rows.relationships} <= set(REL_TYPES)
    assert {r["start_label"] for r in rows.relationships} | {r["end_label"] for r in rows.relationships} <= set(NODE_LABELS)


def test_every_node_has_id_and_iri_and_camel_case_props() -> None:
    rows = rows_from_graph(small_graph())
    for node in rows.nodes:
        assert node["props"]["id"] == node["id"]
        assert node["props"]["iri"].startswith("https://w3id.org/graphkit/id/")
        for key in node["props"]:
            assert re.fullmatch(r"[a-z][A-Za-z0-9]*", key), key
    mum = next(n for n in rows.nodes if n["id"] == "P01")
    assert mum["labels"] == ["Participant"]
    assert mum["props"]["firstTimeParent"] is True
    assert mum["props"]["iri"] == entity_iri("P01", "parent").value


def test_iris_are_the_rdf_subjects() -> None:
    g = small_graph()
    subjects = {t.subject.value for t in to_triples(g)}
    rows = rows_from_graph(g)
    for node in rows.nodes:
        if node["label"] != "PublishedFigure":
            assert node["props"]["iri"] in subjects, node


def test_child_walks_to_the_quote() -> None:
    rows = rows_from_graph(small_graph())
    edges = {(r["type"], r["start"], r["end"]) for r in rows.relationships}
    care = next(n for n in rows.nodes if n["label"] == "CareArrangement")
    assert ("OF_CHILD", care["id"], "C01") in edges
    assert ("OF_PARENT", care["id"], "P01") in edges
    assert ("CARED_FOR_BY", care["id"], "X01") in edges
    ev = next(e for (t, s, e) in edges if t == "DERIVED_FROM" and s == care["id"])
    assert ("QUOTED_FROM", ev, "parent_family/P01.txt") in edges
    assert care["props"]["arrangement"] == "kinship-care" and care["props"]["asAt"] == "2021-05"


def test_ended_arrangement_kept_as_history() -> None:
    rows = rows_from_graph(small_graph())
    contact = next(n for n in rows.nodes if n["label"] == "ContactArrangement")
    assert contact["props"]["current"] is False


def test_relationship_evidence_ids_point_at_evidence_nodes() -> None:
    rows = rows_from_graph(small_graph())
    evidence = {n["id"] for n in rows.nodes if n["label"] == "Evidence"}
    engages = [r for r in rows.relationships if r["type"] == "ENGAGES_WITH"]
    assert len(engages) == 2
    counts = sorted(r["props"]["evidenceCount"] for r in engages)
    assert counts == [0, 1]
    assert all(set(r["props"].get("evidenceIds", [])) <= evidence for r in engages)  # none at all: no property


def test_deterministic() -> None:
    assert rows_from_graph(small_graph()).to_json() == rows_from_graph(small_graph()).to_json()


def _memo(tmp_path, previous=None):
    from graphkit.stores.memo import Memo

    return Memo(previous or tmp_path / "none", tmp_path / "next", "neo4j", "k")


def _rebuilt(tmp_path, change) -> tuple[dict, dict, int]:
    """The rows of ``small_graph()`` changed by ``change``, from the memo its unchanged build kept and without
    one, and how many parts came from the memo."""
    first = _memo(tmp_path)
    assert rows_from_graph(small_graph(), first).to_json() == rows_from_graph(small_graph()).to_json()
    first.save()
    changed = small_graph()
    change(changed)
    again = _memo(tmp_path / "again", tmp_path / "next")
    rows = rows_from_graph(changed, again).to_json()
    return rows, rows_from_graph(changed).to_json(), len(set(again.new) & set(again.old))


def test_a_relation_from_the_memo_has_the_labels_its_ends_have_now(tmp_path) -> None:
    """The relation is as before, but the person it points to turned out to be a service."""
    rows, fresh, reused = _rebuilt(tmp_path, lambda g: setattr(g.entities["X01"], "kind", "service"))
    assert rows == fresh and reused >= 5  # the other entities' and relations' rows came from the memo
    assert {r["end_label"] for r in rows["relationships"] if r["type"] == "CARED_FOR_BY"} == {"Service"}


def test_rows_from_the_memo_name_the_files_as_the_listing_does_now(tmp_path) -> None:
    from graphkit.model import DataFile

    def listed(g: Graph) -> None:
        g.files["parent_family/P01.txt"] = DataFile("parent_family/P01.txt", dataset="parent_family")

    rows, fresh, _ = _rebuilt(tmp_path, listed)
    assert rows == fresh
    assert any(n["props"].get("dataset") == "parent_family" for n in rows["nodes"])


def test_unknown_endpoint_is_an_error_not_a_silent_drop() -> None:
    g = small_graph()
    g.relate("parent-of", "P01", "nobody")
    with pytest.raises(ValueError, match="nobody"):
        rows_from_graph(g)


@pytest.mark.parametrize(("attr", "prop"), [("age_group", "ageGroup"), ("partner_in_treatment", "partnerInTreatment"),
                                            ("first_time", "firstTimeParent"), ("role", "role")])
def test_camel(attr: str, prop: str) -> None:
    assert camel(attr) == prop


def test_devset_rows(devset_build) -> None:
    rows = rows_from_graph(devset_build.graph)
    ids = [(n["label"], n["id"]) for n in rows.nodes]
    assert len(ids) == len(set(ids))
    node_keys = set(ids)
    for rel in rows.relationships:
        assert (rel["start_label"], rel["start"]) in node_keys
        assert (rel["end_label"], rel["end"]) in node_keys
