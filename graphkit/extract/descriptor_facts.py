"""What the descriptor parser returns: facts with the descriptor span that says each."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass
class Fact:
    value: object
    span: Span
    also: list[Span] = field(default_factory=list)  # further phrases that say the same value: evidence too

    @property
    def spans(self) -> list[Span]:
        return [self.span, *self.also]


@dataclass
class ChildFacts:
    span: Span
    name: str | None = None
    sex: str | None = None
    age: int | None = None
    age_group: str = "unknown"
    arrangement: Fact | None = None
    carer: str | None = None
    carer_id: str | None = None
    contact: Fact | None = None
    protection: Fact | None = None  # a child protection plan, child in need or pre-proceedings (not a placement)
    doubts: list[str] = field(default_factory=list)  # what the parser assumed or could not square: reported as problems
    announced: list[Span] = field(default_factory=list)  # a count or list header that announces this child ("3 kids:")


@dataclass
class DescriptorFacts:
    facts: dict[str, Fact] = field(default_factory=dict)
    children: list[ChildFacts] = field(default_factory=list)
    partner_name: str | None = None
    # names and ID codes that say who the partner is (the registry joins a partner who took part)
    partner_refs: list[str] = field(default_factory=list)
    # what the reading is unsure of, reported as a problem at the descriptor
    doubts: list[tuple[str, Span]] = field(default_factory=list)

    def put(self, name: str, value: object, span: Span) -> None:
        """The first value said wins; a later phrase saying the same value is more evidence for it."""
        held = self.facts.setdefault(name, Fact(value, span))
        if held.value == value and span not in held.spans and not any(s < span[1] and span[0] < e for s, e in held.spans):
            held.also.append(span)
