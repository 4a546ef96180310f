"""Phrase lists from the vocabulary data, compiled into matchers.

A family of phrases (``foster-care``, ``coparenting``...) becomes one
case-insensitive, word-bounded regular expression, longest phrase first, so
data files stay plain lists of words and a new variant is one line of TOML.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parse
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Iterable

from graphkit.data import independent_of_data, load_toml
from graphkit.extract.screens import Gate, Screened, Words

_META = re.compile(r"[\\()\[\]?*+|{}^$]")


def _phrase_body(phrase: str) -> str:
    # Plain words are escaped; a phrase that already holds regex syntax is used as is.
    body = phrase if _META.search(phrase) else re.escape(phrase)
    return body.replace("\\ ", r"\s+").replace(" ", r"\s+")


_CATEGORIES = {
    sre_constants.CATEGORY_WORD: r"\w", sre_constants.CATEGORY_NOT_WORD: r"\W",
    sre_constants.CATEGORY_SPACE: r"\s", sre_constants.CATEGORY_NOT_SPACE: r"\S",
    sre_constants.CATEGORY_DIGIT: r"\d", sre_constants.CATEGORY_NOT_DIGIT: r"\D",
}


def _first_items(seq, ci: bool) -> list | None:
    """Character-set items ``(op, value, ignorecase)`` that can start a match of the parsed sequence ``seq``.

    None when not known or when the sequence may match the empty string.
    """
    for op, av in seq:
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT):
            continue  # zero-width: the first character is the next item's
        if op is sre_constants.LITERAL:
            return [(op, av, ci)]
        if op is sre_constants.IN:
            if any(o not in (sre_constants.LITERAL, sre_constants.RANGE, sre_constants.CATEGORY) for o, _ in av):
                return None
            if any(o is sre_constants.CATEGORY and a not in _CATEGORIES for o, a in av):
                return None
            return [(o, a, ci) for o, a in av]
        if op is sre_constants.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if (add_flags | del_flags) & ~re.IGNORECASE:
                return None
            inner = (ci or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            return _first_items(sub.data, inner)
        if op is sre_constants.BRANCH:
            items: list = []
            for alternative in av[1]:
                found = _first_items(alternative.data, ci)
                if not found:
                    return None
                items.extend(found)
            return items
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _high, sub = av
            return _first_items(sub.data, ci) if low >= 1 else None
        return None
    return None


def _first_class(body: str, flags: int) -> str | None:
    """A look-ahead body matching every character a match of ``body`` can start with (each with its own case rule), or None."""
    try:
        parsed = sre_parse.parse(body, flags)
    except Exception:
        return None
    if parsed.state.flags & ~(re.IGNORECASE | re.UNICODE):
        return None
    outer = bool(parsed.state.flags & re.IGNORECASE)
    items = _first_items(parsed.data, outer)
    if not items:
        return None
    classes: dict[bool, list[str]] = {}
    for op, av, ci in items:
        if op is sre_constants.LITERAL:
            text = re.escape(chr(av))
        elif op is sre_constants.RANGE:
            text = f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
        else:
            text = _CATEGORIES[av]
        classes.setdefault(ci, []).append(text)
    parts = []
    for ci, texts in classes.items():
        cls = "[" + "".join(dict.fromkeys(texts)) + "]"
        parts.append(cls if ci == outer else f"(?{'i' if ci else '-i'}:{cls})")
    return "|".join(parts)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """One matcher for a phrase list (compiled once per distinct list: callers may ask again and again)."""
    return _compile_phrases(tuple(phrases))


@independent_of_data
@lru_cache(maxsize=None)
def _compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # One look-behind for the whole alternation: checked once a position, not once an alternative.
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    alternatives = "|".join(rf"(?:{_phrase_body(p)})(?![\w])" for p in ordered)
    # A look-ahead on the alternatives' possible first characters (same flags, so the same case folding)
    # rejects most positions before ``re`` tries every alternative there: the same matches, found faster.
    return re.compile(guarded(rf"(?<![\w-])(?:{alternatives})", re.IGNORECASE), re.IGNORECASE)


@independent_of_data
@lru_cache(maxsize=1024)
def guarded(pattern: str, flags: int = 0) -> str:
    """``pattern`` behind a look-ahead on the characters a match can start with, when they are known.

    Zero-width, so the same matches (groups included); ``re`` then rejects most
    positions with one class test instead of trying the look-behind and every
    alternative there.
    """
    first = _first_class(pattern, flags)
    if first is None:
        return pattern
    out = f"(?={first})(?:{pattern})"
    try:
        re.compile(out, flags)
    except re.error:
        return pattern
    return out


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
        self.families = families
        self.patterns = {name: compile_phrases(phrases) for name, phrases in families.items() if phrases}

    @cached_property
    def any(self) -> re.Pattern[str] | None:
        """Every family's phrases in one matcher: where it finds nothing, no family can (most texts)."""
        return compile_phrases([p for phrases in self.families.values() for p in phrases]) if self.patterns else None

    @cached_property
    def screens(self) -> dict[str, Screened]:
        """Each family's matcher with the words it needs (screens.py), for find_all given a text's words."""
        return {name: Screened(pattern) for name, pattern in self.patterns.items()}

    @cached_property
    def any_family(self) -> Gate:
        return Gate(self.screens.values())

    def find_all(self, text: str, start: int = 0, end: int | None = None, words: Words | None = None) -> list[Hit]:
        """Every family's hits; ``words`` (those of ``text[start:end]``) skip the families they rule out."""
        end = len(text) if end is None else end
        if words is not None:
            if not self.any_family.admits(words):
                return []  # most sentences
            candidates = [(name, s.pattern) for name, s in self.screens.items() if s.admits(words)]
        elif self.any is not None and self.any.search(text, start, end):
            candidates = list(self.patterns.items())
        else:
            candidates = []
        hits = [Hit(name, m.start(), m.end(), m.group()) for name, pattern in candidates for m in pattern.finditer(text, start, end)]
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
