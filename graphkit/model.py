"""The one model every stage shares: entities, relations and their evidence.

Readers and extractors produce it; projections (RDF, property graph) and
views consume it. It imports no back end, so it can be built and inspected in
a notebook or a test without rdflib, pyoxigraph or neo4j.

Vocabulary of ``kind`` values (closed lists, see ``../shared/query-contract.md``):

Entity kinds
    ``parent`` (a parent participant: role mother or father), ``family-member``,
    ``professional``, ``service``, ``child``, ``person`` (someone named in the
    data who did not take part: a partner, a carer), ``file`` (a data file).

Relation kinds
    ``parent-of`` (parent -> child), ``care`` (child -> parent, from that
    parent's point of view: where and with whom the child lives),
    ``contact`` (parent -> child), ``partner`` (person -> person),
    ``lives-with`` (person -> person), ``engages-with`` (parent -> service),
    ``works-at`` (professional -> service), ``works-with``
    (professional -> parent or family member), ``carer-of`` (person -> child), ``relative-of`` (family member -> participant),
    ``appears-in`` (person or service -> file).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, Hashable, Iterator, TypeVar

ENTITY_KINDS = ("parent", "family-member", "professional", "service", "child", "person", "file")
RELATION_KINDS = (
    "parent-of",
    "care",
    "contact",
    "partner",
    "lives-with",
    "engages-with",
    "works-at",
    "works-with",
    "carer-of",
    "relative-of",
    "appears-in",
)
CARE_ARRANGEMENTS = (
    "with-parent",
    "with-mother",
    "with-father",
    "kinship-care",
    "foster-care",
    "adopted",
    "residential-care",
    "independent",
    "unknown",
)
CONTACT_ARRANGEMENTS = (
    "regular-contact",
    "coparenting",
    "supervised-contact",
    "indirect-contact",
    "no-contact",
)
SERVICE_TYPES = ("drug-treatment", "child-protection", "family-support", "pregnancy-support", "other")
SECTORS = ("NHS", "third-sector", "local-authority", "government", "other")
HOUSEHOLDS = ("single", "cohabiting", "part-time-cohabiting", "unknown")
AGE_GROUPS = ("0-16", "over-16", "unknown")


@lru_cache(maxsize=1 << 16, typed=True)  # relation and evidence ids are asked for again by every projection
def stable_hash(*parts: object, length: int = 12) -> str:
    """A short hex digest of ``parts``: the same inputs give the same id on every run."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact was read: a span of a data file or of a table cell.

    ``start``/``end`` are Python ``str`` offsets into the file's text (for a
    table, into the cell), so ``text[start:end] == quote`` holds, except for a
    quote whose identifiers were redacted (see graphkit.redaction).
    Lines are 1-based and inclusive; for a table, ``line_start`` is the
    physical line of the row in the file and ``row`` its 1-based data row.
    """

    file: str
    start: int
    end: int
    quote: str
    line_start: int
    line_end: int
    row: int | None = None
    column: str | None = None
    speaker: str | None = None
    date: str | None = None

    @property
    def id(self) -> str:
        return "ev-" + stable_hash(self.file, self.row, self.column, self.start, self.end)

    @property
    def from_table(self) -> bool:
        return self.row is not None


T = TypeVar("T", bound=Hashable)


class _Index(Generic[T]):
    """What one list (of evidence, of problems) already holds, as a set: adding stays O(1) when a repeated
    phrase adds thousands.

    Built again when the list was replaced or changed size behind its back (redaction assigns new lists)."""

    __slots__ = ("items", "size", "seen")

    def __init__(self) -> None:
        self.items: list[T] | None = None
        self.size = 0
        self.seen: set[T] = set()

    def __reduce__(self) -> tuple[type, tuple[()]]:
        # Pickled empty (it is rebuilt on the next add): a set's order varies between processes, and the
        # caches key parts of the outputs by the pickled model.
        return (_Index, ())

    def add(self, items: list[T], item: T) -> None:
        """Append ``item`` to ``items`` unless it is there already."""
        if items is not self.items or len(items) != self.size:
            self.items, self.seen = items, set(items)
        if item not in self.seen:
            self.seen.add(item)
            items.append(item)
        self.size = len(items)


@dataclass
class Entity:
    """A node: a person, a service or a data file. ``id`` is the ID code or a minted id."""

    id: str
    kind: str
    label: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    _indexes: dict[str, _Index[Evidence]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def set(self, name: str, value: Any, evidence: Evidence | None = None) -> None:
        """Set an attribute and remember the passage that says it."""
        self.attrs[name] = value
        if evidence is not None:
            self._indexes.setdefault(name, _Index()).add(self.evidence.setdefault(name, []), evidence)

    def get(self, name: str, default: Any = None) -> Any:
        return self.attrs.get(name, default)

    def all_evidence(self) -> list[Evidence]:
        return sorted({ev for evs in self.evidence.values() for ev in evs})


@dataclass
class Relation:
    """An edge between two entities, with the passages that say it.

    ``current`` is False for an arrangement that has ended or been replaced:
    it stays in the graph as history, dated by ``date``.
    """

    kind: str
    source: str
    target: str
    attrs: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    current: bool = True
    date: str | None = None
    _index: _Index[Evidence] = field(default_factory=_Index, init=False, repr=False, compare=False)
    #: why a reader might doubt it (graphkit.review.doubts), so a review can start with the doubtful ones
    doubts: tuple[str, ...] = ()

    @property
    def review(self) -> str:
        """``unreviewed``, ``accepted``, ``corrected`` or ``manual`` (a rejected relation leaves the graph)."""
        return str(self.attrs.get("review_state", "unreviewed"))

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two mentions the same relation (arrangements keep their type apart)."""
        return (self.kind, self.source, self.target, str(self.attrs.get("arrangement", "")))

    @property
    def id(self) -> str:
        return "rel-" + stable_hash(*self.key, self.current, self.date)

    def add_evidence(self, evidence: Evidence) -> None:
        self._index.add(self.evidence, evidence)


@dataclass(frozen=True, order=True)
class Problem:
    """A located problem with the input: reported, never silently dropped."""

    where: str
    what: str
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class DataFile:
    """A data file named by the listing, with what the listing says of it."""

    path: str
    dataset: str | None = None
    type: str | None = None
    date: str | None = None
    country: str | None = None
    ids: tuple[str, ...] = ()
    descriptor: str | None = None
    listing_row: int | None = None


@dataclass(frozen=True)
class Revision:
    """A reviewer's decision applied to the graph (graphkit.review.decisions): provenance for every output.

    ``before`` is the relation as extracted (None for a fact the reviewer added), ``after`` the relation
    the graph now holds (None when rejected); both are relation ids.
    """

    action: str  # accepted, rejected, corrected, manual
    before: str | None
    after: str | None
    reviewer: str
    at: str
    note: str | None = None


@dataclass
class Graph:
    """Entities and relations of one collection, plus the problems met building it."""

    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    files: dict[str, DataFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    study: dict[str, Any] = field(default_factory=dict)
    #: the review's decisions, and the relations they took out of the graph (rejected, or replaced by a correction)
    revisions: list[Revision] = field(default_factory=list)
    withdrawn: dict[str, Relation] = field(default_factory=dict)
    _problem_index: _Index[Problem] = field(default_factory=_Index, init=False, repr=False, compare=False)

    def add_entity(self, entity: Entity) -> Entity:
        """Add ``entity``, or return the one already held under its id."""
        return self.entities.setdefault(entity.id, entity)

    def entity(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def relate(
        self,
        kind: str,
        source: str,
        target: str,
        evidence: Evidence | None = None,
        *,
        current: bool = True,
        date: str | None = None,
        **attrs: Any,
    ) -> Relation:
        """Add a relation, merging with an equal one (same kind, ends and arrangement)."""
        relation = Relation(kind, source, target, dict(attrs), [], current, date)
        held = self.relations.setdefault(relation.id, relation)
        for name, value in attrs.items():
            if value is not None and held.attrs.get(name) is None:
                held.attrs[name] = value
        if evidence is not None:
            held.add_evidence(evidence)
        return held

    def merge(self, keep: str, drop: str) -> None:
        """Make ``drop`` the same node as ``keep``: its facts and relations move over, ``keep``'s facts win."""
        gone = self.entities.pop(drop)
        held = self.entities[keep]
        for name, value in gone.attrs.items():
            if held.attrs.get(name) is None:
                held.attrs[name] = value
        for name, items in gone.evidence.items():
            for ev in items:
                held.set(name, held.attrs.get(name), ev)
        if held.label is None:
            held.label = gone.label
        for relation in [r for r in self.relations.values() if drop in (r.source, r.target)]:
            self.drop_relation(relation)
            source = keep if relation.source == drop else relation.source
            target = keep if relation.target == drop else relation.target
            if source == target:
                continue
            merged = self.relate(relation.kind, source, target, current=relation.current, date=relation.date, **relation.attrs)
            for ev in relation.evidence:
                merged.add_evidence(ev)

    def drop_relation(self, relation: Relation) -> None:
        self.relations.pop(relation.id, None)

    def problem(self, where: str, what: str, severity: str = "warning") -> None:
        self._problem_index.add(self.problems, Problem(where, what, severity))

    def of_kind(self, *kinds: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.kind in kinds), key=lambda e: e.id)

    def relations_of(self, kind: str, *, source: str | None = None, target: str | None = None) -> Iterator[Relation]:
        chosen = [
            rel for rel in self.relations.values()
            if rel.kind == kind and (source is None or rel.source == source) and (target is None or rel.target == target)
        ]
        yield from sorted(chosen, key=lambda r: (r.key, r.id))

    def evidence_for(self, node_or_relation_id: str) -> list[Evidence]:
        """The passages behind an entity (all its attributes) or a relation."""
        if node_or_relation_id in self.entities:
            return self.entities[node_or_relation_id].all_evidence()
        if node_or_relation_id in self.relations:
            return sorted(self.relations[node_or_relation_id].evidence)
        return []
