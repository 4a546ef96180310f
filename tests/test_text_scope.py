"""Scope: a fact read in one family's file is about that family, never about a same-name child of another.

The sample at scale 2 holds two copies of the study population, so every
child's name is held by a child of another family too: the test that a
sentence about one family's child ("There is no contact") never lands on a
same-name child in the other copy.
"""

from __future__ import annotations

import pytest

from graphkit.extract.scope import family_numbers
from graphkit.model import Graph
from graphkit.pipeline import build_graph
from graphkit.sample import write_sample

FACTS = ("care", "contact", "parent-of", "carer-of", "partner", "lives-with")


@pytest.fixture(scope="module")
def scale_two(tmp_path_factory) -> Graph:
    root = tmp_path_factory.mktemp("scale2")
    write_sample(root, scale=2, seed=0)
    return build_graph(root / "collection")


def test_no_fact_links_two_families_that_share_no_person(scale_two: Graph) -> None:
    family = family_numbers(scale_two.relations.values())
    crossing = []
    for rel in scale_two.relations.values():
        if rel.kind not in FACTS:
            continue
        about = {family.get(rel.source, rel.source), family.get(rel.target, rel.target)}
        for ev in rel.evidence:
            data_file = scale_two.files.get(ev.file)
            if data_file is None or ev.from_table:
                continue
            people = [i for i in data_file.ids if scale_two.entity(i) and scale_two.entities[i].kind in ("parent", "family-member")]
            if people and not about & {family.get(p, p) for p in people}:
                crossing.append((rel.kind, rel.source, rel.target, ev.file, ev.quote))
    assert crossing == []


def test_the_two_copies_share_child_names(scale_two: Graph) -> None:
    """What makes the test above able to fail: names repeat across the copies."""
    names = [e.label for e in scale_two.of_kind("child") if e.label]
    assert len(names) - len(set(names)) >= 10
