"""Write a graph for Neo4j: CSVs for ``neo4j-admin database import`` and the rows file.

``<out>/neo4j/`` after :func:`write_neo4j_folder`::

    rows.json                       what ``graphkit neo4j load`` reads (lossless, typed)
    nodes-Person.csv                id:ID(Person),:LABEL,name,role,...
    rels-PARENT_OF-Person-Person.csv  :START_ID(Person),:END_ID(Person),:TYPE,id,current:boolean,...
    IMPORT.txt                      the neo4j-admin command line for these files

Each key label is its own ID space, so ``P01`` the person and ``P01`` a file
could never collide. Columns are typed (``:boolean``, ``:long``,
``:double``, ``:string[]``) when every value in the column has that type.
Arrays use neo4j-admin's default ``;`` delimiter (only evidence ids, which
are hex, are arrays today).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, tab, CR or NUL gets a
leading ``'`` so a spreadsheet shows it as text instead of running it as a
formula; the prefix is then part of the value neo4j-admin imports (the
loader, which reads ``rows.json``, is unaffected). Every file is written
atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from itertools import groupby
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from graphkit.errors import GraphkitError
from graphkit.formats import neutralise
from graphkit.model import Graph
from graphkit.projections.neo4j_rows import EXTRA_LABELS, NODE_LABELS, REL_TYPES, PropertyGraphRows, rows_with_texts
from graphkit.stores.files import dumps_records, replace_dir_atomic
from graphkit.stores.memo import Memo, digest

__all__ = ["neutralise", "write_import_csv", "write_neo4j_folder", "read_rows", "ROWS_FILE"]

ROWS_FILE = "rows.json"
ARRAY_DELIMITER = ";"


def _checked(name: str, allowed: Sequence[str]) -> str:
    # Names become file names and header cells: only the allow-listed ones.
    if name not in allowed:
        raise ValueError(f"refusing label or relationship type {name!r}")
    return name


def _column_type(values: Iterable[Any]) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return ""
    if all(isinstance(v, bool) for v in present):
        return ":boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return ":long"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return ":double"
    if all(isinstance(v, list) for v in present):
        return ":string[]"
    return ""


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == ":boolean":
        return "true" if value else "false"
    if kind in (":long", ":double"):
        return str(value)
    if kind == ":string[]" or isinstance(value, list):
        return neutralise(ARRAY_DELIMITER.join(str(v) for v in value))
    return neutralise(str(value))


def _csv_text(header: list[str], body: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue()


def _props_table(props: list[dict[str, Any]], skip: set[str]) -> tuple[list[str], list[str]]:
    """(property names, their header types) for a group of rows, in a stable order."""
    names = sorted({k for p in props for k in p} - skip)
    return names, [_column_type(p.get(n) for p in props) for n in names]


def write_import_csv(rows: PropertyGraphRows, folder: Path, memo: Memo | None = None,
                     texts: tuple[list[str], list[str]] | None = None) -> dict[str, Path]:
    """One CSV per node label set and per (type, start label, end label); returns name -> path. With ``memo``
    and the rows' JSON ``texts`` (nodes, relationships, in order; see :func:`rows_with_texts`), a CSV whose
    rows are all as in the build that kept it comes from ``memo``: its text is a function of those rows."""
    folder = Path(folder)
    written: dict[str, Path] = {}
    node_args, rel_args = [], []
    node_texts, rel_texts = texts or ([""] * len(rows.nodes), [""] * len(rows.relationships))

    def csv_file(name: str, group: list[tuple[Any, str]], render: Callable[[list[Any]], str]) -> None:
        path = folder / name
        if memo is None or texts is None:
            text = render([r for r, _ in group])
        else:
            key = digest("\0".join(["csv", name, *(t for _, t in group)]).encode("utf-8"))
            text = memo.get(key)
            if text is None:
                text = render([r for r, _ in group])
                memo.put(key, text)
        _write(path, text)
        written[path.name] = path

    def node_csv(label: str) -> Callable[[list[Any]], str]:
        def render(items: list[Any]) -> str:
            names, kinds = _props_table([r["props"] for r in items], {"id"})
            header = [f"id:ID({_checked(label, NODE_LABELS)})", ":LABEL", *(n + k for n, k in zip(names, kinds))]
            body = [
                [neutralise(r["id"]), ";".join([label, *(_checked(x, EXTRA_LABELS) for x in r.get("labels", ()))]),
                 *(_cell(r["props"].get(n), k) for n, k in zip(names, kinds))]
                for r in items
            ]
            return _csv_text(header, body)
        return render

    def rel_csv(type_: str, start: str, end: str) -> Callable[[list[Any]], str]:
        def render(items: list[Any]) -> str:
            names, kinds = _props_table([r["props"] for r in items], set())
            header = [f":START_ID({_checked(start, NODE_LABELS)})", f":END_ID({_checked(end, NODE_LABELS)})", ":TYPE",
                      *(n + k for n, k in zip(names, kinds))]
            body = [
                [neutralise(r["start"]), neutralise(r["end"]), _checked(type_, REL_TYPES),
                 *(_cell(r["props"].get(n), k) for n, k in zip(names, kinds))]
                for r in items
            ]
            return _csv_text(header, body)
        return render

    by_label = sorted(zip(rows.nodes, node_texts), key=lambda p: (p[0]["label"], tuple(p[0].get("labels", ())), p[0]["id"]))
    for label, group in groupby(by_label, key=lambda p: p[0]["label"]):
        name = f"nodes-{_checked(label, NODE_LABELS)}.csv"
        csv_file(name, list(group), node_csv(label))
        node_args.append(f"--nodes={name}")
    key = lambda r: (r["type"], r["start_label"], r["end_label"])  # noqa: E731
    by_type = sorted(zip(rows.relationships, rel_texts), key=lambda p: (*key(p[0]), p[0]["start"], p[0]["end"], p[0].get("id", "")))
    for (type_, start, end), group in groupby(by_type, key=lambda p: key(p[0])):
        name = f"rels-{_checked(type_, REL_TYPES)}-{_checked(start, NODE_LABELS)}-{_checked(end, NODE_LABELS)}.csv"
        csv_file(name, list(group), rel_csv(type_, start, end))
        rel_args.append(f"--relationships={name}")
    command = " \\\n  ".join([
        "neo4j-admin database import full", *node_args, *rel_args,
        f"--array-delimiter='{ARRAY_DELIMITER}'", "--multiline-fields=true", "--overwrite-destination=false", "neo4j",
    ])
    readme = (
        "# Run from this folder with the Neo4j server stopped; the database must not exist yet\n"
        "# (or is replaced only if you change --overwrite-destination).\n"
        "# Text cells starting with = + - @ tab or CR carry a leading ' (spreadsheet safety).\n"
        f"{command}\n"
    )
    _write(folder / "IMPORT.txt", readme)
    written["IMPORT.txt"] = folder / "IMPORT.txt"
    return written


def _write(path: Path, text: str) -> None:
    # Files go into a fresh folder that is swapped in whole, so each needs no rename of its own.
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def write_neo4j_folder(graph: Graph, out: Path, memo: Memo | None = None) -> dict[str, Path]:
    """``<out>/neo4j/``: ``rows.json`` for the loader plus the neo4j-admin import CSVs, swapped in as one folder
    (the rows of each entity and relation, and each CSV, from ``memo`` where they are as before: see
    :func:`rows_from_graph` and :func:`write_import_csv`)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".neo4j-", dir=out))
    try:
        rows, node_texts, rel_texts = rows_with_texts(graph, memo)
        written = write_import_csv(rows, fresh, memo, (node_texts, rel_texts))
        records = {"nodes": node_texts, "relationships": rel_texts}  # as rows.to_json() would be written
        _write(fresh / ROWS_FILE, dumps_records(records, sort_keys=True, encoded=tuple(records)))
        written[ROWS_FILE] = fresh / ROWS_FILE
        os.sync()
        replace_dir_atomic(fresh, out / "neo4j")
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return {name: out / "neo4j" / path.name for name, path in written.items()}


def read_rows(out: Path) -> PropertyGraphRows:
    """The rows ``write_neo4j_folder`` wrote into ``<out>/neo4j/`` (or a rows.json path)."""
    path = Path(out)
    if path.is_dir():
        path = path / "neo4j" / ROWS_FILE if (path / "neo4j" / ROWS_FILE).is_file() else path / ROWS_FILE
    if not path.is_file():
        raise GraphkitError(f"{out}: no neo4j/{ROWS_FILE} here; build the graph with `graphkit build` first")
    return PropertyGraphRows.from_json(json.loads(path.read_text(encoding="utf-8")))
