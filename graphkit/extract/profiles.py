"""Professional and service profiles: what a professional's or a service's descriptor says beyond type and sector.

A professional's descriptor gives a role title, a profession, the sector they work in, experience, caseload, lived
experience, the groups they run, their team; a service's gives the activities it offers, its groups and clinics,
teams, setting and client group. The forms are data (``graphkit/data/profiles.toml``); ``read_profile`` is a pure
function of the text, and ``add_professional_profile`` / ``add_service_profile`` put its facts on the entity, each
with the descriptor span that says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, Sequence

from graphkit.data import load_toml
from graphkit.extract.lexicon import compile_phrases, lexicon, vocabulary
from graphkit.extract.services import services_in
from graphkit.model import Entity, Evidence, Graph

#: attributes that hold a list of values (the others hold one)
LIST_ATTRS = frozenset({"profession", "activity", "runs", "team", "client_group", "case_types", "medication", "partner_agency"})
_PART = re.compile(r"\{(\w+)\}")
_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*(?:(?:a|an|the)\s+)?", re.IGNORECASE)
# a leading determiner is not part of a name, but "a number of" is a quantity
_DETERMINER = re.compile(r"^(?:(?:a|an|the|their|her|his|its|(?:service|team|project|unit)['’]s)\s+)+(?!(?:number|handful|few)\b)",
                         re.IGNORECASE)
_TRAILING_PLACE = re.compile(r"\s+(?:in|at|for|with|on)\s+.*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, order=True)
class ProfileFact:
    """One fact a descriptor states: ``attr`` is the model attribute, ``start:end`` the span that says it."""

    start: int
    end: int
    attr: str
    value: Any


class Cell(Protocol):
    """A descriptor cell: its text and the evidence for a span of it (``registry.RowSource``)."""

    @property
    def text(self) -> str: ...

    def evidence(self, start: int = 0, end: int | None = None) -> Evidence: ...


@dataclass(frozen=True)
class _Form:
    name: str
    kinds: frozenset[str]
    sets: tuple[tuple[str, str], ...]
    patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_toml("profiles.toml")


def _expand(pattern: str, parts: dict[str, str]) -> str:
    """``{name}`` -> its part, parts inside parts too."""
    while True:
        done = _PART.sub(lambda m: parts.get(m.group(1), m.group(0)), pattern)
        if done == pattern:
            return done
        pattern = done


@lru_cache(maxsize=1)
def _forms() -> tuple[_Form, ...]:
    data = _data()
    return tuple(
        _Form(entry["name"], frozenset(entry["kinds"]), tuple(entry["sets"].items()),
              tuple(re.compile(r"(?<![\w-])(?:" + _expand(p, data["parts"]) + r")(?![\w’'-])", re.IGNORECASE) for p in entry["patterns"]))
        for entry in data["form"]
    )


@lru_cache(maxsize=None)
def _scheme(name: str) -> dict[str, re.Pattern[str]]:
    """notation -> one word-bounded pattern over its phrases."""
    return {notation: compile_phrases(entry["phrases"]) for notation, entry in _data()[name].items()}


def scheme_concepts(name: str) -> dict[str, dict[str, Any]]:
    """The concepts of the data file's scheme ``name``: notation -> label, definition, phrases."""
    return dict(_data()[name])


@lru_cache(maxsize=1)
def _part(name: str) -> re.Pattern[str]:
    return re.compile(_expand("{" + name + "}", _data()["parts"]), re.IGNORECASE)


def number_value(words: str) -> int | None:
    """``45``, ``thirty``, ``thirty-five``, ``a dozen`` -> the number."""
    text = re.sub(r"\s+", " ", words.strip().lower())
    if text.isdigit():
        return int(text)
    table: dict[str, int] = _data()["numbers"]
    if text in table:
        return table[text]
    parts = re.split(r"[\s-]+", text)
    if len(parts) == 2 and parts[0] in table and parts[1] in table and table[parts[0]] % 10 == 0 and table[parts[1]] < 10:
        return table[parts[0]] + table[parts[1]]
    return None


def _items(text: str, heads: re.Pattern[str] | None) -> list[str]:
    """A coordination split into its items: ``a dads' group and a family session`` -> two items.

    With ``heads``, a conjunction splits only after an item that ends in a head (a group, a clinic), so that
    ``pregnancy and parenting clinic`` stays one item."""
    items: list[str] = []
    pos = 0
    for sep in _SPLIT.finditer(text):
        left = text[pos : sep.start()]
        if heads is None or re.search(rf"(?:{heads.pattern})$", left.strip(), re.IGNORECASE):
            items.append(left)
            pos = sep.end()
    items.append(text[pos:])
    cleaned = [_DETERMINER.sub("", item.strip()) for item in items]
    return [item for item in cleaned if item]


def _read(kind: str, group: str, match: re.Match[str]) -> Any:
    """A form's value for one attribute, read from the match as ``sets`` says."""
    if kind in ("true", "false"):
        return kind == "true"
    raw = match.groupdict().get(group)
    if raw is None:
        return None
    if kind == "number":
        return number_value(raw)
    if kind == "year":
        return raw
    if kind == "list":
        return _items(raw, None)
    if kind == "groups":
        return [_TRAILING_PLACE.sub("", item) for item in _items(raw, _part("group_head"))]
    return re.sub(r"\s+", " ", _DETERMINER.sub("", raw.strip()))


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _starts_inside(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in spans)


def _form_facts(text: str, kind: str, names: list[tuple[int, int]]) -> list[ProfileFact]:
    """Facts read by the forms, in order; a form never reads what an earlier one read, nor starts in a name."""
    facts: list[ProfileFact] = []
    claimed: list[tuple[int, int]] = []
    for form in _forms():
        if kind not in form.kinds:
            continue
        # a group name may recur across a form's patterns, so each is its own expression; earlier patterns win
        matches = [m for pattern in form.patterns for m in pattern.finditer(text)]
        for m in matches:
            if _overlaps(m.start(), m.end(), claimed) or _starts_inside(m.start(), names):
                continue
            found = False
            for attr, how in form.sets:
                value = _read(*(how.split(":", 1) if ":" in how else (how, "")), m)
                for one in value if isinstance(value, list) else [value]:
                    if one is not None and one != "":
                        facts.append(ProfileFact(m.start(), m.end(), attr, one))
                        found = True
            if found:
                claimed.append((m.start(), m.end()))
    return facts


def _concepts(text: str, scheme: str, start: int, end: int, names: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Concepts of ``scheme`` whose phrases occur in ``text[start:end]`` outside names: longest phrase first, no overlaps."""
    hits = [(m.start(), m.end(), notation) for notation, pattern in _scheme(scheme).items()
            for m in pattern.finditer(text, start, end) if not _overlaps(m.start(), m.end(), names)]
    kept: list[tuple[str, int, int]] = []
    for s, e, notation in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        # a shorter phrase inside a longer one is the longer one's word; one span may name two concepts
        # ("kinship and foster care")
        if not any(s < ke and ks < e and (s, e) != (ks, ke) for _, ks, ke in kept):
            kept.append((notation, s, e))
    return sorted(kept, key=lambda k: k[1])


def _verb_before(text: str, start: int) -> int:
    """The start of an activity verb just before ``start`` ("does home visits"), else ``start``."""
    verbs = _data()["activity_verbs"]["words"]
    m = re.search(r"(?:^|(?<=\s))(?:" + "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True)) + r")\s+$",
                  text[:start], re.IGNORECASE)
    return m.start() if m else start


def _activities(text: str, names: list[tuple[int, int]]) -> list[ProfileFact]:
    return [ProfileFact(_verb_before(text, s), e, "activity", notation) for notation, s, e in _concepts(text, "activity", 0, len(text), names)]


def _teams(text: str, names: list[tuple[int, int]]) -> list[ProfileFact]:
    """Teams, read backwards from a head noun to the first stop word or punctuation: ``long-term children and families team``."""
    data = _data()["team"]
    stops = {w.lower() for w in data["stops"]} | {h.lower() for h in data["heads"]}
    facts = []
    for m in re.finditer(r"(?<![\w-])(?:" + "|".join(data["heads"]) + r")(?![\w-])", text, re.IGNORECASE):
        if _overlaps(m.start(), m.end(), names):
            continue
        start = m.start()
        for w in reversed(list(re.finditer(r"[\w'’&-]+", text[: m.start()]))):
            between = text[w.end() : start]
            if w.group().lower() in stops or between.strip() or _overlaps(w.start(), w.end(), names):
                break
            start = w.start()
        if start < m.start():
            facts.append(ProfileFact(start, m.end(), "team", re.sub(r"\s+", " ", text[start : m.end()])))
    return facts


def _employer_before(text: str, start: int) -> int:
    """The start of "employed by (the)" or the like just before a sector word, else ``start``."""
    phrases = _data()["employer"]["phrases"]
    m = re.search(r"(?:^|(?<=\s))(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\s+(?:the\s+)?$",
                  text[:start], re.IGNORECASE)
    return m.start() if m else start


def kind_phrase_end(text: str, end: int) -> int:
    """Where a service-type phrase ending at ``end`` really ends: at its head noun ("drug treatment and recovery service")."""
    data = _data()["service_kind"]
    joined = "|".join(re.escape(j) for j in data["joined"])
    heads = "|".join(re.escape(h) for h in data["heads"])
    m = re.match(rf"(?:\s+(?:and|&)\s+(?:{joined}))?\s+(?:{heads})(?![\w-])", text[end:], re.IGNORECASE)
    return end + m.end() if m else end


def _sector_and_field(text: str, names: list[tuple[int, int]], skip: list[tuple[int, int]]) -> list[ProfileFact]:
    """The sector a professional works in and the field (a service type), from words outside names and activities."""
    facts = []
    for attr, section in (("sector", "sector"), ("work_field", "service_type")):
        for hit in lexicon(section).find_all(text):
            if _overlaps(hit.start, hit.end, names + skip):
                continue
            end = kind_phrase_end(text, hit.end) if attr == "work_field" else hit.end
            start = _employer_before(text, hit.start) if attr == "sector" else hit.start
            facts.append(ProfileFact(start, end, attr, hit.family))
    return facts


def whole_title(text: str, start: int, end: int) -> tuple[int, int]:
    """A role title read up to its first stop, widened over what still names a role: ``Recovery worker (keyworker)``,
    ``Nurse; non-medical prescriber``. A bracket or a second clause joins the title only if it names a profession."""
    stops = vocabulary()["role_title"]["stops"]
    professions = list(_scheme("profession").values())
    bracket = re.match(r"\s*\(([^()]*)\)", text[end:])
    if bracket and any(p.search(bracket.group(1)) for p in professions):
        end += bracket.end()
    second = re.match(r"\s*;\s*", text[end:])
    if second:
        rest_start = end + second.end()
        rest = text[rest_start:]
        cut = min([pos for pos in (rest.lower().find(s) for s in stops) if pos > 0] or [len(rest)])
        clause = rest[:cut].rstrip()
        if clause and any((m := p.search(clause)) and m.end() == len(clause) for p in professions):
            end = rest_start + len(clause)
    return start, end


def read_profile(text: str, kind: str, names: Sequence[tuple[int, int]] = (), title: tuple[int, int] | None = None) -> list[ProfileFact]:
    """Every fact of a professional's (``kind="professional"``) or a service's descriptor, with its span.

    ``names`` are the spans of service names and ID codes (a service's name says nothing of the person);
    ``title`` is the span of the role title as first read, which this widens."""
    names = list(names)
    facts = _form_facts(text, kind, names)
    whole = whole_title(text, *title) if kind == "professional" and title is not None else None
    # a title's words ("family support worker") say what the person is, not what else they do
    outside = names + ([whole] if whole else [])
    activities, teams = _activities(text, outside), _teams(text, outside)
    facts += activities + teams
    if whole:
        facts.append(ProfileFact(*whole, "role_title", text[whole[0] : whole[1]]))
        facts += [ProfileFact(s, e, "profession", n) for n, s, e in _concepts(text, "profession", *whole, names)]
    if kind == "professional":
        # a team's name ("public health team") is not the sector its member works in
        facts += _sector_and_field(text, outside + [(f.start, f.end) for f in teams], [(f.start, f.end) for f in activities])
        # every country word, not only the first the registry read (which may sit in a service's name)
        facts += [ProfileFact(h.start, h.end, "country", h.family) for h in lexicon("country").find_all(text)
                  if not _overlaps(h.start, h.end, names)]
    else:
        facts += [ProfileFact(h.start, h.end, "medication", h.family) for h in lexicon("treatment").find_all(text)
                  if not _overlaps(h.start, h.end, names)]
    return sorted(facts)


def _apply(graph: Graph, entity: Entity, cell: Cell, facts: list[ProfileFact], where: str) -> None:
    """Put ``facts`` on ``entity``: list attributes gather values, a single one keeps its first value and reports a rival."""
    for fact in facts:
        evidence = cell.evidence(fact.start, fact.end)
        held = entity.get(fact.attr)
        if fact.attr in LIST_ATTRS:
            values = list(held or [])
            if fact.value not in values:
                values.append(fact.value)
            entity.set(fact.attr, values, evidence)
        elif held is None or held == fact.value:
            entity.set(fact.attr, fact.value, evidence)
        else:
            graph.problem(where, f"{entity.id}: the descriptor gives {fact.attr} both {held!r} and {fact.value!r} "
                                 f"({fact.start}-{fact.end}); {held!r} kept")


def _names(text: str, graph: Graph) -> list[tuple[int, int]]:
    return [(s, e) for _, s, e in services_in(text, graph)]


def _where(cell: Cell) -> str:
    ev = cell.evidence()
    return f"{ev.file}, line {ev.line_start} (data row {ev.row})"


def add_professional_profile(graph: Graph, person: Entity, cell: Cell) -> None:
    """A professional's profile facts; the role title the registry read is widened to the whole title."""
    text = cell.text
    read = person.evidence.get("role_title", [])
    title = (read[0].start, read[0].end) if read else None
    facts = read_profile(text, "professional", _names(text, graph), title)
    if any(f.attr == "role_title" for f in facts):
        person.evidence.pop("role_title", None)  # the widened title replaces the one first read
        person.attrs.pop("role_title", None)
    _apply(graph, person, cell, facts, _where(cell))


def add_service_profile(graph: Graph, service: Entity, cell: Cell) -> None:
    """A service's profile facts; the service-type phrase the registry read is widened to its head noun."""
    text = cell.text
    for ev in list(service.evidence.get("service_type", [])):
        end = kind_phrase_end(text, ev.end)
        if end > ev.end:
            service.set("service_type", service.get("service_type"), cell.evidence(ev.start, end))
    _apply(graph, service, cell, read_profile(text, "service", _names(text, graph)), _where(cell))
