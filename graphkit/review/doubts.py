"""Reasons to doubt an extracted fact: a negation or hypothetical next to its quote, two facts that
disagree, a name resolved by a short form, descriptor text nobody explained beside its evidence.

Each reason is a short sentence kept on the relation (``Relation.doubts``) and shown on the review page,
which can list the doubtful facts first. A reason is never a verdict: the fact stays in every output.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Callable

from graphkit.data import packaged
from graphkit.model import Evidence, Graph, Relation
from graphkit.review.decisions import REVIEWABLE

ReadText = Callable[[str], "str | None"]
#: relation kinds whose current facts about one pair must agree on the arrangement
ONE_ARRANGEMENT = ("care", "contact")


@lru_cache(maxsize=1)
def _data() -> dict:
    return packaged("doubts.toml")


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    data = _data()["cues"]
    return {name: re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                             + r")(?![\w'])", re.IGNORECASE) for name, words in data.items()}


def _before(text: str, ev: Evidence) -> str:
    """The text just before the quote, up to the window and never before its line."""
    line_start = text.rfind("\n", 0, ev.start) + 1
    return text[max(line_start, ev.start - int(_data()["window"])):ev.start]


def _cue_doubts(relation: Relation, texts: dict[str, str | None]) -> list[str]:
    """A negation or hypothetical in or just before every passage from a text (one clean passage is support)."""
    skip_negation = relation.attrs.get("arrangement") in _data()["no_negation_doubt"]["arrangements"]
    found: list[str] = []
    for ev in sorted(set(relation.evidence)):
        text = texts.get(ev.file)
        if ev.from_table or text is None or text[ev.start:ev.end] != ev.quote:
            continue
        cue = next(((name, m.group()) for name, pattern in _cues().items() if not (name == "negation" and skip_negation)
                    for m in [pattern.search(_before(text, ev) + " " + ev.quote)] if m), None)
        if cue is None:
            return []
        found.append(f"a {cue[0]} in or before the quote ({cue[1].lower()!r}, {ev.file} line {ev.line_start})")
    return found[:1]


def _disagreements(graph: Graph) -> dict[str, list[str]]:
    """Current care or contact facts of one pair that name different arrangements: each doubts the other."""
    by_pair: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for relation in graph.relations.values():
        if relation.kind in ONE_ARRANGEMENT and relation.current:
            by_pair[(relation.kind, relation.source, relation.target)].append(relation)
    found: dict[str, list[str]] = defaultdict(list)
    for group in by_pair.values():
        arrangements = sorted({str(r.attrs.get("arrangement")) for r in group})
        for relation in group if len(arrangements) > 1 else ():
            others = [a for a in arrangements if a != relation.attrs.get("arrangement")]
            found[relation.id].append(f"another source says {', '.join(others)}")
    return found


def _short_forms(graph: Graph, relation: Relation) -> list[str]:
    """An end named by a longer name that no quote writes whole, where a quote has one word of it."""
    least = int(_data()["short_form"]["min_letters"])
    quotes = [ev.quote for ev in relation.evidence if not ev.from_table]
    found = []
    for end in (relation.source, relation.target):
        entity = graph.entities.get(end)
        words = re.findall(r"[A-Z][\w'-]+", entity.label or "") if entity is not None else []
        if entity is None or len(words) < 2 or not quotes:
            continue
        if any(entity.label.lower() in q.lower() or end in q for q in quotes):
            continue
        used = [w for w in words if len(w) >= least and any(re.search(rf"\b{re.escape(w)}\b", q) for q in quotes)]
        if used:
            found.append(f"{entity.label} ({end}) resolved from the short form {used[0]!r}")
    return found


def _unexplained_near(relation: Relation, unexplained: dict[tuple[str, int], list[tuple[int, int, str]]]) -> list[str]:
    window = int(_data()["window"])
    found = []
    for ev in sorted(set(relation.evidence)):
        if not ev.from_table:
            continue
        for start, end, words in unexplained.get((ev.file, ev.row or 0), []):
            if start < ev.end + window and end > ev.start - window:
                found.append(f"descriptor text left unexplained next to it ({words!r}, {ev.file} row {ev.row})")
    return list(dict.fromkeys(found))


def note_doubts(graph: Graph, read_text: ReadText,
                unexplained: dict[tuple[str, int], list[tuple[int, int, str]]]) -> Graph:
    """Set ``doubts`` on every reviewable relation of ``graph`` (``unexplained``: (file, row) -> descriptor spans)."""
    files = sorted({ev.file for r in graph.relations.values() if r.kind in REVIEWABLE for ev in r.evidence if not ev.from_table})
    texts = {f: read_text(f) for f in files}
    disagree = _disagreements(graph)
    for relation in graph.relations.values():
        if relation.kind in REVIEWABLE:
            relation.doubts = tuple(_cue_doubts(relation, texts) + disagree.get(relation.id, [])
                                    + _short_forms(graph, relation) + _unexplained_near(relation, unexplained))
    return graph
