"""What the network's first view draws instead of every line and every person.

Two jobs, both for reading the graph at a glance:

* **bundles**: a family's engagement with a service and the works-with lines of
  that service's staff to the family become one line per (family, service),
  as wide as the relations it stands for (each stays in the data for the
  details panel and the ego views);
* **the fold-up tree**: every node has a path of groups, coarse to fine
  (country and service type > service, with its staff and the families who
  use it most > family household). A graph too big to read whole opens with
  the deepest level of the tree that fits the node budget, each group drawn
  as one node sized by what it holds; a click opens a group.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from graphkit.model import Graph, Relation, stable_hash
from graphkit.views.layout import households
from graphkit.views.styles import HIDDEN_KINDS

FULL_VIEW = 400  # up to this many nodes the first view shows each one
FIRST_VIEW_BUDGET = 150  # a folded first view shows at most this many


@dataclass
class Bundle:
    family: str  # the household's participant (its centre)
    service: str
    relations: list[Relation] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "bundle-" + stable_hash(self.family, self.service)


def family_of(graph: Graph) -> dict[str, str]:
    """Each shown person's household, by the household's centre (a person in none is their own)."""
    found: dict[str, str] = {}
    for house in households(graph):
        for member in (house.centre, *house.members):
            found.setdefault(member, house.centre)
    return found


def _workplaces(graph: Graph) -> dict[str, list[str]]:
    places: dict[str, list[str]] = defaultdict(list)
    for rel in sorted(graph.relations_of("works-at"), key=lambda r: r.id):
        target = graph.entities.get(rel.target)
        if rel.current and target is not None and target.kind == "service" and rel.target not in places[rel.source]:
            places[rel.source].append(rel.target)
    return places


def bundles(graph: Graph, family: dict[str, str]) -> list[Bundle]:
    """One bundle per (family, service): its engagements and its staff's works-with lines to the family."""
    places = _workplaces(graph)
    found: dict[tuple[str, str], Bundle] = {}
    for rel in sorted(graph.relations.values(), key=lambda r: r.id):
        if rel.kind == "engages-with" and rel.source in family and rel.target in graph.entities:
            services, person = [rel.target], rel.source
        elif rel.kind == "works-with" and rel.target in family:
            services, person = places.get(rel.source, []), rel.target
        else:
            continue
        for service in services:
            key = (family[person], service)
            found.setdefault(key, Bundle(*key)).relations.append(rel)
    return [found[k] for k in sorted(found)]


def _area(graph: Graph, entity_id: str | None, country: str | None = None) -> str:
    entity = graph.entities.get(entity_id) if entity_id else None
    where = str((entity.get("country") if entity else None) or country or "unknown")
    what = str(entity.get("service_type") or "other") if entity else "none"
    return f"area:{where}|{what}"


def fold_tree(graph: Graph, family: dict[str, str], found: list[Bundle]) -> dict[str, Any]:
    """Paths (node -> its groups, coarse to fine), the groups themselves, and which are open at first."""
    weight: dict[str, Counter[str]] = defaultdict(Counter)
    for bundle in found:
        weight[bundle.family][bundle.service] += len(bundle.relations)
    main = {f: min(w, key=lambda s: (-w[s], s)) for f, w in weight.items()}  # the service a family uses most
    places = _workplaces(graph)
    paths: dict[str, list[str]] = {}
    shown = sorted(e.id for e in graph.entities.values() if e.kind not in HIDDEN_KINDS)
    for entity_id in shown:
        entity = graph.entities[entity_id]
        if entity.kind == "service":
            paths[entity_id] = [_area(graph, entity_id), "svc:" + entity_id]
        elif entity.kind == "professional" and entity_id not in family:
            service = places.get(entity_id, [None])[0]
            paths[entity_id] = [_area(graph, service, entity.get("country"))] + (["svc:" + service] if service else [])
        else:
            home = family.get(entity_id, entity_id)
            service = main.get(home)
            country = graph.entities[home].get("country") if home in graph.entities else None
            paths[entity_id] = [_area(graph, service, country)] + (["svc:" + service] if service else []) + ["fam:" + home]
    groups: dict[str, dict[str, Any]] = {}
    for entity_id, path in paths.items():
        for depth, gid in enumerate(path):
            group = groups.setdefault(gid, {"path": path[:depth], "count": 0, "parts": Counter()})
            group["count"] += 1
            group["parts"][graph.entities[entity_id].kind] += 1
    for gid, group in groups.items():
        group["label"] = _group_label(graph, gid)
        group["parts"] = dict(sorted(group["parts"].items()))
    return {"paths": paths, "groups": dict(sorted(groups.items())), "open": _first_open(paths, groups)}


def _group_label(graph: Graph, gid: str) -> str:
    kind, _, key = gid.partition(":")
    if kind == "area":
        where, _, what = key.partition("|")
        return f"{where} \u00b7 {'no service' if what == 'none' else what}"
    entity = graph.entities.get(key)
    name = (entity.label or entity.id) if entity else key
    return name if kind == "svc" else f"{name}'s family"


def shown_at(paths: dict[str, list[str]], open_groups: set[str]) -> set[str]:
    """What is drawn when ``open_groups`` are open: each node, or the first closed group on its path."""
    shown = set()
    for entity_id, path in paths.items():
        shown.add(next((gid for gid in path if gid not in open_groups), entity_id))
    return shown


def _first_open(paths: dict[str, list[str]], groups: dict[str, dict[str, Any]]) -> list[str]:
    """Every group when the graph is small; else the deepest whole level of the tree within the budget, and
    of the next level the largest groups that still fit (a reader looks into the big ones first)."""
    if len(paths) <= FULL_VIEW:
        return sorted(groups)
    opened: set[str] = set()
    for depth in range(max((len(p) for p in paths.values()), default=0)):
        level = {gid for gid, g in groups.items() if len(g["path"]) == depth}
        if len(shown_at(paths, opened | level)) <= FIRST_VIEW_BUDGET:
            opened |= level
            continue
        for gid in sorted(level, key=lambda g: (-groups[g]["count"], g)):
            if len(shown_at(paths, opened | {gid})) <= FIRST_VIEW_BUDGET:
                opened.add(gid)
        break
    return sorted(opened)
