"""Project the model to Neo4j rows: plain node and relationship dicts, no driver needed.

The shape (see ``../shared/notes/vocabularies.md``, Neo4j conventions)::

    (:Person:Participant|:Professional|:Child)  (:Service)  (:DataFile)
    (:CareArrangement)-[:OF_CHILD]->(:Person:Child)
    (:CareArrangement)-[:OF_PARENT]->(:Person)     the parent whose view it is
    (:CareArrangement)-[:CARED_FOR_BY]->(:Person)  when the carer is a known person
    (:ContactArrangement)-[:OF_PARENT|OF_CHILD]->(:Person)
    (any fact node)-[:DERIVED_FROM]->(:Evidence)-[:QUOTED_FROM]->(:DataFile)
    (:PublishedFigure)                              a figure of the published profile

Every other relation of the model is a relationship between its two
entities (``PARENT_OF``, ``ENGAGES_WITH``, ``WORKS_AT``, ``WORKS_WITH`` ...)
carrying ``id``, ``iri``, ``current``, ``asAt``, ``evidenceCount`` and
``evidenceIds`` (look the quotes up with ``MATCH (e:Evidence) WHERE e.id IN
r.evidenceIds``). Care and contact arrangements are nodes because they carry
a carer, a type and a date and are what a reader follows to the quote.
Ended arrangements stay, with ``current: false``, as the RDF keeps them.

Every node has a short ``id`` (the key the loader merges on) and the
``iri`` of the same thing in the RDF output; properties are camelCase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, TypedDict
from urllib.parse import quote

from graphkit.model import Entity, Evidence, Graph, Relation, stable_hash
from graphkit.projections.absent import is_absent, present_attrs

# TODO(iris): switch to graphkit.iris once it exists; rdf.py mints the IRIs today, and
# the Neo4j `iri` must be the very same string as the RDF subject.
from graphkit.projections.rdf import ID, entity_iri, evidence_iri, relation_iri
from graphkit.stores.files import dumps_record
from graphkit.stores.memo import Memo, canonical, digest

__all__ = [
    "NodeRow",
    "RelRow",
    "PropertyGraphRows",
    "rows_from_graph",
    "NODE_LABELS",
    "EXTRA_LABELS",
    "REL_TYPES",
]


class _NodeRowBase(TypedDict):
    label: str
    id: str
    props: dict[str, Any]


class NodeRow(_NodeRowBase, total=False):
    labels: list[str]  # extra labels (Participant, Professional, Child) beside the key label


class _RelRowBase(TypedDict):
    type: str
    start: str
    start_label: str
    end: str
    end_label: str
    props: dict[str, Any]


class RelRow(_RelRowBase, total=False):
    id: str  # the loader merges on it; derived from the ends and type when absent


#: Key labels: each has a uniqueness constraint on ``id`` and is what MERGE matches on.
NODE_LABELS = (
    "Person",
    "Service",
    "DataFile",
    "Evidence",
    "CareArrangement",
    "ContactArrangement",
    "PublishedFigure",
)
#: Labels added beside ``Person`` for the role a person has in the study.
EXTRA_LABELS = ("Participant", "Professional", "Child")
#: relation kind -> relationship type, for relations that stay relationships.
RELATION_TYPES = {
    "parent-of": "PARENT_OF",
    "partner": "PARTNER_OF",
    "lives-with": "LIVES_WITH",
    "engages-with": "ENGAGES_WITH",
    "works-at": "WORKS_AT",
    "works-with": "WORKS_WITH",
    "carer-of": "CARER_OF",
    "relative-of": "RELATIVE_OF",
    "appears-in": "APPEARS_IN",
    "linked-to": "LINKED_TO",
}
#: relation kind -> (node label, relationship type to the source, relationship type to the target)
ARRANGEMENT_NODES = {
    "care": ("CareArrangement", "OF_CHILD", "OF_PARENT"),  # model: child -> parent
    "contact": ("ContactArrangement", "OF_PARENT", "OF_CHILD"),  # model: parent -> child
}
STRUCTURE_TYPES = ("OF_CHILD", "OF_PARENT", "CARED_FOR_BY", "DERIVED_FROM", "QUOTED_FROM")
#: Every relationship type the loader accepts.
REL_TYPES = tuple(dict.fromkeys([*RELATION_TYPES.values(), *STRUCTURE_TYPES]))

#: entity kind -> (key label, extra labels)
KIND_LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "parent": ("Person", ("Participant",)),
    "family-member": ("Person", ("Participant",)),
    "professional": ("Person", ("Professional",)),
    "child": ("Person", ("Child",)),
    "person": ("Person", ()),
    "service": ("Service", ()),
    "file": ("DataFile", ()),
}


@dataclass
class PropertyGraphRows:
    """What the loader and the CSV export take: nodes first, then relationships."""

    nodes: list[NodeRow] = field(default_factory=list)
    relationships: list[RelRow] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "relationships": self.relationships}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PropertyGraphRows":
        return cls(list(data.get("nodes", [])), list(data.get("relationships", [])))


def camel(name: str) -> str:
    """``age_group`` -> ``ageGroup``; ``first_time`` keeps the RDF name ``firstTimeParent``."""
    name = RENAMES.get(name, name)
    head, *rest = re.split(r"[_\-\s]+", name)
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


#: model attribute -> Neo4j property, where the RDF term says it better than the attribute name.
RENAMES = {"first_time": "firstTimeParent", "label": "name"}


def _value(value: Any) -> Any:
    """A Neo4j property value: scalars as they are, lists of scalars, anything else as text."""
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, bool, int, float)) for v in value):
        return list(value)
    return str(value)


def _props(attrs: dict[str, Any]) -> dict[str, Any]:
    """Neo4j properties of the attributes that hold a value (an absent one is no property, as in the import CSVs)."""
    return {camel(k): _value(v) for k, v in present_attrs(attrs).items()}


def _rel_id(start: str, type_: str, end: str) -> str:
    return "r-" + stable_hash(start, type_, end)


#: the rows one entity or relation adds (nodes by (label, id), relationships by id) with their JSON text in
#: ``rows.json``, as a memo keeps them
Part = tuple[list[tuple[tuple[str, str], NodeRow, str]], list[tuple[str, RelRow, str]]]


class _Builder:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.nodes: dict[tuple[str, str], NodeRow] = {}
        self.rels: dict[str, RelRow] = {}
        self.texts: dict[Any, str] = {}  # JSON texts of the rows that came from a memo, by node or relationship key

    def node(self, label: str, node_id: str, props: dict[str, Any], extra: Iterable[str] = ()) -> None:
        row: NodeRow = {"label": label, "id": node_id, "props": {"id": node_id, **props}}
        if extra:
            row["labels"] = sorted(extra)
        self.nodes.setdefault((label, node_id), row)

    def rel(self, type_: str, start: tuple[str, str], end: tuple[str, str], props: dict[str, Any] | None = None,
            rel_id: str | None = None) -> None:
        rid = rel_id or _rel_id(start[1], type_, end[1])
        self.rels.setdefault(rid, {
            "type": type_, "id": rid, "start": start[1], "start_label": start[0], "end": end[1], "end_label": end[0],
            "props": {"id": rid, **(props or {})},
        })

    def ref(self, entity_id: str, context: str) -> tuple[str, str]:
        entity = self.graph.entities.get(entity_id)
        if entity is None:
            raise ValueError(f"{context}: no entity {entity_id!r} in the graph")
        return self.labels(entity)[0], entity_id

    @staticmethod
    def labels(entity: Entity) -> tuple[str, tuple[str, ...]]:
        if entity.kind not in KIND_LABELS:  # a guess would make it a Person and count it in every question about people
            raise ValueError(f"entity {entity.id}: kind {entity.kind!r} has no Neo4j label (KIND_LABELS)")
        return KIND_LABELS[entity.kind]

    def data_file(self, path: str) -> tuple[str, str]:
        data_file = self.graph.files.get(path)
        props: dict[str, Any] = {"iri": entity_iri(path, "file").value, "path": path, "name": path}
        if data_file is not None:
            for attr, key in (("dataset", "dataset"), ("type", "dataType"), ("country", "country"), ("date", "date")):
                if getattr(data_file, attr):
                    props[key] = getattr(data_file, attr)
        self.node("DataFile", path, props)
        return "DataFile", path

    def evidence(self, owner: tuple[str, str], items: Iterable[Evidence]) -> list[str]:
        ids = []
        for ev in sorted(set(items)):
            props = {
                "iri": evidence_iri(ev).value, "file": ev.file, "quote": ev.quote, "start": ev.start, "end": ev.end,
                "lineStart": ev.line_start, "lineEnd": ev.line_end,
            }
            for attr in ("row", "column", "speaker", "date"):
                if not is_absent(getattr(ev, attr)):
                    props[attr] = getattr(ev, attr)
            self.node("Evidence", ev.id, props)
            self.rel("QUOTED_FROM", ("Evidence", ev.id), self.data_file(ev.file))
            if owner[0] != "Relationship":
                self.rel("DERIVED_FROM", owner, ("Evidence", ev.id))
            ids.append(ev.id)
        return ids

    def entity(self, entity: Entity) -> None:
        if entity.kind == "file":
            self.data_file(entity.id)
            return
        label, extra = self.labels(entity)
        props = {"iri": entity_iri(entity.id, entity.kind).value, "kind": entity.kind, **_props(entity.attrs)}
        if entity.label:
            props["name"] = entity.label
        self.node(label, entity.id, props, extra)
        self.evidence((label, entity.id), entity.all_evidence())

    def relation(self, relation: Relation) -> None:
        where = f"relation {relation.id} ({relation.kind})"
        source, target = self.ref(relation.source, where), self.ref(relation.target, where)
        props: dict[str, Any] = {
            "iri": relation_iri(relation).value, "current": relation.current,
            "evidenceCount": len(set(relation.evidence)), **_props(relation.attrs),
        }
        if relation.date:
            props["asAt"] = relation.date
        if relation.kind in ARRANGEMENT_NODES:
            label, to_source, to_target = ARRANGEMENT_NODES[relation.kind]
            node = (label, relation.id)
            self.node(label, relation.id, props)
            self.rel(to_source, node, source)
            self.rel(to_target, node, target)
            carer_id = relation.attrs.get("carer_id")
            if carer_id in self.graph.entities:
                self.rel("CARED_FOR_BY", node, self.ref(carer_id, where))
            self.evidence(node, relation.evidence)
            return
        type_ = RELATION_TYPES.get(relation.kind)
        if type_ is None:
            raise ValueError(f"{where}: no Neo4j relationship type for kind {relation.kind!r}")
        evidence_ids = self.evidence(("Relationship", relation.id), relation.evidence)
        if evidence_ids:  # no evidence: no property, not an empty list
            props["evidenceIds"] = evidence_ids
        self.rel(type_, source, target, props, rel_id=relation.id)

    def figure(self, figure: dict[str, Any]) -> None:
        measure = str(figure["measure"])
        props: dict[str, Any] = {"iri": f"{ID}profile/{quote(measure, safe='')}", "measure": measure,
                                 "published": int(figure["published"])}
        if figure.get("note"):
            props["note"] = str(figure["note"])
        self.node("PublishedFigure", measure, props)

    def part(self, emit: Callable[[Any], None], item: Any) -> Part:
        """The rows ``emit(item)`` adds on its own (each key's first row, in the order first added); the
        builder is left as it was."""
        saved = self.nodes, self.rels
        self.nodes, self.rels = {}, {}
        try:
            emit(item)
            return ([(key, row, dumps_record(row, sort_keys=True)) for key, row in self.nodes.items()],
                    [(rid, row, dumps_record(row, sort_keys=True)) for rid, row in self.rels.items()])
        finally:
            self.nodes, self.rels = saved

    def replay(self, part: Part) -> None:
        """Add a part's rows as ``emit`` would have: the first row of a key stays."""
        for key, row, text in part[0]:
            if key not in self.nodes:
                self.nodes[key], self.texts[key] = row, text
        for rid, rel_row, text in part[1]:
            if rid not in self.rels:
                self.rels[rid], self.texts[rid] = rel_row, text

    def rows(self) -> tuple[PropertyGraphRows, list[tuple[str, str]], list[str]]:
        """The rows, sorted, and their keys in the same order."""
        node_keys = sorted(self.nodes)
        rel_keys = sorted(self.rels, key=lambda k: (self.rels[k]["type"], k))
        return PropertyGraphRows([self.nodes[k] for k in node_keys], [self.rels[k] for k in rel_keys]), node_keys, rel_keys


def _label_of(graph: Graph, entity_id: object) -> str | None:
    entity = graph.entities.get(entity_id) if isinstance(entity_id, str) else None
    return KIND_LABELS.get(entity.kind, ("?",))[0] if entity is not None else None


def _memo_key(graph: Graph, files: bytes, item: Entity | Relation) -> bytes:
    """What an entity's or relation's rows rest on: the item, the files its evidence names (``files``: a
    digest of all of them) and, for a relation, the labels of the entities it points to."""
    ends = () if isinstance(item, Entity) else tuple(
        _label_of(graph, e) for e in (item.source, item.target, item.attrs.get("carer_id")))
    return digest(files + canonical((ends, item)))


def _built(graph: Graph, memo: Memo | None) -> _Builder:
    builder = _Builder(graph)
    files = digest(canonical(sorted(graph.files.items()))) if memo is not None else b""

    def add(item: Entity | Relation, emit: Callable[[Any], None]) -> None:
        if memo is None:
            emit(item)
            return
        key = _memo_key(graph, files, item)
        part = memo.get(key)
        if part is None:
            part = builder.part(emit, item)
            memo.put(key, part)
        builder.replay(part)

    for entity in sorted(graph.entities.values(), key=lambda e: e.id):
        add(entity, builder.entity)
    for path in sorted(graph.files):
        builder.data_file(path)
    for relation in sorted(graph.relations.values(), key=lambda r: r.id):
        add(relation, builder.relation)
    for figure in graph.study.get("profile", []):
        builder.figure(figure)
    return builder


def rows_from_graph(graph: Graph, memo: Memo | None = None) -> PropertyGraphRows:
    """The nodes and relationships of ``graph``, deterministic and sorted (same graph, same rows). With
    ``memo``, each entity's and relation's rows come from it when their inputs are as in the build that
    kept them (and go into it for the next)."""
    return _built(graph, memo).rows()[0]


def rows_with_texts(graph: Graph, memo: Memo | None = None) -> tuple[PropertyGraphRows, list[str], list[str]]:
    """``rows_from_graph`` and each node's and relationship's JSON text (:func:`dumps_record`, keys sorted),
    in the same order: from ``memo`` where the row is."""
    builder = _built(graph, memo)
    rows, node_keys, rel_keys = builder.rows()
    return (rows, [builder.texts.get(k) or dumps_record(r, sort_keys=True) for k, r in zip(node_keys, rows.nodes)],
            [builder.texts.get(k) or dumps_record(r, sort_keys=True) for k, r in zip(rel_keys, rows.relationships)])
