"""Child mentions in a descriptor: the grammar's third level (chunks -> mentions -> groups with predicates).

A mention is a child noun phrase with the names and ages that follow it ("two sons,
Jack (12) and Liam (7)"), or a name that an age, an apposition or a list header
licenses. Mentions joined by "and", "&" or commas form a group, which shares an age
list ("Kayden and Ruby, 9 and 6") and a predicate ("both live with ..."). A count
with a colon, or a bare count that later mentions spell out, is a header. A group's
predicate runs to the next group; items of its sentence that name no child go on
about it, and a later sentence joins it through an anaphor ("the two younger ones").
Not mentions: a pregnancy, "no other children", step-children, a partner's or another
person's children, a child's own children, an aside in brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graphkit.extract import kin
from graphkit.extract.descriptor_facts import Span
from graphkit.extract.descriptor_grammar import Chunk, Item, Range, alternation, chunks, grammar, items, phrase_re
from graphkit.extract.lexicon import number_value
from graphkit.extract.shorthand import shorthand_hits


@dataclass
class Frame:
    """Who the descriptor is about: the participant and the people it names around them."""

    role: str
    name: str | None
    people: set[str]  # names that are adults (the participant, other participants, partners)
    partners: set[str]
    known_ids: frozenset[str]
    services: tuple[tuple[int, int], ...] = ()  # where the text names a service: "Bairns First" there is no child

    def in_service(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.services)

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
    sexes: list[str] = field(default_factory=list)  # every child noun in its brackets: "two children (son 14, daughter 11)"


@dataclass
class Group:
    """Coordinated mentions that share a predicate (``pred``: the text after them that is about them)."""

    item: Item
    mentions: list[Mention]
    start: int
    end: int
    header: bool = False
    pred: list[Span] = field(default_factory=list)
    # later text about the group: (span, what it may say) - "subject" (its subject is the children: care and
    # contact), "note" (a clipped note: care only when the group's own words give none), "contact" (contact only)
    extra: list[tuple[Span, str]] = field(default_factory=list)

    @property
    def plural(self) -> bool:
        return len(self.mentions) > 1 or bool(set(self.mentions[0].words) & set(grammar()["child"]["words"]["plural"]))


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
        """``(8)``, ``(son, 12)``, ``(baby, ~10 mths)``, ``(Leo, 5)``, ``(son 14, daughter 11)``: what a bracket after a
        head says of it. A bracket that goes on to more (``(5, lives with her)``) is a predicate after its ages."""
        if not _is_mark(self.peek(), "("):
            return False
        close = next((k for k in range(self.i + 1, len(self.c)) if _is_mark(self.c[k], ")")), None)
        if close is None:
            return False
        inside = self.c[self.i + 1 : close]
        lead: list[Chunk] = []
        letters = grammar()["child"]["sex_letters"]
        for x in inside:
            named = x.kind == "name" and not mention.name and mention.words and not any(y.kind == "name" for y in lead)
            if x.text in letters:  # "(F, 14)", "(9, m)"
                mention.sex = mention.sex or letters[x.text]
                lead.append(x)
            elif x.kind in ("age", "num", "noun") or named or _is_mark(x, ",", *self.conj):
                lead.append(x)
            else:
                break
        useful = [x for x in lead if not _is_mark(x, ",", *self.conj) and x.text not in letters]
        if not useful:
            return False
        mention.ages = [x.age for x in useful if x.kind in ("age", "num") and x.age is not None]
        mention.sexes = [x.sex for x in useful if x.kind == "noun"]
        for x in sorted(useful, key=lambda x: x.kind == "noun"):
            if x.kind in ("age", "num") and _open_age(mention):
                mention.age = x.age
            elif x.kind == "name":
                mention.name = x.text
            elif x.kind == "noun" and not x.owner:
                mention.sex = mention.sex or x.sex
                mention.age = mention.age or x.age
                mention.words += x.words
        last = close if len(lead) == len(inside) else self.c.index(useful[-1])
        mention.end = self.c[last].end
        self.i = last + 1
        return True

    def tail(self, mention: Mention, *, comma_numbers: bool = True, appositions: bool = True) -> None:
        """Ages and appositions after a head: ``Nicole 17``, ``Paige, nineteen,``, ``Kai (8yo), her son``, ``aged 7``."""
        while True:
            here = self.peek()
            if here is None:
                return
            if here.kind == "age" or (here.kind == "num" and _open_age(mention) and not _is_mark(self.peek(1), "/") and self._age_ends(1)):
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
        return after is None or after.text.lower() not in grammar()["age"]["not_ages"]

    def age_list(self) -> list[Range]:
        """The rest of a list of ages: ``, 9 and 4`` after ``aged 12``."""
        ages: list[Range] = []
        while _is_mark(self.peek(), ",", *self.conj) and (nxt := self.peek(1)) is not None and nxt.kind in ("age", "num"):
            ages.append(nxt.age)  # type: ignore[arg-type]
            self.i += 2
        return ages

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

    def unit(self) -> list[Mention] | None:
        """One coordinated unit at the cursor: a noun phrase with its names, or a name; None when none starts here."""
        here = self.peek()
        if here is None:
            return None
        if here.kind == "noun":
            own = self._own(here)
            self.i += 1
            mentions = self._noun_unit(here)
            return mentions if own else []  # someone else's child: its names and ages are read, then set aside
        if here.kind == "age" and (noun := self.peek(1)) is not None and noun.kind == "noun" and not noun.plural and self._own(noun):
            self.i += 2  # "a 6-year-old son", "her 15yo daughter"
            head = Mention(here.start, noun.end, None, noun.sex, here.age, noun.words)
            self.tail(head)
            return [head]
        if here.kind == "name" and here.text not in self.named and not self._adult_before():
            self.i += 1
            mention = Mention(here.start, here.end, here.text)
            self.tail(mention, comma_numbers=False)
            return [mention]
        return None

    def _noun_unit(self, here: Chunk) -> list[Mention]:
        """A child noun phrase at the cursor with what follows it: names, ages, appositions."""
        head = Mention(here.start, here.end, None, here.sex, here.age, here.words)
        if here.plural:
            named = self.names_after_noun(here)
            if named:
                return named
            self.tail(head, appositions=False)
            if head.age is not None and not head.ages:
                head.ages = [head.age] + self.age_list()
            count = here.count or max(1, len(head.ages))  # "sons (12, 9)": the ages count them
            ages = head.ages if len(head.ages) == count else [head.age] * count  # "two sons (8, 5)", "twin girls (8)"
            sexes = head.sexes if len(head.sexes) == count else [head.sex] * count
            return [Mention(head.start, head.end, None, sex, age, head.words) for age, sex in zip(ages, sexes)]
        self.tail(head)
        named = self.names_after_noun(here) if head.age is None or head.age[0] != head.age[1] else []
        if named:
            named[0].start = head.start
            named[0].age = named[0].age or head.age
            return named
        if not head.name and head.age is None:
            self._name_after_apposition(head)
        return [head]

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

    def _own(self, noun: Chunk) -> bool:
        """A noun phrase that names a child of the participant (not a pregnancy, a step-child, someone else's child)."""
        if noun.others:
            return False
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
        if _someone_has_re().search(before):
            return False
        after = self.text[noun.end : noun.end + 20]
        if re.match(r"['’]", after):
            return False  # a possessor ("the children's gran", "a children's home"), not a mention
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
def _someone_has_re() -> re.Pattern[str]:
    """"Her partner has two kids", "Mick's sister has a son": a possessive adult and "has" before a child noun."""
    owner = r"(?:\b(?:his|her|their)|(?-i:\b[A-Z][a-z]+)['’]s)"
    return re.compile(rf"{owner}\s+(?:{alternation(kin.words())})\s+(?:{alternation(grammar()['not_own']['has'])})\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _adult_word_re() -> re.Pattern[str]:
    words = [*kin.words(), *grammar()["names"]["adult_before"]]
    return re.compile(rf"(?<![\w-])(?:{alternation(words)})\s*(?:\(|,)?\s*$", re.IGNORECASE)


def _group_ages(reader: _Reader, group: list[Mention]) -> None:
    """A shared age list after the group: ``Kayden and Ruby, 9 and 6`` (one each) or ``Ellis and Macy, 9`` (both)."""
    k = 1 if _is_mark(reader.peek(), ",", "–", "-") else 0
    ages: list[Range] = []
    end = None
    while (here := reader.peek(k)) is not None and here.kind in ("age", "num"):
        ages.append(here.age)  # type: ignore[arg-type]
        end = here.end
        k += 1
        if _is_mark(reader.peek(k), ",", *reader.conj):
            if (nxt := reader.peek(k + 1)) is not None and nxt.kind in ("age", "num"):
                k += 1
                continue
        break
    if not ages or not group or any(m.age is not None for m in group):
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


def _licensed(mention: Mention, list_head: bool, plural_head: bool) -> bool:
    """A name is a child's only in child context: an age, a child noun, a plural noun before it, or the head of a
    list item after a header ("Kids w/ Gemma: Lily-Mae & Archie")."""
    return bool(mention.age is not None or mention.words or plural_head or list_head)


def _in_brackets(text: str, pos: int) -> bool:
    return text.count("(", 0, pos) > text.count(")", 0, pos)


def _groups(text: str, item: Item, frame: Frame, named: set[str]) -> list[Group]:
    # a shorthand term ("Reg 24", "s.11", "LAC") is one chunk: never a name, an age or a child noun
    terms = [(s, e) for _, s, e in shorthand_hits(text, item.start, item.end)]
    found = chunks(text, item.start, item.end, people=frame.people, initial=frame.initial, known_ids=frame.known_ids, terms=terms)
    reader = _Reader(text, item, found, frame, named)
    groups: list[Group] = []
    while reader.i < len(found):
        start_i = reader.i
        at_start = not groups and all(c.kind in ("mark", "num") or c.text.lower() in grammar()["list"]["openers"] for c in found[:start_i])
        members: list[Mention] = []
        if _in_brackets(text, found[start_i].start) or frame.in_service(found[start_i].start):
            reader.i += 1
            continue
        unit = reader.unit()
        if unit is None:
            reader.i += 1
            continue
        plural_head = found[start_i].kind == "noun" and found[start_i].plural
        if unit and unit[0].name and not _licensed(unit[0], item.listed and at_start, plural_head):
            pending = unit
        else:
            pending = None
            members.extend(unit)
        while reader.conjunction():
            nxt = reader.unit()
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
        last = groups[-1] if groups else None
        if last is not None and re.fullmatch(r"[\s,]*(?:and|&|\+)?[\s,]*", text[last.end : members[0].start]):
            # "Rowan, 9, and Sorcha, 6, live with ...": one predicate for both
            last.mentions.extend(members)
            last.end = max(m.end for m in members)
            continue
        groups.append(Group(item, members, members[0].start, max(m.end for m in members)))
    return groups


def _not_new(text: str, groups: list[Group]) -> list[Group]:
    """Drop what only looks like another child: a child noun with no name or age in a child's clause ("her son
    from a previous relationship", "has a baby son", "two kids of his own": the same child or its own children),
    and "her eldest" said again when the children are already listed."""
    out: list[Group] = []
    of_own = re.compile(rf"\s*(?:{alternation(grammar()['not_own']['of_own'])})", re.IGNORECASE)
    for group in groups:
        bare = all(m.name is None and (m.age is None or m.age[0] != m.age[1]) for m in group.mentions)  # "a baby son" is bare
        owner = next((g for g in reversed(out) if g.item == group.item and not g.header), None)
        if bare and owner is not None and (not group.plural or phrase_re(grammar()["not_own"]["possession"]).search(text, owner.end, group.start)):
            continue
        if owner is not None and of_own.match(text, group.end):
            continue
        ranked = all(set(m.words) & set(grammar()["child"]["words"]["rank"]) and not m.sex for m in group.mentions)
        if bare and ranked and len(groups) > 1 and not group.plural and not group.header:
            continue
        out.append(group)
    return out


def _headers(groups: list[Group], text: str) -> None:
    """A count that later mentions spell out: ``3 kids: ...``, ``Three children - DS1 ...``, ``Children are Una (8) and ...``."""
    joiners = phrase_re(grammar()["list"]["header_verbs"])
    for i, group in enumerate(groups):
        if any(m.name or not _open_age(m) for m in group.mentions) or i + 1 == len(groups):
            continue
        nxt = groups[i + 1]
        gap = text[group.end : nxt.start if nxt.item == group.item else group.item.end]
        announces = group.item.header and nxt.item != group.item  # "Two children by different mothers: ..."
        if announces or group.plural and not re.search(r"\w", joiners.sub("", gap)):
            group.header = True


def _predicates(groups: list[Group], all_items: list[Item], text: str, frame: Frame) -> None:
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
                g.extra.append(((item.start, item.end), _item_role(text, item, frame)))
        elif _he_or_she(text, item, last, frame):
            last.extra.append(((item.start, item.end), "subject"))  # "Torin is 12. He lives with his gran."
        elif (named := _named_subject(text, item, before)) is not None:
            named.extra.append(((item.start, item.end), "subject"))  # "... Una sees her dad on Sundays."
        else:
            for g in _anaphora(text, item, before, frame):
                g.extra.append(((item.start, item.end), "contact"))


def _named_subject(text: str, item: Item, before: list[Group]) -> Group | None:
    """A later sentence whose subject is a child already named, alone in its group."""
    first = re.match(r"\s*([A-ZÀ-Ý][\w’'-]*)", text[item.start : item.end])
    if not first:
        return None
    return next((g for g in before if len(g.mentions) == 1 and g.mentions[0].name == first.group(1)), None)


def _he_or_she(text: str, item: Item, last: Group, frame: Frame) -> bool:
    """The next sentence opens with the pronoun of the one child just named, a pronoun the participant's is not."""
    opener = re.match(r"\s*(he|she)\b", text[item.start : item.end], re.IGNORECASE)
    if not opener or last.plural or item.sentence != last.item.sentence + 1:
        return False
    sex = "m" if opener.group(1).lower() == "he" else "f"
    return sex != frame.sex and last.mentions[0].sex in ("", sex)


def _item_role(text: str, item: Item, frame: Frame) -> str:
    """What a ``;`` item after a group may say about it: its subject decides ("both ...", "she ...", "back home")."""
    words = text[item.start : item.end]
    if re.match(rf"\s*(?:{alternation(grammar()['list']['shared'])})(?![\w-])", words, re.IGNORECASE):
        return "subject"
    return "contact" if re.match(rf"\s*{_parent_subject(frame)}\b", words, re.IGNORECASE) else "note"


def _parent_subject(frame: Frame) -> str:
    """The participant as a sentence's subject: name, initial, or the pronoun of their sex."""
    return rf"(?:{alternation([w for w in (frame.name, frame.initial, {'f': 'she', 'm': 'he'}.get(frame.sex)) if w])})"


def _anaphora(text: str, item: Item, before: list[Group], frame: Frame) -> list[Group]:
    """Groups a later sentence refers to: "the two younger ones", "both", "them"; every child before it when the
    sentence is about contact ("Contact is monthly", "She has no contact"); none when it refers to no child."""
    words = text[item.start : item.end]
    subject = rf"(?:contact|{_parent_subject(frame)})"
    if re.match(rf"\s*{subject}\b", words, re.IGNORECASE) and re.search(r"\bcontact\b", words, re.IGNORECASE):
        return before
    ranks = grammar()["child"]["words"]["rank"]
    rank = re.search(rf"\bthe\s+(?:(\w+)\s+)?({alternation(ranks)})\b", words, re.IGNORECASE)
    mentions = [(m, g) for g in before for m in g.mentions]
    if rank:
        n = number_value(rank.group(1).lower()) if rank.group(1) else 1
        n = n or 1
        aged = [(m.age[0], m, g) for m, g in mentions if m.age is not None]
        if len(aged) < len(mentions) or n > len(aged):
            return []
        young = rank.group(2).lower() in grammar()["child"]["words"]["young_rank"]
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


def child_groups(text: str, frame: Frame) -> list[Group]:
    """Every group of child mentions in ``text`` (headers marked), with its predicate spans."""
    all_items = items(text)
    named: set[str] = set()
    groups: list[Group] = []
    for item in all_items:
        groups.extend(_groups(text, item, frame, named))
    _headers(groups, text)
    groups = _not_new(text, groups)
    _predicates(groups, all_items, text, frame)
    return groups
