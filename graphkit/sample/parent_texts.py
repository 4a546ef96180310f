"""Interviews with parents and the family interview: speaker turns.

A first interview states every fact of the parent's model (children as they
are on that date, treatment, partner, services, workers) and then runs on
through general talk until it reaches its length; follow-ups restate what
may have changed. Talk from the ``general``/``story`` pools carries no
checkable fact (negations, hypotheticals, fears), on purpose.
"""

from __future__ import annotations

import random

from graphkit.sample.model import Copy, Parent, Professional
from graphkit.sample.phrases import Voice, cap, fill, pick, section
from graphkit.sample.textkit import (FileSpec, age_words, child_slots, header, kin_speech, n_words,
                                     parent_slots, prof_slots, ranks, researcher, who)


class Talk:
    """Accumulates speaker turns; the parent's lines go through their voice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []

    def turn(self, speaker: str, text: str, voice: Voice | None = None) -> None:
        self.lines.append(f"{speaker}: {voice.say(text) if voice else text}")

    def words(self) -> int:
        return sum(n_words(x) for x in self.lines)


def _child_answer(rng: random.Random, p: Parent, c, rank: str, day) -> str:  # type: ignore[no-untyped-def]
    d = section("parent_talk")
    slots = {**parent_slots(p), **child_slots(c, p, rank)}
    arr, kin, contact = c.state_at(day)
    if kin:
        slots["kin_speech"], slots["kin_speech_poss"] = kin_speech(kin, p, rng)
    slots["freq"] = rng.choice(["once a month", "every fortnight", "every week", "twice a month"])
    slots["days"] = rng.choice(["Tuesdays and Thursdays and every other weekend", "half the week", "weekends and a night in the week"])
    key = arr
    if c.age_group == "over-16" and f"{arr}-adult" in d["child"]:
        key = f"{arr}-adult"
    parts = [pick(rng, d["child"][key], slots)]
    if contact:
        parts.append(pick(rng, d["contact"][contact], slots))
    colour = d["child_colour"].get(arr, [])
    if c.age < 4 and arr == "with-parent":
        colour = [x for x in colour if "school" not in x and "2019" not in x and "drawing" not in x]
    parts += [fill(x, slots) for x in _some(rng, colour, rng.randint(1, 2))]
    return " ".join(parts)


def _some(rng: random.Random, options: list[str], k: int) -> list[str]:
    return rng.sample(options, min(k, len(options))) if options else []


def _workers_talk(rng: random.Random, copy: Copy, p: Parent, talk: Talk, voice: Voice) -> None:
    d = section("parent_talk")
    roles = section("roles")
    for wid in p.workers:
        q = copy.person(wid)
        assert isinstance(q, Professional)
        talk_word = rng.choice(roles[q.role_key]["talk"]).removeprefix("my ").removeprefix("the ")
        slots = {**prof_slots(q, copy), "talk": talk_word}
        talk.turn("INT", pick(rng, d["worker"]["q"], slots))
        intro = pick(rng, d["worker"]["intro" if q.service_id else "no_service"], slots)
        talk.turn(p.pseudonym, intro + " " + " ".join(fill(x, slots) for x in _some(rng, d["worker"]["opinion"], 2)), voice)


def _services_talk(rng: random.Random, copy: Copy, p: Parent, talk: Talk, voice: Voice) -> None:
    d = section("parent_talk", "services")
    for sid, source in p.engagement[1:]:
        s = copy.service(sid)
        slots = {"sname": s.name}
        if source == "listing":
            text = pick(rng, d["listing_only"])  # named only by the data listing
        elif p.role == "family-member":
            text = pick(rng, d["fm"], slots)
        else:
            key = {"child-protection": "cp", "family-support": "fs", "pregnancy-support": "preg"}[s.type]
            if key == "cp":
                talk.turn("INT", pick(rng, d["cp_q"]))
            text = pick(rng, d[key], slots)
        talk.turn(p.pseudonym, text, voice)


def _general(rng: random.Random, p: Parent, talk: Talk, voice: Voice, target: int) -> None:
    """General talk and anecdotes until the interview reaches ``target`` words."""
    g = section("parent_talk", "general")
    st = section("parent_talk", "story")
    slots = parent_slots(p)
    topics = list(g["topics"])
    rng.shuffle(topics)
    used: set[str] = set()
    while talk.words() < target:
        if topics and rng.random() < 0.6:
            topic = topics.pop()
            talk.turn("INT", pick(rng, g[f"{topic}_q"]))
            answer = [fill(x, slots) for x in _some(rng, g[topic], rng.randint(2, 4))]
        else:
            talk.turn("INT", pick(rng, st["q"] + g["probe"]))
            answer = []
            for _ in range(rng.randint(1, 2)):
                story = f"{pick(rng, st['when'])} {pick(rng, st['event'])}, {pick(rng, st['next'])}. {pick(rng, st['feeling'])}"
                if story not in used:
                    used.add(story)
                    answer.append(story)
            answer += _some(rng, st["daily"], rng.randint(0, 2))
            if rng.random() < 0.3:
                answer.append(pick(rng, g["reflect"]))
        talk.turn(p.pseudonym, " ".join(answer), voice)


def _family_turns(rng: random.Random, p: Parent, talk: Talk, voice: Voice, day, speaker: str | None = None) -> None:  # type: ignore[no-untyped-def]
    d = section("parent_talk")
    speaker = speaker or p.pseudonym
    kids = sorted(p.children, key=lambda c: (-c.age, -(c.months or 0), c.uid))
    rk = ranks(kids)
    talk.turn("INT", pick(rng, d["family"]["q"]))
    if not kids:
        talk.turn(speaker, pick(rng, d["family"]["none_pregnant"], {"weeks": p.weeks_pregnant or 20}), voice)
        return
    items = [pick(rng, d["family"]["list_item"], child_slots(c, p, rk[c.uid])) for c in kids]
    listing = ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]
    talk.turn(speaker, pick(rng, d["family"]["count"], {"n_words": age_words(len(kids)), "N_words": cap(age_words(len(kids))), "list": cap(listing)}) + " " + cap(listing) + ".", voice)
    for c in kids:
        s = child_slots(c, p, rk[c.uid])
        talk.turn("INT", pick(rng, d["child"]["q_named" if c.name else "q_unnamed"], s))
        talk.turn(speaker, _child_answer(rng, p, c, rk[c.uid], day), voice)
        if rng.random() < 0.4:
            talk.turn("INT", pick(rng, d["general"]["probe"]))
            talk.turn(speaker, pick(rng, d["general"]["reflect"]), voice)


def _treatment_turns(rng: random.Random, copy: Copy, p: Parent, talk: Talk, voice: Voice) -> None:
    d = section("parent_talk", "treatment")
    t = p.treatment
    assert t is not None
    s = copy.service(p.engagement[0][0])
    slots = {**parent_slots(p), "dose": t.dose, "years_words": f"{age_words(t.years)} year", "sname": s.name,
             "sshort": s.name.split()[0]}
    talk.turn("INT", pick(rng, d["q"]))
    talk.turn(p.pseudonym, " ".join([pick(rng, d["current"][t.brand or t.drug], slots), pick(rng, d["service"], slots),
                                     *_some(rng, d["history"], 2)]), voice)
    talk.turn("INT", pick(rng, section("parent_talk", "general", "probe")))
    talk.turn(p.pseudonym, " ".join([*_some(rng, d["pickup"], 2), *(fill(x, slots) for x in _some(rng, d["feelings"], 2))]), voice)


def _partner_turns(rng: random.Random, p: Parent, talk: Talk, voice: Voice) -> None:
    d = section("parent_talk", "partner")
    slots = parent_slots(p)
    if p.household == "single":
        talk.turn("INT", pick(rng, d["single_q"]))
        talk.turn(p.pseudonym, pick(rng, d["single" if p.sex == "F" else "single_m"]), voice)
        return
    talk.turn("INT", pick(rng, d["q"], slots))
    text = pick(rng, d["yes" if p.partner_in_treatment else "no"], slots)
    if p.sex == "M":
        text = text.replace(" He ", " She ").replace("He's", "She's").replace(" he ", " she ")
    talk.turn(p.pseudonym, text, voice)


def parent_interview(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    p = copy.person(spec.subject)
    assert isinstance(p, Parent)
    d = section("parent_talk")
    voice = Voice(p.country, rng)
    talk = Talk(rng)
    slots = {**parent_slots(p), "age_words": age_words(p.age), "pyears": age_words(rng.randint(2, 9)),
             "nights": rng.choice(["at the weekends", "three nights a week", "Thursday to Sunday"])}
    slots["age_comment"] = pick(rng, d["open"]["age_comment"])
    slots["age_comment_cap"] = cap(str(slots["age_comment"]))
    home = [c for c in p.children if c.state_at(spec.date)[0] == "with-parent"]
    slots["home_names"] = " and ".join(c.name or "the wee one" for c in home)
    key = {"single": "home_kids" if home else "home_alone", "cohabiting": "home_couple_kids" if home else "home_couple",
           "part-time-cohabiting": "home_part"}[p.household]
    talk.turn("INT", pick(rng, d["open"]["q"], slots))
    talk.turn(p.pseudonym, " ".join([pick(rng, d["open"]["age"], slots), pick(rng, d["open"][key], slots),
                                     *_some(rng, d["open"]["background"], 2)]), voice)
    _family_turns(rng, p, talk, voice, spec.date)
    if "pregnant" in p.flags:
        talk.turn("INT", pick(rng, d["pregnancy"]["q"]))
        answer = [fill(x, {"weeks": p.weeks_pregnant}) for x in _some(rng, d["pregnancy"]["a"], 4)]
        talk.turn(p.pseudonym, " ".join(answer), voice)
    _treatment_turns(rng, copy, p, talk, voice)
    _partner_turns(rng, p, talk, voice)
    _services_talk(rng, copy, p, talk, voice)
    _workers_talk(rng, copy, p, talk, voice)
    _general(rng, p, talk, voice, int(spec.extra.get("words", 2400)))
    talk.turn("INT", pick(rng, d["close"]["q"]))
    talk.turn(p.pseudonym, pick(rng, d["close"]["a"]), voice)
    talk.turn("INT", pick(rng, d["close"]["thanks"], slots))
    location = rng.choice([f"{p.pseudonym}'s house, [town]", "interview room, [community centre], [town]",
                           f"{p.pseudonym}'s flat, [area]", "a café in [town]", "video call"])
    head = header(spec, researcher(p.country, rng), who(p), location, rng)
    return "\n".join(head + talk.lines) + "\n"


def followup_interview(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    """A later interview: the children as they are on this date, then talk."""
    p = copy.person(spec.subject)
    assert isinstance(p, Parent)
    d = section("parent_talk")
    voice = Voice(p.country, rng)
    talk = Talk(rng)
    talk.turn("INT", pick(rng, d["followup"]["q"]))
    talk.turn(p.pseudonym, pick(rng, d["followup"]["same"]) + " " + " ".join(_some(rng, d["story"]["daily"], 2)), voice)
    _family_turns(rng, p, talk, voice, spec.date)
    if p.treatment and rng.random() < 0.7:
        _treatment_turns(rng, copy, p, talk, voice)
    _general(rng, p, talk, voice, int(spec.extra.get("words", 2100)))
    talk.turn("INT", pick(rng, d["close"]["thanks"], parent_slots(p)))
    head = header(spec, researcher(p.country, rng), who(p), rng.choice([f"{p.pseudonym}'s house, [town]", "video call", "[community centre]"]), rng)
    return "\n".join(head + talk.lines) + "\n"


def family_interview(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    """The joint interview with the family member and her partner."""
    fm = copy.person(spec.subject)
    assert isinstance(fm, Parent) and fm.partner_id
    partner = copy.person(fm.partner_id)
    assert isinstance(partner, Parent)
    d = section("parent_talk")
    v_fm, v_p = Voice(fm.country, rng), Voice(partner.country, rng)
    talk = Talk(rng)
    talk.turn("INT", f"Thanks, both of you. {fm.pseudonym}, could you say who you are, for the recording?")
    talk.turn(fm.pseudonym, f"I'm {fm.pseudonym}, I'm {partner.pseudonym}'s partner. I'm {age_words(fm.age)}. "
              f"We live together, me and {partner.pseudonym} and the kids. I'm not on anything myself, never have been.", v_fm)
    talk.turn(partner.pseudonym, f"She's the sensible one. I'm the one on the script.", v_p)
    _family_turns(rng, fm, talk, v_fm, spec.date)
    own = [c for c in partner.children if fm.id not in c.parents]
    if own:
        talk.turn("INT", f"{partner.pseudonym}, you've got {'a child' if len(own) == 1 else 'children'} from before as well?")
        rk = ranks(partner.children)
        talk.turn(partner.pseudonym, " ".join(_child_answer(rng, partner, c, rk[c.uid], spec.date) for c in own), v_p)
    _services_talk(rng, copy, fm, talk, v_fm)
    _workers_talk(rng, copy, fm, talk, v_fm)
    _general(rng, fm, talk, v_fm, int(spec.extra.get("words", 2300)))
    talk.turn("INT", "Thank you both.")
    head = header(spec, researcher(fm.country, rng), f"{who(partner)}; {who(fm)}", "their house, [town]", rng)
    return "\n".join(head + talk.lines) + "\n"
