"""A precomputed, deterministic layout for the whole-graph network.

Why not a force layout: vis-network's physics gets slow past ~1-2k nodes and
moves on every load, and networkx's spring/Kamada-Kawai layouts need numpy,
which graphkit does not depend on. This layout is structural instead, so it
reads like the study and costs O(n) (plus a bounded search):

* services are hubs on a grid, one region per country (Scotland, England,
  unknown), ordered by service type;
* each participant's household (children, partner, carers) is a small
  cluster with the participant at its centre;
* a cluster is placed at the free spot of a cell grid nearest the centroid of
  the services it is linked to, so families gather round their services and a
  professional round the service they work at.

The same graph always gives the same positions; ``seed`` only turns the order
in which equally near free spots are tried (a different but equally stable
picture).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from graphkit.model import Graph
from graphkit.views.styles import HIDDEN_KINDS

CELL = 60.0  # px; a person needs about one cell, a household a block of them
COUNTRIES = ("Scotland", "England", None)
SERVICE_ORDER = ("drug-treatment", "child-protection", "family-support", "pregnancy-support", "other", None)
Point = tuple[float, float]


@dataclass
class Household:
    centre: str  # the entity at the middle of the cluster
    members: list[str] = field(default_factory=list)  # placed on a ring around the centre
    anchors: list[str] = field(default_factory=list)  # already-placed entities to sit near

    @property
    def side(self) -> int:
        """Cells per side of the square block the cluster needs."""
        if not self.members:
            return 1
        ring = max(len(self.members) * 24.0 / (2 * math.pi), CELL * 0.9)  # ~24 px of arc per member
        return max(2, math.ceil((2 * ring + CELL) / CELL))


class _Grid:
    """Occupied cells, and a nearest-free-block search that remembers how far out it got."""

    def __init__(self, seed: int) -> None:
        self.used: set[tuple[int, int]] = set()
        self.rng = random.Random(seed)
        self.start: dict[tuple[tuple[int, int], int], int] = {}  # (target cell, side) -> ring to resume at

    def free(self, x: int, y: int, side: int) -> bool:
        return all((x + i, y + j) not in self.used for i in range(side) for j in range(side))

    def take(self, target: Point, side: int) -> Point:
        """Occupy the ``side`` x ``side`` block nearest ``target``; return the block's centre in px."""
        tx, ty = round(target[0] / CELL - side / 2), round(target[1] / CELL - side / 2)
        key = ((tx, ty), side)
        # Cells only ever fill up, so the first ring with room never moves inwards.
        ring = self.start.get(key, 0)
        turn = self.rng.random() * 2 * math.pi
        while True:
            cells = [(tx + dx, ty + dy) for dx in range(-ring, ring + 1) for dy in range(-ring, ring + 1)
                     if max(abs(dx), abs(dy)) == ring]
            cells.sort(key=lambda c: (math.hypot(c[0] - tx, c[1] - ty), (math.atan2(c[1] - ty, c[0] - tx) + turn) % (2 * math.pi)))
            for x, y in cells:
                if self.free(x, y, side):
                    self.used.update((x + i, y + j) for i in range(side) for j in range(side))
                    self.start[key] = ring
                    return ((x + side / 2) * CELL, (y + side / 2) * CELL)
            ring += 1


def households(graph: Graph) -> list[Household]:
    """One cluster per participant: children, partners, co-residents and carers go with the first who names them."""
    participants = [e.id for e in graph.of_kind("parent", "family-member")]
    owner: dict[str, str] = {}
    clusters = {p: Household(p) for p in participants}
    links: dict[str, list[str]] = defaultdict(list)
    for rel in sorted(graph.relations.values(), key=lambda r: (r.key, r.id)):
        if rel.kind in ("parent-of", "partner", "lives-with", "carer-of", "care", "contact"):
            links[rel.source].append(rel.target)
            links[rel.target].append(rel.source)
    for p in participants:
        owner[p] = p
    for p in participants:
        # Two steps out reaches a child's carer (participant -> child -> carer).
        frontier = [p]
        for _ in range(2):
            nxt = []
            for node in frontier:
                for other in links[node]:
                    entity = graph.entities.get(other)
                    if entity is None or other in owner or entity.kind not in ("child", "person"):
                        continue
                    owner[other] = p
                    clusters[p].members.append(other)
                    nxt.append(other)
            frontier = nxt
    for entity in graph.of_kind("child", "person"):
        if entity.id not in owner:
            clusters[entity.id] = Household(entity.id)
    return list(clusters.values())


def _anchors(graph: Graph, clusters: list[Household]) -> None:
    """What each cluster should sit near: services, via engagement or a worker, or a relative's household."""
    service_of: dict[str, list[str]] = defaultdict(list)
    near: dict[str, list[str]] = defaultdict(list)  # entity -> what it should sit near
    relatives: dict[str, list[str]] = defaultdict(list)
    for rel in graph.relations_of("works-at"):
        service_of[rel.source].append(rel.target)
    for rel in graph.relations.values():
        if rel.kind == "engages-with":
            near[rel.source].append(rel.target)
        elif rel.kind == "works-with":
            near[rel.target].extend(service_of.get(rel.source) or [rel.source])
            near[rel.source].append(rel.target)  # a worker with no service sits by the people they work with
        elif rel.kind == "relative-of":
            relatives[rel.source].append(rel.target)
    for cluster in clusters:
        found = [a for member in (cluster.centre, *cluster.members) for a in near.get(member, ())]
        if not found:  # a relative with no service of their own sits by the household they belong to
            found = relatives.get(cluster.centre, [])
        cluster.anchors = sorted(set(found))


def _country(graph: Graph, entity_id: str) -> str | None:
    value = graph.entities[entity_id].get("country")
    return value if value in COUNTRIES else None


def layout(graph: Graph, *, seed: int = 0) -> dict[str, Point]:
    """Positions (px) for every entity the network shows: deterministic for a given graph and seed."""
    grid = _Grid(seed)
    pos: dict[str, Point] = {}
    services = graph.of_kind("service")
    workers: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for rel in graph.relations_of("works-at"):  # a worker at two services sits by the first
        if rel.source in graph.entities and rel.target in graph.entities and rel.source not in seen:
            workers[rel.target].append(rel.source)
            seen.add(rel.source)
    clusters = households(graph)
    # Leave room round each service for its share of households and workers.
    load = (len(clusters) + len(graph.of_kind("professional"))) / max(1, len(services))
    spacing = 2 * math.ceil(math.sqrt(load * 6 / math.pi)) + 3
    region_x = 0.0
    for country in COUNTRIES:
        mine = sorted((s for s in services if _country(graph, s.id) == country),
                      key=lambda s: (SERVICE_ORDER.index(s.get("service_type") if s.get("service_type") in SERVICE_ORDER else None), s.id))
        columns = max(1, math.ceil(math.sqrt(len(mine))))
        for i, service in enumerate(mine):
            target = (region_x + (i % columns) * spacing * CELL, (i // columns) * spacing * CELL)
            pos[service.id] = grid.take(target, 1)
        if mine:
            region_x += (columns + 0.5) * spacing * CELL
    # Workers next to their service; then households near their services' centroid.
    for service_id in sorted(workers):
        for worker in workers[service_id]:
            pos[worker] = grid.take(pos[service_id], 1)
    lone = [p for p in graph.of_kind("professional") if p.id not in pos]
    clusters += [Household(p.id) for p in lone]
    _anchors(graph, clusters)
    below = (region_x / 2, max((p[1] for p in pos.values()), default=0.0) + spacing * CELL)
    # Households with a placed anchor first, so relatives can then sit beside them.
    pending = sorted(clusters, key=lambda c: (graph.entities[c.centre].kind == "family-member", c.centre))
    for _ in range(2):
        later = []
        for cluster in pending:
            placed = [pos[a] for a in cluster.anchors if a in pos]
            if cluster.anchors and not placed and _ == 0:
                later.append(cluster)
                continue
            target = (sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed)) if placed else below
            centre = grid.take(target, cluster.side)
            pos[cluster.centre] = centre
            radius = (cluster.side * CELL - CELL) / 2
            for k, member in enumerate(cluster.members):
                angle = 2 * math.pi * k / len(cluster.members) + math.pi / 2  # first member straight below
                pos[member] = (centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
        pending = later
    for entity in graph.entities.values():
        if entity.kind not in HIDDEN_KINDS and entity.id not in pos:
            pos[entity.id] = grid.take(below, 1)
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in sorted(pos.items())}
