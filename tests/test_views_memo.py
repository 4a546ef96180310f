"""Family pages kept in a memo from one build for the next: taken as they were only when nothing they show changed.

Each change below is one a review decision or a collection edit can make, one or two steps away from the
participant whose page shows it; the pages written with the memo must be those a build without it writes.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Callable

import pytest
from test_views_fixtures import _ev, scaled_graph

from graphkit.model import Graph
from graphkit.stores.memo import Memo
from graphkit.views import write_views


def family_graph() -> Graph:
    """The synthetic study, with a dated care history for the first parent's first child (a timeline)."""
    g = scaled_graph(12)
    g.relate("care", "P0000-C1", "P0000", _ev("interviews/P0000.txt", "she was with her gran", 70, date="2021-03-01"),
             current=False, date="2021-03-01", arrangement="kinship-care")
    g.relate("care", "P0000-C1", "P0000", _ev("interviews/P0000-2.txt", "she is back with me", 3, date="2022-06-01"),
             arrangement="with-parent")
    return g


def pages(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "families").iterdir())}


def build(graph: Graph, previous: Path, out: Path) -> Memo:
    """``write_views`` with the memo of the build in ``previous`` (the memo it kept is saved in ``out``)."""
    memo = Memo(previous, out, "views", "test")
    write_views(graph, out, memo=memo)
    memo.save()
    return memo


def _first(graph: Graph, kind: str, source: str | None = None) -> str:
    return next(i for i, r in sorted(graph.relations.items()) if r.kind == kind and source in (None, r.source))


def rename_service(g: Graph) -> None:
    g.entities[g.relations[_first(g, "engages-with")].target].label = "Renamed service"


def retitle_worker(g: Graph) -> None:  # a worker is drawn with their job title on each family they work with
    g.entities[g.relations[_first(g, "works-with")].source].attrs["role_title"] = "Social worker"


def rename_kinship_carer(g: Graph) -> None:  # two steps out: parent -> child -> the child's carer
    g.entities[g.relations[_first(g, "carer-of")].source].label = "great-aunt"


def reject_a_care_fact(g: Graph) -> None:
    del g.relations[_first(g, "care")]


def requote_a_passage(g: Graph) -> None:
    rel = g.relations[_first(g, "partner")]
    rel.evidence = [_ev(rel.evidence[0].file, "my husband", rel.evidence[0].line_start)]


def partner_takes_part(g: Graph) -> None:  # the partner gets a page of their own, which the parent's page links to
    g.entities[g.relations[_first(g, "partner")].target].kind = "family-member"


def label_the_partner_by_id(g: Graph) -> None:  # drawn the same ("label or id"), listed as "label (id)"
    partner = g.entities[g.relations[_first(g, "partner")].target]
    partner.label = partner.id


def later_fieldwork(g: Graph) -> None:  # another family's later text moves the end of every timeline
    g.relations[_first(g, "engages-with", "P0011")].evidence[0] = _ev("interviews/P0011.txt", "at the service", 50,
                                                                       date="2023-01-01")


@pytest.mark.parametrize("change", [rename_service, retitle_worker, rename_kinship_carer, reject_a_care_fact,
                                    requote_a_passage, partner_takes_part, label_the_partner_by_id, later_fieldwork])
def test_a_page_from_the_memo_is_the_page_a_build_without_it_writes(tmp_path: Path, change: Callable[[Graph], None]) -> None:
    graph = family_graph()
    build(graph, tmp_path / "none", tmp_path / "before")
    before = pages(tmp_path / "before")
    change(graph)
    memo = build(graph, tmp_path / "before", tmp_path / "after")
    write_views(graph, tmp_path / "fresh")
    assert pages(tmp_path / "after") == pages(tmp_path / "fresh")
    assert pages(tmp_path / "fresh") != before  # the change shows on some page ...
    assert set(memo.old) & set(memo.new)  # ... and some other page came from the memo


def test_an_unchanged_study_takes_every_family_page_from_the_memo(tmp_path: Path) -> None:
    graph = family_graph()
    build(graph, tmp_path / "none", tmp_path / "before")
    memo = build(graph, tmp_path / "before", tmp_path / "after")
    assert pages(tmp_path / "after") == pages(tmp_path / "before")
    assert set(memo.new) == set(memo.old) and len(memo.new) == len(pages(tmp_path / "after"))  # the index too


def test_pages_are_kept_by_value_not_by_which_objects_the_model_shares(tmp_path: Path) -> None:
    """A model read back from the extraction cache holds equal values in objects of their own: still every hit."""
    build(family_graph(), tmp_path / "none", tmp_path / "before")
    graph = family_graph()
    for rel in graph.relations.values():
        rel.evidence = [pickle.loads(pickle.dumps(ev)) for ev in rel.evidence]  # its strings no longer shared
    memo = build(graph, tmp_path / "before", tmp_path / "after")
    assert pages(tmp_path / "after") == pages(tmp_path / "before")
    assert set(memo.new) == set(memo.old)
