"""Current versus history: turn dated care and contact statements into relations.

Policy (documented in the module so reviewers can argue with it):

* A descriptor arrangement has no date. It is the baseline, older than any
  dated text: a dated text that says something else replaces it.
* For each (child, parent) the arrangement in the latest dated text is
  current; every other arrangement stays in the graph with ``current=False``
  and the date of the last text that said it. Within one text, the last
  statement wins ("Ellie is home. She moved back from her nan's ...").
* A statement marked ended ("he'd been living wi' me") is history only; when
  a dated text says the descriptor's arrangement ended ("the placement broke
  down") and names no new one, none is current and a problem says so.
* Contact: within the latest text the most specific family wins (no-contact,
  supervised, indirect, co-parenting, then regular), and a later "every
  Saturday" does not undo an earlier "supervised" (unless it says the visits
  are unsupervised), and a stated channel (phone, letters) beats "not seen her
  since": that is indirect contact. Contact with a child whose
  current arrangement is ``with-parent`` is not current: the child lives there.
"""

from __future__ import annotations

import re
from datetime import date as Date
from itertools import groupby
from pathlib import PurePath

from graphkit.extract.arrangements import CONTACT_ORDER, says_unsupervised
from graphkit.extract.walker import Statement
from graphkit.model import Evidence, Graph, Relation

_SPECIFIC = ("supervised-contact", "indirect-contact", "coparenting")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
_YMD = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-_.]?(\d\d)[-_.]?(\d\d)(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-_.](\d{1,2})[-_.](20\d\d|19\d\d)(?!\d)")
_MONTH_YEAR = re.compile(r"(?<![A-Za-z])([A-Za-z]{3,9})[-_ ]?((?:19|20)\d\d|\d\d)(?!\d)")


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    try:
        return Date(year, month, day).isoformat() if day else Date(year, month, 1).isoformat()[:7]
    except ValueError:
        return None


def _month(word: str) -> int | None:
    """1-12 for a month's name or its usual short form ("Feb", "Sept", "June"), else None."""
    low = word.lower()
    for number, full in enumerate(_MONTHS, 1):
        if low in (full, full[:3]) or (number == 9 and low == "sept"):
            return number
    return None


def name_date(path: str) -> str | None:
    """The date a file's name carries ("..._2022-03-08.txt", "...Feb22.txt", "... June 2021.docx"), ISO, or None.

    Used only when neither the listing nor the file's header gives a date, so
    a text is still ordered by when it was written, not by its name.
    """
    name = PurePath(path).stem
    match = _YMD.search(name)
    if match:
        return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _DMY.search(name)
    if match:
        return _iso(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    for match in _MONTH_YEAR.finditer(name):
        month = _month(match.group(1))
        if month:
            year = int(match.group(2))
            return _iso(year + 2000 if year < 100 else year, month)
    return None


def _key(s: Statement) -> tuple[str, str]:
    return (s.child, s.parent)


def _current_care(statements: list[Statement], baseline: list[Relation]) -> str | None:
    live = [s for s in statements if not s.ended]
    if not live:
        held = next((str(r.attrs.get("arrangement")) for r in baseline if r.current), None)
        return None if any(s.arrangement == held and s.date for s in statements) else held  # a dated text says it ended
    latest = max((s.date or "") for s in live)
    return [s for s in live if (s.date or "") == latest][-1].arrangement


def _current_contact(statements: list[Statement], baseline: list[Relation]) -> str | None:
    live = [s for s in statements if not s.ended]
    before = {str(r.attrs.get("arrangement")) for r in baseline if r.current}
    if not live:
        return min(before, key=CONTACT_ORDER.index) if before else None
    latest = max((s.date or "") for s in live)
    now = [s for s in live if (s.date or "") == latest]
    families = {s.arrangement for s in now}
    earlier = before | {s.arrangement for s in live if (s.date or "") != latest}
    unsupervised = any(says_unsupervised(s.evidence.quote) for s in now)
    if families == {"regular-contact"} and earlier & set(_SPECIFIC) and not unsupervised:
        families = earlier & set(_SPECIFIC)
    if {"no-contact", "indirect-contact"} <= families:
        families.discard("no-contact")  # "not seen her since the funeral ... we talk on the phone": contact is indirect
    return min(families, key=CONTACT_ORDER.index)


def _group(graph: Graph, kind: str) -> dict[tuple[str, str], list[Relation]]:
    """Relations of ``kind`` by (source, target), in id order (one pass: Graph.relations_of sorts per call)."""
    groups: dict[tuple[str, str], list[Relation]] = {}
    for rel in sorted((r for r in graph.relations.values() if r.kind == kind), key=lambda r: r.id):
        groups.setdefault((rel.source, rel.target), []).append(rel)
    return groups


def _rebuild(graph: Graph, kind: str, child: str, parent: str, statements: list[Statement], current: str | None,
             baseline: list[Relation]) -> None:
    """Replace the (child, parent) relations of ``kind`` by one per arrangement and state."""
    source, target = (child, parent) if kind == "care" else (parent, child)
    bundles: dict[tuple[str, bool], dict] = {}
    for rel in baseline:
        arrangement = str(rel.attrs.get("arrangement"))
        bundle = bundles.setdefault((arrangement, arrangement == current), {"evidence": [], "dates": [], "attrs": {}})
        bundle["evidence"].extend(rel.evidence)
        bundle["attrs"] = {**rel.attrs, **{k: v for k, v in bundle["attrs"].items() if v is not None}}
        graph.drop_relation(rel)
    for s in statements:
        live = s.arrangement == current and not s.ended
        bundle = bundles.setdefault((s.arrangement, live), {"evidence": [], "dates": [], "attrs": {}})
        bundle["evidence"].append(s.evidence)
        if s.date:
            bundle["dates"].append(s.date)
        attrs = bundle["attrs"]
        attrs.setdefault("arrangement", s.arrangement)
        if s.carer and (live or not attrs.get("carer")):
            attrs["carer"] = s.carer
        if s.carer_id and (live or not attrs.get("carer_id")):
            attrs["carer_id"] = s.carer_id
        attrs["origin"] = "both" if attrs.get("origin") in ("descriptor", "both") else "text"
    for (arrangement, live), bundle in sorted(bundles.items()):
        attrs = dict(bundle["attrs"])
        attrs["arrangement"] = arrangement
        evidence: list[Evidence] = bundle["evidence"]
        first = evidence[0] if evidence else None
        rel = graph.relate(kind, source, target, first, current=live, date=max(bundle["dates"], default=None), **attrs)
        for ev in evidence[1:]:
            rel.add_evidence(ev)


def resolve(graph: Graph, statements: list[Statement]) -> None:
    """Write care relations, then contact relations (which depend on where the child now lives)."""
    care = sorted((s for s in statements if s.kind == "care"), key=_key)
    held = _group(graph, "care")
    for (child, parent), group in groupby(care, key=_key):
        items = sorted(group, key=lambda s: s.date or "")
        baseline = held.get((child, parent), [])
        current = _current_care(items, baseline)
        if current is None and baseline:
            ended = items[-1].evidence
            graph.problem(f"{ended.file}, line {ended.line_start}",
                          f"the arrangement of {child} (parent {parent}) is said to have ended and no later one is stated: none is current")
        _rebuild(graph, "care", child, parent, items, current, baseline)
    care_now = _group(graph, "care")
    contact = sorted((s for s in statements if s.kind == "contact"), key=_key)
    held = _group(graph, "contact")
    by_pair: dict[tuple[str, str], list[Statement]] = {}
    for s in contact:
        by_pair.setdefault(_key(s), []).append(s)
    pairs = set(by_pair) | {(target, source) for source, target in held}
    for child, parent in sorted(pairs):
        items = sorted(by_pair.get((child, parent), []), key=lambda s: s.date or "")
        baseline = held.get((parent, child), [])
        current = _current_contact(items, baseline)
        lives_here = any(r.current and r.attrs.get("arrangement") == "with-parent" for r in care_now.get((child, parent), []))
        _rebuild(graph, "contact", child, parent, items, None if lives_here else current, baseline)


def infer_engagements(graph: Graph) -> None:
    """A participant a professional works with is engaged with that professional's service."""
    works_at = _group(graph, "works-at")
    services: dict[str, list[str]] = {}
    for (professional, service), rels in works_at.items():
        if any(r.current for r in rels) and graph.entities.get(service) and graph.entities[service].kind == "service":
            services.setdefault(professional, []).append(service)
    for (professional, client_id), rels in sorted(_group(graph, "works-with").items()):
        client = graph.entities.get(client_id)
        if client is None or client.kind not in ("parent", "family-member"):
            continue
        for ww in (r for r in rels if r.current):
            for service in sorted(services.get(professional, [])):
                rel = graph.relate("engages-with", client.id, service, None, origin="inferred")
                for ev in ww.evidence:
                    rel.add_evidence(ev)
