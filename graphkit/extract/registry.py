"""The registry: every row of the participant and service lists becomes an entity.

Descriptor facts (descriptors.py) are attached with the table, row and span
that say them; children get ids minted from their parent's ID code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphkit.extract.descriptors import DescriptorFacts, parse_person
from graphkit.extract.lexicon import lexicon, vocabulary
from graphkit.extract.services import mentioned_ids, services_in
from graphkit.model import Entity, Evidence, Graph
from graphkit.readers.collection import Collection
from graphkit.readers.tables import Row, Table

PERSON_KINDS = {"mother": "parent", "father": "parent", "family-member": "family-member", "professional": "professional", "child": "child"}


@dataclass
class RowSource:
    """Evidence factory for one table cell."""

    table: Table
    row: Row
    column: str

    @property
    def text(self) -> str:
        return self.row.fields.get(self.column, "")

    def evidence(self, start: int = 0, end: int | None = None) -> Evidence:
        text = self.text
        end = len(text) if end is None else end
        if start == end:
            start, end = 0, len(text)
        before = text[:start]
        return Evidence(
            file=self.table.path.name, start=start, end=end, quote=text[start:end],
            line_start=self.row.line + before.count("\n"), line_end=self.row.line + text[:end].count("\n"),
            row=self.row.number, column=self.column,
        )


def _role(kind_cell: str, descriptor: str) -> str | None:
    words = lexicon("role")
    hit = words.first(kind_cell)
    if hit and hit.family in ("mother", "father", "family-member", "professional", "child"):
        if hit.family == "mother" and re.search(r"\bparent\b", kind_cell, re.I):
            hit = None
        else:
            return hit.family
    if re.search(r"\bparent\b", kind_cell, re.I) or not kind_cell.strip():
        hit = words.first(descriptor[:80])
        if hit and hit.family in ("mother", "father"):
            return hit.family
        return "mother" if re.search(r"\bparent\b", kind_cell, re.I) else None
    return None


def _sex(role: str | None, descriptor: str) -> str | None:
    """Mothers are female and fathers male; a family member's sex comes from the descriptor's first gendered word."""
    if role in ("mother", "father"):
        return {"mother": "female", "father": "male"}[role]
    # Pronouns about the person outweigh kin words, which may be about someone else ("... is the father").
    female = len(re.findall(r"\b(?:she|her|herself|hers)\b", descriptor, re.I))
    male = len(re.findall(r"\b(?:he|him|his|himself)\b", descriptor, re.I))
    if female != male:
        return "female" if female > male else "male"
    hits = [h for h in lexicon("role").find_all(descriptor) if h.family in ("mother", "father")]
    return {"mother": "female", "father": "male"}[hits[0].family] if hits else None


def add_services(graph: Graph, table: Table) -> None:
    for row in table.rows:
        sid = row.fields.get("id", "")
        if not sid:
            graph.problem(f"{table.path.name}, line {row.line} (data row {row.number})", "service row has no ID code")
            continue
        if sid in graph.entities:
            graph.problem(f"{table.path.name}, line {row.line} (data row {row.number})", f"duplicate ID {sid}: this row is ignored")
            continue
        source = RowSource(table, row, "descriptor")
        service = graph.add_entity(Entity(sid, "service", row.fields.get("name") or None))
        service.evidence.setdefault("label", []).append(RowSource(table, row, "name").evidence())
        text = source.text
        for attr, section in (("service_type", "service_type"), ("sector", "sector"), ("country", "country")):
            hits = lexicon(section).find_all(text)
            if hits:
                service.set(attr, hits[0].family, source.evidence(hits[0].start, hits[0].end))
            elif attr in ("service_type", "sector"):
                service.set(attr, "other", source.evidence())


def _role_title(text: str) -> tuple[str, int, int] | None:
    first = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    end = len(first)
    for stop in vocabulary()["role_title"]["stops"]:
        pos = first.lower().find(stop)
        if 0 < pos < end:
            end = pos
    title = first[:end].strip()
    return (title, 0, len(title)) if title else None


def _add_professional(graph: Graph, person: Entity, source: RowSource) -> None:
    text = source.text
    title = _role_title(text)
    if title:
        person.set("role_title", title[0], source.evidence(title[1], title[2]))
    first_sentence = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    for sid, start, end in services_in(first_sentence, graph):
        graph.relate("works-at", person.id, sid, source.evidence(start, end), origin="descriptor")
    country = lexicon("country").first(text)
    if country:
        person.set("country", country.family, source.evidence(country.start, country.end))


def _add_child(graph: Graph, parent: Entity, number: int, child, source: RowSource) -> Entity:
    child_id = f"{parent.id}-C{number}"
    entity = graph.add_entity(Entity(child_id, "child", child.name))
    evidence = source.evidence(*child.span)
    entity.set("age_group", child.age_group, evidence)
    if child.sex:
        entity.set("sex", {"m": "male", "f": "female"}[child.sex], evidence)
    if child.age is not None:
        entity.set("age", child.age, evidence)
    graph.relate("parent-of", parent.id, child_id, evidence, origin="descriptor")
    if child.arrangement is not None:
        arrangement = str(child.arrangement.value)
        carer = child.carer_id or child.carer
        if arrangement == "with-parent":
            carer = parent.id
        graph.relate("care", child_id, parent.id, source.evidence(*child.arrangement.span),
                     arrangement=arrangement, carer=carer, carer_id=child.carer_id, origin="descriptor")
        if child.carer_id:
            graph.relate("carer-of", child.carer_id, child_id, evidence, origin="descriptor")
    if child.contact is not None:
        graph.relate("contact", parent.id, child_id, source.evidence(*child.contact.span),
                     arrangement=str(child.contact.value), origin="descriptor")
    for doubt in child.doubts:
        graph.problem(f"{source.table.path.name}, line {source.row.line} (data row {source.row.number})", f"{child_id}: {doubt}")
    return entity


def _add_parent_facts(graph: Graph, person: Entity, facts: DescriptorFacts, source: RowSource) -> None:
    for name, fact in sorted(facts.facts.items()):
        person.set(name, fact.value, source.evidence(*fact.span))
    if person.get("household") is None:
        person.set("household", "unknown")
    for service_id, start, end in services_in(source.text, graph):
        graph.relate("engages-with", person.id, service_id, source.evidence(start, end), origin="descriptor")
    if facts.facts.get("has_partner") is not None:
        partner = graph.add_entity(Entity(f"{person.id}-partner", "person", facts.partner_name))
        partner.set("in_treatment", person.get("partner_in_treatment"))
        fact = facts.facts["has_partner"]
        graph.relate("partner", person.id, partner.id, source.evidence(*fact.span), origin="descriptor")
        if person.get("household") in ("cohabiting",):
            graph.relate("lives-with", person.id, partner.id, source.evidence(*fact.span), origin="descriptor")
    for number, child in enumerate(facts.children, start=1):
        _add_child(graph, person, number, child, source)


def _link_family_member(graph: Graph, person: Entity, source: RowSource, ids: set[str]) -> None:
    """A family member's descriptor names the participant they belong to, as partner or relative."""
    text = source.text
    for pid, start, end in mentioned_ids(text, ids):
        relative = graph.entity(pid)
        if relative is None or relative.kind != "parent" or pid == person.id:
            continue
        if re.search(r"\bpartner\b[^.;]{0,30}$", text[max(0, start - 40) : start], re.IGNORECASE):
            _join_partners(graph, person, relative, source.evidence(start, end))
        else:
            graph.relate("relative-of", person.id, pid, source.evidence(start, end), origin="descriptor")
        own = {c.label for c in _children_of(graph, person.id) if c.label}
        for child in _children_of(graph, pid):
            if child.label and child.label not in own and re.search(rf"\b{re.escape(child.label)}\b", text):
                where = text.index(child.label)
                graph.relate("carer-of", person.id, child.id, source.evidence(where, where + len(child.label)), origin="descriptor")


def _children_of(graph: Graph, parent_id: str) -> list[Entity]:
    return [graph.entities[r.target] for r in graph.relations_of("parent-of", source=parent_id)]


def _join_partners(graph: Graph, member: Entity, participant: Entity, evidence: Evidence) -> None:
    """Two participants who are partners: one partner node each side becomes the other, and shared children one node."""
    placeholder = f"{participant.id}-partner"
    if placeholder in graph.entities:
        graph.merge(member.id, placeholder)
    own_placeholder = f"{member.id}-partner"
    if own_placeholder in graph.entities:
        graph.merge(participant.id, own_placeholder)
    graph.relate("partner", participant.id, member.id, evidence, origin="descriptor")
    if member.get("partner_in_treatment") is None and participant.kind == "parent":
        member.set("partner_in_treatment", True, evidence)  # parent participants were recruited in drug treatment
    theirs = {c.label: c.id for c in _children_of(graph, participant.id) if c.label}
    for child in _children_of(graph, member.id):
        if child.label in theirs and child.id != theirs[child.label]:
            graph.merge(theirs[child.label], child.id)


def add_people(graph: Graph, table: Table) -> None:
    names = frozenset(r.fields.get("pseudonym", "") for r in table.rows if r.fields.get("pseudonym"))
    ids_in_table = frozenset(r.fields.get("id", "") for r in table.rows if r.fields.get("id")) | frozenset(graph.entities)
    family_members: list[tuple[Entity, RowSource]] = []
    for row in table.rows:
        where = f"{table.path.name}, line {row.line} (data row {row.number})"
        pid = row.fields.get("id", "")
        if not pid:
            graph.problem(where, "participant row has no ID code")
            continue
        if pid in graph.entities:
            graph.problem(where, f"duplicate ID {pid}: this row is ignored")
            continue
        source = RowSource(table, row, "descriptor")
        role = _role(row.fields.get("kind", ""), source.text)
        if role is None:
            graph.problem(where, f"participant type {row.fields.get('kind', '')!r} not recognised: {pid} kept as a person")
        person = graph.add_entity(Entity(pid, PERSON_KINDS.get(role or "", "person"), row.fields.get("pseudonym") or None))
        person.set("role", role, RowSource(table, row, "kind").evidence())
        sex = _sex(role, source.text)
        if sex and person.kind in ("parent", "family-member"):
            person.set("sex", sex)
        if person.kind == "professional":
            _add_professional(graph, person, source)
            continue
        if person.kind in ("parent", "family-member"):
            facts = parse_person(source.text, role=role or "", name=person.label, known_names=names, known_ids=ids_in_table)
            _add_parent_facts(graph, person, facts, source)
            if person.kind == "family-member":
                family_members.append((person, source))
    ids = set(graph.entities)
    for person, source in family_members:
        _link_family_member(graph, person, source, ids)


def build_registry(collection: Collection, graph: Graph) -> None:
    """Services first, so that participant descriptors can name them."""
    if "services" in collection.tables:
        add_services(graph, collection.tables["services"])
    if "participants" in collection.tables:
        add_people(graph, collection.tables["participants"])
