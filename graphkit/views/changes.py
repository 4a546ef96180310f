"""A family's changes over the fieldwork: the small timeline under an ecomap.

A change is a dated start of a care or contact arrangement drawn on the ecomap
(from ``history.spans``), or the date one stopped being said with none after
it. Each links to the passage that says it (the first passage of that date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from graphkit.model import Evidence, Graph, Relation
from graphkit.views.ecomap import Tie
from graphkit.views.html import esc
from graphkit.views.styles import CARE_LABELS, CONTACT_STYLES

STRIP_W, STRIP_H, MARGIN = 1000, 46, 70


@dataclass(frozen=True, order=True)
class Change:
    date: str
    who: str
    words: str
    passage: str  # the id of the passage's element in the ecomap's evidence list


def passage_anchor(tie: Tie, index: int, ev: Evidence) -> str:
    """The id of one passage in the evidence list (a tie may list one passage under two relations)."""
    return f"{tie.anchor}-{index}-{ev.id}"


def _words(rel: Relation) -> str:
    arrangement = str(rel.attrs.get("arrangement") or "")
    if rel.kind == "care":
        return CARE_LABELS.get(arrangement, arrangement.replace("-", " ") or "care")
    return CONTACT_STYLES[arrangement].label if arrangement in CONTACT_STYLES else "contact"


def family_changes(graph: Graph, ties: list[Tie], found: dict[str, dict]) -> list[Change]:
    """Every dated change of the care and contact lines among ``ties``, in date order.

    A start says what it replaced ("kinship care \u2192 lives with this parent"); an arrangement
    only ever said as past ("had been with her nan") is listed as "earlier" on the date it was said.
    """
    changes: set[Change] = set()
    pool = [r for t in ties for r in t.relations]  # a pair's contact lines are separate ties
    for tie in ties:
        for index, rel in enumerate(tie.relations):
            span = found.get(rel.id)
            if rel.kind not in ("care", "contact") or span is None:
                continue
            child = rel.source if rel.kind == "care" else rel.target
            who = (graph.entities[child].label or child) if child in graph.entities else child
            if not span["active"] and span["first"]:
                changes.add(Change(span["first"], who, "earlier: " + _words(rel), _passage(tie, index, rel, span["first"])))
            for start, end in span["active"]:
                before = _ended_at(found, pool, rel, start) if start else None
                if start:
                    words = (_words(before) + " \u2192 " if before else "") + _words(rel)
                    changes.add(Change(start, who, words, _passage(tie, index, rel, start)))
                if end and _started_at(found, pool, rel, end) is None:
                    changes.add(Change(end, who, "no longer said: " + _words(rel), _passage(tie, index, rel, end)))
    return sorted(changes)


def _sibling(found: dict[str, dict], pool: list[Relation], rel: Relation, when: str, end: int) -> Relation | None:
    """Another line of the same pair whose span starts (end=0) or ends (end=1) on ``when``."""
    return next((r for r in pool if r.id != rel.id and (r.kind, r.source, r.target) == (rel.kind, rel.source, rel.target)
                 and any(a[end] == when for a in found.get(r.id, {}).get("active", []))), None)


def _ended_at(found: dict[str, dict], pool: list[Relation], rel: Relation, when: str) -> Relation | None:
    return _sibling(found, pool, rel, when, 1)


def _started_at(found: dict[str, dict], pool: list[Relation], rel: Relation, when: str) -> Relation | None:
    return _sibling(found, pool, rel, when, 0)


def _passage(tie: Tie, index: int, rel: Relation, when: str) -> str:
    dated = [ev for ev in sorted(rel.evidence) if ev.date == when] or sorted(rel.evidence)
    return passage_anchor(tie, index, dated[0]) if dated else tie.anchor


def _day(iso: str) -> int:
    return Date.fromisoformat(iso if len(iso) == 10 else iso[:7] + "-01").toordinal()


def render_strip(changes: list[Change], first: str, last: str) -> str:
    """An axis over the fieldwork with a dot per change, each dot a link to its passage."""
    lo, hi = _day(first), max(_day(last), _day(first) + 1)

    def x(when: str) -> float:
        return round(MARGIN + (STRIP_W - 2 * MARGIN) * (_day(when) - lo) / (hi - lo), 1)

    parts = [f'<svg class="strip" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {STRIP_W} {STRIP_H}" role="img" '
             f'aria-label="Changes from {esc(first)} to {esc(last)}" data-changes="{len(changes)}">',
             f'<line x1="{MARGIN}" y1="18" x2="{STRIP_W - MARGIN}" y2="18" stroke="#7f8c8d" stroke-width="2"/>',
             f'<text x="{MARGIN}" y="40" text-anchor="middle" class="small">{esc(first)}</text>',
             f'<text x="{STRIP_W - MARGIN}" y="40" text-anchor="middle" class="small">{esc(last)}</text>']
    for change in changes:
        parts.append(f'<a href="#{esc(change.passage)}"><title>{esc(change.date + ": " + change.who + ", " + change.words)}</title>'
                     f'<circle cx="{x(change.date)}" cy="18" r="6" fill="#d35400" stroke="#fff" stroke-width="1.5"/></a>')
    parts.append("</svg>")
    return "\n".join(parts)
