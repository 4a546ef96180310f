"""The descriptor grammar's first two levels: items (sentences cut at ``;``, line breaks and a header's ``:``) and chunks.

A chunk is an age ("12yo", "(c.25)", "nearly five", "in her teens"), a child noun
phrase ("two older boys", "DS", "her eldest", "4 ch."), a name, a bare number, an
ID code, a legal shorthand term, or a plain word or mark. ``descriptor_mentions``
builds child mentions from the chunks. The word classes are data (``data/descriptor_grammar.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from graphkit.data import load_toml
from graphkit.extract.lexicon import vocabulary

Range = tuple[int, int]


@lru_cache(maxsize=1)
def grammar() -> dict[str, Any]:
    return load_toml("descriptor_grammar.toml")


def alternation(words: list[str] | dict[str, Any]) -> str:
    """Longest first; spaces match any run of spaces; a word already holding regex syntax is kept as it is."""
    return _alternation(tuple(words))


@lru_cache(maxsize=None)
def _alternation(words: tuple[str, ...]) -> str:
    out = []
    for w in sorted(words, key=len, reverse=True):
        body = w if re.search(r"[\\()\[\]?*+|{}^$]", w) else re.escape(w)
        out.append(body.replace(r"\ ", r"\s+").replace(" ", r"\s+"))
    return "|".join(out)


def phrase_re(words: list[str]) -> re.Pattern[str]:
    return _phrase_re(tuple(words))


@lru_cache(maxsize=None)
def _phrase_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation(list(words))})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """A stretch of one sentence between list separators; ``listed`` when a header's colon came before it."""

    start: int
    end: int
    sentence: int
    listed: bool
    header: bool  # ends with ":" (it announces a list)


def _sentence_ends(text: str, pos: int) -> bool:
    """Is the full stop at ``pos`` a sentence end (not "c. 25", "prev. relationship", "4 ch.:")?"""
    if pos + 1 < len(text) and not text[pos + 1].isspace():
        return False
    word = re.search(r"([\w/]+)$", text[:pos])
    abbreviations = {a.lower() for a in grammar()["sentences"]["abbreviations"]}
    return not (word and (word.group(1).lower() in abbreviations or len(word.group(1)) == 1 and word.group(1).islower()))


def items(text: str) -> list[Item]:
    """Cut ``text`` into items; separators inside brackets do not cut (``(CP plan; CSO ...)`` stays whole)."""
    found: list[Item] = []
    depth, start, sentence, listed = 0, 0, 0, False
    separators = "".join(grammar()["list"]["items"])

    def close(end: int, header: bool) -> None:
        if text[start:end].strip():
            found.append(Item(start, end, sentence, listed, header))

    for pos, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            close(pos, False)
            start = pos + 1
            if char == "\n":
                # a line ends a sentence; a list under a header goes on line by line until a blank line
                blank = text[pos + 1 : pos + 2] == "\n" or not text[start:pos].strip()
                sentence, listed = sentence + 1, listed and not blank
        elif depth == 0 and char == ":":
            close(pos, True)
            start, listed = pos + 1, True
        elif depth == 0 and char == "." and _sentence_ends(text, pos):
            close(pos, False)
            start, sentence, listed = pos + 1, sentence + 1, False
    close(len(text), False)
    return found


@dataclass
class Chunk:
    kind: str  # age, noun, name, person, initial, num, id, term (legal shorthand), word, mark
    start: int
    end: int
    text: str
    age: Range | None = None  # an age (or the range a word like "toddler" or "teens" gives)
    sex: str = ""
    count: int | None = None
    plural: bool = False
    owner: str = ""  # the possessive before a noun phrase, as written
    words: tuple[str, ...] = ()  # the noun phrase's adjectives and noun, lower case
    others: bool = False  # a noun for someone else's child (stepson, grandchild, niece)


@lru_cache(maxsize=1)
def _numbers() -> dict[str, int]:
    return {k: v for k, v in vocabulary()["numbers"].items() if k not in ("a", "an", "both", "twins", "twin")}


@lru_cache(maxsize=1)
def _age_re() -> re.Pattern[str]:
    age = grammar()["age"]
    value = rf"(?:\d{{1,2}}(?![\d/:]|\.\d)|{alternation(list(_numbers()))})"
    pre = rf"(?:{alternation(age['prefixes'])})"
    poss = r"(?:his|her|their)"
    ranges = alternation([r.replace("{poss}", poss) for r in age["ranges"]])
    return re.compile(
        rf"(?<![\w-])(?:(?:{pre}\s*)?(?P<val>{value})\s*(?:(?P<years>{alternation(age['years'])})|(?P<months>{alternation(age['months'])}))(?![\w-])"
        rf"|{pre}\s*(?P<val2>{value})(?![\w-])|(?P<range>{ranges})(?![\w-]))",
        re.IGNORECASE,
    )


def _range_of(phrase: str) -> Range | None:
    """The ages an age word or phrase covers ("toddler" 1-3, "in her teens" 13-19)."""
    words = re.sub(r"\s+", " ", phrase.lower())
    words = re.sub(r"^in (?:his|her|their) ", "in {poss} ", words)
    ranges = grammar()["age"]["ranges"]
    hit = ranges.get(words)
    return (hit[0], hit[1]) if hit else None


def age_of(match: re.Match[str]) -> Range | None:
    """An age match as a range: one year for a number, 0 for months or weeks, a word's range for a word."""
    if match.group("range"):
        return _range_of(match.group("range"))
    raw = (match.group("val") or match.group("val2")).lower()
    value = int(raw) if raw.isdigit() else _numbers().get(raw)
    if value is None:
        return None
    return (0, 0) if match.group("months") else (value, value)


@lru_cache(maxsize=1)
def _noun_re() -> re.Pattern[str]:
    child = grammar()["child"]
    words = child["words"]
    nouns = alternation([*child["nouns"], *child["others"]])
    shorthand = "|".join(child["shorthand"])
    counts = alternation([*_numbers(), "a", "an", "both"])
    owner = r"(?P<owner>his|her|their|my|(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)['’]s|partner['’]s|ex['’]s)"
    return re.compile(
        rf"(?<![\w-])(?:{owner}\s+)?(?:the\s+)?(?:(?P<count>\d{{1,2}}|{counts})\s+)?(?P<adj>(?:(?:{alternation(words['adjectives'])})\s+)*)"
        rf"(?:(?P<noun>{nouns})(?![\w-])|(?-i:(?P<short>{shorthand}))(?![\w-]))",
        re.IGNORECASE,
    )


_NAME = re.compile(r"(?<![\w’'-])[A-ZÀ-Ý][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?(?:-[A-ZÀ-Ý][a-zà-ÿ]+)*(?![\w-])")
_ID = re.compile(r"(?<![\w-])[A-Z]{1,5}-?\d{1,4}(?![\w-])")
_NUM = re.compile(r"(?<![\w/.-])\d{1,2}(?![\d/:]|\.\d)")
_WORD = re.compile(r"[\w’'/-]+|\S")


@lru_cache(maxsize=1)
def _parent_of_re() -> re.Pattern[str]:
    """"Mother of four", "dad to 3": a count of the participant's children with no noun."""
    counts = alternation(list(_numbers()))
    return re.compile(rf"(?<![\w-])(?:{alternation(grammar()['child']['words']['parent_of'])})\s+(?P<count>\d{{1,2}}|{counts})(?![\w-])",
                      re.IGNORECASE)


def _count_value(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else ({"a": 1, "an": 1, "both": 2} | _numbers()).get(word)


def _noun_chunk(m: re.Match[str]) -> Chunk:
    child = grammar()["child"]
    noun = (m.group("noun") or m.group("short") or "").strip()
    low = re.sub(r"\s+", " ", noun.lower())
    sex = child["nouns"].get(low, child["others"].get(low))
    if m.group("short"):
        sex = next((v for p, v in child["shorthand"].items() if re.fullmatch(p, noun)), "")
    adjectives = tuple(a for a in re.split(r"\s+", (m.group("adj") or "").lower()) if a)
    count = _count_value(m.group("count") or "")
    twins = low in child["words"]["twins"] or any(a in child["words"]["twins"] for a in adjectives)
    plural = low in child["words"]["plural"] or twins or (count or 1) > 1 or bool(m.group("short") and noun.startswith("DC"))
    if twins and count is None:
        count = 2
    age = _range_of(low) or next((_range_of(a) for a in adjectives if _range_of(a)), None)
    return Chunk("noun", m.start(), m.end(), m.group(), age=age, sex=sex or "", count=count, plural=plural,
                 owner=(m.group("owner") or ""), words=(*adjectives, low), others=low in child["others"])


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(grammar()["names"]["not_names"])


def chunks(text: str, start: int, end: int, *, people: set[str], initial: str, known_ids: frozenset[str],
           terms: Sequence[tuple[int, int]] = ()) -> list[Chunk]:
    """The chunks of ``text[start:end]``, left to right: ``terms`` (legal shorthand spans) first, then ages and
    noun phrases before names and words."""
    term_at = {s: e for s, e in terms}
    not_names = _not_names()
    found: list[Chunk] = []
    pos = start
    age_re, noun_re = _age_re(), _noun_re()
    while pos < end:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            break
        if pos in term_at:
            found.append(Chunk("term", pos, term_at[pos], text[pos : term_at[pos]]))
            pos = term_at[pos]
            continue
        ident = _ID.match(text, pos, end)
        shorthand = ident and any(re.fullmatch(p, ident.group()) for p in grammar()["child"]["shorthand"])
        if ident and (ident.group() in known_ids or not shorthand):
            found.append(Chunk("id", pos, ident.end(), ident.group()))
            pos = ident.end()
            continue
        parent_of = _parent_of_re().match(text, pos, end)
        if parent_of:
            count = _count_value(parent_of.group("count"))
            found.append(Chunk("noun", pos, parent_of.end(), parent_of.group(), count=count, plural=(count or 0) > 1, words=("children",)))
            pos = parent_of.end()
            continue
        noun = noun_re.match(text, pos, end)
        age = age_re.match(text, pos, end)
        if age and (not noun or age.end() > noun.end()) and age_of(age) is not None:
            found.append(Chunk("age", pos, age.end(), age.group(), age=age_of(age)))
            pos = age.end()
            continue
        if noun:
            found.append(_noun_chunk(noun))
            pos = noun.end()
            continue
        name = _NAME.match(text, pos, end)
        if name and not re.match(r"['’]s\b", text[name.end() : name.end() + 2]):
            word = name.group()
            kind = "person" if word in people else "name" if word not in not_names else "word"
            found.append(Chunk(kind, pos, name.end(), word))
            pos = name.end()
            continue
        num = _NUM.match(text, pos, end)
        if num:
            found.append(Chunk("num", pos, num.end(), num.group(), age=(int(num.group()), int(num.group()))))
            pos = num.end()
            continue
        word = _WORD.match(text, pos, end)
        assert word is not None
        token = word.group()
        if token.lower() in _numbers():
            value = _numbers()[token.lower()]
            found.append(Chunk("num", pos, word.end(), token, age=(value, value)))
        elif initial and token == initial or re.fullmatch(rf"{re.escape(initial)}['’]s", token) and initial:
            found.append(Chunk("initial", pos, word.end(), token))
        else:
            found.append(Chunk("mark" if not re.match(r"\w", token) else "word", pos, word.end(), token))
        pos = word.end()
    return found
