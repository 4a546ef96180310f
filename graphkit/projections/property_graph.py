"""Project the model to a networkx property graph (and GraphML).

Nodes are entities; edges are relations, keyed by relation id, with the
evidence quotes joined into one attribute (GraphML holds only scalars: a list
is written as its items joined by `` | ``). A value that is not there is left
out (:mod:`graphkit.projections.absent`), on nodes and edges alike.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from graphkit.model import Graph
from graphkit.projections.absent import present_attrs
from graphkit.stores.files import write_bytes_atomic


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return " | ".join(str(item) for item in value)
    return str(value)


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for entity in sorted(graph.entities.values(), key=lambda e: e.id):
        attrs = {k: _scalar(v) for k, v in present_attrs(entity.attrs).items()}
        g.add_node(entity.id, kind=entity.kind, label=entity.label or entity.id, **attrs)
    for relation in sorted(graph.relations.values(), key=lambda r: r.id):
        attrs = {k: _scalar(v) for k, v in present_attrs(relation.attrs).items()}
        evidence = sorted(relation.evidence)
        if relation.date:
            attrs["date"] = relation.date
        if evidence:
            attrs["quotes"] = " | ".join(ev.quote for ev in evidence)
            attrs["files"] = " | ".join(sorted({ev.file for ev in evidence}))
        g.add_edge(relation.source, relation.target, key=relation.id, kind=relation.kind, current=relation.current,
                   evidence_count=len(evidence), **attrs)
    return g


def write_graphml(graph: Graph, path: Path) -> None:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buffer)
    write_bytes_atomic(path, buffer.getvalue())
