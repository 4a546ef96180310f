"""Read the three tables (listing, participants, services) from CSV, TSV or XLSX.

Every row keeps its 1-based data-row number and the physical line it starts
on, so a problem or a fact can point back to it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import CollectionError
from graphkit.readers.columns import CellContext, Guess, infer_columns
from graphkit.readers.paths import MAX_TABLE_BYTES, read_capped

csv.field_size_limit(MAX_TABLE_BYTES)  # no field is longer than the largest table read

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(text: str) -> str:
    """``"ID code"``, ``"id_code"`` and ``"ID-Code"`` all become ``"idcode"``."""
    return _NON_ALNUM.sub("", text.strip().lower())


@dataclass
class Row:
    number: int
    line: int
    fields: dict[str, str]


@dataclass
class Table:
    path: Path
    rows: list[Row]
    encoding: str
    header: list[str]
    unknown_headers: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    header_line: int = 1
    guesses: list[Guess] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required fields no column holds: the rows are not read
    columns: list[str | None] = field(default_factory=list)  # the field each header column holds


def decode_bytes(data: bytes) -> tuple[str, str]:
    """UTF-8 (BOM or not) first; Windows-1252 as the fallback, and say which was used."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict"), "cp1252"


def _sniff_delimiter(first_line: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _raw_rows(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """Rows as (starting line, cells), and the encoding used."""
    if path.suffix.lower() == ".xlsx":
        from graphkit.readers.xlsx import read_xlsx

        return [(i + 1, row) for i, row in enumerate(read_xlsx(path))], "xlsx"
    data = read_capped(path, MAX_TABLE_BYTES)
    try:
        text, encoding = decode_bytes(data)
    except UnicodeDecodeError as exc:
        raise CollectionError(f"{path}: table is neither UTF-8 nor Windows-1252 (byte {exc.start})") from exc
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first, path.suffix.lower()))
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CollectionError(f"{path}, line {reader.line_num}: malformed CSV: {exc}") from exc
    return rows, encoding


def _lookup(aliases: dict[str, list[str]], overrides: dict[str, list[str]] | None) -> dict[str, tuple[str, int]]:
    """Normalised header -> (field, rank): the field's own name and first aliases rank first; a collection's own
    mapping (``overrides``) ranks before them all and takes its headers from any other field."""
    lookup: dict[str, tuple[str, int]] = {}
    for name, names in aliases.items():
        for rank, alias in enumerate([name, *names]):
            lookup.setdefault(normalise_header(alias), (name, rank))
    for name, names in (overrides or {}).items():
        lookup.update({normalise_header(alias): (name, -1) for alias in names})
    return lookup


def _columns(header: list[str], lookup: dict[str, tuple[str, int]], joined: tuple[str, ...]
             ) -> tuple[list[str | None], dict[str, int], list[str]]:
    """The field of each header, each field's main column, and the headers dropped: where two headers name one
    field the better-ranked one holds it, except for a ``joined`` field (the descriptor), which all of them hold."""
    found = [lookup.get(normalise_header(cell)) for cell in header]
    main: dict[str, int] = {}
    for index, hit in enumerate(found):
        if hit and (hit[0] not in main or hit[1] < found[main[hit[0]]][1]):
            main[hit[0]] = index
    kept = [hit is not None and (hit[0] in joined or main[hit[0]] == index) for index, hit in enumerate(found)]
    columns = [hit[0] if hit and keep else None for hit, keep in zip(found, kept)]
    dropped = [f"duplicate column {header[i]!r} for {hit[0]!r}: {header[main[hit[0]]]!r} is used"
               for i, (hit, keep) in enumerate(zip(found, kept)) if hit and not keep]
    return columns, main, dropped


def _row_fields(header: list[str], columns: list[str | None], main: dict[str, int], cells: list[str]) -> dict[str, str]:
    """A row's fields. A field several columns hold is its main column's cell, then each other non-empty cell
    under its header ("Children: ..."), so that the joined text still says what each part is about."""
    def cell(index: int) -> str:
        return cells[index].strip() if index < len(cells) else ""

    fields = {name: cell(index) for name, index in main.items() if index < len(cells)}
    for index, name in enumerate(columns):
        if name is not None and index != main[name] and cell(index):
            before = fields.get(name, "")
            stop = "" if not before or before.endswith((".", "!", "?", ";")) else "."
            fields[name] = f"{before}{stop}{' ' if before else ''}{header[index].strip()}: {cell(index)}"
    return fields


def _header_index(raw: list[tuple[int, list[str]]], lookup: dict[str, tuple[str, int]]) -> int:
    """The header row: the first of the opening rows that names two known fields (a title row may come first)."""
    for index, (_, cells) in enumerate(raw[:5]):
        if len({lookup[k][0] for k in map(normalise_header, cells) if k in lookup}) >= 2:
            return index
    return 0


def read_table(path: Path, aliases: dict[str, list[str]], *, overrides: dict[str, list[str]] | None = None,
               name: str | None = None, required: tuple[str, ...] = (), joined: tuple[str, ...] = (),
               context: CellContext | None = None) -> Table:
    """Read a table and map its headers to field names.

    Headers are matched through ``aliases`` (``overrides`` first); a column still
    unknown is judged from its cells (columns.py) when the table's ``name`` is
    given. A table without a ``required`` field keeps no rows and says so in
    ``missing``: one problem at its header, not one per row. A ``joined`` field
    (the descriptor) may be spread over several columns.
    """
    raw, encoding = _raw_rows(path)
    raw = [(line, cells) for line, cells in raw if any(c.strip() for c in cells)]
    if not raw:
        raise CollectionError(f"{path}: table is empty")
    lookup = _lookup(aliases, overrides)
    start = _header_index(raw, lookup)
    header_line, header = raw[start]
    table = Table(path, [], encoding, header, header_line=header_line)
    if start:
        table.problems.append((f"{path.name}, line {raw[0][0]}", f"{start} line(s) above the header row (line {header_line}) are not read"))
    body = raw[start + 1 :]
    columns, main, dropped = _columns(header, lookup, joined)
    table.problems.extend((f"{path.name}, line {header_line}", what) for what in dropped)
    seen = {c for c in columns if c is not None}
    unknown = [i for i, (cell, field_name) in enumerate(zip(header, columns)) if field_name is None and cell.strip()
               and normalise_header(cell) not in lookup]
    if name is not None:
        for guess in infer_columns(name, header, [cells for _, cells in body], unknown, seen, context or CellContext()):
            columns[guess.index] = guess.field
            main[guess.field] = guess.index
            seen.add(guess.field)
            unknown.remove(guess.index)
            table.guesses.append(guess)
            table.problems.append((f"{path.name}, line {header_line}",
                                   f"column {guess.header!r} is read as {guess.field!r}: its cells are {guess.kind} "
                                   f"({guess.share:.0%}); name it in mapping.toml to confirm"))
    table.unknown_headers = [header[i] for i in unknown]
    table.columns = columns
    table.missing = [f for f in required if f not in seen]
    if table.missing:
        return table
    for number, (line, cells) in enumerate(body, start=1):
        if len(cells) > len(columns):
            extra = [c for c in cells[len(columns):] if c.strip()]
            if extra:
                table.problems.append((f"{path.name}, line {line} (data row {number})", f"{len(extra)} cell(s) beyond the header are ignored"))
        table.rows.append(Row(number, line, _row_fields(header, columns, main, cells)))
    return table
