"""Take direct identifiers out of a built graph before anything is written.

:func:`redact_graph` runs :func:`graphkit.scan.redact` over every string the
outputs carry that came from the collection: evidence quotes (and speakers),
entity labels and string attributes, relation attributes, what the listing
says of each file, and the problems (a problem can quote a cell). A value in
which nothing is found is left exactly as it was.

Offsets: ``Evidence`` is frozen, so a redacted quote is a new ``Evidence``
made with :func:`dataclasses.replace` that keeps ``start``/``end`` (and the
lines) of the ORIGINAL span. For such a quote ``text[start:end] == quote`` no
longer holds: the quote reads ``[NHS number]`` where the file has the digits.
The offsets still point at the passage in the (safeguarded) source file,
which is what a reviewer needs; only the copy the outputs carry is redacted.
Unredacted quotes keep the invariant. A whole text redacted by
:func:`redact_text` (what ``texts.json`` and the REFI-QDA export carry) comes
with its edits, and :meth:`RedactedText.span` carries an original span over:
``redacted.text[slice(*redacted.span(start, end))]`` is the redacted quote. ``Evidence.id`` does not depend on the
quote, so evidence IRIs are unchanged by redaction.

Quotes cut through an identifier: the sentence splitter breaks at any full
stop, so a quote can start at ``com, lives at ...`` or end at ``jo.bloggs@example``:
a fragment no pattern recognises. When the file texts are passed
(``texts={path: text}``, as :func:`graphkit.pipeline.build_graph` has them),
identifiers are found in the WHOLE file (:func:`redact_text`) and every quote
overlapping one has the overlapping part replaced by the placeholder; :func:`redact` then runs
over the quote as well. Table evidence (offsets into a cell) is redacted by
quote only.

What is not touched: ids (ID codes, file paths, minted ids) are keys that
relations and IRIs are built from; a path holding an identifier is reported
by ``graphkit scan``, not rewritten here. Nor is a problem's ``where`` (a
location: path, line, ID), nor the place a problem message, a label or an
attribute names a file or an ID code: "DP01-01-2021-08-03.txt" is the collection's own
file name, not a phone number, and the user needs it to find the file.

Names: a name the scan is sure of (a title before it: "Mrs Okafor", "Dr.
Brennan-Hale", "my sister Lucy") is replaced by ``[name]`` unless the tables
give it (a pseudonym, a word of a descriptor such as a child's name: see
:func:`pseudonyms`). Other capitalised words ("Zara" alone) are reported by
``graphkit scan`` for review and left as they are: a capitalised word is too
often not a name.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from pathlib import PurePosixPath
from typing import Any, Iterable

from graphkit.model import Evidence, Graph, Problem
from graphkit.readers.collection import TABLE_SUFFIXES
from graphkit.readers.columns import DATA_SUFFIXES
from graphkit.scan import PLACEHOLDERS, known_words, redact, redaction_spans

#: Attribute names whose values are keys or closed-list notations: never rewritten
#: (``arrangement`` is part of a relation's key, so of its id).
KEY_ATTRS = frozenset({"arrangement", "carer_id", "origin"})

#: A file name a message may give that no table lists (an unlisted file, a missing one, the mapping).
_FILE_NAME = re.compile(
    r"[^\s'\"()\[\],;]+(?:" + "|".join(re.escape(s) for s in (*DATA_SUFFIXES, *TABLE_SUFFIXES, ".toml")) + r")(?![\w.])",
    re.IGNORECASE,
)


def pseudonyms(graph: Graph) -> frozenset[str]:
    """The words of every label and text attribute the tables give (pseudonyms,
    descriptors and the children's names in them): never redacted as names. A
    label or value read from a transcript is not one: a name there is the
    text's, and a title before it is redacted."""
    values = []
    for entity in graph.entities.values():
        if entity.kind == "file":
            continue
        named = {"label": entity.label} | {k: v for k, v in entity.attrs.items() if isinstance(v, str)}
        for name, value in named.items():
            if value and all(ev.row is not None for ev in entity.evidence.get(name, [])):
                values.append(value)
    return known_words(values)


def own_names(graph: Graph, paths: Iterable[str] = ()) -> frozenset[str]:
    """The collection's own keys: its file paths (and their file names) and ID codes."""
    files = {*graph.files, *paths}
    return frozenset({*files, *(PurePosixPath(f).name for f in files), *graph.entities} - {""})


@dataclasses.dataclass(frozen=True)
class RedactedText:
    """A whole file's text with its structured identifiers replaced, and where each replacement sits.

    ``edits`` are ``(start, end, placeholder)`` in the ORIGINAL text, in order.
    :meth:`span` maps an evidence span (original offsets) onto ``text``; a span
    that starts or ends inside an identifier takes the whole placeholder, so
    ``text[slice(*span(ev.start, ev.end))]`` is the redacted quote."""

    text: str
    edits: tuple[tuple[int, int, str], ...] = ()

    def position(self, offset: int, *, end: bool = False) -> int:
        """Where original ``offset`` lands in ``text``: inside an identifier, at its placeholder's start (or end)."""
        shift = 0
        for start, stop, placeholder in self.edits[: bisect.bisect_left(self.edits, (offset, offset + 1))]:
            if offset < stop:  # strictly inside this identifier
                return start + shift + (len(placeholder) if end else 0)
            shift += len(placeholder) - (stop - start)
        return offset + shift

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start), self.position(end, end=True)


def redact_text(text: str, known: frozenset[str] | None = None) -> RedactedText:
    """``text`` with every identifier of the whole file the build redacts replaced by its placeholder
    (``known``: the words the tables give, never taken for names)."""
    edits = tuple((start, end, PLACEHOLDERS[kind]) for start, end, kind in redaction_spans(text, known=known))
    out, pos = [], 0
    for start, end, placeholder in edits:
        out += [text[pos:start], placeholder]
        pos = end
    return RedactedText("".join(out) + text[pos:], edits)


def redact_texts(graph: Graph, texts: dict[str, str]) -> dict[str, RedactedText]:
    """Every text redacted as :func:`redact_graph` redacts the quotes of ``graph`` (call it first)."""
    known = pseudonyms(graph)
    return {rel: redact_text(text, known) for rel, text in texts.items()}


class _Redactor:
    def __init__(
        self, texts: dict[str, str] | None = None, own: frozenset[str] = frozenset(), known: frozenset[str] | None = None,
        redacted: dict[str, RedactedText] | None = None,
    ) -> None:
        self.count = 0
        self._known = known
        self._evidence: dict[Evidence, Evidence] = {}
        self._texts = texts or {}
        self._redacted: dict[str, RedactedText] = dict(redacted or {})
        self._own = sorted(own, key=len, reverse=True)

    def _spare(self, value: str) -> list[tuple[int, int]]:
        """Where ``value`` names one of the collection's files or ID codes."""
        spans = [m.span() for m in _FILE_NAME.finditer(value)]
        for name in self._own:
            if name in value:
                spans += [m.span() for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", value)]
        return spans

    def _by_span(self, ev: Evidence) -> str:
        """The quote with every part that overlaps an identifier of the whole file replaced."""
        text = self._texts.get(ev.file)
        if ev.row is not None or text is None or text[ev.start : ev.end] != ev.quote:
            return ev.quote
        if ev.file not in self._redacted:
            self._redacted[ev.file] = redact_text(text, self._known)
        redacted = self._redacted[ev.file]
        start, end = redacted.span(ev.start, ev.end)
        return redacted.text[start:end]

    def text(self, value: str) -> str:
        cleaned = redact(value, known=self._known)
        if cleaned != value:  # the collection's own names are looked for only where something was found
            cleaned = redact(value, known=self._known, spare=self._spare(value))
        if cleaned != value:
            self.count += 1
        return cleaned

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.value(v) for v in value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value

    def attrs(self, attrs: dict[str, Any]) -> None:
        for name, value in attrs.items():
            if name not in KEY_ATTRS:
                attrs[name] = self.value(value)

    def evidence(self, ev: Evidence) -> Evidence:
        done = self._evidence.get(ev)
        if done is None:
            changes: dict[str, Any] = {}
            quote = redact(self._by_span(ev), known=self._known)
            if quote != ev.quote:
                self.count += 1
                changes["quote"] = quote
            if ev.speaker is not None:
                speaker = self.text(ev.speaker)
                if speaker != ev.speaker:
                    changes["speaker"] = speaker
            done = dataclasses.replace(ev, **changes) if changes else ev
            self._evidence[ev] = done
        return done

    def evidence_list(self, items: list[Evidence]) -> list[Evidence]:
        return list(dict.fromkeys(self.evidence(ev) for ev in items))  # first of each, in order; a set test, not a list scan


def redact_graph(graph: Graph, texts: dict[str, str] | None = None, redacted: dict[str, RedactedText] | None = None) -> int:
    """Redact identifiers in place in ``graph``; return how many strings changed.

    ``texts`` (file path -> text, optional) lets a quote cut through an
    identifier be redacted by span (see the module notes); ``redacted`` are
    those texts already passed through :func:`redact_texts`, when the caller has them."""
    r = _Redactor(texts, own_names(graph, texts or ()), pseudonyms(graph), redacted)
    for entity in graph.entities.values():
        if entity.label:
            entity.label = r.text(entity.label)
        r.attrs(entity.attrs)
        for name, items in entity.evidence.items():
            entity.evidence[name] = r.evidence_list(items)
    for relation in graph.relations.values():
        r.attrs(relation.attrs)
        relation.evidence = r.evidence_list(relation.evidence)
    for data_file in graph.files.values():
        for name in ("dataset", "type", "country", "descriptor"):
            old = getattr(data_file, name)
            if isinstance(old, str):
                setattr(data_file, name, r.text(old))
    problems: list[Problem] = []
    for problem in graph.problems:
        # ``where`` is a location graphkit writes (a path, a line, an ID), never the data's text
        item = Problem(problem.where, r.text(problem.what), problem.severity)
        if item not in problems:
            problems.append(item)
    graph.problems = problems
    graph.study = r.value(graph.study)
    return r.count
