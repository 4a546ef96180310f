"""``network.html``: the whole graph as an interactive vis-network page that works offline.

The node and edge records are vis-network's own (``id``, ``label``, ``x``, ``from``, ``to``...), with
graphkit's fields under ``gk``. They are built here, not by pyvis's ``Network``: importing it imports
IPython (~0.3 s a build), and its checks that an edge's ends exist scan a list per edge. The page comes
from our own autoescaping template (``network.html``), not pyvis's: pyvis's template loads Bootstrap
from a CDN, leaves a dead ``../node_modules`` pair behind and does not escape its heading.
vis-network's script and style sheet are inlined from the copy pyvis ships, so the page makes no
request at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from markupsafe import Markup

from graphkit.model import SERVICE_TYPES, Entity, Evidence, Graph, Relation, stable_hash
from graphkit.views.html import asset, pyvis_asset, render_page, script_json, strip_remote, with_csp
from graphkit.views.layout import layout
from graphkit.views.history import fieldwork_dates, spans
from graphkit.views.overview import Bundle, bundles, family_of, fold_tree
from graphkit.views.styles import (CARE_LABELS, CONTACT_STYLES, EDGE_STYLES, HIDDEN_KINDS, HIDDEN_RELATIONS, NODE_STYLES,
                                   PARTNER_APART, EdgeStyle, svg_dash)

MAX_TOOLTIP_QUOTES = 4  # more would cover the graph; the side panel lists them all
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# Attributes worth a line in a node's tooltip, in this order.
_SHOWN = ("role", "role_title", "country", "household", "service_type", "sector", "age_group", "treatment")


def page_name(entity_id: str) -> str:
    """The file name of an entity's ecomap: its ID when that is a plain token, else a hash (never a path)."""
    return f"{entity_id}.html" if _SAFE_NAME.fullmatch(entity_id) else f"id-{stable_hash(entity_id)}.html"


def evidence_record(ev: Evidence) -> dict[str, Any]:
    """One passage as the pages show it: quote, file and where in the file."""
    lines = f"line {ev.line_start}" if ev.line_start == ev.line_end else f"lines {ev.line_start}-{ev.line_end}"
    where = f"{lines}, row {ev.row}, column {ev.column}" if ev.from_table else lines
    return {"quote": ev.quote, "file": ev.file, "where": where, "speaker": ev.speaker, "date": ev.date}


def relation_label(rel: Relation) -> str:
    """What an edge says in words: its kind, and its arrangement when it has one."""
    arrangement = rel.attrs.get("arrangement")
    words = EDGE_STYLES[rel.kind].label if rel.kind in EDGE_STYLES else rel.kind
    if arrangement:
        words += ": " + CARE_LABELS.get(arrangement, str(arrangement).replace("-", " "))
    carer = rel.attrs.get("carer")
    if rel.kind == "care" and carer and carer != rel.target:
        words += f" ({carer})"
    if not rel.current:
        words += f" [ended{' ' + rel.date if rel.date else ''}]"
    return words


def _neighbours(graph: Graph) -> dict[str, list[Relation]]:
    found: dict[str, list[Relation]] = defaultdict(list)
    for rel in graph.relations.values():
        found[rel.source].append(rel)
        found[rel.target].append(rel)
    return found


def _countries(graph: Graph, around: dict[str, list[Relation]]) -> dict[str, str]:
    """Each shown entity's country; a child or partner takes the country of the participant they belong to."""
    country: dict[str, str] = {}
    for entity in graph.entities.values():
        if entity.get("country"):
            country[entity.id] = str(entity.get("country"))
    for entity in graph.of_kind("child", "person"):
        if entity.id not in country:
            for rel in sorted(around[entity.id], key=lambda r: r.id):
                other = rel.target if rel.source == entity.id else rel.source
                if other in country and graph.entities[other].kind in ("parent", "family-member"):
                    country[entity.id] = country[other]
                    break
    return country


def _service_types(graph: Graph, around: dict[str, list[Relation]]) -> dict[str, list[str]]:
    """The service types each entity is linked to: its own, its workplace's, its household's services'."""
    types: dict[str, set[str]] = defaultdict(set)
    for service in graph.of_kind("service"):
        types[service.id].add(str(service.get("service_type") or "other"))
    for rel in graph.relations.values():
        if rel.kind in ("works-at", "engages-with") and rel.target in types:
            types[rel.source] |= types[rel.target]
    for rel in graph.relations.values():
        if rel.kind == "works-with":
            types[rel.target] |= types[rel.source]
    for entity in graph.of_kind("child", "person"):
        for rel in around[entity.id]:
            other = rel.target if rel.source == entity.id else rel.source
            if other in graph.entities and graph.entities[other].kind in ("parent", "family-member"):
                types[entity.id] |= types[other]
    return {k: sorted(v) for k, v in types.items()}


def _node_info(entity: Entity) -> dict[str, Any]:
    shown = {name: entity.get(name) for name in _SHOWN if entity.get(name) not in (None, "")}
    return {"kind": entity.kind, "label": entity.label, "attrs": {k: str(v) for k, v in shown.items()}}


def _edge_style(rel: Relation) -> EdgeStyle:
    """A contact line has its arrangement's own pattern, as on the ecomaps; the rest one per kind."""
    if rel.kind == "contact" and str(rel.attrs.get("arrangement")) in CONTACT_STYLES:
        return CONTACT_STYLES[str(rel.attrs.get("arrangement"))]
    return EDGE_STYLES.get(rel.kind, EDGE_STYLES["parent-of"])


def _bundle_record(bundle: Bundle, found: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A (family, service) line: the edges it stands for, and when the first of its engagements was said."""
    firsts = [found[r.id]["first"] for r in bundle.relations if r.id in found]
    services = sum(1 for r in bundle.relations if r.kind == "engages-with")
    staff = len(bundle.relations) - services
    words = ", ".join(w for w in (f"{services} engagement{'s' * (services != 1)}" if services else "",
                                   f"{staff} works-with line{'s' * (staff != 1)}" if staff else "") if w)
    record: dict[str, Any] = {"id": bundle.id, "from": bundle.family, "to": bundle.service,
                              "parts": [r.id for r in bundle.relations], "label": "family and service: " + words}
    if firsts:
        record["span"] = {"first": min(firsts), "active": [[min(firsts), None]]}
    return record


def network_data(graph: Graph, *, seed: int = 0, found: dict[str, dict] | None = None,
                 dates: list[str] | None = None) -> dict[str, Any]:
    """The page's data: vis-network nodes, edges and options, plus what the filters, folds and slider need
    (the lines' spans and the fieldwork's dates from ``history``, unless the caller has them already)."""
    positions = layout(graph, seed=seed)
    around = _neighbours(graph)
    country = _countries(graph, around)
    types = _service_types(graph, around)
    family = family_of(graph)
    found_bundles = bundles(graph, family)
    tree = fold_tree(graph, family, found_bundles)
    found = spans(graph) if found is None else found
    nodes: list[dict[str, Any]] = []
    shown = [e for e in sorted(graph.entities.values(), key=lambda e: e.id) if e.kind not in HIDDEN_KINDS]
    for entity in shown:
        style = NODE_STYLES.get(entity.kind, NODE_STYLES["person"])
        x, y = positions[entity.id]
        info = _node_info(entity)
        info.update(country=country.get(entity.id, "unknown"), types=types.get(entity.id, []),
                    path=tree["paths"][entity.id], family=family.get(entity.id))
        if entity.kind in ("parent", "family-member"):
            info["page"] = "families/" + page_name(entity.id)
        nodes.append({"id": entity.id, "label": entity.label or entity.id, "shape": style.shape, "size": style.size,
                      "color": style.colour, "x": x, "y": y, "physics": False, "gk": info})
    ids = {e.id for e in shown}
    bundled = {r.id: b.id for b in found_bundles for r in b.relations}
    edges: list[dict[str, Any]] = []
    for rel in sorted(graph.relations.values(), key=lambda r: (r.key, r.id)):
        if rel.kind in HIDDEN_RELATIONS or rel.source not in ids or rel.target not in ids:
            continue
        style, rid = _edge_style(rel), rel.id  # an id is a hash of the relation's key, worked out on each call
        info = {"kind": rel.kind, "label": relation_label(rel), "evidence": [evidence_record(ev) for ev in sorted(rel.evidence)]}
        if rid in found:
            info["span"] = found[rid]
        if rid in bundled:
            info["bundle"] = bundled[rid]
        if rel.kind == "care":
            info["child"] = rel.source
            arrangement = str(rel.attrs.get("arrangement") or "")
            if arrangement not in ("with-parent", ""):  # the page writes where a child lives away on its line, zoomed in
                info["away"] = CARE_LABELS.get(arrangement, arrangement.replace("-", " "))
        edges.append({"id": rid, "from": rel.source, "to": rel.target, "color": style.colour, "width": style.width,
                      "dashes": list(style.dashes) or False, "arrows": "to" if style.arrow else "", "gk": info})
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},  # positions are given; improvedLayout clusters large graphs slowly
        "edges": {"smooth": False},  # straight lines draw several times faster at 10x the sample
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(edges) > 2000, "keyboard": True},
        "nodes": {"font": {"size": 12, "face": "sans-serif"}},
    }
    centre = {gid: _centroid([positions[e] for e, path in tree["paths"].items() if gid in path]) for gid in tree["groups"]}
    groups = [{"id": gid, "x": centre[gid][0], "y": centre[gid][1], **group} for gid, group in tree["groups"].items()]
    return {"nodes": nodes, "edges": edges, "options": options, "groups": groups, "open": tree["open"],
            "bundles": [_bundle_record(b, found) for b in found_bundles if b.family in ids and b.service in ids],
            "dates": fieldwork_dates(graph) if dates is None else dates,
            "bundle_style": {"colour": EDGE_STYLES["engages-with"].colour, "dashes": list(EDGE_STYLES["engages-with"].dashes)}}


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (round(sum(p[0] for p in points) / len(points), 1), round(sum(p[1] for p in points) / len(points), 1))


def _legend() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    kinds = [{"kind": k, "label": s.label, "colour": s.colour, "shape": s.shape} for k, s in NODE_STYLES.items()]
    return kinds, legend_lines()


def legend_lines() -> list[dict[str, str]]:
    """Every line style the network draws, named as the ecomaps' keys name them."""
    styles = [s for k, s in EDGE_STYLES.items() if k != "contact"] + list(CONTACT_STYLES.values()) + [PARTNER_APART]
    return [line_key(s) for s in styles]


def line_key(style: EdgeStyle) -> dict[str, str]:
    return {"label": style.label, "colour": style.colour, "dash": svg_dash(style.dashes), "width": str(style.width)}


def render_network(graph: Graph, *, seed: int = 0, found: dict[str, dict] | None = None,
                   dates: list[str] | None = None) -> str:
    """The finished, self-contained ``network.html``."""
    data = network_data(graph, seed=seed, found=found, dates=dates)
    countries = sorted({n["gk"]["country"] for n in data["nodes"]}, key=lambda c: (c == "unknown", c))
    present = {t for n in data["nodes"] for t in n["gk"]["types"]}
    service_types = [t for t in SERVICE_TYPES if t in present] + ["none"]
    kinds, lines = _legend()
    page = render_page(
        "network.html",
        title="graphkit network", countries=countries, service_types=service_types, kinds=kinds, lines=lines,
        n_nodes=len(data["nodes"]), n_edges=len(data["edges"]), data=script_json(data),
        first_date=(data["dates"] or ["-"])[0], last_date=(data["dates"] or ["-"])[-1],
        vis_css=Markup(pyvis_asset("vis-9.1.2/vis-network.css")),
        vis_js=Markup(pyvis_asset("vis-9.1.2/vis-network.min.js")),
        app_js=Markup(asset("network.js")),
    )
    return with_csp(strip_remote(page))
