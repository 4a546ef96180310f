"""The sample population as plain data: who exists and how they are related.

Everything else in :mod:`graphkit.sample` (descriptors, texts, tables, gold)
is rendered from these objects, so the truth is decided once, here, before
any wording is chosen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Change:
    """A later arrangement that a dated text reports (gold keeps the latest)."""

    arrangement: str
    carer: str
    kin: str | None
    contact: str | None
    date: dt.date  # the day the change happened; the reporting text is later


@dataclass
class Child:
    uid: str  # stable internal key; the pipeline mints its own child ids
    name: str | None  # None: the researchers never name this child
    sex: str  # "M" or "F"
    age: int  # whole years at recruitment
    months: int | None  # set for babies under one
    age_group: str  # "0-16" or "over-16"
    arrangement: str  # care_arrangement value at recruitment (query-contract.md)
    carer: str  # gold carer label
    kin: str | None  # kinship carer relation, e.g. "maternal grandmother"
    other_parent: str | None  # name of the child's other biological parent
    contact: str | None  # contact arrangement value, None when it lives with the parent
    since: int | None  # year the current arrangement began
    later: Change | None = None
    parents: list[str] = field(default_factory=list)  # participant ids
    note: str | None = None  # "shared", "previous-relationship"

    def state_at(self, day: dt.date) -> tuple[str, str | None, str | None]:
        """(arrangement, kin, contact) as a text dated ``day`` would know it."""
        if self.later is not None and day >= self.later.date:
            return self.later.arrangement, self.later.kin, self.later.contact
        return self.arrangement, self.kin, self.contact

    def final(self) -> tuple[str, str, str | None]:
        """(arrangement, carer, contact) in the latest state."""
        if self.later is not None:
            return self.later.arrangement, self.later.carer, self.later.contact
        return self.arrangement, self.carer, self.contact


@dataclass
class Treatment:
    drug: str  # "methadone" | "buprenorphine"
    brand: str | None  # "Subutex", "Espranor", "Buvidal" or None
    dose: int  # mg per day (Buvidal: mg per month)
    years: int  # years in treatment


@dataclass
class Parent:
    id: str
    key: str  # slot key in population.toml, for tests and debugging
    pseudonym: str
    role: str  # "mother" | "father" | "family-member"
    sex: str
    country: str
    household: str
    partner_in_treatment: bool | None
    partner_name: str | None
    partner_id: str | None  # set when the partner is a participant
    age: int
    treatment: Treatment | None
    children: list[Child]
    flags: set[str]
    group: str | None  # "contact": single parent with co-parenting / regular contact
    grandchildren: int = 0
    weeks_pregnant: int | None = None
    stepchildren: int = 0  # partner's children in the household, not the parent's
    engagement: list[tuple[str, str]] = field(default_factory=list)  # (service id, source)
    workers: list[str] = field(default_factory=list)  # professional ids
    recruited: dt.date = dt.date(2021, 5, 1)

    @property
    def kind(self) -> str:
        return {"mother": "Mother", "father": "Father"}.get(self.role, "Family member")


@dataclass
class Service:
    id: str
    key: str
    name: str
    country: str
    sector: str
    type: str
    descriptor: str = ""


@dataclass
class Professional:
    id: str
    pseudonym: str
    sex: str
    role_key: str
    title: str
    team: str
    service_id: str | None
    country: str
    employer: str
    service_in_text_only: bool = False


@dataclass
class Copy:
    """One full-size copy of the study population (``--scale`` makes several)."""

    index: int
    prefix: str  # "S", "S2", ... prepended to every id
    parents: list[Parent]  # the 26 parents, then the family member
    services: list[Service]
    professionals: list[Professional]

    def person(self, pid: str) -> Parent | Professional:
        for p in self.parents:
            if p.id == pid:
                return p
        for q in self.professionals:
            if q.id == pid:
                return q
        raise KeyError(pid)

    def service(self, sid: str) -> Service:
        return next(s for s in self.services if s.id == sid)

    def distinct_children(self) -> list[Child]:
        seen: dict[str, Child] = {}
        for p in self.parents:
            for c in p.children:
                seen.setdefault(c.uid, c)
        return [seen[k] for k in sorted(seen)]
