"""Read one document sentence by sentence, keeping track of who is being talked about.

The walker resolves each sentence's mentions (names, descriptions, pronouns)
against the registry and a small discourse state: the participant and the
child last talked about, and the interviewer's last question (its child and
its words), which is what a short answer like "Once a month." is about.
The relation rules (relations.py) then read the resolved sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, NamedTuple

from graphkit.extract.children import may_name_children, named_children, resolve_childref
from graphkit.extract.context import starts_generic_turn
from graphkit.extract.mentions import Index, Mention, all_mentions, cue
from graphkit.extract.screens import Words
from graphkit.extract.speakers import Document, Sentence, Unit, Voice
from graphkit.model import Evidence, Graph

ADULTS = ("parent", "family-member", "professional", "person")


class Ref(NamedTuple):
    """A resolved mention: ``entity`` is the registry id it stands for (None when unknown)."""

    mention: Mention
    entity: str | None
    kind: str  # child, parent, family-member, professional, person, service, first, unknown

    @property
    def start(self) -> int:
        return self.mention.start


@dataclass
class Statement:
    """A care or contact arrangement read in a text, before the timeline decides what is current."""

    kind: str  # care or contact
    child: str
    parent: str
    arrangement: str
    evidence: Evidence
    date: str | None
    ended: bool = False
    carer: str | None = None
    carer_id: str | None = None


@dataclass
class Question:
    text: str = ""
    start: int = 0
    child: str | None = None
    participant: str | None = None


@dataclass
class State:
    """What a unit's sentences are about so far."""

    recent: list[Ref] = field(default_factory=list)
    child: str | None = None
    participant: str | None = None
    generic: bool = False


@dataclass
class Context:
    """Everything a rule needs to read one sentence."""

    graph: Graph
    index: Index
    doc: Document
    unit: Unit
    position: int  # index of the sentence in the unit
    sentence: Sentence
    refs: list[Ref]
    state: State
    question: Question
    statements: list[Statement]
    cache: dict = field(default_factory=dict)  # per-sentence results shared between rules (same pattern, same text)
    # copied from the unit and sentence: rules read them a dozen times a sentence
    voice: Voice = field(init=False)
    text: str = field(init=False)
    words: Words | None = field(init=False)

    def __post_init__(self) -> None:
        self.voice, self.text, self.words = self.unit.voice, self.sentence.text, self.sentence.words

    def rel(self, ref: Ref | Mention) -> int:
        """A mention's offset inside the sentence."""
        return ref.start - self.sentence.start

    def neighbours(self, before: int = 1, after: int = 1) -> str:
        items = self.unit.sentences[max(0, self.position - before) : self.position + after + 1]
        return " ".join(s.text for s in items)

    def evidence(self, start: int | None = None, end: int | None = None) -> Evidence:
        start = self.sentence.start if start is None else start
        end = self.sentence.end if end is None else end
        return make_evidence(self.doc, start, end, self.voice)

    def parent_for(self, child: str) -> list[str]:
        """Whose point of view a fact about ``child`` is from: the speaker, the focus, else every parent."""
        parents = self.index.parents_of.get(child, [])
        for who in (self.voice.entity, self.state.participant, *self.doc.listed):
            if who in parents:
                return [who]
        return list(parents)


def make_evidence(doc: Document, start: int, end: int, voice: Voice) -> Evidence:
    return Evidence(
        file=doc.path, start=start, end=end, quote=doc.text[start:end],
        line_start=doc.line_of(start), line_end=doc.line_of(max(start, end - 1)),
        speaker=voice.entity or voice.role, date=doc.date,
    )


def _owners(ctx_voice: Voice, state: State, doc: Document, graph: Graph, possessor: str) -> list[str]:
    """Whose child "my son" / "her son" / "the wean" is."""
    listed_parents = [i for i in doc.listed if i in graph.entities and graph.entities[i].kind == "parent"]
    possessor = possessor.lower()
    if possessor in ("my", "ma", "our", "mi", "me"):
        return [ctx_voice.entity] if ctx_voice.entity else []
    if possessor in ("your", "yer"):  # the interviewer asking the participant about their own child
        return [p for p in (state.participant, *listed_parents) if p]
    if possessor in ("her", "his", "their"):
        return [p for p in (state.participant, *listed_parents) if p]
    return [p for p in (ctx_voice.entity if ctx_voice.role == "parent" else None, state.participant, *listed_parents) if p]


def resolve(graph: Graph, index: Index, doc: Document, unit: Unit, sentence: Sentence, state: State) -> list[Ref]:
    prefer = tuple(filter(None, (*doc.listed, unit.voice.entity, state.participant)))
    refs: list[Ref] = []
    grandchild_talk = None  # searched only when a description ("her son") needs it
    for m in all_mentions(doc.text, sentence.start, sentence.end, index, prefer, sentence.words):
        if m.kind in ADULTS or m.kind == "child":
            ref = Ref(m, m.entity, m.kind)
        elif m.kind == "childref":
            child = None
            if grandchild_talk is None:
                near = doc.text[max(unit.start, sentence.start - 200) : sentence.end]
                grandchild_talk = bool(cue("child_refs", "not_own_context").search(near))
            if not grandchild_talk:
                possessor = m.text.split()[0]
                child = resolve_childref(graph, m, _owners(unit.voice, state, doc, graph, possessor), doc.text)
            ref = Ref(m, child, "child" if child else "unknown")
        elif m.kind in ("he", "she"):
            ref = _pronoun(m, chain(reversed(refs), reversed(state.recent)), unit.voice, index)
        else:
            ref = Ref(m, unit.voice.entity, "first")
        refs.append(ref)
    return refs


def _pronoun(m: Mention, latest_first: Iterable[Ref], voice: Voice, index: Index) -> Ref:
    """He/she -> the latest person of a compatible sex (an adult blocks: "He sees me" is the worker).

    A person whose sex the registry does not give (most professionals) takes
    the sex of the first pronoun that follows them closely ("Iain ... He's").
    """
    for ref in latest_first:
        if ref.kind in ("first", "unknown", "service") or ref.entity is None or ref.entity == voice.entity:
            continue
        sex = ref.mention.sex or index.learned_sex.get(ref.entity)
        if sex and sex != m.sex:
            continue
        if sex is None and 0 <= m.start - ref.mention.end < 200:
            index.learned_sex[ref.entity] = m.sex or ""
        return Ref(m, ref.entity, ref.kind)
    return Ref(m, None, "unknown")


def walk(graph: Graph, index: Index, doc: Document, rules: list, statements: list[Statement]) -> None:
    """Run every rule on every sentence of ``doc``."""
    question = Question()
    state, previous = State(), None
    for unit in doc.units:
        if unit.voice.role == "interviewer":
            question, previous = _read_question(graph, index, doc, unit), None
            continue
        if previous is None or previous != unit.voice or doc.fieldnotes:
            # a new answer: it is about what was asked; the same speaker going on keeps the thread
            state = State(child=question.child, participant=question.participant)
            if state.child:
                state.recent.append(Ref(Mention("child", state.child, -1, -1, _sex(graph, state.child)), state.child, "child"))
        state.generic, previous = False, unit.voice
        if unit.voice.role in ("parent", "family-member") and unit.voice.entity:
            for i, sentence in enumerate(unit.sentences):
                if not may_name_children(sentence):
                    continue
                look = unit.sentences[i + 1].end if i + 1 < len(unit.sentences) else sentence.end
                if named_children(graph, index, unit.voice.entity, doc.text, sentence, look,
                                  make_evidence(doc, sentence.start, sentence.end, unit.voice)):
                    index.refresh()
        for i, sentence in enumerate(unit.sentences):
            if starts_generic_turn(sentence.text, sentence.words):
                state.generic = True
            refs = resolve(graph, index, doc, unit, sentence, state)
            ctx = Context(graph, index, doc, unit, i, sentence, refs, state, question, statements)
            for rule in rules:
                rule(ctx)
            if refs:
                _follow(state, refs, unit.voice)


def _follow(state: State, refs: list[Ref], voice: Voice) -> None:
    """The last child and participant named are what the next sentences are about."""
    for ref in refs:
        if ref.entity and ref.kind == "child":
            state.child = ref.entity
        elif ref.entity and ref.kind in ("parent", "family-member") and ref.entity != voice.entity:
            state.participant = ref.entity
    state.recent.extend([r for r in refs if r.kind != "first"])


def _sex(graph: Graph, entity_id: str) -> str | None:
    return {"male": "m", "female": "f"}.get(str(graph.entities[entity_id].get("sex")))


def _read_question(graph: Graph, index: Index, doc: Document, unit: Unit) -> Question:
    """What the interviewer asked about: the last child and participant it names."""
    q = Question(doc.text[unit.start : unit.end], unit.start)
    state = State()
    for sentence in unit.sentences:
        for ref in resolve(graph, index, doc, unit, sentence, state):
            if ref.kind == "child" and ref.entity:
                q.child = ref.entity
            elif ref.kind in ("parent", "family-member") and ref.entity:
                q.participant = ref.entity
    return q


def words_before(text: str, pos: int) -> int:
    return len(re.findall(r"[\w'’]+", text[:pos]))
