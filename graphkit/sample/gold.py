"""gold.json: the truth about one generated collection (GOLD-SCHEMA.md).

Gold holds the LATEST state of every child (a later dated text wins, marked
``temporal: true``). The changes are paired so that the latest state gives
the same profile counts as the descriptors, which hold the state at
recruitment; see population.toml.
"""

from __future__ import annotations

from typing import Any

from graphkit.sample.model import Copy


def copy_gold(copy: Copy) -> dict[str, Any]:
    parents: dict[str, Any] = {}
    children: dict[str, Any] = {}
    engagement, professionals, works_with, contact, kinship, partners = [], [], [], [], [], []
    for p in copy.parents:
        parents[p.id] = {"role": p.role, "country": p.country, "household": p.household,
                         "partner_in_treatment": p.partner_in_treatment}
        rows = []
        for c in sorted(p.children, key=lambda c: c.uid):
            arr, carer, cont = c.final()
            if arr == "with-parent":  # a shared child's carer is each parent in their own row
                carer = f"{p.pseudonym} ({p.id}), {'father' if p.role == 'father' else 'mother'}"
            rows.append({"name": c.name, "age_group": c.age_group, "care_arrangement": arr, "carer": carer,
                         "source": "both", "temporal": c.later is not None})
            if cont:
                contact.append([p.id, c.name, cont])
            if arr == "kinship-care":
                kinship += [[p.id, c.name, sid] for sid, _ in p.engagement]
        children[p.id] = rows
        engagement += [[p.id, sid, src] for sid, src in p.engagement]
        works_with += [[wid, p.id] for wid in p.workers]
        if p.partner_id:
            if p.role != "family-member":
                partners.append([p.id, p.partner_id])
        elif p.partner_name and p.household != "single":
            partners.append([p.id, p.partner_name])
    for q in copy.professionals:
        if q.service_id:
            professionals.append([q.id, q.service_id, "text" if q.service_in_text_only else "descriptor"])
    return {"parents": parents, "children": children, "distinct_children": len(copy.distinct_children()),
            "engagement": engagement, "professionals": professionals, "works_with": works_with,
            "contact": contact, "kinship_services": kinship, "partners": partners, "bad_input": []}


def merge(golds: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"parents": {}, "children": {}, "distinct_children": 0, "engagement": [],
                           "professionals": [], "works_with": [], "contact": [], "kinship_services": [],
                           "partners": [], "bad_input": []}
    for g in golds:
        out["parents"].update(g["parents"])
        out["children"].update(g["children"])
        out["distinct_children"] += g["distinct_children"]
        for key in ("engagement", "professionals", "works_with", "contact", "kinship_services", "partners", "bad_input"):
            out[key] += g[key]
    return out
