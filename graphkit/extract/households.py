"""The participant's own household from speech: their partner, whether they live together, the partner's treatment.

For collections whose descriptors are one line, the interviews carry this.
The cue phrases are data (patterns.toml [partner] and [household_talk]); the
rules say whose words count:

* a partner named in speech ("my partner X", "X, that's my partner",
  "X. My partner.") is the participant's partner; an ex is not, and a later
  dated text that calls the partner an ex ends the partnership (history kept);
* the speaker's own account gives the household: "I live here on my own",
  "just myself" in answer to who lives there -> single; "I live with my
  partner", a who-lives-here answer that lists the partner -> cohabiting;
  the partner keeping a home of their own or staying some nights ->
  part-time cohabiting; a family fieldnote about one participant
  ("Dale lives alone") the same in the third person;
* a statement whose subject is the partner (by name, or "he"/"she" while the
  partner is who the thread is about) says whether the partner is in treatment;
* two participants are one couple when a joint interview of two parents lists
  them together at home ("Me, him, and the bairns"), or one calls the other
  "my partner" in a file listed for both (registry._join_couple joins them).

A descriptor's household and partner treatment win over speech. Texts are read
in date order, so a later text's household replaces an earlier one (the latest
wins); within one text a partner who only stays some nights wins over a
listing, and a text saying both single and living together is reported.
Negated, hypothetical, feared and generic statements give nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphkit.extract.context import answer_is_no, answer_is_yes, clause_end, clause_start, read
from graphkit.extract.lexicon import guarded, lexicon, vocabulary
from graphkit.extract.mentions import patterns
from graphkit.extract.registry import _join_couple
from graphkit.extract.screens import Gate, Screened, screened
from graphkit.extract.speakers import Voice
from graphkit.extract.scope import families
from graphkit.extract.walker import Context, make_evidence
from graphkit.model import Entity, Evidence

PARTICIPANTS = ("parent", "family-member")
# Within one text the most specific reading wins: a partner who keeps their own flat may also be listed at home.
_RANK = {"single": 0, "cohabiting": 1, "part-time-cohabiting": 2}


# ---- the partner's name --------------------------------------------------------------------------------------------


def _partner_words(after_my: bool = False) -> str:
    """The partner words; after "my", also the speech words ("my man", "my fella")."""
    words = [*vocabulary()["partner"]["words"], *(patterns()["partner"]["speech_words"] if after_my else [])]
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _partner_res() -> tuple[list[Screened], list[Screened], list[Screened], re.Pattern[str], list[Screened]]:
    data = patterns()["partner"]
    name = r"(?P<name>(?-i:[A-Z][a-z]+))"
    owner = r"(?P<owner>(?-i:[A-Z][a-z]+))"

    def body(p: str) -> str:
        return p.replace("{name}", name).replace("{p}", f"(?:{_partner_words()})").replace("{mp}", f"(?:{_partner_words(True)})") \
            .replace("{owner}", owner)

    def build(p: str) -> Screened:
        return screened(guarded(rf"(?<![\w-]){body(p)}(?![\w-])", re.IGNORECASE), re.IGNORECASE)

    alone = re.compile("|".join(body(p) for p in data["named_before"]), re.IGNORECASE)
    return ([build(p) for p in data["patterns"]], [build(p) for p in data["question"]], [build(p) for p in data["coresident"]], alone,
            [build(p) for p in data["ended"]])


@lru_cache(maxsize=1)
def _any_partner_statement() -> Gate:
    return Gate(_partner_res()[0])


def _set_partner(ctx: Context, who: str, name: str, start: int | None = None, end: int | None = None) -> None:
    """Name the partner the registry made (``<pid>-partner``), or make one."""
    if ctx.index.kind(who) not in PARTICIPANTS or name in patterns()["new_child"]["not_names"]:
        return
    named = [i for i in ctx.index.by_name.get(name, []) if ctx.index.kind(i) in ("parent", "family-member", "professional", "child")]
    if len(named) == 1 and ctx.index.kind(named[0]) in PARTICIPANTS and named[0] != who:
        _partner_who_took_part(ctx, who, named[0], ctx.evidence(start, end))
    if len(named) == 1 and ctx.index.kind(named[0]) in PARTICIPANTS or any(_near(ctx, who, i) for i in named):
        return  # a registry person or a child, not a partner of their own
    entity = ctx.graph.entities.get(f"{who}-partner") or ctx.graph.add_entity(Entity(f"{who}-partner", "person"))
    if entity.label and entity.label != name:
        return  # a different person from the partner already known: an ex, a friend
    ev = ctx.evidence(start, end)
    if not entity.label:
        entity.label = name
        entity.evidence.setdefault("label", []).append(ev)
        ctx.index.refresh()
    ctx.graph.relate("partner", who, entity.id, ev, origin="text")


def _partner_who_took_part(ctx: Context, who: str, other: str, evidence: Evidence) -> None:
    """ "My partner Ewan" where Ewan took part too: one couple when they are interviewed together, else a doubt."""
    if other in ctx.doc.listed and who in ctx.doc.listed:
        _join(ctx, who, other, evidence)
    elif not any(r.kind == "partner" and {r.source, r.target} == {who, other} for r in ctx.graph.relations.values()):
        ctx.graph.problem(f"{evidence.file}, line {evidence.line_start}",
                          f"{who} calls participant {other} their partner, but nothing else joins them: kept apart")


def _join(ctx: Context, first: str, second: str, evidence: Evidence) -> None:
    """Two participants who are a couple: one relation, shared children one node (the registry's own join)."""
    one, two = sorted((first, second), key=lambda i: ctx.doc.listed.index(i) if i in ctx.doc.listed else len(ctx.doc.listed))
    if not any(r.kind == "partner" and {r.source, r.target} == {one, two} for r in ctx.graph.relations.values()):
        ctx.graph.relate("partner", one, two, evidence, origin="text")
        if "cohabiting" in (ctx.graph.entities[one].get("household"), ctx.graph.entities[two].get("household")):
            ctx.graph.relate("lives-with", one, two, evidence, origin="text")
    _join_couple(ctx.graph, ctx.graph.entities[one], ctx.graph.entities[two], evidence)
    ctx.index.refresh()
    for person, other in ((one, two), (two, one)):
        said = ctx.graph.entities[person].evidence.get("household", [])
        if said and not _said_by_descriptor(ctx.graph.entities[person], "household"):
            _set_household(ctx, other, str(ctx.graph.entities[person].get("household")), said[-1], couple=False)


def _near(ctx: Context, who: str, person: str) -> bool:
    """Whether ``person`` is in ``who``'s family or named by the file's listing: a namesake three households away
    (a child called Julie in another family) is not who a partner's name stands for."""
    family = families(ctx.index)
    return person in ctx.doc.listed or family.get(person) is not None and family.get(person) in (
        {family.get(who)} | {family.get(p) for p in ctx.doc.listed}) - {None}


def _child_names(ctx: Context, parent: str | None) -> set[str]:
    return {(ctx.graph.entities[c].label or "").lower() for c in ctx.index.children_of.get(parent or "", [])}


def _fact(ctx: Context, pos: int, end: int | None = None, *, negative: bool = False) -> bool:
    reading = read(ctx.text, pos, end if end is not None else pos, generic_turn=ctx.state.generic, may_be_negative=negative)
    return reading.is_fact


def partner_rule(ctx: Context) -> None:
    voice, text = ctx.voice, ctx.text
    if voice.role in ("interviewer", "unknown"):
        return
    statements, questions, coresident, alone, ended = _partner_res()
    for pattern in statements if _any_partner_statement().admits(ctx.words) else ():
        for m in pattern.finditer(text, words=ctx.words):
            if not _fact(ctx, m.start(), m.end()) or re.search(r"\bex\b|ex-|former", m.group(), re.IGNORECASE):
                continue
            owner = m.groupdict().get("owner")
            if owner:
                who = next((r.entity for r in ctx.refs if r.mention.text == owner and r.kind in PARTICIPANTS), None)
            elif re.match(r"(?:his|her)\b", m.group(), re.IGNORECASE):
                who = ctx.state.participant
            else:
                who = voice.entity if voice.role in PARTICIPANTS else None
            if who:
                _set_partner(ctx, who, m.group("name"))
    if voice.role in PARTICIPANTS and ctx.position > 0 and alone.match(text.strip()):
        _named_before(ctx)
    if voice.role in PARTICIPANTS and voice.entity:
        for pattern in ended:
            m = pattern.search(text, words=ctx.words)
            if m and _fact(ctx, m.start(), m.end()):
                _partner_ended(ctx, voice.entity, m.group("name"))
    known = ctx.graph.entities.get(f"{voice.entity}-partner")
    if voice.role in PARTICIPANTS and known is not None and not known.label:
        for pattern in coresident:
            m = pattern.search(text, words=ctx.words)
            if m and m.group("name").lower() not in _child_names(ctx, voice.entity) and _fact(ctx, m.start()):
                _set_partner(ctx, voice.entity, m.group("name"))
                break
    if ctx.position == 0 and voice.role in PARTICIPANTS and answer_is_yes(text):
        for pattern in questions:
            m = pattern.search(ctx.question.text)
            if m:
                _set_partner(ctx, voice.entity, m.group("name"), ctx.question.start)


def _partner_ended(ctx: Context, who: str, name: str) -> None:
    """A later dated text says the partner is an ex: the partnership stays as history, the household is single."""
    partner = ctx.graph.entities.get(f"{who}-partner")
    if partner is None or partner.label != name or not ctx.doc.date:
        return
    evidence = ctx.evidence()
    for rel in [r for r in ctx.graph.relations_of("partner", source=who) if r.target == partner.id and r.current]:
        if rel.attrs.get("origin") != "text" or any((ev.date or "9999") >= ctx.doc.date for ev in rel.evidence):
            return  # a descriptor's partner, or one a text of this date or later still names
        del ctx.graph.relations[rel.id]
        past = ctx.graph.relate("partner", who, partner.id, None, current=False, date=ctx.doc.date, **rel.attrs)
        for ev in [*rel.evidence, evidence]:
            past.add_evidence(ev)
    person = ctx.graph.entities[who]
    if not _said_by_descriptor(person, "partner_in_treatment"):
        person.attrs.pop("partner_in_treatment", None)
        person.evidence.pop("partner_in_treatment", None)
    _set_household(ctx, who, "single", evidence)


def _named_before(ctx: Context) -> None:
    """ "Rhodri. My husband.": the sentence before is a bare name, and this one says who that is."""
    before = ctx.unit.sentences[ctx.position - 1]
    bare = re.fullmatch(r"\s*((?-i:[A-Z][a-z]+))\W*", before.text)
    if bare and bare.group(1).lower() not in _child_names(ctx, ctx.voice.entity) and ctx.voice.entity:
        _set_partner(ctx, ctx.voice.entity, bare.group(1), before.start, ctx.sentence.end)


# ---- the household -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _talk(key: str, other: str = "", pair: tuple[str, str] = ("", "")) -> re.Pattern[str]:
    """One [household_talk] list as a matcher: {p} the partner words, {mp} those after "my", {other} a participant's
    name, {pair} two participants' names joined by "and" (either order)."""
    a, b = map(re.escape, pair)
    both = rf"(?-i:{a}) (?:and|&) (?-i:{b})|(?-i:{b}) (?:and|&) (?-i:{a})" if a and b else "(?!x)x"
    items = [p.replace("{p}", f"(?:{_partner_words()})").replace("{mp}", f"(?:{_partner_words(True)})")
             .replace("{other}", re.escape(other) if other else "(?!x)x").replace("{pair}", f"(?:{both})")
             for p in patterns()["household_talk"][key]]
    return re.compile(guarded(rf"(?<![\w-])(?:{'|'.join(items)})(?![\w-])", re.IGNORECASE), re.IGNORECASE)


@lru_cache(maxsize=1)
def _on_treatment() -> re.Pattern[str]:
    """ "on methadone", "on the wafer": "on" + a treatment word of the vocabulary."""
    drugs = sorted((p for words in lexicon("treatment").families.values() for p in words), key=len, reverse=True)
    return re.compile(guarded(rf"(?<![\w-])on (?:(?:the|a|his|her) )?(?:{'|'.join(drugs)})(?![\w])", re.IGNORECASE), re.IGNORECASE)


def _said_by_descriptor(person: Entity, attr: str) -> bool:
    """A fact a table cell gave: speech never overrides it."""
    return any(ev.column for ev in person.evidence.get(attr, []))


def _set_household(ctx: Context, who: str, value: str, evidence: Evidence, *, couple: bool = True) -> None:
    person = ctx.graph.entities[who]
    if _said_by_descriptor(person, "household"):
        return
    held = person.evidence.get("household", [])
    same_text = [ev for ev in held if ev.file == evidence.file]
    now = str(person.get("household"))
    if same_text and value != now and "single" in (value, now):
        kept = max(value, now, key=lambda v: _RANK.get(v, -1))
        ctx.graph.problem(f"{evidence.file}, line {evidence.line_start}", f"{who}: the text says both {now} and {value}: {kept} is used")
    if same_text and _RANK[value] < _RANK.get(now, -1):
        return
    if held and not same_text and value != now and (evidence.date or "") < (held[-1].date or ""):
        return  # an undated or earlier text never overrides a later one
    if value != now:
        person.evidence.pop("household", None)  # the latest text wins; its passage is the evidence
    person.set("household", value, evidence)
    if couple and value != "single":
        for other in _couple_of(ctx, who):
            _set_household(ctx, other, value, evidence, couple=False)  # a couple who both took part share one home


def _couple_of(ctx: Context, who: str) -> list[str]:
    """The participants ``who`` is partnered with."""
    found = [r.target if r.source == who else r.source for r in ctx.graph.relations_of("partner") if who in (r.source, r.target)]
    return [i for i in found if ctx.index.kind(i) in PARTICIPANTS]


def _set_partner_treatment(ctx: Context, who: str, value: bool, evidence: Evidence) -> None:
    person = ctx.graph.entities[who]
    if _said_by_descriptor(person, "partner_in_treatment"):
        return
    if person.get("partner_in_treatment") not in (None, value):
        person.evidence.pop("partner_in_treatment", None)
    person.set("partner_in_treatment", value, evidence)
    partner = ctx.graph.entities.get(f"{who}-partner")
    if partner is not None:
        partner.set("in_treatment", value, evidence)


def _answers_household_question(ctx: Context) -> bool:
    """The sentence opens an answer to "who lives here?" / "do you have a partner?" (after a few short words at most)."""
    if ctx.position > 3:  # tested first: the sentences before would be copied and counted for every sentence of a long turn
        return False
    opening = all(len(re.findall(r"[\w'’]+", s.text)) <= 3 for s in ctx.unit.sentences[: ctx.position])  # "Right. Well. It's me, ..."
    return opening and bool(_talk("question").search(ctx.question.text))


def _partner_re(ctx: Context, who: str) -> str:
    """The partner by name, or by a partner word ("my partner", "your boyfriend")."""
    partner = ctx.graph.entities.get(f"{who}-partner")
    words = rf"(?:my|ma|me) (?:{_partner_words(True)})|(?:your|yer|her|his) (?:{_partner_words()})"
    name = rf"(?-i:{re.escape(partner.label)})|" if partner is not None and partner.label else ""
    return rf"(?<![\w-])(?:{name}{words})(?![\w-])"


def _partner_mentions(ctx: Context, who: str, text: str) -> list[re.Match[str]]:
    return list(re.finditer(_partner_re(ctx, who), text, re.IGNORECASE))


_OPENING = r"\s*(?:aye,? |yeah,? |yes,? |and |but |so |now |well,? |still )?"


def _about_partner(ctx: Context, who: str, pos: int) -> bool:
    """The clause at ``pos`` has the partner as its subject: by name ("Ewan's never used"), by "he"/"she" with the
    name beside it ("He's never used, Ewan."), or by "he"/"she" ("we're both") when the partner is the last
    person of that sex the thread (last turn, question, this turn) has named."""
    c0 = clause_start(ctx.text, pos)
    clause = ctx.text[c0:pos]
    partner = _partner_re(ctx, who)
    named = re.match(_OPENING + partner, clause, re.IGNORECASE)
    if named:  # but "Ewan's mum has her own flat": the subject is somebody of Ewan's
        kin = named.end() + 3
        possessive = re.match(r"['’]s ", clause[named.end() :]) and (_talk("others_he").match(clause, kin) or _talk("others_she").match(clause, kin))
        return not possessive
    subject = re.match(_OPENING + r"(he|she|we(?:['’]re| are)? both|both of us)\b", clause, re.IGNORECASE)
    if not subject:
        return False
    if subject.group(1).lower() in ("he", "she") and re.search(rf",\s*{partner}\s*(?:[.,;!]|$)", ctx.text[pos:], re.IGNORECASE):
        return True
    context = _thread(ctx, c0)
    mentions = _partner_mentions(ctx, who, context)
    if not mentions:
        return False
    since = context[mentions[-1].end() :]
    sex = {"he": "male", "she": "female"}.get(subject.group(1).lower())  # "we're both": the speaker and the partner
    label = (ctx.graph.entities[f"{who}-partner"].label if f"{who}-partner" in ctx.graph.entities else None) or ""
    speaker = {who} if ctx.voice.entity == who else set()  # the speaker's own label does not break the thread
    # anybody else of that sex (or of a sex not known) named since may be who "he"/"she" is
    named = [m for m in re.finditer(r"\b[A-Z][a-z]+\b", since) if m.group() != label
             and any(_sex_of(ctx, i) in (None, sex) for i in set(ctx.index.by_name.get(m.group(), [])) - speaker)]
    others = [key for key, of in (("others_he", "male"), ("others_she", "female")) if sex in (None, of)]
    asked = ctx.question.text if ctx.question.text and ctx.question.text in since else ""
    return not named and not any(_talk(key).search(since) for key in others) and not _names_somebody(asked, label)


def _names_somebody(question: str, partner: str) -> bool:
    """A question asking about somebody by a name the registry may not know yet ("And Oisin?"): the thread moves on."""
    for m in re.finditer(r"\b[A-Z][a-z]+\b", question):
        before = question[: m.start()].rstrip()
        if before and before[-1] not in ".!?:" and m.group() != partner:
            return True
    return False


def _sex_of(ctx: Context, entity_id: str) -> str | None:
    entity = ctx.graph.entities.get(entity_id)
    return str(entity.get("sex")) if entity is not None and entity.get("sex") else None


def _thread(ctx: Context, upto: int) -> str:
    """The speaker's last turn, the question and this turn up to ``upto`` in the sentence: "Who's Ewan?" "My partner."
    "Does he live here?" "No, he keeps his own flat." """
    units = ctx.doc.units
    at = next((i for i, u in enumerate(units) if u is ctx.unit), 0)
    return ctx.doc.text[units[max(0, at - 2)].start : ctx.sentence.start + upto]


def household_rule(ctx: Context) -> None:
    if ctx.position == 0 and ctx.unit is next((u for u in ctx.doc.units if u.voice.role != "interviewer"), None):
        _shared_home(ctx)  # once a file, before its first sentence
    if ctx.text.rstrip().endswith("?"):
        return
    if ctx.voice.role in PARTICIPANTS and ctx.voice.entity:
        _couple_listing(ctx)
        _own_account(ctx, ctx.voice.entity)
        _partner_statements(ctx, ctx.voice.entity)
    elif ctx.voice.role == "researcher":
        who = _fieldnote_participant(ctx)
        if who:
            _fieldnote_account(ctx, who)
            _partner_statements(ctx, who)


def _own_account(ctx: Context, who: str) -> None:
    """The speaker's first-person account of their household."""
    text = ctx.text
    for value, key in (("single", "single"), ("cohabiting", "cohabiting")):
        m = _talk(key).search(text)
        if m and _fact(ctx, m.start(), m.end()) and not (value == "single" and _partner_mentions(ctx, who, text[m.end() :])):
            _set_household(ctx, who, value, ctx.evidence())  # "in supported housing with my partner" is not single
    for m in _talk("lives_with").finditer(text):
        partner = next((p for p in _partner_mentions(ctx, who, text) if p.start() >= m.end()), None)
        if partner and partner.start() < clause_end(text, m.end()) and not re.match(r"['’]s\b", text[partner.end() :]) \
                and _fact(ctx, m.start(), m.end()):
            _set_household(ctx, who, "cohabiting", ctx.evidence())  # "I live with Ewan and the boys", not "with my partner's mum"
    if _answers_household_question(ctx):
        m = _talk("single_answer").search(text)
        said_no = ctx.position == 0 and answer_is_no(text) and _talk("no_means_single").search(ctx.question.text)
        if (m and _fact(ctx, m.start(), m.end(), negative=True)) or said_no:
            _set_household(ctx, who, "single", ctx.evidence(ctx.question.start))
        elif _talk("listing").match(text.strip()) and _partner_mentions(ctx, who, text):
            _set_household(ctx, who, "cohabiting", ctx.evidence(ctx.question.start))


def _fieldnote_participant(ctx: Context) -> str | None:
    """The one participant a family's fieldnote is about (a couple's notes name each of them, so give nobody)."""
    if "parent" not in (ctx.doc.dataset or "").lower() and "family" not in (ctx.doc.dataset or "").lower():
        return None
    listed = [i for i in ctx.doc.listed if ctx.index.kind(i) in PARTICIPANTS]
    return listed[0] if len(listed) == 1 else None


def _fieldnote_account(ctx: Context, who: str) -> None:
    """A researcher's "Dale lives alone" / "She lives with her partner": the clause's subject is the participant."""
    person = ctx.graph.entities[who]
    pronoun = {"female": "she", "male": "he"}.get(str(person.get("sex")), "(?!x)x")  # no sex known: by name only
    subject = re.compile(rf"\s*(?:(?-i:{re.escape(person.label or who)})|{pronoun})\b(?!['’]s)", re.IGNORECASE)
    for value, key in (("single", "third_single"), ("cohabiting", "third_cohabiting")):
        m = _talk(key).search(ctx.text)
        if m and subject.match(ctx.text, clause_start(ctx.text, m.start())) and _fact(ctx, m.start(), m.end()):
            _set_household(ctx, who, value, ctx.evidence())


def _partner_statements(ctx: Context, who: str) -> None:
    """What is said of the partner: a home of their own, some nights here, moved in, their treatment."""
    for value, key in (("part-time-cohabiting", "own_home"), ("part-time-cohabiting", "some_nights"), ("cohabiting", "moved_in")):
        m = _talk(key).search(ctx.text)
        if m and _fact(ctx, m.start(), m.end()) and _about_partner(ctx, who, m.start()):
            _set_household(ctx, who, value, ctx.evidence())
    _partner_treatment(ctx, who)


def _partner_treatment(ctx: Context, who: str) -> None:
    """ "He's on a script too", "She's never taken a thing, Morag": said of the partner."""
    text = ctx.text
    negative = _talk("not_in_treatment").search(text)
    if negative and _fact(ctx, negative.start(), negative.end(), negative=True) and _about_partner(ctx, who, negative.start()):
        _set_partner_treatment(ctx, who, False, ctx.evidence())
        return
    for m in (_talk("in_treatment").search(text), _on_treatment().search(text)):
        if m is None or not _about_partner(ctx, who, m.start()):
            continue
        reading = read(text, m.start(), m.end(), generic_turn=ctx.state.generic)
        if reading.negated and not (reading.hypothetical or reading.fear or reading.question or reading.generic):
            _set_partner_treatment(ctx, who, False, ctx.evidence())
        elif reading.is_fact:
            _set_partner_treatment(ctx, who, True, ctx.evidence())
        return


def _two_parents(ctx: Context) -> list[str]:
    """The two parents a joint family file is listed for (else nobody)."""
    listed = [i for i in ctx.doc.listed if ctx.index.kind(i) in PARTICIPANTS]
    return listed if len(listed) == 2 and all(ctx.index.kind(i) == "parent" for i in listed) else []


def _shared_home(ctx: Context) -> None:
    """ "Location: Ann and Rab's flat" (a header or a note) in a file listed for the two of them: one couple at home."""
    couple = _two_parents(ctx)
    if not couple or "parent" not in (ctx.doc.dataset or "").lower() and "family" not in (ctx.doc.dataset or "").lower():
        return
    names = tuple(ctx.graph.entities[i].label or "" for i in couple)
    m = _talk("shared_home", pair=names).search(ctx.doc.text) if all(names) else None
    if m is None:
        return
    evidence = make_evidence(ctx.doc, m.start(), m.end(), Voice(None, "researcher", "file"))
    for person in couple:
        _set_household(ctx, person, "cohabiting", evidence)
    _join(ctx, couple[0], couple[1], evidence)


def _couple_listing(ctx: Context) -> None:
    """A joint interview of two parents: "Me, him, and the two bairns" in answer to who lives there joins them."""
    listed = _two_parents(ctx)
    if ctx.voice.entity not in listed or not _answers_household_question(ctx):
        return
    other = next(i for i in listed if i != ctx.voice.entity)
    m = _talk("listing_other", ctx.graph.entities[other].label or "").search(ctx.text)
    if not m or not _fact(ctx, m.start(), m.end()):
        return
    evidence = ctx.evidence(ctx.question.start)
    for person in listed:
        _set_household(ctx, person, "cohabiting", evidence)
    _join(ctx, listed[0], listed[1], evidence)
