"""Is a phrase a fact? Negation, hypotheticals, fears, thoughts, questions, generic talk, ended states.

Cue lists live in data/patterns.toml [cues]. Scope is kept small on purpose:
negation looks at the few words before a phrase in its own clause ("she was
never in foster care"), hypotheticals and ended markers at the clause, fears
and generic talk at the sentence, because a cue further away usually governs
something else ("I'll be honest wi' you, he's in foster care").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graphkit.extract.mentions import cue, screened_cue
from graphkit.extract.screens import Words

_CLAUSE_BREAK = re.compile(r"[,;:–—()]|\bbut\b|\bbecause\b|\b['’]cause\b|\bso\b(?= )", re.IGNORECASE)
_WORD = re.compile(r"[\w'’]+")
_OPENS_CONDITION = re.compile(r"\s*(?:if|when|unless|once(?!\s+(?:a|an|every|more|again|or twice)\b))\b", re.IGNORECASE)  # not "Once a month"
_CONDITION = re.compile(r"\b(?:if|unless)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """How a phrase at one place in a sentence should be taken."""

    negated: bool = False
    excepted: bool = False
    hypothetical: bool = False
    fear: bool = False
    thought: bool = False  # "I think about him every day": a thought or a feeling, not something that happens
    ended: bool = False
    question: bool = False
    generic: bool = False

    @property
    def is_fact(self) -> bool:
        return not (self.negated or self.excepted or self.hypothetical or self.fear or self.thought or self.question
                    or self.generic)


def clause_start(sentence: str, pos: int) -> int:
    """Start (in ``sentence``) of the clause holding offset ``pos``."""
    start = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, pos):
        start = m.end()
    return start


def clause_end(sentence: str, pos: int) -> int:
    m = _CLAUSE_BREAK.search(sentence, pos)
    return m.start() if m else len(sentence)


def is_generic(sentence: str) -> bool:
    return bool(cue("cues", "generic").search(sentence.strip()))


def starts_generic_turn(sentence: str, words: Words | None = None) -> bool:
    return bool(screened_cue("cues", "generic_turn").search(sentence, words=words))


@lru_cache(maxsize=4096)  # pure, and rules ask again about the same place (one phrase, several people)
def negated_before(sentence: str, pos: int, words: int = 5) -> bool:
    """A negation cue among the last few words before ``pos`` in the same clause."""
    start = clause_start(sentence, pos)
    window = _WORD.findall(sentence[start:pos])[-words:]
    return bool(window) and bool(cue("cues", "negation").search(" ".join(window)))


@lru_cache(maxsize=4096)  # pure, and rules ask again about the same place (one phrase, several people)
def read(sentence: str, start: int, end: int, *, generic_turn: bool = False, may_be_negative: bool = False) -> Reading:
    """Read the phrase ``sentence[start:end]`` (offsets into the sentence).

    Beyond the phrase's own clause, two cues reach across clauses: an "if"
    clause governs what follows it in the sentence ("if my tests stay clean,
    they can come home"), and an opening "Before," dates the whole sentence.
    """
    c0, c1 = clause_start(sentence, start), clause_end(sentence, end)
    hypothetical = bool(cue("cues", "hypothetical").search(sentence[c0:end]) or cue("cues", "hypothetical_after").search(sentence[end:c1]))
    if _OPENS_CONDITION.match(sentence) or _CONDITION.search(sentence[:c0]):
        hypothetical = True
    ended = bool(cue("cues", "ended").search(sentence[c0:end]) or cue("cues", "ended_after").search(sentence[end:c1])
                 or cue("cues", "ended_sentence").search(sentence))
    return Reading(
        negated=False if may_be_negative else negated_before(sentence, start),
        excepted=excepted(sentence, start),
        hypothetical=hypothetical,
        fear=bool(cue("cues", "fear").search(sentence[:start])),
        thought=bool(cue("cues", "thought").search(sentence[c0:start])),
        ended=ended,
        question=sentence.rstrip().endswith("?"),
        generic=generic_turn or is_generic(sentence),
    )


def excepted(sentence: str, pos: int) -> bool:
    """The phrase at ``pos`` is the exception of its sentence ("never away from me, except at my aunt's").

    An exception is named after what it is an exception to, in its own short
    clause; so a cue in the phrase's clause, or closing the clause just before
    it ("apart from, at my aunt's"), puts the phrase inside the exception.
    """
    c0 = clause_start(sentence, pos)
    before = clause_start(sentence, max(0, c0 - 1)) if c0 else 0
    return bool(cue("cues", "exception").search(sentence[c0:pos]) or cue("cues", "exception").search(sentence[before:c0]) and c0 - before < 40)


def answer_is_no(sentence: str) -> bool:
    return bool(cue("cues", "no_answer").search(sentence.strip()))


def answer_is_yes(sentence: str) -> bool:
    return bool(cue("cues", "yes_answer").search(sentence.strip()))
