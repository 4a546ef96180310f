"""Services named in a text: by ID code, full name, or the short name its first words make."""

from __future__ import annotations

import re

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
    """Services named in ``text`` by ID code or name, with spans."""
    service_ids = {e.id for e in graph.of_kind("service")}
    found = mentioned_ids(text, service_ids)
    lowered = text.lower()
    for name, sid in sorted(_service_names(graph).items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", lowered):
            if not any(s <= m.start() < e for _, s, e in found):
                found.append((sid, m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])
