"""Model graphs for the view tests, built directly (no collection): a hostile one and a large one.

Imported by test_views*.py; it holds no tests itself.
"""

from __future__ import annotations

import random

from graphkit.model import CONTACT_ARRANGEMENTS, SERVICE_TYPES, Entity, Evidence, Graph

XSS = "</script><img src=x onerror=alert(1)>"
XSS_ATTR = "\"'><svg onload=alert(2)>"
XSS_FILE = "\"><img src=x onerror=alert(3)>.txt"
HOSTILE_ID = "../../<b>x\"'"


def _ev(file: str, quote: str, line: int = 1, **extra: object) -> Evidence:
    return Evidence(file, 0, len(quote), quote, line, line, **extra)  # type: ignore[arg-type]


def hostile_graph() -> Graph:
    """Every text a page shows, made of markup: labels, attributes, quotes, file names, IDs, carers."""
    g = Graph()
    g.add_entity(Entity("DP01", "parent", XSS, {"role": "mother", "sex": "female", "country": XSS_ATTR, "household": XSS}))
    g.add_entity(Entity(HOSTILE_ID, "parent", XSS_ATTR, {"role": "father", "country": "England"}))
    g.add_entity(Entity("DF01", "family-member", "-->" + XSS, {"role": "family-member", "country": "Scotland"}))
    g.add_entity(Entity("DP01-C1", "child", XSS, {"age_group": "0-16"}))
    g.add_entity(Entity("DP01-C2", "child", "<!--", {"age_group": "0-16", "sex": "male"}))
    g.add_entity(Entity("DP01-partner", "person", "]]><script>alert(4)</script>"))
    g.add_entity(Entity("DS1", "service", XSS, {"service_type": XSS_ATTR, "country": "England"}))
    g.add_entity(Entity("DPR01", "professional", XSS, {"role_title": XSS_ATTR}))
    g.add_entity(Entity(XSS_FILE, "file", XSS_FILE))
    quote = "she said " + XSS + " & \u2028 then " + XSS_ATTR
    ev = _ev(XSS_FILE, quote, 3, speaker=XSS, date=XSS_ATTR)
    g.relate("parent-of", "DP01", "DP01-C1", ev)
    g.relate("care", "DP01-C1", "DP01", ev, arrangement="with-parent", carer="DP01")
    g.relate("parent-of", "DP01", "DP01-C2", ev)
    g.relate("care", "DP01-C2", "DP01", _ev("t.csv", XSS, 2, row=1, column=XSS), arrangement="kinship-care", carer=XSS)
    g.relate("contact", "DP01", "DP01-C2", ev, arrangement="supervised-contact")
    g.relate("partner", "DP01", "DP01-partner", ev)
    g.relate("engages-with", "DP01", "DS1", ev)
    g.relate("works-at", "DPR01", "DS1", ev)
    g.relate("works-with", "DPR01", "DP01", ev)
    g.relate("relative-of", "DF01", "DP01", ev)
    g.relate("engages-with", HOSTILE_ID, "DS1", ev)
    g.relate("appears-in", "DP01", XSS_FILE, None)
    return g


def scaled_graph(families: int, *, seed: int = 7) -> Graph:
    """A synthetic study of ``families`` participants (children, partners, carers, services, workers)."""
    rng = random.Random(seed)
    g = Graph()
    n_services = max(4, families // 12)
    countries = ("Scotland", "England")
    for s in range(n_services):
        g.add_entity(Entity(f"S{s:03d}", "service", f"Service {s}",
                            {"service_type": SERVICE_TYPES[s % len(SERVICE_TYPES)], "country": countries[s % 2]}))
    workers = []
    for w in range(n_services * 3):
        wid = f"PR{w:04d}"
        workers.append(wid)
        g.add_entity(Entity(wid, "professional", f"Worker {w}", {"role_title": "Recovery worker"}))
        g.relate("works-at", wid, f"S{w % n_services:03d}", _ev("staff.csv", f"works at S{w % n_services:03d}", w + 2))
    arrangements = ("with-parent", "with-mother", "with-father", "kinship-care", "foster-care", "adopted", "independent")
    for f in range(families):
        pid = f"P{f:04d}"
        country = countries[f % 2]
        g.add_entity(Entity(pid, "parent", f"Parent {f}",
                            {"role": rng.choice(("mother", "father")), "sex": rng.choice(("female", "male")), "country": country}))
        text = f"interviews/{pid}.txt"
        for c in range(rng.randint(0, 4)):
            cid = f"{pid}-C{c + 1}"
            g.add_entity(Entity(cid, "child", f"Child {f}.{c}", {"age_group": "0-16", "sex": rng.choice(("female", "male"))}))
            g.relate("parent-of", pid, cid, _ev(text, f"my child {c}", 10 + c))
            arrangement = rng.choice(arrangements)
            carer = None
            if arrangement == "kinship-care":
                carer = f"{pid}-K{c}"
                g.add_entity(Entity(carer, "person", "grandmother"))
                g.relate("carer-of", carer, cid, _ev(text, "her gran has her", 20 + c))
            g.relate("care", cid, pid, _ev(text, f"lives {arrangement}", 30 + c), arrangement=arrangement, carer_id=carer)
            if arrangement != "with-parent":
                g.relate("contact", pid, cid, _ev(text, "I see him", 40 + c), arrangement=rng.choice(CONTACT_ARRANGEMENTS))
        if rng.random() < 0.4:
            g.add_entity(Entity(f"{pid}-partner", "person", None))
            g.relate("partner", pid, f"{pid}-partner", _ev(text, "my partner", 5))
        for s in rng.sample(range(n_services), rng.randint(0, 2)):
            g.relate("engages-with", pid, f"S{s:03d}", _ev(text, f"at Service {s}", 50 + s))
        if rng.random() < 0.5:
            g.relate("works-with", rng.choice(workers), pid, _ev(text, "my worker", 60))
    return g


def copies(graph: Graph, n: int) -> Graph:
    """``n`` independent copies of ``graph`` (copy k's IDs prefixed "Ck-"), the shape `graphkit sample --scale n` has."""
    out = Graph()
    for k in range(n):
        prefix = f"C{k}-" if k else ""
        for entity in graph.entities.values():
            out.add_entity(Entity(prefix + entity.id, entity.kind, entity.label, dict(entity.attrs)))
        for rel in graph.relations.values():
            made = out.relate(rel.kind, prefix + rel.source, prefix + rel.target, None, current=rel.current,
                              date=rel.date, **rel.attrs)
            for ev in rel.evidence:
                made.add_evidence(ev)
        out.files.update(graph.files)
    return out
