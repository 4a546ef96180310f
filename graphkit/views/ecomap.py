"""One participant's ecomap as inline SVG: deterministic, no script needed.

Drawn the way social workers draw them: the household in a box at the centre,
genogram-style (the participant with a double outline, square for male,
circle for female, partners beside them, children at home below); children
living elsewhere under the box with their carers; services and professionals
round the top; relatives at the side. Each line is a link to the list of its
passages under the drawing (quote, file, lines), so every tie opens its
evidence, with no JavaScript.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from graphkit.model import Entity, Graph, Relation
from graphkit.views.html import esc
from graphkit.views.styles import CARE_LABELS, CONTACT_STYLES, EDGE_STYLES, NODE_STYLES, PARTNER_APART, EdgeStyle, svg_dash

W = 1000  # viewBox width; the height follows from what there is to draw
HOME_Y, KIDS_Y, AWAY_Y, CARER_Y = 300, 420, 590, 690
WORKER_Y = 190  # the workers' captions end above the household box and its label


@dataclass
class Tie:
    """A drawn line and the relations behind it (a child's care and its carer's carer-of are one line)."""

    relations: list[Relation]
    path: str  # SVG path data
    style: EdgeStyle
    words: str  # what the line says, for its title and the evidence list
    mark: tuple[float, float] | None = None  # where a "no contact" cross goes

    @property
    def anchor(self) -> str:
        return "tie-" + self.relations[0].id


@dataclass
class Spot:
    """A drawn person or service."""

    entity_id: str | None
    label: str
    x: float
    y: float
    kind: str  # an entity kind, or "carer" for a carer known only by a label
    sex: str | None = None
    note: str = ""  # a small second line: care arrangement, service type, job title
    href: str | None = None
    index: bool = False  # the participant whose ecomap this is


@dataclass
class Ecomap:
    centre: Entity
    spots: dict[str, Spot] = field(default_factory=dict)
    ties: list[Tie] = field(default_factory=list)
    household: tuple[float, float, float, float] = (0, 0, 0, 0)
    height: int = 560
    top: int = 0  # the viewBox starts lower when nothing sits round the top
    width: float = W  # wider than W when a row needs the room


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _spread(n: int, centre: float, gap: float) -> list[float]:
    return [centre + (i - (n - 1) / 2) * gap for i in range(n)]


# Caption widths are estimated on the generous side (wider than system-ui's average glyph), so
# captions placed this far apart do not touch; the page measures the real boxes in the browser.
CHAR_PX = {12: 7.2, 10: 6.0}
GAP = 14  # px between two captions of a row


def caption_width(label: str, note: str = "") -> float:
    """How wide a person's two-line caption is drawn (name, then the small note)."""
    return max(len(_short(label)) * CHAR_PX[12], len(_short(note, 30)) * CHAR_PX[10], 40)


def _row(wanted: list[float], widths: list[float]) -> list[float]:
    """x positions as near ``wanted`` (sorted) as they can be with no two captions closer than GAP."""
    xs: list[float] = []
    for x, w in zip(wanted, widths):
        if xs:
            x = max(x, xs[-1] + (widths[len(xs) - 1] + w) / 2 + GAP)
        xs.append(x)
    shift = (sum(wanted) - sum(xs)) / len(xs) if xs else 0.0  # the same centre as asked for
    return [x + shift for x in xs]


def _service_lines(name: str) -> list[str]:
    """A service's full name in at most two lines of ~24 characters (a third word-run is cut)."""
    words, out = name.split(), [""]
    for word in words:
        if out[-1] and len(out[-1]) + 1 + len(word) > 24:
            if len(out) == 2:
                out[-1] = _short(out[-1] + " " + word, 24)
                break
            out.append(word)
        else:
            out[-1] = (out[-1] + " " + word).strip()
    return out


SERVICE_W = 24 * CHAR_PX[12] + 16  # a service box: two lines of 24 characters


def index_relations(graph: Graph) -> dict[str, list[Relation]]:
    """Every entity's relations, in a stable order: built once for all the ecomaps of a graph."""
    around: dict[str, list[Relation]] = {}
    for rel in sorted(graph.relations.values(), key=lambda r: (r.key, r.id)):
        around.setdefault(rel.source, []).append(rel)
        if rel.target != rel.source:
            around.setdefault(rel.target, []).append(rel)
    return around


def _ends(graph: Graph, around: dict[str, list[Relation]], entity_id: str, kinds: tuple[str, ...]) -> list[tuple[Relation, str]]:
    """(relation, the other end) for every relation of ``kinds`` touching ``entity_id``."""
    found = []
    for rel in around.get(entity_id, []):
        if rel.kind in kinds:
            other = rel.target if rel.source == entity_id else rel.source
            if other in graph.entities:
                found.append((rel, other))
    return found


def build_ecomap(graph: Graph, centre_id: str, page_of: dict[str, str],
                 around: dict[str, list[Relation]] | None = None) -> Ecomap:
    """Place the participant's household, children, carers, services and relatives; one Tie per line.

    Each row (services, workers, the household, children at home, children elsewhere, carers) is
    spread so that no two captions touch, and the drawing is as wide as its widest row.
    """
    around = index_relations(graph) if around is None else around
    centre = graph.entities[centre_id]
    emap = Ecomap(centre)
    mine = _ends(graph, around, centre_id, ("partner", "lives-with", "parent-of", "carer-of", "care", "contact",
                                    "engages-with", "works-with", "relative-of"))

    def label(entity_id: str) -> str:
        return graph.entities[entity_id].label or entity_id

    def spot(entity_id: str, x: float, y: float, note: str = "") -> Spot:
        entity = graph.entities[entity_id]
        made = Spot(entity_id, entity.label or entity.id, x, y, entity.kind, entity.get("sex"), note,
                    page_of.get(entity_id) if entity_id != centre_id else None, entity_id == centre_id)
        emap.spots[entity_id] = made
        return made

    # Who goes where, before anything is placed: the rows' captions decide the drawing's width.
    partners: dict[str, list[Relation]] = {}
    for rel, other in mine:
        if rel.kind in ("partner", "lives-with") and graph.entities[other].kind != "child":
            partners.setdefault(other, []).append(rel)
    children: dict[str, dict[str, list[Relation]]] = {}
    for rel, other in mine:
        if graph.entities[other].kind == "child" and rel.kind in ("parent-of", "carer-of", "care", "contact"):
            children.setdefault(other, {}).setdefault(rel.kind, []).append(rel)
    home = sorted(c for c, rels in children.items()
                  if "carer-of" in rels or any(r.attrs.get("arrangement") == "with-parent" and r.current for r in rels.get("care", [])))
    away = sorted(c for c in children if c not in home)
    services: dict[str, list[Relation]] = {}
    workers: dict[str, list[Relation]] = {}
    for rel, other in mine:
        if rel.kind == "engages-with" and rel.source == centre_id:
            services.setdefault(other, []).append(rel)
        elif rel.kind == "works-with" and rel.target == centre_id:
            workers.setdefault(other, []).append(rel)
    workplace = {w: [r for r, s in _ends(graph, around, w, ("works-at",)) if r.source == w] for w in workers}
    for rels in workplace.values():
        for rel in rels:
            services.setdefault(rel.target, [])

    def care_words(rels: dict[str, list[Relation]]) -> tuple[list[Relation], str]:
        care = sorted(rels.get("care", []), key=lambda r: (not r.current, r.date or "", r.id))
        if not care:
            return [], ""
        arrangement = str(care[0].attrs.get("arrangement") or "unknown")
        return care, CARE_LABELS.get(arrangement, arrangement.replace("-", " "))

    notes = {c: care_words(children[c])[1] or ("lives here" if c in home else "") for c in children}
    household_row = [caption_width(label(centre_id))] + [caption_width(label(p), "does not live here") for p in sorted(partners)]
    home_row = [caption_width(label(c), notes[c]) for c in home]
    away_row = [max(caption_width(label(c), notes[c]), 120 + GAP) for c in away]  # a carer's box sits under each
    worker_row = [caption_width(label(w), str(graph.entities[w].get("role_title") or "")) for w in sorted(workers)]
    rows = [household_row, home_row, away_row, worker_row, [SERVICE_W + GAP] * (len(services) + 1) if services else []]
    emap.width = max([W] + [sum(r) + GAP * len(r) + 160 for r in rows])
    mid = emap.width / 2

    # The household: partners beside the participant, children living here below.
    top = _row(_spread(1 + len(partners), mid, 130), household_row)
    me = spot(centre_id, top[0], HOME_Y)
    for x, (other, rels) in zip(top[1:], sorted(partners.items())):
        lives = any(r.kind == "lives-with" for r in rels)
        spot(other, x, HOME_Y, "lives here" if lives else "does not live here")
        style = EDGE_STYLES["partner"] if lives else PARTNER_APART
        emap.ties.append(Tie(rels, f"M{me.x + 20},{HOME_Y} H{x - 20}", style, "partner" + (", living together" if lives else "")))
    bar = (HOME_Y + KIDS_Y) / 2

    def descent(child: Spot, rels: dict[str, list[Relation]]) -> None:
        # Genogram descent: down from the parent to the sibship line, across, down to the child.
        kind = "parent-of" if "parent-of" in rels else "carer-of"
        if kind in rels:
            path = f"M{me.x},{HOME_Y + 20} V{bar} H{child.x} V{child.y - 20}"
            words = "parent of" if kind == "parent-of" else "cares for (lives here)"
            emap.ties.append(Tie(rels[kind], path, EDGE_STYLES[kind], words))

    for x, child_id in zip(_row(_spread(len(home), mid, 110), home_row), home):
        rels = children[child_id]
        care, words = care_words(rels)
        child = spot(child_id, x, KIDS_Y, notes[child_id])
        descent(child, rels)
        if care:  # the care fact of a child at home: a short stub under the symbol, so it too opens its passages
            emap.ties.append(Tie(care, f"M{x},{KIDS_Y + 46} V{KIDS_Y + 58}", EDGE_STYLES["care"], "care: " + words))
    xs = [s.x for s in emap.spots.values()]
    emap.household = (min(xs) - 80, HOME_Y - 55, max(xs) + 80, (KIDS_Y if home else HOME_Y) + 60)
    away_xs = _row(_spread(len(away), mid, 150), away_row)
    home_xs = [emap.spots[c].x for c in home]
    if any(abs(a - h) < 40 for a in away_xs for h in home_xs):  # keep descent lines clear of the children at home
        away_xs = [a + 55 for a in away_xs]
    for x, child_id in zip(away_xs, away):
        rels = children[child_id]
        care, words = care_words(rels)
        child = spot(child_id, x, AWAY_Y, words)
        descent(child, rels)
        for rel in rels.get("contact", []):
            arrangement = str(rel.attrs.get("arrangement") or "")
            style = CONTACT_STYLES.get(arrangement, EDGE_STYLES["contact"])
            side = -1 if x < me.x else 1
            # Leave from the participant's lower corner and bow outwards, under the partner's label.
            start = (me.x + side * 14, HOME_Y + 16)
            c1, c2 = (me.x + side * 200, HOME_Y + 80), (x + side * 70, AWAY_Y - 110)
            mid_curve = (0.125 * start[0] + 0.375 * c1[0] + 0.375 * c2[0] + 0.125 * x,
                         0.125 * start[1] + 0.375 * c1[1] + 0.375 * c2[1] + 0.125 * (AWAY_Y - 20))
            path = f"M{start[0]},{start[1]} C{c1[0]},{c1[1]} {c2[0]},{c2[1]} {x},{AWAY_Y - 20}"
            emap.ties.append(Tie([rel], path, style, style.label, mid_curve if arrangement == "no-contact" else None))
        carer = next((str(r.attrs.get("carer_id") or r.attrs.get("carer") or "") for r in care), "")
        carer_of = [r for r, other in _ends(graph, around, child_id, ("carer-of",)) if r.target == child_id]
        if carer_of and not carer:
            carer = carer_of[0].source
        if carer and carer != centre_id:
            if carer in graph.entities:
                made = emap.spots.get(carer) or spot(carer, x, CARER_Y, "carer")
                carer_of = [r for r in carer_of if r.source == carer]
            else:
                made = Spot(None, carer, x, CARER_Y, "carer", note="carer")
                emap.spots[f"carer:{child_id}"] = made
                carer_of = []
            emap.ties.append(Tie(care + carer_of, f"M{x},{AWAY_Y + 46} L{made.x},{made.y - 18}", EDGE_STYLES["care"], "care: " + words))
        elif care:
            emap.ties.append(Tie(care, f"M{x},{AWAY_Y + 46} V{AWAY_Y + 58}", EDGE_STYLES["care"], "care: " + words))
    emap.height = CARER_Y + 70 if away else (AWAY_Y - 60 if home else HOME_Y + 130)

    # Services round the top on an arc, wide enough for their boxes; workers in a row below their service.
    ordered = sorted(services)
    span = max(emap.width - 180, (len(ordered) + 1) * (SERVICE_W + GAP))
    for i, service_id in enumerate(ordered):
        t = (i + 1) / (len(ordered) + 1)
        x, y = mid - span / 2 + t * span, 130 - 70 * math.sin(math.pi * t)
        service = graph.entities[service_id]
        spot(service_id, x, y, str(service.get("service_type") or ""))
        if services[service_id]:
            width = min(1.5 + len({e for r in services[service_id] for e in r.evidence}), 5.0)
            style = EdgeStyle(EDGE_STYLES["engages-with"].label, EDGE_STYLES["engages-with"].colour,
                              EDGE_STYLES["engages-with"].dashes, width, False)
            emap.ties.append(Tie(services[service_id], f"M{me.x},{HOME_Y - 22} L{x},{y + 22}", style, "engages with"))
    staff = sorted(workers, key=lambda w: (emap.spots[workplace[w][0].target].x if workplace[w] else 0.0, w))
    widths = {w: caption_width(label(w), str(graph.entities[w].get("role_title") or "")) for w in staff}
    wanted = [emap.spots[workplace[w][0].target].x if workplace[w] else 90.0 for w in staff]
    for worker, x in zip(staff, _row(wanted, [widths[w] for w in staff])):
        at = workplace[worker][0].target if workplace[worker] else None
        person = spot(worker, x, WORKER_Y, str(graph.entities[worker].get("role_title") or ""))
        emap.ties.append(Tie(workers[worker], f"M{person.x},{person.y + 16} L{me.x},{HOME_Y - 22}", EDGE_STYLES["works-with"], "works with"))
        if at:
            emap.ties.append(Tie(workplace[worker], f"M{person.x},{person.y - 16} L{emap.spots[at].x},{emap.spots[at].y + 22}",
                                 EDGE_STYLES["works-at"], "works at"))

    if not services and not workers:
        emap.top = HOME_Y - 110
    # Relatives who took part sit at the left edge, linked to their own ecomap.
    relatives: dict[str, list[Relation]] = {}
    for rel, other in mine:
        if rel.kind == "relative-of":
            relatives.setdefault(other, []).append(rel)
    for i, (other, rels) in enumerate(sorted(relatives.items())):
        if other in emap.spots:  # already drawn (a relative who is also a child's carer): link them where they are
            person = emap.spots[other]
            path = f"M{person.x - 20},{person.y} C{person.x - 200},{person.y} {me.x - 200},{me.y} {me.x - 20},{me.y}"
        else:
            person = spot(other, min(90.0, emap.household[0] - 90), HOME_Y + 100 * i, "relative")
            path = f"M{person.x + 20},{person.y} L{emap.household[0]},{person.y}"
        emap.ties.append(Tie(rels, path, EDGE_STYLES["relative-of"], "relative"))
    return emap


def _symbol(s: Spot) -> str:
    """A genogram symbol: square male, circle female, rounded square when sex is not known; services as boxes."""
    colour = NODE_STYLES.get(s.kind, NODE_STYLES["person"]).colour if s.kind != "carer" else "#16a085"
    if s.kind == "service":
        rows = _service_lines(s.label)
        first = s.y + 4 - 7 * (len(rows) - 1)
        text = "".join(f'<tspan x="{s.x}" y="{first + 14 * i}">{esc(row)}</tspan>' for i, row in enumerate(rows))
        return (f'<rect x="{s.x - SERVICE_W / 2}" y="{s.y - 22}" width="{SERVICE_W}" height="44" rx="8" fill="#eafaf1" stroke="{colour}" stroke-width="2"/>'
                f'<text class="caption" text-anchor="middle">{text}</text>'
                f'<text x="{s.x}" y="{s.y + 36}" text-anchor="middle" class="small caption">{esc(s.note)}</text>')
    if s.kind == "carer":
        return (f'<rect x="{s.x - 60}" y="{s.y - 16}" width="120" height="32" rx="4" fill="#e8f8f5" stroke="{colour}"/>'
                f'<text x="{s.x}" y="{s.y + 4}" text-anchor="middle" class="caption">{esc(_short(s.label, 18))}</text>')
    size = 16 if s.kind in ("child", "professional") else 20
    fill = "#fff" if s.kind != "professional" else "#eaf2f8"
    sex = str(s.sex or "").lower()
    if sex in ("male", "m"):
        shape = f'<rect x="{s.x - size}" y="{s.y - size}" width="{2 * size}" height="{2 * size}" fill="{fill}" stroke="{colour}" stroke-width="2.5"/>'
        inner = f'<rect x="{s.x - size + 4}" y="{s.y - size + 4}" width="{2 * size - 8}" height="{2 * size - 8}" fill="none" stroke="{colour}"/>'
    elif sex in ("female", "f"):
        shape = f'<circle cx="{s.x}" cy="{s.y}" r="{size}" fill="{fill}" stroke="{colour}" stroke-width="2.5"/>'
        inner = f'<circle cx="{s.x}" cy="{s.y}" r="{size - 4}" fill="none" stroke="{colour}"/>'
    else:
        shape = f'<rect x="{s.x - size}" y="{s.y - size}" width="{2 * size}" height="{2 * size}" rx="{size / 2}" fill="{fill}" stroke="{colour}" stroke-width="2.5"/>'
        inner = f'<rect x="{s.x - size + 4}" y="{s.y - size + 4}" width="{2 * size - 8}" height="{2 * size - 8}" rx="{size / 2 - 2}" fill="none" stroke="{colour}"/>'
    body = shape + (inner if s.index else "")
    body += f'<text x="{s.x}" y="{s.y + size + 14}" text-anchor="middle" class="caption">{esc(_short(s.label))}</text>'
    if s.note:
        body += f'<text x="{s.x}" y="{s.y + size + 27}" text-anchor="middle" class="small caption">{esc(_short(s.note, 30))}</text>'
    return body


def render_svg(emap: Ecomap) -> str:
    """The ecomap as an ``<svg>`` element; all text escaped, every tie a link to its passages."""
    x0, y0, x1, y1 = emap.household
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {emap.top} {emap.width:g} {emap.height - emap.top}" role="img" '
             f'aria-labelledby="ecomap-title" data-ties="{len(emap.ties)}" data-people="{len(emap.spots)}">',
             f'<title id="ecomap-title">Ecomap of {esc(emap.centre.label or emap.centre.id)}</title>',
             f'<rect class="household" x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="18" '
             f'fill="#fdfefe" stroke="#7f8c8d" stroke-dasharray="6 4"/>',
             f'<text x="{x0 + 10}" y="{y0 + 16}" class="small caption">household</text>']
    for tie in emap.ties:
        title = esc(tie.words + " \u2014 " + str(sum(len(r.evidence) for r in tie.relations)) + " passage(s): click to read")
        faded = ' opacity="0.45"' if all(not r.current for r in tie.relations) else ""
        parts.append(f'<a class="tie" href="#{tie.anchor}" data-kind="{esc(tie.relations[0].kind)}"><title>{title}</title>'
                     f'<path d="{tie.path}" fill="none" stroke="#fff" stroke-opacity="0" stroke-width="12"/>'
                     f'<path d="{tie.path}" fill="none" stroke="{tie.style.colour}" stroke-width="{tie.style.width}" '
                     f'stroke-dasharray="{svg_dash(tie.style.dashes)}"{faded}/>')
        if tie.mark:
            mx, my = tie.mark
            parts.append(f'<path d="M{mx - 7},{my - 7} L{mx + 7},{my + 7} M{mx + 7},{my - 7} L{mx - 7},{my + 7}" '
                         f'stroke="{tie.style.colour}" stroke-width="2.5"/>')
        parts.append("</a>")
    for s in emap.spots.values():
        tip = esc(f"{s.label} ({s.entity_id}, {s.kind})" if s.entity_id else f"{s.label} (carer)")
        inner = f"<title>{tip}</title>{_symbol(s)}"
        if s.href:
            parts.append(f'<a class="person" href="{esc(s.href)}">{inner}</a>')
        else:
            parts.append(f'<g class="person">{inner}</g>')
    parts.append("</svg>")
    return "\n".join(parts)
