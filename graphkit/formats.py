"""Render query answers as JSON, CSV or a text table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(value: Any) -> Any:
    """A spreadsheet runs a cell starting with = + - @ tab CR or NUL: prefix it with '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_json(columns: list[str], rows: list[dict[str, Any]]) -> str:
    return json.dumps([{c: row.get(c) for c in columns} for row in rows], indent=2, ensure_ascii=False) + "\n"


def to_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else neutralise(_text(row.get(c))) for c in columns])
    return buffer.getvalue()


def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def to_table(columns: list[str], rows: list[dict[str, Any]]) -> str:
    cells = [[_text(r.get(c)) if r.get(c) is not None else "" for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


RENDERERS = {"json": to_json, "csv": to_csv, "table": to_table}
