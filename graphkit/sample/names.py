"""Pseudonym draws: participants unique across the whole run, others per copy."""

from __future__ import annotations

import random

from graphkit.sample.phrases import load

#: share of each shuffled pool kept for participants (listed in participants.csv)
_PARTICIPANT_SHARE = 0.6


class NamePool:
    """Participants never share a pseudonym (one ID, one pseudonym, across
    copies too, until a very large --scale exhausts the pool); children,
    partners and ex-partners are unique within a copy and never take a
    participant's pseudonym, so a name in a text points at one person."""

    def __init__(self, seed: int, scale: int) -> None:
        rng = random.Random(f"graphkit-sample-names:{seed}")
        data = load("names")
        self._part: dict[str, list[str]] = {}
        self._other: dict[str, list[str]] = {}
        for sex, key in (("F", "female"), ("M", "male")):
            pool = list(data[key])
            rng.shuffle(pool)
            cut = int(len(pool) * _PARTICIPANT_SHARE)
            self._part[sex], self._other[sex] = pool[:cut], pool[cut:]
        self._next = {"F": 0, "M": 0}
        self._used_other: set[str] = set()
        self._places: set[str] = set()
        self._rng = rng

    def new_copy(self) -> None:
        self._used_other = set()

    def participant(self, sex: str) -> str:
        pool = self._part[sex]
        name = pool[self._next[sex] % len(pool)]
        self._next[sex] += 1
        return name

    def other(self, sex: str) -> str:
        free = [n for n in self._other[sex] if n not in self._used_other]
        name = self._rng.choice(free) if free else self._rng.choice(self._other[sex])
        self._used_other.add(name)
        return name

    def place(self, country: str) -> str:
        """A place word for a service name, never reused within a run."""
        pool = load("names")["places_scotland" if country == "Scotland" else "places_england"]
        for qualifier in ("", " North", " South", " East", " West", " Central"):
            free = [p + qualifier for p in pool if p + qualifier not in self._places]
            if free:
                name = self._rng.choice(free)
                self._places.add(name)
                return name
        raise ValueError("place pool exhausted; widen names.toml")
