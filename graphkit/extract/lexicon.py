"""Phrase lists from the vocabulary data, compiled into matchers.

A family of phrases (``foster-care``, ``coparenting``...) becomes one
case-insensitive, word-bounded regular expression, longest phrase first, so
data files stay plain lists of words and a new variant is one line of TOML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from graphkit.data import load_toml

_META = re.compile(r"[\\()\[\]?*+|{}^$]")


def _phrase_body(phrase: str) -> str:
    # Plain words are escaped; a phrase that already holds regex syntax is used as is.
    body = phrase if _META.search(phrase) else re.escape(phrase)
    return body.replace("\\ ", r"\s+").replace(" ", r"\s+")


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    # One look-behind for the whole alternation: checked once a position, not once an alternative.
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    alternatives = "|".join(rf"(?:{_phrase_body(p)})(?![\w])" for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{alternatives})", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    family: str
    start: int
    end: int
    text: str


class Lexicon:
    """Ordered phrase families; ``first`` answers with the family earliest in the data's order."""

    def __init__(self, families: dict[str, list[str]]):
        self.order = list(families)
        self.patterns = {name: compile_phrases(phrases) for name, phrases in families.items() if phrases}

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        end = len(text) if end is None else end
        hits = [
            Hit(name, m.start(), m.end(), m.group())
            for name, pattern in self.patterns.items()
            for m in pattern.finditer(text, start, end)
        ]
        return sorted(hits, key=lambda h: (h.start, -h.end))

    def first(self, text: str, start: int = 0, end: int | None = None) -> Hit | None:
        """The hit of the highest-priority family (the data's order), earliest in the text."""
        for name in self.order:
            pattern = self.patterns.get(name)
            match = pattern.search(text, start, len(text) if end is None else end) if pattern else None
            if match:
                return Hit(name, match.start(), match.end(), match.group())
        return None


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return load_toml("vocabulary.toml")


@lru_cache(maxsize=None)
def lexicon(section: str) -> Lexicon:
    """A Lexicon over one ``[section]`` of vocabulary.toml whose values are phrase lists."""
    data = vocabulary()[section]
    return Lexicon({k: v for k, v in data.items() if isinstance(v, list) and all(isinstance(x, str) for x in v)})


@lru_cache(maxsize=None)
def phrases(section: str, key: str) -> re.Pattern[str]:
    return compile_phrases(vocabulary()[section][key])


def number_value(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return vocabulary()["numbers"].get(word.lower())
