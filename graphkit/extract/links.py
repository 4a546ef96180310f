"""Who works with whom, who works where, who uses which service.

Each rule reads one resolved sentence (walker.Context). The cue words are
data (patterns.toml [work], [works_at], [engagement]); the rules
only say which voice may state which link:

* a parent naming a professional with a worker cue ("Leon. He's my recovery
  worker") -> works-with (professional, parent);
* a professional naming a participant (or a participant's child) with an
  involvement cue nearby ("Rab [DP02] first. I'm his son Kyle's social
  worker"), or the participant an answer about "our participants" is about
  -> works-with (speaker, participant);
* any voice naming a professional and a participant together with a role
  noun or a tie ("Leon has been Wayne's keyworker", "she comes to Beth's
  group"), or a fieldnote of a visit to the household a family file is about
  (its participant, or a listed couple: "Both still see Leon") -> works-with;
* "<professional> from/at/fae <service>", "from the kinship team at <service>",
  a professional's own introduction ("Nurse prescriber, also at <service>")
  or their group at a service ("to <service> for Leon's group") -> works-at;
* a parent's first-person sentence naming a service, or a fieldnote's "she
  now goes to the parents' group at <service>" -> engages-with.
Generic talk, questions, negated and hypothetical sentences give nothing, and
neither does a passage that denies a tie ("never met her", "I've no worker").
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphkit.extract.context import clause_start, negated_before, read
from graphkit.extract.lexicon import compile_phrases
from graphkit.extract.mentions import cue, patterns, people_in, services_at
from graphkit.extract.walker import Context, Ref

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


def _turn_topics(ctx: Context) -> frozenset[str]:
    """Who a professional's answer is about: the first participant it names ("Leanne [SP01] first."), and every
    participant it tags with an ID code, as a transcriber tags study participants."""
    key = (ctx.doc.path, ctx.unit.start)
    if key not in _TOPICS:
        if len(_TOPICS) > 4096:
            _TOPICS.clear()
        found: list[str] = []
        for sentence in ctx.unit.sentences:
            for m in people_in(ctx.doc.text, sentence.start, sentence.end, ctx.index, ctx.doc.listed, sentence.words):
                who = [m.entity] if m.kind in PARTICIPANTS else ctx.parent_for(m.entity) if m.kind == "child" else []
                if who and (not found or m.text == m.entity):
                    found.append(who[0])
        _TOPICS[key] = frozenset(found)
    return _TOPICS[key]


_TOPICS: dict[tuple[str, int], frozenset[str]] = {}


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
            topic = asked and _named(ref) and client in _turn_topics(ctx)
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
    if all(c in household for _, c in clients) and cue("work", "visit_cues").search(ctx.text):
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
