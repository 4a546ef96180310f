"""Words a pattern cannot match without: a set test that spares most sentences a regex scan.

``re`` tries a pattern at every position of a text, so each of the thirty-odd
patterns run on each sentence costs time in proportion to the sentence, hit or
not, and most sentences hold no hit. ``options`` reads a parsed pattern and
returns what every match holds as whole ``\\w+`` words of the text, lower-cased:
one of a few options, each a list of word sets to hold a word of each ("no"
and "contact" for "no contact", or "supervised"; one preposition, possessive
and kin word for "with my nan"). A sentence's words are split once
(``words_of``); when they satisfy no option, the pattern cannot match and is
not run: the same matches, found faster.

Why whole words are safe: a word of the pattern counts only where the pattern
itself puts a non-word character (or a look-around, ``\\b``, ``^``/``$``) on
both sides of it, so the text holds it as a whole word too. Why lower case is
safe: a text whose non-ASCII characters all lack case cannot match a cased
letter any other way than ``str.lower`` says; any other text is not screened.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from functools import lru_cache
from typing import Iterable, Iterator

from graphkit.data import independent_of_data

# a text's lower-cased words in order, repeats and all: a tuple, quicker to make than a set, and only
# ever asked whether a set of words meets it (frozenset.isdisjoint takes any iterable)
Words = tuple[str, ...]
# sets of words to hold a word of each; a pattern's options: a match satisfies at least one
Option = tuple[frozenset[str], ...]

_WORD = re.compile(r"\w+")
_DIGIT_CHAR = re.compile(r"\d")
# a pseudo-word (no \w+ word has a backslash) for "the text holds a digit": what "\d{1,2}" needs
DIGIT = "\\d"
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
# strings a run of fixed items ("(?:my|ma) (?:mum|nan)") may spell before it is read item by item instead
_SPELLINGS = 256
# alternatives of a pattern's outer branch kept as options; past that, one word set stands for the branch
_OPTIONS = 256
# spelt for a look-around, \b, ^ or $ that puts a non-word character beside it: splits words as one does
_EDGE = "\x00"


def words_of(text: str) -> Words | None:
    """The lower-cased ``\\w+`` words of ``text`` (and DIGIT if it holds a digit); None when a cased non-ASCII character makes lower case unsafe."""
    if not text.isascii() and any(not c.isascii() and not (c.lower() == c == c.upper()) for c in set(text)):
        return None
    words = _WORD.findall(text.lower())
    if _DIGIT_CHAR.search(text):
        words.append(DIGIT)
    return tuple(words)


class Screened:
    """A compiled pattern run only on texts whose words it could match (``words`` of exactly ``text[pos:endpos]``)."""

    __slots__ = ("pattern", "keys", "enough", "rest")

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        # each option filed under the words of its likeliest-missing set; most texts hold none of those words
        self.rest: dict[str, list[Option]] | None = {}
        for option in options(pattern.pattern, pattern.flags):
            if not option:
                self.rest = None  # an option without words: any text may match
                break
            key = _best(list(option))
            for word in key:
                self.rest.setdefault(word, []).append(tuple(need for need in option if need is not key))
        self.keys = frozenset(self.rest or ())
        # key words that satisfy an option alone (one set, or a phrase list): no further test
        self.enough = frozenset(word for word, rests in (self.rest or {}).items() if () in rests)

    def admits(self, words: Words | None) -> bool:
        if words is None or self.rest is None:
            return True
        return not self.keys.isdisjoint(words) and self._satisfied(words)

    def _satisfied(self, words: Words) -> bool:
        """Some key word is there: is a whole option?"""
        if not self.enough.isdisjoint(words):
            return True
        for word in self.keys.intersection(words):
            for option in self.rest[word]:
                for need in option:
                    if need.isdisjoint(words):
                        break
                else:  # a word of every other set too
                    return True
        return False

    # search and finditer spell admits() out: one call less on the way most texts take, a third of a million times a build

    def search(self, text: str, pos: int = 0, endpos: int | None = None, *, words: Words | None = None) -> re.Match[str] | None:
        if words is not None and self.rest is not None and (self.keys.isdisjoint(words) or not self._satisfied(words)):
            return None
        return self.pattern.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, *, words: Words | None = None) -> Iterator[re.Match[str]]:
        if words is not None and self.rest is not None and (self.keys.isdisjoint(words) or not self._satisfied(words)):
            return iter(())
        return self.pattern.finditer(text, pos, len(text) if endpos is None else endpos)


class Gate:
    """Can any of several screened patterns match? One set test instead of one per pattern, for rules that run several."""

    __slots__ = ("keys",)

    def __init__(self, members: Iterable[Screened]):
        members = list(members)
        # every member's key words, pooled: a text without any of them matches no member
        self.keys = None if any(m.rest is None for m in members) else frozenset().union(*(m.keys for m in members))

    def admits(self, words: Words | None) -> bool:
        return words is None or self.keys is None or not self.keys.isdisjoint(words)


def screened(pattern: str, flags: int = 0) -> Screened:
    return Screened(re.compile(pattern, flags))


@independent_of_data
@lru_cache(maxsize=None)
def options(pattern: str, flags: int = 0) -> tuple[Option, ...]:
    """The options every match of ``pattern`` satisfies one of (``((),)``: nothing known, never screened)."""
    if flags & (re.ASCII | re.LOCALE):
        return ((),)  # another meaning of \w than the one words_of splits on
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return ((),)
    if parsed.state.flags & (re.ASCII | re.LOCALE):
        return ((),)
    return tuple(dict.fromkeys(_options(list(parsed), False, False)))


def _options(items: list, left: bool, right: bool) -> list[Option]:
    """Options of a sequence: one per alternative when the sequence is one branch (a phrase list), else one."""
    items = _unfactored(items)
    consuming = [k for k, (op, _) in enumerate(items) if op not in _ZERO_WIDTH]
    if len(consuming) == 1:
        k = consuming[0]
        op, av = items[k]
        before, after = _ends_bounded(items[:k], left), _starts_bounded(items[k + 1 :], right)
        if op is sre.SUBPATTERN:
            return _options(list(av[3]), before, after)
        if op is sre.BRANCH and len(av[1]) <= _OPTIONS:
            found = [option for alternative in av[1] for option in _options(list(alternative), before, after)]
            if len(found) <= _OPTIONS:
                return found
    return [tuple(dict.fromkeys(_needs(items, left, right)))]


def _needs(items: list, left: bool, right: bool) -> list[frozenset[str]]:
    """Word sets of a sequence; ``left``/``right``: a non-word character (or an edge) is known to surround it."""
    items = _unfactored(items)
    found: list[frozenset[str]] = []
    k = 0
    while k < len(items):
        end, spellings = _fixed_run(items, k)
        if end > k:
            found += _whole_words(spellings, _ends_bounded(items[:k], left), _starts_bounded(items[end:], right))
            k = end
            continue
        op, av = items[k]
        before, after = _ends_bounded(items[:k], left), _starts_bounded(items[k + 1 :], right)
        if op is sre.SUBPATTERN:
            found += _needs(list(av[3]), before, after)
        elif op is sre.BRANCH:
            either: set[str] = set()
            for alternative in av[1]:
                sets = _needs(list(alternative), before, after)
                if not sets:
                    break
                either |= _best(sets)
            else:
                found.append(frozenset(either))
        elif op in _REPEATS and av[0] >= 1:
            once = av[1] == 1  # one pass: it has the sequence's surroundings
            found += _needs(list(av[2]), before and once, after and once)
        elif op is sre.IN and all(o is sre.CATEGORY and a is sre.CATEGORY_DIGIT for o, a in av):
            found.append(frozenset({DIGIT}))
        k += 1
    return found


def _unfactored(items: list) -> list:
    """``items`` with what ``re``'s parser moved out in front of a branch (the alternatives' common first items) put back.

    "(?:no|nae|never)" parses as "n" then a branch of "o", "ae", "ever": put
    back, each alternative spells a whole word again. The same strings match.
    """
    out: list = []
    for item in items:
        if item[0] is sre.BRANCH:
            k = len(out)
            while k > 0 and out[k - 1][0] in (sre.LITERAL, sre.IN):  # a look-around stays: it bounds the branch from outside
                k -= 1
            prefix, out = out[k:], out[:k]
            item = (sre.BRANCH, (None, [prefix + list(alternative) for alternative in item[1][1]]))
        out.append(item)
    return out


def _best(sets: list[frozenset[str]]) -> frozenset[str]:
    """The set least likely to be in a sentence by chance.

    Short words are the common ones ("at", "my", "to"): a set is scored by the
    chance that a random string of each word's length spells one of them.
    """
    return min(sets, key=lambda s: (sum(26.0 ** -len(w) for w in s), sorted(s)))


def _fixed_run(items: list, start: int) -> tuple[int, set[str]]:
    """The longest run of items from ``start`` spelling a few known strings: (end index, the strings)."""
    spellings = {""}
    end = start
    while end < len(items):
        literal = end
        while literal < len(items) and items[literal][0] is sre.LITERAL:  # plain text: one string, not a set a character
            literal += 1
        if literal > end:
            text = "".join(chr(av) for _, av in items[end:literal])
            spellings, end = {a + text for a in spellings}, literal
            continue
        item = _spellings(items[end])
        if item is None or len(spellings) * len(item) > _SPELLINGS:
            break
        spellings = {a + b for a in spellings for b in item}
        end += 1
    return end, spellings


def _spellings(item: tuple) -> set[str] | None:
    """Every string ``item`` can match, when there are few (case aside: words are compared lower-cased).

    A zero-width item spells nothing, or ``_EDGE`` where it puts a non-word
    character on one side (a word beside it then ends there).
    """
    op, av = item
    if op in _ZERO_WIDTH:
        return {_EDGE if _marks_edge(item) else ""}
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        return {chr(a) for _, a in av} if all(o is sre.LITERAL for o, _ in av) else None
    if op is sre.SUBPATTERN:
        return _sequence_spellings(list(av[3]))
    if op is sre.BRANCH and len(av[1]) <= _SPELLINGS:
        out: set[str] = set()
        for alternative in av[1]:
            found = _sequence_spellings(list(alternative))
            if found is None or len(out | found) > _SPELLINGS:
                return None
            out |= found
        return out
    if op in _REPEATS and av[1] <= 3:
        body = _sequence_spellings(list(av[2]))
        if body is None:
            return None
        out, power = ({""} if av[0] == 0 else set()), {""}
        for count in range(1, av[1] + 1):
            power = {a + b for a in power for b in body}
            if len(power) > _SPELLINGS:
                return None
            if count >= av[0]:
                out |= power
        return out
    return None


def _sequence_spellings(items: list) -> set[str] | None:
    end, spellings = _fixed_run(items, 0)
    return spellings if end == len(items) else None


def _whole_words(spellings: set[str], before: bool, after: bool) -> list[frozenset[str]]:
    """Whole words of a fixed run: each word of its one spelling, else the longest word of each spelling, as one set."""
    per_spelling = []
    for text in spellings:
        whole = [m.group().lower() for m in _WORD.finditer(text)
                 if (m.start() > 0 or before) and (m.end() < len(text) or after)]
        if not whole:
            return []
        per_spelling.append(whole)
    if len(per_spelling) == 1:
        return [frozenset({w}) for w in per_spelling[0]]
    return [frozenset(max(whole, key=lambda w: (len(w), w)) for whole in per_spelling)]


def _is_word(char: str) -> bool:
    return _WORD.match(char) is not None


def _excludes_words(body: list) -> bool:
    """A look-around body that is one class holding ``\\w``: the character it looks at is not a word character."""
    if len(body) != 1 or body[0][0] is not sre.IN:
        return False
    members = body[0][1]
    return (sre.CATEGORY, sre.CATEGORY_WORD) in members and all(o is not sre.NEGATE for o, _ in members)


def _marks_edge(item: tuple) -> bool:
    """A zero-width item that says a non-word character (or the text's edge) is on one side of it.

    A word of the pattern beside it is then whole in the text: on the other
    side the assertion holds, on this side the pattern cannot match at all.
    """
    op, av = item
    if op is sre.ASSERT_NOT:
        return _excludes_words(list(av[1]))
    if op is sre.ASSERT and av[0] == 1:
        return _starts_bounded(list(av[1]), False)
    return op is sre.AT and av in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING, sre.AT_END, sre.AT_END_STRING, sre.AT_BOUNDARY)


def _nonword_edge(item: tuple, side: int) -> bool:
    """Every match of the consuming ``item`` is non-empty and its first (side 0) or last (side -1) character is not a word character."""
    op, av = item
    if op is sre.LITERAL:
        return not _is_word(chr(av))
    if op is sre.IN:
        return all((o is sre.LITERAL and not _is_word(chr(a)))
                   or (o is sre.CATEGORY and a in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD)) for o, a in av)
    body = list(av[2]) if op in _REPEATS and av[0] >= 1 else list(av[3]) if op is sre.SUBPATTERN else None
    if body is None:
        return False
    return _starts_bounded(body, False) if side == 0 else _ends_bounded(body, False)


def _starts_bounded(items: list, after: bool) -> bool:
    """Is the character where ``items`` start matching a non-word one (or the text's end)? ``after``: known past them."""
    for k, item in enumerate(items):
        op, av = item
        if op is sre.BRANCH:
            return all(_starts_bounded(list(alternative) + items[k + 1 :], after) for alternative in av[1])
        if op in _ZERO_WIDTH:
            if _marks_edge(item):
                return True
            continue
        if op in _REPEATS and av[0] == 0:  # present or not, the character after it must be non-word
            return _starts_bounded(list(av[2]), False) and _starts_bounded(items[k + 1 :], after)
        return _nonword_edge(item, 0)
    return after


def _ends_bounded(items: list, before: bool) -> bool:
    """Is the character just before where ``items`` stop matching a non-word one (or the text's start)?"""
    for k in range(len(items) - 1, -1, -1):
        op, av = items[k]
        if op is sre.BRANCH:
            return all(_ends_bounded(items[:k] + list(alternative), before) for alternative in av[1])
        if op in _ZERO_WIDTH:
            if _marks_edge(items[k]):
                return True
            continue
        if op in _REPEATS and av[0] == 0:
            return _ends_bounded(list(av[2]), False) and _ends_bounded(items[:k], before)
        return _nonword_edge(items[k], -1)
    return before
