"""A participant's role (mother, father, family member, professional, child) and sex.

Read from the type column, a sex column and the descriptor's head together:
researchers write the type in their own words ("Parent", "Mum", "Grandmother",
a lone "M"), so no one of them decides alone where it is unsure, and what none
decides is reported, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graphkit.extract.descriptor_facts import Span
from graphkit.extract.descriptor_person import previous_word, sentences
from graphkit.extract.lexicon import Lexicon, lexicon, vocabulary

PARENT_ROLES = ("mother", "father")
ROLE_SEX = {"mother": "female", "father": "male"}


@dataclass(frozen=True)
class RoleReading:
    """The role, where it was read (``"kind"``, ``"sex"``: those columns; ``"descriptor"``: the span), and any doubt to report."""

    role: str | None
    source: str = "kind"
    span: Span | None = None
    doubt: str | None = None
    parent: bool = False  # the type says a parent, and only mother or father is undecided
    echo: Span | None = None  # where the descriptor says the role the type column gives: more evidence of it


@lru_cache(maxsize=None)
def _role_words(part: str) -> Lexicon:
    """A subsection of [role]: ``sex`` (woman, male, lone M/F), ``pronouns`` (she, he)."""
    return Lexicon(vocabulary()["role"][part])


@lru_cache(maxsize=1)
def _not_self() -> frozenset[str]:
    return frozenset(vocabulary()["role"]["context"]["not_self"])


def _about_another(text: str, start: int) -> bool:
    """A role word after a possessive or a kin preposition ("her mother", "Jo's dad", "lives with the father")."""
    word = previous_word(text, start)
    return word in _not_self() or word.endswith(("'s", "s'"))


def _self_role(descriptor: str, families: tuple[str, ...], head_only: bool = True) -> tuple[str, Span] | None:
    """The first role word of the descriptor's head sentence (or all of it) about the person (not "her mother")."""
    head_end = sentences(descriptor)[0][1] if descriptor.strip() and head_only else len(descriptor)
    for hit in lexicon("role").find_all(descriptor, 0, head_end):
        if hit.family in families and not _about_another(descriptor, hit.start):
            return hit.family, (hit.start, hit.end)
    return None


def read_sex(descriptor: str) -> str | None:
    """The person's sex from the descriptor: a sex word at its head, else a clear majority of pronouns."""
    head_end = sentences(descriptor)[0][1] if descriptor.strip() else 0
    for hit in _role_words("sex").find_all(descriptor, 0, head_end):
        if hit.family != "ambiguous":
            return hit.family
    counts = {"female": 0, "male": 0}
    for hit in _role_words("pronouns").find_all(descriptor):
        counts[hit.family] += 1
    female, male = counts["female"], counts["male"]
    if female != male and min(female, male) * 2 < max(female, male):
        return "female" if female > male else "male"
    return None


def _cell_sex(kind_cell: str) -> str | None:
    """A type cell that is only a sex word ("Female") or shorthand ("M"): its sex, or "ambiguous"."""
    cell = kind_cell.strip()
    hit = _role_words("sex").first(cell) if cell else None
    return hit.family if hit and (hit.start, hit.end) == (0, len(cell)) else None


def sex_column(cell: str) -> str | None:
    """A Sex or Gender cell: in a column of sexes a lone ``F`` or ``M`` can only be one."""
    shorthand = {"F": "female", "M": "male"}.get(cell.strip().upper())
    sex = _cell_sex(cell)
    return shorthand or (sex if sex in ("female", "male") else None)


def _echo(descriptor: str, role: str) -> Span | None:
    """The descriptor's head saying the role the type column gives: its role word, or for a parent a lone ``M``/``F``
    (mother or male, father or female: either reading agrees with a parent's role once the type column says which)."""
    own = _self_role(descriptor, (role,))
    if own:
        return own[1]
    # a sex word opening the descriptor ("Woman, 30s", "M, 40s") agrees with a parent's role when it is that parent's
    # sex, or the one-letter shorthand that is either
    head = _role_words("sex").first(descriptor, 0, sentences(descriptor)[0][1] if descriptor.strip() else 0)
    if role in PARENT_ROLES and head and head.family in ("ambiguous", ROLE_SEX[role]) and not descriptor[:head.start].strip():
        return head.start, head.end
    return None


def read_role(kind_cell: str, descriptor: str, sex_cell: str = "") -> RoleReading:
    """The role from the type column, the descriptor and a sex column together.

    A role word in the type column wins (a descriptor or sex column that
    contradicts it is a doubt). A type that says only "parent", or only a sex,
    or nothing, lets the others decide: the descriptor's own role word at its
    head, then the sex column, then the descriptor's sex words. A lone ``M`` or
    ``F`` may be a role or a sex, so it decides nothing by itself; what nothing
    decides is a doubt.
    """
    kinds = {h.family for h in lexicon("role").find_all(kind_cell)}
    # "Family member (mother of P3)" is a family member: a relative's kin word names whose relative they are
    specific = [f for f in ("family-member", "professional", "mother", "father", "child") if f in kinds]
    column_sex = sex_column(sex_cell)
    if specific:
        own = _self_role(descriptor, PARENT_ROLES)
        doubt = None
        if specific[0] in PARENT_ROLES and own and own[0] != specific[0]:
            doubt = f"type column says {specific[0]} but the descriptor says {own[0]}: the type column is used"
        elif specific[0] in PARENT_ROLES and column_sex and column_sex != ROLE_SEX[specific[0]]:
            doubt = f"type column says {specific[0]} but the sex column says {column_sex}: the type column is used"
        return RoleReading(specific[0], doubt=doubt, echo=_echo(descriptor, specific[0]))
    cell_sex = _cell_sex(kind_cell)
    generic = "parent" in kinds or cell_sex is not None
    cell_sex = cell_sex or next((h.family for h in _role_words("sex").find_all(kind_cell) if h.family != "ambiguous"), None)
    if kind_cell.strip() and not generic:
        return RoleReading(None, doubt=f"participant type {kind_cell.strip()!r} not recognised")
    own = _self_role(descriptor, PARENT_ROLES if generic else ("mother", "father", "family-member", "professional", "child"))
    if own:
        return RoleReading(own[0], "descriptor", own[1])
    sex = column_sex or (cell_sex if cell_sex in ("female", "male") else None) or read_sex(descriptor)
    if sex:
        return RoleReading({"female": "mother", "male": "father"}[sex], "sex" if column_sex else "descriptor")
    what = f"type {kind_cell.strip()!r}" if kind_cell.strip() else "an empty type"
    return RoleReading(None, doubt=f"{what} and a descriptor that does not say whether mother or father", parent=generic)


def parent_role_in(text: str) -> tuple[str, Span] | None:
    """Mother or father, said of the one person a text is about ("First interview with a mother (40s)")."""
    return _self_role(text, PARENT_ROLES, head_only=False)
