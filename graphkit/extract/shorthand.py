"""Legal and service shorthand (``data/shorthand.toml``): looked-after, s.20, SGO, CSO, letterbox, NC ...

Each term says what it tells about a child's care or contact; ``shorthand_hits``
finds them in a text. The descriptor grammar reads them as chunks of their own
(so "Reg 24" is never a name and an age) and as care and contact evidence; text
extraction can call the same function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graphkit.data import load_toml
from graphkit.extract.descriptor_grammar import alternation


@dataclass(frozen=True)
class Term:
    """One entry of ``data/shorthand.toml``."""

    key: str
    arrangement: str
    placement: bool
    names_carer: bool
    contact: str
    protection: str = ""  # a child protection status the term says (child-protection-plan, child-in-need ...)


@lru_cache(maxsize=1)
def _shorthand() -> list[tuple[Term, re.Pattern[str]]]:
    out = []
    for key, entry in load_toml("shorthand.toml").items():
        term = Term(key, entry.get("arrangement", ""), entry.get("strength") == "placement", bool(entry.get("names_carer")),
                     entry.get("contact", ""), entry.get("protection", ""))
        parts = []
        if entry.get("phrases"):
            parts.append(rf"(?i:(?<![\w-])(?:{alternation(entry['phrases'])})(?![\w-]))")
        if entry.get("acronyms"):
            parts.append(rf"(?<![\w-])(?:{'|'.join(map(re.escape, entry['acronyms']))})(?![\w-])")
        out.append((term, re.compile("|".join(parts))))
    return out


def shorthand_hits(text: str, start: int, end: int) -> list[tuple[Term, int, int]]:
    """Every shorthand term in ``text[start:end]``, longest first where two overlap."""
    hits = [(term, m.start(), m.end()) for term, pattern in _shorthand() for m in pattern.finditer(text, start, end)]
    hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
    kept: list[tuple[Term, int, int]] = []
    for hit in hits:
        if not any(k[1] <= hit[1] < k[2] for k in kept):
            kept.append(hit)
    return kept
