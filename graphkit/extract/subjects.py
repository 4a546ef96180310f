"""Which children a care or contact phrase is about.

The nearest child named before the phrase (or, failing that, after it); a
plural ("they", "the kids") or a list ("Amber (8) and Tyler (5)") stands for
every child named together; with no child of its own, a phrase at the start
of a sentence is about the child the answer is about, unless the answer has
turned to someone the registry does not know. Whose fact it is (which
parent) is decided here too.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable, Iterator

from graphkit.extract.lexicon import compile_phrases, vocabulary
from graphkit.extract.mentions import patterns
from graphkit.extract.walker import ADULTS, Context, Ref, words_before


def child_anchor(ctx: Context, pos: int) -> str | None:
    """The child a care phrase at sentence offset ``pos`` is about (None when someone else is the subject)."""
    for ref in reversed([r for r in ctx.refs if ctx.rel(r) < pos]):
        if _WITH_BEFORE.search(ctx.text, 0, ctx.rel(ref)):
            continue  # "Katie's with Eilidh on a kinship order": who a child is with is the carer, not the child
        if ref.kind == "child" and ref.entity:
            return ref.entity
        if ref.kind == "first" or ref.kind in ADULTS or ref.kind == "unknown":
            return None
    return ctx.state.child if words_before(ctx.text, pos) <= 2 and not stranger_before(ctx, pos) else None


_NAME = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?=['’]s\b|\s+(?:lives|is|stays|bides|has|was|goes|went|comes|sees|visits)\b)")


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    return frozenset(w.lower() for w in patterns()["new_child"]["not_names"]) | {"i"}


def stranger_before(ctx: Context, pos: int) -> bool:
    """The answer so far is about someone the registry does not know ("Barry's twenty-five ... We've nae contact").

    A name as the subject of a verb ("Barry's", "Kirsteen lives"), never written in lower case in the
    file (so not "Contact is supervised"), that no mention resolved, and said
    after the last child who was resolved: a phrase with no child of its own
    must not fall back to the child talked about before. Only a child named
    or described counts: the walker may have given the stranger's "he" to a
    child it knows.
    """
    text, base, end = ctx.doc.text, ctx.unit.start, ctx.sentence.start + pos
    recent = ctx.state.recent_starts()
    # the last child said before `end` (a "he" may be the stranger): only a stranger after it counts
    last_child = max([recent.named_child, *(r.mention.start for r in ctx.refs if r.kind == "child" and r.entity
                                            and r.mention.kind not in ("he", "she") and r.mention.start < end)])
    here = {r.mention.start for r in ctx.refs}
    for start, name in _names_after(text, base, last_child, end):
        if start > last_child and start not in here and start not in recent.starts \
                and name.lower() not in _not_names() and not _common_word(ctx, name):
            return True
    return False


def _names_after(text: str, base: int, after: int, end: int) -> Iterator[tuple[int, str]]:
    """(offset, name) of the _NAME matches in ``text[base:end]`` that start after ``after``, and maybe a few before.

    The scan starts just after the last blank before ``after``: no match spans a blank, so from there it meets
    the matches a scan from ``base`` meets, and a long answer is not scanned again at every phrase."""
    blank = max(text.rfind(" ", base, after + 1), text.rfind("\n", base, after + 1), text.rfind("\t", base, after + 1))
    if blank >= base:
        return ((m.start(), m.group()) for m in _NAME.finditer(text, blank + 1, end))
    return ((base + m.start(), m.group()) for m in _NAME.finditer(text[base:end]))  # from the start, as the slice reads it


def _common_word(ctx: Context, word: str) -> bool:
    """A capitalised word the file also writes in lower case, or one of our own phrase words, is a word, not a name."""
    low = word.lower()
    return low in _phrase_words() or low in _lower_case_words(ctx.doc.text)


@lru_cache(maxsize=1)
def _phrase_words() -> frozenset[str]:
    """Every plain word of the care and contact phrase data ("contact", "placement", "supervised"...)."""
    lists = [*vocabulary()["care"].values(), *vocabulary()["contact"].values(), *patterns()["care_text"].values(),
             *patterns()["contact_text"].values()]
    return frozenset(w.lower() for phrases in lists for phrase in phrases for w in re.findall(r"[A-Za-z]{3,}", phrase))


@lru_cache(maxsize=8)  # one file at a time, asked about many sentences
def _lower_case_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"(?<![\w'’])[a-z][a-z-]*", text))


_WITH_BEFORE = re.compile(r"\b(?:with|wi['’]?)\s+$", re.IGNORECASE)


_JOINED = re.compile(r"\s*(?:\(\s*\d+\s*\)\s*)?(?:,\s*(?:and\s+)?|and\s+|&\s*)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _plural() -> re.Pattern[str]:
    return compile_phrases(patterns()["care_text"]["plural_children"])


def _named_together(ctx: Context, upto: int) -> tuple[list[str], int]:
    """The children last named together ("Riley and Freya", "Amber (8) and Tyler (5)") before doc offset ``upto``.

    Only the children of the people the text is about are candidates; when no
    list is found, the children two listed parents share are "the children".
    """
    people = [p for p in dict.fromkeys((ctx.voice.entity, ctx.state.participant, *ctx.doc.listed)) if p]
    by_label: dict[str, list[str]] = {}
    for kid in dict.fromkeys(c for p in people for c in ctx.index.children_of.get(p, [])):
        label = ctx.graph.entities[kid].label
        if label:
            by_label.setdefault(label, []).append(kid)
    if len(by_label) >= 2:
        name = "|".join(re.escape(label) for label in sorted(by_label, key=len, reverse=True))
        last = _last_list(ctx.doc.text, rf"\b(?:{name})\b(?:{_JOINED.pattern}\b(?:{name})\b)+(?!['’]s)", upto, by_label)
        if last:
            said = re.findall(rf"\b(?:{name})\b", last.group(), re.IGNORECASE)
            lower = {label.lower(): ids for label, ids in by_label.items()}
            return list(dict.fromkeys(kid for label in said for kid in lower[label.lower()])), last.end()
    listed = [p for p in ctx.doc.listed if p in ctx.index.children_of]
    shared = set.intersection(*(set(ctx.index.children_of[p]) for p in listed)) if len(listed) > 1 else set()
    return (sorted(shared), -1) if len(shared) > 1 else ([], -1)


_STOPS = ".!?"  # a list of names ("Amber (8) and Tyler (5)") never holds one, unless a name does


def _last_list(text: str, pattern: str, upto: int, names: Iterable[str]) -> re.Match[str] | None:
    """The last match of ``pattern`` (a list of names) in ``text[:upto]``, as ``re.finditer`` on that slice gives it.

    Asked at every sentence, a scan of the whole text so far would be quadratic in its length. No match, and no
    failed attempt, reads past a full stop, so the matches that start before the last stop (not the one at
    ``upto``) are those of one scan of the whole text, kept per file; only the text after that stop is scanned.
    ``names``: the names the pattern lists (when one holds a stop, the whole text so far is scanned)."""
    compiled = re.compile(pattern, re.IGNORECASE)
    stops = [] if any(c in name for name in names for c in _STOPS) else _stops_in(text)
    at = bisect.bisect_right(stops, upto - 2) - 1
    since = stops[at] + 1 if at >= 0 else 0
    tail = None
    for tail in compiled.finditer(text, since, upto):
        pass
    if tail is not None or since == 0:
        return tail
    starts, matches = _lists_in(text, pattern)
    before = bisect.bisect_left(starts, since) - 1
    return matches[before] if before >= 0 else None


@lru_cache(maxsize=8)  # one file at a time, asked at every sentence
def _stops_in(text: str) -> list[int]:
    return [m.start() for m in re.finditer(f"[{re.escape(_STOPS)}]", text)]


@lru_cache(maxsize=32)  # a few patterns per file: the children of the people it is about
def _lists_in(text: str, pattern: str) -> tuple[list[int], list[re.Match[str]]]:
    matches = list(re.finditer(pattern, text, re.IGNORECASE))
    return [m.start() for m in matches], matches


def children_about(ctx: Context, pos: int, single: str | None) -> list[str]:
    """Every child a phrase at ``pos`` is about: a plural ("they", "the kids") or a list of names, else ``single``."""
    before = [r for r in ctx.refs if ctx.rel(r) < pos]
    plural = [m for m in _plural().finditer(ctx.text, 0, pos)]
    if plural and (not before or ctx.rel(before[-1]) < plural[-1].start()):
        group, _ = _named_together(ctx, ctx.sentence.start + plural[-1].start())
        if group:
            return group
    if single is None:
        return []
    if not any(r.entity == single for r in before):
        # the child the text was about, not named here: if it was last named in a list, the list is the topic
        group, end = _named_together(ctx, ctx.sentence.start)
        last_alone = ctx.state.recent_starts().child
        if ctx.question.child == single:  # "Do you see Kieran?" names him alone
            last_alone = max(last_alone, ctx.question.start)
        if single in group and end >= last_alone:
            return group
    kids = [single]
    if before and before[-1].entity == single:
        for prev, ref in zip(reversed(before[:-1]), reversed(before)):
            if not _joined(ctx, prev, ref):
                break
            kids.insert(0, prev.entity)
    after = [r for r in ctx.refs if ctx.rel(r) >= pos]
    if after and after[0].entity == single:  # "her fortnightly contact with Amber (8) and Tyler (5)"
        for ref, nxt in zip(after, after[1:]):
            if not _joined(ctx, ref, nxt):
                break
            kids.append(nxt.entity)
    return list(dict.fromkeys(kids))


def _joined(ctx: Context, first: Ref, second: Ref) -> bool:
    """Two children named in one list ("Amber (8) and Tyler (5)")."""
    between = ctx.text[ctx.rel(first) + len(first.mention.text) : ctx.rel(second)]
    return all(r.kind == "child" and r.entity for r in (first, second)) and _JOINED.fullmatch(between) is not None


def parents_for(ctx: Context, child: str) -> list[str]:
    """Whose fact it is: a researcher writing about a couple's shared child speaks for both listed parents."""
    parents = ctx.index.parents_of.get(child, [])
    listed = [p for p in ctx.doc.listed if p in parents]
    if ctx.voice.entity not in parents and len(listed) > 1:
        return listed
    return ctx.parent_for(child)


def unresolved_pronoun(ctx: Context, pos: int) -> bool:
    """A "he" or "she" before ``pos`` that the walker could not place: most often the child just talked about."""
    return any(r.mention.kind in ("he", "she") and r.entity is None for r in ctx.refs if ctx.rel(r) < pos)


def continued(ctx: Context) -> list[str]:
    """The children the text was just about: "Contact is supervised" goes on about the children of the last statement.

    Only a statement of this unit or of the answer before it counts (a
    question in between does not change the subject; a whole answer does).
    """
    file, since = ctx.doc.path, _previous_answer_start(ctx)
    said: list[str] = []
    where = None
    for s in reversed(ctx.statements):  # in reading order: this file's latest statements are last
        if s.evidence.file != file or s.evidence.start < since or (where is not None and s.evidence.start != where):
            break
        if s.evidence.end <= ctx.sentence.start:
            where = s.evidence.start
            said.append(s.child)
    return list(dict.fromkeys(reversed(said)))


def _previous_answer_start(ctx: Context) -> int:
    """Where the last unit before this one that is not the interviewer's begins (this unit's start if none).

    A question in between that asks about a child ("What about your third
    daughter?") starts a new subject: then only this unit counts.
    """
    before = [u for u in ctx.doc.units if u.end <= ctx.unit.start and u.voice.role != "interviewer"]
    asked = ctx.doc.text[before[-1].end : ctx.unit.start] if before else ""
    if not before or ctx.question.child or _child_noun().search(asked):
        return ctx.unit.start
    return before[-1].start


@lru_cache(maxsize=1)
def _child_noun() -> re.Pattern[str]:
    return compile_phrases([*patterns()["child_refs"]["nouns"], *patterns()["new_child"]["nouns"]])


_CONTACT_VERB = re.compile(r"\b(?:contact|visits?|visiting|see|sees|seeing|comes|stays|have (?:him|her|them)|has (?:him|her|them))\b", re.IGNORECASE)


def contact_anchor(ctx: Context, pos: int, family: str) -> str | None:
    """The child a contact phrase is about: the parent may be the subject ("Rab has monthly contact")."""
    for ref in reversed([r for r in ctx.refs if ctx.rel(r) < pos]):
        if (ref.mention.kind in ("he", "she") or ref.kind == "unknown") and _WITH_BEFORE.search(ctx.text, 0, ctx.rel(ref)):
            continue  # "Kirsteen is still with him", "She lives with Chloe, but we share her": who she is with is a parent
        if ref.kind == "child" and ref.entity:
            return ref.entity
        if ref.kind in ("first", "parent", "family-member"):
            continue
        return None
    after = next((r for r in ctx.refs if ctx.rel(r) >= pos and r.kind in ("child", *ADULTS)), None)
    if after is not None and after.kind == "child" and after.entity:
        return after.entity
    if stranger_before(ctx, pos):
        return None
    if family != "regular-contact" or words_before(ctx.text, pos) <= 2 or _CONTACT_VERB.search(ctx.text):
        return ctx.state.child
    return None
