"""Who and what a sentence names: registry people, children, services, pronouns.

Identity always comes from the registry: a name matches a pseudonym or an
ID code exactly (case variants and possessives allowed), never a look-alike,
so two people with similar names never merge. A pseudonym held by two
entities is resolved by the file's listing, then by the family in focus.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, NamedTuple

from graphkit.data import load_toml
from graphkit.extract.aliases import NameTable, name_table, spelling
from graphkit.extract.lexicon import compile_phrases, guarded
from graphkit.extract.screens import Gate, Screened, Words, screened
from graphkit.extract.services import service_names
from graphkit.model import Graph

NAMED = ("parent", "family-member", "professional", "person", "child")


@lru_cache(maxsize=1)
def patterns() -> dict[str, Any]:
    return load_toml("patterns.toml")


@lru_cache(maxsize=None)
def cue(section: str, key: str) -> re.Pattern[str]:
    """One phrase list of patterns.toml as a matcher (``^`` anchors keep their meaning)."""
    items = patterns()[section][key]
    anchored = [p for p in items if p.startswith("^")]
    plain = [p for p in items if not p.startswith("^")]
    parts = [compile_phrases(plain).pattern] if plain else []
    parts += [f"(?:{p})" for p in anchored]
    return re.compile(guarded("|".join(parts) or r"(?!x)x", re.IGNORECASE), re.IGNORECASE)


@lru_cache(maxsize=None)
def screened_cue(section: str, key: str) -> Screened:
    """``cue`` for a whole sentence, screened with its words."""
    return Screened(cue(section, key))


class Mention(NamedTuple):  # a tuple, not a dataclass: made by the ten thousand, and tuples are made fast
    kind: str  # parent, family-member, professional, person, child, service, childref, he, she, first
    entity: str | None
    start: int
    end: int
    sex: str | None = None
    text: str = ""


_WORD_RUN = re.compile(r"\w+")
# after a name: "'s", or anything but a word character or a hyphen ("Ann" is not in "Anne" nor in "Ann-Marie")
_NAME_END = re.compile(r"(?=['’]s\b|(?![\w-]))")


@lru_cache(maxsize=None)
def _name_starts(odd: str) -> re.Pattern[str]:
    """Where a name may start: a word not preceded by a word character or hyphen, or one of ``odd`` (other first characters)."""
    return re.compile(r"(?<![\w-])(?:\w+" + (f"|[{re.escape(odd)}]" if odd else "") + ")")


class Names:
    """Where registry names stand in a text, looked up by their first word.

    The spans are those of one alternation of every name, longest first,
    between ``(?<![\\w-])`` and ``_NAME_END``: at each place a name may start,
    the longest name there that ends well. Looking names up by first word
    spares compiling that alternation of hundreds of names again each time a
    text names a child.
    """

    def __init__(self, names: Iterable[str]):
        self.by_start: dict[str, list[str]] = {}
        for name in sorted(names, key=lambda n: (-len(n), n)):
            first = _WORD_RUN.match(name)
            self.by_start.setdefault(first.group() if first else name[0], []).append(name)
        odd = "".join(sorted(k for k in self.by_start if not _WORD_RUN.match(k)))
        self.starts = _name_starts(odd)
        # a name's first word is a whole word of the text it stands in (screens.py); a name without one is not screened
        self.first_words = None if odd else frozenset(k.lower() for k in self.by_start)

    def spans(self, text: str, start: int, end: int, words: Words | None = None) -> list[tuple[int, int]]:
        """(start, end) of each name in ``text[start:end]``, in text order, none overlapping."""
        found: list[tuple[int, int]] = []
        if words is not None and self.first_words is not None and self.first_words.isdisjoint(words):
            return found
        resume = start
        for m in self.starts.finditer(text, start, end):
            at = m.start()
            if at < resume:
                continue  # inside the name found last
            for name in self.by_start.get(m.group(), ()):
                if text.startswith(name, at, end) and _NAME_END.match(text, at + len(name), end):
                    found.append((at, at + len(name)))
                    resume = at + len(name)
                    break
        return found


class Index:
    """Name and ID look-ups over one graph, rebuilt when children are added."""

    def __init__(self, graph: Graph, aliases: NameTable | None = None):
        self.graph = graph
        self.learned_sex: dict[str, str] = {}
        self.aliases = aliases if aliases is not None else name_table(graph)
        # services are all in the registry before any text is read: their matchers are made once
        self.short_services = self._short_services()
        self.any_short_service = Gate(pattern for pattern, _ in self.short_services)
        self.service_re, self.service_names = self._service_matcher()
        self.refresh()

    def refresh(self) -> None:
        self.by_name: dict[str, list[str]] = {}
        self.ids: dict[str, str] = {}
        for entity in self.graph.entities.values():
            if entity.kind not in NAMED and entity.kind != "service":
                continue
            if entity.kind != "child" and entity.kind != "person":
                self.ids[entity.id] = entity.id
            if entity.label and entity.kind in NAMED and not entity.get("participant"):
                # a child who is also a participant is named as the participant (walker.py maps it back)
                for key in {entity.label, entity.label.upper(), *(entity.get("aliases") or ())}:
                    self.by_name.setdefault(key, []).append(entity.id)
        for alias, person in self.aliases.people.items():
            for key in {alias, alias.upper()}:
                if person in self.graph.entities and person not in self.by_name.get(key, []):
                    self.by_name.setdefault(key, []).append(person)
        self.names = Names(self.by_name)
        self.id_re = screened(guarded(r"(?<![\w-])(?:" + ("|".join(re.escape(i) for i in sorted(self.ids, key=len, reverse=True)) or r"(?!x)x") + r")(?![\w-])"))
        self.any_service = Gate([self.id_re, self.service_re, *(pattern for pattern, _ in self.short_services)])
        self.adults = frozenset(n for n, ids in self.by_name.items() if any(self.kind(i) != "child" for i in ids))
        # adjacency, built once per refresh: Graph.relations_of sorts every relation on each call
        self.parents_of: dict[str, list[str]] = {}
        self.children_of: dict[str, list[str]] = {}
        self.works_at: dict[str, set[str]] = {}
        self.engages: dict[str, set[str]] = {}
        self.carers_of: dict[str, list[str]] = {}
        # who the listing names together in one file: a namesake elsewhere in the collection never is
        self.co_listed: dict[str, set[str]] = {}
        for data_file in self.graph.files.values():
            for person in data_file.ids:
                self.co_listed.setdefault(person, set()).update(data_file.ids)
        for rel in list(self.graph.relations.values()):
            if rel.kind == "parent-of":
                self.parents_of.setdefault(rel.target, []).append(rel.source)
                self.children_of.setdefault(rel.source, []).append(rel.target)
            elif rel.kind == "works-at" and rel.current:
                self.works_at.setdefault(rel.source, set()).add(rel.target)
            elif rel.kind == "engages-with" and rel.current:
                self.engages.setdefault(rel.source, set()).add(rel.target)
            elif rel.kind == "carer-of" and self.kind(rel.source) == "family-member":
                self.carers_of.setdefault(rel.target, []).append(rel.source)
        for table in (self.parents_of, self.children_of, self.carers_of):
            for key in table:
                table[key].sort()

    def _service_matcher(self) -> tuple[Screened, dict[str, str]]:
        """Full service names and their first two words (as services.services_in reads them), one regex."""
        names = service_names(self.graph)
        body = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))) or r"(?!x)x"
        return screened(guarded(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE), re.IGNORECASE), names

    def _short_services(self) -> list[tuple[Screened, str]]:
        """A service's other names (aliases.py): "Castlegate", "the Hub", a nickname a text states; case kept."""
        return [(screened(rf"(?<![\w-]){spelling(alias)}(?![\w-])"), sid) for alias, sid in sorted(self.aliases.services.items())]

    def kind(self, entity_id: str | None) -> str | None:
        entity = self.graph.entities.get(entity_id or "")
        return entity.kind if entity else None

    def pick(self, candidates: list[str], prefer: tuple[str, ...]) -> str | None:
        """One entity for a name: the only one, or the one the file lists or whose family is in focus."""
        if len(candidates) == 1:
            return candidates[0]
        for wanted in prefer:
            hits = [c for c in candidates if c == wanted or wanted in self.parents_of.get(c, [])]
            if len(hits) == 1:
                return hits[0]
        return None

    def country(self, entity_id: str) -> str | None:
        """A person's country, or that of the service they work at (a professional's descriptor may not say)."""
        own = self.graph.entities[entity_id].get("country")
        found = {own} if own else {self.graph.entities[s].get("country") for s in self.works_at.get(entity_id, ())} - {None}
        return found.pop() if len(found) == 1 else None

    def narrow(self, candidates: list[str], prefer: tuple[str, ...], sentence: str) -> str | None:
        """Two adults of one name: the one of the speaker's country, then at a service the sentence names, then at one
        the family uses (or one the listing names in a file with them), then of the job the sentence says ("Jayne, health visitor" said in England is the English
        health visitor Jayne). None when the context leaves more than one: a name is never guessed."""
        if any(self.kind(c) == "child" for c in candidates):
            return None
        entities = self.graph.entities
        countries = {entities[p].get("country") for p in prefer if p in entities} - {None}
        pool = [c for c in candidates if not countries or self.country(c) in (None, *countries)]
        named = {m.entity for m in services_at(sentence, 0, len(sentence), self)}
        used = {s for p in prefer for s in self.engages.get(p, ())}
        near = {q for p in prefer for q in self.co_listed.get(p, ())}
        words = set(re.findall(r"[a-z]+", sentence.lower()))
        synonyms = patterns()["work"]["role_synonyms"]
        words.update(w for short in words & synonyms.keys() for w in synonyms[short].split())
        steps = (
            lambda c: True,
            lambda c: bool(self.works_at.get(c, set()) & named),
            lambda c: c in near,
            lambda c: bool(self.works_at.get(c, set()) & used),
            lambda c: bool(words.intersection(_title_words_of(str(entities[c].get("role_title") or "")))),
        )
        for step in steps:
            hits = [c for c in pool if step(c)]
            if len(hits) == 1:
                return hits[0]
            pool = hits or pool
        return None


def _title_words_of(title: str) -> list[str]:
    """The words of a job title that say which job ("health visitor" -> health, visitor; not "worker", every job's)."""
    return [w for w in re.findall(r"[a-z]{4,}", title.lower()) if w not in ("with", "from", "team", "service", "senior", "community", "worker")]


def _mention(index: Index, entity_id: str, start: int, end: int, text: str) -> Mention:
    entity = index.graph.entities[entity_id]
    sex = entity.get("sex")
    if entity.kind == "parent":
        sex = {"mother": "female", "father": "male"}.get(str(entity.get("role")), sex)
    return Mention(entity.kind, entity_id, start, end, {"male": "m", "female": "f"}.get(str(sex)), text)


def people_in(text: str, start: int, end: int, index: Index, prefer: tuple[str, ...], words: Words | None = None) -> list[Mention]:
    """Registry people and children named in ``text[start:end]`` (ID codes first: they are certain).

    ``words``, here and below: the words of ``text[start:end]`` (Sentence.words), to skip matchers they rule out.
    """
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in index.id_re.finditer(text, start, end, words=words):
        if index.kind(m.group()) != "service":
            found.append(_mention(index, m.group(), m.start(), m.end(), m.group()))
            taken.append(m.span())
    for name_start, name_end in index.names.spans(text, start, end, words):
        if any(s <= name_start < e for s, e in taken):
            continue
        name = text[name_start:name_end]
        chosen = index.pick(index.by_name[name], prefer) or index.narrow(index.by_name[name], prefer, text[start:end])
        if chosen:
            found.append(_mention(index, chosen, name_start, name_end, name))
    return sorted(found, key=lambda x: x.start) if found else found


def services_at(text: str, start: int, end: int, index: Index, words: Words | None = None) -> list[Mention]:
    """Services by ID code, full name, first two words, or a distinctive first word."""
    if not index.any_service.admits(words):
        return []
    found = [Mention("service", m.group(), m.start(), m.end(), m.group())
             for m in index.id_re.finditer(text, start, end, words=words) if index.kind(m.group()) == "service"]
    for m in index.service_re.finditer(text, start, end, words=words):
        if not any(x.start <= m.start() < x.end for x in found):
            found.append(Mention("service", index.service_names[m.group().lower()], m.start(), m.end(), m.group()))
    for pattern, sid in index.short_services if index.any_short_service.admits(words) else ():
        for m in pattern.finditer(text, start, end, words=words):
            if not any(x.start <= m.start() < x.end for x in found):
                found.append(Mention("service", sid, m.start(), m.end(), m.group()))
    return sorted(found, key=lambda x: x.start)


@lru_cache(maxsize=1)
def _childref_re() -> Screened:
    data = patterns()["child_refs"]
    nouns = sorted(data["nouns"], key=len, reverse=True)
    poss = "|".join(data["possessors"])
    order = "|".join(data["ordinals"])
    return screened(guarded(rf"(?<![\w-])(?P<poss>{poss})\s+(?:(?:other|wee|little|young|younger|older|teenage|{order})\s+)?(?P<noun>{'|'.join(map(re.escape, nouns))})(?![\w-])", re.IGNORECASE), re.IGNORECASE)


def childrefs_in(text: str, start: int, end: int, words: Words | None = None) -> list[Mention]:
    """Descriptions that stand for one child: "her son", "the wee boy", "ma wean"."""
    out = []
    for m in _childref_re().finditer(text, start, end, words=words):
        noun = m.group("noun").lower()
        if text[m.end() : m.end() + 1] == "s" or re.match(r"\s+(?:of|and)\b", text[m.end() : m.end() + 5]):
            continue
        out.append(Mention("childref", None, m.start(), m.end(), patterns()["child_refs"]["nouns"].get(noun) or None, m.group()))
    return out


_PRONOUN = screened(guarded(r"(?<![\w'’-])(?P<w>he|she|him|his|her|I|I['’]m|I['’]ve|I['’]d|we|we['’]re)(?![\w-])", re.IGNORECASE), re.IGNORECASE)


def pronouns_in(text: str, start: int, end: int, words: Words | None = None) -> list[Mention]:
    out = []
    for m in _PRONOUN.finditer(text, start, end, words=words):
        word = m.group("w").lower()
        if word in ("he", "him", "his"):
            out.append(Mention("he", None, m.start(), m.end(), "m", m.group()))
        elif word in ("she", "her"):
            out.append(Mention("she", None, m.start(), m.end(), "f", m.group()))
        elif m.group("w") not in ("i",):
            out.append(Mention("first", None, m.start(), m.end(), None, m.group()))
    return out


@lru_cache(maxsize=1)
def _role_re() -> Screened:
    nouns = "|".join(sorted(map(re.escape, patterns()["work"]["role_nouns"]), key=len, reverse=True))
    return screened(guarded(rf"(?<![\w-])(?:my|ma|me|our|oor|her|his|their|the)\s+(?:[a-z'’-]+\s+){{0,2}}?(?P<noun>{nouns})(?![\w-])", re.IGNORECASE),
                    re.IGNORECASE)


def roles_in(text: str, start: int, end: int, index: Index, prefer: tuple[str, ...], words: Words | None = None) -> list[Mention]:
    """A worker named by role ("my midwife", "the social worker") who is the one professional of that role the file lists.

    Only a professional the listing puts in the file can be meant: a role
    names nobody the collection does not already place there.
    """
    found = []
    for m in _role_re().finditer(text, start, end, words=words):
        noun = m.group("noun").lower()
        hits = {p for p in prefer if index.kind(p) == "professional" and noun in str(index.graph.entities[p].get("role_title") or "").lower()}
        if len(hits) == 1:
            found.append(_mention(index, hits.pop(), m.start(), m.end(), m.group()))
    return found


def all_mentions(text: str, start: int, end: int, index: Index, prefer: tuple[str, ...], words: Words | None = None) -> list[Mention]:
    """Every mention in a sentence, people before pronouns when they overlap."""
    named = people_in(text, start, end, index, prefer, words) + childrefs_in(text, start, end, words)
    named += [r for r in roles_in(text, start, end, index, prefer, words) if not any(n.start < r.end and r.start < n.end for n in named)]
    pronouns = pronouns_in(text, start, end, words)
    if not named:
        return pronouns  # already in text order, and none overlap
    rest = [p for p in pronouns if not any(n.start <= p.start < n.end for n in named)]
    return sorted(named + rest, key=lambda x: (x.start, x.end))
