"""Children in the texts, matched to the children the descriptors already gave.

A child a parent introduces in speech (introductions.py reads the turns) is
matched to that parent's descriptor children: same name first (or a name the
child is also called), else an unnamed child of the same sex and age (within
a year: interviews and descriptors are written at different times). Only
when nothing matches, and the speech makes the child the parent's own, is a
new child minted, ``<parentID>-C<n>``, continuing the registry's numbering.
"""

from __future__ import annotations

import re

from graphkit.extract.mentions import Mention, patterns
from graphkit.model import Entity, Evidence, Graph

_SEX = {"m": "male", "f": "female"}
_BABY = 2  # the oldest a child called "the baby" can be


def _age_group(age: int | None) -> str:
    return "unknown" if age is None else ("0-16" if age <= 16 else "over-16")


def children_of(graph: Graph, parent_id: str) -> list[Entity]:
    ids = sorted(r.target for r in graph.relations.values() if r.kind == "parent-of" and r.source == parent_id)
    return [graph.entities[i] for i in ids if i in graph.entities]


def _sex_code(entity: Entity) -> str | None:
    return {"male": "m", "female": "f"}.get(str(entity.get("sex")))


# Several unnamed descriptor children could be this one: bind none, and mint none either.
AMBIGUOUS = Entity("?", "child")


def match_child(graph: Graph, parent_id: str, name: str | None, sex: str | None, age: int | None) -> Entity | None:
    """The parent's child this description fits: same name, else one unnamed child of that sex and age.

    Returns ``AMBIGUOUS`` when more than one unnamed child fits.
    """
    kids = children_of(graph, parent_id)
    if name:
        named = [c for c in kids if name.lower() in {(c.label or "").lower(), *(a.lower() for a in c.get("aliases") or ())}]
        if named:
            return named[0]
    fits = []
    for child in kids:
        if name and child.label:
            continue
        if sex and _sex_code(child) and _sex_code(child) != sex:
            continue
        known = child.get("age")
        if age is not None and known is not None and abs(int(known) - age) > 1:
            continue
        if age is not None and known is None and child.get("age_group") not in (None, "unknown", _age_group(age)):
            continue
        fits.append(child)
    exact = [c for c in fits if age is not None and c.get("age") is not None and int(c.get("age")) == age]
    if len(fits) > 1 and len(exact) == 1:
        return exact[0]
    if len(fits) > 1 and len({_signature(graph, c) for c in fits}) == 1:
        return fits[0]  # children nothing tells apart ("two boys"): any of them is the same choice
    return fits[0] if len(fits) == 1 else (AMBIGUOUS if fits else None)


def _signature(graph: Graph, child: Entity) -> tuple:
    """What the registry knows of a child, ids and evidence aside."""
    facts = tuple(sorted((k, str(v)) for k, v in child.attrs.items()))
    relations = tuple(sorted((r.kind, r.source if r.target == child.id else r.target, str(r.attrs.get("arrangement")), r.current)
                             for r in graph.relations.values() if child.id in (r.source, r.target)))
    return facts, relations


def _next_number(graph: Graph, parent_id: str) -> int:
    numbers = [int(m.group(1)) for e in graph.entities if (m := re.fullmatch(re.escape(parent_id) + r"-C(\d+)", e))]
    return max(numbers, default=0) + 1


def _mint(graph: Graph, parent_id: str, name: str, evidence: Evidence, age_group: str) -> Entity:
    child = graph.add_entity(Entity(f"{parent_id}-C{_next_number(graph, parent_id)}", "child", name))
    child.evidence.setdefault("label", []).append(evidence)
    child.set("age_group", age_group, evidence)
    graph.relate("parent-of", parent_id, child.id, evidence, origin="text")
    return child


def adopt(graph: Graph, parent_id: str, name: str, aliases: list[str], sex: str | None, age: int | None,
          evidence: Evidence, age_evidence: Evidence | None, *, mint: bool) -> Entity | None:
    """The parent's child a text names: bind it to a child the registry holds, else mint it when ``mint``.

    Returns None when nothing fits (and ``mint`` is false) or several unnamed children do.
    """
    if mint:
        child = next((c for n in (name, *aliases) if (c := match_child(graph, parent_id, n, sex, age)) is not None), None)
    else:
        child = _by_name_or_age(graph, parent_id, [name, *aliases], age)
    if child is AMBIGUOUS or child is None and not mint:
        return None
    if child is None and (child := _partners_child(graph, parent_id, [name, *aliases])) is not None:
        graph.relate("parent-of", parent_id, child.id, evidence, origin="text")  # said by both partners: one child
    if child is None:
        child = _mint(graph, parent_id, name, evidence, _age_group(age))
    elif not child.label:
        child.label = name
        child.evidence.setdefault("label", []).append(evidence)
    known = set(child.get("aliases") or ())
    extra = [a for a in aliases if a != child.label and a not in known]
    if extra:
        child.set("aliases", sorted(known | set(extra)), evidence)
    if age is not None and child.get("age") is None:
        child.set("age", age, age_evidence or evidence)
        if child.get("age_group") in (None, "unknown"):
            child.set("age_group", _age_group(age), age_evidence or evidence)
    if sex and child.get("sex") is None:
        child.set("sex", _SEX[sex], evidence)
    return child


def _partners_child(graph: Graph, parent_id: str, names: list[str]) -> Entity | None:
    """A child of that name the parent's partner (a participant too) already has."""
    wanted = {n.lower() for n in names}
    partners = {r.target if r.source == parent_id else r.source for r in graph.relations.values()
                if r.kind == "partner" and parent_id in (r.source, r.target)}
    for partner in sorted(partners):
        if graph.entities.get(partner) is None or graph.entities[partner].kind not in ("parent", "family-member"):
            continue
        for child in children_of(graph, partner):
            if wanted & {(child.label or "").lower(), *(a.lower() for a in child.get("aliases") or ())}:
                return child
    return None


def _by_name_or_age(graph: Graph, parent_id: str, names: list[str], age: int | None) -> Entity | None:
    """Without words that make it the parent's own, a name only names the child of that name, or the one unnamed
    child of that age (within a year: a birthday between descriptor and interview)."""
    kids = children_of(graph, parent_id)
    wanted = {n.lower() for n in names}
    named = [c for c in kids if wanted & {(c.label or "").lower(), *(a.lower() for a in c.get("aliases") or ())}]
    if named or age is None:
        return named[0] if named else None
    for slack in (0, 1):
        fits = [c for c in kids if not c.label and c.get("age") is not None and abs(int(c.get("age")) - age) <= slack]
        if fits:
            return fits[0] if len(fits) == 1 else AMBIGUOUS
    return None


def adopt_participant(graph: Graph, parent_id: str, participant_id: str, age: int | None, evidence: Evidence) -> Entity:
    """A participant the parent calls their child ("Eilidh is my eldest"): a child node that stands for them.

    The node carries ``participant`` so that it is known as the same person;
    a participant took part as an adult, so an unknown age is over 16.
    """
    for tie in list(graph.relations_of("relative-of", source=participant_id, target=parent_id)):
        tie.add_evidence(evidence)  # what says how they are kin, where the descriptor only named the parent's code
    held = next((c for c in children_of(graph, parent_id) if c.get("participant") == participant_id), None)
    if held is not None:
        return held
    person = graph.entities[participant_id]
    child = _mint(graph, parent_id, person.label or participant_id, evidence, _age_group(age) if age is not None else "over-16")
    child.set("participant", participant_id, evidence)
    if age is not None:
        child.set("age", age, evidence)
    if person.get("sex"):
        child.set("sex", person.get("sex"))
    return child


def _nth(kids: list[Entity], n: int, sex: str | None) -> str | None:
    """"My third girl": the third child if she is a girl, or the third daughter; taken only when the readings agree.

    Every child's age must be known, or the order is not.
    """
    if not kids or any(k.get("age") is None for k in kids):
        return None
    ordered = sorted(kids, key=lambda k: -int(k.get("age")))
    readings = set()
    if len(ordered) >= n and (sex is None or _sex_code(ordered[n - 1]) in (None, sex)):
        readings.add(ordered[n - 1].id)
    same = [k for k in ordered if _sex_code(k) == sex] if sex else []
    if len(same) >= n:
        readings.add(same[n - 1].id)
    return readings.pop() if len(readings) == 1 else None


def resolve_childref(graph: Graph, ref: Mention, owners: list[str], text: str) -> str | None:
    """A description ("her son", "the older girl") -> the one child of the owner it fits."""
    words = ref.text.lower()
    for owner in owners:
        kids = children_of(graph, owner)
        if ref.sex:
            kids = [k for k in kids if _sex_code(k) in (None, ref.sex)]
        if re.search(r"\bbab(?:y|by)\b", words):  # "the baby" is not the four-year-old
            kids = [k for k in kids if (k.get("age") is None and k.get("age_group") != "over-16") or (k.get("age") is not None and int(k.get("age")) <= _BABY)]
        ages = [(int(k.get("age")), k) for k in kids if k.get("age") is not None]
        order = next((n for w in words.split() if (n := patterns()["child_refs"]["ordinals"].get(w))), None)
        if order:
            return _nth(children_of(graph, owner), order, ref.sex)
        if "eldest" in words or "oldest" in words or "older" in words:
            adults = [k for k in kids if k.get("age_group") == "over-16"]
            if len(adults) == 1 and len(ages) < len(kids):  # an adult of unknown age is older than the known ones
                return adults[0].id
            return max(ages, key=lambda a: a[0])[1].id if ages and len(ages) == len(kids) else None
        if "youngest" in words:
            return min(ages, key=lambda a: a[0])[1].id if ages and len(ages) == len(kids) else None
        if len(kids) == 1:
            return kids[0].id
    return None
