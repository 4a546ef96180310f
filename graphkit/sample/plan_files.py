"""Which data files a copy holds: exactly 122 Parent/Family, 183
Services/Professionals and 25 Study-materials files, with dates and IDs."""

from __future__ import annotations

import datetime as dt
import random

from graphkit.sample.materials import material_docs
from graphkit.sample.model import Copy, Parent
from graphkit.sample.population import END
from graphkit.sample.textkit import FileSpec

N_PARENT_FAMILY = 122
N_SERVICES = 183
N_MATERIALS = 25
_PF, _SP, _SM = "Parent/Family", "Services/Professionals", "Study materials"
_PFD, _SPD, _SMD = "parent_family", "services_professionals", "study_materials"


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    span = max(0, (hi - lo).days)
    day = lo + dt.timedelta(days=rng.randint(0, span))
    if (day.month, day.day) in ((12, 25), (12, 26), (1, 1)):  # nobody does fieldwork then
        day += dt.timedelta(days=3)
    return day


def _parent_files(rng: random.Random, copy: Copy) -> list[FileSpec]:
    parents = [p for p in copy.parents if p.role != "family-member"]
    fm = next(p for p in copy.parents if p.role == "family-member")
    out: list[FileSpec] = []
    names: set[str] = set()

    def add(spec: FileSpec) -> None:
        while spec.name in names:  # two notes on one day: second gets a suffix
            stem, ext = spec.name.rsplit(".", 1)
            spec.name = f"{stem}b.{ext}"
        names.add(spec.name)
        out.append(spec)

    for p in parents:
        add(FileSpec(f"{p.id}_Interview1.txt", _PFD, _PF, "Interview", p.recruited, [p.id], p.country,
                     "p_interview", p.id, {"words": rng.randint(2300, 3600)}))
        for c in p.children:
            if c.later is not None:
                day = c.later.date + dt.timedelta(days=rng.randint(5, 25))
                add(FileSpec(f"{p.id}_Fieldnotes_{day.isoformat()}.txt", _PFD, _PF, "Fieldnotes", day, [p.id],
                             p.country, "p_change", p.id, {"child": c.uid}))
    partner = copy.person(fm.partner_id or "")
    day = fm.recruited + dt.timedelta(days=rng.randint(20, 60))
    add(FileSpec(f"{partner.id}_{fm.id}_FamilyInterview.txt", _PFD, _PF, "Family interview", day,
                 [partner.id, fm.id], fm.country, "fm_interview", fm.id, {"words": rng.randint(2200, 3000)}))
    # no follow-ups with the expectant parents: their babies would arrive in
    # the texts but not in the recruitment-time profile (a pregnancy is not a child)
    for n, p in enumerate(rng.sample([q for q in parents if "pregnant" not in q.flags], 20)):
        day = _day(rng, p.recruited + dt.timedelta(days=90), END - dt.timedelta(days=60))
        add(FileSpec(f"{p.id}_Interview2.txt", _PFD, _PF, "Interview", day, [p.id], p.country, "p_followup", p.id,
                     {"words": rng.randint(2050, 2900)}))
        if n < 6:  # a third interview with six of them
            day3 = _day(rng, day + dt.timedelta(days=30), END - dt.timedelta(days=2))
            add(FileSpec(f"{p.id}_Interview3.txt", _PFD, _PF, "Interview", day3, [p.id], p.country, "p_followup",
                         p.id, {"words": rng.randint(2050, 2600)}))
    listing_due = {p.id: sid for p in parents for sid, src in p.engagement if src == "listing"}
    i = 0
    everyone = sorted(parents + [fm], key=lambda q: q.id)
    while len(out) < N_PARENT_FAMILY:
        p = everyone[i % len(everyone)]
        i += 1
        day = _day(rng, p.recruited + dt.timedelta(days=3), END - dt.timedelta(days=2))
        extra: dict[str, object] = {}
        ids = [p.id]
        if p.workers and rng.random() < 0.45:
            extra["worker"] = rng.choice(p.workers)
            ids.append(str(extra["worker"]))
        if p.id in listing_due:
            extra["listing_service"] = listing_due.pop(p.id)
            ids.append(str(extra["listing_service"]))
        add(FileSpec(f"{p.id}_Fieldnotes_{day.isoformat()}.txt", _PFD, _PF, "Fieldnotes", day, ids, p.country,
                     "p_fieldnotes", p.id, extra))
    return out


def _service_files(rng: random.Random, copy: Copy) -> list[FileSpec]:
    out: list[FileSpec] = []
    profs = copy.professionals
    for s in copy.services:
        staff = [q for q in profs if q.service_id == s.id]
        clients = [(p.id, w) for p in copy.parents for w in p.workers if any(q.id == w for q in staff)]
        for k in range(4):
            day = _day(rng, dt.date(2021, 5, 1), END - dt.timedelta(days=5))
            team = rng.sample(staff, min(len(staff), rng.randint(1, 3)))
            seen = list(rng.choice(clients)) if clients and rng.random() < 0.6 else []
            ids = [s.id] + [q.id for q in team] + seen
            out.append(FileSpec(f"{s.id}_Fieldnotes_{day.isoformat()}_{k + 1}.txt", _SPD, _SP, "Fieldnotes", day,
                                list(dict.fromkeys(ids)), s.country, "s_fieldnotes", s.id,
                                {"staff": [q.id for q in team], "seen": seen}))
    # interviews: everyone with a caseload in the study or a service named only in text first
    linked = {w for p in copy.parents for w in p.workers}
    first = [q for q in profs if q.id in linked or q.service_in_text_only]
    rest = [q for q in profs if q not in first]
    rng.shuffle(rest)
    interviewed = sorted(first + rest[: max(0, 85 - len(first))], key=lambda q: q.id)
    for q in interviewed:
        day = _day(rng, dt.date(2021, 6, 1), END - dt.timedelta(days=3))
        name = f"{q.service_id}_Interview_{q.id}.txt" if q.service_id else f"{q.id}_Interview.txt"
        out.append(FileSpec(name, _SPD, _SP, "Interview", day, [x for x in (q.service_id, q.id) if x], q.country,
                            "pr_interview", q.id, {"words": rng.randint(2100, 3200)}))
    by_country = {c: [q for q in profs if q.country == c] for c in ("England", "Scotland")}
    for n in range(18):
        country = "England" if n % 5 in (0, 2) else "Scotland"
        members = sorted(rng.sample(by_country[country], rng.randint(3, 6)), key=lambda q: q.id)
        hosts = [s for s in copy.services if s.country == country]
        host = rng.choice(hosts)
        day = _day(rng, dt.date(2021, 7, 1), END - dt.timedelta(days=3))
        k = sum(1 for f in out if f.kind == "focus" and f.subject == host.id) + 1
        out.append(FileSpec(f"{host.id}_FocusGroup{k}.txt", _SPD, _SP, "Focus group", day,
                            [host.id] + [q.id for q in members], country, "focus", host.id,
                            {"members": [q.id for q in members], "words": rng.randint(1800, 2600)}))
    done = {q.id for q in interviewed}
    debrief = [q for q in profs if q.id not in done]
    others = [q for q in profs if q.id in done]
    rng.shuffle(others)
    debrief += others[: N_SERVICES - len(out) - len(debrief)]
    for q in sorted(debrief, key=lambda q: q.id):
        day = _day(rng, dt.date(2021, 6, 1), END - dt.timedelta(days=3))
        name = f"{q.service_id}_WorkdayDebrief_{q.id}.txt" if q.service_id else f"{q.id}_WorkdayDebrief.txt"
        out.append(FileSpec(name, _SPD, _SP, "Workday debrief", day, [x for x in (q.service_id, q.id) if x],
                            q.country, "debrief", q.id, {"words": rng.randint(800, 1400)}))
    return out


def plan_files(rng: random.Random, copy: Copy) -> list[FileSpec]:
    files = _parent_files(rng, copy) + _service_files(rng, copy)
    for doc in material_docs():
        name = doc["file"] if copy.index == 1 else f"Copy{copy.index}_{doc['file']}"
        files.append(FileSpec(f"{name}.txt", _SMD, _SM, "Study material", dt.date.fromisoformat(doc["date"]), [],
                              None, "material", doc["file"], {"doc": doc["file"]}))
    # a few files in word-processor formats, as deposits often have
    for spec in files:
        roll = rng.random()
        fmt = "docx" if roll < 0.05 else "odt" if roll < 0.08 else "rtf" if roll < 0.10 else "txt"
        if fmt != "txt":
            spec.fmt = fmt
            spec.name = spec.name.rsplit(".", 1)[0] + "." + fmt
    return files
