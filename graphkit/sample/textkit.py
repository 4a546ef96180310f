"""Shared pieces of every data file: the header block, turns, slots, dates."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from graphkit.sample.descriptors import words
from graphkit.sample.model import Child, Copy, Parent, Professional
from graphkit.sample.phrases import cap, section

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_NUM_WORDS = {0: "zero", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen",
              16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen"}
_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty"}


@dataclass
class FileSpec:
    """One data file to write: what the listing says and what the text holds."""

    name: str
    folder: str
    dataset: str
    type: str
    date: dt.date
    ids: list[str]
    country: str | None
    kind: str  # generator: p_interview, p_followup, fm_interview, p_fieldnotes, p_change, ...
    subject: str  # parent / professional / service id, or the material key
    extra: dict[str, object] = field(default_factory=dict)
    fmt: str = "txt"


def age_words(n: int) -> str:
    if n < 11:
        return words(n)
    if n in _NUM_WORDS:
        return _NUM_WORDS[n]
    tens, unit = divmod(n, 10)
    return _TENS.get(tens, str(n)) + (f"-{words(unit)}" if unit else "")


def long_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def header(spec: FileSpec, researcher: str, participants: str, location: str, rng: random.Random) -> list[str]:
    date = spec.date.isoformat() if rng.random() < 0.8 else long_date(spec.date)
    lines = [f"File: {spec.name.rsplit('.', 1)[0] + '.txt' if spec.fmt != 'txt' and rng.random() < 0.3 else spec.name}",
             f"Date: {date}", f"Type: {spec.type}", f"Researcher: {researcher}",
             f"Participants: {participants}"]
    if location:
        lines.append(f"Location: {location}")
    return lines + [""]


def researcher(country: str | None, rng: random.Random) -> str:
    team = "Scotland" if country == "Scotland" else "England"
    return rng.choice([f"Fieldworker ({team} team)", f"Researcher 1 ({team})", f"Researcher 2 ({team})",
                       f"Fieldworker ({team} team)"])


def who(person: Parent | Professional) -> str:
    return f"{person.pseudonym} ({person.id})"


def pron(sex: str) -> dict[str, str]:
    m = sex == "M"
    return {"she": "he" if m else "she", "her_obj": "him" if m else "her", "her_pos": "his" if m else "her"}


def child_ref(c: Child, rank: str) -> str:
    """How a parent refers to a child in talk: the name, or 'my eldest' when unnamed."""
    if c.name:
        return c.name
    return f"my {rank} {'boy' if c.sex == 'M' else 'girl'}" if rank else f"my {'son' if c.sex == 'M' else 'daughter'}"


def child_age_words(c: Child) -> str:
    if c.months is not None:
        return f"{age_words(c.months)} month{'s' if c.months > 1 else ''}"
    return age_words(c.age)


def child_slots(c: Child, parent: Parent, rank: str) -> dict[str, object]:
    m = c.sex == "M"
    ref = child_ref(c, rank)
    return {
        "C": c.name or ref, "C_ref": cap(ref), "rel": "son" if m else "daughter", "pro": "he" if m else "she",
        "Pro": "He" if m else "She", "obj": "him" if m else "her", "pos": "his" if m else "her",
        "pos_cap": "His" if m else "Her", "age_words": child_age_words(c), "other": c.other_parent or "their dad",
        "since": c.since or 2021, "ord": rank or "youngest",
        "and_partner": f", me and {parent.partner_name}" if parent.partner_name and parent.household != "single" else "",
    }


def kin_speech(kin: str | None, parent: Parent, rng: random.Random) -> tuple[str, str]:
    """(phrase, possessive) for a kinship carer as the parent says it."""
    mine = (parent.sex == "F") == kin.startswith("maternal") if kin else False
    table = {
        "grandmother": (["my mum", "my mam", "her gran"] if mine else ["their gran", "my ex's mum"]),
        "grandparents": (["my mum and dad", "my parents"] if mine else ["their grandparents", "my ex's mum and dad"]),
        "aunt": (["my sister"] if mine else ["their auntie", "my ex's sister"]),
        "great-aunt": (["my auntie"] if mine else ["their great-auntie"]),
        "older sister": (["their big sister"]), "family friend": (["a family friend", "my pal, a family friend"]),
    }
    for key, opts in table.items():
        if kin and kin.endswith(key):
            phrase = rng.choice(opts)
            return phrase, phrase + ("'" if phrase.endswith("s") else "'s")
    return "family", "family's"


def parent_slots(p: Parent) -> dict[str, object]:
    she = p.sex == "F"
    return {"P": p.pseudonym, "pname": p.partner_name or "", "she": "she" if she else "he",
            "She": "She" if she else "He", "obj": "her" if she else "him", "pos": "her" if she else "his",
            "mum": "mum" if she else "dad", "P_she_cap": "She" if she else "He",
            "P_pos": "her" if she else "his", "P_obj": "her" if she else "him"}


def prof_slots(q: Professional, copy: Copy) -> dict[str, object]:
    roles = section("roles")
    s = copy.service(q.service_id) if q.service_id else None
    return {"W": q.pseudonym, "WID": q.id, "Wfirst": q.pseudonym, "title": q.title,
            "Title": q.title, "title_l": q.title if q.title.startswith("GP") else q.title[:1].lower() + q.title[1:],
            "team": q.team, "sname": s.name if s else "the service", "sshort": (s.name.split()[0] if s else "the service"),
            "talk": roles[q.role_key]["talk"][0].removeprefix("my ").removeprefix("the "), "pronW": "she" if q.sex == "F" else "he",
            "PronW": "She" if q.sex == "F" else "He", "objW": "her" if q.sex == "F" else "him",
            "pro": "she" if q.sex == "F" else "he", "pos": "her" if q.sex == "F" else "his",
            "obj": "her" if q.sex == "F" else "him"}


def ranks(kids: list[Child]) -> dict[str, str]:
    order = sorted(kids, key=lambda c: (-c.age, -(c.months or 0), c.uid))
    out = {}
    for i, c in enumerate(order):
        out[c.uid] = "eldest" if i == 0 else ("youngest" if i == len(order) - 1 else ["second", "third", "fourth", "fifth"][i - 1])
    return out


def n_words(text: str) -> int:
    return len(text.split())
