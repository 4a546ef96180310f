"""Loading the wording data and filling its templates.

Wording lives in ``graphkit/sample/data/*.toml`` so that a reviewer can widen
the variety without touching code; this module only picks and fills.
"""

from __future__ import annotations

import random
import re
import string
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Sequence


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """A data file parsed once per process (``name`` without ``.toml``)."""
    text = resources.files("graphkit.sample.data").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def section(name: str, *path: str) -> Any:
    node: Any = load(name)
    for key in path:
        node = node[key]
    return node


class _Slots(dict):  # type: ignore[type-arg]
    """format_map mapping that fails loudly on a missing slot (a data bug)."""

    def __missing__(self, key: str) -> str:
        raise KeyError(f"template slot {{{key}}} has no value")


_FORMATTER = string.Formatter()


def fill(template: str, slots: Mapping[str, object]) -> str:
    return _FORMATTER.vformat(template, (), _Slots(slots))


def pick(rng: random.Random, options: Sequence[str], slots: Mapping[str, object] | None = None) -> str:
    text = options[rng.randrange(len(options))]
    return fill(text, slots) if slots is not None else text


def sample(rng: random.Random, options: Sequence[str], k: int) -> list[str]:
    k = min(k, len(options))
    return [options[i] for i in sorted(rng.sample(range(len(options)), k))] if k else []


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_WORD = re.compile(r"[A-Za-z']+")


class Voice:
    """Vernacular for one speaker: a country's substitutions at a personal rate.

    Each speaker gets their own rate so that some talk broad and some do not;
    names and ID codes are never touched because the tables only hold common
    words.
    """

    def __init__(self, country: str, rng: random.Random) -> None:
        table = section("vernacular", country.lower())
        self._subs: dict[str, list[str]] = {k.lower(): v for k, v in table["words"].items()}
        self._phrases: list[tuple[str, list[str]]] = [(k, v) for k, v in table["phrases"].items()]
        self._rate = rng.uniform(table["rate_min"], table["rate_max"])
        self._rng = rng

    def say(self, text: str) -> str:
        for phrase, options in self._phrases:
            if phrase in text and self._rng.random() < self._rate:
                text = text.replace(phrase, self._rng.choice(options), 1)

        def swap(m: re.Match[str]) -> str:
            word = m.group(0)
            options = self._subs.get(word.lower())
            if not options or self._rng.random() >= self._rate:
                return word
            new = self._rng.choice(options)
            return cap(new) if word[0].isupper() else new

        return _WORD.sub(swap, text)
