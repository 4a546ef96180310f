"""Which families a passage is about, so that a child's name never resolves to a child of another family.

A fact about a child belongs to the family whose file, speaker or nearby
mention it is in: people joined by parenthood, partnership, kinship or care
are one family, and a name held by a child outside the families in view is
not that child (two families each with a "Jamie" are the common case in a
large collection).
"""

from __future__ import annotations

from typing import Iterable
from weakref import WeakKeyDictionary

from graphkit.extract.mentions import Index
from graphkit.model import Relation

FAMILY_TIES = ("parent-of", "partner", "lives-with", "relative-of", "carer-of")
_PEOPLE = ("parent", "family-member", "person")
# per index: (the adjacency it was computed from, person -> family number)
_CACHE: WeakKeyDictionary[Index, tuple[dict, dict[str, int]]] = WeakKeyDictionary()


class ChildScope:
    """The families a passage is about: a child of any other family is never what a name in it stands for."""

    def __init__(self, index: Index, families: set[int | str]):
        self.index, self.families = index, families

    def admits(self, child: str | None) -> bool:
        """No family in view (a worker's talk about nobody in particular) admits any child; else the child's family must be one."""
        if not self.families or child is None:
            return True
        family = families(self.index)
        return any(family.get(p, p) in self.families for p in (*self.index.parents_of.get(child, []), *self.index.carers_of.get(child, [])))


def in_scope(index: Index, people: Iterable[str | None]) -> ChildScope:
    """The families of ``people`` (the file's listing, the speaker, the participant in focus, adults named)."""
    family = families(index)
    return ChildScope(index, {family.get(p, p) for p in people if index.kind(p) in _PEOPLE})


def families(index: Index) -> dict[str, int]:
    """Person -> family number: people joined by parenthood, partnership, kinship or care are one family.

    Someone in no such relation is a family of their own (callers use their id).

    Computed once per registry state (the index's adjacency is rebuilt, and
    this with it, whenever a child or a partner is added).
    """
    cached = _CACHE.get(index)
    if cached is not None and cached[0] is index.parents_of:
        return cached[1]
    family = family_numbers(index.graph.relations.values())
    _CACHE[index] = (index.parents_of, family)
    return family


def family_numbers(relations: Iterable[Relation]) -> dict[str, int]:
    """Person -> family number, for everyone in a relation of ``FAMILY_TIES`` among ``relations``."""
    root: dict[str, str] = {}

    def find(x: str) -> str:
        root.setdefault(x, x)
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for rel in relations:
        if rel.kind in FAMILY_TIES:
            root[find(rel.source)] = find(rel.target)
    numbers: dict[str, int] = {}
    return {person: numbers.setdefault(find(person), len(numbers)) for person in list(root)}
