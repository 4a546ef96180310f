"""participants.csv and services.csv descriptors: researchers' free prose.

Each fact of the population model is stated exactly once per descriptor, in
one of many wordings from ``data/descriptors.toml``; the order of the parts
varies too. The descriptor always states the arrangement at recruitment (a
later change is only in a dated text).
"""

from __future__ import annotations

import random

from graphkit.sample.model import Child, Copy, Parent, Professional
from graphkit.sample.phrases import cap, fill, pick, section

_NUM = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_DECADE = {2: "twenties", 3: "thirties", 4: "forties", 5: "fifties", 6: "sixties"}


def words(n: int) -> str:
    return _NUM[n] if 0 <= n < len(_NUM) else str(n)


def band(age: int) -> tuple[str, str, str]:
    """('30s', 'thirties', 'early 30s') for an age."""
    d = age // 10
    part = "early" if age % 10 < 4 else ("mid" if age % 10 < 7 else "late")
    return f"{d}0s", _DECADE.get(d, f"{d}0s"), f"{part}{'-' if part == 'mid' else ' '}{d}0s"


def parent_slots(p: Parent) -> dict[str, object]:
    b, bw, bf = band(p.age)
    she = p.sex == "F"
    partner_male = p.sex == "F"
    return {
        "P": p.pseudonym, "P_obj": "her" if she else "him", "Role": "Mother" if she else "Father",
        "role": "mother" if she else "father", "Woman": "Woman" if she else "Man",
        "woman": "woman" if she else "man", "her": "her" if she else "his", "Her": "Her" if she else "His",
        "she": "she" if she else "he", "She": "She" if she else "He",
        "herself": "herself" if she else "himself", "mum": "mum" if she else "dad",
        "country": p.country, "country_adj": "Scottish" if p.country == "Scotland" else "English",
        "band": b, "band_words": bw, "band_fine": bf, "age": p.age, "pname": p.partner_name or "",
        "partner_he": "he" if partner_male else "she", "pword": "boyfriend" if partner_male else "girlfriend",
        "granny": "granny" if she else "grandad", "grand_word": "grandmother" if she else "grandfather",
        "grand_cap": "Grandmother" if she else "Grandfather",
    }


def child_slots(c: Child, p: Parent, rank: str, abbr: str, since: int | None = None) -> dict[str, object]:
    boy = c.sex == "M"
    if c.months is not None:
        a, a_num = f"{c.months} months", f"{c.months} months"
    elif c.age_group == "over-16" and c.age >= 20 and c.age % 3 == 0:
        a, a_num = f"in {'his' if boy else 'her'} {_DECADE.get(c.age // 10, 'twenties')}", str(c.age)
    elif c.age_group == "over-16" and c.age % 3 == 1:
        a, a_num = "adult", str(c.age)
    else:
        a, a_num = str(c.age), str(c.age)
    return {
        "C": c.name or "", "rel": "son" if boy else "daughter", "boy": "boy" if boy else "girl",
        "pro": "he" if boy else "she", "obj": "him" if boy else "her", "pos": "his" if boy else "her",
        "a": a, "a_num": a_num, "ord": rank, "abbr": abbr, "other": c.other_parent or "",
        "since": since if since is not None else (c.since or 2021), "kin_has": "have" if (c.kin or "").endswith("s") else "has",
    }


def _child_clause(rng: random.Random, c: Child, p: Parent, base: dict[str, object],
                  rank: str, abbr: str) -> str:
    d = section("descriptors")
    slots = {**base, **child_slots(c, p, rank, abbr)}
    if abbr and c.name:  # a named child keeps its name beside the abbreviation
        label = pick(rng, [v for v in d["child_label"]["abbrev"] if "{C}" in v], slots)
    elif abbr and not c.name:
        label = pick(rng, [v for v in d["child_label"]["abbrev"] if "{C}" not in v], slots)
    elif c.name:
        label = pick(rng, d["child_label"]["named"], slots)
    else:
        label = pick(rng, d["child_label"]["unnamed"], slots)
    arr = c.arrangement
    key = arr
    if c.age_group == "over-16" and f"{arr}-adult" in d["arrangement"]:
        key = f"{arr}-adult"
    elif arr == "with-parent" and p.household != "single" and p.partner_name and rng.random() < 0.5:
        key = "with-parent-couple"
    if c.kin:
        slots["kin_phrase"] = pick(rng, d["kin"][c.kin], slots)
    slots["freq"] = pick(rng, d["contact"]["freq"])
    slots["days"] = pick(rng, d["contact"]["days"])
    where = pick(rng, d["arrangement"][key], slots)
    glue = " " if label.endswith((")", ",")) else ", "
    text = f"{label}{glue}{where}"
    if c.contact:
        text += ", " + pick(rng, d["contact"][c.contact], slots)
    if c.note in ("shared", "previous-relationship"):
        text += " " + pick(rng, d["child_note"][_note_key(c, p)], slots)
    return text


def _note_key(c: Child, p: Parent) -> str:
    if c.note == "previous-relationship":
        return "previous"
    return "shared_fm" if p.role == "family-member" else "shared_parent"


def _children_block(rng: random.Random, p: Parent, base: dict[str, object]) -> str:
    d = section("descriptors", "children")
    kids = sorted(p.children, key=lambda c: (-c.age, -(c.months or 0), c.uid))
    if not kids:
        return ""
    abbreviate = rng.random() < 0.2
    counts = {"M": 0, "F": 0}
    clauses = []
    for i, c in enumerate(kids):
        counts[c.sex] += 1
        rank = "eldest" if i == 0 else ("youngest" if i == len(kids) - 1 else ("second" if i == 1 else "third"))
        abbr = (f"DS{counts['M']}" if c.sex == "M" else f"DD{counts['F']}") if abbreviate else ""
        clauses.append(_child_clause(rng, c, p, {**base, **_partner_ids(p)}, rank, abbr))
    slots = {**base, "N_words": cap(words(len(kids))), "n_words": words(len(kids)),
             "rel": "son" if kids[0].sex == "M" else "daughter"}
    intro = pick(rng, d["intro_one"] if len(kids) == 1 else d["intro"], slots)
    sep = rng.choice(d["sep"][:3])
    if sep.startswith("."):
        clauses = [cap(x) for x in clauses]
    body = sep.join(clauses)
    return f"{intro} {body}."


def _partner_ids(p: Parent) -> dict[str, object]:
    return {"partner_id": p.partner_id or "", "pname": p.partner_name or ""}


def parent_descriptor(rng: random.Random, p: Parent, copy: Copy) -> str:
    d = section("descriptors")
    base = parent_slots(p)
    pit = p.partner_in_treatment
    part = d["partner"]
    base.update({
        "pit_long": pick(rng, part["yes_long" if pit else "no_long"]),
        "pit_short": pick(rng, part["yes_short" if pit else "no_short"]),
        "pit_verb": pick(rng, part["yes_verb" if pit else "no_verb"]),
        "nights": pick(rng, part["nights"]), "pyears": words(rng.randint(2, 9)),
    })
    if p.role == "family-member":
        return _family_member(rng, p, copy, base)
    parts: list[str] = [pick(rng, d["opening"]["plain"], base)]
    at_home = any(c.arrangement == "with-parent" for c in p.children)
    hh = {"single": "single_kids" if at_home else "single_alone", "cohabiting": "cohabiting",
          "part-time-cohabiting": "part_time"}[p.household]
    middle = [pick(rng, d["household"][hh], base)]
    if p.stepchildren:
        n = p.stepchildren
        middle.append(pick(rng, d["stepchildren"]["text"], {**base, "kids": f"{words(n)} children" if n > 1 else "child", "n_s": "ren" if n > 1 else "",
                                                           "n_verb": "" if n > 1 else "s"}))
    middle.append(_treatment(rng, p, copy, base))
    for sid, source in p.engagement:
        s = copy.service(sid)
        if source == "descriptor" and s.type in ("family-support", "pregnancy-support"):
            key = "family_support" if s.type == "family-support" else "pregnancy"
            middle.append(pick(rng, d["family"][key], {"sname": s.name, "sid": s.id}))
    rng.shuffle(middle)
    parts += middle
    if "pregnant" in p.flags:
        parts.append(pick(rng, d["pregnant"]["text"], {**base, "weeks": p.weeks_pregnant}))
    elif "first_time" in p.flags:
        parts.append(pick(rng, d["first_time"]["text"], {**base, "year": 2021 if p.children[0].months else 2020}))
    if p.grandchildren:
        n = p.grandchildren
        parts.append(pick(rng, d["grandparent"]["text"], {**base, "n_words": words(n), "n_s": "ren" if n > 1 else ""}))
    kids = _children_block(rng, p, base)
    if kids:
        parts.insert(len(parts) - (1 if p.grandchildren and rng.random() < 0.5 else 0), kids)
    return " ".join(x for x in parts if x)


def _treatment(rng: random.Random, p: Parent, copy: Copy, base: dict[str, object]) -> str:
    d = section("descriptors", "treatment")
    t = p.treatment
    assert t is not None
    drug = pick(rng, d[t.brand or t.drug], {"dose": t.dose})
    dt_sid, source = p.engagement[0]
    s = copy.service(dt_sid)
    slots = {"drug": drug, "sname": s.name, "sid": s.id, "years": t.years,
             "years_words": f"{words(t.years)} year{'s' if t.years > 1 else ''}"}
    return pick(rng, d["with_service" if source == "descriptor" else "without_service"], slots)


def _family_member(rng: random.Random, p: Parent, copy: Copy, base: dict[str, object]) -> str:
    partner = copy.person(p.partner_id or "")
    assert isinstance(partner, Parent) and partner.treatment is not None
    intro = rng.choice([
        "Family member: partner of {pname} ({pid}), {country}, {band}.",
        "Family member ({band}, {country}); lives with her partner {pname} ({pid}).",
        "{pname}'s ({pid}) partner; family member, {country}, in her {band_words}.",
    ])
    treat = rng.choice([
        "Cohabiting. Not in drug treatment herself and does not use; {pname} is on {drug}.",
        "They live together (cohabiting); she is not in treatment, he is on {drug}.",
        "Not a drug user and not in treatment; her partner {pname} is in treatment ({drug}).",
    ])
    slots = {**base, "pid": partner.id, "drug": partner.treatment.brand or partner.treatment.drug}
    return " ".join([fill(intro, slots), fill(treat, slots), _children_block(rng, p, base)])


def professional_descriptor(rng: random.Random, q: Professional, copy: Copy) -> str:
    d = section("descriptors")
    w = d["words"]
    slots: dict[str, object] = {"Title": q.title, "title": q.title[:1].lower() + q.title[1:] if q.title[:2] != "GP" else q.title,
                                "team": q.team, "country": q.country, "year": rng.randint(2004, 2020),
                                "n": rng.choice([12, 18, 25, 30, 35, 40, 45])}
    if q.service_id:
        s = copy.service(q.service_id)
        slots.update({"sname": s.name, "sid": s.id, "sector_words": w["sector"][s.sector], "type_words": w["type"][s.type]})
        key = "service_in_text" if q.service_in_text_only else "with_service"
    else:
        slots["employer_words"] = w["employer"].get(q.employer, q.employer)
        key = "no_service"
    text = pick(rng, d["professional"][key], slots)
    extra = pick(rng, d["professional"]["extra"], slots)
    return f"{text} {extra}".strip()
