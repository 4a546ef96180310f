"""Descriptor coverage: which characters of each descriptor the built graph explains, and which it does not.

Every character of a participant or service descriptor ends in one of three classes:

fact
    a fact's evidence covers it (an entity attribute or a relation whose
    evidence names this cell, row and span);
context
    the tool knows what it is although the model holds no fact for it: a date,
    a duration, a frequency, a redaction marker (classes in
    ``graphkit/data/coverage.toml``), an ID code or a name the tables define,
    and function words and punctuation BETWEEN understood words;
unexplained
    everything else, listed with its file, row and ID code.

Coverage is read from the built graph only (the evidence spans), never from the
parser's internals, so it measures whatever parser is in place and needs no gold.
It is only as fine as the evidence: a fact whose span is a whole clause explains
the whole clause, so characters explained only by a span that runs across a
";" or a sentence end are counted apart as "coarse". Evidence that spans a whole multi-clause cell points at no
words (a default such as ``service_type = other``): it is listed as unlocated
and explains nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from graphkit.data import load_toml
from graphkit.extract.lexicon import lexicon
from graphkit.model import Evidence, Graph
from graphkit.readers.tables import Row, Table
from graphkit.scan import PLACEHOLDERS, structured_spans

FACT, CONTEXT, UNEXPLAINED = "fact", "context", "unexplained"
DESCRIPTOR_TABLES = ("participants", "services")
_COLUMN = "descriptor"
_TOKEN = re.compile(r"\w[\w'’]*(?:[/-]\w[\w'’]*)*/?|\s+|[^\w\s]")
_PART = re.compile(r"\{(\w+)\}")
_CLAUSE_BREAK = re.compile(r"[.;:,\n]\s+\S")  # a separator with more text after it
_SENTENCE_BREAK = re.compile(r";\s*\S|\.\s+[A-Z]")  # a span holding one is coarse: it reads as several facts
_FUNCTION, _PUNCTUATION = "function word", "punctuation"


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``start:end`` of a descriptor and what they are: a fact, a context class, or ``unexplained``."""

    start: int
    end: int
    text: str
    label: str


@dataclass
class DescriptorCoverage:
    """One descriptor cell: its facts, its recognised context and the spans nobody explained.

    ``text`` and every span's text have direct identifiers replaced by placeholders; offsets and ``chars`` are the
    cell's own.
    """

    file: str
    row: int
    line: int
    id: str
    text: str
    chars: int
    kind: str = ""
    facts: list[Span] = field(default_factory=list)
    context: list[Span] = field(default_factory=list)
    unexplained: list[Span] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    fact_chars: int = 0
    context_chars: int = 0
    coarse_chars: int = 0
    where_to_add: dict[tuple[int, int], list[str]] = field(default_factory=dict)  # unexplained span -> what the row lacks

    @property
    def unexplained_chars(self) -> int:
        return self.chars - self.fact_chars - self.context_chars

    @property
    def share(self) -> float:
        return 1.0 if not self.chars else (self.fact_chars + self.context_chars) / self.chars

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "row": self.row, "line": self.line, "id": self.id, "kind": self.kind, "characters": self.chars,
            "share": round(self.share, 4), "unexplained_characters": self.unexplained_chars, "coarse_fact_characters": self.coarse_chars,
            "unexplained": [{"start": s.start, "end": s.end, "text": s.text,
                             "where_to_add": [{"if_it_says": says, "add_to": add} for says, add in _hints(self.where_to_add.get((s.start, s.end)))]}
                            for s in self.unexplained],
            "facts": [{"start": s.start, "end": s.end, "text": s.text, "fact": s.label} for s in self.facts],
            "context": [{"start": s.start, "end": s.end, "text": s.text, "class": s.label} for s in self.context],
            "unlocated": self.unlocated,
        }


@dataclass
class CoverageReport:
    """Every descriptor of a collection and the totals over them."""

    descriptors: list[DescriptorCoverage]

    @property
    def chars(self) -> int:
        return sum(d.chars for d in self.descriptors)

    @property
    def fact_chars(self) -> int:
        return sum(d.fact_chars for d in self.descriptors)

    @property
    def context_chars(self) -> int:
        return sum(d.context_chars for d in self.descriptors)

    @property
    def coarse_chars(self) -> int:
        """Characters explained only by facts whose evidence runs across clauses."""
        return sum(d.coarse_chars for d in self.descriptors)

    @property
    def unexplained_chars(self) -> int:
        return self.chars - self.fact_chars - self.context_chars

    @property
    def share(self) -> float:
        """The share of descriptor characters explained, by a fact or as recognised context."""
        return 1.0 if not self.chars else (self.fact_chars + self.context_chars) / self.chars

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """(characters, characters explained) per kind of row: parents, family members, professionals, services."""
        totals: dict[str, tuple[int, int]] = {}
        for d in self.descriptors:
            chars, explained = totals.get(d.kind, (0, 0))
            totals[d.kind] = (chars + d.chars, explained + d.chars - d.unexplained_chars)
        return dict(sorted(totals.items()))

    def top_words(self, n: int = 20) -> list[tuple[str, int]]:
        """The content words met most often in unexplained spans: what the grammar or the vocabulary misses most."""
        skip = _rules().function_words
        words = Counter(w.lower() for d in self.descriptors for s in d.unexplained
                        for w in re.findall(r"\w[\w'’/-]*", s.text) if w.lower() not in skip)
        return words.most_common(n)

    def as_dict(self) -> dict[str, Any]:
        return {
            "characters": self.chars, "fact_characters": self.fact_chars, "context_characters": self.context_chars,
            "coarse_fact_characters": self.coarse_chars, "unexplained_characters": self.unexplained_chars, "share": round(self.share, 4),
            "by_kind": {k: {"characters": c, "share": round(e / c, 4) if c else 1.0} for k, (c, e) in self.by_kind().items()},
            "descriptors": [d.as_dict() for d in self.descriptors],
            "top_unexplained_words": [[w, c] for w, c in self.top_words()],
        }


@dataclass(frozen=True)
class _Rules:
    classes: tuple[tuple[str, re.Pattern[str]], ...]
    function_words: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_toml("coverage.toml")
    parts: dict[str, str] = data["parts"]

    def expand(pattern: str) -> str:
        return _PART.sub(lambda m: parts.get(m.group(1), m.group(0)), pattern)

    classes = tuple(
        (entry["name"], re.compile(r"(?<!\w)(?:" + "|".join(expand(p) for p in entry["patterns"]) + r")(?!\w)", re.IGNORECASE))
        for entry in data["class"]
    )
    return _Rules(classes, frozenset(w.lower() for w in data["function_words"]["words"]))


def _descriptor_evidence(graph: Graph) -> dict[tuple[str, int], list[tuple[Evidence, str]]]:
    """Every evidence span that points into a descriptor cell, keyed by (file, row), with the fact it supports."""
    found: dict[tuple[str, int], list[tuple[Evidence, str]]] = {}

    def keep(ev: Evidence, fact: str) -> None:
        if ev.row is not None and ev.column == _COLUMN:
            found.setdefault((ev.file, ev.row), []).append((ev, fact))

    for entity in graph.entities.values():
        for name, items in entity.evidence.items():
            for ev in items:
                keep(ev, f"{entity.id}.{name}={entity.attrs.get(name)}")
    for rel in graph.relations.values():
        arrangement = rel.attrs.get("arrangement")
        label = f"{rel.kind} {rel.source}->{rel.target}" + (f" ({arrangement})" if arrangement else "")
        for ev in rel.evidence:
            keep(ev, label)
    return found


def _known_words(graph: Graph, tables: list[Table], row_id: str) -> tuple[set[str], set[str]]:
    """ID codes the tables define, and names known for this row: every pseudonym and service name, and the labels of
    the row's neighbours in the graph (its children, partner, carers)."""
    ids = {r.fields.get("id", "") for t in tables for r in t.rows} - {""}
    names = {r.fields.get(k, "") for t in tables for r in t.rows for k in ("pseudonym", "name")} - {""}
    for rel in graph.relations.values():
        if row_id in (rel.source, rel.target):
            other = graph.entities.get(rel.target if rel.source == row_id else rel.source)
            if other is not None and other.kind != "file" and other.label:
                names.add(other.label)
    own = graph.entities.get(row_id)
    if own is not None and own.label:
        names.add(own.label)
    return ids, names


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _mark_context(text: str, marks: list[str | None], label: list[str], ids: set[str], names: set[str]) -> None:
    """Claim the characters no fact explains that a context class, an ID code or a known name recognises."""
    found: list[tuple[str, re.Pattern[str]]] = list(_rules().classes)
    if ids:
        found.append(("id-code", re.compile(r"\(\s*(?:" + _alternation(ids) + r")\s*\)|(?<![\w-])(?:" + _alternation(ids) + r")(?![\w-])")))
    if names:
        found.append(("name", re.compile(r"(?<!\w)(?:" + _alternation(names) + r")(?:['’]s?)?(?!\w)")))
    for name, pattern in found:
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                if marks[i] is None:
                    marks[i], label[i] = CONTEXT, name


def _mark_rest(text: str, marks: list[str | None], label: list[str]) -> None:
    """Words nobody claimed are unexplained; function words and punctuation take their neighbours' side.

    A function word is context only when the nearest words on both sides are understood; punctuation and spaces
    are unexplained only when both sides are, so an unexplained phrase is listed whole and a list's commas are not.
    """
    function_words = _rules().function_words
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    status: list[str] = []  # per token: understood | unexplained | filler | gap
    for start, end in tokens:
        word = text[start:end]
        claimed = [marks[i] is not None for i in range(start, end)]
        if all(claimed):
            status.append("understood")
        elif not any(claimed) and word.lower() in function_words:
            status.append("filler")
        elif word.isspace() or not re.search(r"\w", word):
            status.append("gap")
        else:
            for i in range(start, end):
                if marks[i] is None:
                    marks[i], label[i] = UNEXPLAINED, UNEXPLAINED
            status.append("unexplained")

    def side(index: int, step: int, skip: tuple[str, ...]) -> str:
        index += step
        while 0 <= index < len(tokens) and status[index] in skip:
            index += step
        return status[index] if 0 <= index < len(tokens) else "understood"

    resolved = list(status)
    for index, (start, end) in enumerate(tokens):
        if status[index] == "filler":
            known = side(index, -1, ("filler", "gap")) == side(index, 1, ("filler", "gap")) == "understood"
            resolved[index] = "understood" if known else "unexplained"
            for i in range(start, end):
                marks[i], label[i] = (CONTEXT, _FUNCTION) if known else (UNEXPLAINED, UNEXPLAINED)
    status = resolved
    for index, (start, end) in enumerate(tokens):
        if status[index] == "gap":
            inside = side(index, -1, ("gap",)) == side(index, 1, ("gap",)) == "unexplained"
            for i in range(start, end):
                if marks[i] is None:  # a run of spaces may begin inside a fact's span
                    marks[i], label[i] = (UNEXPLAINED, UNEXPLAINED) if inside else (CONTEXT, _PUNCTUATION)


def _shown(text: str, start: int, end: int, identifiers: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` with every direct identifier replaced by its placeholder: the report is safe to print."""
    out, pos = [], start
    for first, last, kind in identifiers:
        if last <= start or first >= end:
            continue
        out += [text[pos : max(first, start)], PLACEHOLDERS[kind]]
        pos = min(last, end)
    return "".join(out) + text[pos:end]


def _runs(text: str, marks: list[str | None], label: list[str], kind: str, identifiers: list[tuple[int, int, str]]) -> list[Span]:
    spans: list[Span] = []
    start = None
    for i in range(len(text) + 1):
        same = start is not None and i < len(text) and marks[i] == kind and label[i] == label[start]
        if start is not None and not same:
            spans.append(Span(start, i, _shown(text, start, i, identifiers), label[start]))
            start = None
        if start is None and i < len(text) and marks[i] == kind:
            start = i
    return spans


def _unlocated(ev: Evidence, text: str) -> bool:
    """A span that is the whole of a cell of several clauses points at no particular words."""
    return ev.start <= 0 and ev.end >= len(text) and bool(_CLAUSE_BREAK.search(text.strip()))


def cover(text: str, evidence: list[tuple[Evidence, str]], ids: set[str], names: set[str], *,
          file: str = "", row: int = 0, line: int = 0, row_id: str = "", kind: str = "") -> DescriptorCoverage:
    """Sort every character of one descriptor: explained by a fact, recognised context, or unexplained.

    ``evidence`` pairs each span pointing into this cell with the fact it supports; ``ids`` and ``names`` are the
    ID codes and names the tables (and the graph around this row) define.
    """
    marks: list[str | None] = [None] * len(text)
    label = [""] * len(text)
    facts: set[Span] = set()
    unlocated: set[str] = set()
    identifiers = structured_spans(text)
    fine = [False] * len(text)
    for ev, fact in evidence:
        if _unlocated(ev, text):
            unlocated.add(fact)
            continue
        start, end = max(0, ev.start), min(len(text), ev.end)
        facts.add(Span(start, end, _shown(text, start, end, identifiers), fact))
        coarse = bool(_SENTENCE_BREAK.search(text[start:end].rstrip()))
        for i in range(start, end):
            marks[i], label[i] = FACT, FACT
            fine[i] = fine[i] or not coarse
    # An identifier is known for what it is (graphkit scan reports it); it is never printed.
    for start, end, what in identifiers:
        for i in range(start, end):
            if marks[i] is None:
                marks[i], label[i] = CONTEXT, f"identifier ({what})"
    _mark_context(text, marks, label, ids, names)
    _mark_rest(text, marks, label)
    return DescriptorCoverage(
        file, row, line, row_id, _shown(text, 0, len(text), identifiers), len(text), kind, sorted(facts),
        _runs(text, marks, label, CONTEXT, identifiers), _runs(text, marks, label, UNEXPLAINED, identifiers),
        sorted(unlocated), marks.count(FACT), marks.count(CONTEXT), sum(m == FACT and not f for m, f in zip(marks, fine)),
    )


def _lacking(graph: Graph, row_id: str, file: str, row: int) -> tuple[list[tuple[int, int, list[str]]], list[str]]:
    """What a row still lacks, as ``[where_to_add]`` keys: per child clause of its descriptor (the span of the
    child's evidence), and for the row's own entity."""
    entity = graph.entities.get(row_id)
    if entity is None:
        return [], []
    if entity.kind == "service":
        own = [a for a in ("service_type", "sector") if entity.get(a) in (None, "other")]
        return [], own + (["country"] if entity.get("country") is None else [])
    if entity.kind not in ("parent", "family-member"):
        return [], []
    own = [a for a, missing in (("household", entity.get("household") in (None, "unknown")),
                                ("treatment", entity.kind == "parent" and entity.get("treatment") is None),
                                ("country", entity.get("country") is None)) if missing]
    children = []
    for rel in graph.relations_of("parent-of", source=row_id):
        lacks = [a for a, found in (("child_care", graph.relations_of("care", source=rel.target)),
                                    ("child_contact", graph.relations_of("contact", target=rel.target))) if not any(found)]
        children += [(ev.start, ev.end, lacks) for ev in rel.evidence if (ev.file, ev.row, ev.column) == (file, row, _COLUMN)]
    return children, own


def _where_to_add(text: str, spans: list[Span], lacking: tuple[list[tuple[int, int, list[str]]], list[str]]) -> dict[tuple[int, int], list[str]]:
    """For each unexplained span, what the row lacks (``[where_to_add]`` keys): what the span may be saying.

    A span in a child's clause points at what that child lacks; any other at what the person lacks and what their
    children lack (a shared "both see her" stands apart from the children's clauses). A role word gets none: it is
    known, the role is read from the type column.
    """
    children, own = lacking
    roles = lexicon("role").any
    everyone = list(dict.fromkeys(own + [k for _, _, lacks in children for k in lacks]))
    out: dict[tuple[int, int], list[str]] = {}
    for span in spans:
        if roles is not None and roles.fullmatch(text, span.start, span.end):
            continue
        clause = next((lacks for start, end, lacks in children if start <= span.start and span.end <= end), None)
        keys = everyone if clause is None else clause
        if keys:
            out[(span.start, span.end)] = keys
    return out


def _row_coverage(graph: Graph, tables: list[Table], table: Table, row: Row,
                  evidence: dict[tuple[str, int], list[tuple[Evidence, str]]]) -> DescriptorCoverage:
    row_id = row.fields.get("id", "")
    ids, names = _known_words(graph, tables, row_id)
    entity = graph.entities.get(row_id)
    result = cover(row.fields.get(_COLUMN, ""), evidence.get((table.path.name, row.number), []), ids, names,
                   file=table.path.name, row=row.number, line=row.line, row_id=row_id,
                   kind=entity.kind if entity is not None else "not in the graph")
    result.where_to_add = _where_to_add(row.fields.get(_COLUMN, ""), result.unexplained, _lacking(graph, row_id, table.path.name, row.number))
    return result


def measure(graph: Graph, tables: dict[str, Table]) -> CoverageReport:
    """Coverage of every descriptor of the participant and service tables by the facts of ``graph``."""
    chosen = [tables[role] for role in DESCRIPTOR_TABLES if role in tables]
    evidence = _descriptor_evidence(graph)
    return CoverageReport([_row_coverage(graph, chosen, t, r, evidence) for t in chosen for r in t.rows])


def coverage(collection_path: Path) -> CoverageReport:
    """Build the collection's graph in memory (nothing written) and measure its descriptors."""
    from graphkit.pipeline import build_graph
    from graphkit.readers.collection import read_collection

    return measure(build_graph(Path(collection_path)), read_collection(Path(collection_path)).tables)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _hints(keys: list[str] | None) -> list[tuple[str, list[str]]]:
    """(what the span may say, the mapping.toml tables that would teach it) for each thing the row lacks."""
    data: dict[str, dict[str, Any]] = load_toml("coverage.toml")["where_to_add"]
    return [(data[k]["says"], data[k]["add"]) for k in keys or []]


def _hint(keys: list[str] | None) -> list[str]:
    hints = _hints(keys)
    return [f"    if it says {'; or '.join(f'{says}: mapping.toml ' + ' or '.join(add) for says, add in hints)}"] if hints else []


def render(report: CoverageReport, *, explain: bool = False) -> str:
    """The report as text: the overall share, then per descriptor (file, row, ID) the spans not understood."""
    lines = [
        f"Descriptor coverage: {_percent(report.chars - report.unexplained_chars, report.chars)} of "
        f"{report.chars} characters explained (facts {_percent(report.fact_chars, report.chars)}, recognised context "
        f"{_percent(report.context_chars, report.chars)}); {report.unexplained_chars} unexplained "
        f"in {sum(len(d.unexplained) for d in report.descriptors)} span(s).",
        f"Coarse: {_percent(report.coarse_chars, report.chars)} is explained only by evidence that runs across a ';' or a "
        "sentence end (one fact standing for several clauses).",
        "By kind: " + ", ".join(f"{kind} {_percent(explained, chars)} of {chars}" for kind, (chars, explained) in report.by_kind().items()),
    ]
    for d in report.descriptors:
        if not (explain or d.unexplained or d.unlocated):
            continue
        lines += ["", f"{d.file}, row {d.row} (line {d.line}), {d.id or '(no ID)'}: {_percent(d.chars - d.unexplained_chars, d.chars)} explained"]
        for s in d.unexplained:
            lines += [f"  unexplained {s.start}-{s.end}: {s.text!r}", *_hint(d.where_to_add.get((s.start, s.end)))]
        lines += [f"  unlocated fact (its evidence is the whole cell): {fact}" for fact in d.unlocated]
        if explain:
            lines += [f"  fact {s.start}-{s.end}: {s.text!r} -> {s.label}" + (" (coarse)" if _SENTENCE_BREAK.search(s.text.rstrip()) else "")
                      for s in d.facts]
            lines += [f"  context {s.start}-{s.end}: {s.text!r} ({s.label})" for s in d.context if s.label != _PUNCTUATION]
    if any(d.where_to_add for d in report.descriptors):
        lines += ["", "\"If it says\" names what the row still lacks and the table of the collection's mapping.toml where a "
                  "phrase for it goes (README, \"A collection's own words\"); the next build reads it."]
    top = report.top_words()
    if top:
        lines += ["", "Words met most often in unexplained spans: " + ", ".join(f"{w} ({c})" for w, c in top)]
    return "\n".join(lines) + "\n"
