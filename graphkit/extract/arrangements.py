"""Care and contact arrangements said in running text.

A sentence gives an arrangement when an arrangement phrase (vocabulary.toml
[care]/[contact], patterns.toml [care_text]/[contact_text]) has a child it is
about (subjects.py says which) and context.py reads it as a fact. Kin chains ("my ex's sister's") are resolved by
kin.py from their possessor, the same composition descriptors use: "my mum" said
by a mother is the child's maternal grandmother, "his dad" of a child whose
participant parent is his mother is ``with-father``; "Shane's mum" said of a
child Shane shares with the participant is on Shane's side.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from graphkit.extract import kin
from graphkit.extract.context import Reading, clause_end, clause_start, read
from graphkit.extract.lexicon import Lexicon, compile_phrases, guarded, lexicon, vocabulary
from graphkit.extract.mentions import cue, patterns
from graphkit.extract.screens import Gate, Screened, screened
from graphkit.extract.subjects import (child_anchor, children_about, contact_anchor, continued, parents_for, stranger_before,
                                      unresolved_pronoun)
from graphkit.extract.walker import Context, Statement, words_before

EXPLICIT = ("adopted", "foster-care", "residential-care", "kinship-care")
_UNCARING = ("relative", "step-parent")  # a chain kin.py cannot name, or a parent's partner: no arrangement read
CONTACT_ORDER = ("no-contact", "supervised-contact", "indirect-contact", "coparenting", "regular-contact")


@lru_cache(maxsize=1)
def _location() -> Screened:
    data = patterns()["care_text"]
    preps = sorted(set(data["location_preps"]) | set(data["left_from"]) | {"from"}, key=len, reverse=True)
    prep = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in preps)
    term = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(kin.words(), key=len, reverse=True))
    side = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(kin.sides(), key=len, reverse=True))
    chain = rf"(?:{term})(?:['’]s\s+(?:(?:{side})\s+)?(?:{term}))*"  # "my ex's sister", "her dad's mum"
    poss = r"my|ma|me|our|her|his|their|(?-i:[A-Z][a-z]+)['’]s"
    return screened(guarded(rf"(?<![\w-])(?P<prep>{prep})\s+(?P<poss>{poss})\s+(?:(?:wee|auld|old|big)\s+)?(?:(?P<side>{side})\s+)?(?P<kin>{chain})(?:['’]s)?(?![\w-])", re.IGNORECASE), re.IGNORECASE)


@lru_cache(maxsize=None)
def _text_phrases(key: str) -> Screened:
    return Screened(compile_phrases(patterns()["care_text"][key]))


@lru_cache(maxsize=1)
def _contact_families() -> dict[str, Screened]:
    base = vocabulary()["contact"]
    extra = patterns()["contact_text"]
    unsupervised = {"regular-contact": list(extra["unsupervised"])}  # visits said to be unsupervised are still visits
    return {f: Screened(compile_phrases([*base.get(f, []), *extra.get(f, []), *unsupervised.get(f, [])])) for f in CONTACT_ORDER}


@lru_cache(maxsize=1)
def _unsupervised() -> re.Pattern[str]:
    return compile_phrases(patterns()["contact_text"]["unsupervised"])


@lru_cache(maxsize=1)
def _treatment_words() -> re.Pattern[str]:
    return compile_phrases(patterns()["contact_text"]["treatment_supervision"])


def _treatment(ctx: Context) -> bool:
    """"I pick up from the chemist every day, supervised": supervision of a dose, not of contact."""
    return _treatment_words().search(ctx.text) is not None


def _no_child(ctx: Context) -> bool:
    """No child in the sentence: its "weekly" or "every day" near a dose is the dispensing ("I'm on weekly pick-ups")."""
    return not any(r.kind == "child" for r in ctx.refs)


def _asked_about_the_past(ctx: Context) -> bool:
    """An answer to "What was it like during the lockdown?" tells how things were then, unless it says "now"."""
    return (cue("cues", "past_question").search(ctx.question.text) is not None
            and cue("cues", "said_now").search(ctx.text) is None)


def _agreeing(ctx: Context, pos: int, children: list[str]) -> list[str]:
    """``children`` less those an unplaced "he" or "she" before ``pos`` cannot be: "I get her monthly" is not about a son."""
    said = {r.mention.sex for r in ctx.refs if r.mention.kind in ("he", "she") and r.entity is None and ctx.rel(r) < pos}
    if len(said) != 1:
        return children
    sex = {"m": "male", "f": "female"}[said.pop()]
    return [c for c in children if ctx.graph.entities[c].get("sex") in (None, sex)]


def says_unsupervised(text: str) -> bool:
    """Whether a passage says visits happen without supervision ("on his own, no worker")."""
    return _unsupervised().search(text) is not None


@lru_cache(maxsize=1)
def _any_contact() -> Gate:
    return Gate(_contact_families().values())


def _contact_hits(ctx: Context) -> list[tuple[str, re.Match[str]]]:
    """Every contact phrase of the sentence (family order, then text order): found once, read by care and contact rules."""
    hits = ctx.cache.get("contact")
    if hits is None:
        families = _contact_families().items() if _any_contact().admits(ctx.words) else ()
        hits = ctx.cache["contact"] = [(f, m) for f, p in families for m in p.finditer(ctx.text, words=ctx.words)]
    return hits


def _locations(ctx: Context) -> list[re.Match[str]]:
    found = ctx.cache.get("location")
    if found is None:
        found = ctx.cache["location"] = list(_location().finditer(ctx.text, words=ctx.words))
    return found


@lru_cache(maxsize=1)
def _any_place_phrase() -> Gate:
    """The place patterns care_rule reads, as one test: most sentences hold none of their words."""
    return Gate([_location(), *(_text_phrases(key) for key in ("with_speaker", "independent", "unknown"))])


@lru_cache(maxsize=1)
def _explicit_care() -> Lexicon:
    """The care families care_rule reads (in the data's order, so hits sort as in the whole lexicon)."""
    return Lexicon({k: v for k, v in lexicon("care").families.items() if k in EXPLICIT})


def _parent_sex(ctx: Context, parent: str) -> str:
    return "f" if ctx.graph.entities[parent].get("role") == "mother" else "m"


def _kinship_carer(ctx: Context, child: str) -> str | None:
    """A family member the registry already knows as this child's carer."""
    carers = ctx.index.carers_of.get(child, [])
    return carers[0] if carers else None


def _partners(ctx: Context, one: str, other: str) -> bool:
    return any(r.kind == "partner" and {r.source, r.target} == {one, other} for r in ctx.graph.relations.values())


def _partner_word(term: str) -> bool:
    """"partner", "ex", "boyfriend": a word for one step to a partner."""
    steps = kin.term_steps(term)
    return len(steps) == 1 and steps[0][0] in ("partner", "ex")


def _chain_owner(ctx: Context, poss: str, child: str, parent: str) -> tuple[str, str] | None:
    """Who owns "<poss> <kin>'s <kin>" as ``kin.resolve`` counts them: ("child" or "participant", that parent's sex)."""
    if kin.spoken_by_speaker(poss):  # "me mum" is "my mum" in much English and Scots speech
        owner = ctx.voice.entity
    elif kin.pronoun(poss):
        owner = child
    else:
        owner = next((r.entity for r in ctx.refs if r.mention.text in (poss[:-2], poss)), None)
    if owner == child:
        return "child", _parent_sex(ctx, parent)
    if owner == parent:
        return "participant", _parent_sex(ctx, parent)
    if owner is not None and (owner in ctx.index.parents_of.get(child, []) or _partners(ctx, owner, parent)
                              or _co_parent(ctx, owner, child)):
        # "Shane's mum" said of a child of Shane's partner: the relative is on Shane's side
        return "participant", _parent_sex(ctx, owner)
    return None


def _from_kin(ctx: Context, m: re.Match[str], child: str, parent: str) -> tuple[str, str | None] | None:
    """(arrangement, carer label) for "with <possessor> <kin>('s <kin>)", the chain resolved by kin.py from the child."""
    owner = _chain_owner(ctx, m.group("poss"), child, parent)
    terms = kin.chain_terms(m.group("kin"))
    if owner is None or _partner_word(terms[-1]):
        return None  # "with my partner": whether the partner is the child's parent is not said here
    person = kin.resolve(owner[0], terms, owner[1], side=kin.side(m.group("side") or ""),
                         plural=terms[-1] in kin.plural_words())
    if person.relation in _UNCARING:
        return None
    found = kin.arrangement(person, _parent_sex(ctx, parent))
    return found, None if found == "with-parent" else person.label


def _add(ctx: Context, kind: str, child: str, arrangement: str, reading: Reading, carer: str | None = None,
         carer_id: str | None = None, parents: list[str] | None = None) -> None:
    """Record a statement per parent; its evidence is the whole sentence (a phrase alone reads badly)."""
    for parent in parents if parents is not None else parents_for(ctx, child):
        ctx.statements.append(Statement(kind, child, parent, arrangement, ctx.evidence(), ctx.doc.date, reading.ended,
                                        carer, carer_id))


def care_rule(ctx: Context) -> None:
    """Where a child lives, from the sentence's arrangement phrases."""
    if ctx.voice.role in ("interviewer", "unknown"):
        return
    text = ctx.text
    has_contact = bool(_contact_hits(ctx))
    places = _any_place_phrase().admits(ctx.words)
    defaults = {"foster-care": "foster carers", "adopted": "adoptive parents", "residential-care": "residential care"}
    for hit in _explicit_care().find_all(text, words=ctx.words):
        reading = read(text, hit.start, hit.end, generic_turn=ctx.state.generic)
        for child in children_about(ctx, hit.start, child_anchor(ctx, hit.start)) if reading.is_fact else ():
            carer_id = _kinship_carer(ctx, child) if hit.family == "kinship-care" else None
            _add(ctx, "care", child, hit.family, reading, defaults.get(hit.family), carer_id)
    for m in _locations(ctx) if places else ():
        if _visit_clause(ctx, m.start(), m.end()):
            continue  # "every second weekend he's at his dad's": a place visited, not where the child lives
        reading = read(text, m.start(), m.end(), generic_turn=ctx.state.generic)
        if not reading.is_fact:
            continue
        left = m.group("prep").lower().endswith("from") or m.group("prep").lower() == "left"
        for child in children_about(ctx, m.start(), child_anchor(ctx, m.start())):
            for parent in parents_for(ctx, child):
                found = _from_kin(ctx, m, child, parent)
                if found:
                    carer_id = _kinship_carer(ctx, child) if found[0] == "kinship-care" else None
                    ended = Reading(ended=reading.ended or left)
                    _add(ctx, "care", child, found[0], ended, found[1], carer_id, [parent])
    _speaker_home(ctx, has_contact, places)


def _visit_clause(ctx: Context, start: int, end: int) -> bool:
    """Whether the place at ``text[start:end]`` is one visited: a contact phrase in its clause.

    A parent telling their own arrangements puts a home and a visit in two
    clauses ("He bides wi' his dad, and every second weekend he's here"); in
    anyone else's sentence a visit anywhere in it may be their own ("since her
    daughter went to live with ..., I've been going round every Thursday"), so
    the whole sentence counts.
    """
    if ctx.voice.role not in ("parent", "family-member"):
        return bool(_contact_hits(ctx))
    c0, c1 = clause_start(ctx.text, start), clause_end(ctx.text, end)
    return any(c0 <= m.start() < c1 for _, m in _contact_hits(ctx))


def _co_parent(ctx: Context, member: str, child: str) -> bool:
    """A family member with a child of the same name (or the parent's partner) is a parent, not a kinship carer."""
    name = (ctx.graph.entities[child].label or "").lower()
    theirs = {(ctx.graph.entities[c].label or "").lower() for c in ctx.index.children_of.get(member, [])}
    partners = {r.target for p in ctx.index.parents_of.get(child, []) for r in ctx.graph.relations.values()
                if r.kind in ("partner", "lives-with") and r.source == p}
    return bool(name and name in theirs) or member in partners


_HOME = re.compile(r"\b(?:home|hame)\b", re.IGNORECASE)
_MOVING = re.compile(r"(?:came|come|went|gone|got)\b", re.IGNORECASE)
_LIVES_WITH_BEFORE = re.compile(r"(?:lives|living|stays|staying|is|['’]s|been|back)\s+(?:wi['’]?|with)\s+$", re.IGNORECASE)


def _speaker_home(ctx: Context, has_contact: bool, places: bool) -> None:
    """"He's at home wi' me", "Ellie lives with Claire", "Skye's been wi' me" (a carer speaking).

    ``places``: whether the sentence may hold a place phrase at all (_any_place_phrase).
    """
    text = ctx.text
    kin_places = [(m.start(), m.end()) for m in _locations(ctx)] if places else []
    with_speaker = _text_phrases("with_speaker").finditer(text, words=ctx.words) if places else ()
    spans = [(m.start(), m.end()) for m in with_speaker
             if not any(s <= m.end() and m.start() < e for s, e in kin_places)]  # "with me mum and dad" is not "with me"
    for r in ctx.refs:
        if r.kind not in ("parent", "family-member"):
            continue
        before = text[: ctx.rel(r)]
        possessive = text[ctx.rel(r) + len(r.mention.text) :][:2] in ("'s", "’s")
        if not possessive and _LIVES_WITH_BEFORE.search(before):
            spans.append((ctx.rel(r), ctx.rel(r) + len(r.mention.text)))
    for start, end in spans:
        phrase = text[start:end]
        if has_contact and (not _HOME.search(phrase) or _MOVING.match(phrase)):
            continue  # "he comes home on Saturdays" is a visit
        reading = read(text, start, end, generic_turn=ctx.state.generic)
        if not reading.is_fact:
            continue
        named = next((r for r in ctx.refs if ctx.rel(r) == start and r.kind in ("parent", "family-member")), None)
        speaker_home = re.search(r"\b(?:me|us)\b", phrase, re.IGNORECASE) is not None
        who = named.entity if named else (ctx.voice.entity if speaker_home else None)
        for child in children_about(ctx, start, child_anchor(ctx, start)):
            parents = ctx.index.parents_of.get(child, [])
            if who in parents:
                _add(ctx, "care", child, "with-parent", reading, who, who, [who])
            elif who and ctx.graph.entities[who].kind == "family-member" and not _co_parent(ctx, who, child):
                label = f"{ctx.graph.entities[who].label or who} ({who})"
                _add(ctx, "care", child, "kinship-care", reading, label, who)
            elif who is None and not speaker_home:
                for parent in parents_for(ctx, child):
                    _add(ctx, "care", child, "with-parent", reading, parent, parent, [parent])
    for key, family in (("independent", "independent"), ("unknown", "unknown")) if places else ():
        for m in _text_phrases(key).finditer(text, words=ctx.words):
            child = child_anchor(ctx, m.start())
            reading = read(text, m.start(), m.end(), generic_turn=ctx.state.generic)
            adult = child is not None and ctx.graph.entities[child].get("age_group") != "0-16"
            if child and reading.is_fact and (adult or family == "unknown"):
                _add(ctx, "care", child, family, reading)


def contact_rule(ctx: Context) -> None:
    """Contact between a parent and a child who lives elsewhere."""
    if ctx.voice.role in ("interviewer", "unknown"):
        return
    text = ctx.text
    if ctx.position == 0 and ctx.question.child and re.search(r"\bcontact\b|\bsee\b", ctx.question.text, re.IGNORECASE):
        from graphkit.extract.context import answer_is_no

        if answer_is_no(text):
            _add(ctx, "contact", ctx.question.child, "no-contact", Reading())
    for family, m in _contact_hits(ctx):
        reading = read(text, m.start(), m.end(), generic_turn=ctx.state.generic, may_be_negative=family == "no-contact")
        if not reading.is_fact or _own_visits(ctx, m.start()) or _treatment(ctx) and (family == "supervised-contact" or _no_child(ctx)):
            continue
        if _asked_about_the_past(ctx):
            reading = replace(reading, ended=True)
        children = children_about(ctx, m.start(), contact_anchor(ctx, m.start(), family))
        if not children and not stranger_before(ctx, m.start()) and (
                family != "regular-contact" or words_before(text, m.start()) <= 2 or unresolved_pronoun(ctx, m.start())):
            children = _agreeing(ctx, m.start(), continued(ctx))
        for child in children:
            _add(ctx, "contact", child, family, reading)
    _stopped(ctx)


_USED_TO_SEE = re.compile(r"\bused to (?:see|have|get|visit|take|phone|ring)\b|\b(?:saw|seen|visited|had) (?:him|her|them)\b", re.IGNORECASE)


_FIRST_SUBJECT = re.compile(r"\b(?:I|I['’](?:ve|m|d)|we|we['’](?:ve|re))\b")


def _own_visits(ctx: Context, pos: int) -> bool:
    """A worker's or researcher's "I've been going round every Thursday" is their own visiting, not a parent's contact."""
    if ctx.voice.role in ("parent", "family-member"):
        return False
    return _FIRST_SUBJECT.search(ctx.text, clause_start(ctx.text, pos), pos) is not None


def _stopped(ctx: Context) -> None:
    """"I used to have contact but no' now": contact that has stopped is no contact now."""
    now = cue("cues", "not_now").search(ctx.text)
    past = _USED_TO_SEE.search(ctx.text, 0, now.start()) if now else None
    if past is None:
        return
    reading = read(ctx.text, past.start(), now.end(), generic_turn=ctx.state.generic, may_be_negative=True)
    if reading.hypothetical or reading.fear or reading.question or reading.generic:
        return
    for child in children_about(ctx, past.start(), contact_anchor(ctx, past.start(), "no-contact")) or _agreeing(ctx, past.start(), continued(ctx)):
        _add(ctx, "contact", child, "no-contact", Reading())
