"""Children in the texts, matched to the children the descriptors already gave.

A child named in a parent's own words ("Megan's my oldest, she's eighteen")
is matched to that parent's descriptor children: same name first, else an
unnamed child of the same sex and age (within a year: interviews and
descriptors are written at different times). Only when nothing matches is a
new child minted, ``<parentID>-C<n>``, continuing the registry's numbering.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphkit.extract.lexicon import number_value
from graphkit.extract.mentions import Index, Mention, patterns
from graphkit.extract.screens import Gate, Screened, screened
from graphkit.extract.speakers import Sentence
from graphkit.model import Entity, Evidence, Graph

_AGE = r"(?P<age>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
_NAME = r"(?P<name>(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?))"
_SEX_NOUNS = {"son": "m", "boy": "m", "laddie": "m", "daughter": "f", "girl": "f", "lassie": "f"}


@lru_cache(maxsize=1)
def _new_child_res() -> list[Screened]:
    data = patterns()["new_child"]
    noun = "(?P<noun>" + "|".join(sorted(map(re.escape, data["nouns"]), key=len, reverse=True)) + ")"
    out = []
    for p in data["patterns"]:
        body = p.replace("{name}", _NAME).replace("{noun}", noun).replace("{age}", _AGE)
        out.append(screened(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE))
    return out


@lru_cache(maxsize=1)
def _bind_res() -> list[Screened]:
    return [screened(rf"(?<![\w-]){p.replace('{name}', _NAME).replace('{age}', _AGE)}", re.IGNORECASE)
            for p in patterns()["new_child"]["bind_patterns"]]


@lru_cache(maxsize=1)
def _any_new_child() -> Gate:
    return Gate(_new_child_res())


@lru_cache(maxsize=1)
def _any_child_naming() -> Gate:
    return Gate([*_new_child_res(), *_bind_res()])


def may_name_children(sentence: Sentence) -> bool:
    """Could ``sentence`` name or age a child at all? Most hold none of the patterns' words."""
    return _any_child_naming().admits(sentence.words)


def _age_after(text: str, start: int, end: int, name: str) -> int | None:
    """An age said right after the name: "He's fifteen", "Megan's eighteen", "(6)"."""
    for p in patterns()["new_child"]["age_after"]:
        body = p.replace("{name}", re.escape(name)).replace("{age}", _AGE)
        m = re.compile(body, re.IGNORECASE).search(text, start, end)
        if m:
            return number_value(m.group("age").lower())
    return None


def _sex_after(text: str, start: int, end: int) -> str | None:
    m = re.search(r"\b(he|she|him|her)\b", text[start:end], re.IGNORECASE)
    return None if not m else ("m" if m.group(1).lower() in ("he", "him") else "f")


def _age_group(age: int | None) -> str:
    return "unknown" if age is None else ("0-16" if age <= 16 else "over-16")


def children_of(graph: Graph, parent_id: str) -> list[Entity]:
    ids = sorted(r.target for r in graph.relations.values() if r.kind == "parent-of" and r.source == parent_id)
    return [graph.entities[i] for i in ids if i in graph.entities]


def _sex_code(entity: Entity) -> str | None:
    return {"male": "m", "female": "f"}.get(str(entity.get("sex")))


# Several unnamed descriptor children could be this one: bind none, and mint none either.
AMBIGUOUS = Entity("?", "child")


def match_child(graph: Graph, parent_id: str, name: str | None, sex: str | None, age: int | None) -> Entity | None:
    """The parent's child this description fits: same name, else one unnamed child of that sex and age.

    Returns ``AMBIGUOUS`` when more than one unnamed child fits.
    """
    kids = children_of(graph, parent_id)
    if name:
        named = [c for c in kids if (c.label or "").lower() == name.lower()]
        if named:
            return named[0]
    fits = []
    for child in kids:
        if name and child.label:
            continue
        if sex and _sex_code(child) and _sex_code(child) != sex:
            continue
        known = child.get("age")
        if age is not None and known is not None and abs(int(known) - age) > 1:
            continue
        if age is not None and known is None and child.get("age_group") not in (None, "unknown", _age_group(age)):
            continue
        fits.append(child)
    exact = [c for c in fits if age is not None and c.get("age") is not None and int(c.get("age")) == age]
    if len(fits) > 1 and len(exact) == 1:
        return exact[0]
    return fits[0] if len(fits) == 1 else (AMBIGUOUS if fits else None)


def _next_number(graph: Graph, parent_id: str) -> int:
    numbers = [int(m.group(1)) for e in graph.entities if (m := re.fullmatch(re.escape(parent_id) + r"-C(\d+)", e))]
    return max(numbers, default=0) + 1


def named_children(graph: Graph, index: Index, parent_id: str, text: str, sentence: Sentence, look_end: int,
                   evidence: Evidence) -> bool:
    """Bind or mint the children a parent names in ``sentence`` (of ``text``); True when the graph changed."""
    changed = False
    start, end = sentence.start, sentence.end
    not_names = set(patterns()["new_child"]["not_names"])
    adults = index.adults
    for pattern in _new_child_res() if _any_new_child().admits(sentence.words) else ():
        for m in pattern.finditer(text, start, end, words=sentence.words):
            name = m.group("name")
            if name in not_names or name in adults:
                continue
            noun = m.group("noun").lower()
            limit = min(max(end, look_end), m.end() + 120)
            age = number_value(m.group("age").lower()) if "age" in pattern.pattern.groupindex and m.group("age") else None
            age = age if age is not None else _age_after(text, m.start(), limit, name)
            sex = _SEX_NOUNS.get(noun) or _sex_after(text, m.end(), limit)
            child = match_child(graph, parent_id, name, sex, age)
            if child is AMBIGUOUS:
                continue
            if child is None:
                child = graph.add_entity(Entity(f"{parent_id}-C{_next_number(graph, parent_id)}", "child", name))
                child.set("age_group", _age_group(age), evidence)
                graph.relate("parent-of", parent_id, child.id, evidence, origin="text")
                changed = True
            elif not child.label:
                child.label = name
                child.evidence.setdefault("label", []).append(evidence)
                changed = True
            if age is not None and child.get("age") is None:
                child.set("age", age, evidence)
                if child.get("age_group") in (None, "unknown"):
                    child.set("age_group", _age_group(age), evidence)
            if sex and child.get("sex") is None:
                child.set("sex", {"m": "male", "f": "female"}[sex], evidence)
    return bind_by_age(graph, index, parent_id, text, sentence, evidence) or changed


def bind_by_age(graph: Graph, index: Index, parent_id: str, text: str, sentence: Sentence, evidence: Evidence) -> bool:
    """"Tom who's thirteen": name the one unnamed child of that age (an age is needed: a name alone is too weak)."""
    changed = False
    for pattern in _bind_res():
        for m in pattern.finditer(text, sentence.start, sentence.end, words=sentence.words):
            name, age = m.group("name"), number_value(m.group("age").lower())
            if name in index.adults or name in patterns()["new_child"]["not_names"] or age is None:
                continue
            kids = children_of(graph, parent_id)
            if any((k.label or "").lower() == name.lower() for k in kids):
                continue
            fits = [k for k in kids if not k.label and k.get("age") is not None and int(k.get("age")) == age]
            if not fits:  # a birthday between the descriptor and the interview
                fits = [k for k in kids if not k.label and k.get("age") is not None and abs(int(k.get("age")) - age) <= 1]
            if len(fits) == 1:
                fits[0].label = name
                fits[0].evidence.setdefault("label", []).append(evidence)
                changed = True
    return changed


def resolve_childref(graph: Graph, ref: Mention, owners: list[str], text: str) -> str | None:
    """A description ("her son", "the older girl") -> the one child of the owner it fits."""
    words = ref.text.lower()
    for owner in owners:
        kids = children_of(graph, owner)
        if ref.sex:
            kids = [k for k in kids if _sex_code(k) in (None, ref.sex)]
        ages = [(int(k.get("age")), k) for k in kids if k.get("age") is not None]
        if "eldest" in words or "oldest" in words or "older" in words:
            adults = [k for k in kids if k.get("age_group") == "over-16"]
            if len(adults) == 1 and len(ages) < len(kids):  # an adult of unknown age is older than the known ones
                return adults[0].id
            return max(ages, key=lambda a: a[0])[1].id if ages and len(ages) == len(kids) else None
        if "youngest" in words:
            return min(ages, key=lambda a: a[0])[1].id if ages and len(ages) == len(kids) else None
        if len(kids) == 1:
            return kids[0].id
    return None
