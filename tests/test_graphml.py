"""graph.graphml is written as text, not through networkx: the very bytes networkx's ``write_graphml`` writes for
``to_networkx``'s graph (so a build is byte for byte what it was), and networkx reads it back to that graph."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest

from graphkit.model import Entity, Evidence, Graph
from graphkit.projections.property_graph import graphml_bytes, to_networkx, write_graphml


def _networkx_bytes(graph: Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buffer)
    return buffer.getvalue()


def awkward_graph() -> Graph:
    """Markup, quotes, tabs, line breaks and CRs in ids and values; one name as two types; an edge end that is no
    entity, and edges whose order by id is not networkx's order (by source, then by target first met)."""
    graph = Graph()
    ev = Evidence("a & b.txt", 0, 12, 'She said "<no>"\r\n\tthen ]]> left é😀', 1, 2, speaker="")
    graph.add_entity(Entity('Z&<>"\'\t\n\r 1', "parent", 'Ann "A" <x> & \'y\'', {"age": 34, "score": 1.5, "flag": True}))
    graph.add_entity(Entity("A2", "child", None, {"age": "thirties", "tags": ["one", "", "two"], "empty": ""}))
    graph.add_entity(Entity("M3", "service", "Hub\r\nline", {}))
    graph.relate("parent-of", 'Z&<>"\'\t\n\r 1', "A2", ev)
    graph.relate("care", "A2", 'Z&<>"\'\t\n\r 1', ev, arrangement="kin & <care>", current=False)
    graph.relate("contact", "M3", "nobody-defines-me")
    graph.relate("works-with", "M3", "A2", ev)
    graph.relate("contact", "A2", "M3", ev, date="2021-05", count=3)
    for n, (source, target) in enumerate([("M3", "Z&<>\"'\t\n\r 1"), ("Z&<>\"'\t\n\r 1", "M3"), ("M3", "A2"), ("A2", "M3")]):
        graph.relate("partner", source, target, arrangement=f"a{n}")
    return graph


def test_graphml_is_what_networkx_writes_for_awkward_values() -> None:
    graph = awkward_graph()
    assert graphml_bytes(graph) == _networkx_bytes(graph)


def test_networkx_reads_the_graphml_back(tmp_path: Path) -> None:
    graph = awkward_graph()
    write_graphml(graph, tmp_path / "graph.graphml")
    read = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    expected = to_networkx(graph)
    assert dict(read.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(read.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))


def test_graphml_of_the_devset_is_what_networkx_writes(devset_build) -> None:
    assert graphml_bytes(devset_build.graph) == _networkx_bytes(devset_build.graph)


@pytest.mark.parametrize("bad", ["\x01", "\x0b", "\ufffe"])
def test_a_character_xml_cannot_hold_is_refused_as_networkx_refuses_it(bad: str) -> None:
    graph = Graph()
    graph.add_entity(Entity("P1", "parent", f"Ann{bad}"))
    with pytest.raises(ValueError, match="XML compatible"):
        _networkx_bytes(graph)
    with pytest.raises(ValueError, match="XML compatible"):
        graphml_bytes(graph)
