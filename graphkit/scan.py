"""Disclosure scan: find direct identifiers left in texts and table cells.

Patterns and word lists live in ``graphkit/data/identifiers.toml``. Structured
identifiers (e-mail, NHS and CHI numbers, UK phone numbers, full postcodes,
dates of birth) are found by pattern, checksum and context; name-like tokens
are capitalised words that are not registry pseudonyms, places or common
words. A checksum alone matches about one number in eleven, so a health
number without a context word nearby, and every name, is reported with
``confidence="review"``: a person decides, the tool does not block.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator, NamedTuple, Sequence

#: What :func:`redact` puts in place of each kind of identifier.
PLACEHOLDERS = {
    "email": "[email]", "nhs-number": "[NHS number]", "chi-number": "[CHI number]", "phone": "[phone number]",
    "postcode": "[postcode]", "date-of-birth": "[date of birth]", "name": "[name]",
}  # fmt: skip
_PRIORITY = {kind: rank for rank, kind in enumerate(PLACEHOLDERS)}  # earlier wins an overlap
_HEALTH = ("nhs-number", "chi-number")
_EXCERPT_CONTEXT = 30


@dataclass(frozen=True, order=True)
class Finding:
    """One identifier: where it is and a masked excerpt safe to print.

    ``line``/``column`` are 1-based; for a table cell ``line`` is the table
    row (header = 1) and ``column`` the cell's column, named in ``field``."""

    file: str
    line: int
    column: int
    kind: str
    masked_excerpt: str
    confidence: str  # "high" or "review"
    field: str | None = None
    #: The finding's text in lower case, to count repeats (:func:`rank`); never printed.
    token: str = dataclasses.field(default="", compare=False, repr=False)


class _Hit(NamedTuple):
    start: int
    end: int
    kind: str
    confidence: str


class _Rules(NamedTuple):
    email: re.Pattern[str]
    postcodes: tuple[re.Pattern[str], ...]
    phone: re.Pattern[str]
    dates: tuple[re.Pattern[str], ...]
    window: int
    context: dict[str, re.Pattern[str]]
    token: re.Pattern[str]
    titles: frozenset[str]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = tomllib.loads(resources.files("graphkit.data").joinpath("identifiers.toml").read_text("utf-8"))
    pat, ctx, names = data["patterns"], data["context"], data["names"]
    flags = re.IGNORECASE
    context = {
        group: re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, ctx[group])) + r")(?![a-z0-9])", flags)
        for group in ("nhs", "chi", "dob")
    }
    return _Rules(
        email=re.compile(pat["email"], flags),
        postcodes=(re.compile(pat["postcode"], flags), re.compile(pat["postcode_spaced"])),
        phone=re.compile(pat["phone"]),
        dates=tuple(re.compile(p, flags) for p in pat["dates"]),
        window=int(ctx["window"]),
        context=context,
        token=re.compile(names["token"]),
        titles=frozenset(t.lower() for t in names["titles"]),
        stopwords=frozenset((names["common"] + " " + names["places"]).lower().split()) | _vocabulary(names["vocabulary"]),
    )


def _vocabulary(files: list[str]) -> frozenset[str]:
    """Every word of the packaged data files the extractors read (kin words,
    table headings, care and treatment vocabulary): known, so never a name."""
    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            words.update(w.lower() for w in re.findall(r"[^\W\d_]{2,}", value))

    for name in files:
        walk(tomllib.loads(resources.files("graphkit.data").joinpath(name).read_text("utf-8")))
    return frozenset(words)


# -- checksums -------------------------------------------------------------


def nhs_checksum_ok(digits: str) -> bool:
    """Modulus 11 check of a 10-digit NHS (or CHI) number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1))) % 11
    check = (11 - remainder) % 11  # 11 -> 0; 10 means "no valid number" and never equals a digit
    return check == int(digits[9])


def chi_date_ok(digits: str) -> bool:
    """True when the first six digits are a real DDMMYY date (either century)."""
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    try:  # 29 Feb 00 is real in 2000; any other date is real in both centuries or neither
        dt.date(2000 + year, month, day)
    except ValueError:
        return False
    return True


# -- normalisation ---------------------------------------------------------

#: Dashes people (and word processors) put between digits: all read as "-".
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63")
#: Characters that show nothing: dropped, so "943\u200b476" is "943476".
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
# What is rewritten before matching: an obfuscated "@" or "." of an e-mail
# address ("jo [at] example [dot] com"), a run of spaces of any kind, and any
# non-ASCII character (NFKC: non-breaking spaces, fullwidth "＠" and digits).
_REWRITE = re.compile(r"[^\S\n]*[\[(]\s*(at|dot)\s*[\])][^\S\n]*|[^\S\t\n\r\x0b\x0c]{2,}|[^\x00-\x7f]", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    if char in _DASHES:
        return "-"
    if char in _INVISIBLE:
        return ""
    folded = unicodedata.normalize("NFKC", char)
    return " " if folded.isspace() and "\n" not in folded else folded


class Folded(NamedTuple):
    """A text as the patterns read it, with the way back to the original.

    ``pieces`` holds ``(folded_start, folded_end, original_start, original_end)``
    of every stretch that was rewritten, in order; outside them the two texts
    run in step."""

    text: str
    pieces: list[tuple[int, int, int, int]]
    ends: list[int]  # folded_end of each piece, for bisect

    def original(self, position: int, *, end: bool = False) -> int:
        """The original offset of ``position`` in the folded text; with ``end``,
        of an exclusive end. A rewritten stretch maps to the whole original one."""
        at = position - 1 if end else position
        i = bisect.bisect_right(self.ends, at)
        if i < len(self.pieces) and self.pieces[i][0] <= at:
            return self.pieces[i][3] if end else self.pieces[i][2]
        folded_end, original_end = (self.pieces[i - 1][1], self.pieces[i - 1][3]) if i else (0, 0)
        return original_end + at - folded_end + end


def normalise(text: str) -> Folded:
    """``text`` with separators and look-alike characters folded (see ``_REWRITE``),
    so that one pattern finds "943 476 5919" written with non-breaking spaces."""
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    pos = length = 0
    for m in _REWRITE.finditer(text):
        word = m.group(1)
        new = ("@" if word.lower() == "at" else ".") if word else " " if m.end() - m.start() > 1 else _fold(m.group())
        if new == m.group():
            continue
        out.append(text[pos : m.start()])
        length += m.start() - pos
        pieces.append((length, length + len(new), m.start(), m.end()))
        out.append(new)
        length += len(new)
        pos = m.end()
    if not pieces:
        return Folded(text, [], [])
    out.append(text[pos:])
    return Folded("".join(out), pieces, [p[1] for p in pieces])


# -- finding ---------------------------------------------------------------


def _near(text: str, start: int, end: int, pattern: re.Pattern[str], window: int) -> bool:
    """A context word within ``window`` characters, on the same line."""
    left = max(text.rfind("\n", max(0, start - window), start) + 1, start - window, 0)
    right_nl = text.find("\n", end, end + window)  # searches bounded: long lines stay linear
    right = min(end + window, len(text)) if right_nl < 0 else right_nl
    return bool(pattern.search(text, left, start) or pattern.search(text, end, right))


def _health_hit(text: str, span: tuple[int, int], r: _Rules) -> _Hit | None:
    s, e = span
    digits = re.sub(r"\D", "", text[s:e])
    if not nhs_checksum_ok(digits):
        return None
    says_nhs = _near(text, s, e, r.context["nhs"], r.window)
    says_chi = _near(text, s, e, r.context["chi"], r.window)
    # Every CHI passes the NHS check; a real DDMMYY date makes CHI the better guess.
    is_chi = chi_date_ok(digits) and (says_chi or not says_nhs)
    return _Hit(s, e, "chi-number" if is_chi else "nhs-number", "high" if says_nhs or says_chi else "review")


_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ /.\-]\d+)*")
_AT = re.compile("@")


def _lines_with(text: str, mark: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line of ``text`` in which ``mark`` occurs."""
    pos = 0
    while found := mark.search(text, pos):
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        end = len(text) if end < 0 else end
        yield start, end
        pos = end + 1


def _structured(text: str) -> list[_Hit]:
    """Structured identifiers of ``text``, found in its normalised form (see
    :func:`normalise`) and located in the original."""
    folded = normalise(text)
    hits = _structured_folded(folded.text)
    if not folded.pieces:
        return hits
    return [_Hit(folded.original(h.start), folded.original(h.end, end=True), h.kind, h.confidence) for h in hits]


def _health_numbers(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Ten digits in groups of any size joined by one kind of separator
    ("943 476 5919", "943 4765 919", "943/476/5919", "9 4 3 4 7 6 5 9 1 9")."""
    for run in _DIGIT_RUN.finditer(text, start, end):
        groups = [m.span() for m in _DIGITS.finditer(text, *run.span())]
        separators = [text[e] for _, e in groups[:-1]]
        first, digits = 0, 0
        for last, (s, e) in enumerate(groups):
            digits += e - s
            while digits > 10 or len(set(separators[first:last])) > 1:
                digits -= groups[first][1] - groups[first][0]
                first += 1
            if digits == 10:
                yield groups[first][0], e


def _structured_folded(text: str) -> list[_Hit]:
    # No identifier pattern crosses a newline, an e-mail needs an "@", every
    # other pattern a digit, and a date of birth a birth word on its line: so
    # only those lines are searched (about 5% of a transcript's text).
    r = rules()
    hits = [_Hit(*m.span(), "email", "high") for s, e in _lines_with(text, _AT) for m in r.email.finditer(text, s, e)]
    dates: set[tuple[int, int]] = set()
    birth_words: list[tuple[int, int]] = []
    for s, e in _lines_with(text, _DIGIT):
        hits += [h for span in _health_numbers(text, s, e) if (h := _health_hit(text, span, r))]
        hits += [_Hit(*m.span(), "phone", "high") for m in r.phone.finditer(text, s, e)]
        hits += [_Hit(*m.span(), "postcode", "high") for p in r.postcodes for m in p.finditer(text, s, e)]
        words = [word.span() for word in r.context["dob"].finditer(text, s, e)]
        if words:
            birth_words += words
            dates.update(m.span() for pattern in r.dates for m in pattern.finditer(text, s, e))
    hits += [_Hit(s, e, "date-of-birth", "high") for s, e in _birth_dates(text, sorted(dates), birth_words, r.window)]
    return _guesses_inside(hits)


def _birth_dates(text: str, dates: list[tuple[int, int]], birth_words: list[tuple[int, int]], window: int) -> set[tuple[int, int]]:
    """Dates a date-of-birth word points at: the next date on its line ("born on
    3 May 1985", "DOB: 3/5/85"), else the previous one ("3/5/85 (DOB)"), within
    the window. So "DOB 3/5/85, interviewed 3/5/21" marks only the first."""
    marked: set[tuple[int, int]] = set()
    ends = sorted((e, s) for s, e in dates)
    for ws, we in birth_words:
        i = bisect.bisect_left(dates, (we, -1))
        j = bisect.bisect_right(ends, (ws, len(text))) - 1
        if i < len(dates) and dates[i][0] - we <= window and "\n" not in text[we : dates[i][0]]:
            marked.add(dates[i])
        elif j >= 0 and ws - ends[j][0] <= window and "\n" not in text[ends[j][0] : ws]:
            marked.add((ends[j][1], ends[j][0]))
    return marked


def _overlaps(kept: list[_Hit], hit: _Hit) -> bool:
    """Does ``hit`` overlap any of ``kept`` (disjoint, sorted by start)?"""
    i = bisect.bisect_left(kept, hit)
    return (i < len(kept) and kept[i].start < hit.end) or (i > 0 and kept[i - 1].end > hit.start)


class _Reach:
    """Spans ``(start, end)``, asked how far the ones starting at or before a point reach."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.ends = list(itertools.accumulate((e for _, e in ordered), max))

    def before(self, position: int, *, inclusive: bool = True) -> tuple[int, int] | None:
        """``(start, furthest end)`` of the spans starting at (``inclusive``) or before ``position``."""
        i = (bisect.bisect_right if inclusive else bisect.bisect_left)(self.starts, position) - 1
        return (self.starts[i], self.ends[i]) if i >= 0 else None

    def overlaps(self, start: int, end: int) -> bool:
        reach = self.before(end, inclusive=False)
        return reach is not None and reach[1] > start


def _guesses_inside(hits: list[_Hit]) -> list[_Hit]:
    """``hits`` without the checksum-only health numbers that lie inside a longer
    sure hit: the last ten digits of "+44 7700 900123" are part of a phone number."""
    sure = _Reach((h.start, h.end) for h in hits if h.confidence == "high" and h.kind not in _HEALTH)

    def inside(h: _Hit) -> bool:
        reach = sure.before(h.start)
        return reach is not None and reach[1] >= h.end and reach != (h.start, h.end)

    return [h for h in hits if not (h.kind in _HEALTH and h.confidence == "review" and inside(h))]


def _resolve(hits: Iterable[_Hit]) -> list[_Hit]:
    """Drop hits overlapping a stronger (or earlier equal) one; return in text order."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (_PRIORITY[h.kind], h.start, -h.end)):
        if not _overlaps(kept, hit):
            bisect.insort(kept, hit)
    return kept


_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“(\[\t–—-])\s*$")


def _names(text: str, known: frozenset[str], taken: list[_Hit]) -> list[_Hit]:
    r = rules()
    lower_vocab = set(re.findall(r"(?<![\w'’])[a-zß-öø-ÿ]+(?!\w)", text))
    candidates: list[tuple[int, int, str, bool, bool]] = []  # start, end, key, initial, titled
    for m in r.token.finditer(text):
        start, end = m.span()
        key = m.group().lower()
        if key in r.stopwords or key in r.titles or key in known or key in lower_vocab or key[:-1] in r.stopwords and key[-1] == "s":
            continue  # "Saturdays" is a plural of a common word, not a name
        # Look back a bounded stretch of the line: enough for "[Town" or "Mrs.",
        # and a megabyte-long line stays linear.
        before = text[max(0, start - 64) : start].rpartition("\n")[2]
        if before.rfind("[") > before.rfind("]"):
            continue  # inside an anonymisation marker such as [Town]
        previous = re.findall(r"[A-Za-z]+", before[-12:])
        titled = bool(previous) and previous[-1].lower() in r.titles and before.rstrip(" .").endswith(previous[-1])
        candidates.append((start, end, key, bool(_SENTENCE_END.search(before)), titled))
    mid_sentence = {key for _, _, key, initial, _ in candidates if not initial}
    hits = [
        _Hit(s, e, "name", "high" if titled else "review")
        for s, e, key, initial, titled in candidates
        if titled or not initial or key in mid_sentence
    ]
    merged: list[_Hit] = []
    for hit in hits:  # "Sarah Jones" is one finding, not two
        if merged and text[merged[-1].end : hit.start] == " ":
            last = merged.pop()
            hit = _Hit(last.start, hit.end, "name", max(last.confidence, hit.confidence, key=("review", "high").index))
        merged.append(hit)
    return [h for h in merged if not _overlaps(taken, h)]


def known_words(names: Iterable[str]) -> frozenset[str]:
    """The lower-case words of ``names`` (pseudonyms): what :func:`find` accepts as known."""
    return frozenset(w.lower() for name in names for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name))


def find(text: str, *, known_names: Iterable[str] = ()) -> list[tuple[int, int, str, str]]:
    """Every identifier in ``text`` as ``(start, end, kind, confidence)``, in order."""
    structured = _resolve(_structured(text))
    return sorted(structured + _names(text, known_words(known_names), structured))


def _sure_names(text: str, known: frozenset[str], taken: list[_Hit]) -> list[_Hit]:
    """The names :func:`find` is sure of (a title before them: "Mrs Okafor") that are not ``known``."""
    return [h for h in _names(text, known, taken) if h.confidence == "high"]


# -- reporting and redaction -------------------------------------------------


def mask(value: str) -> str:
    """Keep the first one or two letters/digits, star the rest, keep separators."""
    keep = 2 if sum(c.isalnum() for c in value) >= 6 else 1
    out = []
    for char in value:
        keep -= char.isalnum()
        out.append("*" if char.isalnum() and keep < 0 else char)
    return "".join(out)


def _printable(text: str) -> str:
    # A hostile file must not drive the terminal: control characters become "?".
    return "".join(" " if c == "\t" else "?" if unicodedata.category(c) == "Cc" else c for c in text)


def _masked_line(line: str, spans: list[tuple[int, int]]) -> str:
    """``line`` with every identifier masked; :func:`mask` keeps lengths, so offsets hold."""
    pieces, pos = [], 0
    for start, end in spans:
        pieces += [line[pos:start], mask(line[start:end])]
        pos = end
    return "".join(pieces) + line[pos:]


def _excerpt(masked: str, start: int, end: int) -> str:
    left, right = max(0, start - _EXCERPT_CONTEXT), min(len(masked), end + _EXCERPT_CONTEXT)
    return ("…" if left else "") + _printable(masked[left:right]) + ("…" if right < len(masked) else "")


def scan_text(text: str, *, file: str, known_names: Iterable[str] = frozenset(), field: str | None = None) -> list[Finding]:
    """Findings in ``text`` with 1-based line and column and a masked excerpt."""
    hits = find(text, known_names=known_names)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    by_line: dict[int, list[tuple[int, int, str, str]]] = {}
    for hit in hits:
        by_line.setdefault(bisect.bisect_right(starts, hit[0]) - 1, []).append(hit)
    findings = []
    for index, line_hits in by_line.items():
        line_start = starts[index]
        line = text[line_start : starts[index + 1] - 1 if index + 1 < len(starts) else len(text)]
        spans = [(s - line_start, min(e - line_start, len(line))) for s, e, _, _ in line_hits]
        masked = _masked_line(line, spans)
        for (s, e), (start, end, kind, confidence) in zip(spans, line_hits):
            excerpt = _excerpt(masked, s, e)
            token = text[start:end].lower()
            findings.append(Finding(file, index + 1, start - line_start + 1, kind, excerpt, confidence, field, token))
    return findings


def scan_rows(rows: Sequence[Sequence[str]], *, file: str, known_names: Iterable[str] = frozenset()) -> list[Finding]:
    """Findings in table cells; the first row is the header and names each column."""
    known = frozenset(known_names)
    header = list(rows[0]) if rows else []
    findings = []
    for number, row in enumerate(rows, start=1):
        for col, cell in enumerate(row, start=1):
            field = header[col - 1] if col - 1 < len(header) and number > 1 else None
            for f in scan_text(cell, file=file, known_names=known, field=field):
                findings.append(dataclasses.replace(f, line=number, column=col))
    return findings


def rank(findings: Iterable[Finding]) -> list[Finding]:
    """Sure findings first, in file order; then those for review, the most
    repeated first (a name met in many places is the likelier real one, and the
    likelier leak), each one's mentions together."""
    findings = list(findings)
    repeats = Counter(f.token for f in findings if f.confidence == "review")

    def key(f: Finding) -> tuple[bool, int, str, Finding]:
        review = f.confidence == "review"
        return review, -repeats[f.token] if review else 0, f.token if review else "", f

    return sorted(findings, key=key)


def structured_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every structured identifier (no names) in ``text``, in order."""
    return [(s, e, kind) for s, e, kind, _ in _resolve(_structured(text))]


def redaction_spans(text: str, *, known: frozenset[str] | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of what :func:`redact` replaces in ``text`` (with
    the same ``known``), in order: for callers that redact a span of a larger text."""
    structured = _resolve(_structured(text))
    hits = structured if known is None else sorted(structured + _sure_names(text, known, structured))
    return [(s, e, kind) for s, e, kind, _ in hits]


def redact(
    text: str, *, names: Iterable[str] = (), known: frozenset[str] | None = None, spare: Sequence[tuple[int, int]] = ()
) -> str:
    """``text`` with structured identifiers replaced by placeholders like ``[NHS number]``.

    Names are replaced by ``[name]`` when listed in ``names``, and, when the
    pseudonyms are given (``known``, see :func:`known_words`), every name the
    scan is sure of ("Mrs Okafor": a title before it) that is not one of them.
    Other capitalised words are reported by the scan, never redacted. What
    overlaps a ``spare`` span (``(start, end)``: a file name, an ID code) is
    left as it is."""
    hits = _structured(text)
    if known is not None:
        hits += _sure_names(text, known, _resolve(hits))
    for name in names:
        if name.strip():
            pattern = r"(?<!\w)" + re.escape(name.strip()) + r"(?!\w)"
            hits += [_Hit(*m.span(), "name", "high") for m in re.finditer(pattern, text)]
    if spare:
        own = _Reach(spare)
        hits = [h for h in hits if not own.overlaps(h.start, h.end)]
    out, pos = [], 0
    for start, end, kind, _ in _resolve(hits):
        out += [text[pos:start], PLACEHOLDERS[kind]]
        pos = end
    return "".join(out) + text[pos:]
