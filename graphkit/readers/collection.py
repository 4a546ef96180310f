"""Find and read a collection's tables and data files (collection-format.md).

Every listed file, every row and every stray file is either read or reported
as a located problem; nothing is dropped silently.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath

from graphkit.data import load_toml
from graphkit.errors import CollectionError
from graphkit.model import DataFile, Problem
from graphkit.readers.columns import CellContext, split_ids
from graphkit.readers.dates import normalise_date
from graphkit.readers.mapping import MAPPING, mapping_text
from graphkit.readers.paths import check_inside, leaves
from graphkit.readers.tables import Table, read_table

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")
TEXT_SUFFIXES = (".txt", ".rtf", ".docx", ".odt")
TABLE_ROLES = {"listing": "metadata", "participants": "participant", "services": "service"}


@dataclass
class Collection:
    root: Path
    tables: dict[str, Table] = field(default_factory=dict)
    files: dict[str, DataFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    unusable: set[str] = field(default_factory=set)  # tables missing or not read (unreadable, a required column missing)

    def report(self, where: str, what: str) -> None:
        """A problem, its paths relative to the collection: problems.json names no folder of the user's machine."""
        self.problems.append(Problem(self._relative(where), self._relative(what)))

    def _relative(self, text: str) -> str:
        roots = {str(self.root), os.path.abspath(self.root), os.path.realpath(self.root)}
        for root in sorted(roots, key=len, reverse=True):  # longest first: "/home/u/coll" before "coll"
            if root not in (".", ""):
                text = re.sub(re.escape(root) + r"(?![\w.-])", ".", text.replace(root + os.sep, ""))
        return text

    def path_of(self, rel: str) -> Path:
        return self.root / rel

    def refuse(self, rel: str, exc: CollectionError) -> None:
        """Report why a file was not read; the location is already in `where`, so the user's own folder names
        are kept out of the message."""
        self.report(rel, str(exc).replace(str(self.path_of(rel)), rel).replace(f"{rel}: ", "", 1))

    def read_text(self, rel: str) -> str | None:
        """The text of a data file, or None with a located problem when it cannot be read."""
        from graphkit.readers.documents import read_document_with_encoding

        try:
            check_inside(self.root, self.path_of(rel), rel)
            text, encoding = read_document_with_encoding(self.path_of(rel))
        except CollectionError as exc:
            self.refuse(rel, exc)
            return None
        self.encodings[rel] = encoding
        if not text.strip():
            self.report(rel, "file is empty")
            return None
        return text


@dataclass(frozen=True)
class _Headers:
    """Header aliases per table: the built-in ones, the collection's mapping.toml (which wins), the required fields."""

    aliases: dict[str, dict[str, list[str]]]
    overrides: dict[str, dict[str, list[str]]]
    required: dict[str, tuple[str, ...]]
    joined: dict[str, tuple[str, ...]]


def _headers(collection: Collection) -> _Headers:
    data = load_toml("headers.toml")
    aliases = {k: {f: list(v) for f, v in fields.items()} for k, fields in data.items() if k in TABLE_ROLES}
    overrides: dict[str, dict[str, list[str]]] = {}
    mapping = collection.root / MAPPING
    try:
        text = mapping_text(collection.root)
    except UnicodeDecodeError as exc:
        raise CollectionError(f"{mapping}: cannot read mapping file: {exc}") from exc
    except CollectionError as exc:  # refused by the file policy: the build goes on without it
        collection.refuse(MAPPING, exc)
        text = None
    if text is not None:
        try:
            extra = tomllib.loads(text).get("headers", {})
        except tomllib.TOMLDecodeError as exc:
            raise CollectionError(f"{mapping}: cannot read mapping file: {exc}") from exc
        for table, fields in extra.items():
            for name, names in fields.items():
                overrides.setdefault(table, {}).setdefault(name, []).extend([names] if isinstance(names, str) else names)
    return _Headers(aliases, overrides, {k: tuple(v) for k, v in data["required"].items()},
                    {k: tuple(v) for k, v in data["joined"].items()})


def _walk(root: Path) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / n for n in sorted(names) if not n.startswith("."))
    return found


def _known_ids(collection: Collection) -> frozenset[str]:
    return frozenset(r.fields["id"] for t in collection.tables.values() for r in t.rows if r.fields.get("id"))


def _find_tables(collection: Collection, paths: list[Path], headers: _Headers) -> None:
    # The people and services first: their ID codes help to recognise the listing's column of ID codes.
    files = frozenset(p.name.lower() for p in paths if p.suffix.lower() in TEXT_SUFFIXES)
    for role in ("participants", "services", "listing"):
        word = TABLE_ROLES[role]
        matches = [p for p in paths if p.suffix.lower() in TABLE_SUFFIXES and word in p.name.lower()]
        if not matches:
            collection.report(".", f"no {role} table (*{word}*.csv/.tsv/.xlsx) found")
            collection.unusable.add(role)
            continue
        if len(matches) > 1:
            collection.report(str(matches[1].relative_to(collection.root)), f"more than one {role} table: using {matches[0].name}")
        path = matches[0]
        rel = str(path.relative_to(collection.root))
        try:
            check_inside(collection.root, path, rel)
            table = read_table(path, headers.aliases[role], overrides=headers.overrides.get(role), name=role,
                               required=headers.required.get(role, ()), joined=headers.joined.get(role, ()),
                               context=CellContext(_known_ids(collection), files))
        except CollectionError as exc:
            collection.refuse(rel, exc)
            collection.unusable.add(role)
            continue
        collection.encodings[rel] = table.encoding
        if table.encoding == "cp1252":
            collection.report(rel, "table is encoded in Windows-1252, not UTF-8: read as Windows-1252")
        for where, what in table.problems:
            collection.report(where, what)
        if table.missing:
            wanted = " and ".join(repr(f) for f in table.missing)
            collection.report(f"{rel}, line {table.header_line}",
                              f"no column holds the {role} table's {wanted} (headers: {', '.join(repr(h) for h in table.header)}): "
                              f"the table is not read; name the column in mapping.toml under [headers.{role}]")
            collection.unusable.add(role)
            continue
        collection.tables[role] = table
        for header in table.unknown_headers:
            collection.report(rel, f"unknown column {header!r} is ignored (add an alias in mapping.toml)")


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


def _ids_in_name(name: str, known: frozenset[str]) -> tuple[str, ...]:
    """Known ID codes written in a file's name as whole tokens ("SP01_SF01_Interview.txt"), in the order written."""
    found = [(m.start(), code) for code in known for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])", name)]
    return tuple(dict.fromkeys(code for _, code in sorted(found)))


def _read_listing(collection: Collection, data_paths: list[Path]) -> None:
    table = collection.tables.get("listing")
    if table is None:
        return
    by_name: dict[str, list[Path]] = {}
    for path in data_paths:
        by_name.setdefault(path.name.lower(), []).append(path)
    where = table.path.name
    known = _known_ids(collection)
    from_names = "ids" not in table.columns and bool(known)
    if from_names:
        collection.report(f"{where}, line {table.header_line}", "no column of ID codes: each file's ID codes are read from its name")
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
        if leaves(collection.root, path):
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
        ids = _ids_in_name(name, known) if from_names else split_ids(row.fields.get("ids", ""), known)
        collection.files[rel] = DataFile(
            rel, row.fields.get("dataset") or None, row.fields.get("type") or None, iso,
            row.fields.get("country") or None, ids, row.fields.get("descriptor") or None, row.number,
        )


def read_collection(root: Path) -> Collection:
    """Read the tables and the listing of a collection folder (texts are read on demand)."""
    root = Path(root)
    if not root.is_dir():
        raise CollectionError(f"{root}: {'not a folder' if root.exists() else 'no such folder'}")
    collection = Collection(root)
    paths = _walk(root)
    _find_tables(collection, paths, _headers(collection))
    if not collection.tables and not any(p.suffix.lower() in TABLE_SUFFIXES + TEXT_SUFFIXES for p in paths):
        raise CollectionError(f"{root}: no tables and no data files found; is it the collection folder? "
                              f"(expected *{TABLE_ROLES['listing']}*, *{TABLE_ROLES['participants']}* and "
                              f"*{TABLE_ROLES['services']}* tables: .csv, .tsv or .xlsx)")
    data_paths = [p for p in paths if p.suffix.lower() in TEXT_SUFFIXES]
    _read_listing(collection, data_paths)
    if "listing" in collection.unusable:
        if data_paths:  # one problem, not one per file: the listing's own problem says why
            collection.report(".", f"{len(data_paths)} data file(s) are not read: the listing could not be read")
        return collection
    listed = set(collection.files)
    for path in data_paths:
        rel = str(path.relative_to(root))
        if rel not in listed and rel not in collection.refused:
            collection.report(rel, "data file is not named in the listing: not read")
    return collection
