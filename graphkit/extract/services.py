"""Services named in a descriptor: by ID code, full name, the short name its first words make, or an alias (aliases.py)."""

from __future__ import annotations

import re

from graphkit.data import load_toml
from graphkit.extract.aliases import name_table, spelling
from graphkit.model import Graph


def mentioned_ids(text: str, ids: set[str]) -> list[tuple[str, int, int]]:
    found = []
    for m in re.finditer(r"[A-Za-z0-9_-]+", text):
        if m.group() in ids:
            found.append((m.group(), m.start(), m.end()))
    return found


def _service_names(graph: Graph) -> dict[str, str]:
    """Lower-cased full and short names (first words) -> service id."""
    names: dict[str, str] = {}
    for service in graph.of_kind("service"):
        if service.label:
            label = service.label.lower()
            names[label] = service.id
            words = label.split()
            if len(words) > 2:
                names.setdefault(" ".join(words[:2]), service.id)
    return names


def services_in(text: str, graph: Graph) -> list[tuple[str, int, int]]:
    """Services named in ``text`` by ID code, name, or a name of its own no other service shares ("Castlegate", "the Hub")."""
    service_ids = {e.id for e in graph.of_kind("service")}
    found = mentioned_ids(text, service_ids)
    lowered = text.lower()
    for name, sid in sorted(_service_names(graph).items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", lowered):
            if not any(s <= m.start() < e for _, s, e in found):
                found.append((sid, m.start(), m.end()))
    lead = "|".join(map(re.escape, load_toml("patterns.toml")["service_names"]["descriptor_lead"]))
    for name, sid in sorted(name_table(graph).services.items(), key=lambda kv: -len(kv[0])):
        # one word may be a child's name in a descriptor ("Willow, daughter, 7"): it needs a word that leads to a service
        before = "" if " " in name or name.isupper() else rf"(?:(?<![\w-])(?:{lead})\s+)"
        for m in re.finditer(rf"{before}(?<![\w-])(?P<name>{spelling(name)})(?![\w-])", text):
            if not any(s <= m.start("name") < e for _, s, e in found):
                found.append((sid, m.start("name"), m.end("name")))
    return sorted(found, key=lambda f: f[1])
