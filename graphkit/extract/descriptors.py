"""Turn a researcher's free-text descriptor into facts, each with its span.

Descriptors are prose, not a grammar. The parser finds the child mentions
(kinship nouns, names with ages), cuts the descriptor into one clause per
child, and reads each clause with the phrase families of
``data/vocabulary.toml``; what is left, the sentences about the participant,
gives household, partner, treatment, pregnancy and grandparenthood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphkit.extract.descriptor_facts import ChildFacts, DescriptorFacts, Fact, Span
from graphkit.extract.descriptor_person import read_person
from graphkit.extract.lexicon import compile_phrases, lexicon, number_value, phrases, vocabulary

_SENTENCE = re.compile(r"[^.;]+(?:[.;]|$)")
_PAREN_AGE = re.compile(r"\(\s*(?:aged?\s*)?(\d{1,2})\s*(?:y(?:ea)?rs?(?: old)?|yo)?\s*\)")
_AGE_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:\(\s*(?:aged?\s*)?(\d{1,2})[^)]*\)|aged?\s+(\d{1,2}|[a-z]+)\b|,\s*(\d{1,2})\s*(?:,|$|\)|and\b)|(\d{1,2})\s*(?:years?|yrs?)\b|of\s+(\d{1,2})\b|(\d{1,2})(?=\s*[,;.)]|\s*$))",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(r"(\d{1,2}|[a-z]+)[- ]year[- ]old\s*$", re.IGNORECASE)
_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_NAME_PAREN = re.compile(
    r"(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s*\(\s*(?:(?P<noun>[a-z]+),\s*)?(?:aged?\s*)?"
    r"(?:(?P<age>\d{1,2})|(?P<adult>adult|grown[- ]up|in (?:his|her|their) (?:twenties|thirties|20s|30s)))"
    r"\s*(?P<months>months?)?\s*(?:y(?:ea)?rs?(?: old)?|yo)?\s*(?:,\s*(?P<noun2>[a-z]+))?\s*\)"
)
_POSSESSIVE_NAME = re.compile(r"([A-Z][a-z]+)['’]s\s+$")
_ID_IN_PARENS = re.compile(r"\s*[\(\[]([A-Za-z0-9_-]+)[\)\]]")
_COUNT_BEFORE = re.compile(r"(?:^|\s)(\d{1,2}|[a-z]+)\s+(?:(?:adult|grown-up|young|little|teenage|older|younger)\s+)*$", re.IGNORECASE)
_NOT_NAMES = {
    "Mother", "Father", "Mum", "Dad", "Son", "Daughter", "Scotland", "England", "Single", "Methadone", "Buprenorphine",
    "Subutex", "Espranor", "Suboxone", "Buvidal", "Family", "Professional", "Woman", "Man", "She", "He", "His", "Her",
    "Their", "They", "The", "Two", "Three", "Four", "Five", "Six", "One", "Both", "Lives", "Has", "Is", "Was", "And",
    "Partner", "Children", "Child", "Kids", "Baby", "Pregnant", "Grandfather", "Grandmother", "First", "Also", "Not",
    "Youngest", "Eldest", "Oldest", "Older", "Younger", "Adult", "Parent", "In", "On", "At", "With", "Since", "Cohabiting",
    "Cohabits", "Part", "Weekly", "Monthly", "Twins", "Boy", "Girl", "Step", "Stepson", "Stepdaughter", "Living",
}


def _child_nouns() -> dict[str, str]:
    return vocabulary()["child"]["nouns"]


def _child_noun_pattern() -> re.Pattern[str]:
    return compile_phrases(_child_nouns())


def _age_group(age: int | None, clause: str) -> str:
    if age is not None:
        return "0-16" if age <= 16 else "over-16"
    if phrases("child", "adult").search(clause):
        return "over-16"
    if phrases("child", "young").search(clause):
        return "0-16"
    return "unknown"


@dataclass
class _Mention:
    start: int
    end: int
    count: int = 1
    plural: bool = False
    sex: str | None = None
    name: str | None = None
    age: int | None = None
    lead: str = ""


def _read_age_after(text: str, pos: int) -> tuple[int | None, int]:
    match = _AGE_AFTER.match(text, pos)
    if not match:
        return None, pos
    raw = next(g for g in match.groups() if g)
    return number_value(raw), match.end()


def _inside_parentheses(text: str, pos: int) -> bool:
    return text.count("(", 0, pos) > text.count(")", 0, pos)


def _noun_sex(noun: str) -> str | None:
    sex = _child_nouns().get(noun.lower())
    if sex is None:
        for pattern, value in vocabulary()["child"]["abbreviations"].items():
            if re.fullmatch(pattern, noun, re.IGNORECASE):
                return value or None
    return sex or None


def _noun_mentions(text: str, known_names: set[str], known_ids: frozenset[str]) -> list[_Mention]:
    found: list[_Mention] = []
    plural_nouns = set(vocabulary()["child"]["plural"])
    for m in _child_noun_pattern().finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        noun = m.group().lower()
        if m.group() in known_ids:
            continue
        # someone else's child ("his partner's two children", "Dorothy's child"), or a word inside a name's brackets
        if re.search(r"(?:partner|grand|step)['’]?s?\s+(?:\w+\s+)?$|[A-Za-z]['’]s\s+$|\b(?:their|not|no)\s+$", before, re.IGNORECASE):
            continue
        if phrases("child", "not_own").search(before[-20:]) or _inside_parentheses(text, m.start()):
            continue
        if noun in ("youngest", "eldest", "oldest") and (
            _child_noun_pattern().search(text, m.end(), m.end() + 10) or re.match(r"\s*(?:[.;]|$)", text[m.end():])
        ):
            continue
        if re.search(r"\bas\s+an?\s+$", before):
            continue
        mention = _Mention(m.start(), m.end(), sex=_noun_sex(noun), lead=before[-25:], plural=noun in plural_nouns)
        count = _COUNT_BEFORE.search(before)
        if count and number_value(count.group(1)):
            mention.count = number_value(count.group(1)) or 1
            mention.plural = mention.count > 1
        age_before = _AGE_BEFORE.search(before)
        if age_before:
            mention.age = number_value(age_before.group(1))
        name_before = re.search(r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?),\s*$", before)
        if name_before and name_before.group(1) not in _NOT_NAMES and name_before.group(1) not in known_names and not mention.plural:
            mention.name, mention.start = name_before.group(1), m.start() - len(before) + name_before.start(1)
        after = m.end()
        name = _NAME.match(text, after + 1) if text[after : after + 1] in (" ", ",") and not mention.name else None
        if name and name.group() not in _NOT_NAMES and name.group() not in known_names and not mention.plural:
            mention.name, after = name.group(), name.end()
        age, age_end = _read_age_after(text, after)
        if age is not None:
            mention.age, after = age, age_end
        mention.end = after
        found.append(mention)
    return found


def _named_mentions(text: str, known_names: set[str], taken: list[_Mention]) -> list[_Mention]:
    """``Terry (11)``, ``Hamish (son, 12)``, ``Jordan (6, boy)``, ``Gavin (10 months)``."""
    found: list[_Mention] = []
    for m in _NAME_PAREN.finditer(text):
        name = m.group("name")
        if name in _NOT_NAMES or name in known_names or any(x.start <= m.start() < x.end for x in taken):
            continue
        age = 0 if m.group("months") else int(m.group("age")) if m.group("age") else None
        found.append(_Mention(m.start(), m.end(), name=name, age=age, sex=_noun_sex(m.group("noun") or m.group("noun2") or ""),
                              lead=m.group("adult") or ""))
    return found


def _mentions(text: str, known_names: set[str], known_ids: frozenset[str] = frozenset()) -> list[_Mention]:
    """Child mentions: a kinship noun (with its count, name and age) or a name with an age in brackets."""
    found = _noun_mentions(text, known_names, known_ids)
    found += _named_mentions(text, known_names, found)
    found.sort(key=lambda x: x.start)
    # a noun mention followed at once by "Name (age)" is the same child
    merged: list[_Mention] = []
    for mention in found:
        if merged and mention.name and not merged[-1].name and not merged[-1].plural and 0 <= mention.start - merged[-1].end <= 2:
            last = merged[-1]
            last.name, last.age, last.end = mention.name, mention.age, mention.end
            last.sex = last.sex or mention.sex
            continue
        merged.append(mention)
    return merged


def _sentence_end(text: str, pos: int) -> int:
    match = re.compile(r"\.(?:\s|$)").search(text, pos)
    return match.start() + 1 if match else len(text)


def _is_header(mention: _Mention, following: list[_Mention], text: str) -> bool:
    """``Three children: son (17) ...`` or ``Three children. Daughter Eva, 13, ...``: a count that later mentions spell out."""
    if not mention.plural or not following or mention.name or mention.age is not None:
        return False
    clause = text[mention.end : following[0].start]
    if ":" in clause:
        return True
    return lexicon("care").first(clause) is None and lexicon("contact").first(clause) is None


def _carer_from_kin(clause: str, parent_role: str, parent_name: str | None, known_ids: frozenset[str]) -> tuple[str | None, str | None, str | None]:
    """Find ``with <whose> <kin>`` in a child's clause: (arrangement, carer label, carer ID)."""
    kin = vocabulary()["kin"]
    kin_re = compile_phrases(kin)
    for m in re.finditer(r"\bwith\s+(?:[A-Z][a-z]+,?\s+(?=(?:his|her|their)\s))?(?P<whose>(?:his|her|their|its|the|[A-Z][a-z]+['’]s)\s+)?(?P<side>maternal\s+|paternal\s+)?", clause):
        k = kin_re.match(clause, m.end())
        if not k:
            continue
        relation, sex = kin[k.group().lower()]
        whose = (m.group("whose") or "").strip().lower().rstrip("s").rstrip("'’")
        side = (m.group("side") or "").strip()
        carer_id = None
        ident = _ID_IN_PARENS.match(clause, k.end())
        if ident and ident.group(1) in known_ids:
            carer_id = ident.group(1)
        participant_side = whose in ("her", "his") and (whose == "her") == (parent_role == "mother") and relation != "parent"
        if parent_name and whose == parent_name.lower():
            participant_side = True
        if relation == "parent" and not participant_side:
            if (sex == "f") == (parent_role == "mother") and parent_role in ("mother", "father"):
                return "with-parent", None, None
            return ("with-mother" if sex == "f" else "with-father"), ("mother" if sex == "f" else "father"), carer_id
        if participant_side:
            key = {"parent": "mother" if sex == "f" else "father"}.get(relation, relation)
            if relation == "sibling" and sex:
                key = f"sibling-{sex}"
            labels = vocabulary()["kin_parent_relation"].get(key)
            label = labels[0 if parent_role == "mother" else 1] if labels else k.group().lower()
        else:
            label = f"{side} {k.group().lower()}".strip()
        return "kinship-care", label, carer_id
    return None, None, None


def _read_child(child: ChildFacts, clause: str, offset: int, parent_role: str, parent_name: str | None, lead: str,
                known_ids: frozenset[str]) -> None:
    care = lexicon("care").first(clause)
    if care is None and re.search(r"(?:lives|living|at home|resident)\s+with\s+(?:her|him|them)?\s*$", lead, re.IGNORECASE):
        child.arrangement = Fact("with-parent", (offset, offset))
    arrangement, carer, carer_id = _carer_from_kin(clause, parent_role, parent_name, known_ids)
    if care is not None and care.family != "with-parent" or (care is not None and arrangement is None):
        child.arrangement = Fact(care.family, (offset + care.start, offset + care.end))
        if care.family == "kinship-care" and carer:
            child.carer, child.carer_id = carer, carer_id
    elif arrangement is not None:
        child.arrangement = Fact(arrangement, (offset, offset + len(clause)))
        child.carer, child.carer_id = carer, carer_id
    elif parent_name and re.search(rf"\bwith\s+{re.escape(parent_name)}\b(?!['’]s)", clause):
        child.arrangement = Fact("with-parent", (offset, offset + len(clause)))
    if child.arrangement and f"with-{parent_role}" == child.arrangement.value:
        # "in her mother's care" said of a mother participant's child is her own care
        child.arrangement = Fact("with-parent", child.arrangement.span)
    if child.arrangement and child.arrangement.value == "kinship-care" and not child.carer:
        child.carer = carer
    contact = lexicon("contact").first(clause)
    if contact is not None:
        child.contact = Fact(contact.family, (offset + contact.start, offset + contact.end))
    defaults = {"foster-care": "foster carers", "adopted": "adoptive parents", "residential-care": "residential care"}
    if child.arrangement and not child.carer:
        child.carer = defaults.get(str(child.arrangement.value))


def _children(text: str, facts: DescriptorFacts, parent_role: str, parent_name: str | None, known: set[str],
              known_ids: frozenset[str]) -> list[Span]:
    mentions = _mentions(text, known, known_ids)
    used: list[Span] = []
    pending: list[ChildFacts] = []
    for i, mention in enumerate(mentions):
        rest = mentions[i + 1 :]
        if _is_header(mention, rest, text):
            continue
        sentence_end = _sentence_end(text, mention.end)
        clause_end = min([m.start for m in rest if m.start < sentence_end] + [sentence_end])
        clause = text[mention.start : clause_end]
        sentence_start = max(text.rfind(".", 0, mention.start), text.rfind(";", 0, mention.start)) + 1
        lead = text[sentence_start : mention.start]
        used.append((mention.start, clause_end))
        group: list[ChildFacts] = []
        for n in range(mention.count):
            child = ChildFacts((mention.start, clause_end), mention.name if n == 0 else None, mention.sex, mention.age)
            child.age_group = _age_group(mention.age, mention.lead + " " + clause)
            _read_child(child, clause, mention.start, parent_role, parent_name, lead, known_ids)
            group.append(child)
        between = text[mention.end : clause_end].strip(" ,&").lower()
        if group[0].arrangement is None and between in ("", "and"):
            pending.extend(group)
            continue
        for waiting in pending:
            waiting.arrangement, waiting.carer, waiting.carer_id = group[0].arrangement, group[0].carer, group[0].carer_id
            waiting.contact = waiting.contact or group[0].contact
        facts.children.extend(pending + group)
        pending = []
    facts.children.extend(pending)
    return used


def parse_person(text: str, *, role: str, name: str | None = None, known_names: frozenset[str] = frozenset(),
                 known_ids: frozenset[str] = frozenset()) -> DescriptorFacts:
    """Facts about a parent or family member (and their children) from a descriptor."""
    facts = DescriptorFacts()
    spans = _children(text, facts, role, name, set(known_names) | ({name} if name else set()), known_ids)
    read_person(text, facts, spans, role)
    return facts
