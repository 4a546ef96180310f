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

csv.field_size_limit(16 * 1024 * 1024)

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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CollectionError(f"{path}: cannot read table: {exc.strerror}") from exc
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


def read_table(path: Path, aliases: dict[str, list[str]]) -> Table:
    """Read a table and map its headers to field names through ``aliases``."""
    raw, encoding = _raw_rows(path)
    raw = [(line, cells) for line, cells in raw if any(c.strip() for c in cells)]
    if not raw:
        raise CollectionError(f"{path}: table is empty")
    header_line, header = raw[0]
    lookup = {normalise_header(alias): name for name, names in aliases.items() for alias in [name, *names]}
    columns: list[str | None] = []
    unknown: list[str] = []
    seen: set[str] = set()
    table = Table(path, [], encoding, header)
    for cell in header:
        name = lookup.get(normalise_header(cell))
        if name is None:
            if cell.strip():
                unknown.append(cell)
        elif name in seen:
            table.problems.append((f"{path.name}, line {header_line}", f"duplicate column {cell!r} for {name!r}: the first one is used"))
            name = None
        else:
            seen.add(name)
        columns.append(name)
    table.unknown_headers = unknown
    for number, (line, cells) in enumerate(raw[1:], start=1):
        if len(cells) > len(columns):
            extra = [c for c in cells[len(columns):] if c.strip()]
            if extra:
                table.problems.append((f"{path.name}, line {line} (data row {number})", f"{len(extra)} cell(s) beyond the header are ignored"))
        fields = {name: cell.strip() for name, cell in zip(columns, cells) if name is not None}
        table.rows.append(Row(number, line, fields))
    return table
