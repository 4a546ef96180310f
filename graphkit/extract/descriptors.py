"""Children in a researcher's descriptor, read with a small grammar: tokens -> chunks -> mentions -> attributes.

``descriptor_grammar`` cuts the descriptor into items and chunks (ages, child noun
phrases, names), ``descriptor_mentions`` makes child mentions and groups them with
their predicates, ``descriptor_care`` reads care and contact (kin by composition in
``kin.py``, legal shorthand in ``data/shorthand.toml``). This module puts each
child's facts together; the participant's own facts are read by
``descriptor_person`` outside the children's spans.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphkit.extract.descriptor_care import Care, care_of, contact_of, protection_of
from graphkit.extract.descriptor_facts import ChildFacts, DescriptorFacts, Fact, Span
from graphkit.extract.descriptor_grammar import alternation, grammar
from graphkit.extract.descriptor_mentions import Frame, Group, Mention, child_groups
from graphkit.extract.descriptor_person import read_person
from graphkit.extract.lexicon import vocabulary

__all__ = ["DescriptorFacts", "parse_person"]

_DEFAULT_CARERS = {"foster-care": "foster carers", "adopted": "adoptive parents", "residential-care": "residential care"}


def _age_group(mention: Mention, arrangement: str | None) -> str:
    """An age's group; a range ("in her teens", 13-19) goes to the group holding most of it; an adult living
    independently is over 16 by what "independent" means."""
    if mention.age is not None:
        low, high = mention.age
        young = max(0, min(high, 16) - low + 1)
        old = max(0, high - max(low, 17) + 1)
        return "0-16" if young >= old else "over-16"
    if any(w in grammar()["age"]["young"] for w in mention.words):
        return "0-16"
    return "over-16" if arrangement == "independent" else "unknown"


def _pronoun_sex(text: str, group: Group, frame: Frame) -> str:
    """The child's sex from its pronouns: one of the other sex than the participant's in its own clause, or a
    "he"/"she" opening a note about it that is not the participant ("; she stays with Leanne at weekends")."""
    pred_start, pred_end = group.pred[0] if group.pred else (group.end, group.end)
    found = {("m" if w.lower() in ("he", "his", "him") else "f") for w in re.findall(r"\b(?:he|his|him|she|her)\b", text[pred_start:pred_end], re.I)}
    if len(found) == 1 and frame.sex and frame.sex not in found:
        return found.pop()
    for (start, end), _ in group.extra:
        opener = re.match(r"\s*(he|she)\b", text[start:end], re.IGNORECASE)
        if opener:
            sex = "m" if opener.group(1).lower() == "he" else "f"
            names_parent = any(re.search(rf"\b{re.escape(w)}\b", text[start + opener.end() : end]) for w in (frame.name, frame.initial) if w)
            if sex != frame.sex or names_parent:
                return sex
    return ""


def _lead_with_parent(text: str, group: Group) -> bool:
    """The group is the object of "lives with": "lives with her partner and their daughter Millie"."""
    lead = text[group.item.start : group.start]
    return bool(re.search(rf"(?<![\w-])(?:{alternation(grammar()['residence']['lead'])})(?![\w-])", lead, re.IGNORECASE))


def _partner_names(text: str) -> set[str]:
    """Names the descriptor gives the participant's partner or co-parent ("partner Nicola", "Cohab w/ EP04 (Shane)")."""
    found = set(re.findall(r"\b(?:partner|wife|husband|girlfriend|boyfriend)\s+(?:[A-Z]{1,5}-?\d{1,4}\s*\()?([A-Z][a-z]+)", text))
    found |= set(re.findall(r"\b[Cc]ohab\w*\s+(?:w/|with)\s+(?:[A-Z]{1,5}-?\d{1,4}\s*\()?([A-Z][a-z]+)", text))
    found |= set(re.findall(r"\b([A-Z][a-z]+),\s+(?:his|her)\s+(?:partner|wife|husband|girlfriend|boyfriend)\b", text))
    found |= set(re.findall(r"\b(?:w/|with)\s+([A-Z][a-z]+)\s*:", text))
    return found


def _children(text: str, facts: DescriptorFacts, frame: Frame) -> list[Span]:
    """Each mentioned child's facts; returns the spans about children (the participant's facts lie outside them)."""
    groups = child_groups(text, frame)
    # "Two older boys ...: Connor, ...; Callum ..." - a header's noun gives its list its sex
    header_sex = {g.item.sentence: g.mentions[0].sex for g in groups if g.header and g.mentions[0].sex}
    child_names = {m.name for g in groups for m in g.mentions if m.name}
    # only the first group of an item can be the object of the parent's "lives with ... and their son"
    firsts = {id(next(g for g in groups if g.item == item)) for item in {g.item for g in groups}}
    used: list[Span] = []
    of_group: list[tuple[Group, ChildFacts]] = []
    for group in groups:
        used.append((group.start, max([e for _, e in group.pred] + [group.end])))
        if group.header:
            continue
        used.extend(span for span, _ in group.extra)
        lead = _group_lead(text, group)
        unnumbered = len(group.mentions) == 1 and group.plural  # "Her kids live with her mum"
        doubt = f"{text[group.start : group.end]!r} gives no number: read as one child" if unnumbered else None
        for mention in group.mentions:
            child = _child(text, group, mention, frame, child_names, header_sex.get(group.item.sentence, ""), id(group) in firsts)
            if unnumbered and child.arrangement is None and child.contact is None:
                continue  # "Children: see interview" says nothing of any one child
            if doubt:
                child.doubts.append(doubt)
            if lead:
                child.announced.append(lead)
            facts.children.append(child)
            of_group.append((group, child))
    _count_doubts(groups, facts.children)
    _announced(text, groups, of_group)
    _stated_children(groups, facts)
    return used


@lru_cache(maxsize=1)
def _lead_words() -> re.Pattern[str]:
    """Words that only say which of the children follow: "twins", "the two youngest", "both older" (no name, no care)."""
    words = grammar()["child"]["words"]
    nouns = [*grammar()["child"]["nouns"], *words["plural"], *words["rank"], *words["adjectives"], *words["twins"]]
    numbers = [k for k in vocabulary()["numbers"] if k not in ("a", "an")]
    part = alternation([*nouns, *numbers, "the", "her", "his", "their", "our", "and", "&", r"\d{1,2}"])
    return re.compile(rf"\s*(?:(?:{part})(?![\w-])[\s,]*)+", re.IGNORECASE)


def _group_lead(text: str, group: Group) -> Span | None:
    """The words before a group's first mention in its item that only say which children they are ("twins Ann and Bo")."""
    start = group.item.start + len(text[group.item.start:group.start]) - len(text[group.item.start:group.start].lstrip())
    if start >= group.start:
        return None
    found = _lead_words().fullmatch(text, start, group.start)
    return (start, start + len(text[start:group.start].rstrip(" ,"))) if found else None


def _stated_children(groups: list[Group], facts: DescriptorFacts) -> None:
    """A count that opens the children ("Three children: ...", "4 ch.:") is how many the descriptor says the parent has;
    a count after a child is named counts only some ("Kai ...; two w/ Shane: ..."). Where the list disagrees,
    _count_doubts reports it."""
    if groups and groups[0].header and len(groups[0].mentions) >= 2:
        facts.put("stated_children", len(groups[0].mentions), (groups[0].start, groups[0].end))


def _announced(text: str, groups: list[Group], of_group: list[tuple[Group, ChildFacts]]) -> None:
    """A header is evidence of the children it announces: a count, the next that many (those of its own sentence
    when they are as many); no number ("Own kids:"), the children of its own sentence."""
    for i, header in enumerate(groups):
        if not header.header:
            continue
        later = [(g, c) for g, c in of_group if groups.index(g) > i]
        same = [c for g, c in later if g.item.sentence == header.item.sentence]
        said = len(header.mentions)
        if said < 2:
            chosen = same
        else:
            chosen = same if len(same) == said else [c for _, c in later][:said]
        # "Two older boys from a previous relationship:": whose they are goes with the header
        earlier = re.compile(rf"\s*(?:{alternation(grammar()['child']['earlier']['phrases'])})", re.IGNORECASE).match(text, header.end)
        for child in chosen:
            child.announced.append((header.start, earlier.end() if earlier else header.end))


def _count_doubts(groups: list[Group], children: list[ChildFacts]) -> None:
    """"Three children" that lists two (or four): the first child listed after it carries the doubt. A header counts
    the children after it, or those of its own sentence ("3 kids: Lexi ... Two older boys: Connor; Callum")."""
    for i, group in enumerate(groups):
        said = len(group.mentions)
        if not group.header or said < 2:
            continue
        later = [g for g in groups[i + 1 :] if not g.header]
        named = {sum(len(g.mentions) for g in later), sum(len(g.mentions) for g in later if g.item.sentence == group.item.sentence)}
        after = [c for c in children if c.span[0] >= group.end]
        if said not in named and after:
            after[0].doubts.append(f"the descriptor announces {said} children and names {max(named)} after it")


def _child(text: str, group: Group, mention: Mention, frame: Frame, child_names: set[str], header_sex: str,
           first_in_item: bool) -> ChildFacts:
    """One child's facts: its own predicate first, then the notes after it, then the parent's "lives with ... and"."""
    pred_end = max([e for _, e in group.pred] + [group.end])
    child = ChildFacts((mention.start, pred_end), mention.name, mention.sex or header_sex or None, None)
    if child.sex is None and not group.plural:
        child.sex = _pronoun_sex(text, group, frame) or None
    mention.sex = child.sex or ""
    care = care_of(text, group.pred + [span for span, role in group.extra if role == "subject"], group, mention, frame, child_names)
    if care is None:
        care = care_of(text, [span for span, role in group.extra if role == "note"], group, mention, frame, child_names)
    if care is not None and care.doubt:
        child.doubts.append(care.doubt)
    if care is None and first_in_item and _lead_with_parent(text, group):
        care = Care("with-parent", (group.item.start, group.start))
    if care is not None:
        child.arrangement = Fact(care.arrangement, care.span)
        child.carer, child.carer_id = care.carer, care.carer_id
        if not child.carer:
            child.carer = _DEFAULT_CARERS.get(care.arrangement)
    contact = contact_of(text, group.pred + [span for span, _ in group.extra])
    arrangement = care.arrangement if care else None
    # contact is an arrangement with a child living elsewhere (GOLD-SCHEMA): none for a child at home unless care is
    # shared, and an adult's visits from their own home are no arrangement (their having no contact is)
    if contact is not None and not (arrangement == "with-parent" and contact.value != "coparenting") and not (
            arrangement == "independent" and contact.value != "no-contact"):
        child.contact = contact
    child.protection = protection_of(text, group.pred + [span for span, _ in group.extra])
    if mention.age is not None and mention.age[0] == mention.age[1]:
        child.age = mention.age[0]
    child.age_group = _age_group(mention, arrangement)
    return child


def parse_person(text: str, *, role: str, name: str | None = None, known_names: frozenset[str] = frozenset(),
                 known_ids: frozenset[str] = frozenset(), services: tuple[tuple[int, int], ...] = ()) -> DescriptorFacts:
    """Facts about a parent or family member (and their children) from a descriptor; ``services``: where it names one."""
    facts = DescriptorFacts()
    people = set(known_names) | ({name} if name else set())
    partners = _partner_names(text)
    frame = Frame(role, name, people | partners, partners, known_ids, services)
    spans = _children(text, facts, frame)
    read_person(text, facts, spans, role)
    return facts
