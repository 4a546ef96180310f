"""Facts about the participant themselves in a descriptor: age band, country, household, partner, treatment, status.

The children's clauses (descriptors.py) are read first; their spans are
passed here so that a phrase about a child never becomes the parent's. (The
role, read from the type column and the descriptor together, is person_role.py's.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphkit.extract.descriptor_facts import DescriptorFacts, Span
from graphkit.extract.lexicon import compile_phrases, lexicon, phrases, vocabulary

# A sentence ends at a full stop before a capital, a bracket or the end ("prev. relationship", "c. 25" go on).
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(\[\"‘'“]|\s*$)|\n")
_CLAUSE_END = re.compile(r"[.;:!?\n]|\s[–—-]\s|,\s+(?=(?:and |but )?(?:he|she|they|who)\b)")
# What names the partner: a capitalised word (a name) or an ID-code-like token, optionally with a bracketed second one.
_TOKEN = r"[A-Z][\w’'-]*[\w]"
_REF_AFTER = re.compile(rf"\s*(?:[,:(–-]\s*)?(?:(?:of|to|w/|with)\s+)?(?P<a>{_TOKEN})(?:\s*[(\[]\s*(?P<b>{_TOKEN})\s*[)\]])?")
_REF_BEFORE = re.compile(rf"(?P<a>{_TOKEN})['’]s?\s*(?:[(\[]\s*(?P<b>{_TOKEN})\s*[)\]]\s*)?(?:(?:new|current|long-term)\s+)?$")
_NOT_NAMES = {
    "Mother", "Father", "Mum", "Dad", "Son", "Daughter", "Scotland", "England", "Single", "Methadone", "Buprenorphine",
    "Subutex", "Espranor", "Suboxone", "Buvidal", "Family", "Professional", "Woman", "Man", "She", "He", "His", "Her",
    "Their", "They", "The", "Two", "Three", "Four", "Five", "Six", "One", "Both", "Lives", "Has", "Is", "Was", "And",
    "Partner", "Children", "Child", "Kids", "Baby", "Pregnant", "Grandfather", "Grandmother", "First", "Also", "Not",
    "Youngest", "Eldest", "Oldest", "Older", "Younger", "Adult", "Parent", "In", "On", "At", "With", "Since", "Cohabiting",
    "Cohabits", "Part", "Weekly", "Monthly", "Twins", "Boy", "Girl", "Step", "Stepson", "Stepdaughter", "Living", "Who",
    "Cohab", "Never", "No", "Neither", "Nor", "Took", "Keeps", "Stays", "Lived", "Live", "Scot", "Eng", "Until", "Till",
}


@lru_cache(maxsize=1)
def _age_band() -> re.Pattern[str]:
    """"30s", "(40s)", "in her thirties", "mid-forties", "late 50s"."""
    words = "|".join(vocabulary()["age_band"]["decades"])
    return re.compile(rf"\b(?:in (?:his|her|their) )?(?:(?:early|mid|late)[- ])?(?:([1-9]0)s|({words}))\b", re.IGNORECASE)


def sentences(text: str) -> list[Span]:
    """Sentence spans: a full stop ends one only before a capital, a bracket or the end."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _sentence_of(text: str, pos: int) -> Span:
    return next(((s, e) for s, e in sentences(text) if s <= pos < e), (0, len(text)))


def _clause_start(text: str, pos: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, pos)]
    return ends[-1] if ends else 0


def _clause_end(text: str, pos: int) -> int:
    match = _CLAUSE_END.search(text, pos)
    return match.start() if match else len(text)


def _outside(spans: list[Span], start: int, end: int) -> bool:
    return not any(s <= start < e for s, e in spans)


def _negated(text: str, start: int) -> bool:
    """A negation cue among the three words before ``start`` in its clause ("not cohabiting", "is no longer on a script")."""
    words = re.findall(r"[\w'’]+", text[_clause_start(text, start) : start])[-3:]
    cues = set(vocabulary()["negation"]["cues"])
    return any(w.lower() in cues or w.lower().endswith(("n't", "n’t", "nae")) for w in words)


def previous_word(text: str, start: int) -> str:
    """The word before ``start``, past a bracketed aside ("Leanne's (SP01) mother" -> "leanne's")."""
    before = re.sub(r"\s*[(\[][^()\[\]]*[)\]]\s*$", " ", text[max(0, start - 40) : start])
    words = re.findall(r"[\w'’-]+", before)
    return words[-1].lower().replace("’", "'") if words else ""


# ---- country -------------------------------------------------------------------------------------------------------


def country_mentions(text: str, spans: list[Span]) -> list[tuple[str, Span]]:
    """Every country named outside the children's clauses, in reading order."""
    return [(h.family, (h.start, h.end)) for h in lexicon("country").find_all(text) if _outside(spans, h.start, h.end)]


def country_of(text: str) -> str | None:
    """The country a short cell names (a listing's Site column, a service descriptor)."""
    hits = lexicon("country").find_all(text)
    return hits[0].family if hits else None


def _country(text: str, facts: DescriptorFacts, spans: list[Span]) -> None:
    found = country_mentions(text, spans)
    if not found:
        return
    facts.put("country", found[0][0], found[0][1])
    others = sorted({c for c, _ in found} - {found[0][0]})
    if others:
        facts.doubts.append((f"descriptor names {found[0][0]} and {', '.join(others)}: {found[0][0]} (the first) is used", found[0][1]))


# ---- household and partner -----------------------------------------------------------------------------------------


def _parts(key: str) -> re.Pattern[str]:
    return compile_phrases(vocabulary()["household"]["parts"][key])


def _partner_mentions(text: str, spans: list[Span], role: str) -> list[Span]:
    """Partner words about the participant's own current partner: not an ex or a past one ("separated from her
    partner"), not "her partner's child", not behind a possessive of the other sex (a father's "his mum and her partner")."""
    ex = phrases("partner", "ex")
    other = {"mother": "his", "father": "her"}.get(role)
    return [
        m.span() for m in phrases("partner", "words").finditer(text)
        if _outside(spans, m.start(), m.end())
        and not ex.search(text[max(0, m.start() - 4) : m.end()])
        and not re.match(r"['’]s\b", text[m.end() :])
        and previous_word(text, m.start()) != other
        and not phrases("partner", "past").search(text, max(_clause_start(text, m.start()), m.start() - 25), m.start())
    ]


def _sentence_has_partner(sentence: Span, partners: list[Span]) -> bool:
    return any(sentence[0] <= s < sentence[1] for s, _ in partners)


def _explicit(text: str, family: str, spans: list[Span]) -> re.Match[str] | None:
    """The first phrase of a household family about the participant: outside the children's clauses, not denied."""
    for match in lexicon("household").patterns[family].finditer(text):
        if _outside(spans, match.start(), match.end()) and not _negated(text, match.start()):
            return match
    return None


def _denied(text: str, family: str, spans: list[Span]) -> Span | None:
    """A household phrase denied ("not living together"), from the negation to the phrase's end."""
    for match in lexicon("household").patterns[family].finditer(text):
        if _outside(spans, match.start(), match.end()) and _negated(text, match.start()):
            return _clause_start(text, match.start()), match.end()
    return None


def _part_time(text: str, spans: list[Span], partners: list[Span]) -> re.Match[str] | None:
    """A partner who keeps a home of their own or stays only some nights, said in a sentence about the partner."""
    for key in ("own_home", "some_nights", "part_time"):
        for match in _parts(key).finditer(text):
            sentence = _sentence_of(text, match.start())
            if _outside(spans, match.start(), match.end()) and _sentence_has_partner(sentence, partners) \
                    and not _negated(text, match.start()):
                return match
    return None


def _living_with_partner(text: str, spans: list[Span], partners: list[Span]) -> re.Match[str] | None:
    """A "lives with ..." clause that names the partner among the people the participant lives with
    (a father's "his mum and her partner" is his mother's partner)."""
    for match in _parts("lives_with").finditer(text):
        end = _clause_end(text, match.end())
        if _outside(spans, match.start(), match.end()) and not _negated(text, match.start()) \
                and any(match.end() <= s < end for s, _ in partners):
            return match
    return None


def _household(text: str, facts: DescriptorFacts, spans: list[Span], role: str) -> None:
    """The household, and every other phrase that says the same one (each is its evidence: "single, lives alone")."""
    _household_family(text, facts, spans, role)
    held = facts.facts.get("household")
    if held is None:
        return
    for match in lexicon("household").patterns.get(str(held.value), re.compile(r"(?!)")).finditer(text):
        if _outside(spans, match.start(), match.end()) and not _negated(text, match.start()):
            facts.put("household", held.value, match.span())
    if held.value == "single":
        for match in _parts("housing_alone").finditer(text):
            if _outside(spans, match.start(), match.end()):
                facts.put("household", held.value, match.span())


def _household_family(text: str, facts: DescriptorFacts, spans: list[Span], role: str) -> None:
    """Explicit part-time first; then a composed part-time (it refines "cohabiting", but a researcher's "single" stands);
    then cohabiting, single, and housing that is the person's alone (single unless a partner lives there too)."""
    partners = _partner_mentions(text, spans, role)
    explicit = {family: _explicit(text, family, spans) for family in lexicon("household").order}
    composed = _part_time(text, spans, partners)
    if composed and explicit.get("part-time-cohabiting") is None and explicit.get("single") is None:
        explicit["part-time-cohabiting"] = composed
    explicit["cohabiting"] = explicit.get("cohabiting") or _living_with_partner(text, spans, partners)
    for family in lexicon("household").order:
        if explicit.get(family):
            facts.put("household", family, explicit[family].span())
            return
    denied = _denied(text, "cohabiting", spans)
    if denied:  # "not living together", "no longer cohabiting": living apart is a single household
        facts.put("household", "single", denied)
        return
    for match in _parts("housing_alone").finditer(text):
        if _outside(spans, match.start(), match.end()):
            shared = _sentence_has_partner(_sentence_of(text, match.start()), partners)
            facts.put("household", "cohabiting" if shared else "single", match.span())
            return
    # "lives with her two kids" says the household even inside a child's clause, when "her" is the participant
    own = {"mother": "her", "father": "his"}.get(role)
    for match in _parts("with_children").finditer(text):
        if not partners and (own is None or re.search(rf"\b{own}\b", match.group(), re.IGNORECASE)):
            facts.put("household", "single", match.span())
            return


def _could_name(token: str | None) -> bool:
    """A capitalised word that is no word of the vocabulary (a country, a drug, a role): a name or an ID code."""
    if not token or token in _NOT_NAMES:
        return False
    return not any(h.start == 0 and h.end == len(token) for section in ("country", "treatment", "role", "household")
                   for h in lexicon(section).find_all(token))


def _reference(text: str, start: int, end: int) -> tuple[list[str], Span]:
    """Names or ID codes that say who the partner is: after the mention ("partner Jo (F2)", "Cohab w/ P4") or before it ("Jo's (F2) partner")."""
    after = _REF_AFTER.match(text, end)
    if after:
        found = [t for t in (after.group("a"), after.group("b")) if _could_name(t)]
        if found:
            return found, (start, after.end())
    before = _REF_BEFORE.search(text, max(0, start - 40), start)
    if before:
        found = [t for t in (before.group("a"), before.group("b")) if _could_name(t)]
        if found:
            return found, (before.start(), end)
    return [], (start, end)


@lru_cache(maxsize=1)
def _treatment_predicate() -> re.Pattern[str]:
    drugs = [p for words in lexicon("treatment").families.values() for p in words]
    return compile_phrases([*vocabulary()["partner"]["in_treatment"], *(f"on {d}" for d in drugs)])


def _treatment_statements(text: str, start: int, end: int) -> list[tuple[bool, Span]]:
    """Every statement in ``text[start:end]`` that someone is, or is not, in treatment, in reading order."""
    negative = [m.span() for m in phrases("partner", "not_in_treatment").finditer(text, start, end)]
    found = [(False, span) for span in negative]
    for m in _treatment_predicate().finditer(text, start, end):
        if not any(s <= m.start() < e for s, e in negative):
            found.append((not _negated(text, m.start()), m.span()))
    return sorted(found, key=lambda item: item[1])


def _treatment_status(text: str, start: int, end: int) -> tuple[bool, Span] | None:
    found = _treatment_statements(text, start, end)
    return found[0] if found else None


def _partner_clauses(text: str, mentions: list[Span], name: str | None, role: str, spans: list[Span]) -> list[Span]:
    """Stretches of the descriptor about the partner, in reading order.

    After a partner mention to the end of its sentence (and on into a next
    sentence told by a pronoun of the other sex: "... keeps his own flat. He is
    not in treatment."); a clause whose subject is the partner by name ("Both
    Ann and Rob are on methadone", "Rob is also on a script"); a clause about
    the couple ("both on methadone").
    """
    other = {"mother": "he", "father": "she"}.get(role)
    found: list[Span] = []
    for start, end in mentions:
        sentence_end = _sentence_of(text, start)[1]
        follow = re.match(rf"\s*{other}\b[^.]*(?:\.|$)", text[sentence_end:], re.IGNORECASE) if other else None
        found.append((end, sentence_end + (follow.end() if follow else 0)))
    both = compile_phrases(vocabulary()["partner"]["both"])
    subject = re.compile(rf"(?:both\s+)?(?:{_TOKEN}\s+(?:and|&)\s+)?{re.escape(name)}\b", re.IGNORECASE) if name else None
    clause_starts = [0] + [m.end() for m in _CLAUSE_END.finditer(text)]
    for start in clause_starts:
        head = re.match(r"\s*", text[start:]).end() + start
        if not _outside(spans, head, head + 1):
            continue
        if (subject and subject.match(text, head)) or (both.match(text, head) and mentions):
            found.append((head, _clause_end(text, head)))
    return sorted(found)


def _partner(text: str, facts: DescriptorFacts, spans: list[Span], role: str) -> None:
    mentions = _partner_mentions(text, spans, role)
    household = facts.facts.get("household")
    if household and household.value in ("cohabiting", "part-time-cohabiting"):
        mentions = sorted(set(mentions) | {household.span})
    if not mentions:
        return
    first = mentions[0]
    for start, end in mentions:
        tokens, span = _reference(text, start, end)
        if tokens and not facts.partner_refs:
            first = span
        for token in tokens:
            if token not in facts.partner_refs:
                facts.partner_refs.append(token)
            if not facts.partner_name and re.fullmatch(r"[A-Z][a-z’'-]+", token):
                facts.partner_name = token
    clauses = _partner_clauses(text, mentions, facts.partner_name, role, spans)
    for start, end in clauses:
        status = _treatment_status(text, start, end)
        if status is not None:
            facts.put("partner_in_treatment", status[0], (min(start, mentions[0][0]), status[1][1]))
            break
    held = facts.facts.get("partner_in_treatment")
    for start, end in clauses if held is not None else []:  # "he is not in treatment and has never used drugs": both say it
        for value, span in _treatment_statements(text, start, end):
            if value == held.value:
                facts.put("partner_in_treatment", value, span)
    facts.put("has_partner", True, first)


def _own_treatment(text: str, facts: DescriptorFacts, spans: list[Span], role: str) -> None:
    """A family member's own use ("She has never used drugs"): a statement outside the partner's clauses."""
    partner = _partner_clauses(text, _partner_mentions(text, spans, role), facts.partner_name, role, spans)
    for value, (start, end) in _treatment_statements(text, 0, len(text)):
        if _outside(spans, start, end) and _outside(partner, start, end):
            held = facts.facts.get("in_treatment")
            if held is not None and held.value != value:
                facts.doubts.append(("the descriptor says both that this person is and is not in treatment: the first is kept", (start, end)))
                continue
            facts.put("in_treatment", value, (start, end))


# ---- status --------------------------------------------------------------------------------------------------------


def _status(text: str, facts: DescriptorFacts) -> None:
    for key in ("pregnant", "first_time"):
        match = phrases("status", key).search(text)
        if match and not re.search(r"\b(?:not|no longer|never)\s+$", text[max(0, match.start() - 12) : match.start()]):
            facts.put(key, True, match.span())
            if key == "pregnant":
                _pregnancy_detail(text, facts, match.end())
    not_self = set(vocabulary()["status"]["grandparent_not_self"])
    for match in phrases("status", "grandparent").finditer(text):
        before = text[: match.start()].split()
        if before and before[-1].lower().strip(",(") in not_self and not match.group().lower().startswith("grand" + "child"):
            if not re.match(r"(?:her|his|their)$", before[-1], re.IGNORECASE) or not match.group().lower().startswith(("grandson", "granddaughter", "grandchild", "grandkids", "grandweans")):
                continue
        # "Grandad x4", "nana to 3": how many grandchildren goes with it (they are never the participant's children)
        count = re.match(r"\s*(?:[x×]\s*\d{1,2}|(?:to|of)\s+(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten))\b", text[match.end():])
        facts.put("grandparent", True, (match.start(), match.end() + (count.end() if count else 0)))
        break


def _treatment(text: str, facts: DescriptorFacts, spans: list[Span], role: str) -> None:
    """The participant's own drug: the first one named outside the partner's clauses ("Wesley is on Subutex" is
    his), unless the clause says it is both of theirs ("both on methadone", "also on a script"). Every naming of
    that drug is its evidence."""
    partner = _partner_clauses(text, _partner_mentions(text, spans, role), facts.partner_name, role, spans)
    both, shared = phrases("partner", "both"), phrases("partner", "shared")

    def own(start: int) -> bool:
        clause = next((c for c in partner if c[0] <= start < c[1]), None)
        return clause is None or both.search(text, clause[0], start) is not None or shared.search(text, *clause) is not None

    treatments = [t for t in lexicon("treatment").find_all(text) if own(t.start)]
    for treatment in treatments:  # "MMT (methadone)": both namings
        if treatment.family == treatments[0].family:
            facts.put("treatment", treatment.family, (treatment.start, treatment.end))


def _pregnancy_detail(text: str, facts: DescriptorFacts, start: int) -> None:
    """Weeks gone and due date said with the pregnancy, up to the end of its clause: more evidence of it."""
    end = _clause_end(text, start)
    opening = re.match(r"[^.;:()]{0,30}\(", text[start:])  # "Pregnant at booking (c. 30 wks, due May)": the bracket goes with it
    inside = text.rfind("(", 0, start) > text.rfind(")", 0, start)
    if opening or inside:
        closing = text.find(")", start + (opening.end() if opening else 0))
        end = closing + 1 if closing >= 0 else end
    for match in phrases("status", "pregnancy_detail").finditer(text, start, end):
        facts.put("pregnant", True, match.span())


def _housing(text: str, facts: DescriptorFacts, spans: list[Span], role: str) -> None:
    """The kind of home (council flat, supported housing ...) outside the children's clauses and, unless the couple
    live together, the partner's (his own tenancy is not hers); a home said to be past ("hostel until 2019") is none, and a second kind said beside the first is a doubt."""
    household = facts.facts.get("household")
    shared = household is not None and household.value == "cohabiting"  # a couple's home is the participant's too
    partner = [] if shared else _partner_clauses(text, _partner_mentions(text, spans, role), facts.partner_name, role, spans)
    past = compile_phrases(vocabulary()["housing"]["context"]["past_after"])
    for hit in lexicon("housing").find_all(text):
        if not (_outside(spans, hit.start, hit.end) and _outside(partner, hit.start, hit.end)) or _negated(text, hit.start):
            continue
        if past.match(text, hit.end + len(text[hit.end:]) - len(text[hit.end:].lstrip())):
            continue
        held = facts.facts.get("housing")
        if held is not None and held.value != hit.family:
            facts.doubts.append((f"the descriptor names two kinds of home: {held.value} is kept", (hit.start, hit.end)))
            continue
        lead = re.search(r"(?:(?:lives|living|stays|staying|is|now) )?(?:in|at) (?:a|an|the|her|his|their) $", text[max(0, hit.start - 30):hit.start])
        facts.put("housing", hit.family, (hit.start - (len(lead.group()) if lead else 0), hit.end))


def read_person(text: str, facts: DescriptorFacts, child_spans: list[Span], role: str) -> None:
    """Age band, country, household, partner and status of the participant, outside the children's clauses."""
    band = next((m for m in _age_band().finditer(text) if _outside(child_spans, m.start(), m.end())), None)
    if band:
        decades = vocabulary()["age_band"]["decades"]
        facts.put("age_band", f"{band.group(1)}s" if band.group(1) else decades[band.group(2).lower()], band.span())
    _country(text, facts, child_spans)
    _household(text, facts, child_spans, role)
    _partner(text, facts, child_spans, role)
    _housing(text, facts, child_spans, role)
    if role == "family-member":
        _own_treatment(text, facts, child_spans, role)
    _status(text, facts)
    _treatment(text, facts, child_spans, role)
