"""What a column holds, judged from its cells, for a header that no alias names.

A collection written by other hands names its columns in its own words. Before
such a column is ignored its cells are read: file names, dates, country names,
lists of ID codes, roles, long free text. Each kind is a test of one cell; a
column is taken for a field when most of its non-empty cells pass
(headers.toml [infer] says which fields each table may guess, in which order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Callable

from graphkit.data import load_toml
from graphkit.readers.dates import normalise_date

DATA_SUFFIXES = (".txt", ".rtf", ".docx", ".odt", ".doc", ".pdf")
# Used only where no known ID matches: capitals (or a word) then digits, as ID codes mostly are.
_ID_SHAPE = re.compile(r"[A-Za-z]{1,6}[-_ ]?\d{1,4}[A-Za-z]?")
_ID_SPLIT = re.compile(r"[;,/&+\n]|\s+and\s+")
_NAME = re.compile(r"[A-Z][a-z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,4}")


@dataclass(frozen=True)
class CellContext:
    """What the collection already knows that helps to judge a cell."""

    known_ids: frozenset[str] = frozenset()
    file_names: frozenset[str] = frozenset()  # lower-cased base names of the collection's data files


@dataclass(frozen=True)
class Guess:
    index: int
    header: str
    field: str
    kind: str
    share: float


@dataclass
class _Column:
    index: int
    header: str
    cells: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _infer() -> dict:
    return load_toml("headers.toml")["infer"]


def _words(kind: str) -> re.Pattern[str]:
    words = sorted(_infer()["words"][kind], key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)


def _is_file(cell: str, ctx: CellContext) -> bool:
    name = PurePosixPath(cell.replace("\\", "/")).name.lower()
    return name in ctx.file_names or PurePosixPath(name).suffix in DATA_SUFFIXES


def _is_id(cell: str, ctx: CellContext) -> bool:
    return cell in ctx.known_ids or bool(_ID_SHAPE.fullmatch(cell))


def split_ids(cell: str, known: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The ID codes of a cell: separated by ``;`` ``,`` ``/`` ``&`` ``+``, "and" or a line break, or by spaces
    alone where every piece is a known ID code ("SP01 SP02")."""
    tokens: list[str] = []
    for part in (p.strip() for p in _ID_SPLIT.split(cell)):
        pieces = part.split()
        tokens.extend(pieces if len(pieces) > 1 and all(p in known for p in pieces) else [part] if part else [])
    return tuple(tokens)


def _is_id_list(cell: str, ctx: CellContext) -> bool:
    tokens = split_ids(cell, ctx.known_ids)
    return bool(tokens) and all(_is_id(t, ctx) for t in tokens)


def _is_country(cell: str, ctx: CellContext) -> bool:
    from graphkit.extract.lexicon import lexicon

    return len(cell.split()) <= 3 and bool(lexicon("country").find_all(cell))


def _is_role(cell: str, ctx: CellContext) -> bool:
    from graphkit.extract.lexicon import lexicon

    return len(cell.split()) <= 4 and bool(lexicon("role").find_all(cell))


def _is_sex(cell: str, ctx: CellContext) -> bool:
    return cell.strip().lower() in ("m", "f", "male", "female", "man", "woman")


def _is_text(cell: str, ctx: CellContext) -> bool:
    return len(cell) >= 30 and len(cell.split()) >= 5


def _is_name(cell: str, ctx: CellContext) -> bool:
    return bool(_NAME.fullmatch(cell.strip())) and not _is_id(cell, ctx)


def _has_words(kind: str) -> Callable[[str, CellContext], bool]:
    def test(cell: str, ctx: CellContext) -> bool:
        return len(cell.split()) <= 5 and bool(_words(kind).search(cell))

    return test


KINDS: dict[str, Callable[[str, CellContext], bool]] = {
    "file": _is_file, "date": lambda cell, ctx: normalise_date(cell) is not None, "country": _is_country,
    "id": _is_id, "id-list": _is_id_list, "role": _is_role, "sex": _is_sex, "text": _is_text, "name": _is_name,
    "data-type": _has_words("data-type"), "data-set": _has_words("data-set"),
}


def _share(column: _Column, kind: str, ctx: CellContext) -> float:
    cells = [c.strip() for c in column.cells if c.strip()]
    if not cells:
        return 0.0
    if kind == "id" and len(set(cells)) < len(cells):
        return 0.0  # an ID column names each row once
    return sum(KINDS[kind](c, ctx) for c in cells) / len(cells)


def infer_columns(table: str, header: list[str], rows: list[list[str]], unknown: list[int], taken: set[str],
                  ctx: CellContext) -> list[Guess]:
    """Fields for the ``unknown`` column indexes, judged from their cells; fields in ``taken`` are not guessed."""
    columns = {i: _Column(i, header[i], [r[i] if i < len(r) else "" for r in rows]) for i in unknown}
    guesses: list[Guess] = []
    for name, kind in _infer().get(table, []):
        if name in taken or not columns:
            continue
        scored = [(_share(c, kind, ctx), -c.index, c) for c in columns.values()]
        share, _, best = max(scored, key=lambda item: item[:2])
        if share >= _infer()["share"]:
            guesses.append(Guess(best.index, best.header, name, kind, round(share, 2)))
            del columns[best.index]
    return guesses
