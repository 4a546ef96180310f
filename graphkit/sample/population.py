"""Who exists: one copy of the study population, built from population.toml.

The shape (how many parents, which household, which child lives where) is
fixed by the data file so the published figures hold by construction; the
seed only chooses names, ages, services, workers and dates.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from graphkit.sample import plan_services
from graphkit.sample.model import Change, Child, Copy, Parent, Treatment
from graphkit.sample.names import NamePool
from graphkit.sample.phrases import load

START = dt.date(2021, 4, 1)
END = dt.date(2022, 12, 1)
#: recruitment (first interview) window, so that follow-ups fit before END
RECRUIT_LAST = dt.date(2022, 3, 31)

_CHILD_AGES = {  # (age group, arrangement) -> inclusive age range in years
    ("child", "with-parent"): (0, 15), ("child", "with-father"): (2, 15),
    ("child", "with-mother"): (2, 15), ("child", "foster-care"): (1, 14),
    ("child", "kinship-care"): (2, 15), ("child", "adopted"): (3, 12),
    ("adult", "independent"): (19, 31), ("adult", "with-parent"): (17, 22),
    ("adult", "unknown"): (18, 30), ("adult", "adopted"): (17, 25),
    ("adult", "foster-care"): (17, 17), ("adult", "kinship-care"): (17, 19),
}

_KIN = ["maternal grandmother", "maternal grandparents", "maternal aunt", "paternal grandmother",
        "paternal grandparents", "paternal aunt", "older sister", "maternal great-aunt", "family friend"]


def carer_label(parent: Parent, arrangement: str, kin: str | None, other: str | None) -> str:
    """The gold ``carer`` label for an arrangement (GOLD-SCHEMA.md)."""
    if arrangement == "with-parent":
        return f"{parent.pseudonym} ({parent.id}), {parent.role if parent.role != 'family-member' else 'mother'}"
    if arrangement == "with-father":
        return f"father ({other})"
    if arrangement == "with-mother":
        return f"mother ({other})"
    if arrangement == "kinship-care":
        return kin or "relative"
    return {"foster-care": "foster carers", "adopted": "adoptive parents",
            "independent": "lives independently", "unknown": "whereabouts unknown",
            "residential-care": "residential unit"}[arrangement]


def _treatment(rng: random.Random) -> Treatment:
    if rng.random() < 0.55:
        return Treatment("methadone", None, rng.choice([30, 40, 45, 50, 60, 65, 70, 80, 90, 100]), rng.randint(1, 18))
    brand = rng.choice(["Subutex", "Espranor", "Buvidal", None, "Subutex", "Espranor"])
    dose = rng.choice([96, 128]) if brand == "Buvidal" else rng.choice([4, 6, 8, 10, 12, 14, 16, 24])
    return Treatment("buprenorphine", brand, dose, rng.randint(1, 12))


class _Builder:
    def __init__(self, seed: int, index: int, names: NamePool) -> None:
        self.rng = random.Random(f"graphkit-sample:{seed}:{index}")
        self.index = index
        self.prefix = "S" if index == 1 else f"S{index}"
        self.names = names
        names.new_copy()

    def build(self) -> Copy:
        table = load("population")
        services = plan_services.make_services(self.rng, self.prefix, self.names)
        professionals = plan_services.make_professionals(self.rng, self.prefix, services, self.names)
        slots: list[dict[str, Any]] = list(table["parent"])
        self.rng.shuffle(slots)
        parents = [self._parent(slot, f"{self.prefix}P{i:02d}") for i, slot in enumerate(slots, 1)]
        self._dates(parents)
        fm = self._family_member(table["family_member"], parents)
        parents.append(fm)
        self._blend(parents)
        for p in parents:
            for c in p.children:
                if c.later is not None:
                    c.later.date = p.recruited + dt.timedelta(days=self.rng.randint(45, 150))
        copy = Copy(self.index, self.prefix, parents, services, professionals)
        plan_services.plan_engagement(self.rng, copy)
        return copy

    # -- people ---------------------------------------------------------
    def _parent(self, slot: dict[str, Any], pid: str) -> Parent:
        rng = self.rng
        sex = slot["sex"]
        flags = set(slot.get("flags", []))
        household = slot["household"]
        p = Parent(
            id=pid, key=slot["key"], pseudonym=self.names.participant(sex),
            role="mother" if sex == "F" else "father", sex=sex, country=slot["country"],
            household=household, partner_in_treatment=slot.get("partner_in_treatment"),
            partner_name=None if household == "single" else self.names.other("M" if sex == "F" else "F"),
            partner_id=None, age=0, treatment=_treatment(rng), children=[], flags=flags,
            group=slot.get("group"),
        )
        exes: dict[str, str] = {}
        for n, spec in enumerate(slot["children"], 1):
            p.children.append(self._child(p, spec, f"{pid}:c{n}", exes))
        ages = [c.age for c in p.children]
        if "pregnant" in flags:
            p.age, p.weeks_pregnant = rng.randint(19, 33), rng.randint(12, 32)
        else:
            p.age = min(62, max(21, max(ages, default=0) + rng.randint(18, 27)))
        if "grandparent" in flags:
            p.grandchildren = rng.randint(1, 4)
            p.age = max(p.age, 44)
        young = [c.age for c in p.children if c.age_group == "0-16"]
        if young:  # nobody here became a parent after about 45
            p.age = max(min(p.age, min(young) + 45), max(ages) + 17)
        if p.treatment:
            p.treatment.years = max(1, min(p.treatment.years, p.age - 18))
        return p

    def _child(self, p: Parent, spec: dict[str, Any], uid: str, exes: dict[str, str]) -> Child:
        rng = self.rng
        arr = spec["arr"]
        lo, hi = _CHILD_AGES[(spec["age"], arr)]
        # a couple's shared children are younger than her child from before
        lo, hi = {"shared": (0, 8), "previous-relationship": (9, 15)}.get(
            "shared" if spec.get("shared") else spec.get("note", ""), (lo, hi))
        if "grandparent" in p.flags and arr == "independent":
            lo, hi = 21, 28
        taken = {c.age for c in p.children}
        age = rng.randint(lo, hi)
        for _ in range(8):  # siblings of one age read as twins: avoid them
            if age not in taken:
                break
            age = rng.randint(lo, hi)
        months = rng.randint(2, 11) if spec.get("baby") or age == 0 else None
        if months is not None:
            age = 0
        sex = rng.choice("MF")
        named = spec.get("later") or spec.get("shared") or rng.random() < (0.85 if spec["age"] == "child" else 0.55)
        other = None
        if arr in ("with-father", "with-mother"):
            # siblings living with the other parent mostly share that parent
            if arr not in exes or rng.random() < 0.25:
                exes[arr] = self.names.other("M" if arr == "with-father" else "F")
            other = exes[arr]
        kin = rng.choice(_KIN) if arr == "kinship-care" else None
        since = None if arr == "with-parent" else rng.randint(max(2000, 2021 - age + (1 if age else 0)), 2021)
        child = Child(
            uid=uid, name=self.names.other(sex) if named else None, sex=sex, age=age, months=months,
            age_group="0-16" if spec["age"] == "child" else "over-16", arrangement=arr, carer="",
            kin=kin, other_parent=other, contact=spec.get("contact"), since=since, parents=[p.id],
            note="shared" if spec.get("shared") else spec.get("note"),
        )
        child.carer = carer_label(p, arr, kin, other)
        later = spec.get("later")
        if later:
            lkin = rng.choice(_KIN[:6]) if later["arr"] == "kinship-care" else None
            child.later = Change(later["arr"], carer_label(p, later["arr"], lkin, other), lkin,
                                 later.get("contact"), END)
        return child

    def _family_member(self, spec: dict[str, Any], parents: list[Parent]) -> Parent:
        partner = next(p for p in parents if p.key == spec["partner_of"])
        fm = Parent(
            id=f"{self.prefix}F01", key="F1", pseudonym=self.names.participant("F"), role="family-member",
            sex="F", country=spec["country"], household="cohabiting", partner_in_treatment=True,
            partner_name=partner.pseudonym, partner_id=partner.id, age=0, treatment=None, children=[],
            flags=set(), group=None, recruited=partner.recruited,
        )
        partner.partner_name, partner.partner_id = fm.pseudonym, fm.id
        shared = [c for c in partner.children if c.note == "shared"]
        for c in shared:
            c.parents.append(fm.id)
            fm.children.append(c)
        for n, cspec in enumerate(spec["children"], 1):
            fm.children.append(self._child(fm, cspec, f"{fm.id}:c{n}", {}))
        fm.age = max(25, max(c.age for c in fm.children) + self.rng.randint(19, 24))
        partner.stepchildren = len(fm.children) - len(shared)
        return fm

    def _blend(self, parents: list[Parent]) -> None:
        """A few cohabiting fathers live with their partner's children too."""
        fathers = [p for p in parents if p.role == "father" and p.household == "cohabiting" and not p.partner_id]
        for p in sorted(fathers, key=lambda q: q.id)[:2]:
            p.stepchildren = self.rng.randint(1, 2)

    def _dates(self, parents: list[Parent]) -> None:
        span = (RECRUIT_LAST - START).days - 20
        days = sorted(self.rng.sample(range(span), len(parents)))
        for p, d in zip(parents, days):
            p.recruited = START + dt.timedelta(days=14 + d)


def build_population(*, seed: int, scale: int) -> list[Copy]:
    names = NamePool(seed, scale)
    return [_Builder(seed, i, names).build() for i in range(1, scale + 1)]
