"""Read one document sentence by sentence, keeping track of who is being talked about.

The walker resolves each sentence's mentions (names, descriptions, pronouns)
against the registry and a small discourse state: the participant and the
child last talked about, and the interviewer's last question (its child and
its words), which is what a short answer like "Once a month." is about. A
child's name resolves only within the families the passage is about
(scope.py). Before a turn is read, the children it introduces are added
(introductions.py), and the names it gives to someone else ("He's got
Summer") resolve to no one. The relation rules then read the resolved sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, NamedTuple

from graphkit.extract.children import resolve_childref
from graphkit.extract.context import starts_generic_turn
from graphkit.extract.introductions import Talk, births, read_turn, shared_children
from graphkit.extract.mentions import Index, Mention, all_mentions, cue
from graphkit.extract.scope import in_scope
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
class Recent:
    """Where the mentions in State.recent start, kept up to date as the list grows (it only grows): rules ask
    at every phrase, and going over a long answer's mentions each time would be quadratic in its length."""

    seen: int = 0  # how many of State.recent are counted
    starts: set[int] = field(default_factory=set)
    child: int = -1  # the latest start of a child it resolved
    named_child: int = -1  # the same, not counting "he"/"she"

    def update(self, recent: list[Ref]) -> Recent:
        for ref in recent[self.seen :]:
            start = ref.mention.start
            self.starts.add(start)
            if ref.kind == "child" and ref.entity:
                self.child = max(self.child, start)
                if ref.mention.kind not in ("he", "she"):
                    self.named_child = max(self.named_child, start)
        self.seen = len(recent)
        return self


@dataclass
class State:
    """What a unit's sentences are about so far."""

    recent: list[Ref] = field(default_factory=list)
    child: str | None = None
    participant: str | None = None
    generic: bool = False
    as_child: str | None = None  # a participant's child node that the participant's name stands for in this turn
    group: list[str] = field(default_factory=list)  # children just named together, whom "They"/"Both" stands for
    together: list[str] = field(default_factory=list)  # the children last named together in the document
    _recent: Recent = field(default_factory=Recent, repr=False, compare=False)

    def recent_starts(self) -> Recent:
        """What State.recent holds, counted once (it holds earlier sentences' mentions only, so all start before
        the sentence being read)."""
        return self._recent.update(self.recent)


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

    def _possessive(self, ref: Ref) -> bool:
        """ "Lorraine's mother": the name owns something and is not who the sentence is about."""
        return self.doc.text[ref.mention.end : ref.mention.end + 2] in ("'s", "’s")

    def evidence(self, start: int | None = None, end: int | None = None) -> Evidence:
        start = self.sentence.start if start is None else start
        end = self.sentence.end if end is None else end
        return make_evidence(self.doc, start, end, self.voice)

    def parent_for(self, child: str) -> list[str]:
        """Whose point of view a fact about ``child`` is from: the speaker, the parents the sentence names, else all.

        A parent speaking speaks for themselves; anyone else (a researcher, a
        worker) says where a child lives for each of its parents, unless the
        sentence names which one ("Derek sees her on Saturdays").
        """
        parents = self.index.parents_of.get(child, [])
        if self.voice.entity in parents:
            return [self.voice.entity]
        named = list(dict.fromkeys(r.entity for r in self.refs if r.entity in parents and not self._possessive(r)))
        return named or list(parents)


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


def resolve(graph: Graph, index: Index, doc: Document, unit: Unit, sentence: Sentence, state: State,
            others: dict[str, str | None] | None = None) -> list[Ref]:
    """The sentence's mentions resolved; ``others``: names the speaker gave to someone else ("He's got Summer")."""
    prefer = tuple(filter(None, (*doc.listed, unit.voice.entity, state.participant)))
    refs: list[Ref] = []
    grandchild_talk = None  # searched only when a description ("her son") needs it
    mentions = all_mentions(doc.text, sentence.start, sentence.end, index, prefer, sentence.words)
    if others:
        mentions = _with_others(mentions, others, sentence)
    scope = None  # the families the sentence may be about, found only when a child is named
    for m in mentions:
        if m.kind == "child":
            scope = scope if scope is not None else in_scope(index, (*prefer, *(x.entity for x in mentions if x.kind in ADULTS)))
            if scope.admits(m.entity):
                ref = Ref(m, m.entity, "child")
            else:  # doubt shown: the name is held, but by a child of a family this passage is not about
                graph.problem(f"{doc.path}, line {doc.line_of(m.start)}",
                              f"{m.text!r} names {m.entity}, a child of another family: not taken as that child here")
                ref = Ref(m, None, "unknown")
        elif m.kind in ADULTS:
            child = state.as_child if state.as_child and _stands_for(index, state.as_child, m, doc.text) else None
            ref = Ref(m, child, "child") if child else Ref(m, m.entity, m.kind)
        elif m.kind == "childref":
            child = None
            if grandchild_talk is None:
                near = doc.text[max(unit.start, sentence.start - 200) : sentence.end]
                grandchild_talk = bool(cue("child_refs", "not_own_context").search(near))
            if not grandchild_talk:
                possessor = m.text.split()[0]
                child = resolve_childref(graph, m, _owners(unit.voice, state, doc, graph, possessor), doc.text)
            ref = Ref(m, child, "child" if child else "unknown")
        elif m.kind == "other":
            ref = Ref(m, None, "unknown")  # blocks a pronoun after it, and any fact about a child
        elif m.kind in ("he", "she"):
            ref = _pronoun(m, chain(reversed(refs), reversed(state.recent)), unit.voice, index)
        else:
            ref = Ref(m, unit.voice.entity, "first")
        refs.append(ref)
    return refs


_PREP_BEFORE = re.compile(r"(?:\bwith|\bwi['’]?|\bat|\bto|\bfrom|\bby|\bfae)\s+$", re.IGNORECASE)


def _stands_for(index: Index, child: str, m: Mention, text: str) -> bool:
    """Whether a participant's name is their child node here: not after a preposition ("Katie's with Eilidh")."""
    return index.graph.entities[child].get("participant") == m.entity and not _PREP_BEFORE.search(text[max(0, m.start - 8) : m.start])


def _participant_child(index: Index, doc: Document, unit: Unit, question: Question) -> str | None:
    """A parent's turn about a child who took part ("Tell me about Eilidh." / "Eilidh is my eldest."): that child's node."""
    if unit.voice.role != "parent" or not unit.voice.entity or not unit.sentences:
        return None
    opening = f"{question.text} {unit.sentences[0].text}"
    for child in index.children_of.get(unit.voice.entity, []):
        entity = index.graph.entities[child]
        if entity.get("participant") and entity.label and re.search(rf"\b{re.escape(entity.label)}\b", opening):
            return child
    return None


def _with_others(mentions: list[Mention], others: dict[str, str | None], sentence: Sentence) -> list[Mention]:
    """The sentence's mentions with the names given to someone else added, as "other" (they resolve to no one)."""
    found = [Mention("other", None, m.start(), m.end(), others[m.group()], m.group())
             for m in re.finditer(r"(?<![\w-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w-])", sentence.text)
             if m.group() in others]
    if not found:
        return mentions
    found = [x._replace(start=x.start + sentence.start, end=x.end + sentence.start) for x in found]
    return sorted([*mentions, *(x for x in found if not any(n.start <= x.start < n.end for n in mentions))], key=lambda x: (x.start, x.end))


def _pronoun(m: Mention, latest_first: Iterable[Ref], voice: Voice, index: Index) -> Ref:
    """He/she -> the latest person of a compatible sex (an adult blocks: "He sees me" is the worker).

    A person whose sex the registry does not give (most professionals) takes
    the sex of the first pronoun that follows them closely ("Iain ... He's").
    """
    for ref in latest_first:
        if ref.mention.kind == "other" and ref.mention.sex in (None, m.sex):
            return Ref(m, None, "unknown")  # "He's got Summer from before. She's eight.": she is Summer
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
    talk = Talk()
    together: list[str] = []  # the children last named together in this document: "the children" later
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
        state.together = together
        if _introduce(graph, index, doc, unit, talk, question, statements):
            index.refresh()
        state.as_child = _participant_child(index, doc, unit, question)
        others = talk.others()
        for i, sentence in enumerate(unit.sentences):
            if starts_generic_turn(sentence.text, sentence.words):
                state.generic = True
            refs = resolve(graph, index, doc, unit, sentence, state, others)
            for view in (refs, *_each_of(refs, doc.text, sentence, state.group, state.together, graph)):
                ctx = Context(graph, index, doc, unit, i, sentence, view, state, question, statements)
                for rule in rules:
                    rule(ctx)
            runs = _runs(refs, doc.text)
            state.group = [r.entity for r in runs[-1]] if runs else (state.group if _PLURAL_SUBJECT.match(sentence.text) else [])
            together = state.together = [r.entity for r in runs[-1]] if runs else together
            if refs:
                _follow(state, refs, unit.voice)


# "the children" as a clause's subject ("... and the children went to live with Shane's mum")
_THE_CHILDREN = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but|so|that|when|while|since)\s+)(?P<them>the (?:children|bairns|kids|weans|twins|wee ones|little ones))\b(?!['’])", re.IGNORECASE)
_PLURAL_SUBJECT = re.compile(r"(?:they|both|baith|the two of them|the pair of them)\b", re.IGNORECASE)
_AND = re.compile(r"\s*(?:\([^)]{0,12}\))?\s*(?:,|and|&|,\s*and)\s*$", re.IGNORECASE)


def _runs(refs: list[Ref], text: str) -> list[list[Ref]]:
    """Children named together: "Leah (7) and Rory (2)", "Ellis and Macy"."""
    runs: list[list[Ref]] = []
    run: list[Ref] = []
    for ref in refs:
        named_child = ref.kind == "child" and ref.entity is not None and ref.mention.kind == "child"
        if named_child and run and _AND.fullmatch(text[run[-1].mention.end : ref.mention.start]):
            run.append(ref)
            continue
        runs.append(run)
        run = [ref] if named_child else []
    runs.append(run)
    return [r for r in runs if len(r) > 1 and len({x.entity for x in r}) == len(r)]


def _each_of(refs: list[Ref], text: str, sentence: Sentence, group: list[str], together: list[str], graph: Graph) -> list[list[Ref]]:
    """The sentence read again for each child of a group it is about, but the one the rules already take.

    The rules take the child named last before a phrase as its subject. A
    list of children ("Leah (7) and Rory (2) have been living with ...") is
    the subject as a whole, and so is "They"/"Both" right after one ("The
    twins, Ellis and Macy. Both with their mam."): each child gets a reading.
    """
    views = [[r for r in refs if r not in run[k + 1 :]] for run in _runs(refs, text) for k in range(len(run) - 1)]
    if group and _PLURAL_SUBJECT.match(sentence.text):
        views += [[Ref(Mention("child", child, sentence.start, sentence.start, _sex(graph, child)), child, "child"), *refs]
                  for child in group]
    plural = _THE_CHILDREN.search(sentence.text)
    if together and plural and not any(r.kind == "child" for r in refs):  # "... and the children went to Shane's mum's"
        at, end = sentence.start + plural.start("them"), sentence.start + plural.end("them")
        views += [sorted([*refs, Ref(Mention("child", child, at, end, _sex(graph, child)), child, "child")],
                         key=lambda r: r.start) for child in together]
    return views


def _introduce(graph: Graph, index: Index, doc: Document, unit: Unit, talk: Talk, question: Question,
               statements: list[Statement]) -> bool:
    """Children the unit introduces: a parent's own account, a second parent's "baith oors", a birth in a family's file."""
    def evidence(start: int, end: int) -> Evidence:
        return make_evidence(doc, start, end, unit.voice)

    changed = False
    if unit.voice.role in ("parent", "family-member") and unit.voice.entity:
        changed = read_turn(graph, index, doc, unit, talk, question.text, evidence)
        if unit.voice.role == "parent" and shared_children(graph, index, doc, unit, question.text, question.start,
                                                           evidence(unit.start, unit.end)):
            changed = True
    if unit.voice.role in ("parent", "researcher") and _family_file(doc):
        changed = births(graph, index, doc, unit, talk, evidence) or changed
    for child, parent, arrangement, carer, where in talk.placed:  # "the two at home", "She lives with Chloe"
        carer_id = parent if arrangement == "with-parent" else None
        statements.append(Statement("care", child, parent, arrangement, where, doc.date, carer=carer, carer_id=carer_id))
    talk.placed.clear()
    return changed


def _family_file(doc: Document) -> bool:
    return "parent" in (doc.dataset or "").lower() or "family" in (doc.dataset or "").lower()


def _follow(state: State, refs: list[Ref], voice: Voice) -> None:
    """The last child and participant named are what the next sentences are about."""
    for ref in refs:
        if ref.entity and ref.kind == "child":
            state.child = ref.entity
            if ref.entity != state.as_child and ref.mention.kind == "child":
                state.as_child = None  # the turn has moved on to another child
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
