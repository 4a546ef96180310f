"""Fieldnotes: the researcher's first-person prose about a visit or a day.

A change note (``p_change``) is the one place a later arrangement is told:
it is dated after the change, so the extractor must prefer it to the
descriptor (gold marks such children ``temporal: true``).
"""

from __future__ import annotations

import random

from graphkit.sample.model import Copy, Parent, Professional
from graphkit.sample.phrases import cap, fill, pick, section
from graphkit.sample.textkit import (FileSpec, child_slots, header, long_date, parent_slots, prof_slots, ranks,
                                     researcher, who)
from graphkit.sample.descriptors import parent_slots as desc_slots


def _para(sentences: list[str]) -> str:
    return " ".join(s for s in sentences if s)


def _child_fact(rng: random.Random, p: Parent, c, rank: str, day) -> str:  # type: ignore[no-untyped-def]
    """One plain sentence of what the researcher learnt about a child today."""
    arr, kin, contact = c.state_at(day)
    s = child_slots(c, p, rank)
    name = c.name or f"{p.pseudonym}'s {rank} {s['rel']}"
    pos = s["pos"]
    table = {
        "with-parent": [f"{name} is at home with {p.pseudonym} and doing well.", f"{name} lives with {p.pseudonym}; {s['pro']} had a cold this week."],
        "with-father": [f"{name} is still living with {pos} dad, {c.other_parent}.", f"{name} lives with {pos} father ({c.other_parent})."],
        "with-mother": [f"{name} is still living with {pos} mum, {c.other_parent}.", f"{name} lives with {pos} mother ({c.other_parent})."],
        "foster-care": [f"{name} remains in foster care.", f"{name} is still with the foster carers."],
        "kinship-care": [f"{name} is still living with family (kinship care).", f"{name} remains in kinship care."],
        "adopted": [f"{name} was adopted; {p.pseudonym} keeps the letters in a shoebox."],
        "independent": [f"{name} has {pos} own place and popped in while I was there."],
        "unknown": [f"{p.pseudonym} still does not know where {name} is."],
    }
    text = rng.choice(table[arr])
    extra = {"regular-contact": f" {p.pseudonym} sees {s['obj']} regularly, most weekends.",
             "coparenting": f" The co-parenting is going well; {s['pro']} was with {p.pseudonym} at the weekend.",
             "supervised-contact": " The next supervised contact is on Thursday.",
             "indirect-contact": " Contact is by letter only.", "no-contact": " There is no contact."}
    return text + (extra[contact] if contact else "")


def parent_fieldnotes(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    p = copy.person(spec.subject)
    assert isinstance(p, Parent)
    f = section("fieldnotes", "parent")
    slots = parent_slots(p)
    paras = [_para([pick(rng, f["arrive"], slots), pick(rng, f["setting"], slots)])]
    kids = sorted(p.children, key=lambda c: (-c.age, c.uid))
    rk = ranks(kids)
    home = [c for c in kids if c.state_at(spec.date)[0] == "with-parent" and c.name]
    if home and rng.random() < 0.6:
        names = " and ".join(c.name or "" for c in home[:2])
        paras.append(fill(rng.choice(f["kids_present"]), {"names": names, "were": "were" if len(home[:2]) > 1 else "was"}))
    for c in rng.sample(kids, min(len(kids), rng.randint(1, 2))):
        fact = _child_fact(rng, p, c, rk[c.uid], spec.date)
        paras.append(pick(rng, f["talk_child"], {**slots, "C": c.name or f"{p.pseudonym}'s {rk[c.uid]} child", "fact": fact}))
    worker = spec.extra.get("worker")
    if isinstance(worker, str):
        q = copy.person(worker)
        assert isinstance(q, Professional)
        ws = {**slots, **prof_slots(q, copy), "time": rng.choice(["half ten", "eleven", "two o'clock"]), "pos": slots["pos"]}
        if q.service_id:
            paras.append(pick(rng, f["worker_present"] + f["worker_mention"], ws))
        else:  # no study service to name: the worker is placed by role only
            paras.append(fill("{W} ({WID}), the {talk}, called round while I was there; {P} knows {objW} well.", ws))
    if spec.extra.get("listing_service"):
        paras.append(pick(rng, f["listing_visit"], slots))
    paras.append(_para([fill(x, slots) for x in rng.sample(f["general"], 3)]))
    if rng.random() < 0.4:
        paras.append(pick(rng, f["hypothetical"], slots))
    paras.append(pick(rng, f["reflection"], slots))
    ids = "; ".join(x for x in [who(p)] + ([who(copy.person(worker))] if isinstance(worker, str) else []))
    head = header(spec, researcher(p.country, rng), ids, rng.choice([f"{p.pseudonym}'s home, [town]", "[community centre]", "[town] centre"]), rng)
    return "\n".join(head + ["\n\n".join(paras)]) + "\n"


def change_note(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    """The dated note that reports a child's new arrangement."""
    p = copy.person(spec.subject)
    assert isinstance(p, Parent)
    c = next(x for x in p.children if x.uid == spec.extra["child"])
    assert c.later is not None
    f = section("fieldnotes")
    rk = ranks(p.children)
    s = {**parent_slots(p), **desc_slots(p), **child_slots(c, p, rk[c.uid])}
    s["C"] = c.name or f"{p.pseudonym}'s {rk[c.uid]} {s['rel']}"
    s.update({"date_words": long_date(c.later.date), "P_she_cap": "She" if p.sex == "F" else "He",
              "pos": "his" if c.sex == "M" else "her", "contact_words": f["change"]["contact_words"].get(c.later.contact or "", "")})
    if c.later.kin:
        kins = section("descriptors", "kin")[c.later.kin]
        s["kin_phrase"] = pick(rng, kins, s)
    ps = parent_slots(p)  # the visit's other sentences are about the parent, not the child
    paras = [_para([pick(rng, f["parent"]["arrive"], ps), pick(rng, f["parent"]["setting"], ps)]),
             pick(rng, f["change"][c.later.arrangement], s),
             _para([fill(x, ps) for x in rng.sample(f["parent"]["general"], 2)]),
             pick(rng, f["parent"]["reflection"], ps)]
    head = header(spec, researcher(p.country, rng), who(p), f"{p.pseudonym}'s home, [town]", rng)
    return "\n".join(head + ["\n\n".join(paras)]) + "\n"


def service_fieldnotes(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    s = copy.service(spec.subject)
    f = section("fieldnotes", "service")
    paras = [_para([fill(pick(rng, f["arrive"]), {"sname": s.name}), *rng.sample(f["setting"][s.type], 2)])]
    staff = [copy.person(x) for x in spec.extra.get("staff", [])]  # type: ignore[union-attr]
    for q in staff:
        assert isinstance(q, Professional)
        ps = prof_slots(q, copy)
        ps["title"] = ps["title_l"]
        paras.append(_para([pick(rng, f["staff"], ps), pick(rng, f["staff_general"], ps)]))
    seen = spec.extra.get("seen")
    if isinstance(seen, list) and seen:
        pid, wid = seen
        p, q = copy.person(pid), copy.person(wid)
        assert isinstance(p, Parent) and isinstance(q, Professional)
        ps = {**prof_slots(q, copy), "P": p.pseudonym, "PID": p.id, "pos_p": "her" if p.sex == "F" else "his",
              "P_she": "she" if p.sex == "F" else "he"}
        paras.append(pick(rng, f["participant"], ps))
    paras.append(_para([pick(rng, f["meeting"]), pick(rng, f["reflect"])]))
    parts = "; ".join(who(q) for q in staff if isinstance(q, Professional))
    head = header(spec, researcher(s.country, rng), parts or "staff (not individually consented)", f"{s.name} ({s.id}), [town]", rng)
    return "\n".join(head + ["\n\n".join(cap(x) for x in paras)]) + "\n"
