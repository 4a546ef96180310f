"""Every name a service or a person goes by, besides the registry's.

Three sources, each kept apart so that doubt stays visible:

* derived from a service's registry name: its distinctive words ("Castlegate"),
  "the" and its head noun ("the Hub"), its initials ("CDAS");
* stated in a text or a service descriptor by an equation ("You'll know it as
  Brackenridge, the Bothy, it's the same place"), kept on the entity as
  ``aliases`` with the passage that says so;
* given in the collection's ``mapping.toml`` under ``[aliases]``.

An alias that two entities could own is never used: where a text uses it, a
problem says so (file and line). The patterns are data (patterns.toml
[service_names], [aliases]).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from graphkit.data import load_toml
from graphkit.errors import CollectionError
from graphkit.extract.screens import Screened, Words
from graphkit.model import Entity, Evidence, Graph
from graphkit.readers.mapping import mapping_text

SEPARATOR = "; "  # between the aliases an entity keeps (a string attribute: every output can show it)
PEOPLE = ("parent", "family-member", "professional")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_CAPITAL_NAME = r"(?-i:[A-Z])[\w'’-]*"
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*[a-z](?![\w'’-])")


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_toml("patterns.toml")


def _generic() -> frozenset[str]:
    return frozenset(_data()["service_names"]["generic"])


def derived_names(label: str) -> list[str]:
    """The names a service's registry name makes (before the collection decides which are usable)."""
    words = _WORD.findall(label)
    names = [w for w in words if w[0].isupper() and len(w) >= 4 and w.lower() not in _generic()]
    if len(words) >= 2 and words[-1][0].isupper() and words[-1].lower() in _data()["service_names"]["head_nouns"]:
        names.append(f"the {words[-1]}")
    capitals = [w for w in words if w[0].isupper()]
    initials = "".join(w[0] for w in capitals)
    if len(capitals) >= 3 and initials not in _data()["service_names"]["not_initials"]:
        names.append(initials)
    return names


def stated(entity: Entity) -> list[str]:
    return [a for a in str(entity.get("aliases") or "").split(SEPARATOR) if a]


def key(name: str) -> str:
    """How a name is looked up: case kept (a name is capitalised), a leading "the" in one spelling."""
    return re.sub(r"^[Tt]he\s+", "the ", name.strip())


def spelling(name: str) -> str:
    """A regular expression for ``name`` as texts write it: "the Hub" or "The Hub", never "the hub"."""
    return rf"[Tt]he\s+{re.escape(name[4:])}" if name.startswith("the ") else re.escape(name)


@dataclass
class NameTable:
    """Alias -> the one entity it stands for; an alias two entities could own, with both."""

    services: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, set[str]] = field(default_factory=dict)


def common_words(texts: Iterable[str]) -> frozenset[str]:
    """Words the texts write in lower case: common words, never a name, whatever a service is called."""
    found: set[str] = set()
    for text in texts:
        found.update(_LOWER_WORD.findall(text))
    return frozenset(found)


def name_table(graph: Graph, common: frozenset[str] = frozenset()) -> NameTable:
    """Every usable alias of every service and person; ``common``: the collection's lower-case words."""
    owners: dict[str, set[str]] = {}
    registry_names = {e.label for e in graph.entities.values() if e.label and e.kind in (*PEOPLE, "child", "person")}
    for entity in sorted(graph.entities.values(), key=lambda e: e.id):
        if entity.kind == "service" and entity.label:
            for name in derived_names(entity.label):
                if " " in name or name.lower() not in common:
                    owners.setdefault(key(name), set()).add(entity.id)
        if entity.kind == "service" or entity.kind in PEOPLE:
            for name in stated(entity):
                owners.setdefault(key(name), set()).add(entity.id)
                bare = key(name)[4:] if key(name).startswith("the ") else ""
                if bare and bare.lower() not in _generic() and bare.lower() not in common:
                    owners.setdefault(bare, set()).add(entity.id)  # "the Bothy" is "Bothy" too

    table = NameTable()
    for name, ids in sorted(owners.items()):
        kinds = {graph.entities[i].kind for i in ids}
        if len(ids) > 1 or (kinds == {"service"} and name in registry_names):
            table.ambiguous[name] = ids | {e.id for e in graph.entities.values() if e.label == name and e.kind != "file"}
        elif kinds == {"service"}:
            table.services[name] = next(iter(ids))
        else:
            table.people[name] = next(iter(ids))
    return table


def report_ambiguous(graph: Graph, table: NameTable, texts: dict[str, str]) -> None:
    """A text that uses an alias two entities could own: reported once, with the files and the first line.

    An occurrence inside a longer name that is not in doubt ("Leaf" in "New Leaf
    Northgate") is no use of the alias.
    """
    labels = {e.label: re.compile(rf"(?<!\w){re.escape(e.label)}(?!\w)", re.IGNORECASE)
              for e in graph.entities.values() if e.kind == "service" and e.label}
    aliases = {n: re.compile(rf"(?<![\w-]){spelling(n)}(?![\w-])") for n in (*table.services, *table.people) if " " in n}
    for name, ids in sorted(table.ambiguous.items()):
        pattern = re.compile(rf"(?<![\w-]){spelling(name)}(?![\w-])")
        around = [p for n, p in labels.items() if name.lower() in n.lower()] + [p for n, p in aliases.items() if name in n and n != name]
        uses = []
        for rel, text in sorted(texts.items()):
            covered = [m.span() for p in around for m in p.finditer(text)]
            m = next((m for m in pattern.finditer(text) if not any(a <= m.start() < b for a, b in covered)), None)
            if m:
                uses.append(f"{rel}, line {text.count(chr(10), 0, m.start()) + 1}")
        if uses:
            more = f" (and {len(uses) - 1} other file{'s' * (len(uses) > 2)})" if len(uses) > 1 else ""
            graph.problem(uses[0], f"'{name}' could be {' or '.join(sorted(ids))}: not linked to either{more}")


def _add(entity: Entity, alias: str, evidence: Evidence | None) -> None:
    """Keep ``alias`` on the entity; a second passage saying it joins the first."""
    alias = alias.strip(" \"'“”‘’")
    if not alias or alias == entity.label:
        return
    known = stated(entity)
    if key(alias) not in map(key, known):
        known.append(alias)
    entity.set("aliases", SEPARATOR.join(known), evidence)


def mapping_aliases(graph: Graph, root: Path) -> None:
    """``[aliases]`` of the collection's mapping.toml: ``"SVC-33" = ["the Bothy"]``."""
    try:
        text = mapping_text(root)
        given = tomllib.loads(text or "").get("aliases", {})
    except (CollectionError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return  # the table reader reports an unreadable mapping file
    if text is None:
        return
    lines = text.splitlines()
    for entity_id, names in sorted(given.items()):
        entity = graph.entities.get(entity_id)
        if entity is None:
            graph.problem("mapping.toml", f"[aliases] names {entity_id}, which no table defines")
            continue
        number = next((i for i, text in enumerate(lines, 1) if text.strip().lstrip('"').startswith(entity_id)), 1)
        for name in [names] if isinstance(names, str) else names:
            _add(entity, str(name), Evidence("mapping.toml", 0, len(str(name)), str(name), number, number))


def descriptor_aliases(graph: Graph, table) -> None:
    """A service descriptor that gives the service another name: 'Known locally as "the Bothy".' (``table``: the service list)."""
    from graphkit.extract.registry import RowSource

    resolver = Resolver(graph)
    for row in table.rows:
        sid = (row.fields.get("id") or "").strip()
        if sid not in graph.entities:
            continue
        source = RowSource(table, row, "descriptor")
        for m in _matches(_data()["aliases"]["descriptor"], source.text, None):
            _declare(graph, resolver, sid, m.group("alias"), source.evidence(m.start("alias"), m.end("alias")))


# ---------------------------------------------------------------- stated in a text


@lru_cache(maxsize=None)
def _equation(template: str) -> re.Pattern[str]:
    name = rf"{_CAPITAL_NAME}(?:\s+(?:and\s+|of\s+)?{_CAPITAL_NAME}){{0,5}}"
    alias = rf"[\"“‘']?(?P<alias>(?:[Tt]he\s+)?{_CAPITAL_NAME}(?:\s+{_CAPITAL_NAME}){{0,2}})[\"”’']?"
    body = (template.replace("{known}", f"(?P<known>{name})").replace("{alias}", alias)
            .replace("{id}", r"(?P<id>[A-Za-z]{1,6}[-_]?\d{1,4}[A-Za-z]?)"))
    return re.compile(body, re.IGNORECASE | re.MULTILINE)


class Resolver:
    """Which one entity a name stands for, by registry name, ID code or alias already known."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.by_name: dict[str, set[str]] = {}
        for entity in graph.entities.values():
            if entity.kind in (*PEOPLE, "service"):
                for name in [entity.id, entity.label or "", *stated(entity)]:
                    if name:
                        self.by_name.setdefault(key(name).lower(), set()).add(entity.id)
        for name, sid in name_table(graph).services.items():
            self.by_name.setdefault(key(name).lower(), set()).add(sid)

    def one(self, name: str | None) -> str | None:
        """The entity ``name`` stands for, trying shorter and shorter starts of it ("Millhaugh Recovery Project (SVC-33)")."""
        words = (name or "").split()
        for n in range(len(words), 0, -1):
            hits = self.by_name.get(key(" ".join(words[:n])).lower(), set())
            if len(hits) == 1:
                return next(iter(hits))
            if hits:
                return None
        return None

    def taken(self, alias: str, owner: str) -> str | None:
        """Another entity that already goes by ``alias``."""
        hits = self.by_name.get(key(alias).lower(), set()) - {owner}
        return min(hits) if hits else None


def _plausible(alias: str) -> bool:
    """A name, not a common word nor a kin or role word ("Mum", "the Family")."""
    bare = re.sub(r"^[Tt]he\s+", "", alias)
    if not bare or not bare[0].isupper() or bare in _data()["new_child"]["not_names"]:
        return False
    return alias != bare or bare.lower() not in _generic()


def _declare(graph: Graph, resolver: Resolver, owner: str | None, alias: str, evidence: Evidence) -> None:
    if owner is None or not _plausible(alias):
        return
    if resolver.one(alias) == owner:
        if key(alias) in map(key, stated(graph.entities[owner])):
            _add(graph.entities[owner], alias, evidence)  # one more passage that says it
        return
    other = resolver.taken(alias, owner)
    if other is not None:
        graph.problem(f"{evidence.file}, line {evidence.line_start}", f"'{alias}' is said to be {owner}, but it already names {other}: not used")
        return
    _add(graph.entities[owner], alias, evidence)
    resolver.by_name.setdefault(key(alias).lower(), set()).add(owner)


def stated_aliases(graph: Graph, documents: Iterable) -> None:
    """Aliases the texts state (speakers.Document units): kept on the entity with their passage."""
    from graphkit.extract.walker import make_evidence

    resolver = Resolver(graph)
    data = _data()["aliases"]
    for doc in documents:
        for unit in doc.units:
            previous = None
            for sentence in unit.sentences:
                def ev() -> Evidence:
                    return make_evidence(doc, sentence.start, sentence.end, unit.voice)

                # two sentences: "Nobody calls it that. It's the Bothy." / "Ally. Nobody calls me Alasdair."
                pair = doc.text[previous.start if previous else sentence.start : sentence.end]
                words = sentence.words if previous is None or None in (sentence.words, previous.words) else previous.words + sentence.words
                for m in _matches(data["same_thing"], sentence.text, sentence.words):
                    owner = resolver.one(m.group("known"))
                    if owner is None and m.groupdict().get("id"):
                        owner = resolver.one(m.group("id"))
                    _declare(graph, resolver, owner, m.group("alias"), ev())
                for m in _matches(data["official_name"], sentence.text, sentence.words):
                    before = _unknown_names(previous.text, resolver) if previous is not None else []
                    if len(before) == 1:
                        _declare(graph, resolver, resolver.one(m.group("known")), before[0], ev())
                for m in _matches(data["calls_it"], pair, words):
                    start = (previous or sentence).start + m.start()
                    _declare(graph, resolver, _last_service(doc.text[unit.start : start], resolver, graph), m.group("alias"), ev())
                for m in _matches(data["speaker_alias"], pair, words):
                    if unit.voice.entity and m.groupdict().get("known") in (None, graph.entities[unit.voice.entity].label):
                        _declare(graph, resolver, unit.voice.entity, m.group("alias"), ev())
                previous = sentence


@lru_cache(maxsize=None)
def _screened(template: str) -> Screened:
    return Screened(_equation(template))


def _matches(templates: list[str], text: str, words: Words | None) -> Iterator[re.Match[str]]:
    for template in templates:
        yield from _screened(template).finditer(text, words=words)


def _unknown_names(text: str, resolver: Resolver) -> list[str]:
    """Names a sentence uses after "the" or a preposition that the registry does not know ("at the Bothy")."""
    found = []
    for m in re.finditer(rf"(?:\b(?:[Tt]he|at|to|from|fae|in|into)\s+)((?:[Tt]he\s+)?{_CAPITAL_NAME})", text):
        name = m.group(1) if not m.group(0).lower().startswith("the") else "the " + m.group(1)
        if _plausible(name) and resolver.one(name) is None and name not in found:
            found.append(name)
    return found


def _last_service(text: str, resolver: Resolver, graph: Graph) -> str | None:
    """The last service ``text`` names: what "it" is in "everybody calls it the Bothy"."""
    last = None
    for m in re.finditer(rf"(?:[Tt]he\s+)?{_CAPITAL_NAME}(?:\s+(?:and\s+)?{_CAPITAL_NAME}){{0,5}}", text):
        owner = resolver.one(m.group())
        if owner and graph.entities[owner].kind == "service":
            last = owner
    return last
