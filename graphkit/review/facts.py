"""The review list: every reviewable fact of a build, family by family, with its passages, doubts and state.

Rejected facts stay in the list (they left every other output); a corrected fact shows what it was;
orphaned decisions are listed beside the facts. ``summary`` counts the states by relation family.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphkit.model import Graph, Relation
from graphkit.review.decisions import ACTIONS, REVIEWABLE, Applied, Decision, fact_ref

#: relation kind -> the family of facts the page and the summary group it under
RELATION_FAMILIES = {
    "parent-of": "children and care", "care": "children and care", "carer-of": "children and care",
    "contact": "contact", "engages-with": "engagement", "works-with": "works-with",
    "partner": "partners", "lives-with": "partners", "relative-of": "partners", "works-at": "roles and services",
}
STATES = ("unreviewed", "accepted", "rejected", "corrected", "manual")
PARTICIPANTS = ("parent", "family-member")
SERVICES_FAMILY = "services and professionals"


def _evidence(relation: Relation) -> list[dict[str, Any]]:
    return [{"file": ev.file, "line": ev.line_start, "row": ev.row, "column": ev.column, "speaker": ev.speaker,
             "date": ev.date, "quote": ev.quote} for ev in sorted(set(relation.evidence))]


def _family(graph: Graph, relation: Relation, parent_of: dict[str, str]) -> str:
    """The participant whose family the fact belongs to (a child's goes with its parent's)."""
    for end in (relation.target, relation.source) if relation.kind == "works-with" else (relation.source, relation.target):
        entity = graph.entities.get(end)
        if entity is not None and entity.kind in PARTICIPANTS:
            return end
    for end in (relation.source, relation.target):
        if end in parent_of:
            return parent_of[end]
    return SERVICES_FAMILY


def _label(graph: Graph, entity_id: str) -> str:
    entity = graph.entities.get(entity_id)
    return f"{entity.label} ({entity_id})" if entity is not None and entity.label and entity.label != entity_id else entity_id


def _record(graph: Graph, relation: Relation, decision: Decision | None, parent_of: dict[str, str]) -> dict[str, Any]:
    ref = decision.fact if decision is not None else fact_ref(relation)
    record: dict[str, Any] = {
        "id": relation.id, "kind": relation.kind, "group": RELATION_FAMILIES[relation.kind],
        "family": _family(graph, relation, parent_of), "who": relation.source, "whom": relation.target,
        "who_label": _label(graph, relation.source), "whom_label": _label(graph, relation.target),
        "arrangement": relation.attrs.get("arrangement"), "carer": relation.attrs.get("carer"),
        "current": relation.current, "date": relation.date, "state": relation.review, "doubts": list(relation.doubts),
        "evidence": _evidence(relation), "ref": vars(ref) if ref else None,
        "original": {k.removeprefix("original_"): v for k, v in sorted(relation.attrs.items()) if k.startswith("original_")},
    }
    if decision is not None:
        record["decision"] = {"reviewer": decision.reviewer, "at": decision.at, "note": decision.note,
                              "set": dict(decision.changes)}
    return record


def review_facts(graph: Graph, applied: Applied) -> list[dict[str, Any]]:
    """Every reviewable fact (current, rejected, corrected, added), sorted by family, relation family and id."""
    parent_of = {r.target: r.source for r in graph.relations_of("parent-of")}
    facts = [_record(graph, r, applied.by_relation.get(r.id), parent_of)
             for r in graph.relations.values() if r.kind in REVIEWABLE and r.evidence]
    facts += [_record(graph, r, applied.by_relation.get(r.id), parent_of)
              for r in graph.withdrawn.values() if r.review == "rejected"]
    return sorted(facts, key=lambda f: (f["family"], f["group"], f["kind"], f["who"], f["whom"], f["id"]))


def orphan_records(applied: Applied) -> list[dict[str, Any]]:
    return [{"line": d.line, "state": ACTIONS[d.action], **d.to_record()} for d in applied.orphans]


def summary(facts: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Relation family -> state -> how many facts (every state present, zeros included)."""
    counts = Counter((f["group"], f["state"]) for f in facts)
    groups = sorted(set(RELATION_FAMILIES.values()))
    return {g: {s: counts[(g, s)] for s in STATES} for g in groups}


def render_summary(table: dict[str, dict[str, int]], orphans: int) -> str:
    """The summary as an aligned text table, with a total row."""
    width = max(len(g) for g in table) + 2
    lines = ["family".ljust(width) + "".join(s.rjust(12) for s in STATES)]
    for group, row in table.items():
        lines.append(group.ljust(width) + "".join(str(row[s]).rjust(12) for s in STATES))
    lines.append("total".ljust(width) + "".join(str(sum(r[s] for r in table.values())).rjust(12) for s in STATES))
    if orphans:
        lines.append(f"{orphans} orphaned decision(s): their facts are no longer found (see problems.json)")
    return "\n".join(lines) + "\n"
