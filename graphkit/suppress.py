"""Small-cell suppression of query answers (``graphkit query --suppress-below N``).

Small counts identify people: a statistical output commonly publishes a count
under 10 (some agencies 5) as "suppressed". The rules below are data in
``graphkit/data/suppression.toml``; README "Sensitive data" says what they
guarantee.

Primary suppression
    A cell of a count column holding a value above 0 and below ``below``
    becomes ``None`` (null in JSON, empty in CSV), and the row's ``note`` says
    so. Count columns: ``count_columns`` of the data file (``n_children``,
    ``evidence_count``, ``observed``, ``published``) and, for any query, the
    ones its caller names (``--count-columns``); a custom query must name them.
    A 0 stays: it discloses nobody, and hiding only the zeros would mark the
    non-zero cells.

Secondary suppression
    A suppressed cell must not come back by subtraction. In ``profile`` the
    complementary groups of measures (``[[group]]``: a total and its parts)
    are used: when exactly one cell of a group is suppressed, a second is (the
    smallest part still shown, else the total), until nothing changes. A row's
    ``published`` goes with its ``observed`` (on a full collection they are
    equal), and a catalogue note that gives figures is withheld. In a
    row-level answer a count column's total is published elsewhere (the
    profile's ``children`` is about the sum of ``n_children``), so when
    exactly one cell of the column is suppressed, the smallest other non-zero
    one is as well.

Row-level answers that rebuild a count
    Counting the rows of ``children-care`` per parent gives each parent's
    ``n_children``; counting ``parents`` by role and country gives the
    profile's ``mothers-england``. ``[[rebuild]]`` lists these groupings;
    under the flag an answer is refused (:class:`~graphkit.errors.QueryError`)
    when any of its groups counts between 1 and ``below - 1``. The refusal
    says which grouping, never which group or how many.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple, Sequence

from graphkit.data import load_toml
from graphkit.errors import QueryError

NOTE = "note"
#: The profile's two figures of one measure: hidden together.
_PAIRED = ("observed", "published")
_FIGURE = re.compile(r"\d")


class Rebuild(NamedTuple):
    """Counting ``question``'s rows (distinct ``distinct`` values) per ``by`` gives ``gives``."""

    question: str
    by: tuple[str, ...]
    distinct: str | None
    gives: str


class _Rules(NamedTuple):
    count_columns: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    rebuilds: tuple[Rebuild, ...]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_toml("suppression.toml")
    groups = tuple((g["total"], tuple(g["parts"])) for g in data.get("group", []))
    rebuilds = tuple(
        Rebuild(r["question"], tuple(r["by"]), r.get("distinct"), r["gives"]) for r in data.get("rebuild", [])
    )
    return _Rules(tuple(data["count_columns"]), groups, rebuilds)


def count_columns() -> tuple[str, ...]:
    return _rules().count_columns


def groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return _rules().groups


def rebuilds(question: str) -> tuple[Rebuild, ...]:
    return tuple(r for r in _rules().rebuilds if r.question == question)


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


def suppress_answer(
    question: str,
    columns: list[str],
    rows: list[dict[str, Any]],
    below: int,
    *,
    standard: bool,
    named_counts: Sequence[str] | None = None,
) -> tuple[list[str], list[dict[str, Any]]]:
    """An answer as ``graphkit query --suppress-below`` publishes it, or a :class:`QueryError`.

    ``named_counts`` are the caller's count columns (``--count-columns``): added
    to the data file's for a standard question, required for a custom query
    (``standard=False``; an empty list says it has none)."""
    if not standard and named_counts is None:
        raise QueryError(
            f"{question}: a custom query under --suppress-below must name its count columns "
            "(--count-columns a,b; --count-columns '' if it has none)"
        )
    unknown = [c for c in named_counts or () if c not in columns]
    if unknown:
        raise QueryError(f"{question}: --count-columns names {', '.join(unknown)}, not among its columns: {', '.join(columns)}")
    if standard:
        refuse_rebuilds(question, rows, below)
    return suppress(columns, rows, below, extra_counts=named_counts or ())


def refuse_rebuilds(question: str, rows: list[dict[str, Any]], below: int) -> None:
    """Raise :class:`QueryError` when counting ``rows`` as a ``[[rebuild]]`` rule says gives 1..below-1."""
    for rule in rebuilds(question):
        seen: dict[tuple[Any, ...], set[Any]] = {}
        for number, row in enumerate(rows):
            values = seen.setdefault(tuple(row.get(c) for c in rule.by), set())
            values.add(row.get(rule.distinct) if rule.distinct else number)
        if any(0 < len(values) < below for values in seen.values()):
            per = f" per {' and '.join(rule.by)}" if rule.by else ""
            raise QueryError(
                f"{question}: refused under --suppress-below {below}: counting its rows{per} gives {rule.gives}, "
                f"and some of those counts are below {below}; ask for the suppressed counts instead, or drop the flag"
            )


def suppress(
    columns: list[str], rows: list[dict[str, Any]], below: int, *, extra_counts: Sequence[str] = ()
) -> tuple[list[str], list[dict[str, Any]]]:
    """``(columns, rows)`` with small counts suppressed; the input is not changed.

    ``below`` is the threshold N: counts 1..N-1 are suppressed (``below <= 1``
    suppresses nothing). A ``note`` column is added when the answer has none
    and a cell was suppressed."""
    if below < 0:
        raise ValueError("the suppression threshold cannot be negative")
    rows = [dict(row) for row in rows]
    targets = [c for c in columns if c in count_columns() or c in extra_counts]
    # The profile's own notes are set aside: ours mark what was suppressed, and a
    # catalogue note giving figures ("14 Scotland + 12 England") must not undo it.
    catalogue = [row.pop(NOTE, None) if "measure" in columns else None for row in rows]
    suppressed = False
    for row in rows:
        for column in targets:
            value = _count(row.get(column))
            if value is not None and 0 < value < below:
                row[column] = None
                _add_note(row, f"{column} suppressed (fewer than {below})")
                suppressed = True
    if "measure" in columns:
        suppressed = _profile(rows, targets) or suppressed
        for row, note in zip(rows, catalogue):
            if note and suppressed and _FIGURE.search(str(note)):
                note = "catalogue note withheld (it gives figures)"
            ours, row[NOTE] = row.get(NOTE), note
            if ours:
                _add_note(row, ours)
    else:
        for column in targets:
            suppressed = _complement(rows, column) or suppressed
    if suppressed and NOTE not in columns:
        columns = [*columns, NOTE]
    return list(columns), rows


def _complement(rows: list[dict[str, Any]], column: str) -> bool:
    """When one cell of ``column`` is suppressed, suppress the smallest other non-zero one; True if any is."""
    hidden = [row for row in rows if _hidden(row, column)]
    if len(hidden) != 1:
        return bool(hidden)
    shown = [row for row in rows if (_count(row.get(column)) or 0) > 0]
    if shown:
        pick = min(shown, key=lambda row: _count(row.get(column)) or 0)
        pick[column] = None
        _add_note(pick, f"{column} suppressed (secondary: the column's total is published)")
    return True


def _profile(rows: list[dict[str, Any]], columns: list[str]) -> bool:
    """Secondary suppression of a by-measure answer's figures, a row's ``observed``
    and ``published`` hidden together; True if any is hidden."""
    paired = [(a, b) for a in _PAIRED for b in _PAIRED if a != b and a in columns and b in columns]
    changed = True
    while changed:
        changed = False
        for column in columns:
            changed = _secondary(rows, column) or changed
        for row in rows:
            for column, other in paired:
                if _hidden(row, column) and row.get(other) is not None:
                    row[other] = None
                    _add_note(row, f"{other} suppressed (with {column})")
                    changed = True
    return any(_hidden(row, column) for row in rows for column in columns)


def _secondary(rows: list[dict[str, Any]], column: str) -> bool:
    """Suppress a second cell of every group that has exactly one suppressed; True if any changed."""
    by_measure = {str(row.get("measure")): row for row in rows}
    hidden = {m for m, row in by_measure.items() if _hidden(row, column)}
    changed_any, changed = False, True
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
            changed = changed_any = True
    return changed_any


def _was_count(row: dict[str, Any], column: str) -> bool:
    return f"{column} suppressed" in str(row.get(NOTE) or "")


def _hidden(row: dict[str, Any], column: str) -> bool:
    return row.get(column) is None and _was_count(row, column)
