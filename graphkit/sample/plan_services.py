"""Services, professionals, and who engages with / works with whom."""

from __future__ import annotations

import random
from collections import Counter

from graphkit.sample.model import Copy, Parent, Professional, Service
from graphkit.sample.names import NamePool
from graphkit.sample.phrases import load

#: share of female professionals by role (the rest are men); women's workers are women
_FEMALE = {"hospital_midwife": 0.95, "community_midwife": 0.95, "health_visitor": 0.95,
           "womens_worker": 1.0, "family_support_worker": 0.8, "kinship_worker": 0.75}


def make_services(rng: random.Random, prefix: str, names: NamePool) -> list[Service]:
    defs = list(load("services")["service"])
    rng.shuffle(defs)
    out = []
    for i, d in enumerate(defs, 1):
        place = names.place(d["country"])
        name = rng.choice(d["names"]).format(place=place)
        out.append(Service(f"{prefix}S{i:02d}", d["key"], name, d["country"], d["sector"], d["type"],
                           rng.choice(d["descriptors"])))
    return out


def make_professionals(rng: random.Random, prefix: str, services: list[Service],
                       names: NamePool) -> list[Professional]:
    data = load("services")
    roles = load("roles")
    by_key = {s.key: s for s in services}
    slots: list[tuple[str, str, str]] = []
    for country, skey, role, n in data["allocation"]:
        slots += [(country, skey, role)] * n
    rng.shuffle(slots)
    out = []
    for i, (country, skey, role) in enumerate(slots, 1):
        r = roles[role]
        sex = "F" if rng.random() < _FEMALE.get(role, 0.6) else "M"
        svc = by_key.get(skey)
        out.append(Professional(
            id=f"{prefix}PR{i:03d}", pseudonym=names.participant(sex), sex=sex, role_key=role,
            title=rng.choice(r["titles"]), team=rng.choice(r["teams"]),
            service_id=svc.id if svc else None, country=country,
            employer=svc.sector if svc else r.get("employer", "other"),
        ))
    with_service = [p for p in out if p.service_id]
    for p in rng.sample(with_service, data["service_in_text_only"]):
        p.service_in_text_only = True
    return out


def _has(p: Parent, arrangements: set[str], group: str = "0-16") -> bool:
    for c in p.children:
        states = {c.arrangement} | ({c.later.arrangement} if c.later else set())
        if c.age_group == group and states & arrangements:
            return True
    return False


def plan_engagement(rng: random.Random, copy: Copy) -> None:
    """Decide each parent's services (with the source that states it) and workers."""
    svc = {(s.key): s for s in copy.services}
    load_: Counter[str] = Counter()
    listing_left = 2  # a couple of engagements only the data listing records
    for p in copy.parents:
        c = "e" if p.country == "England" else "s"
        eng: list[tuple[str, str]] = []
        if p.role == "family-member":
            eng.append((svc[f"{c}_ts_dt"].id, "text"))
        else:
            dt_key = rng.choice([f"{c}_nhs_dt", f"{c}_ts_dt"])
            eng.append((svc[dt_key].id, "descriptor" if rng.random() < 0.85 else "text"))
        if _has(p, {"foster-care", "kinship-care", "adopted"}):
            eng.append((svc[f"{c}_la_cp"].id, "text"))
        if c == "e" and "pregnant" in p.flags:
            eng.append((svc["e_nhs_preg"].id, "descriptor"))
            eng.append((svc["e_la_preg"].id, "text"))
        elif c == "e" and "first_time" in p.flags:
            eng.append((svc["e_nhs_preg"].id, "text"))
        if rng.random() < 0.5:
            eng.append((svc[f"{c}_ts_fs"].id, "descriptor" if rng.random() < 0.3 else "text"))
        elif listing_left and p.role != "family-member":
            eng.append((svc[f"{c}_ts_fs"].id, "listing"))
            listing_left -= 1
        p.engagement = eng
        p.workers = _workers(rng, copy, p, load_)


def _workers(rng: random.Random, copy: Copy, p: Parent, load_: Counter[str]) -> list[str]:
    chosen: list[str] = []

    def take(service_id: str | None, roles: list[str]) -> None:
        pool = [q for q in copy.professionals if q.service_id == service_id and q.role_key in roles
                and q.country == p.country and q.id not in chosen]
        if pool:
            # least-loaded first so that the caseloads spread over many workers
            pool.sort(key=lambda q: (load_[q.id], rng.random()))
            chosen.append(pool[0].id)
            load_[pool[0].id] += 1

    for sid, source in p.engagement:
        if source == "listing":
            continue
        s = copy.service(sid)
        if s.type == "drug-treatment":
            if p.role == "family-member":
                take(sid, ["afm_worker"])
            elif s.sector == "NHS":
                take(sid, ["addiction_nurse"])
                if "pregnant" in p.flags or rng.random() < 0.35:
                    take(sid, ["addiction_psychiatrist", "addiction_psychologist"])
            else:
                take(sid, ["womens_worker"] if p.sex == "F" else ["cj_drug_worker"])
        elif s.type == "child-protection":
            take(sid, ["cf_social_worker"])
            if _has(p, {"kinship-care"}):
                take(sid, ["kinship_worker"])
        elif s.type == "family-support":
            take(sid, ["family_support_worker"])
            if any(10 <= c.age <= 17 for c in p.children) and rng.random() < 0.5:
                take(sid, ["youth_worker"])
        elif s.type == "pregnancy-support":
            take(sid, ["hospital_midwife", "community_midwife", "cf_social_worker"])
    if any(c.age < 5 and c.arrangement == "with-parent" for c in p.children) or "pregnant" in p.flags:
        take(None, ["health_visitor", "community_midwife"])
    if rng.random() < 0.3:
        take(None, ["gp", "pharmacist"])
    return chosen
