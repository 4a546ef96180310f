"""Care and contact of a group of children from its predicate: the grammar's last level.

Care comes from legal and service shorthand (``data/shorthand.toml``: a named
placement beats "with <person>", which beats a legal status) and from "with
<person>" ("lives with", "w/", "staying with", "in her mother's care"), the person
read as a kin chain and resolved by composition from the child's point of view
(``kin.py``). A "with <person>" followed by a recurring time is a visit, not where
the child lives. Contact is composed: no contact beats supervision, co-parenting
its own family, a mode alone (letters, phone) is indirect, a visit or a frequency regular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graphkit.extract import kin
from graphkit.extract.descriptor_facts import Fact, Span
from graphkit.extract.descriptor_grammar import alternation, grammar, phrase_re
from graphkit.extract.descriptor_mentions import Frame, Group, Mention
from graphkit.extract.shorthand import shorthand_hits


@dataclass
class Care:
    """Where a child lives: the arrangement, the words that say it, and who the carer is."""

    arrangement: str
    span: Span
    carer: str | None = None
    carer_id: str | None = None
    doubt: str | None = None  # what the reading had to assume, for the problem report


def _history(text: str, start: int, pos: int) -> bool:
    """"used to", "previously", "was in ... until": the phrase at ``pos`` is past, not current."""
    clause = re.split(r"[,;–(]|\band\b|\bnow\b", text[start:pos])[-1]
    return bool(phrase_re(grammar()["residence"]["history"]).search(clause))


def _visit(text: str, pos: int, end: int) -> bool:
    """A "with <person>" followed by a recurring time is a visit ("stays with Ann every other weekend")."""
    rest = re.split(r"[,;–(]|\s-\s|\band\b", text[pos:end], maxsplit=1)[0]
    return bool(_frequency_re().search(rest))


@lru_cache(maxsize=1)
def _frequency_re() -> re.Pattern[str]:
    return phrase_re(grammar()["contact"]["frequency"])


@lru_cache(maxsize=1)
def _link_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(grammar()['residence']['links'])})(?=\s|$)\s*", re.IGNORECASE)


def _owner(phrase: kin.KinPhrase, mention_sex: str, plural: bool, frame: Frame, child_names: set[str]) -> str | None:
    """Whose kin a chain starts from: the child, the participant, the partner (None when someone unknown)."""
    owner = re.sub(r"['’]s?$", "", phrase.owner.lower()).strip()
    adult_only = kin.term_steps(phrase.terms[0])[0][0] in ("partner", "ex")  # a child has no ex: "his ex's sister" is the parent's
    if not phrase.owner:
        return "participant" if adult_only else "child"
    if kin.read_from_child(phrase.owner):
        return "child"
    if kin.spoken_by_speaker(phrase.owner):
        return "participant"  # the participant quoted: "w/ 'my aunty'"
    pronoun = kin.pronoun(owner)
    if pronoun is not None:
        if adult_only:
            return "participant"
        if plural:  # "both live with her sister": the children are "they", so "her" is the parent
            return "child" if pronoun == "p" else ("participant" if pronoun == frame.sex else None)
        if pronoun == "p":
            return "participant"
        if not mention_sex or pronoun == mention_sex:
            return "child"  # the child is the subject of its own clause
        return "participant" if pronoun == frame.sex else None
    name = re.sub(r"['’]s?$", "", phrase.owner)
    if name in (frame.name, frame.initial):
        return "participant"
    if name in frame.partners:
        return "partner"
    if name in child_names:
        return "child"
    return None


def _person_care(text: str, span: Span, group: Group, mention: Mention, frame: Frame, child_names: set[str]) -> Care | None:
    """The first "<link> <person>" in the span that is not a visit: kin, the participant, or them."""
    start, end = span
    for phrase in kin.find_phrases(text, start, end):  # "in his father's care"
        if re.search(r"\bin\s+$", text[start : phrase.start]) and re.match(r"['’]s\s+care\b", text[phrase.end : end]):
            return _kin_care(text, phrase, group, mention, frame, child_names, end)
    for link in _link_re().finditer(text, start, end):
        pos = link.end() + len(re.match(r"[‘'\"“]*", text[link.end() : end]).group())  # a quoted "ma auntie"
        if _history(text, start, link.start()):
            continue
        phrases = [p for p in kin.find_phrases(text, pos, end) if p.start == pos]
        if phrases:
            phrase = phrases[0]
            if _visit(text, phrase.end, end):
                continue
            return _kin_care(text, phrase, group, mention, frame, child_names, end)
        word = re.match(r"(?:(?P<pro>her|him|them)\b|(?P<name>[A-Z][a-z]*(?:-[A-Z][a-z]+)?)\b(?!['’]))", text[pos:end])
        if not word or _visit(text, pos + word.end(), end):
            continue
        pro, name = word.group("pro"), word.group("name")
        if name and name not in (frame.name, frame.initial):
            # "lives with Robbie, her dad": the kin phrase in apposition says who the named person is
            apposed = [p for p in kin.find_phrases(text, pos + word.end(), end) if re.fullmatch(r"\s*[,(]\s*", text[pos + word.end() : p.start])]
            if apposed:
                return _kin_care(text, apposed[0], group, mention, frame, child_names, end)
            continue
        if pro == "them" or (pro and {"her": "f", "him": "m"}[pro] == frame.sex) or name in (frame.name, frame.initial):
            return Care("with-parent", (link.start(), pos + word.end()))
    return None


def _kin_care(text: str, phrase: kin.KinPhrase, group: Group, mention: Mention, frame: Frame, child_names: set[str],
              end: int) -> Care:
    """The care a kin chain gives; a bracket after it may say more ("their gran (Leanne's mother, SF01)")."""
    owner = _owner(phrase, mention.sex, group.plural, frame, child_names)
    span = (phrase.start, phrase.end)
    carer_id = None
    aside = re.match(r"\s*\(([^)]*)\)", text[phrase.end : end])
    if aside:
        inner_start, inner_end = phrase.end + aside.start(1), phrase.end + aside.end(1)
        span = (phrase.start, phrase.end + aside.end())
        inner = [p for p in kin.find_phrases(text, inner_start, inner_end) if p.owner]
        better = _owner(inner[0], mention.sex, group.plural, frame, child_names) if inner else None
        if better is not None:
            phrase, owner = inner[0], better
        carer_id = next((i for i in re.findall(r"[A-Z]{1,5}-?\d{1,4}", aside.group(1)) if i in frame.known_ids), None)
    else:
        ident = re.match(r"\s*,?\s*([A-Z]{1,5}-?\d{1,4})\b", text[phrase.end : end])
        carer_id = ident.group(1) if ident and ident.group(1) in frame.known_ids else None
    words = text[phrase.start : phrase.end].strip()
    if owner is None:
        return Care("kinship-care", span, words, carer_id,
                    f"carer {words!r}: the descriptor does not say how {phrase.owner.strip()} is related to the child; read as kinship care")
    # the participant's partner is the child's other parent unless the child is from an earlier relationship
    earlier = phrase_re(grammar()["child"]["earlier"]["phrases"]).search(text, group.start, end)
    person = kin.resolve(owner, phrase.terms, frame.sex, side=phrase.side, plural=phrase.plural, partner_is_parent=not earlier)
    arrangement = kin.arrangement(person, frame.sex)
    if arrangement == "with-parent":
        return Care(arrangement, span)
    label = person.label if person.relation != "relative" else words
    return Care(arrangement, span, {"with-mother": "mother", "with-father": "father"}.get(arrangement, label), carer_id)


def care_of(text: str, spans: list[Span], group: Group, mention: Mention, frame: Frame, child_names: set[str]) -> Care | None:
    """Shorthand that names a placement, else "with <person>", else "at home", else a legal status."""
    placement: Care | None = None
    status: Care | None = None
    person: Care | None = None
    carer_needed = False
    for start, end in spans:
        for term, s, e in shorthand_hits(text, start, end):
            if _history(text, start, s):
                continue
            if term.names_carer:
                carer_needed = True
                after = [p for p in kin.find_phrases(text, e, end) if re.fullmatch(r"\s*(?:to|with|for|by|\(|,)?\s*", text[e:p.start])]
                if after and person is None:
                    person = _kin_care(text, after[0], group, mention, frame, child_names, end)
            if not term.arrangement:
                continue
            care = Care(term.arrangement, (s, e))
            if term.placement and placement is None:
                placement = care
            elif not term.placement and status is None:
                status = care
        if person is None:
            person = _person_care(text, (start, end), group, mention, frame, child_names)
        home = re.search(rf"(?<![\w-])(?:{alternation(grammar()['residence']['home'])})(?![\w-])", text[start:end], re.IGNORECASE)
        if home and person is None and not _history(text, start, start + home.start()):
            person = Care("with-parent", (start + home.start(), start + home.end()))
    if placement is not None:
        if placement.arrangement == "kinship-care" and person is not None and person.arrangement == "kinship-care":
            placement.carer, placement.carer_id = person.carer, person.carer_id
        elif placement.arrangement == "kinship-care" and person is not None and carer_needed:
            return person
        return placement
    if person is not None:
        return person
    return status


@lru_cache(maxsize=1)
def _contact_res() -> dict[str, re.Pattern[str]]:
    data = grammar()["contact"]
    return {k: phrase_re(data[k]) for k in ("none", "supervised", "coparenting", "indirect", "regular", "frequency", "place")}


# the contact a shorthand term gives, as a cue of the composition below
_TERM_CUES = {"no-contact": "none", "supervised-contact": "supervised", "coparenting": "coparenting",
              "indirect-contact": "indirect", "regular-contact": "regular"}


# the cues that are evidence of each contact value besides its own ("supervised contact twice a week": the rhythm too)
_SUPPORTING = {"no-contact": ("none",), "supervised-contact": ("supervised", "regular", "frequency", "place"),
               "coparenting": ("coparenting", "regular", "frequency"), "indirect-contact": ("indirect", "frequency"),
               "regular-contact": ("regular", "frequency", "place")}


def contact_of(text: str, spans: list[Span]) -> Fact | None:
    """Composition: no contact beats supervision, supervision co-parenting; a mode (letters, phone) with no visit
    is indirect; a visit or a frequency is regular contact. Every cue that supports the value is its evidence."""
    cues: dict[str, list[Span]] = {}
    for start, end in spans:
        for term, s, e in shorthand_hits(text, start, end):
            if term.contact:
                cues.setdefault(_TERM_CUES[term.contact], []).append((s, e))
        for cue, pattern in _contact_res().items():
            cues.setdefault(cue, []).extend(m.span() for m in pattern.finditer(text, start, end))
    cues = {cue: found for cue, found in cues.items() if found}
    value = next((v for cue, v in (("none", "no-contact"), ("supervised", "supervised-contact"), ("coparenting", "coparenting"))
                  if cue in cues), None)
    if value is None:
        visit = "regular" in cues and text[slice(*cues["regular"][0])].lower() != "contact"  # "phone contact" is no visit
        if "indirect" in cues and not visit:
            value = "indirect-contact"
        elif "regular" in cues or "frequency" in cues:
            value = "regular-contact"
    if value is None:
        return None
    own = {"no-contact": "none", "supervised-contact": "supervised", "coparenting": "coparenting",
           "indirect-contact": "indirect"}.get(value) or ("regular" if "regular" in cues else "frequency")
    fact = Fact(value, cues[own][0])
    for span in sorted(span for cue in _SUPPORTING[value] for span in cues.get(cue, [])):
        if not any(s < span[1] and span[0] < e for s, e in fact.spans):
            fact.also.append(span)
    return fact


# a status said to have ended just after it: "on a CP plan until 2019", "CIN plan - closed"
_ENDED = re.compile(r"\s*(?:[–-]\s*)?(?:until|till|til|up to|ended|closed|removed|de-?registered|stepped down)\b", re.IGNORECASE)


def protection_of(text: str, spans: list[Span]) -> Fact | None:
    """The child protection status said of a child (a plan or registration, child in need, pre-proceedings): the
    first current one; each later phrase saying the same is more evidence ("on CP reg (on the register)")."""
    found: Fact | None = None
    for start, end in spans:
        for term, s, e in shorthand_hits(text, start, end):
            if not term.protection or _history(text, start, s) or _ENDED.match(text, e, end):
                continue
            if found is None:
                found = Fact(term.protection, (s, e))
            elif term.protection == found.value and (s, e) not in found.spans:
                found.also.append((s, e))
    return found
