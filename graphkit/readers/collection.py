"""Find and read a collection's tables and data files (collection-format.md).

Every listed file, every row and every stray file is either read or reported
as a located problem; nothing is dropped silently.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path, PurePosixPath, PureWindowsPath

from graphkit.data import load_toml
from graphkit.errors import CollectionError
from graphkit.model import DataFile, Problem
from graphkit.readers.tables import Table, read_table

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")
TEXT_SUFFIXES = (".txt", ".rtf", ".docx", ".odt")
TABLE_ROLES = {"listing": "metadata", "participants": "participant", "services": "service"}
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
_ID_SPLIT = re.compile(r"[;,/]")


@dataclass
class Collection:
    root: Path
    tables: dict[str, Table] = field(default_factory=dict)
    files: dict[str, DataFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)

    def report(self, where: str, what: str) -> None:
        self.problems.append(Problem(where, what))

    def path_of(self, rel: str) -> Path:
        return self.root / rel

    def read_text(self, rel: str) -> str | None:
        """The text of a data file, or None with a located problem when it cannot be read."""
        from graphkit.readers.documents import read_document_with_encoding

        try:
            text, encoding = read_document_with_encoding(self.path_of(rel))
        except CollectionError as exc:
            # the location is already in `where`: keep the user's own folder names out of the report
            self.report(rel, str(exc).replace(str(self.path_of(rel)), rel).replace(f"{rel}: ", "", 1))
            return None
        self.encodings[rel] = encoding
        if not text.strip():
            self.report(rel, "file is empty")
            return None
        return text


def normalise_date(raw: str | None) -> str | None:
    """ISO date from ``2021-07-14``, ``09/11/2021`` (day first) or ``March 2022`` (month precision)."""
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return raw
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return Date(year, month, day).isoformat()
    match = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", raw)
    if match and match.group(1).lower() in _MONTHS:
        return f"{match.group(2)}-{_MONTHS[match.group(1).lower()]:02d}"
    match = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{4})", raw)
    if match:
        for name, number in _MONTHS.items():
            if name.startswith(match.group(1).lower()):
                return f"{match.group(2)}-{number:02d}"
    return None


def _aliases(root: Path) -> dict[str, dict[str, list[str]]]:
    aliases = {k: {f: list(v) for f, v in fields.items()} for k, fields in load_toml("headers.toml").items() if k in TABLE_ROLES}
    mapping = root / "mapping.toml"
    if mapping.is_file():
        try:
            extra = tomllib.loads(mapping.read_text(encoding="utf-8-sig")).get("headers", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CollectionError(f"{mapping}: cannot read mapping file: {exc}") from exc
        for table, fields in extra.items():
            for name, names in fields.items():
                aliases.setdefault(table, {}).setdefault(name, []).extend([names] if isinstance(names, str) else names)
    return aliases


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _walk(root: Path) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / n for n in sorted(names) if not n.startswith("."))
    return found


def _find_tables(collection: Collection, paths: list[Path], aliases: dict) -> None:
    for role, word in TABLE_ROLES.items():
        matches = [p for p in paths if p.suffix.lower() in TABLE_SUFFIXES and word in p.name.lower()]
        if not matches:
            collection.report(str(collection.root), f"no {role} table (*{word}*.csv/.tsv/.xlsx) found")
            continue
        if len(matches) > 1:
            collection.report(str(matches[1].relative_to(collection.root)), f"more than one {role} table: using {matches[0].name}")
        path = matches[0]
        rel = str(path.relative_to(collection.root))
        try:
            table = read_table(path, aliases[role])
        except CollectionError as exc:
            collection.report(rel, str(exc))
            continue
        collection.tables[role] = table
        collection.encodings[rel] = table.encoding
        if table.encoding == "cp1252":
            collection.report(rel, "table is encoded in Windows-1252, not UTF-8: read as Windows-1252")
        for header in table.unknown_headers:
            collection.report(rel, f"unknown column {header!r} is ignored (add an alias in mapping.toml)")
        for where, what in table.problems:
            collection.report(where, what)


def _unsafe_name(name: str) -> bool:
    return (
        PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).is_absolute()
        or bool(PureWindowsPath(name).drive)
        or ".." in re.split(r"[\\/]", name)
    )


def _resolve_listed(collection: Collection, name: str, by_name: dict[str, list[Path]]) -> Path | None:
    if _unsafe_name(name):
        return None
    candidate = collection.root / name.replace("\\", "/")
    if candidate.exists():
        return candidate
    found = by_name.get(PurePosixPath(name.replace("\\", "/")).name.lower(), [])
    return found[0] if found else None


def _read_listing(collection: Collection, data_paths: list[Path]) -> None:
    table = collection.tables.get("listing")
    if table is None:
        return
    by_name: dict[str, list[Path]] = {}
    for path in data_paths:
        by_name.setdefault(path.name.lower(), []).append(path)
    where = table.path.name
    for row in table.rows:
        loc = f"{where}, line {row.line} (data row {row.number})"
        name = row.fields.get("file", "")
        if not name:
            collection.report(loc, "row has no file name")
            continue
        if _unsafe_name(name):
            collection.report(loc, f"refused file path that leaves the collection: {name!r}")
            continue
        path = _resolve_listed(collection, name, by_name)
        if path is None:
            collection.report(loc, f"listed data file is missing: {name}")
            continue
        if path.is_symlink() or not _inside(collection.root, path):
            collection.report(loc, f"refused file that links outside the collection: {name!r}")
            collection.refused.add(str(path.relative_to(collection.root)) if path.is_relative_to(collection.root) else name)
            continue
        rel = str(path.relative_to(collection.root))
        if rel in collection.files:
            collection.report(loc, f"file listed twice: {name} (first at data row {collection.files[rel].listing_row})")
            continue
        raw_date = row.fields.get("date")
        iso = normalise_date(raw_date)
        if raw_date and iso is None:
            collection.report(loc, f"unreadable date {raw_date!r}")
        ids = tuple(i.strip() for i in _ID_SPLIT.split(row.fields.get("ids", "")) if i.strip())
        collection.files[rel] = DataFile(
            rel, row.fields.get("dataset") or None, row.fields.get("type") or None, iso,
            row.fields.get("country") or None, ids, row.fields.get("descriptor") or None, row.number,
        )


def read_collection(root: Path) -> Collection:
    """Read the tables and the listing of a collection folder (texts are read on demand)."""
    root = Path(root)
    if not root.is_dir():
        raise CollectionError(f"{root}: not a folder")
    collection = Collection(root)
    paths = _walk(root)
    aliases = _aliases(root)
    _find_tables(collection, paths, aliases)
    data_paths = [p for p in paths if p.suffix.lower() in TEXT_SUFFIXES]
    _read_listing(collection, data_paths)
    listed = set(collection.files)
    for path in data_paths:
        rel = str(path.relative_to(root))
        if rel not in listed and rel not in collection.refused:
            collection.report(rel, "data file is not named in the listing: not read")
    return collection
