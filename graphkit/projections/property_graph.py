"""Project the model to a networkx property graph (and GraphML).

Nodes are entities; edges are relations, keyed by relation id, with the
evidence quotes joined into one attribute (GraphML holds only scalars: a list
is written as its items joined by `` | ``). A value that is not there is left
out (:mod:`graphkit.projections.absent`), on nodes and edges alike.

``graph.graphml`` is written here as text, byte for byte what networkx's
``write_graphml`` (lxml) writes for :func:`to_networkx`'s graph: building the
networkx graph and its lxml elements cost a rebuild more than all the rest of
the file's writing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import networkx as nx

from graphkit.model import Entity, Graph, Relation
from graphkit.projections.absent import present_attrs
from graphkit.stores.files import write_bytes_atomic

Data = dict[str, str | int | float | bool]
#: the GraphML type networkx writes for each Python type (it refuses any other)
_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
         ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
# XML 1.0 has no way to write these; lxml refuses them with this message
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_XML_MESSAGE = "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return " | ".join(str(item) for item in value)
    return str(value)


def _node_data(entity: Entity) -> Data:
    attrs = {k: _scalar(v) for k, v in present_attrs(entity.attrs).items()}
    return {"kind": entity.kind, "label": entity.label or entity.id, **attrs}


def _edge_data(relation: Relation) -> Data:
    attrs = {k: _scalar(v) for k, v in present_attrs(relation.attrs).items()}
    evidence = sorted(relation.evidence)
    if relation.date:
        attrs["date"] = relation.date
    if evidence:
        attrs["quotes"] = " | ".join(ev.quote for ev in evidence)
        attrs["files"] = " | ".join(sorted({ev.file for ev in evidence}))
    return {"kind": relation.kind, "current": relation.current, "evidence_count": len(evidence), **attrs}


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for entity in sorted(graph.entities.values(), key=lambda e: e.id):
        g.add_node(entity.id, **_node_data(entity))
    for relation in sorted(graph.relations.values(), key=lambda r: r.id):
        g.add_edge(relation.source, relation.target, key=relation.id, **_edge_data(relation))
    return g


Edge = tuple[str, str, str, Data]


def _nodes_and_edges(graph: Graph) -> tuple[list[tuple[str, Data]], list[Edge]]:
    """The nodes and edges in the order networkx keeps them: entities by id, then the ends of edges that
    are no entity as the edges (by id) name them; edges by source in node order, then by target in the
    order that source's edges first named it."""
    nodes = {e.id: _node_data(e) for e in sorted(graph.entities.values(), key=lambda e: e.id)}
    adjacency: dict[str, dict[str, list[Edge]]] = {}
    for relation in sorted(graph.relations.values(), key=lambda r: r.id):
        for end in (relation.source, relation.target):
            nodes.setdefault(end, {})
        edge = (relation.source, relation.target, relation.id, _edge_data(relation))
        adjacency.setdefault(relation.source, {}).setdefault(relation.target, []).append(edge)
    edges = [edge for source in nodes for group in adjacency.get(source, {}).values() for edge in group]
    return list(nodes.items()), edges


def _checked(text: str) -> str:
    if _NOT_XML.search(text):
        raise ValueError(_NOT_XML_MESSAGE)
    return text


def _text(value: Any) -> str:
    """Element text as libxml2 escapes it."""
    text = _checked(str(value))
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _attribute(value: str) -> str:
    """An attribute value as libxml2 escapes it: as text, and quotes and white space other than a space too."""
    text = _text(value)
    for char, entity in (('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;")):
        if char in text:
            text = text.replace(char, entity)
    return text


class _Keys:
    """GraphML's ``<key>`` declarations: one per (name, type, node or edge), numbered as they are first met."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}

    def id(self, name: str, value: Any, scope: str) -> str:
        try:
            found = (name, _XML_TYPES[type(value)], scope)
        except KeyError:
            raise TypeError(f"GraphML does not support type {type(value)} as data values.") from None
        return self.ids.setdefault(found, f"d{len(self.ids)}")

    def text(self) -> str:
        return "".join(f'<key id="{key}" for="{scope}" attr.name="{_attribute(name)}" attr.type="{kind}"/>\n'
                       for (name, kind, scope), key in reversed(self.ids.items()))


def _element(tag: str, attributes: str, data: list[tuple[str, Any]]) -> str:
    if not data:
        return f"<{tag} {attributes}/>\n"
    body = "".join(f'  <data key="{key}">{_text(value)}</data>\n' for key, value in data)
    return f"<{tag} {attributes}>\n{body}</{tag}>\n"


def _elements(graph: Graph) -> Iterator[str]:
    nodes, edges = _nodes_and_edges(graph)
    keys = _Keys()
    node_data = [[(keys.id(k, v, "node"), v) for k, v in data.items()] for _, data in nodes]
    edge_data = [[(keys.id(k, v, "edge"), v) for k, v in data[3].items()] for data in edges]
    yield _HEAD + keys.text() + '<graph edgedefault="directed">'
    for (node, _), data in zip(nodes, node_data):
        yield _element("node", f'id="{_attribute(node)}"', data)
    for (source, target, key, _), data in zip(edges, edge_data):
        yield _element("edge", f'source="{_attribute(source)}" target="{_attribute(target)}" id="{_attribute(key)}"', data)
    yield "</graph></graphml>"


def graphml_bytes(graph: Graph) -> bytes:
    """The GraphML of :func:`to_networkx`'s graph, as networkx writes it."""
    return "".join(_elements(graph)).encode("utf-8")


def write_graphml(graph: Graph, path: Path) -> None:
    write_bytes_atomic(path, graphml_bytes(graph))
