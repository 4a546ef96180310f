"""Split a data file's text into its header block and its speaker turns.

Offsets are Python ``str`` indices into the whole text, so every span that an
extractor quotes can be checked with ``text[start:end] == quote``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graphkit.data import load_toml
from graphkit.readers.tables import normalise_header

# A speaker label: a short name, code or role at the start of a line, then a colon. Around it, what transcribers
# add: a timestamp before or after it ("[00:14:05] INT:", "R (00:14:09):", "00:14:05 Tracey:") and bold marks
# ("**R:**", "__Interviewer__:"); they are not part of the label.
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?"
_TURN = re.compile(
    rf"^(?:[\[(]?{_TIME}[\])]?[ \t]+)?(?:\*\*|__)?(?P<label>[A-Z\[\(][\w .'’\-\[\]\(\)]{{0,40}}?)(?:[ \t]*[\[(]{_TIME}[\])])?(?:\*\*|__)?"
    rf"[ \t]*:(?:\*\*|__)?[ \t]+",
    re.MULTILINE,
)
_HEADER_LINE = re.compile(r"^(?P<key>[^:\n]{1,40}):[ \t]*(?P<value>.*)$")


@dataclass(frozen=True)
class Turn:
    speaker: str
    start: int
    end: int
    line: int


@dataclass
class Transcript:
    text: str
    header: dict[str, str] = field(default_factory=dict)
    body_start: int = 0
    turns: list[Turn] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        lo, hi = 0, len(self.line_starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.line_starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def speaker_at(self, offset: int) -> str | None:
        for turn in self.turns:
            if turn.start <= offset < turn.end:
                return turn.speaker
        return None


@lru_cache(maxsize=1)
def header_keys() -> frozenset[str]:
    return frozenset(normalise_header(k) for k in load_toml("headers.toml")["text_header"]["keys"])


@lru_cache(maxsize=1)
def interviewer_labels() -> frozenset[str]:
    return frozenset(normalise_header(k) for k in load_toml("headers.toml")["speakers"]["interviewer"])


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _header(text: str) -> tuple[dict[str, str], int]:
    header: dict[str, str] = {}
    pos = 0
    keys = header_keys()
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if not line.strip():
            return (header, end + 1) if header else ({}, 0)
        match = _HEADER_LINE.match(line)
        if not match or normalise_header(match["key"]) not in keys:
            return ({}, 0) if not header else (header, pos)
        header[match["key"].strip()] = match["value"].strip()
        pos = end + 1
    return header, len(text) if header else 0


def parse_transcript(text: str) -> Transcript:
    """Parse the header block and the turns; a text with no labels has no turns (fieldnotes)."""
    header, body_start = _header(text)
    transcript = Transcript(text, header, body_start, [], _line_starts(text))
    starts = [m for m in _TURN.finditer(text, body_start)]
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        line = transcript.line_of(match.start())
        transcript.turns.append(Turn(match["label"].strip(), match.end(), end, line))
    return transcript


def is_interviewer(label: str) -> bool:
    """``INT``, ``Interviewer``, the same numbered when a file has two ("Interviewer 2", "INT1") or initialled ("INT (JB)")."""
    name = normalise_header(re.sub(r"\s*[\[(][^\])]*[\])]", "", label))  # "INT (JB)", "Researcher [AM]"
    numbered = re.fullmatch(r"([a-z]{2,})\d{1,2}", name)
    return name in interviewer_labels() or bool(numbered and numbered.group(1) in interviewer_labels())
