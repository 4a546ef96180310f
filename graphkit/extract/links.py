"""Who works with whom, who works where, who uses which service, who is whose partner.

Each rule reads one resolved sentence (walker.Context). The cue words are
data (patterns.toml [work], [works_at], [engagement], [partner]); the rules
only say which voice may state which link:

* a parent naming a professional with a worker cue ("Leon. He's my recovery
  worker") -> works-with (professional, parent);
* a professional naming a participant (or a participant's child) with an
  involvement cue nearby ("Rab [DP02] first. I'm his son Kyle's social
  worker") -> works-with (speaker, participant);
* any voice naming a professional and a participant together with a role
  noun ("Leon has been Wayne's keyworker"), or a fieldnote of a visit by a
  professional listed for the file -> works-with;
* "<professional> from/at/fae <service>" -> works-at;
* a parent's first-person sentence naming a service -> engages-with.
Generic talk, questions, negated and hypothetical sentences give nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphkit.extract.context import answer_is_yes, clause_start, negated_before, read
from graphkit.extract.lexicon import compile_phrases, guarded, vocabulary
from graphkit.extract.mentions import cue, patterns, people_in, services_at
from graphkit.extract.screens import Gate, Screened, screened
from graphkit.extract.walker import Context, Ref, families
from graphkit.model import Entity

PARTICIPANTS = ("parent", "family-member")


def _fact(ctx: Context, pos: int, end: int | None = None) -> bool:
    reading = read(ctx.text, pos, end if end is not None else pos, generic_turn=ctx.state.generic)
    return reading.is_fact


def _clients(ctx: Context, ref: Ref) -> list[str]:
    """The participants a mention stands for: a participant, or the parents of a child."""
    if ref.kind in PARTICIPANTS and ref.entity:
        return [ref.entity]
    if ref.kind == "child" and ref.entity:
        return ctx.parent_for(ref.entity)
    return []


@lru_cache(maxsize=None)
def _title_words(title: str) -> re.Pattern[str]:
    words = [w for w in re.findall(r"[A-Za-z]{4,}", title) if w.lower() not in ("with", "from", "team", "service", "consultant")]
    return compile_phrases(words or ["(?!x)x"])


def _worker_cue(ctx: Context, text: str, professional: str) -> bool:
    """A role noun, a client cue, the professional's own job title, or their service in ``text``."""
    if cue("work", "role_nouns").search(text) or cue("work", "client_cues").search(text):
        return True
    entity = ctx.graph.entities[professional]
    if entity.get("role_title") and _title_words(str(entity.get("role_title"))).search(text):
        return True
    services = ctx.index.works_at.get(professional, set())
    return bool(services) and any(m.entity in services for m in services_at(text, 0, len(text), ctx.index))


def _works_with(ctx: Context, professional: str, client: str) -> None:
    if professional == client or ctx.graph.entities[client].kind not in PARTICIPANTS:
        return
    ctx.graph.relate("works-with", professional, client, ctx.evidence(), origin="text")


def _named(ref: Ref) -> bool:
    """A name or ID code (a pronoun or a description only counts with a cue in its own sentence)."""
    return ref.mention.kind not in ("he", "she", "childref")


def _denied(text: str) -> bool:
    """The passage denies a tie: "never met her", "I've no social worker", "not one of mine"."""
    return bool(cue("work", "denials").search(text))


def _family_file(ctx: Context) -> bool:
    dataset = (ctx.doc.dataset or "").lower()
    return "parent" in dataset or "family" in dataset


def _household(ctx: Context) -> list[str]:
    """The participants a family file is about: its one listed participant, or a listed couple (partners, or two parents)."""
    listed = [i for i in ctx.doc.listed if ctx.index.kind(i) in PARTICIPANTS]
    if len(listed) == 2:
        parents = all(ctx.index.kind(i) == "parent" for i in listed)
        if parents or any(r.kind == "partner" and {r.source, r.target} == set(listed) for r in ctx.graph.relations.values()):
            return listed
    return listed if len(listed) == 1 else []


def _turn_topic(ctx: Context) -> str | None:
    """The first participant a professional's answer names ("Leanne [SP01] first."): who the answer is about."""
    key = ("topic", ctx.doc.path, ctx.unit.start)
    if key not in _TOPICS:
        _TOPICS.clear() if len(_TOPICS) > 4096 else None
        _TOPICS[key] = None
        for sentence in ctx.unit.sentences:
            for m in people_in(ctx.doc.text, sentence.start, sentence.end, ctx.index, ctx.doc.listed, sentence.words):
                found = [m.entity] if m.kind in PARTICIPANTS else ctx.parent_for(m.entity) if m.kind == "child" else []
                if found:
                    _TOPICS[key] = found[0]
                    break
            if _TOPICS[key]:
                break
    return _TOPICS[key]


_TOPICS: dict[tuple, str | None] = {}


def _other_professionals(ctx: Context, before: int, after: int) -> bool:
    """Another professional than the speaker is named near the sentence (their work may be what a cue is about)."""
    items = ctx.unit.sentences[max(0, ctx.position - before) : ctx.position + after + 1]
    for sentence in items:
        for m in people_in(ctx.doc.text, sentence.start, sentence.end, ctx.index, ctx.doc.listed, sentence.words):
            if m.kind == "professional" and m.entity != ctx.voice.entity:
                return True
    return False


def _tied(ctx: Context, ref: Ref) -> bool:
    """A third-person tie around a named professional: "both still see Tamsin", "comes to Hayley's group"."""
    end = ctx.rel(ref) + len(ref.mention.text)
    return bool(cue("work", "tie_cues").search(ctx.text) or _works_at_res()[4].match(ctx.text[end:]))


def works_with_rule(ctx: Context) -> None:
    voice, text = ctx.voice, ctx.text
    if voice.role in ("interviewer", "unknown") or not ctx.refs or text.rstrip().endswith("?"):
        return  # every link below starts from a person the sentence names
    pros = [r for r in ctx.refs if r.kind == "professional" and r.entity and r.entity != voice.entity]
    if not pros and voice.role != "professional":
        return  # each link below needs a professional named or speaking
    if _denied(text):
        return
    clients = [(r, c) for r in ctx.refs for c in _clients(ctx, r) if c != voice.entity]
    if voice.role in PARTICIPANTS and voice.entity:
        for ref in pros:
            window = ctx.neighbours(1, 1) if _named(ref) else text
            if _fact(ctx, ctx.rel(ref)) and not _denied(ctx.neighbours(0, 1)) and _worker_cue(ctx, window, ref.entity):
                _works_with(ctx, ref.entity, voice.entity)
    if voice.role == "professional" and voice.entity:
        asked = None  # searched only when a client is named
        for ref, client in clients:
            if asked is None:
                asked = bool(cue("work", "question_cues").search(ctx.question.text))
            # a cue a sentence or three away may be about another professional's work ("She's supported by Shona")
            wide = _named(ref) and not _other_professionals(ctx, 0, 3)
            window = ctx.neighbours(0, 3) if wide else text
            cued = cue("work", "involvement_cues").search(window)
            topic = asked and _named(ref) and client == _turn_topic(ctx)
            if ((cued and not negated_before(window, cued.start())) or topic) and _fact(ctx, ctx.rel(ref)):
                _works_with(ctx, voice.entity, client)
    work_words = None  # searched only when a professional and a client are both named
    for ref in pros:
        for other, client in clients:
            if work_words is None:
                work_words = bool(cue("work", "role_nouns").search(text) or cue("work", "involvement_cues").search(text))
            if (work_words or _tied(ctx, ref)) and (_named(ref) or _named(other)) and _fact(ctx, ctx.rel(ref)):
                _works_with(ctx, ref.entity, client)
    if voice.role == "researcher" and _family_file(ctx):
        _family_fieldnote(ctx, pros, clients)


def _family_fieldnote(ctx: Context, pros: list[Ref], clients: list) -> None:
    """A fieldnote about one household: a professional's visit to it, or "both still see Tamsin"."""
    household = _household(ctx)
    named = [r for r in pros if _named(r) and _fact(ctx, ctx.rel(r))]
    if not household or not named:
        return
    if not clients and cue("work", "visit_cues").search(ctx.text):
        for ref in named:
            if ref.entity in ctx.doc.listed:
                for client in household:
                    _works_with(ctx, ref.entity, client)
    if len(household) > 1 and cue("work", "household_subject").search(ctx.text):
        for ref in named:
            if _tied(ctx, ref) or cue("work", "role_nouns").search(ctx.text):
                for client in household:
                    _works_with(ctx, ref.entity, client)


@lru_cache(maxsize=1)
def _works_at_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Name-then-service, service-then-name, the speaker's own service (near it; from the sentence start), an activity."""
    data = patterns()["works_at"]
    roles = "(?:" + "|".join(sorted(map(re.escape, patterns()["work"]["role_nouns"]), key=len, reverse=True)) + ")"
    own = [p.replace("{role}", roles) for p in data["self_cues"]]
    return (re.compile("|".join(data["after_name"]), re.IGNORECASE), re.compile("|".join(data["before_name"]), re.IGNORECASE),
            re.compile("|".join(p for p in own if not p.startswith("^")), re.IGNORECASE),
            re.compile("|".join(p for p in own if p.startswith("^")), re.IGNORECASE), re.compile(data["activity"], re.IGNORECASE))


def _works_at(ctx: Context, professional: str, service: str) -> None:
    held = ctx.index.works_at.setdefault(professional, set())
    if held and service not in held:
        return  # the descriptor names another service; a passing mention does not move anybody
    held.add(service)
    ctx.graph.relate("works-at", professional, service, ctx.evidence(), origin="text")


def _sentence_services(ctx: Context) -> list:
    """The services the sentence names, found once for works-at and engagement."""
    found = ctx.cache.get("services")
    if found is None:
        found = ctx.cache["services"] = services_at(ctx.doc.text, ctx.sentence.start, ctx.sentence.end, ctx.index, ctx.words)
    return list(found)


_ASIDE = re.compile(r"\s*\([^()]{1,60}\)")


def works_at_rule(ctx: Context) -> None:
    if ctx.voice.role in ("interviewer", "unknown"):
        return
    text, base = ctx.text, ctx.sentence.start
    services = _sentence_services(ctx)
    if not services:
        return
    after, before, own, intro, activity = _works_at_res()
    pros = [r for r in ctx.refs if r.kind == "professional" and r.entity]
    for svc in services:
        s = svc.start - base
        if not _fact(ctx, s, svc.end - base) or read(text, s, svc.end - base).ended:
            continue
        for ref in pros:
            r0, r1 = ctx.rel(ref), ctx.rel(ref) + len(ref.mention.text)
            if r1 <= s and after.match(text[r1:s]) and s - r1 < 80:
                _works_at(ctx, ref.entity, svc.entity)
            elif svc.end - base <= r0 and re.fullmatch(r"\s*,?\s*", text[svc.end - base : r0]) and before.search(text[:s]):
                _works_at(ctx, ref.entity, svc.entity)
            elif len({x.entity for x in services}) == 1 and _named(ref) and activity.match(text[r1:]):
                _works_at(ctx, ref.entity, svc.entity)  # "I come to the Hub for Ewan's group"
        said = _ASIDE.sub("", text[:s])  # "I'm a youth worker (young carers project) at ...": the aside is not the role
        if ctx.voice.role == "professional" and ctx.voice.entity and (own.search(said[-100:]) or intro.search(said)):
            _works_at(ctx, ctx.voice.entity, svc.entity)
            _own_title(ctx, text[:s])


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern[str]:
    roles = "|".join(sorted(map(re.escape, patterns()["work"]["role_nouns"]), key=len, reverse=True))
    return re.compile(rf"(?:^(?!I['’]m\b|I am\b)|\bI['’]m\s+|\bI am\s+)(?:a\s+|an\s+|the\s+)?(?P<title>(?:[\w'’-]+\s+){{0,3}}?(?:{roles})(?:\s+(?:{roles}))?)\b", re.IGNORECASE)


def _own_title(ctx: Context, before: str) -> None:
    """A professional's job, said as they introduce themselves, when no descriptor gave it ("I'm a nurse prescriber, also at ...")."""
    entity = ctx.graph.entities[ctx.voice.entity]
    m = _title_re().search(before)
    if m and not entity.get("role_title"):
        start = ctx.sentence.start + m.start("title")
        entity.set("role_title", m.group("title"), ctx.evidence(start, start + len(m.group("title"))))


def _first_person_before(text: str, pos: int) -> bool:
    """The nearest person word before ``pos`` is "I/me/my/we", not he/she or a name."""
    words = re.findall(r"[\w'’]+", text[:pos])
    first = {w.lower() for w in patterns()["engagement"]["first_person"]}
    for word in reversed(words):
        if word.lower() in first or word.lower().replace("’", "'") in first:
            return True
        if word.lower() in ("he", "she", "they", "he's", "she's", "they're", "his", "her", "their") or (word[:1].isupper() and word.lower() not in first and len(word) > 2 and word not in ("At", "And", "So", "But", "Then", "Since", "Before", "Now", "Yeah", "Aye")):
            return False
    return bool(re.search(r"\b(?:I|me|my|we|us)\b", text[pos:], re.IGNORECASE))


def engagement_rule(ctx: Context) -> None:
    voice = ctx.voice
    if voice.role == "researcher" and _family_file(ctx):
        _fieldnote_engagement(ctx)
        return
    if voice.role not in PARTICIPANTS or not voice.entity:
        return
    text, base = ctx.text, ctx.sentence.start
    services = _sentence_services(ctx)
    if not services:
        return
    fragment = len(re.findall(r"[\w'’]+", text)) <= 4 and ctx.position == 0 and cue("engagement", "question_cues").search(ctx.question.text)
    for svc in services:
        s, e = svc.start - base, svc.end - base
        reading = read(text, s, e, generic_turn=ctx.state.generic)
        if not reading.is_fact or not (fragment or _first_person_before(text, s)) or _not_yet(text, s):
            continue
        _engages(ctx, voice.entity, svc.entity, reading.ended)


def _engages(ctx: Context, who: str, service: str, ended: bool) -> None:
    ctx.graph.relate("engages-with", who, service, ctx.evidence(), current=not ended,
                     date=ctx.doc.date if ended else None, origin="text")


def _not_yet(text: str, pos: int) -> bool:
    """Somebody wants the participant to go, or means to: "she keeps on at me to go to Kites"."""
    return bool(cue("engagement", "not_yet").search(text[clause_start(text, pos) : pos]))


def _fieldnote_engagement(ctx: Context) -> None:
    """A researcher's note of a household's use of a service: "Ruth now goes to the parents' group at Brackenridge"."""
    text, base = ctx.text, ctx.sentence.start
    services = _sentence_services(ctx)
    if not services:
        return
    household = _household(ctx)
    for svc in services:
        s, e = svc.start - base, svc.end - base
        reading = read(text, s, e)
        if not reading.is_fact or _not_yet(text, s):
            continue
        before = [r for r in ctx.refs if ctx.rel(r) + len(r.mention.text) <= s and r.kind not in ("first", "service")]
        subject = before[-1] if before else None
        if subject is not None:
            # "her sister goes to X", "told him": only a name or a subject pronoun is who goes
            nominative = _named(subject) or subject.mention.text.lower() in ("he", "she")
            whom = [subject.entity] if subject.kind in PARTICIPANTS and subject.entity and nominative else []
            gap = text[ctx.rel(subject) + len(subject.mention.text) : s]
        elif len(household) > 1 and cue("work", "household_subject").search(text[:s]):
            whom, gap = household, text[:s]
        else:
            continue
        if whom and cue("engagement", "attends").search(gap) and not cue("engagement", "not_subject").search(gap):
            for who in whom:
                _engages(ctx, who, svc.entity, reading.ended)


@lru_cache(maxsize=1)
def _partner_res() -> tuple[list[Screened], list[Screened], list[Screened]]:
    data = patterns()["partner"]
    words = "|".join(sorted(map(re.escape, vocabulary()["partner"]["words"]), key=len, reverse=True))
    name = r"(?P<name>(?-i:[A-Z][a-z]+))"
    owner = r"(?P<owner>(?-i:[A-Z][a-z]+))"

    def build(p: str) -> Screened:
        body = p.replace("{name}", name).replace("{p}", f"(?:{words})").replace("{owner}", owner)
        return screened(guarded(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE), re.IGNORECASE)

    return [build(p) for p in data["patterns"]], [build(p) for p in data["question"]], [build(p) for p in data["coresident"]]


@lru_cache(maxsize=1)
def _any_partner_statement() -> Gate:
    return Gate(_partner_res()[0])


def _set_partner(ctx: Context, who: str, name: str, start: int | None = None) -> None:
    """Name the partner the registry made (``<pid>-partner``), or make one."""
    if ctx.index.kind(who) not in PARTICIPANTS or name in patterns()["new_child"]["not_names"]:
        return
    if _someone_else(ctx, who, name):
        return
    entity = ctx.graph.entities.get(f"{who}-partner") or ctx.graph.add_entity(Entity(f"{who}-partner", "person"))
    if entity.label and entity.label != name:
        return  # a different person from the partner already known: an ex, a friend
    ev = ctx.evidence(start)
    if not entity.label:
        entity.label = name
        entity.evidence.setdefault("label", []).append(ev)
        ctx.index.refresh()
    ctx.graph.relate("partner", who, entity.id, ev, origin="text")


def _someone_else(ctx: Context, who: str, name: str) -> bool:
    """Whether ``name`` is a registry person or child near ``who``: their family, or someone the file lists.

    A namesake in another family (a child called Julie three households away) is not who a partner's name is.
    """
    family = families(ctx.index)
    near = {family.get(who), *(family.get(p) for p in ctx.doc.listed if p in family)} - {None}
    named = [i for i in ctx.index.by_name.get(name, []) if ctx.index.kind(i) in ("parent", "family-member", "professional", "child")]
    return any(i in ctx.doc.listed or family.get(i) in near for i in named)


def _child_names(ctx: Context, parent: str | None) -> set[str]:
    return {(ctx.graph.entities[c].label or "").lower() for c in ctx.index.children_of.get(parent or "", [])}


def partner_rule(ctx: Context) -> None:
    voice, text = ctx.voice, ctx.text
    if voice.role in ("interviewer", "unknown"):
        return
    statements, questions, coresident = _partner_res()
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
