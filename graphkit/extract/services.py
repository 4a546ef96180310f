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


def service_names(graph: Graph) -> dict[str, str]:
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
    for name, sid in sorted(service_names(graph).items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", lowered):
            if not any(s <= m.start() < e for _, s, e in found):
                found.append((sid, m.start(), m.end()))
    lead = "|".join(map(re.escape, load_toml("patterns.toml")["service_names"]["descriptor_lead"]))
    for name, sid in sorted(name_table(graph).services.items(), key=lambda kv: -len(kv[0])):
        # one word may be a child's name in a descriptor ("Willow, daughter, 7"): it needs a word that leads to a
        # service before it, or the service's own ID code after it ("Eastfield (S2)")
        if " " in name or name.isupper():
            pattern = rf"(?<![\w-])(?P<name>{spelling(name)})(?![\w-])"
        else:
            pattern = (rf"(?:(?<![\w-])(?:{lead})\s+(?:the\s+)?)(?P<name>{spelling(name)})(?![\w-])"
                       rf"|(?<![\w-])(?P<named>{spelling(name)})(?=\s*[(\[]\s*{re.escape(sid)}\b)")
        for m in re.finditer(pattern, text):
            group = "name" if m.group("name") else "named"
            if not any(s <= m.start(group) < e for _, s, e in found):
                found.append((sid, m.start(group), m.end(group)))
    return _joined(text, sorted(found, key=lambda f: f[1]))


# a service's name, a few words that name a team of it, then its ID code: "Eastfield kinship team (S2)" is one mention
_BETWEEN = re.compile(r"(?:\s+[\w’'-]+){0,3}\s*[(\[]\s*$")


def _joined(text: str, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A name and the same service's bracketed ID code a few words on, as one mention spanning both."""
    joined: list[tuple[str, int, int]] = []
    for sid, start, end in found:
        if joined and joined[-1][0] == sid and _BETWEEN.fullmatch(text, joined[-1][2], start):
            joined[-1] = (sid, joined[-1][1], end + (1 if text[end:end + 1] in ")]" else 0))
            continue
        joined.append((sid, start, end))
    return joined
