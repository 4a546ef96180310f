"""How each entity kind and relation kind looks, shared by the network and the ecomaps.

Colour is never the only cue (about 1 in 12 men has a colour-vision
deficiency): every kind also has its own shape, every relation its own dash
pattern, and the legend names them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStyle:
    label: str
    colour: str
    shape: str  # a vis-network shape name
    size: int


@dataclass(frozen=True)
class EdgeStyle:
    label: str
    colour: str
    dashes: tuple[int, ...]  # () is a solid line; vis-network and SVG take the same pattern
    width: float
    arrow: bool


NODE_STYLES: dict[str, NodeStyle] = {
    "parent": NodeStyle("Parent", "#c0392b", "diamond", 16),
    "family-member": NodeStyle("Family member", "#8e44ad", "triangle", 14),
    "child": NodeStyle("Child", "#e67e22", "dot", 9),
    "person": NodeStyle("Partner, carer or other person", "#7f8c8d", "dot", 8),
    "professional": NodeStyle("Professional", "#2471a3", "square", 11),
    "service": NodeStyle("Service", "#1e8449", "hexagon", 20),
}

EDGE_STYLES: dict[str, EdgeStyle] = {
    "parent-of": EdgeStyle("parent of", "#95a5a6", (), 1.0, True),
    "care": EdgeStyle("care (where the child lives)", "#16a085", (), 2.5, False),
    "contact": EdgeStyle("contact", "#d35400", (2, 4), 2.0, False),
    "partner": EdgeStyle("partner", "#8e44ad", (), 3.0, False),
    "lives-with": EdgeStyle("lives with", "#8e44ad", (10, 4), 1.5, False),
    "engages-with": EdgeStyle("engagement", "#2e86c1", (8, 4), 1.5, True),
    "works-with": EdgeStyle("works with", "#922b21", (6, 3, 1, 3), 1.5, True),
    "works-at": EdgeStyle("works at", "#1e8449", (), 1.0, True),
    "carer-of": EdgeStyle("carer of", "#16a085", (12, 3), 2.0, True),
    "relative-of": EdgeStyle("relative of", "#7d3c98", (1, 3), 1.5, False),
}

#: A partner who does not share the household (ecomaps draw the couple line broken).
PARTNER_APART = EdgeStyle("partner, living apart", "#8e44ad", (10, 4), 2.0, False)

#: Ecomap lines for a contact arrangement: each its own pattern (practice draws these distinctly).
CONTACT_STYLES: dict[str, EdgeStyle] = {
    "regular-contact": EdgeStyle("regular contact", "#ca6f1e", (), 2.5, False),
    "coparenting": EdgeStyle("co-parenting", "#117864", (), 4.0, False),
    "supervised-contact": EdgeStyle("supervised contact", "#d35400", (9, 5), 2.5, False),
    "indirect-contact": EdgeStyle("indirect contact (letters, phone)", "#b9770e", (2, 4), 2.0, False),
    "no-contact": EdgeStyle("no contact", "#c0392b", (1, 7), 2.0, False),
}

#: The short words a legend and a tooltip use for a care arrangement.
CARE_LABELS: dict[str, str] = {
    "with-parent": "lives with this parent",
    "with-mother": "lives with mother",
    "with-father": "lives with father",
    "kinship-care": "kinship care",
    "foster-care": "foster care",
    "adopted": "adopted",
    "residential-care": "residential care",
    "independent": "lives independently",
    "unknown": "whereabouts unknown",
}

#: Relations the network leaves out: one edge per person per file would bury the rest.
HIDDEN_RELATIONS = frozenset({"appears-in"})
HIDDEN_KINDS = frozenset({"file"})


def svg_dash(dashes: tuple[int, ...]) -> str:
    """An SVG ``stroke-dasharray`` value ("none" for a solid line)."""
    return " ".join(str(d) for d in dashes) if dashes else "none"
