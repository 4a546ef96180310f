"""``graphkit scan <collection>``: list direct identifiers left in a collection.

Exit codes: 0 nothing found; 1 something found (each printed with file,
line, kind and a masked excerpt); 3 nothing found but a file could not be
scanned, so the collection cannot be called clean.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import click

DOCUMENTS = (".txt", ".docx", ".rtf", ".odt")
TABLES = (".csv", ".tsv", ".xlsx")
#: Normalised headers (lower case, letters and digits only) of the column that
#: holds pseudonyms in the participant and service tables (collection-format.md).
NAME_HEADERS = ("pseudonym", "pseudonymname", "name", "servicename")


def collection_files(root: Path) -> tuple[list[Path], list[str]]:
    """Data and table files under ``root``, and notes about entries skipped.

    A simple walk (the collection loader may replace it): symlinks are not
    followed into directories, and a file whose real path leaves the
    collection is skipped rather than read."""
    from graphkit.readers.paths import leaves

    base = root.resolve()
    found, skipped = [], []
    for folder, dirs, names in os.walk(base, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.suffix.lower() not in DOCUMENTS + TABLES:
                continue
            if leaves(base, path):  # the build's own path policy; a symlink loop leaves too
                skipped.append(f"{path.relative_to(base)}: points outside the collection; not read")
                continue
            found.append(path)
    return found, skipped


def _normalise(header: str) -> str:
    return "".join(c for c in header.lower() if c.isalnum())


def read_rows(path: Path) -> list[list[str]]:
    """A CSV / TSV / XLSX table as rows of strings (header first)."""
    if path.suffix.lower() == ".xlsx":
        from graphkit.readers.xlsx import read_xlsx

        return read_xlsx(path)
    from graphkit.errors import CollectionError
    from graphkit.readers.documents import decode_text, read_bytes_capped

    text, _ = decode_text(read_bytes_capped(path), label=str(path))
    first = text.split("\n", 1)[0]
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise CollectionError(f"{path}: unreadable table ({exc})") from exc


def _registry(tables: dict[Path, list[list[str]]]) -> dict[Path, list[list[str]]]:
    return {p: rows for p, rows in tables.items() if rows and ("participant" in p.name.lower() or "service" in p.name.lower())}


def known_names(tables: dict[Path, list[list[str]]]) -> set[str]:
    """Pseudonyms and service names from the participant and service tables."""
    names: set[str] = set()
    for rows in _registry(tables).values():
        columns = [i for i, h in enumerate(rows[0]) if _normalise(h) in NAME_HEADERS]
        for row in rows[1:]:
            names.update(row[i].strip() for i in columns if i < len(row) and row[i].strip())
    return names


def registry_names(tables: dict[Path, list[list[str]]], known: set[str]) -> set[str]:
    """Names the registry tables mention beyond their pseudonym column (a child's
    or an ex-partner's pseudonym inside a parent's descriptor): the archive's
    pseudonyms, so accepted everywhere, the tables included. Every name-shaped
    word of those tables counts, wherever it stands in its sentence."""
    from graphkit.scan import rules

    r = rules()
    skip = r.stopwords | {w.lower() for name in known for w in name.split()}
    names: set[str] = set()
    for rows in _registry(tables).values():
        for row in rows[1:]:
            for cell in row:
                names.update(w for w in r.token.findall(cell) if w.lower() not in skip)
    return names


@click.command("scan")
@click.argument("collection", type=click.Path(path_type=Path))
@click.option("--known-name", "extra", multiple=True, help="A name that is not an identifier (repeatable).")
def scan(collection: Path, extra: tuple[str, ...]) -> None:
    """Report direct identifiers (names, postcodes, phone numbers, e-mails,
    dates of birth, NHS and CHI numbers) in every file of COLLECTION.

    Excerpts are masked. Checksum-only numbers and names are marked "review":
    a person decides. Pseudonyms the participant and service tables give
    (their descriptors' included) and the words of graphkit's vocabulary (kin
    words, table headings) are never findings. Sure findings come first, then
    those for review, the most repeated name first. Exit 1 if anything is
    found, 3 if a file could not be scanned, 0 otherwise."""
    from graphkit.errors import CollectionError
    from graphkit.readers.documents import read_document
    from graphkit.scan import rank, scan_rows, scan_text

    if not collection.is_dir():
        raise CollectionError(f"{collection}: {'not a folder' if collection.exists() else 'no such folder'}")
    base = collection.resolve()
    paths, problems = collection_files(collection)
    tables: dict[Path, list[list[str]]] = {}
    texts: dict[Path, str] = {}
    for path in paths:
        try:
            if path.suffix.lower() in TABLES:
                tables[path] = read_rows(path)
            else:
                texts[path] = read_document(path)
        except (CollectionError, OSError) as exc:
            problems.append(f"{path.relative_to(base)}: cannot scan: {exc}")
    names = known_names(tables) | set(extra)
    given = registry_names(tables, names) - names
    in_registry = names | given
    findings = []
    for path in paths:
        rel = path.relative_to(base).as_posix()
        if path in tables:
            findings += scan_rows(tables[path], file=rel, known_names=in_registry)
        elif path in texts:
            findings += scan_text(texts[path], file=rel, known_names=in_registry)
    for f in rank(findings):
        if f.file.endswith(TABLES):
            where = f"{f.file}: row {f.line}, {f.field or f'column {f.column}'}"
        else:
            where = f"{f.file}:{f.line}:{f.column}"
        click.echo(f"{where}: {f.kind} ({f.confidence}): {f.masked_excerpt}")
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    review = sum(f.confidence == "review" for f in findings)
    distinct = len({f.token for f in findings if f.confidence == "review"})
    if given:
        click.echo(f"{len(given)} name(s) the participant and service tables give taken as pseudonyms", err=True)
    click.echo(f"{len(findings)} finding(s) in {len(paths)} file(s), {review} for review ({distinct} distinct)", err=True)
    # sys.exit, not ctx.exit: graphkit.cli.main runs click with standalone_mode=False,
    # which returns ctx.exit's code instead of exiting with it.
    sys.exit(1 if findings else 3 if problems else 0)
