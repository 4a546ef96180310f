"""Facts about the participant themselves in a descriptor: household, partner, treatment, status.

The children's clauses (descriptor_children) are read first; their spans are
passed here so that a phrase about a child never becomes the parent's.
"""

from __future__ import annotations

import re

from graphkit.extract.descriptor_facts import DescriptorFacts, Span
from graphkit.extract.lexicon import lexicon, phrases, vocabulary

_AGE_BAND = re.compile(r"\b(?:in (?:his|her|their) )?(?:early |mid |late |mid-|early-|late-)?([1-9]0)s\b", re.IGNORECASE)
_NOT_NAMES = {
    "Mother", "Father", "Mum", "Dad", "Son", "Daughter", "Scotland", "England", "Single", "Methadone", "Buprenorphine",
    "Subutex", "Espranor", "Suboxone", "Buvidal", "Family", "Professional", "Woman", "Man", "She", "He", "His", "Her",
    "Their", "They", "The", "Two", "Three", "Four", "Five", "Six", "One", "Both", "Lives", "Has", "Is", "Was", "And",
    "Partner", "Children", "Child", "Kids", "Baby", "Pregnant", "Grandfather", "Grandmother", "First", "Also", "Not",
    "Youngest", "Eldest", "Oldest", "Older", "Younger", "Adult", "Parent", "In", "On", "At", "With", "Since", "Cohabiting",
    "Cohabits", "Part", "Weekly", "Monthly", "Twins", "Boy", "Girl", "Step", "Stepson", "Stepdaughter", "Living",
}


def _sentence_end(text: str, pos: int) -> int:
    match = re.compile(r"\.(?:\s|$)").search(text, pos)
    return match.start() + 1 if match else len(text)


def _outside(spans: list[Span], start: int, end: int) -> bool:
    return not any(s <= start < e for s, e in spans)


def _first_outside(pattern: re.Pattern[str], text: str, spans: list[Span]) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(text) if _outside(spans, m.start(), m.end())), None)


def _partner_mentions(text: str, facts: DescriptorFacts, spans: list[Span]) -> list[tuple[int, int]]:
    """Where the participant's partner is spoken of: partner words, or a cohabiting phrase ("living together with Alison")."""
    words, ex = phrases("partner", "words"), phrases("partner", "ex")
    found = [
        m.span() for m in words.finditer(text)
        if _outside(spans, m.start(), m.end())
        and not ex.search(text[max(0, m.start() - 4) : m.end()])
        and not re.match(r"['’]s\b", text[m.end() :])  # "his partner's child" is about the child
    ]
    household = facts.facts.get("household")
    if household and household.value in ("cohabiting", "part-time-cohabiting"):
        found.append(household.span)
    return sorted(set(found))


def _partner(text: str, facts: DescriptorFacts, spans: list[Span], role: str) -> None:
    # "... her partner keeps his own flat. He is not in treatment." reads on into a sentence about the partner,
    # told by a pronoun of the other sex (a family member's own "She ..." is about herself).
    other = {"mother": "he", "father": "she"}.get(role)
    for start, end in _partner_mentions(text, facts, spans):
        sentence_end = _sentence_end(text, end)
        follow = re.match(rf"\s*{other}\b[^.]*(?:\.|$)", text[sentence_end:], re.IGNORECASE) if other else None
        window = (end, sentence_end + (follow.end() if follow else 0))
        neg = phrases("partner", "not_in_treatment").search(text, *window)
        pos = phrases("partner", "in_treatment").search(text, *window)
        if "partner_in_treatment" not in facts.facts:
            if neg and (not pos or neg.start() <= pos.start() or pos.group().lower() in neg.group().lower()):
                facts.put("partner_in_treatment", False, (start, neg.end()))
            elif pos:
                facts.put("partner_in_treatment", True, (start, pos.end()))
        name = re.match(r"(?:,|\s*\()?\s*([A-Z][a-z]+)\b", text[end:]) or re.search(r"\bwith\s+([A-Z][a-z]+)\b", text[start:end])
        if name and name.group(1) not in _NOT_NAMES and not facts.partner_name:
            facts.partner_name = name.group(1)
        facts.put("has_partner", True, (start, end))


def _household(text: str, facts: DescriptorFacts, spans: list[Span]) -> None:
    for family in lexicon("household").order:
        match = _first_outside(lexicon("household").patterns[family], text, spans)
        if match is None:
            continue
        if re.search(r"\b(?:not|no longer|never)\s+$", text[max(0, match.start() - 12) : match.start()]):
            continue
        facts.put("household", family, match.span())
        return


def _status(text: str, facts: DescriptorFacts, spans: list[Span]) -> None:
    for key in ("pregnant", "first_time"):
        match = _first_outside(phrases("status", key), text, [])
        if match and not re.search(r"\b(?:not|no longer|never)\s+$", text[max(0, match.start() - 12) : match.start()]):
            facts.put(key, True, match.span())
    not_self = set(vocabulary()["status"]["grandparent_not_self"])
    for match in phrases("status", "grandparent").finditer(text):
        before = text[: match.start()].split()
        if before and before[-1].lower().strip(",(") in not_self and not match.group().lower().startswith("grand" + "child"):
            if not re.match(r"(?:her|his|their)$", before[-1], re.IGNORECASE) or not match.group().lower().startswith(("grandson", "granddaughter", "grandchild", "grandkids", "grandweans")):
                continue
        facts.put("grandparent", True, match.span())
        break
    treatment = lexicon("treatment").first(text)
    if treatment:
        facts.put("treatment", treatment.family, (treatment.start, treatment.end))



def read_person(text: str, facts: DescriptorFacts, child_spans: list[Span], role: str) -> None:
    """Age band, country, household, partner and status of the participant, outside the children's clauses."""
    band = _AGE_BAND.search(text)
    if band:
        facts.put("age_band", f"{band.group(1)}s", band.span())
    country = lexicon("country").first(text)
    if country:
        facts.put("country", country.family, (country.start, country.end))
    _household(text, facts, child_spans)
    _partner(text, facts, child_spans, role)
    _status(text, facts, child_spans)
