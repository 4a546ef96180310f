"""Children in a researcher's descriptor, read with a small grammar: tokens -> chunks -> mentions -> attributes.

1. ``descriptor_grammar.items`` cuts the descriptor into sentences and list items
   (``;``, line breaks, a header's ``:``; never inside brackets), and
   ``descriptor_grammar.chunks`` cuts an item into ages, child noun phrases, names, numbers.
2. Mentions: a child noun phrase with the names and ages that follow it ("two sons,
   Jack (12) and Liam (7)"), or a name that an age, an apposition or a list header
   licenses. Mentions joined by "and", "&" or commas form a group, which shares an
   age list ("Kayden and Ruby, 9 and 6") and a predicate ("both live with ...").
   A count with a colon, or a bare count that later mentions spell out, is a header.
3. Attributes: the predicate (up to the next group, or on into the items of the
   sentence that name no child, or a later sentence's anaphor "the two younger
   ones") gives care and contact. Care comes from legal and service shorthand
   (``data/shorthand.toml``) and from "with <person>", the person resolved by
   composition (``kin.py``) from the child's point of view.
4. Not the participant's children: a pregnancy, "no other children", a first child
   not yet born, step-children, a partner's or another person's children, and a
   child's own children (grandchildren).
The participant's own facts are read by ``descriptor_person`` outside the spans returned here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graphkit.data import load_toml
from graphkit.extract import kin
from graphkit.extract.descriptor_facts import ChildFacts, DescriptorFacts, Fact, Span
from graphkit.extract.descriptor_grammar import Chunk, Item, Range, alternation, chunks, grammar, items, phrase_re
from graphkit.extract.descriptor_person import read_person

__all__ = ["DescriptorFacts", "parse_person"]

_DEFAULT_CARERS = {"foster-care": "foster carers", "adopted": "adoptive parents", "residential-care": "residential care"}


@dataclass
class Frame:
    """Who the descriptor is about: the participant and the people it names around them."""

    role: str
    name: str | None
    people: set[str]  # names that are adults (the participant, other participants, partners)
    partners: set[str]
    known_ids: frozenset[str]

    @property
    def sex(self) -> str:
        return {"mother": "f", "father": "m"}.get(self.role, "")

    @property
    def initial(self) -> str:
        return self.name[0] if self.name else ""


@dataclass
class Mention:
    start: int
    end: int
    name: str | None = None
    sex: str = ""
    age: Range | None = None
    words: tuple[str, ...] = ()
    ages: list[Range] = field(default_factory=list)  # every age in its brackets: "two sons (8, 5)"


@dataclass
class Group:
    """Coordinated mentions that share a predicate (``pred``: the text after them that is about them)."""

    item: Item
    mentions: list[Mention]
    start: int
    end: int
    header: bool = False
    pred: list[Span] = field(default_factory=list)
    extra: list[tuple[Span, bool]] = field(default_factory=list)  # later text about the group: (span, may give care)

    @property
    def plural(self) -> bool:
        return len(self.mentions) > 1


# ---------------------------------------------------------------- mentions


def _open_age(mention: Mention) -> bool:
    """No age yet, or only the range a word gave ("baby Zara (8 mths)": the months say more)."""
    return mention.age is None or mention.age[0] != mention.age[1]


def _is_mark(chunk: Chunk | None, *marks: str) -> bool:
    return chunk is not None and chunk.kind in ("mark", "word") and chunk.text.lower() in marks


class _Reader:
    """Mentions of one item, left to right."""

    def __init__(self, text: str, item: Item, found: list[Chunk], frame: Frame, named: set[str]):
        self.text, self.item, self.c, self.frame, self.named = text, item, found, frame, named
        self.i = 0
        self.conj = set(grammar()["list"]["and"])

    def peek(self, k: int = 0) -> Chunk | None:
        return self.c[self.i + k] if self.i + k < len(self.c) else None

    def bracket(self, mention: Mention) -> bool:
        """``(8)``, ``(son, 12)``, ``(baby, ~10 mths)``, ``(8yo)``: ages and nouns in brackets after a head."""
        if not _is_mark(self.peek(), "("):
            return False
        close = next((k for k in range(self.i + 1, len(self.c)) if _is_mark(self.c[k], ")")), None)
        if close is None:
            return False
        inside = self.c[self.i + 1 : close]
        useful = [x for x in inside if x.kind in ("age", "num", "noun")]
        if not useful or inside[0].kind not in ("age", "num", "noun"):
            return False
        mention.ages = [x.age for x in useful if x.kind in ("age", "num") and x.age is not None]
        for x in sorted(useful, key=lambda x: x.kind == "noun"):
            if x.kind in ("age", "num") and _open_age(mention):
                mention.age = x.age
            elif x.kind == "noun" and not x.owner:
                mention.sex = mention.sex or x.sex
                mention.age = mention.age or x.age
                mention.words += x.words
        mention.end = self.c[close].end
        self.i = close + 1
        return True

    def tail(self, mention: Mention, *, comma_numbers: bool = True, appositions: bool = True) -> None:
        """Ages and appositions after a head: ``Nicole 17``, ``Paige, nineteen,``, ``Kai (8yo), her son``, ``aged 7``."""
        while True:
            here = self.peek()
            if here is None:
                return
            if here.kind == "age" or (here.kind == "num" and _open_age(mention) and not _is_mark(self.peek(1), "/")):
                if not _open_age(mention):
                    return
                mention.age, mention.end = here.age, here.end
                self.i += 1
                continue
            if self.bracket(mention):
                continue
            nxt = self.peek(1)
            if _is_mark(here, ",", "–", "-") and nxt is not None:
                if (nxt.kind == "age" or comma_numbers and nxt.kind == "num") and _open_age(mention) and self._age_ends(2):
                    mention.age, mention.end = nxt.age, nxt.end
                    self.i += 2
                    continue
                if nxt.kind == "noun" and appositions and self._apposition(mention, nxt):
                    mention.sex = mention.sex or nxt.sex
                    mention.age = mention.age or nxt.age
                    mention.words += nxt.words
                    mention.end = nxt.end
                    self.i += 2
                    continue
            return

    def _apposition(self, head: Mention, noun: Chunk) -> bool:
        """``Kai (8yo), her son``, ``Millie, a toddler``, ``His youngest, a son aged 15``: the same child again."""
        if noun.plural or noun.owner.lower() not in ("", "his", "her", "their"):
            return False
        after = self.c.index(noun) + 1
        if head.name:
            return not (after < len(self.c) and self.c[after].kind == "name")
        ranked = any(w in grammar()["child"]["words"]["rank"] for w in head.words)
        return ranked or (not head.sex and head.age is None)

    def _age_ends(self, k: int) -> bool:
        """An age after a comma stands alone: ``, 14 –`` or ``, 9,`` (not ``, 3 times a week``)."""
        after = self.peek(k)
        return after is None or after.kind in ("mark",) or _is_mark(after, "and", "&", "both", "is", "has", "lives", "was") or after.kind == "word" and after.text.lower() in ("a", "an", "the", "now", "still", "who", "lives", "living", "has", "is", "both", "at", "in", "with", "w/")

    def names_after_noun(self, noun: Chunk) -> list[Mention]:
        """``son Kai``, ``her eldest, Chantelle,``, ``twins Ellis and Macy``, ``the two youngest Amber (8) & Tyler (5)``."""
        save = self.i
        if _is_mark(self.peek(), ","):
            self.i += 1
        out: list[Mention] = []
        while (here := self.peek()) is not None and here.kind == "name" and here.text not in self.named:
            mention = Mention(here.start, here.end, here.text, noun.sex, noun.age, noun.words)
            self.i += 1
            self.tail(mention, comma_numbers=False)
            out.append(mention)
            if not noun.plural or not self.conjunction():
                break
        if not out:
            self.i = save
        return out

    def conjunction(self) -> bool:
        """Step over "and", "&", a comma (or ", and") when a head follows."""
        k = 0
        while _is_mark(self.peek(k), ",", *self.conj):
            k += 1
        nxt = self.peek(k)
        if k and nxt is not None and nxt.kind in ("name", "noun"):
            self.i += k
            return True
        return False

    def unit(self, group: list[Mention]) -> list[Mention] | None:
        """One coordinated unit at the cursor: a noun phrase with its names, or a name; None when none starts here."""
        here = self.peek()
        if here is None:
            return None
        if here.kind == "noun" and self._own(here, group):
            self.i += 1
            head = Mention(here.start, here.end, None, here.sex, here.age, here.words)
            if here.plural:
                named = self.names_after_noun(here)
                if named:
                    return named
                self.tail(head, appositions=False)
                count = here.count or 1
                ages = head.ages if len(head.ages) == count else [head.age] * count  # "two sons (8, 5)", "twin girls (8)"
                return [Mention(head.start, head.end, None, head.sex, age, head.words) for age in ages]
            self.tail(head)
            named = self.names_after_noun(here) if head.age is None or head.age[0] != head.age[1] else []
            if named:
                named[0].start = head.start
                named[0].age = named[0].age or head.age
                return named
            if not head.name and head.age is None:
                self._name_after_apposition(head)
            return [head]
        if here.kind == "name" and here.text not in self.named and not self._adult_before():
            self.i += 1
            mention = Mention(here.start, here.end, here.text)
            self.tail(mention, comma_numbers=False)
            return [mention]
        return None

    def _name_after_apposition(self, head: Mention) -> None:
        """``a daughter, Demi, 14`` or ``His youngest, a son aged 15``: the name or noun after a comma is the same child."""
        if _is_mark(self.peek(), ",") and (nxt := self.peek(1)) is not None and nxt.kind == "name" and nxt.text not in self.named:
            head.name, head.end = nxt.text, nxt.end
            self.i += 2
            self.tail(head)

    def _adult_before(self) -> bool:
        """A name after a partner word, a kin word or "with" is an adult's ("partner Ryan", "w/ Shane")."""
        if self.i == 0:
            return False
        before = self.text[max(self.item.start, self.c[self.i].start - 30) : self.c[self.i].start].lower()
        return bool(_adult_word_re().search(before))

    def _own(self, noun: Chunk, group: list[Mention]) -> bool:
        """A noun phrase that names a child of the participant (not a pregnancy, a step-child, someone else's child)."""
        owner = re.sub(r"['’]s?$", "", noun.owner.lower())
        if noun.owner and owner not in ("his", "her", "their", "my") and owner != (self.frame.name or "").lower():
            return False
        if self.frame.sex and {"his": "m", "her": "f"}.get(owner, self.frame.sex) != self.frame.sex:
            return False  # "partner Petra and her three children" said of a father: Petra's
        before = self.text[self.item.start : noun.start]
        data = grammar()["not_own"]
        if re.search(rf"(?:{alternation(data['negation'])})\s+$", before, re.IGNORECASE):
            return False
        if re.search(rf"(?<![\w-])(?:{alternation(data['step'])})[\s-]*$", before, re.IGNORECASE):
            return False
        if re.search(rf"\b(?:{alternation(data['others'])})\s+(?:\w+\s+)?$", before, re.IGNORECASE):
            return False
        after = self.text[noun.end : noun.end + 20]
        bare = not re.match(r"\s*(?:,\s*)?(?:[A-Z][a-z]+|\(?\s*\d)", after)
        if bare and re.search(rf"(?<![\w-])(?:{alternation(data['predicative'])})\s+$", before, re.IGNORECASE):
            return False
        if bare and any(w in data["first"] for w in noun.words):
            return False
        unnamed = not re.match(r"\s*(?:,\s*)?[A-Z][a-z]+", after)
        if unnamed and phrase_re(data["pregnancy"]).search(self.text, max(0, self.item.start - 60), noun.start):
            return False
        return True


@lru_cache(maxsize=1)
def _adult_word_re() -> re.Pattern[str]:
    words = [*kin._data()["terms"], "with", "w/", "by", "to", "and partner", "cohab w/", "see"]
    return re.compile(rf"(?<![\w-])(?:{alternation(words)})\s*(?:\(|,)?\s*$", re.IGNORECASE)


def _group_ages(reader: _Reader, group: list[Mention]) -> None:
    """A shared age list after the group: ``Kayden and Ruby, 9 and 6`` (one each) or ``Ellis and Macy, 9`` (both)."""
    k = 1 if _is_mark(reader.peek(), ",") else 0
    ages: list[Range] = []
    end = None
    while (here := reader.peek(k)) is not None and here.kind in ("age", "num"):
        ages.append(here.age)  # type: ignore[arg-type]
        end = here.end
        k += 1
        if _is_mark(reader.peek(k), "and", "&", ","):
            if (nxt := reader.peek(k + 1)) is not None and nxt.kind in ("age", "num"):
                k += 1
                continue
        break
    if not ages or any(m.age is not None for m in group):
        return
    if len(ages) == len(group):
        for mention, age in zip(group, ages):
            mention.age = age
    elif len(ages) == 1:
        for mention in group:
            mention.age = ages[0]
    else:
        return
    group[-1].end = end or group[-1].end
    reader.i += k


def _licensed(unit: list[Mention], reader: _Reader, at_item_start: bool, plural_head: bool) -> bool:
    """A bare name is a child only in child context: an age, a noun, a list header, or a plural noun before it."""
    mention = unit[0]
    return bool(mention.age is not None or mention.words or plural_head or (reader.item.listed and at_item_start))


def _in_brackets(text: str, pos: int) -> bool:
    return text.count("(", 0, pos) > text.count(")", 0, pos)


def _groups(text: str, item: Item, frame: Frame, named: set[str]) -> list[Group]:
    found = chunks(text, item.start, item.end, people=frame.people, initial=frame.initial, known_ids=frame.known_ids)
    reader = _Reader(text, item, found, frame, named)
    groups: list[Group] = []
    while reader.i < len(found):
        start_i = reader.i
        at_start = not groups and all(c.kind in ("word",) and c.text.lower() in ("also", "and", "own", "plus") for c in found[:start_i])
        members: list[Mention] = []
        if _in_brackets(text, found[start_i].start):
            reader.i += 1
            continue
        unit = reader.unit(members)
        if unit is None:
            reader.i += 1
            continue
        plural_head = found[start_i].kind == "noun" and found[start_i].plural
        if unit and unit[0].name and not _licensed(unit, reader, at_start or bool(members), plural_head):
            pending = unit
        else:
            pending = None
            members.extend(unit)
        while reader.conjunction():
            nxt = reader.unit(members)
            if nxt is None:
                break
            (members.extend(nxt) if pending is None else pending.extend(nxt))
        if pending is not None:
            _group_ages(reader, pending)
            if all(m.age is not None for m in pending) or (item.listed and at_start):
                members = pending + members
            else:
                continue
        else:
            _group_ages(reader, members)
        if not members:
            continue
        for m in members:
            if m.name:
                named.add(m.name)
        groups.append(Group(item, members, members[0].start, max(m.end for m in members)))
    return groups


# ---------------------------------------------------------------- headers and predicates


def _headers(groups: list[Group], text: str) -> None:
    """A count that later mentions spell out: ``3 kids: ...``, ``Three children - DS1 ...``, ``Three children. Her eldest, ...``."""
    for i, group in enumerate(groups):
        if any(m.name or m.age is not None for m in group.mentions) or i + 1 == len(groups):
            continue
        nxt = groups[i + 1]
        gap = text[group.end : nxt.start if nxt.item == group.item else group.item.end]
        plural = len(group.mentions) > 1 or any(w in grammar()["child"]["words"]["plural"] for w in group.mentions[0].words)
        announces = group.item.header and nxt.item != group.item  # "Two children by different mothers: ..."
        if announces or plural and not re.search(r"\w", gap):
            group.header = True


def _predicates(groups: list[Group], all_items: list[Item], text: str) -> None:
    """A group's predicate: its item's text after it (to the next group); then the following items of its
    sentence that name no child (a ``;`` note goes on about them)."""
    live = [g for g in groups if not g.header]
    for i, group in enumerate(live):
        nxt = live[i + 1] if i + 1 < len(live) else None
        end = nxt.start if nxt is not None and nxt.item == group.item else group.item.end
        group.pred.append((group.end, end))
    for item in all_items:
        if any(g.item == item for g in groups):
            continue
        before = [g for g in live if g.item.end <= item.start]
        if not before:
            continue
        last = before[-1]
        if last.item.sentence == item.sentence:
            same = [g for g in before if g.item == last.item]
            for g in same:
                g.extra.append(((item.start, item.end), _subject_anaphor(text, item)))
        else:
            for g in _anaphora(text, item, live, before):
                g.extra.append(((item.start, item.end), False))


def _subject_anaphor(text: str, item: Item) -> bool:
    return bool(re.match(r"\s*(?:both|they|all|each)\b", text[item.start : item.end], re.IGNORECASE))


def _anaphora(text: str, item: Item, live: list[Group], before: list[Group]) -> list[Group]:
    """Groups a later sentence refers to: "the two younger ones", "both", "them"; none when it refers to no child."""
    words = text[item.start : item.end]
    rank = re.search(r"\bthe\s+(?:(\w+)\s+)?(younger|youngest|older|eldest|oldest)\b", words, re.IGNORECASE)
    mentions = [(m, g) for g in before for m in g.mentions]
    if rank:
        n = kin_number(rank.group(1)) or 1
        aged = [(m.age[0], m, g) for m, g in mentions if m.age is not None]
        if len(aged) < len(mentions) or n > len(aged):
            return []
        young = rank.group(2).lower().startswith("young")
        chosen = sorted(aged, key=lambda a: a[0], reverse=not young)[:n]
        picked = {id(m) for _, m, _ in chosen}
        out = []
        for g in before:
            if any(id(m) in picked for m in g.mentions):
                if all(id(m) in picked for m in g.mentions):
                    out.append(g)
                else:
                    return []
        return out
    if re.search(r"\b(?:them|both|they|the (?:kids|children|twins|boys|girls))\b", words, re.IGNORECASE) and before[-1].plural:
        return [before[-1]]
    return []


def kin_number(word: str | None) -> int | None:
    if not word:
        return None
    from graphkit.extract.lexicon import number_value

    return number_value(word.lower())


# ---------------------------------------------------------------- care


@dataclass(frozen=True)
class _Term:
    key: str
    arrangement: str
    placement: bool
    names_carer: bool
    contact: str


@lru_cache(maxsize=1)
def _shorthand() -> list[tuple[_Term, re.Pattern[str]]]:
    out = []
    for key, entry in load_toml("shorthand.toml").items():
        term = _Term(key, entry.get("arrangement", ""), entry.get("strength") == "placement", bool(entry.get("names_carer")),
                     entry.get("contact", ""))
        parts = []
        if entry.get("phrases"):
            parts.append(rf"(?i:(?<![\w-])(?:{alternation(entry['phrases'])})(?![\w-]))")
        if entry.get("acronyms"):
            parts.append(rf"(?<![\w-])(?:{'|'.join(map(re.escape, entry['acronyms']))})(?![\w-])")
        out.append((term, re.compile("|".join(parts))))
    return out


def shorthand_hits(text: str, start: int, end: int) -> list[tuple[_Term, int, int]]:
    """Every shorthand term in ``text[start:end]``, longest first where two overlap."""
    hits = [(term, m.start(), m.end()) for term, pattern in _shorthand() for m in pattern.finditer(text, start, end)]
    hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
    kept: list[tuple[_Term, int, int]] = []
    for hit in hits:
        if not any(k[1] <= hit[1] < k[2] for k in kept):
            kept.append(hit)
    return kept


@dataclass
class _Care:
    arrangement: str
    span: Span
    carer: str | None = None
    carer_id: str | None = None


def _history(text: str, start: int, pos: int) -> bool:
    """"used to", "previously", "was in ... until": the phrase at ``pos`` is past, not current."""
    clause = re.split(r"[,;–(]|\band\b|\bnow\b", text[start:pos])[-1]
    return bool(re.search(r"\b(?:used to|previously|formerly|was in|were in|had been|until|before)\b", clause, re.IGNORECASE))


def _visit(text: str, pos: int, end: int) -> bool:
    """A "with <person>" followed by a recurring time is a visit ("stays with Ann every other weekend")."""
    rest = re.split(r"[,;–(]|\s-\s|\band\b", text[pos:end], maxsplit=1)[0]
    return bool(_frequency_re().search(rest))


@lru_cache(maxsize=1)
def _frequency_re() -> re.Pattern[str]:
    return phrase_re(grammar()["contact"]["frequency"])


@lru_cache(maxsize=1)
def _link_re() -> re.Pattern[str]:
    res = grammar()["residence"]
    links = [l for l in res["links"] if l != "to"]
    return re.compile(rf"(?<![\w-])(?:{alternation(links)})(?=\s|$)\s*", re.IGNORECASE)


def _owner(phrase: kin.KinPhrase, mention_sex: str, plural: bool, frame: Frame, child_names: set[str]) -> str | None:
    """Whose kin a chain starts from: the child, the participant, the partner (None when someone unknown)."""
    owner = re.sub(r"['’]s?$", "", phrase.owner.lower()).strip()
    adult_only = phrase.terms[0] in ("ex", "partner", "wife", "husband", "girlfriend", "boyfriend", "ex-partner", "ex partner",
                                     "former partner", "ex-wife", "ex-husband")
    if not phrase.owner:
        return "participant" if adult_only else "child"
    if phrase.owner.lower() in kin._data()["possessors"]["children"]:
        return "child"
    pronoun = kin._data()["possessors"]["pronouns"].get(owner)
    if pronoun is not None:
        if adult_only:
            return "participant"
        if pronoun == "p":
            return "child" if plural else "participant"
        if not plural and pronoun == mention_sex:
            return "child"
        if not plural and not mention_sex and pronoun != frame.sex:
            return "child"
        if not plural and not mention_sex:
            return "child"  # the child is the subject of its own clause
        return "participant" if pronoun == frame.sex else None
    name = re.sub(r"['’]s?$", "", phrase.owner)
    if name in (frame.name, frame.initial):
        return "participant"
    if name in frame.partners:
        return "partner"
    if name in child_names:
        return "child"
    return None


def _person_care(text: str, span: Span, group: Group, mention: Mention, frame: Frame, child_names: set[str]) -> _Care | None:
    """The first "<link> <person>" in the span that is not a visit: kin, the participant, or them."""
    start, end = span
    for phrase in kin.find_phrases(text, start, end):
        if re.search(r"\bin\s+$", text[start : phrase.start]) and re.match(r"['’]s\s+care\b", text[phrase.end : end]):
            chain = kin.KinPhrase(phrase.start, phrase.end, phrase.owner, phrase.side, phrase.terms)
            return _kin_care(text, chain, group, mention, frame, child_names, end)
    for link in _link_re().finditer(text, start, end):
        pos = link.end()
        if _history(text, start, link.start()):
            continue
        phrases = [p for p in kin.find_phrases(text, pos, end) if p.start == pos]
        if phrases:
            phrase = phrases[0]
            if _visit(text, phrase.end, end):
                continue
            care = _kin_care(text, phrase, group, mention, frame, child_names, end)
            if care is not None:
                return care
            continue
        word = re.match(r"(?:(?P<pro>her|him|them)\b|(?P<name>[A-Z][a-z]*(?:-[A-Z][a-z]+)?)\b(?!['’]))", text[pos:end])
        if not word or _visit(text, pos + word.end(), end):
            continue
        pro, name = word.group("pro"), word.group("name")
        if name and name not in (frame.name, frame.initial):
            # "lives with Robbie, her dad": the kin phrase in apposition says who the named person is
            apposed = [p for p in kin.find_phrases(text, pos + word.end(), end) if re.fullmatch(r"\s*[,(]\s*", text[pos + word.end() : p.start])]
            care = _kin_care(text, apposed[0], group, mention, frame, child_names, end) if apposed else None
            if care is not None:
                return care
            continue
        if pro == "them" or (pro and {"her": "f", "him": "m"}[pro] == frame.sex) or name in (frame.name, frame.initial):
            return _Care("with-parent", (link.start(), pos + word.end()))
    return None


def _kin_care(text: str, phrase: kin.KinPhrase, group: Group, mention: Mention, frame: Frame, child_names: set[str],
              end: int) -> _Care | None:
    owner = _owner(phrase, mention.sex, group.plural, frame, child_names)
    span = (phrase.start, phrase.end)
    apposition = re.match(r"\s*\(([^)]*)\)", text[phrase.end : end])
    carer_id = None
    if apposition:
        inner_start = phrase.end + apposition.start(1)
        inner = [p for p in kin.find_phrases(text, inner_start, phrase.end + apposition.end(1)) if p.owner]
        if inner:
            better = _owner(inner[0], mention.sex, group.plural, frame, child_names)
            if better is not None:
                phrase, owner = inner[0], better
        ident = next((i for i in re.findall(r"[A-Z]{1,5}-?\d{1,4}", apposition.group(1)) if i in frame.known_ids), None)
        carer_id = ident
        span = (span[0], phrase.end + apposition.end() if phrase.start < inner_start else inner_start + len(apposition.group(1)))
    else:
        ident = re.match(r"\s*[,(]?\s*([A-Z]{1,5}-?\d{1,4})\b", text[phrase.end : end])
        if ident and ident.group(1) in frame.known_ids:
            carer_id = ident.group(1)
    if owner is None:
        return _Care("kinship-care", span, text[phrase.start : phrase.end].strip(), carer_id)
    person = kin.resolve(owner, phrase.terms, frame.sex, side=phrase.side, plural=phrase.plural)
    arrangement = kin.arrangement(person, frame.sex)
    if arrangement == "with-parent":
        return _Care(arrangement, span)
    label = person.label if person.relation != "relative" else text[phrase.start : phrase.end].strip()
    return _Care(arrangement, span, {"with-mother": "mother", "with-father": "father"}.get(arrangement, label), carer_id)


def _care(text: str, spans: list[Span], group: Group, mention: Mention, frame: Frame, child_names: set[str]) -> _Care | None:
    """Shorthand that names a placement, else "with <person>", else "at home", else a legal status."""
    placement: _Care | None = None
    status: _Care | None = None
    person: _Care | None = None
    carer_needed = False
    for start, end in spans:
        for term, s, e in shorthand_hits(text, start, end):
            if _history(text, start, s):
                continue
            if term.names_carer:
                carer_needed = True
                after = [p for p in kin.find_phrases(text, e, end) if re.fullmatch(r"\s*(?:to|with|for|by|\(|,)?\s*", text[e:p.start])]
                if after and person is None:
                    person = _kin_care(text, after[0], group, mention, frame, child_names, end)
            if not term.arrangement:
                continue
            care = _Care(term.arrangement, (s, e))
            if term.placement and placement is None:
                placement = care
            elif not term.placement and status is None:
                status = care
        if person is None:
            person = _person_care(text, (start, end), group, mention, frame, child_names)
        home = re.search(rf"(?<![\w-])(?:{alternation(grammar()['residence']['home'])})(?![\w-])", text[start:end], re.IGNORECASE)
        if home and person is None and not _history(text, start, start + home.start()):
            person = _Care("with-parent", (start + home.start(), start + home.end()))
    if placement is not None:
        if placement.arrangement == "kinship-care" and person is not None and person.arrangement == "kinship-care":
            placement.carer, placement.carer_id = person.carer, person.carer_id
        elif placement.arrangement == "kinship-care" and person is not None and carer_needed:
            return person
        return placement
    if person is not None:
        return person
    return status


# ---------------------------------------------------------------- contact


@lru_cache(maxsize=1)
def _contact_res() -> dict[str, re.Pattern[str]]:
    data = grammar()["contact"]
    out = {k: phrase_re(data[k]) for k in ("none", "supervised", "indirect", "coparenting", "regular")}
    out["none"] = re.compile(rf"(?i:{out['none'].pattern})|(?<![\w-])NC(?![\w-])")
    return out


def _contact(text: str, spans: list[Span]) -> Fact | None:
    """Composition: none beats supervised; co-parenting; a mode alone (letter, phone) is indirect; a visit or a frequency is regular."""
    hits: dict[str, tuple[int, int]] = {}
    for start, end in spans:
        for term, s, e in shorthand_hits(text, start, end):
            if term.contact:
                hits.setdefault(term.contact, (s, e))
        for family, pattern in _contact_res().items():
            m = pattern.search(text, start, end)
            if m and family not in hits:
                hits[family] = m.span()
        m = _frequency_re().search(text, start, end)
        if m and "frequency" not in hits:
            hits["frequency"] = m.span()
    families = {"none": "no-contact", "no-contact": "no-contact", "supervised": "supervised-contact",
                "coparenting": "coparenting", "indirect-contact": "indirect-contact"}
    for key in ("none", "no-contact", "supervised", "coparenting", "indirect-contact"):
        if key in hits:
            return Fact(families[key], hits[key])
    visits = "regular" in hits and not re.fullmatch(r"contact", text[slice(*hits["regular"])], re.IGNORECASE)
    if "indirect" in hits and not visits:
        return Fact("indirect-contact", hits["indirect"])
    for key in ("regular", "frequency"):
        if key in hits:
            return Fact("regular-contact", hits[key])
    return None


# ---------------------------------------------------------------- children


def _age_group(mention: Mention, arrangement: str | None) -> str:
    if mention.age is not None:
        low, high = mention.age
        young = max(0, min(high, 16) - low + 1)
        old = max(0, high - max(low, 17) + 1)
        return "0-16" if young >= old else "over-16"
    if any(w in ("adult", "grown-up", "grown up") for w in mention.words):
        return "over-16"
    if any(w in ("baby", "little", "young", "wee", "toddler", "infant", "small", "school-age", "primary-age") for w in mention.words):
        return "0-16"
    return "over-16" if arrangement == "independent" else "unknown"


def _pronoun_sex(text: str, span: Span, frame: Frame) -> str:
    """A pronoun of the other sex than the participant's in the child's own clause is the child's."""
    found = {("m" if w.lower() in ("he", "his", "him") else "f") for w in re.findall(r"\b(?:he|his|him|she|her)\b", text[span[0] : span[1]], re.I)}
    if len(found) == 1 and frame.sex and frame.sex not in found:
        return found.pop()
    return ""


def _lead_with_parent(text: str, group: Group) -> bool:
    """The group is the object of "lives with": "lives with her partner and their daughter Millie"."""
    lead = text[group.item.start : group.start]
    return bool(re.search(r"\b(?:lives|living|live|at home)\s+with\b(?![^,;]*\b(?:his|her|their)\s+(?:mum|dad|mother|father|gran\w*|nan\w*|aunt\w*)\b)", lead, re.IGNORECASE))


def _not_new(text: str, groups: list[Group]) -> list[Group]:
    """Drop what only looks like another child: a child noun with no name or age in a child's clause ("her son
    from a previous relationship", "has a baby son", "two kids of his own": the same child or its own children),
    and "her eldest" said again when the children are already listed."""
    out: list[Group] = []
    of_own = re.compile(rf"\s*(?:{alternation(grammar()['not_own']['of_own'])})", re.IGNORECASE)
    for group in groups:
        bare = all(m.name is None and (m.age is None or m.age[0] != m.age[1]) for m in group.mentions)  # "a baby son" is bare
        owner = next((g for g in reversed(out) if g.item == group.item and not g.header), None)
        if bare and owner is not None and (not group.plural or re.search(r"\b(?:has|had|have|expecting)\b", text[owner.end : group.start], re.I)):
            continue
        if owner is not None and of_own.match(text, group.end):
            continue
        ranked = all(set(m.words) & set(grammar()["child"]["words"]["rank"]) and not m.sex for m in group.mentions)
        if bare and ranked and len(groups) > 1 and not group.plural and not group.header:
            continue
        out.append(group)
    return out


def _partner_names(text: str, frame_people: set[str]) -> set[str]:
    """Names the descriptor gives the participant's partner or co-parent ("partner Nicola", "Cohab w/ EP04 (Shane)")."""
    found = set(re.findall(r"\b(?:partner|wife|husband|girlfriend|boyfriend)\s+(?:[A-Z]{1,5}-?\d{1,4}\s*\()?([A-Z][a-z]+)", text))
    found |= set(re.findall(r"\b(?:[Cc]ohab\w*|[Ll]ives|[Ll]iving)\s+(?:together\s+)?(?:w/|with)\s+(?:[A-Z]{1,5}-?\d{1,4}\s*\()?([A-Z][a-z]+)", text))
    found |= set(re.findall(r"\b(?:w/|with)\s+([A-Z][a-z]+)\s*:", text))
    return found


def _children(text: str, facts: DescriptorFacts, frame: Frame) -> list[Span]:
    all_items = items(text)
    named: set[str] = set()
    groups: list[Group] = []
    for item in all_items:
        groups.extend(_groups(text, item, frame, named))
    _headers(groups, text)
    groups = _not_new(text, groups)
    header_sex = {}
    for group in groups:
        if group.header and group.mentions[0].sex:
            header_sex[group.item.sentence] = group.mentions[0].sex
    _predicates(groups, all_items, text)
    child_names = {m.name for g in groups for m in g.mentions if m.name}
    used: list[Span] = []
    for group in groups:
        used.append((group.start, max([e for _, e in group.pred] + [group.end])))
        if group.header:
            continue
        used.extend(span for span, _ in group.extra)
        for mention in group.mentions:
            facts.children.append(_child(text, group, mention, frame, child_names, header_sex.get(group.item.sentence, "")))
    return used


def _child(text: str, group: Group, mention: Mention, frame: Frame, child_names: set[str], header_sex: str) -> ChildFacts:
    pred_end = max([e for _, e in group.pred] + [group.end])
    child = ChildFacts((mention.start, pred_end), mention.name, mention.sex or header_sex or None, None)
    if child.sex is None and not group.plural:
        child.sex = _pronoun_sex(text, (group.end, pred_end), frame) or None
    mention.sex = child.sex or ""
    care_spans = group.pred + [span for span, may in group.extra if may]
    care = _care(text, care_spans, group, mention, frame, child_names)
    if care is None and _lead_with_parent(text, group):
        care = _Care("with-parent", (group.item.start, group.start))
    if care is not None:
        child.arrangement = Fact(care.arrangement, care.span)
        child.carer, child.carer_id = care.carer, care.carer_id
        if not child.carer:
            child.carer = _DEFAULT_CARERS.get(care.arrangement)
    contact = _contact(text, group.pred + [span for span, _ in group.extra])
    arrangement = care.arrangement if care else None
    if contact is not None and not (arrangement == "with-parent" and contact.value != "coparenting") and not (
            arrangement == "independent" and contact.value != "no-contact"):
        child.contact = contact
    if mention.age is not None and mention.age[0] == mention.age[1]:
        child.age = mention.age[0]
    child.age_group = _age_group(mention, arrangement)
    return child


def parse_person(text: str, *, role: str, name: str | None = None, known_names: frozenset[str] = frozenset(),
                 known_ids: frozenset[str] = frozenset()) -> DescriptorFacts:
    """Facts about a parent or family member (and their children) from a descriptor."""
    facts = DescriptorFacts()
    people = set(known_names) | ({name} if name else set())
    partners = _partner_names(text, people)
    frame = Frame(role, name, people | partners, partners, known_ids)
    spans = _children(text, facts, frame)
    read_person(text, facts, spans, role)
    return facts
