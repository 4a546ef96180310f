"""A reviewer's decisions as data, and applying them to the extracted model before any output is written.

The decisions file (``decisions.jsonl``, in the collection or the folder given with ``--decisions``) holds
one JSON record a line, keys sorted, so it reads and diffs as text::

    {"action": "reject", "arrangement": "regular-contact", "at": "2026-12-07T20:00:00Z", "file": "...txt",
     "kind": "contact", "note": "she means her niece", "quote": "I have him every other weekend",
     "reviewer": "AB", "who": "DP01", "whom": "DP01-C2"}

A record names its fact by what the fact says: ``kind``, ``who`` (the relation's source), ``whom`` (its
target), ``arrangement`` and one of its passages (``file`` and ``quote``), never by a minted id, so it
survives re-extraction and reordering. ``action`` is ``accept``, ``reject``, ``correct`` (with ``set``:
``arrangement``, ``carer``, ``carer_id`` or ``whom``) or ``add`` (a fact the extractor missed; its quote
must be in its file). A decision whose fact is no longer found is an orphan: reported, kept in the file,
never applied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from graphkit.model import CARE_ARRANGEMENTS, CONTACT_ARRANGEMENTS, Evidence, Graph, Problem, Relation, Revision
from graphkit.stores.files import write_text_atomic

FILE_NAME = "decisions.jsonl"
ACTIONS = {"accept": "accepted", "reject": "rejected", "correct": "corrected", "add": "manual"}
#: the relations a reviewer decides on (``appears-in`` is the listing's, not a reading of a text)
REVIEWABLE = ("parent-of", "care", "carer-of", "contact", "engages-with", "works-with", "partner", "lives-with",
              "relative-of", "works-at")
ARRANGEMENTS = {"care": CARE_ARRANGEMENTS, "contact": CONTACT_ARRANGEMENTS}
CORRECTABLE = ("arrangement", "carer", "carer_id", "whom")
_FIELDS = {"action", "kind", "who", "whom", "arrangement", "carer", "file", "quote", "reviewer", "at", "note", "set"}

ReadText = Callable[[str], "str | None"]


class DecisionError(ValueError):
    """A record that cannot be a decision; the message says which field is wrong."""


@dataclass(frozen=True)
class FactRef:
    """A fact by what it says: who, relation, whom, arrangement, and one passage (file and quote)."""

    kind: str
    who: str
    whom: str
    arrangement: str | None
    file: str
    quote: str

    def describe(self) -> str:
        what = f" ({self.arrangement})" if self.arrangement else ""
        return f"{self.kind} {self.who} -> {self.whom}{what}"


@dataclass(frozen=True)
class Decision:
    action: str
    fact: FactRef
    reviewer: str
    at: str
    note: str | None = None
    changes: tuple[tuple[str, str], ...] = ()  # ``set`` of a correction, sorted
    carer: str | None = None  # the carer label of an added care fact
    line: int = field(default=0, compare=False)

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"action": self.action, "kind": self.fact.kind, "who": self.fact.who,
                                  "whom": self.fact.whom, "file": self.fact.file, "quote": self.fact.quote,
                                  "reviewer": self.reviewer, "at": self.at}
        for name, value in (("arrangement", self.fact.arrangement), ("note", self.note), ("carer", self.carer)):
            if value:
                record[name] = value
        if self.changes:
            record["set"] = dict(self.changes)
        return record

    @classmethod
    def from_record(cls, record: object, line: int = 0) -> "Decision":
        if not isinstance(record, dict):
            raise DecisionError("a decision is a JSON object")
        unknown = sorted(set(record) - _FIELDS)
        if unknown:
            raise DecisionError(f"unknown field(s) {', '.join(unknown)}")
        text = {name: record.get(name) for name in _FIELDS - {"set"}}
        for name in ("action", "kind", "who", "whom", "file", "quote", "reviewer", "at"):
            if not isinstance(text[name], str) or not text[name].strip():
                raise DecisionError(f"{name!r} must be a non-empty string")
        for name in ("arrangement", "carer", "note"):
            if text[name] is not None and not isinstance(text[name], str):
                raise DecisionError(f"{name!r} must be a string")
        if text["action"] not in ACTIONS:
            raise DecisionError(f"action {text['action']!r} is not one of {', '.join(ACTIONS)}")
        if text["kind"] not in REVIEWABLE:
            raise DecisionError(f"kind {text['kind']!r} is not one of {', '.join(REVIEWABLE)}")
        changes = record.get("set") or {}
        if not isinstance(changes, dict) or not all(isinstance(v, str) and v for v in changes.values()):
            raise DecisionError("'set' must be an object of non-empty strings")
        if set(changes) - set(CORRECTABLE):
            raise DecisionError(f"'set' may change only {', '.join(CORRECTABLE)}")
        if (text["action"] == "correct") != bool(changes):
            raise DecisionError("a correction, and only a correction, has 'set'")
        fact = FactRef(text["kind"], text["who"], text["whom"], text["arrangement"] or None, text["file"], text["quote"])
        return cls(text["action"], fact, text["reviewer"], text["at"], text["note"] or None,
                   tuple(sorted(changes.items())), text["carer"] or None, line)


def decisions_path(collection: Path, decisions: Path | None = None) -> Path:
    """Where the decisions of ``collection`` live: ``--decisions`` (a folder or a .jsonl file), else the collection."""
    if decisions is None:
        return Path(collection) / FILE_NAME
    return Path(decisions) if Path(decisions).suffix == ".jsonl" else Path(decisions) / FILE_NAME


def read_decisions(path: Path) -> tuple[list[Decision], list[Problem]]:
    """Every decision of the file (none when there is no file); a bad line is a located problem and is skipped."""
    if not path.is_file():
        return [], []
    decisions, problems = [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            decisions.append(Decision.from_record(json.loads(raw), number))
        except (json.JSONDecodeError, DecisionError) as exc:
            problems.append(Problem(f"{path.name}, line {number}", f"not a decision ({exc}): line ignored", "error"))
    return decisions, problems


def write_decisions(path: Path, decisions: list[Decision]) -> None:
    lines = [json.dumps(d.to_record(), ensure_ascii=False, sort_keys=True) for d in decisions]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, "".join(line + "\n" for line in lines))


def save_decision(path: Path, decision: Decision) -> list[Decision]:
    """Record ``decision``, replacing the one already held for the same fact (one record a fact)."""
    held, _ = read_decisions(path)
    kept = [d for d in held if d.fact != decision.fact]
    at = next((i for i, d in enumerate(held) if d.fact == decision.fact), len(kept))
    kept.insert(at, decision)
    write_decisions(path, kept)
    return kept


def withdraw_decision(path: Path, fact: FactRef) -> list[Decision]:
    """Take back the decision on ``fact``: it is unreviewed again."""
    kept = [d for d in read_decisions(path)[0] if d.fact != fact]
    write_decisions(path, kept)
    return kept


def fact_ref(relation: Relation) -> FactRef | None:
    """How a decision names ``relation``: its first passage (a relation without evidence cannot be reviewed)."""
    if not relation.evidence:
        return None
    first = min(relation.evidence)
    arrangement = relation.attrs.get("arrangement")
    return FactRef(relation.kind, relation.source, relation.target, arrangement, first.file, first.quote)


@dataclass
class Applied:
    """What the decisions did: the decision behind each relation (current or withdrawn), and the orphans."""

    path: Path
    decisions: list[Decision] = field(default_factory=list)
    by_relation: dict[str, Decision] = field(default_factory=dict)
    orphans: list[Decision] = field(default_factory=list)


def apply_decisions(graph: Graph, path: Path, read_text: ReadText) -> Applied:
    """Apply the decisions in ``path`` to ``graph`` in file order; orphans and bad records join its problems."""
    decisions, problems = read_decisions(path)
    graph.problems.extend(problems)
    applied = Applied(path, decisions)
    index: dict[tuple[Any, ...], list[Relation]] = {}
    for relation in sorted(graph.relations.values(), key=lambda r: r.id):
        if relation.kind in REVIEWABLE:
            for ev in sorted(set(relation.evidence)):
                index.setdefault(_match_key(relation, ev.file, ev.quote), []).append(relation)
    for decision in decisions:
        where = f"{path.name}, line {decision.line}"
        try:
            if decision.action == "add":
                _add(graph, decision, read_text, applied)
                continue
            fact = decision.fact
            found = [r for r in index.get((fact.kind, fact.who, fact.whom, fact.arrangement, fact.file, fact.quote), [])]
            if not found:
                applied.orphans.append(decision)
                graph.problem(where, f"orphaned decision ({decision.action} {fact.describe()}): no such fact reads "
                              f"{_short(fact.quote)} in {fact.file} any more; kept in the file, not applied")
                continue
            for relation in found:
                if relation.id in applied.by_relation or relation.id not in graph.relations:
                    raise DecisionError(f"{fact.describe()} was already decided by an earlier line")
                _decide(graph, relation, decision, applied)
        except DecisionError as exc:
            graph.problem(where, f"decision not applied: {exc}", "error")
    return applied


def _match_key(relation: Relation, file: str, quote: str) -> tuple[Any, ...]:
    return (relation.kind, relation.source, relation.target, relation.attrs.get("arrangement"), file, quote)


def _short(quote: str, limit: int = 60) -> str:
    return repr(quote if len(quote) <= limit else quote[: limit - 1] + "…")


def _decide(graph: Graph, relation: Relation, decision: Decision, applied: Applied) -> None:
    state = ACTIONS[decision.action]
    revision = Revision(state, relation.id, relation.id, decision.reviewer, decision.at, decision.note)
    if decision.action == "accept":
        relation.attrs["review_state"] = state
    elif decision.action == "reject":
        graph.drop_relation(relation)
        relation.attrs["review_state"] = state
        graph.withdrawn[relation.id] = relation
        revision = Revision(state, relation.id, None, decision.reviewer, decision.at, decision.note)
    else:
        revised = _correct(graph, relation, dict(decision.changes))
        revision = Revision(state, relation.id, revised.id, decision.reviewer, decision.at, decision.note)
        applied.by_relation[revised.id] = decision
    applied.by_relation[relation.id] = decision
    graph.revisions.append(revision)


def _check_entity(graph: Graph, entity_id: str, like: str, what: str) -> None:
    """``entity_id`` is in the registry and is a service where ``like`` is one (a person where it is a person)."""
    entity, other = graph.entities.get(entity_id), graph.entities.get(like)
    if entity is None:
        raise DecisionError(f"{what} {entity_id!r} is not in the registry")
    if other is not None and (entity.kind == "service") != (other.kind == "service"):
        raise DecisionError(f"{what} {entity_id!r} is a {entity.kind}, where a {other.kind} was")


def _check_arrangement(kind: str, arrangement: str | None) -> None:
    if kind in ARRANGEMENTS and arrangement not in ARRANGEMENTS[kind]:
        raise DecisionError(f"{arrangement!r} is not a {kind} arrangement ({', '.join(ARRANGEMENTS[kind])})")


def _correct(graph: Graph, relation: Relation, changes: dict[str, str]) -> Relation:
    """Replace ``relation`` by its corrected form, which keeps its passages and says what it was before."""
    target = changes.get("whom", relation.target)
    _check_entity(graph, target, relation.target, "whom")
    if "carer_id" in changes:
        _check_entity(graph, changes["carer_id"], changes["carer_id"], "carer")
    attrs = dict(relation.attrs)
    if "arrangement" in changes:
        _check_arrangement(relation.kind, changes["arrangement"])
    for name in ("arrangement", "carer", "carer_id"):
        if name in changes and changes[name] != attrs.get(name):
            attrs[f"original_{name}"] = attrs.get(name)
            attrs[name] = changes[name]
    if target != relation.target:
        attrs["original_whom"] = relation.target
    attrs["review_state"] = "corrected"
    graph.drop_relation(relation)
    graph.withdrawn[relation.id] = relation
    revised = graph.relate(relation.kind, relation.source, target, current=relation.current, date=relation.date,
                           **{k: v for k, v in attrs.items() if v is not None})
    revised.attrs.update({k: v for k, v in attrs.items() if v is not None})
    for ev in relation.evidence:
        revised.add_evidence(ev)
    revised.doubts = relation.doubts
    return revised


def _add(graph: Graph, decision: Decision, read_text: ReadText, applied: Applied) -> None:
    """A fact the extractor missed: first-class once its quote is found in its file."""
    fact = decision.fact
    for end, what in ((fact.who, "who"), (fact.whom, "whom")):
        if end not in graph.entities:
            raise DecisionError(f"{what} {end!r} is not in the registry")
    _check_arrangement(fact.kind, fact.arrangement)
    text = read_text(fact.file) if fact.file in graph.files else None
    start = text.find(fact.quote) if text is not None else -1
    if start < 0:
        applied.orphans.append(decision)
        graph.problem(f"{applied.path.name}, line {decision.line}",
                      f"orphaned decision (add {fact.describe()}): {_short(fact.quote)} is not in {fact.file}; "
                      "kept in the file, not applied")
        return
    end = start + len(fact.quote)
    line_start = text.count("\n", 0, start) + 1
    evidence = Evidence(fact.file, start, end, fact.quote, line_start, line_start + fact.quote.count("\n"),
                        date=graph.files[fact.file].date)
    attrs = {"arrangement": fact.arrangement, "carer": decision.carer, "origin": "review", "review_state": "manual"}
    relation = graph.relate(fact.kind, fact.who, fact.whom, evidence, date=graph.files[fact.file].date,
                            **{k: v for k, v in attrs.items() if v is not None})
    relation.attrs["review_state"] = "manual"
    applied.by_relation[relation.id] = decision
    graph.revisions.append(Revision("manual", None, relation.id, decision.reviewer, decision.at, decision.note))
