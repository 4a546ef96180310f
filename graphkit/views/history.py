"""When each care, contact and engagement line held: the network page's date slider reads these spans.

The model keeps history as relations with ``current=False`` and their passages
carry the date of their text (``extract/timeline.py`` decides what is current).
This module only replays those passages in date order to say, for a date D,
which arrangement of a (child, parent) pair stood then:

* an undated passage (the descriptor, the listing) is the baseline, older than
  any dated text;
* passages are replayed by (date, file, line): the last one said by D stands
  (within one text the last statement wins, as the extraction rule says);
* after the pair's last dated text, what stands is what the model calls
  current (none when the model has none current).

A span is ``{"first": date, "active": [[from, to], ...]}``: the line is not yet
known before ``first``; it stands from ``from`` (inclusive) to ``to``
(exclusive; ``None`` is open); otherwise it is history, drawn faded. Dates are
ISO strings ("2021-05" or "2021-05-07"); "" is the start of the fieldwork.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date as Date
from typing import Any

from graphkit.model import Graph, Relation

ARRANGEMENTS = ("care", "contact")  # a pair's lines replace one another
SINCE = ("engages-with",)  # lines that only start


_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def iso_date(text: str | None) -> str:
    """``text`` when it is an ISO date or year-month ("2021-05-07", "2021-05"), else "" (taken as undated)."""
    match = _ISO.fullmatch(text or "")
    if not match:
        return ""
    try:
        Date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
    except ValueError:
        return ""
    return str(text)


def _pair(rel: Relation) -> tuple[str, str, str]:
    child, parent = (rel.source, rel.target) if rel.kind == "care" else (rel.target, rel.source)
    return (rel.kind, child, parent)


def _said(rel: Relation) -> list[tuple[str, str, int]]:
    """(date, file, line) of every passage of ``rel``; one with no passage counts as said on its own date."""
    said = [(iso_date(ev.date), ev.file, ev.line_start) for ev in rel.evidence]
    return sorted(said) or [(iso_date(rel.date), "", 0)]


def _replay(group: list[Relation]) -> dict[str, dict[str, Any]]:
    statements = sorted((when, rel.current, rel.id) for rel in group for when in _said(rel))
    spans: dict[str, dict[str, Any]] = {rel.id: {"first": _said(rel)[0][0], "active": []} for rel in group}
    last = max(when[0] for when, _, _ in statements)
    standing: str | None = None
    since = ""
    for (date, _file, _line), _current, rel_id in statements:
        if date == last:
            break  # the model's own verdict governs the last text
        if rel_id != standing:
            if standing is not None and since != date:
                spans[standing]["active"].append([since, date])
            standing, since = rel_id, date
    current = next((r.id for r in sorted(group, key=lambda r: r.id) if r.current), None)
    if standing is not None and standing != current and since != last:
        spans[standing]["active"].append([since, last])
    if current is not None:
        start = since if standing == current else last
        spans[current]["active"].append([start, None])
    for rel_id, span in spans.items():
        span["active"] = _merged(span["active"])
        if span["active"] and span["active"][0][0] < span["first"]:
            span["first"] = span["active"][0][0]
    return spans


def _merged(active: list[list[str | None]]) -> list[list[str | None]]:
    out: list[list[str | None]] = []
    for start, end in active:
        if out and out[-1][1] == start:
            out[-1][1] = end
        else:
            out.append([start, end])
    return out


def spans(graph: Graph) -> dict[str, dict[str, Any]]:
    """The span of every care, contact and engagement relation, by relation id."""
    groups: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    found: dict[str, dict[str, Any]] = {}
    for rel in sorted(graph.relations.values(), key=lambda r: r.id):
        if rel.kind in ARRANGEMENTS:
            groups[_pair(rel)].append(rel)
        elif rel.kind in SINCE:
            first = _said(rel)[0][0]
            found[rel.id] = {"first": first, "active": [[first, None]]}
    for key in sorted(groups):
        found.update(_replay(groups[key]))
    return found


def fieldwork_dates(graph: Graph) -> list[str]:
    """Every date a text of the study carries, in order: the stops of the date slider."""
    dates = {iso_date(ev.date) for rel in graph.relations.values() for ev in rel.evidence}
    dates |= {iso_date(f.date) for f in graph.files.values()}
    return sorted(dates - {""})


def state_on(span: dict[str, Any], date: str) -> str:
    """"active", "history" or "future" for ``date``: the rule the page's script applies, here for tests."""
    if date < span["first"]:
        return "future"
    for start, end in span["active"]:
        if start <= date and (end is None or date < end):
            return "active"
    return "history"
