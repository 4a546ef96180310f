"""The registry: every row of the participant and service lists becomes an entity.

Descriptor facts (descriptors.py) are attached with the table, row and span
that say them; children get ids minted from their parent's ID code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graphkit.extract.descriptor_person import country_of, sentences
from graphkit.extract.person_role import ROLE_SEX, parent_role_in, read_role, read_sex, sex_column
from graphkit.extract.descriptors import DescriptorFacts, parse_person
from graphkit.extract.lexicon import lexicon, vocabulary
from graphkit.extract.profiles import add_professional_profile, add_service_profile
from graphkit.extract.services import mentioned_ids, services_in
from graphkit.extract.shorthand import shorthand_hits
from graphkit.model import DataFile, Entity, Evidence, Graph, Relation
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


def _sex(role: str | None, sex_cell: str, descriptor: str) -> str | None:
    """Mothers are female and fathers male; anyone else's sex comes from a sex column, else the descriptor."""
    return ROLE_SEX.get(role or "") or sex_column(sex_cell) or read_sex(descriptor)


def add_services(graph: Graph, table: Table, listing: Table | None = None, files: list[DataFile] | None = None) -> None:
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
        _country_column(graph, service, RowSource(table, row, "country"), f"{table.path.name}, line {row.line} (data row {row.number})")
        _country_from_listing(service, listing, files or [])
        add_service_profile(graph, service, source)


def _role_title(text: str, lead: int = 0) -> tuple[str, int, int] | None:
    """The role title a descriptor opens with, from ``lead`` (past a service that heads it) to its first stop."""
    first = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    end = len(first)
    for stop in vocabulary()["role_title"]["stops"]:
        pos = first.lower().find(stop, lead)
        if lead < pos < end:
            end = pos
    title = first[lead:end].strip()
    start = text.index(title, lead) if title else lead
    return (title, start, start + len(title)) if title else None


def _title_lead(text: str, graph: Graph) -> int:
    """Where the title starts when the descriptor opens with the service it belongs to ("SS02: keyworker, ..."):
    past the service's ID code or name and its colon or dash; else 0."""
    for _, start, end in services_in(text, graph):
        heading = re.match(r"\s*[:\u2013\u2014-]\s*", text[end:])
        if start == 0 and heading:
            return end + heading.end()
    return 0


def _add_professional(graph: Graph, person: Entity, source: RowSource) -> None:
    text = source.text
    title = _role_title(text, _title_lead(text, graph))
    if title:
        person.set("role_title", title[0], source.evidence(title[1], title[2]))
    first_sentence = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    for sid, start, end in services_in(first_sentence, graph):
        graph.relate("works-at", person.id, sid, source.evidence(start, end), origin="descriptor")
    country = lexicon("country").find_all(text)
    if country:
        person.set("country", country[0].family, source.evidence(country[0].start, country[0].end))
    add_professional_profile(graph, person, source)


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
    for span in child.announced:
        graph.relate("parent-of", parent.id, child_id, source.evidence(*span), origin="descriptor")
    if child.arrangement is not None:
        arrangement = str(child.arrangement.value)
        carer = child.carer_id or child.carer
        if arrangement == "with-parent":
            carer = parent.id
        graph.relate("care", child_id, parent.id, source.evidence(*child.arrangement.span),
                     arrangement=arrangement, carer=carer, carer_id=child.carer_id, origin="descriptor")
        if child.carer_id:
            graph.relate("carer-of", child.carer_id, child_id, evidence, origin="descriptor")
    if child.protection is not None:
        for span in child.protection.spans:
            entity.set("protection", child.protection.value, source.evidence(*span))
    if child.contact is not None:
        for span in child.contact.spans:
            graph.relate("contact", parent.id, child_id, source.evidence(*span),
                         arrangement=str(child.contact.value), origin="descriptor")
    for doubt in child.doubts:
        graph.problem(f"{source.table.path.name}, line {source.row.line} (data row {source.row.number})", f"{child_id}: {doubt}")
    return entity


@dataclass
class _Pending:
    """A participant whose descriptor speaks of a partner: joined once every row is read."""

    person: Entity
    facts: DescriptorFacts
    source: RowSource


@lru_cache(maxsize=1)
def _provider_phrase() -> re.Pattern[str]:
    return re.compile(rf"(?:{'|'.join(vocabulary()['engagement']['provider'])})\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _follow_phrase() -> re.Pattern[str]:
    return re.compile(rf"\s*[)\]]?\s*({'|'.join(vocabulary()['engagement']['follow'])})", re.IGNORECASE)


def _provider_start(text: str, start: int) -> int:
    """Where the phrase that says the service provides for the person begins ("is prescribed through" X), else the name."""
    clause = max(text.rfind(c, 0, start) for c in ".;:\n") + 1
    found = _provider_phrase().search(text, clause, start)
    return found.start() if found else start


def _add_parent_facts(graph: Graph, person: Entity, facts: DescriptorFacts, source: RowSource, where: str) -> None:
    for name, fact in sorted(facts.facts.items()):
        for span in fact.spans:
            person.set(name, fact.value, source.evidence(*span))
    for doubt, span in facts.doubts:
        graph.problem(where, f"{person.id}: {doubt} ({source.text[span[0]:span[1]]!r})")
    if person.get("household") is None:
        person.set("household", "unknown")
    for service_id, start, end in services_in(source.text, graph):
        graph.relate("engages-with", person.id, service_id, source.evidence(_provider_start(source.text, start), end),
                     origin="descriptor")
        follow = _follow_phrase().match(source.text, end)
        if follow:
            graph.relate("engages-with", person.id, service_id, source.evidence(follow.start(1), follow.end(1)),
                         origin="descriptor")
    for number, child in enumerate(facts.children, start=1):
        _add_child(graph, person, number, child, source)


def _children_of(graph: Graph, parent_id: str) -> list[Entity]:
    return [graph.entities[r.target] for r in graph.relations_of("parent-of", source=parent_id)]


def _participant_named(graph: Graph, person: Entity, refs: list[str]) -> tuple[Entity | None, str | None]:
    """The participant a partner reference names: by ID code, else by a pseudonym only one participant has."""
    taking_part = [e for e in graph.entities.values() if e.kind in ("parent", "family-member") and e.id != person.id]
    for ref in refs:
        if ref in graph.entities and graph.entities[ref] in taking_part:
            return graph.entities[ref], None
    for ref in refs:
        same = [e for e in taking_part if e.label and e.label.lower() == ref.lower()]
        if len(same) == 1:
            return same[0], ref
    return None, None


def _couple(graph: Graph, a: str, b: str) -> Relation | None:
    return next((r for r in graph.relations_of("partner") if {r.source, r.target} == {a, b}), None)


def _partners_of(graph: Graph, pid: str) -> list[Entity]:
    return [graph.entities[r.target if r.source == pid else r.source] for r in graph.relations_of("partner") if pid in (r.source, r.target)]


def _join_couple(graph: Graph, first: Entity, second: Entity, evidence: Evidence) -> None:
    """Two participants who are partners: one relation (a parent before a family member, else table order),
    the placeholder partners either side made one with the other, and the children they share one node each."""
    known = _couple(graph, first.id, second.id)
    if known is not None:
        first, second = graph.entities[known.source], graph.entities[known.target]
    elif first.kind == "family-member" and second.kind == "parent":
        first, second = second, first
    for one, other in ((first, second), (second, first)):
        placeholder = graph.entities.get(f"{one.id}-partner")
        if placeholder is not None and placeholder.label in (None, other.label):
            graph.merge(other.id, placeholder.id)
    if not _couple(graph, first.id, second.id):
        graph.relate("partner", first.id, second.id, evidence, origin="descriptor")
    if "cohabiting" in (first.get("household"), second.get("household")):
        graph.relate("lives-with", first.id, second.id, evidence, origin="descriptor")
    for one, other in ((first, second), (second, first)):
        if one.get("partner_in_treatment") is None:
            # parent participants were recruited in drug treatment; a family member says their own use
            in_treatment = True if other.kind == "parent" else other.get("in_treatment")
            if in_treatment is not None:
                one.set("partner_in_treatment", in_treatment, evidence)
    theirs = {c.label: c.id for c in _children_of(graph, first.id) if c.label}
    for child in _children_of(graph, second.id):
        if child.label in theirs and child.id != theirs[child.label]:
            graph.merge(theirs[child.label], child.id)


def _named_back(pending: dict[str, _Pending], graph: Graph, one: Entity, other: Entity) -> bool:
    """The other participant's descriptor names this one as partner too."""
    theirs = pending.get(other.id)
    return theirs is not None and _participant_named(graph, other, theirs.facts.partner_refs)[0] is one


def _link_partners(graph: Graph, pending: dict[str, _Pending], co_listed: set[frozenset[str]]) -> None:
    """A partner who took part joins the two participants; anyone else becomes a person of their own.

    A name alone joins only when something else agrees (the other names this one
    back, or the two appear in one listed file): a shared first name is not enough.
    """
    for item in pending.values():
        person, facts, source = item.person, item.facts, item.source
        span = facts.facts["has_partner"].span
        evidence = source.evidence(*span)
        # "Kerensa's partner is on a script", in Kerensa's own descriptor, names her, not him
        own = {person.id.lower(), (person.label or "").lower()}
        refs = [r for r in facts.partner_refs if r.lower() not in own]
        name = facts.partner_name if (facts.partner_name or "").lower() not in own else None
        other, by_name = _participant_named(graph, person, refs)
        if other is not None and by_name and not (_named_back(pending, graph, person, other) or frozenset((person.id, other.id)) in co_listed):
            graph.problem(f"{source.table.path.name}, line {source.row.line} (data row {source.row.number})",
                          f"{person.id}: partner {by_name} has the pseudonym of participant {other.id}, but nothing else joins them: kept apart")
            other = None
        if other is not None:
            _join_couple(graph, person, other, evidence)
            continue
        if any(p.kind in ("parent", "family-member") for p in _partners_of(graph, person.id)):
            continue  # joined already from the other side
        partner = graph.add_entity(Entity(f"{person.id}-partner", "person", name))
        partner.set("in_treatment", person.get("partner_in_treatment"))
        graph.relate("partner", person.id, partner.id, evidence, origin="descriptor")
        if person.get("household") == "cohabiting":
            graph.relate("lives-with", person.id, partner.id, evidence, origin="descriptor")


_KIN_FAMILIES = ("mother", "father", "family-member")


def _kin_phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The ID code with the kin word that says how they are related: "Jo's (P4) sister", "P4's mother", "mother of
    Jo (P4)"; None when no kin word goes with the code ("took part in an interview with P4" is no kinship)."""
    before = re.search(r"[A-Z][\w-]*['’]s?\s*[(\[]\s*$", text[:start])
    after = re.match(r"\s*[)\]]?(?:['’]s)?\s*", text[end:])
    hit = lexicon("role").first(text, end + after.end(), end + after.end() + 30)
    if hit is not None and hit.start == end + after.end() and hit.family in _KIN_FAMILIES:
        return (before.start() if before else start), hit.end
    lead = re.search(r"\b(?:of|to)\s+(?:[A-Z][\w’'-]*\s*)?[(\[]?\s*$", text[max(0, start - 40):start])
    if lead is not None:
        lead_start = max(0, start - 40) + lead.start()
        kin = [h for h in lexicon("role").find_all(text[max(0, lead_start - 30):lead_start])
               if h.family in _KIN_FAMILIES and not text[max(0, lead_start - 30) + h.end:lead_start].strip()]
        if kin:
            return max(0, lead_start - 30) + kin[-1].start, end + (1 if text[end:end + 1] in ")]" else 0)
    return None


def _carer_terms(text: str, pos: int) -> list[tuple[int, int]]:
    """Shorthand in the sentence of a child's name that makes its holder the carer ("..., for whom she holds an SGO")."""
    start, end = next(((s, e) for s, e in sentences(text) if s <= pos < e), (0, len(text)))
    return [(s, e) for term, s, e in shorthand_hits(text, start, end) if term.names_carer and term.arrangement == "kinship-care"]


def _link_family_member(graph: Graph, person: Entity, source: RowSource, ids: set[str]) -> None:
    """A family member's descriptor names the participant they belong to; the children of theirs it names, they care for."""
    text = source.text
    for pid, start, end in mentioned_ids(text, ids):
        relative = graph.entity(pid)
        if relative is None or relative.kind != "parent" or pid == person.id or _couple(graph, person.id, pid):
            continue
        # The code alone says they are named together, not how they are kin: the tie stays, for the texts to read
        # the family by, without evidence until a text says it ("Eilidh is my eldest"); else it is dropped at the end.
        kin = _kin_phrase(text, start, end)
        graph.relate("relative-of", person.id, pid, source.evidence(*kin) if kin else None, origin="descriptor")
        own = {c.label for c in _children_of(graph, person.id) if c.label}
        for child in _children_of(graph, pid):
            if child.label and child.label not in own and re.search(rf"\b{re.escape(child.label)}\b", text):
                where = text.index(child.label)
                graph.relate("carer-of", person.id, child.id, source.evidence(where, where + len(child.label)), origin="descriptor")
                for start, end in _carer_terms(text, where):
                    graph.relate("carer-of", person.id, child.id, source.evidence(start, end), origin="descriptor")


def _country_column(graph: Graph, person: Entity, cell: RowSource, where: str) -> None:
    """A country column says the person's country outright: it wins over the descriptor, which it should agree with."""
    country = country_of(cell.text) if cell.text else None
    if country is None:
        return
    said = person.get("country")
    if said is not None and said != country:
        graph.problem(where, f"{person.id}: the country column says {country} but the descriptor says {said}: the column is used")
        person.evidence.pop("country", None)
    person.set("country", country, cell.evidence())


def _listing_role(graph: Graph, pid: str, listing: Table | None, files: list[DataFile]) -> tuple[str, Evidence] | None:
    """A parent the type and descriptor leave as mother-or-father: the listing's descriptors of the files that are
    theirs alone ("First interview with a mother (40s)"), when they agree."""
    if listing is None:
        return None
    found: dict[str, Evidence] = {}
    for data_file in files:
        others = [i for i in data_file.ids if i != pid]
        theirs = pid in data_file.ids and all(i in graph.entities and graph.entities[i].kind == "service" for i in others)
        if theirs and data_file.descriptor:
            said = parent_role_in(data_file.descriptor)
            row = next((r for r in listing.rows if r.number == data_file.listing_row), None)
            if said and row is not None:
                found.setdefault(said[0], RowSource(listing, row, "descriptor").evidence(*said[1]))
    return next(iter(found.items())) if len(found) == 1 else None


def _country_from_listing(entity: Entity, listing: Table | None, files: list[DataFile]) -> None:
    """No country of its own: the country of the listing rows of the files it appears in, when they agree."""
    if entity.get("country") is None and listing is not None:
        listed = _listing_country(entity, listing, files)
        if listed:
            entity.set("country", *listed)


def _listing_country(person: Entity, listing: Table, files: list[DataFile]) -> tuple[str, Evidence] | None:
    """The country of the listing rows of the files a person appears in, when they agree."""
    found: dict[str, Evidence] = {}
    for data_file in files:
        if person.id in data_file.ids and data_file.country and data_file.listing_row:
            country = country_of(data_file.country)
            row = next(r for r in listing.rows if r.number == data_file.listing_row)
            if country and country not in found:
                found[country] = RowSource(listing, row, "country").evidence()
    return next(iter(found.items())) if len(found) == 1 else None


def add_people(graph: Graph, table: Table, listing: Table | None = None, files: list[DataFile] | None = None) -> None:
    names = frozenset(r.fields.get("pseudonym", "") for r in table.rows if r.fields.get("pseudonym"))
    ids_in_table = frozenset(r.fields.get("id", "") for r in table.rows if r.fields.get("id")) | frozenset(graph.entities)
    family_members: list[tuple[Entity, RowSource]] = []
    pending: dict[str, _Pending] = {}
    no_kind_column = "kind" not in table.columns
    undecided: list[str] = []  # without a type column: one problem at the header names them, not one per row
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
        reading = read_role(row.fields.get("kind", ""), source.text, row.fields.get("sex", ""))
        column = {"descriptor": "descriptor", "sex": "sex"}.get(reading.source, "kind")
        role, role_evidence = reading.role, RowSource(table, row, column).evidence(*(reading.span or (0, 0)))
        listed = _listing_role(graph, pid, listing, files or []) if reading.parent else None
        if listed:
            role, role_evidence = listed
        elif reading.doubt and no_kind_column and not role:
            undecided.append(pid)
        elif reading.doubt:
            graph.problem(where, f"{pid}: {reading.doubt}" + ("" if role else f": {pid} kept as a person"))
        person = graph.add_entity(Entity(pid, PERSON_KINDS.get(role or "", "person"), row.fields.get("pseudonym") or None))
        person.set("role", role, role_evidence if role else None)  # no role, no passage saying one
        if reading.echo and role == reading.role:
            person.set("role", role, source.evidence(*reading.echo))
        sex = _sex(role, row.fields.get("sex", ""), source.text)
        if sex and person.kind in ("parent", "family-member"):
            person.set("sex", sex)
        if person.kind == "professional":
            _add_professional(graph, person, source)
            _country_column(graph, person, RowSource(table, row, "country"), where)
            _country_from_listing(person, listing, files or [])
            continue
        if person.kind in ("parent", "family-member"):
            named = tuple((start, end) for _, start, end in services_in(source.text, graph))
            facts = parse_person(source.text, role=role or "", name=person.label, known_names=names, known_ids=ids_in_table,
                                 services=named)
            _add_parent_facts(graph, person, facts, source, where)
            _country_column(graph, person, RowSource(table, row, "country"), where)
            _country_from_listing(person, listing, files or [])
            if "has_partner" in facts.facts:
                pending[pid] = _Pending(person, facts, source)
            if person.kind == "family-member":
                family_members.append((person, source))
    if no_kind_column:
        _no_kind_column(graph, table, undecided)
    co_listed = {frozenset(pair) for f in files or [] for pair in _pairs(f.ids)}
    _link_partners(graph, pending, co_listed)
    ids = set(graph.entities)
    for person, source in family_members:
        _link_family_member(graph, person, source, ids)


def _no_kind_column(graph: Graph, table: Table, undecided: list[str]) -> None:
    """The participant type column is missing: one problem at the header, naming who is left without a role."""
    what = ("no participant type column (mother, father, family member, professional): each role is read from the descriptor; "
            "name the column in mapping.toml under [headers.participants] kind")
    if undecided:
        shown = ", ".join(undecided[:5]) + (f" and {len(undecided) - 5} more" if len(undecided) > 5 else "")
        what += f"; {len(undecided)} participant(s) whose descriptor does not say are kept as persons without a role: {shown}"
    graph.problem(f"{table.path.name}, line {table.header_line}", what)


def _pairs(ids: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]


def build_registry(collection: Collection, graph: Graph) -> None:
    """Services first, so that participant descriptors can name them."""
    listing, files = collection.tables.get("listing"), list(collection.files.values())
    if "services" in collection.tables:
        add_services(graph, collection.tables["services"], listing, files)
    if "participants" in collection.tables:
        add_people(graph, collection.tables["participants"], listing, files)
