"""Who is talking: a data file cut into turns (or fieldnote paragraphs) and sentences.

Interviews and focus groups are speaker turns (readers/transcript.py); each
label is resolved to a registry entity (pseudonym, ID code, case variants) or
to the interviewer. Fieldnotes have no turns: every paragraph is the
researcher's voice. Sentences keep offsets into the whole text, so every
quote taken from them satisfies ``text[start:end] == quote``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from graphkit.extract.aliases import stated
from graphkit.extract.screens import Words, words_of
from graphkit.model import DataFile, Graph
from graphkit.readers.transcript import Transcript, is_interviewer, parse_transcript

PEOPLE = ("parent", "family-member", "professional", "person")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)\]]*|\n|$)")
_WORD_CHAR = re.compile(r"\w")
_NOT_SPACE = re.compile(r"\S")  # \s is exactly what str.isspace() is true of
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_ID_IN_LABEL = re.compile(r"[\[(]?([A-Za-z]{1,6}[-_]?\d{1,4}[A-Za-z]?)[\])]?")

#: Longest sentence read whole, in characters. The rules look back over the sentence at each match, so one
#: with no full stop (a hostile or an unpunctuated file) costs time quadratic in its length; a longer one is
#: read in parts of at most this size, cut at a space. Sentences in the devsets stay under 300.
MAX_SENTENCE_CHARS = 2_000


@dataclass(frozen=True)
class Voice:
    """Whose words a passage is: an entity id (or None) and a role."""

    entity: str | None
    role: str  # parent, family-member, professional, interviewer, researcher, unknown
    label: str


class Sentence(NamedTuple):  # a tuple: one per sentence of every text, made fast
    start: int
    end: int
    text: str
    words: Words | None  # split once: every pattern run on the sentence is screened with them (screens.py)


@dataclass
class Unit:
    """One speaker turn, or one fieldnote paragraph."""

    voice: Voice
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def is_question(self) -> bool:
        return self.voice.role == "interviewer"


@dataclass
class Document:
    path: str
    text: str
    transcript: Transcript
    date: str | None
    listed: tuple[str, ...]
    units: list[Unit]
    fieldnotes: bool
    dataset: str | None = None

    def line_of(self, offset: int) -> int:
        return self.transcript.line_of(offset)


def sentences(text: str, start: int, end: int, cut: list[int] | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]``, trimmed of surrounding blanks, with whole-text offsets.

    A sentence longer than :data:`MAX_SENTENCE_CHARS` is read as several; its start goes into ``cut``."""
    found = []
    for m in _SENTENCE.finditer(text, start, end):
        spans = [_trimmed(text, m.start(), m.end())]
        if spans[0][1] - spans[0][0] > MAX_SENTENCE_CHARS:
            if cut is not None:
                cut.append(spans[0][0])
            spans = _parts(text, *spans[0])
        for s, e in spans:
            if e > s and _WORD_CHAR.search(text, s, e):
                sentence = text[s:e]
                found.append(Sentence(s, e, sentence, words_of(sentence)))
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    # str.strip drops exactly the characters isspace() is true of
    return start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in trimmed parts of at most MAX_SENTENCE_CHARS, each cut at its last space when it has one
    in its second half (a word is not split), else at the limit."""
    parts = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        space = max(text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit), text.rfind("\t", start + MAX_SENTENCE_CHARS // 2, limit))
        stop = space if space > start else limit
        parts.append(_trimmed(text, start, stop))
        rest = _NOT_SPACE.search(text, stop, end)  # not a slice of the rest: that would be quadratic again
        start = rest.start() if rest else end
    parts.append((start, end))
    return parts


def _label_index(graph: Graph) -> dict[str, str]:
    """Lower-cased pseudonym or ID code -> entity id; a pseudonym two people share maps to neither."""
    index: dict[str, str] = {}
    clashes: set[str] = set()
    for entity in graph.entities.values():
        if entity.kind not in PEOPLE:
            continue
        index[entity.id.lower()] = entity.id
        for name in (entity.label, *stated(entity)):
            key = (name or "").lower()
            if key in index and index[key] != entity.id:
                clashes.add(key)
            if key:
                index.setdefault(key, entity.id)
    for key in clashes:
        del index[key]
    return index


def resolve_label(label: str, graph: Graph, listed: tuple[str, ...], index: dict[str, str] | None = None) -> Voice:
    """A turn label -> Voice. ``R:``/``P:`` mean the file's one listed participant."""
    index = index if index is not None else _label_index(graph)
    if is_interviewer(label):
        return Voice(None, "interviewer", label)
    clean = label.strip().lower()
    entity_id = _listed_named(clean, graph, listed) or index.get(clean)
    if entity_id is None:
        for m in _ID_IN_LABEL.finditer(label):
            if m.group(1) in graph.entities:
                entity_id = m.group(1)
                break
    if entity_id is None:
        words = re.findall(r"[\w'’-]+", clean)
        hits = {index[w] for w in words if w in index}
        entity_id = hits.pop() if len(hits) == 1 else None
    if entity_id is None:  # a pseudonym two people share: the one the listing puts in this file
        words = set(re.findall(r"[\w'’-]+", clean))
        named = {i for i in listed if i in graph.entities and graph.entities[i].kind in PEOPLE
                 and any((n or "").lower() in words | {clean} for n in (graph.entities[i].label, *stated(graph.entities[i])))}
        entity_id = named.pop() if len(named) == 1 else None
    if entity_id is None and clean in ("r", "p", "respondent", "participant", "interviewee"):
        people = [i for i in listed if i in graph.entities and graph.entities[i].kind in PEOPLE]
        entity_id = people[0] if len(people) == 1 else None
    if entity_id is None:
        return Voice(None, "unknown", label)
    kind = graph.entities[entity_id].kind
    return Voice(entity_id, "parent" if kind == "parent" else kind, label)


def _listed_named(name: str, graph: Graph, listed: tuple[str, ...]) -> str | None:
    """The one person the file lists by this pseudonym: a namesake elsewhere in the collection is not who speaks."""
    hits = [i for i in listed if i in graph.entities and graph.entities[i].kind in PEOPLE
            and name in {(n or "").lower() for n in (graph.entities[i].label, *stated(graph.entities[i]))}]
    return hits[0] if len(hits) == 1 else None


def read_document(path: str, text: str, data_file: DataFile | None, graph: Graph) -> Document:
    """Cut a file into voiced units. The listing's date wins over the header's."""
    from graphkit.readers.collection import normalise_date

    transcript = parse_transcript(text)
    listed = data_file.ids if data_file else ()
    date = (data_file.date if data_file else None) or normalise_date(_header_value(transcript, "date"))
    kind = (data_file.type if data_file and data_file.type else _header_value(transcript, "type") or "").lower()
    fieldnotes = "fieldnote" in kind or "field note" in kind or not transcript.turns
    units: list[Unit] = []
    cut: list[int] = []
    if fieldnotes:
        researcher = Voice(None, "researcher", "researcher")
        for m in _PARAGRAPH.finditer(text, transcript.body_start):
            units.append(Unit(researcher, m.start(), m.end(), sentences(text, m.start(), m.end(), cut)))
    else:
        index = _label_index(graph)
        voices: dict[str, Voice] = {}  # a file has a few speakers and many turns
        for turn in transcript.turns:
            voice = voices.get(turn.speaker) or voices.setdefault(turn.speaker, resolve_label(turn.speaker, graph, listed, index))
            units.append(Unit(voice, turn.start, turn.end, sentences(text, turn.start, turn.end, cut)))
    if cut:  # one problem per file, not one per sentence: a hostile file could hold a million
        lines = ", ".join(str(transcript.line_of(offset)) for offset in cut[:5]) + (", ..." if len(cut) > 5 else "")
        what = "a sentence is" if len(cut) == 1 else f"{len(cut)} sentences (lines {lines}) are"
        graph.problem(f"{path}, line {transcript.line_of(cut[0])}",
                      f"{what} longer than {MAX_SENTENCE_CHARS} characters: read in parts cut at a space, "
                      "so a fact said across a cut is not read")
    dataset = (data_file.dataset if data_file else None) or _header_value(transcript, "data set")
    return Document(path, text, transcript, date, listed, units, fieldnotes, dataset)


def revoice(doc: Document, graph: Graph) -> None:
    """Resolve again the turns no registry name matched when the file was cut ("ALLY:", once the texts say who Ally is)."""
    if all(unit.voice.role != "unknown" for unit in doc.units):
        return
    index = _label_index(graph)
    voices: dict[str, Voice] = {}
    for unit in doc.units:
        if unit.voice.role == "unknown":
            label = unit.voice.label
            unit.voice = voices.get(label) or voices.setdefault(label, resolve_label(label, graph, doc.listed, index))


def _header_value(transcript: Transcript, key: str) -> str | None:
    for name, value in transcript.header.items():
        if name.strip().lower() == key:
            return value
    return None
