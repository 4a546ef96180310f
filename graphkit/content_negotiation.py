"""Pick a response media type from an ``Accept`` header by RFC 9110 section 12.5.1 (q-values, most specific range)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    params: frozenset[tuple[str, str]]
    q: float

    def matches(self, media: str) -> bool:
        kind, _, sub = media.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)

    @property
    def specificity(self) -> tuple[int, int]:
        # "text/csv;charset=utf-8" beats "text/csv" beats "text/*" beats "*/*".
        return (0 if self.type == "*" else 1 + (self.subtype != "*"), len(self.params))


def _parse(header: str) -> list[_Range]:
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue  # not a media range: ignored, as a token we cannot read says nothing
        q, rest = 1.0, set()
        for param in params:
            name, _, value = param.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"')
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = -1.0
                if not 0.0 <= q <= 1.0:
                    break  # a weight outside 0..1 makes the whole range unreadable
            elif name:
                rest.add((name, value.lower()))
        else:
            ranges.append(_Range(kind, sub, frozenset(rest), q))
    return ranges


def quality(accept: str, media: str) -> float:
    """The weight ``accept`` gives ``media``: that of the most specific range matching it, 0 if none does."""
    matching = [r for r in _parse(accept) if r.matches(media)]
    return max(matching, key=lambda r: r.specificity).q if matching else 0.0


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the client weights highest (ties go to the order of ``offered``); None when none is
    acceptable (q=0 means "not acceptable"). No or an empty header means anything: the first offered."""
    if accept is None or not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for media in offered:
        q = quality(accept, media)
        if q > best_q:
            best, best_q = media, q
    return best
