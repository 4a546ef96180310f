"""Interviews, focus groups and workday debriefs with professionals.

The only facts here are a professional's role and service (stated in their
own introduction) and the parents they work with (named with their ID code).
Everything else is about families in general and must not become a fact.
"""

from __future__ import annotations

import random

from graphkit.sample.model import Copy, Parent, Professional
from graphkit.sample.phrases import fill, pick, section
from graphkit.sample.textkit import FileSpec, age_words, header, prof_slots, researcher, who
from graphkit.sample.parent_texts import Talk


def _intro_slots(rng: random.Random, q: Professional, copy: Copy) -> dict[str, object]:
    years = rng.randint(1, 22)
    s = prof_slots(q, copy)
    s.update({"years_words": f"{age_words(years)} year{'s' if years > 1 else ''}",
              "years_cap": f"{age_words(years).capitalize()} year{'s' if years > 1 else ''}",
              "area_words": rng.choice(["the east of the city", "two practices", "the whole area", "the north patch"])})
    return s


def _clients(copy: Copy, q: Professional) -> list[Parent]:
    return [p for p in copy.parents if q.id in p.workers]


def _about_parent(rng: random.Random, q: Professional, p: Parent, key: str) -> tuple[str, str]:
    d = section("prof_talk", "participant")
    she = p.sex == "F"
    slots = {"P": p.pseudonym, "PID": p.id, "p_obj": "her" if she else "him", "p_she": "she" if she else "he",
             "p_pos": "her" if she else "his", "P_she_cap": "She" if she else "He",
             "year": rng.randint(2016, 2021), "months": rng.randint(3, 30),
             "talk": section("roles", q.role_key)["talk"][0].replace("my ", "").replace("the ", "")}
    return pick(rng, d["q"]), " ".join([pick(rng, d[key], slots), *(fill(x, slots) for x in rng.sample(d["colour"], 2))])


def _general_answer(rng: random.Random, service_type: str, used: set[str]) -> str:
    g = section("prof_talk")
    pool = g["general"]["a"] + g["type_talk"][service_type]
    fresh = [x for x in pool if x not in used]
    out = []
    for x in rng.sample(fresh, min(len(fresh), rng.randint(1, 3))):
        used.add(x)
        opener = pick(rng, g["story"]["opener"])
        keep = x.split(" ", 1)[0] in ("I", "I'm", "I've", "I'd", "Buvidal", "Covid") or not opener
        out.append(opener + (x if keep else x[:1].lower() + x[1:]))
    if rng.random() < 0.55 or not out:
        st = g["story"]
        out.append(f"There was {pick(rng, st['who'])} {pick(rng, st['when'])} {pick(rng, st['event'])}, {pick(rng, st['outcome'])}")
    tail = pick(rng, g["story"]["tail"])
    return " ".join(out + ([tail] if tail else []))


def _service_type(q: Professional, copy: Copy) -> str:
    return copy.service(q.service_id).type if q.service_id else "none"


def prof_interview(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    q = copy.person(spec.subject)
    assert isinstance(q, Professional)
    d = section("prof_talk")
    slots = _intro_slots(rng, q, copy)
    talk = Talk(rng)
    talk.turn("INT", pick(rng, d["intro"]["q"]))
    talk.turn(q.pseudonym, pick(rng, d["intro"]["with_service" if q.service_id else "no_service"], slots))
    talk.turn("INT", pick(rng, d["caseload"]["q"]))
    talk.turn(q.pseudonym, " ".join(fill(x, {"n": rng.choice([15, 20, 28, 35, 40])}) for x in rng.sample(d["caseload"]["a"], 2)))
    stype = _service_type(q, copy)
    used: set[str] = set()
    clients = _clients(copy, q)
    questions = list(d["general"]["q"])
    rng.shuffle(questions)
    target = int(spec.extra.get("words", 2300))
    i = 0
    while talk.words() < target or i < 4:
        if clients and (i % 4 == 1):
            question, answer = _about_parent(rng, q, clients.pop(0), "intro")
        else:
            question = questions[i % len(questions)] if i < len(questions) else pick(rng, d["story"]["q"] + d["general"]["probe"])
            answer = _general_answer(rng, stype, used)
        talk.turn("INT", question)
        talk.turn(q.pseudonym, answer)
        i += 1
    for p in clients:  # every working relation is told at least once
        question, answer = _about_parent(rng, q, p, "intro")
        talk.turn("INT", question)
        talk.turn(q.pseudonym, answer)
    talk.turn("INT", f"Thank you, {q.pseudonym}.")
    loc = f"{copy.service(q.service_id).name} ({q.service_id}), [town]" if q.service_id and not q.service_in_text_only else rng.choice(["video call", "[office], [town]"])
    head = header(spec, researcher(q.country, rng), who(q), loc, rng)
    return "\n".join(head + talk.lines) + "\n"


def focus_group(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    members = [copy.person(x) for x in spec.extra["members"]]  # type: ignore[union-attr]
    d = section("prof_talk")
    talk = Talk(rng)
    talk.turn("INT", pick(rng, d["focus"]["opening"]))
    for q in members:
        assert isinstance(q, Professional)
        s = _intro_slots(rng, q, copy)
        talk.turn(q.pseudonym, pick(rng, d["intro"]["fg_intro" if q.service_id else "fg_intro_none"], s))
    used: set[str] = set()
    topics = list(d["focus"]["topics"])
    rng.shuffle(topics)
    target = int(spec.extra.get("words", 2200))
    mentioned: set[str] = set()
    for topic in topics:
        talk.turn("INT", topic)
        for q in rng.sample(members, min(len(members), rng.randint(2, 4))):
            assert isinstance(q, Professional)
            clients = [p for p in _clients(copy, q) if p.id not in mentioned]
            if clients and rng.random() < 0.25:
                mentioned.add(clients[0].id)
                talk.turn(q.pseudonym, _about_parent(rng, q, clients[0], "intro")[1])
            else:
                talk.turn(q.pseudonym, _general_answer(rng, _service_type(q, copy), used))
        if talk.words() >= target:
            break
    talk.turn("INT", "If you could change one thing?")
    for q in members:
        talk.turn(q.pseudonym, pick(rng, d["focus"]["change"]))
    talk.turn("INT", pick(rng, d["focus"]["close"]))
    host = copy.service(spec.subject)
    head = header(spec, researcher(host.country, rng), "; ".join(who(q) for q in members),
                  f"{host.name} ({host.id}), [town]", rng)
    return "\n".join(head + talk.lines) + "\n"


def workday_debrief(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    q = copy.person(spec.subject)
    assert isinstance(q, Professional)
    d = section("prof_talk", "debrief")
    talk = Talk(rng)
    talk.turn("INT", pick(rng, d["q_start"]))
    talk.turn(q.pseudonym, " ".join(rng.sample(d["morning"], 2)))
    used: set[str] = set()
    talk.turn("INT", "Anyone in particular?")
    talk.turn(q.pseudonym, _general_answer(rng, _service_type(q, copy), used))
    talk.turn("INT", "And the afternoon?")
    after = rng.sample(d["afternoon"], 2)
    clients = _clients(copy, q)
    if clients:
        p = rng.choice(clients)
        she = p.sex == "F"
        s = {"P": p.pseudonym, "PID": p.id, "p_pos": "her" if she else "his", "p_obj": "her" if she else "him",
             "P_she_cap": "She" if she else "He"}
        s["colour"] = pick(rng, d["colour"], s)
        after.append(pick(rng, d["participant"], s))
    talk.turn(q.pseudonym, " ".join(after))
    for question in rng.sample(d["q"], len(d["q"])):
        talk.turn("INT", question)
        key = {"Anything that frustrated you today?": "frustration", "Anything that went well?": "good",
               "How do you feel now?": "feel"}.get(question)
        talk.turn(q.pseudonym, pick(rng, d[key]) if key else _general_answer(rng, _service_type(q, copy), used))
    while talk.words() < int(spec.extra.get("words", 900)):
        talk.turn("INT", pick(rng, section("prof_talk", "general", "probe")))
        talk.turn(q.pseudonym, _general_answer(rng, _service_type(q, copy), used))
    talk.turn("INT", f"Thanks, {q.pseudonym}.")
    head = header(spec, researcher(q.country, rng), who(q), rng.choice(["staff room, [town]", "car park, [town]", "phone call"]), rng)
    return "\n".join(head + talk.lines) + "\n"
