"""Writing a sample collection to disk: tables, data files and gold.json.

Every file gets its own random stream seeded from (seed, copy, file name), so
output is byte-identical for a seed and does not depend on write order.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graphkit.errors import CollectionError
from graphkit.sample import fieldnotes, parent_texts, prof_texts
from graphkit.sample.descriptors import band, parent_descriptor, professional_descriptor
from graphkit.sample.formats import write_text
from graphkit.sample.gold import copy_gold, merge
from graphkit.sample.materials import material_docs, material_text
from graphkit.sample.model import Copy, Parent, Professional
from graphkit.sample.phrases import load, pick
from graphkit.sample.plan_files import plan_files
from graphkit.sample.population import build_population
from graphkit.sample.textkit import MONTHS, FileSpec

LISTING = "Relations_Sample_metadata.csv"

_GENERATORS: dict[str, Callable[[random.Random, FileSpec, Copy], str]] = {
    "p_interview": parent_texts.parent_interview, "p_followup": parent_texts.followup_interview,
    "fm_interview": parent_texts.family_interview, "p_fieldnotes": fieldnotes.parent_fieldnotes,
    "p_change": fieldnotes.change_note, "s_fieldnotes": fieldnotes.service_fieldnotes,
    "pr_interview": prof_texts.prof_interview, "focus": prof_texts.focus_group, "debrief": prof_texts.workday_debrief,
}


@dataclass
class SampleSummary:
    """What was written: where, and how many of each thing."""

    collection: Path
    gold: Path
    copies: int
    files_by_dataset: dict[str, int] = field(default_factory=dict)
    parents: int = 0
    family_members: int = 0
    professionals: int = 0
    services: int = 0
    distinct_children: int = 0


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _listing_date(rng: random.Random, spec: FileSpec) -> str:
    roll = rng.random()
    d = spec.date
    if roll < 0.6:
        return d.isoformat()
    if roll < 0.85:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"{MONTHS[d.month - 1]} {d.year}"


def _listing_descriptor(rng: random.Random, spec: FileSpec, copy: Copy) -> str:
    slots: dict[str, object] = {"n": spec.name.split("Interview")[-1][:1] if "Interview" in spec.name else "2",
                                "country": spec.country or ""}
    subject = None
    if spec.kind in ("p_interview", "p_followup", "p_fieldnotes", "p_change", "fm_interview"):
        subject = copy.person(spec.subject)
    if isinstance(subject, Parent):
        slots.update({"role": subject.role.replace("family-member", "family member"), "band": band(subject.age)[0],
                      "her": "her" if subject.sex == "F" else "his"})
    if spec.kind in ("pr_interview", "debrief"):
        q = copy.person(spec.subject)
        assert isinstance(q, Professional)
        slots["title_l"] = q.title if q.title.startswith("GP") else q.title[:1].lower() + q.title[1:]
    if spec.kind == "s_fieldnotes":
        s = copy.service(spec.subject)
        words = load("descriptors")["words"]
        slots.update({"sname": s.name, "stype": words["type"][s.type], "sector": words["sector"][s.sector]})
    if spec.kind == "material":
        slots["title"] = next(d["title"] for d in material_docs() if d["file"] == spec.extra["doc"])
    return pick(rng, load("listing")[spec.kind], slots)


def _prepare(out: Path) -> Path:
    coll = out / "collection"
    if coll.exists():
        if not (coll / LISTING).exists():
            raise CollectionError(f"{coll} exists and is not a sample collection; refusing to overwrite it")
        shutil.rmtree(coll)  # a previous sample: replace it whole, so no stale files stay
    for sub in ("parent_family", "services_professionals", "study_materials"):
        (coll / sub).mkdir(parents=True, exist_ok=True)
    return coll


def write_sample(out: Path, *, scale: int = 1, seed: int = 0) -> SampleSummary:
    """Write a full-size sample collection to ``out/collection`` and its truth to ``out/gold.json``."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    out = Path(out)
    coll = _prepare(out)
    copies = build_population(seed=seed, scale=scale)
    listing = [["File name", "Data set", "Data type", "ID codes", "Date", "Country", "Descriptor"]]
    people = [["ID code", "Pseudonym", "Participant type", "Descriptor"]]
    services = [["Service ID", "Service name", "Descriptor"]]
    counts: Counter[str] = Counter()
    for copy in copies:
        rng = random.Random(f"graphkit-sample-desc:{seed}:{copy.index}")
        for p in sorted(copy.parents, key=lambda p: p.id):
            people.append([p.id, p.pseudonym, p.kind, parent_descriptor(rng, p, copy)])
        for q in copy.professionals:
            people.append([q.id, q.pseudonym, "Professional", professional_descriptor(rng, q, copy)])
        for s in sorted(copy.services, key=lambda s: s.id):
            services.append([s.id, s.name, s.descriptor])
        plan_rng = random.Random(f"graphkit-sample-plan:{seed}:{copy.index}")
        for spec in plan_files(plan_rng, copy):
            frng = random.Random(f"graphkit-sample-file:{seed}:{copy.index}:{spec.name}")
            text = material_text(frng, spec) if spec.kind == "material" else _GENERATORS[spec.kind](frng, spec, copy)
            write_text(coll / spec.folder / spec.name, text, spec.fmt)
            sep = frng.choice(["; ", "; ", ", ", " / "])
            listing.append([spec.name, spec.dataset, spec.type, sep.join(spec.ids), _listing_date(frng, spec),
                            spec.country or "", _listing_descriptor(frng, spec, copy)])
            counts[spec.dataset] += 1
    (coll / LISTING).write_text(_csv(listing), encoding="utf-8", newline="")
    (coll / "participants.csv").write_text(_csv(people), encoding="utf-8", newline="")
    (coll / "services.csv").write_text(_csv(services), encoding="utf-8", newline="")
    gold = merge([copy_gold(c) for c in copies])
    gold_path = out / "gold.json"
    gold_path.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return SampleSummary(
        collection=coll, gold=gold_path, copies=scale, files_by_dataset=dict(sorted(counts.items())),
        parents=sum(1 for c in copies for p in c.parents if p.role != "family-member"),
        family_members=sum(1 for c in copies for p in c.parents if p.role == "family-member"),
        professionals=sum(len(c.professionals) for c in copies), services=sum(len(c.services) for c in copies),
        distinct_children=gold["distinct_children"],
    )
