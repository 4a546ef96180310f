"""Children a parent introduces in their own words, read over whole turns.

Speech does not introduce a child in one sentence. "Kian. Me lad. He's
eight. Nine, sorry, nine." names, owns and ages a boy over four; "the wee
man's through there in his cot, he's two. Rory." gives the name last; a
parent says "Lachlan. Lachie." and the second name is what he is called;
"Rhona's Lachie's sister" makes her a child of the speaker because Lachie is.
So a parent's turn is read as a list of what it says, in order:

* a name, with the words that own it: "my eldest" beside it (own), "I've
  got" before it (have), a sentence of names alone (bare), "X's Y's sister"
  of a child already theirs (sibling), or words that give it to someone else
  ("He's got Summer", "Same mum, Nikki", "she's not mine");
* a description ("the wee man", "the eldest") a bare name a sentence later names;
* an age, said of a name or by a pronoun of the child just talked about; a
  later age replaces it only after a correction ("No, ...", "sorry").

What is said is kept per speaker for the whole document, so an age in one
turn and "is my eldest" in the next are one child, and "the wee one" left
unnamed is named by the answer to "The wee one?". A name with an age becomes
a child of the speaker when the talk is about the speaker's children (the
question asks, or the speaker counts or names their own); otherwise it can
only name a child the registry already holds (children.adopt decides).

Two arrangements only the whole account gives are passed on as statements
(Talk.placed): the children an answer to "who lives here" counts ("the two
at home") live with the speaker, and "She lives with Chloe" after "Different
mam, Chloe" is with-mother. Everything else about where a child lives is
left to the care and contact rules, which read the children minted here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graphkit.extract import kin
from graphkit.extract.children import adopt, adopt_participant, children_of
from graphkit.extract.context import answer_is_yes, read
from graphkit.extract.lexicon import number_value
from graphkit.extract.mentions import Index, patterns
from graphkit.extract.speakers import Document, Sentence, Unit
from graphkit.model import Evidence, Graph

NAME = r"(?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_NAME_AT = re.compile(rf"(?<![\w'’\[-]){NAME}(?![\w\]-])")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_PRONOUN_SEX = {"he": "m", "she": "f"}
_YOUNGEST_PARENT = 12  # a child is at least this many years younger than its parent
# forms that own a child, strongest first: the form a name keeps when it is said more than once
_FORMS = ("own", "sibling", "have", "bare", "plain")
_LOOK_BACK = 2  # the furthest back (in sentences) a rule looks for the child just talked about


def _data() -> dict:
    return patterns()["speech_children"]


@lru_cache(maxsize=1)
def _age_body() -> str:
    tens = "|".join(_data()["tens"])
    return rf"(?:\d{{1,2}}|(?:{tens})(?:[- ](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)}|{'|'.join(_UNITS)})"


def age_value(word: str) -> int | None:
    """ "twenty-three" -> 23, "nine" -> 9, "14" -> 14."""
    parts = re.split(r"[- ]", word.lower())
    tens = _data()["tens"]
    if len(parts) == 2 and parts[0] in tens:
        unit = number_value(parts[1])
        return tens[parts[0]] + unit if unit is not None else None
    return tens.get(parts[0]) if parts[0] in tens else number_value(parts[0])


def _alternation(items: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=None)
def _cue(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-])(?:{_alternation(_data()[key])})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _noun() -> str:
    return _alternation([re.escape(n) for n in _data()["nouns"]])


@lru_cache(maxsize=1)
def _possessor() -> str:
    return _alternation(_data()["possessors"])


@lru_cache(maxsize=1)
def _adjectives() -> str:
    return rf"(?:(?:{_alternation(_data()['adjectives'])})\s+)*"


@lru_cache(maxsize=1)
def _own_after() -> re.Pattern[str]:
    """ "{name}'s my eldest", "{name}, my youngest", "{name} is our wee lassie" (matched at the end of the name)."""
    return re.compile(rf"(?:['’]s|\s+is|,)\s+(?:{_possessor()})\s+{_adjectives()}(?:{_noun()})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _own_before() -> re.Pattern[str]:
    """ "my youngest, {name}", "me little girl {name}" (matched against the text before the name)."""
    return re.compile(rf"(?<![\w'’-])(?:{_possessor()})\s+{_adjectives()}(?:{_noun()})(?:['’]s|\s+is)?,?\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _own_sentence() -> re.Pattern[str]:
    """A sentence that is only an own-child description: "Me lad.", "My youngest." (beside a bare name)."""
    return re.compile(rf"^(?:{_possessor()})\s+{_adjectives()}(?:{_noun()})[.!]*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _the_noun_after() -> re.Pattern[str]:
    """ "{name}'s the eldest": a child word without an owner (the talk decides whose)."""
    return re.compile(rf"(?:['’]s|\s+is)\s+the\s+{_adjectives()}(?:{_noun()})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _description() -> re.Pattern[str]:
    """ "the wee man", "The eldest", "my youngest": a child not yet named."""
    return re.compile(rf"(?<![\w'’-])(?P<poss>the|{_possessor()})\s+{_adjectives()}(?P<noun>{_noun()})(?![\w-])", re.IGNORECASE)


# said of a child's other parent beside the name ("Different mam, Chloe", "Same mum, Nikki", "their dad, Rab")
_ANOTHER = re.compile(r"\b(?:different|same|other|their|his|her|the weans['’]|the kids['’])\s+(?:\w+\s+)?(?:mum|mam|maw|mother|dad|da|father)\b", re.IGNORECASE)
_NAME_QUESTION = re.compile(r"what(?:['’]s| is) (?:his|her|their) name|what(?:['’]s| is) (?:he|she) called|what do you call (?:him|her)", re.IGNORECASE)


def _plain_words(text: str) -> str:
    """Lower-case words with "'un" read as "one" and the possessor dropped: "the little 'un" -> "little one"."""
    words = re.sub(r"['’]un\b", "one", text.lower()).split()
    return " ".join(words[1:] if words and words[0] in ("the", "my", "me", "ma", "our", "oor", "your", "and") else words).strip(" ?.!,")


_SIBLING_OF = re.compile(r"(?<![\w'’-])(his|her)\s+(?:(?:wee|little|big|older|younger|baby|half-)\s*)?(brother|sister),?\s+$", re.IGNORECASE)
_MONTHS = re.compile(r"\s+(?:months?|weeks?)(?:\s+old)?\b", re.IGNORECASE)
_SUBJECT = re.compile(r"(?<![\w'’-])(he|she)(?![\w-])", re.IGNORECASE)
_OWNING = re.compile(r"(?:['’]s|\s+is|,)\s+", re.IGNORECASE)
# a name that is said first and then called something that makes it a name ("Keeley.", "Leah's seven", "Tia, fourteen")
_INITIAL_OK = re.compile(r"(?:['’]s\b|\s+(?:is|was|and|who)\b|\s*[,.!?…]|\s+\(|\s*$)")
_INDEFINITE = re.compile(r"(?<![\w'’-])an?\s+(?:(?:wee|little|young|baby|teenage)\s+)*(?:lad|lass|lassie|laddie|boy|girl|one|baby|babby|wean|bairn)(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _have_before() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-])(?:and\s+)?(?:{_alternation(_data()['have'])})\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _other_before() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-])(?:{_alternation(_data()['other_have'])})(?:\s+\w+){{0,3}},?\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _owned_before() -> re.Pattern[str]:
    """ "My pal Aggie's lassie, Orla", "her sister's wee boy, Ishaan": a child noun of someone else's before the name."""
    return re.compile(rf"(?<![\w-])\w+['’]s\s+{_adjectives()}(?:{_noun()}),?\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _adult_before() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-])(?:{_alternation([re.escape(a) for a in _data()['adults']])})[,.:—–-]*\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _adult_after() -> re.Pattern[str]:
    """ "Mick's her dad", "Catriona. My partner.", "Owain, my boyfriend" (matched after the name)."""
    words = _alternation([re.escape(a) for a in _data()["adults"]])
    return re.compile(rf"^(?:[,.]?\s+(?:that['’]s\s+|is\s+)?|['’]s\s+)(?:my|me|ma|our|oor|his|her|their|the)\s+(?:\w+\s+)?(?:{words})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _owner_after() -> re.Pattern[str]:
    """ "Lachie's sister", "Cerys's dad": the name owns what follows and is not who the sentence is about."""
    words = _alternation([re.escape(a) for a in [*_data()["adults"], *_data()["nouns"]]])
    return re.compile(rf"^['’]s\s+{_adjectives()}(?:half-)?(?:{words})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _age_re() -> re.Pattern[str]:
    verbs = r"(?:,?\s+who)?(?:['’]re|\s+are|['’]s|\s+is|\s+was|\s+were|['’]d\s+be|\s+would\s+be|['’]ll\s+be|\s+will\s+be|\s+turned|\s+turns|,?\s+aged)"
    not_after = _alternation(_data()["not_age_after"])
    return re.compile(
        rf"(?<![\w'’-])(?P<subj>he|she|they|{NAME}|(?:the|{_possessor()})\s+{_adjectives()}(?:{_noun()})){verbs}(?:\s+(?:only|just|nearly|almost|about|now|coming up|going on|turned|aged))?"
        rf"\s+(?P<age>{_age_body()})(?![\w-])(?!\s+(?:{not_after})\b)"
        rf"|(?<![\w'’-])(?P<subj2>{NAME})(?:,\s+|\s+\()(?P<age2>{_age_body()})\)?(?![\w-])(?!\s+(?:{not_after})\b)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _fix_re() -> re.Pattern[str]:
    """A correction followed by a bare age: "-- no, nine", "sorry, four"."""
    return re.compile(rf"(?<![\w'’-])(?:{_alternation(_data()['correction'])})[,.!]?\s+(?P<age>{_age_body()})(?![\w'’-])(?!\s+(?:{_alternation(_data()['not_age_after'])})\b)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _past_before() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-])(?:{_alternation(_data()['past_before'])})\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _bare() -> re.Pattern[str]:
    """A sentence of names alone: "Jordan.", "Tegan and Ethan.", "There's Kayla."."""
    return re.compile(rf"^(?:(?:and|there['’]s)\s+)?{NAME}(?:(?:,\s*|\s+and\s+){NAME})*[.!?…]*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _sibling() -> re.Pattern[str]:
    """ "{name}'s Lachie's sister": a brother or sister of a named child."""
    return re.compile(rf"^(?:['’]s|\s+is)\s+(?P<other>{NAME})['’]s\s+{_adjectives()}(?:half-)?(?:sister|brother)(?![\w-])", re.IGNORECASE)


@dataclass
class Said:
    """One child as the speaker has introduced it so far in this document."""

    name: str | None
    sentence: int  # index (in the turn) of the sentence that last mentioned it
    evidence: Evidence
    form: str = "plain"
    sex: str | None = None
    age: int | None = None
    age_evidence: Evidence | None = None
    aliases: list[str] = field(default_factory=list)
    noun: str | None = None  # the description it was said by ("the little 'un"), while it has no name
    home: bool = False  # counted among the children at home ("the two at home")
    lives: tuple[str, str, Evidence] | None = None  # (arrangement, carer, evidence): "She lives with Chloe" of "Different mam, Chloe"
    other: bool = False  # said as someone else's ("He's got Summer") or as an adult
    minted: str | None = None

    def own(self, form: str) -> None:
        if _FORMS.index(form) < _FORMS.index(self.form):
            self.form = form
        if form in ("own", "sibling"):
            self.other = False  # "two grandchildren, Donnie's two. Donnie's my eldest": the own form decides

    def called(self, name: str) -> bool:
        return name == self.name or name in self.aliases


@dataclass
class Talk:
    """What each speaker of one document has said about children so far."""

    said: dict[str, list[Said]] = field(default_factory=dict)
    roster: dict[str, bool] = field(default_factory=dict)  # is the speaker talking about their own children?
    unnamed: dict[str, list[Said]] = field(default_factory=dict)  # descriptions a speaker's last turn left without a name
    adults: dict[str, str | None] = field(default_factory=dict)  # adults named in passing -> sex when the word says it
    other_parents: dict[str, str] = field(default_factory=dict)  # "Different mam, Chloe": name -> sex of a child's other parent
    placed: list[tuple[str, str, str, str, Evidence]] = field(default_factory=list)  # (child, parent, arrangement, carer, evidence)
    _lower: frozenset[str] | None = None
    _services: frozenset[str] | None = None

    def services(self, graph: Graph) -> frozenset[str]:
        """Words of the services' names ("Kites", "Castlegate"): a service said alone is not a child."""
        if self._services is None:
            self._services = frozenset(w for e in graph.entities.values() if e.kind == "service" for w in re.findall(r"[A-Z][a-z]+", e.label or ""))
        return self._services

    def others(self) -> dict[str, str | None]:
        """Names said as someone else's child or as an adult -> sex: a "she" after them is not a participant's child."""
        # a child's other parent is left out: "She lives with Chloe" is read by the care rules, with Chloe as a name
        found = {name: sex for name, sex in self.adults.items() if name not in self.other_parents}
        for said in (s for items in self.said.values() for s in items):
            if said.other and said.name and not said.minted:
                found.setdefault(said.name, said.sex)
        return found

    def lower(self, text: str) -> frozenset[str]:
        """The words the document writes in lower case (read once)."""
        if self._lower is None:
            self._lower = frozenset(re.findall(r"(?<![\w'’-])[a-z]+(?![\w'’-])", text))
        return self._lower


def _candidates(text: str, sentence: Sentence, known: set[str], lower: frozenset[str], known_not: frozenset[str]) -> list[re.Match[str]]:
    """Capitalised words that may be names.

    A sentence's first word is capitalised anyway: it is a name only where a
    name would stand ("Keeley.", "Leah's seven") and when the document never
    writes it in lower case ("Anyway." is not a child).
    """
    not_names = set(patterns()["new_child"]["not_names"]) | set(_data()["not_names"])
    found = []
    for m in _NAME_AT.finditer(text, sentence.start, sentence.end):
        word = m.group()
        if word in not_names or word in known_not or age_value(word) is not None:
            continue
        initial = not re.sub(r"(?i)\b(?:and|but|so|well|oh)\b|[\W_]", "", text[sentence.start : m.start()])
        if initial and word not in known and (word.lower() in lower or not _INITIAL_OK.match(text, m.end(), sentence.end)):
            continue
        found.append(m)
    return found


class TurnReader:
    """Reads one parent's turn into the Talk, then adopts what it owns."""

    def __init__(self, graph: Graph, index: Index, doc: Document, unit: Unit, talk: Talk, question: str, make_evidence):
        self.graph, self.index, self.doc, self.unit, self.talk = graph, index, doc, unit, talk
        self.speaker = unit.voice.entity or ""
        self.make = make_evidence
        self.said = talk.said.setdefault(self.speaker, [])
        self.turn: list[Said] = []  # mentioned in this turn, latest last (see _retire)
        self.retired: list[Said] = []  # said without a name and gone from self.turn: adopt() still hands them on
        self._last_end = unit.start  # end of the last name read
        roster = talk.roster.get(self.speaker, False)
        if _cue("other_question").search(question):
            roster = False
        if _cue("own_question").search(question.strip()):
            roster = True
        self.roster = roster
        self.household = bool(_cue("household_question").search(question))
        self.home_left = self._count(question) if self.household else 0
        asked = _plain_words(question)
        for said in talk.unnamed.get(self.speaker, []):  # "There's the little 'un ..." / "And the little one?" / "Keeley."
            if _NAME_QUESTION.search(question) or (said.noun and re.search(rf"\b{re.escape(said.noun)}\b", asked)):
                said.sentence = -1
                self.turn = [said]

    # -- reading -------------------------------------------------------------------------------------------

    def read(self) -> None:
        text = self.doc.text
        sentences = self.unit.sentences
        for i, sentence in enumerate(sentences):
            self._retire(i)
            body = sentence.text
            if _cue("count").search(body):
                self.roster = True
            if self.household and self._count(body):
                self.home_left = self._count(body)
            events: list[tuple[int, str, re.Match[str]]] = []
            events += [(m.start(), "desc", m) for m in _description().finditer(text, sentence.start, sentence.end)]
            events += [(m.start(), "indef", m) for m in _INDEFINITE.finditer(text, sentence.start, sentence.end)]
            events += [(m.start(), "name", m) for m in _candidates(text, sentence, self._names(), self.talk.lower(text), self.talk.services(self.graph))]
            events += [(m.start(), "age", m) for m in _age_re().finditer(text, sentence.start, sentence.end)]
            events += [(m.start(), "pronoun", m) for m in _SUBJECT.finditer(text, sentence.start, sentence.end)]
            events += [(m.start(), "fix", m) for m in _fix_re().finditer(text, sentence.start, sentence.end)]
            for _, kind, m in sorted(events, key=lambda e: (e[0], ("name", "desc", "indef", "age", "pronoun", "fix").index(e[1]))):
                getattr(self, f"_{kind}")(m, i, sentence)
            self._lives_with(i, sentence)

    def _retire(self, i: int) -> None:
        """Drop from self.turn what no look-back reaches any more: said more than _LOOK_BACK sentences ago, and not
        the latest. The list is in sentence order (_mention moves a child to the end), so these lead it. Without
        this a turn naming one adult a thousand times keeps a thousand entries and every mention scans them all."""
        old = 0
        while old < len(self.turn) - 1 and i - self.turn[old].sentence > _LOOK_BACK:
            old += 1
        self.retired += [s for s in self.turn[:old] if s.name is None]
        del self.turn[:old]

    @staticmethod
    def _count(text: str) -> int:
        m = _cue("household_count").search(text)
        return (number_value(m.group("count").lower()) or 0) if m else 0

    def _new(self, said: Said) -> Said:
        """A child first said in this turn: one of the children at home while the count lasts."""
        if self.home_left > 0 and not said.other:
            said.home, self.home_left = True, self.home_left - 1
        return said

    def _lives_with(self, i: int, sentence: Sentence) -> None:
        """ "She lives with Chloe", where Chloe was said as the child's mother: with-mother (or -father)."""
        for name, sex in self.talk.other_parents.items():
            for p in _data()["lives_with"]:
                m = re.search(p.replace("{name}", re.escape(name)), sentence.text, re.IGNORECASE)
                if m is None or not read(sentence.text, m.start(), m.end()).is_fact:
                    continue
                subject = re.findall(r"(?<![\w'’-])(he|she|they|[A-Z][a-z]+)(?![\w-])", sentence.text[: m.start()])
                word = subject[-1] if subject else ""
                if word.lower() in _PRONOUN_SEX:
                    sex_of = _PRONOUN_SEX[word.lower()]
                    children = [next((x for x in reversed(self.turn) if x.name != name and i - x.sentence <= 2
                                      and x.sex in (None, sex_of)), None)]
                elif word.lower() == "they":
                    children = [x for x in self.turn if x.name and not x.other and i - x.sentence <= 1]
                else:
                    children = [self._known(word)]
                arrangement = "with-mother" if sex == "f" else "with-father"
                evidence = self.make(sentence.start, sentence.end)
                for child in filter(None, children):
                    if not child.other:
                        child.lives = (arrangement, f"{arrangement[5:]} ({name})", evidence)

    def _names(self) -> set[str]:
        return {n for s in self.said for n in (s.name, *s.aliases) if n} | set(self.index.by_name)

    def _mention(self, said: Said, i: int) -> None:
        said.sentence = i
        if said in self.turn:
            self.turn.remove(said)
        self.turn.append(said)

    def _desc(self, m: re.Match[str], i: int, sentence: Sentence) -> None:
        noun = m.group("noun").lower()
        sex = patterns()["child_refs"]["nouns"].get(noun) or None
        own = m.group("poss").lower() != "the"
        if _own_sentence().match(sentence.text) and self.turn and self.turn[-1].name and self.turn[-1].sentence == i - 1:
            self.turn[-1].own("own")  # "Kian. Me lad."
            self.turn[-1].sex = self.turn[-1].sex or sex
            self._mention(self.turn[-1], i)
            return
        if self.turn and self.turn[-1].name and _OWNING.fullmatch(self.doc.text[self._last_end : m.start()]):
            return  # "Jade's my eldest": the description is the name's own form, not a second child
        said = self._new(Said(None, i, self.make(sentence.start, sentence.end), "own" if own else "plain", sex,
                              noun=_plain_words(m.group())))
        self._mention(said, i)

    def _indef(self, m: re.Match[str], i: int, sentence: Sentence) -> None:
        self._mention(Said(None, i, self.make(sentence.start, sentence.end), other=True), i)  # "a little lass, she's about five"

    def _name(self, m: re.Match[str], i: int, sentence: Sentence) -> None:
        text, name = self.doc.text, m.group()
        before = text[sentence.start : m.start()]
        after = text[m.end() : sentence.end]
        self._last_end = m.end()
        if _owner_after().match(after) and not _adult_after().match(after):
            return
        participant = self._participant(name)
        if (name in self.index.adults and participant is None) or name in self.talk.adults:
            self._mention(Said(name, i, self.make(sentence.start, sentence.end), other=True), i)
            return
        sibling = _SIBLING_OF.search(before)
        if sibling and self._own_antecedent({"his": "m", "her": "f"}[sibling.group(1).lower()], i):
            said = self._known(name) or self._new(Said(name, i, self.make(sentence.start, sentence.end)))
            if said not in self.said:
                self.said.append(said)
            said.own("sibling")  # "Lily's seven. Her brother Jack's twelve."
            said.sex = said.sex or ("m" if sibling.group(2).lower() == "brother" else "f")
            self._mention(said, i)
            return
        adult = _adult_before().search(before[-40:]) or _adult_after().match(after)
        if adult:
            word = re.sub(r"['’]s$", "", adult.group().strip(" ,.:—–-").split()[-1].lower())
            steps = kin.term_steps(word) if word in kin.words() else []
            sex = steps[-1][1] if steps else ""
            self.talk.adults[name] = sex or None
            if steps == [("parent", sex)] and sex and _ANOTHER.search(before + after):
                self.talk.other_parents[name] = sex  # "Different mam, Chloe", "Same mum, Nikki"
            self._mention(Said(name, i, self.make(sentence.start, sentence.end), other=True), i)
            return
        said = self._known(name)
        bare = bool(_bare().match(sentence.text))
        previous = self.turn[-1] if self.turn else None
        if said is None and previous is not None and previous.name and previous.sentence == i - 1 and previous.age is None \
                and not previous.other and (bare and _bare().match(self.unit.sentences[i - 1].text) or _cue("alias").search(sentence.text)):
            previous.aliases.append(name)  # "Lachlan. Lachie.", "Mikey. Michael, but naebody cries him that"
            self._mention(previous, i)
            return
        if said is None and bare and previous is not None and previous.name is None and not previous.other and i - previous.sentence <= 2:
            previous.name = name  # "the wee man's through there, he's two. Rory."
            said = previous
            self.said.append(said)
        if said is None:
            said = self._new(Said(name, i, self.make(sentence.start, sentence.end)))
            self.said.append(said)
        self._mention(said, i)
        self._own_form(said, name, before, after, bare, i)
        if _cue("not_own").search(sentence.text) and said.form != "own":
            said.other = True
        if participant is not None:
            said.sex = said.sex or self._sex_of(participant)

    def _own_form(self, said: Said, name: str, before: str, after: str, bare: bool, i: int) -> None:
        sentences = self.unit.sentences
        if _own_after().match(after) or _own_before().search(before):
            said.own("own")
        elif i > 0 and bare and _own_sentence().match(sentences[i - 1].text):
            said.own("own")  # "My youngest. Katie."
        elif (m := _sibling().match(after)) and self._is_own_child(m.group("other")):
            said.own("sibling")
        elif _have_before().search(before):
            said.own("have")
        elif bare:
            said.own("bare")
        if (_other_before().search(before) or _owned_before().search(before)) and said.form not in ("own", "sibling"):
            said.other = True
        noun = re.match(rf"(?:['’]s|\s+is|,)\s+(?:the\s+|(?:{_possessor()})\s+)?{_adjectives()}(?P<noun>{_noun()})", after, re.IGNORECASE)
        if noun and _the_noun_after().match(after):
            said.own("bare")  # "Chelsea's the eldest": a child word, owner from the talk
        if noun:
            said.sex = said.sex or (patterns()["child_refs"]["nouns"].get(noun.group("noun").lower()) or None)

    def _age(self, m: re.Match[str], i: int, sentence: Sentence) -> None:
        text = self.doc.text
        subject = m.group("subj") or m.group("subj2")
        word = m.group("age") or m.group("age2")
        if _past_before().search(text[max(sentence.start, m.start() - 12) : m.start()]):
            return
        value = age_value(word)
        if value is None:
            return
        if _MONTHS.match(text, m.end()):
            value = 0  # "Archie's ten month": a baby
        if subject.lower() == "they":  # "The twins, Ellis and Macy. They're nine."
            for said in [x for x in self.turn if x.name and not x.other and i - x.sentence <= 1 and x.age is None]:
                said.age, said.age_evidence = value, self.make(sentence.start, sentence.end)
            return
        if subject.lower() in _PRONOUN_SEX:
            said = self._antecedent(_PRONOUN_SEX[subject.lower()], i)
        elif " " in subject:  # "the baby's ten month": the description just read
            said = self.turn[-1] if self.turn and self.turn[-1].sentence == i else None
        else:
            said = self._known(subject)
        if said is None or said.other:
            return
        clauses = re.split(r"[,;:—–]", text[sentence.start : m.start()])
        if _cue("not_own").search(" ".join(clauses[-2:]) + text[m.start() : m.end()]):
            return  # "two grandchildren, Donnie's two": an age in talk of someone else's children
        correction = bool(_cue("correction").search(text[sentence.start : m.start()]))
        if said.age is None or (correction and value != said.age):
            said.age, said.age_evidence = value, self.make(sentence.start, sentence.end)
        self._mention(said, i)

    def _fix(self, m: re.Match[str], i: int, sentence: Sentence) -> None:
        """ "He's eight -- no, nine": a bare number after a correction is the age of the child just aged."""
        value = age_value(m.group("age"))
        said = next((x for x in reversed(self.turn) if x.age is not None and not x.other and i - x.sentence <= 1), None)
        if said is not None and value is not None and value != said.age and said.age_evidence is not None \
                and m.start() >= said.age_evidence.start:
            said.age, said.age_evidence = value, self.make(sentence.start, sentence.end)

    def _pronoun(self, m: re.Match[str], i: int, sentence: Sentence) -> None:
        """ "He's here with me, he's upstairs": the child talked about stays the one a later "He's eighteen" is about."""
        said = self._antecedent(_PRONOUN_SEX[m.group(1).lower()], i)
        if said is not None:
            self._mention(said, i)

    def _antecedent(self, sex: str, i: int) -> Said | None:
        """The child a pronoun stands for: the last one talked about, in this sentence or the two before."""
        for said in reversed(self.turn):
            if i - said.sentence > 2:
                return None
            if said.sex and said.sex != sex:
                continue
            if said.sex is None:
                said.sex = sex
            return said
        return None

    def _own_antecedent(self, sex: str, i: int) -> bool:
        """Is the child "his"/"her" stands for one of the speaker's own (said as theirs in this document)?"""
        said = next((x for x in reversed(self.turn) if i - x.sentence <= 2 and x.sex in (None, sex)), None)
        return said is not None and not said.other and said.name is not None and (said.form in ("own", "sibling") or said.age is not None and self.roster)

    def _known(self, name: str) -> Said | None:
        return next((s for s in reversed(self.said) if s.called(name)), None)

    def _participant(self, name: str) -> str | None:
        """A participant of the speaker's family called ``name`` ("Eilidh is my eldest": a daughter who took part)."""
        for pid in self.index.by_name.get(name, []):
            entity = self.graph.entities[pid]
            if entity.kind in ("family-member", "parent") and pid != self.speaker and self._related(pid):
                return pid
        return None

    def _related(self, pid: str) -> bool:
        return any(r.kind == "relative-of" and {r.source, r.target} == {pid, self.speaker} for r in self.graph.relations.values())

    def _sex_of(self, pid: str) -> str | None:
        return {"male": "m", "female": "f"}.get(str(self.graph.entities[pid].get("sex")))

    def _band(self) -> str:
        return str(self.graph.entities[self.speaker].get("age_band") or "")

    def _oldest_child(self) -> int:
        """The oldest a child of the speaker can be, from their age band ("30s": 39 - 12)."""
        m = re.fullmatch(r"(\d)0s", self._band())
        return int(m.group(1)) * 10 + 9 - _YOUNGEST_PARENT if m else 99

    def _is_own_child(self, name: str) -> bool:
        said = self._known(name)
        if said is not None and said.minted:
            return True
        return any(name == c.label or name in (c.get("aliases") or ()) for c in children_of(self.graph, self.speaker))

    # -- adopting ------------------------------------------------------------------------------------------

    def adopt(self) -> bool:
        """Bind or mint what this speaker has said; True when the graph changed."""
        changed = False
        family_member = self.unit.voice.role != "parent"  # a grandmother's "Kayden's ten" is not her child
        for said in sorted(self.said, key=lambda s: s.sex is None):  # the better described bind first
            if said.other or not said.name or said.minted:
                continue
            participant = self._participant(said.name)
            if participant is not None:
                if said.form == "own":
                    child = adopt_participant(self.graph, self.speaker, participant, said.age, said.evidence)
                    said.minted, changed = child.id, True
                continue
            owned = said.form in ("own", "sibling") or (said.age is not None and self.roster and not family_member)
            if not owned and said.age is None:
                continue
            if said.age is not None and said.age > self._oldest_child():
                if said.form not in ("own", "sibling"):
                    continue  # "Our Kim's thirty" from a parent in their thirties: a sister, not a child
                self.graph.problem(f"{said.evidence.file}, line {said.evidence.line_start}",
                                   f"{said.name}, said to be {said.age}, is older than a child of a parent aged {self._band()} can be")
            child = adopt(self.graph, self.speaker, said.name, said.aliases, said.sex, said.age, said.evidence,
                          said.age_evidence, mint=owned)
            if child is not None:
                said.minted, changed = child.id, True
        for said in self.said:
            if said.minted and said.home:
                self.talk.placed.append((said.minted, self.speaker, "with-parent", self.speaker, said.evidence))
                said.home = False
            if said.minted and said.lives:
                self.talk.placed.append((said.minted, self.speaker, said.lives[0], said.lives[1], said.lives[2]))
                said.lives = None
        self.talk.roster[self.speaker] = self.roster or any(s.minted for s in self.said)
        self.talk.unnamed[self.speaker] = [s for s in (*self.retired, *self.turn) if s.name is None and s.noun and not s.other]
        return changed


def read_turn(graph: Graph, index: Index, doc: Document, unit: Unit, talk: Talk, question: str, make_evidence) -> bool:
    """Read a parent's turn for the children it introduces; True when the graph changed."""
    reader = TurnReader(graph, index, doc, unit, talk, question, make_evidence)
    reader.read()
    return reader.adopt()


# -- two parents, one child; a child born during fieldwork ----------------------------------------------------


def shared_children(graph: Graph, index: Index, doc: Document, unit: Unit, question: str, question_start: int,
                    evidence: Evidence) -> bool:
    """ "Aye. Baith oors." from the second parent of a joint interview: the children the question names are theirs too."""
    speaker = unit.voice.entity
    body = doc.text[unit.start : unit.end]
    if not speaker or not (_cue("ours").search(body) or (answer_is_yes(body) and _cue("ours_question").search(question))):
        return False
    others = [p for p in doc.listed if p != speaker and index.kind(p) == "parent"]
    changed = False
    for start, end in index.names.spans(doc.text, question_start, question_start + len(question)):
        for cid in index.by_name.get(doc.text[start:end], []):
            if index.kind(cid) == "child" and set(index.parents_of.get(cid, [])) & set(others) and speaker not in index.parents_of.get(cid, []):
                graph.relate("parent-of", speaker, cid, evidence, origin="text")
                changed = True
    return changed


def births(graph: Graph, index: Index, doc: Document, unit: Unit, talk: Talk, make_evidence) -> bool:
    """ "Seren was born on 19 January": in a parent's own file, a child first known from this text."""
    parents = [p for p in doc.listed if index.kind(p) == "parent"]
    owner = unit.voice.entity if unit.voice.role == "parent" else (parents[0] if len(parents) == 1 else None)
    if owner is None:
        return False
    changed = False
    not_names = set(patterns()["new_child"]["not_names"])
    for i, sentence in enumerate(unit.sentences):
        about_birth = bool(_cue("birth").search(" ".join(s.text for s in unit.sentences[max(0, i - 1) : i + 1])))
        for p in [*_data()["born"], *(_data()["arrived"] if about_birth else [])]:
            pattern = re.compile(p.replace("{name}", rf"(?<![\w'’-])(?P<name>{NAME})"), re.IGNORECASE)
            for m in pattern.finditer(doc.text, sentence.start, sentence.end):
                name = m.group("name")
                if name in not_names or name in index.adults or name in talk.adults or index.by_name.get(name):
                    continue
                near = " ".join(s.text for s in unit.sentences[max(0, i - 1) : i + 2])
                before = doc.text[sentence.start : m.start()]
                if _cue("not_own").search(near) or _other_before().search(before) or _owned_before().search(before):
                    continue
                after = doc.text[m.end() : min(unit.end, m.end() + 300)]
                pronoun = re.search(r"\b(he|she|him|her)\b", after, re.IGNORECASE)
                sex = None if not pronoun else ("m" if pronoun.group(1).lower() in ("he", "him") else "f")
                evidence = make_evidence(sentence.start, sentence.end)
                if adopt(graph, owner, name, [], sex, 0, evidence, evidence, mint=True) is not None:
                    changed = True
    return changed
