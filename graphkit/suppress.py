"""Small-cell suppression of query answers (``graphkit query --suppress-below N``).

Small counts identify people: a statistical output commonly publishes a count
under 10 (some agencies 5) as "suppressed". Here:

Primary suppression
    A cell of a count column (``n_children``, ``evidence_count``, ``observed``:
    ``count_columns`` in ``graphkit/data/suppression.toml``) holding a value
    above 0 and below ``below`` becomes ``None`` (null in JSON, empty in CSV),
    and the row's ``note`` says so. A 0 stays: it discloses nobody, and hiding
    only the zeros would mark the non-zero cells.

Secondary suppression (``profile``)
    A suppressed cell must not come back by subtraction. The complementary
    groups of measures (``[[group]]``: a total and its parts, e.g. ``mothers``
    = ``mothers-scotland`` + ``mothers-england``) are data in the same file.
    When exactly one cell of a group is suppressed, a second is: the smallest
    part still shown, else the total. This runs until nothing changes, as a
    cell may be in several groups. A group is used when any of its parts is in
    the answer, present total or not, since the published figure of a total is
    public anyway.

Not covered: a per-row count (``n_children`` of each parent) whose column sum
another answer publishes (the profile's ``children``). Suppress both answers
at the same threshold, or publish only one of them.

``published`` is never suppressed: it is the catalogue's own figure.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from graphkit.data import load_toml

NOTE = "note"


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    data = load_toml("suppression.toml")
    groups = tuple((g["total"], tuple(g["parts"])) for g in data.get("group", []))
    return tuple(data["count_columns"]), groups


def count_columns() -> tuple[str, ...]:
    return _rules()[0]


def groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return _rules()[1]


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _add_note(row: dict[str, Any], text: str) -> None:
    row[NOTE] = f"{row[NOTE]}; {text}" if row.get(NOTE) else text


def suppress(columns: list[str], rows: list[dict[str, Any]], below: int) -> tuple[list[str], list[dict[str, Any]]]:
    """``(columns, rows)`` with small counts suppressed; the input is not changed.

    ``below`` is the threshold N: counts 1..N-1 are suppressed (``below <= 1``
    suppresses nothing). A ``note`` column is added when the answer has none
    and a cell was suppressed."""
    if below < 0:
        raise ValueError("the suppression threshold cannot be negative")
    rows = [dict(row) for row in rows]
    targets = [c for c in columns if c in count_columns()]
    suppressed = False
    for row in rows:
        for column in targets:
            value = _count(row.get(column))
            if value is not None and 0 < value < below:
                row[column] = None
                _add_note(row, f"{column} suppressed (fewer than {below})")
                suppressed = True
    if "measure" in columns and "observed" in columns:
        suppressed = _secondary(rows, "observed") or suppressed
    if suppressed and NOTE not in columns:
        columns = [*columns, NOTE]
    return list(columns), rows


def _secondary(rows: list[dict[str, Any]], column: str) -> bool:
    """Suppress a second cell of every group that has exactly one suppressed; True if any."""
    by_measure = {str(row.get("measure")): row for row in rows}
    hidden = {m for m, row in by_measure.items() if row.get(column) is None and _was_count(row, column)}
    changed = True
    while changed:
        changed = False
        for total, parts in groups():
            members = [m for m in (total, *parts) if m in by_measure]
            if not any(p in by_measure for p in parts):
                continue
            if len([m for m in members if m in hidden]) != 1:
                continue
            shown = [p for p in parts if p in by_measure and p not in hidden and _count(by_measure[p].get(column)) is not None]
            if not shown and total in by_measure and total not in hidden:
                shown = [total]
            if not shown:
                continue
            pick = min(shown, key=lambda m: (_count(by_measure[m].get(column)), m))
            cell = next(m for m in members if m in hidden)
            by_measure[pick][column] = None
            _add_note(by_measure[pick], f"{column} suppressed (secondary: would reveal {cell} from {total})")
            hidden.add(pick)
            changed = True
    return bool(hidden)


def _was_count(row: dict[str, Any], column: str) -> bool:
    return f"{column} suppressed" in str(row.get(NOTE) or "")
