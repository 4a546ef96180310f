"""Kin named relative to someone, resolved by composition to a relation seen from the child.

"his ex's sister", "her partner's mum", "the kids' paternal gran", "D's aunt": each
kin word is a path of steps (parent, sibling, child, partner, ex, friend) in
``data/kin.toml``; a possessive chain is the concatenation of its words' paths,
started from whoever owns the chain (the child, the participant, the other
parent). The path, simplified, names the relation from the child's point of
view (maternal grandmother, paternal aunt, great-aunt, sibling, other parent),
and the relation gives the care arrangement. Nothing here knows a sentence:
the caller says who owns the chain (``descriptor_care.py`` reads descriptors,
``arrangements.py`` running text)::

    for phrase in find_phrases("she's with my mum's sister"):          # owner "my", terms ("mum", "sister")
        person = resolve("participant", phrase.terms, "f")              # said by a mother: her mother's sister
        person.label, arrangement(person, "f")                          # "maternal great-aunt", "kinship-care"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from graphkit.data import load_toml

Step = tuple[str, str]  # (kind, sex): kind in parent, sibling, child, partner, ex, friend; sex "f", "m" or ""


@dataclass(frozen=True)
class KinPhrase:
    """A possessive chain found in a text: ``owner`` as written ("his", "the kids'", "Leanne's", or "")."""

    start: int
    end: int
    owner: str
    side: str  # "f" (maternal), "m" (paternal) or ""
    terms: tuple[str, ...]

    @property
    def plural(self) -> bool:
        return self.terms[-1].lower() in _data()["plural"]["words"]


@dataclass(frozen=True)
class Relative:
    """Who a person is to the child."""

    relation: str  # parent, grandparent, great-grandparent, aunt-uncle, great-aunt-uncle, sibling, cousin, step-parent, family-friend, relative
    sex: str
    side: str  # "maternal", "paternal" or ""
    plural: bool = False

    @property
    def label(self) -> str:
        labels = _data()["labels"].get(self.relation)
        if labels is None:
            return "relative"
        word = labels.get("plural") if self.plural and "plural" in labels else labels.get(self.sex, labels[""])
        return f"{self.side} {word}".strip() if self.relation in _data()["sided"]["relations"] else word


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_toml("kin.toml")


def _other(sex: str) -> str:
    return {"f": "m", "m": "f"}.get(sex, "")


def anchor(owner: str, participant_sex: str, *, partner_is_parent: bool = True) -> list[Step]:
    """The path from the child to a chain's owner: ``child``, ``participant``, ``other-parent`` or ``partner``."""
    if owner == "child":
        return []
    if owner == "participant":
        return [("parent", participant_sex)]
    if owner == "other-parent" or (owner == "partner" and partner_is_parent):
        return [("parent", _other(participant_sex))]
    if owner == "partner":
        return [("parent", participant_sex), ("partner", _other(participant_sex))]
    raise ValueError(f"unknown owner {owner!r}")


def words() -> list[str]:
    """Every kin word the data knows."""
    return list(_data()["terms"])


def read_from_child(owner: str) -> bool:
    """Does a chain's owner word stand for the children ("the kids'", "the", "a")?"""
    return re.sub(r"\s+", " ", owner.lower()) in _data()["possessors"]["children"]


def spoken_by_speaker(owner: str) -> bool:
    """Is a chain's owner the speaker ("my", "our", Scots "ma")?"""
    return owner.lower() in _data()["possessors"]["speaker"]


def pronoun(owner: str) -> str | None:
    """The sex ("f", "m") or "p" (plural) a possessive pronoun agrees with; None for any other owner."""
    return _data()["possessors"]["pronouns"].get(owner.lower())


def sides() -> list[str]:
    """Every side word the data knows ("maternal", "dad's side")."""
    return list(_data()["sides"])


def side(word: str) -> str:
    """The parent's sex a side word goes through ("f", "m"), or "" for none."""
    return _data()["sides"].get(re.sub(r"\s+", " ", word.lower()), "")


def plural_words() -> list[str]:
    """Kin words that name more than one person ("grandparents")."""
    return list(_data()["plural"]["words"])


def chain_terms(chain: str) -> tuple[str, ...]:
    """The kin words of a possessive chain as written ("ex's sister" -> ("ex", "sister"))."""
    return tuple(re.sub(r"\s+", " ", t.group()).lower() for t in _term_re().finditer(chain))


def term_steps(term: str) -> list[Step]:
    return [(kind, sex) for kind, sex in _data()["terms"][term.lower()]]


def _append(path: list[Step], step: Step, partner_is_parent: bool) -> list[Step]:
    """One step further, simplified: a parent's ex is the other parent (and the participant's partner, when
    ``partner_is_parent``), a parent's child a sibling."""
    kind, sex = step
    if len(path) == 1 and path[0][0] == "parent" and (kind == "ex" or kind == "partner" and partner_is_parent):
        return [("parent", sex or _other(path[0][1]))]
    if path and path[-1][0] == "parent" and kind == "child":
        return path[:-1] + [("sibling", sex)]
    if path and path[-1][0] == "sibling" and kind == "parent":
        return path[:-1] + [step]  # a sibling's parent is one's own
    if path and path[-1][0] == "sibling" and kind == "sibling":
        return path[:-1] + [("sibling", sex)]
    return path + [step]


def compose(start: Sequence[Step], terms: Sequence[str], *, side: str = "", partner_is_parent: bool = True) -> list[Step]:
    """The path from the child through ``start`` and then each term of a chain (``side`` fixes the first parent step)."""
    path = list(start)
    for i, term in enumerate(terms):
        steps = term_steps(term)
        if i == 0 and side and steps and steps[0] == ("parent", "") and not path:
            steps = [("parent", side)] + steps[1:]
        for j, step in enumerate(steps):
            # only the participant's own partner can be the child's other parent; a parent's partner named by
            # a kin word ("stepdad") or reached from the child ("his mum's partner") is a step-parent
            path = _append(path, step, partner_is_parent and i == 0 and j == 0 and bool(start))
    return path


def relative(path: Sequence[Step], *, plural: bool = False) -> Relative:
    """Name a path from the child."""
    kinds = tuple(k for k, _ in path)
    sex = path[-1][1] if path else ""
    side = {"f": "maternal", "m": "paternal"}.get(path[0][1], "") if path and path[0][0] == "parent" else ""
    if "friend" in kinds:
        return Relative("family-friend", sex, "", plural)
    relation = _data()["relations"].get(" ".join(kinds), "relative")
    return Relative(relation, sex, side if relation in _data()["sided"]["relations"] else "", plural)


def arrangement(person: Relative, participant_sex: str) -> str:
    """The care arrangement of a child who lives with ``person`` (query-contract values)."""
    if person.relation == "parent":
        if not person.sex or person.sex == participant_sex or person.plural:
            return "with-parent"
        return "with-mother" if person.sex == "f" else "with-father"
    return "kinship-care"


def resolve(owner: str, terms: Sequence[str], participant_sex: str, *, side: str = "", plural: bool = False,
            partner_is_parent: bool = True) -> Relative:
    """Who "<owner>'s <term>'s <term>" is to the child: the one call for a whole chain."""
    path = compose(anchor(owner, participant_sex, partner_is_parent=partner_is_parent), terms, side=side,
                   partner_is_parent=partner_is_parent)
    return relative(path, plural=plural)


@lru_cache(maxsize=1)
def _phrase_re() -> re.Pattern[str]:
    data = _data()
    terms = sorted(data["terms"], key=len, reverse=True)
    term = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms)
    sides = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in sorted(data["sides"], key=len, reverse=True))
    children = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(data["possessors"]["children"], key=len, reverse=True))
    pronouns = "|".join([*data["possessors"]["pronouns"], *data["possessors"]["speaker"]])
    owner = rf"(?P<owner>{children}|\b(?:{pronouns})\b|(?-i:\b[A-Z][A-Za-z]*(?:-[A-Z][a-z]+)?)['’]s)"
    return re.compile(
        rf"(?:{owner}\s+)?(?:(?P<side>{sides})\s+)?(?P<chain>(?:{term})(?:['’]s\s+(?:(?:{sides})\s+)?(?:{term}))*)(?![\w-])",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _term_re() -> re.Pattern[str]:
    terms = sorted(_data()["terms"], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in terms) + r")(?![\w-])", re.IGNORECASE)


def find_phrases(text: str, start: int = 0, end: int | None = None) -> list[KinPhrase]:
    """Every kin chain in ``text[start:end]``, with its owner word and side as written."""
    end = len(text) if end is None else end
    found = []
    for m in _phrase_re().finditer(text, start, end):
        if m.start() > 0 and re.match(r"[\w-]", text[m.start() - 1]):
            continue
        terms = chain_terms(m.group("chain"))
        found_side = side(m.group("side") or "")
        owner = re.sub(r"\s+", " ", m.group("owner") or "")
        found.append(KinPhrase(m.start(), m.end(), owner, found_side, terms))
    return found
