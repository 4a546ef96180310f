"""Set every published figure beside what the extracted graph holds, and say where they differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.questions import answer, load_question
from graphkit.stores.files import write_text_atomic


def reconcile(graph_dir: Path, *, suppress_below: int | None = None) -> list[dict[str, Any]]:
    """The ``profile`` rows, each with a ``status`` (``match`` or ``differs``), an explaining note, and
    ``unreviewed``: whether the figure rests on facts no reviewer has signed off (it changes without them).

    With ``suppress_below`` the figures are suppressed as ``query profile
    --suppress-below`` does, and a suppressed row's note does not give them."""
    columns, rows = answer(load_question("profile"), Path(graph_dir))
    reviewed = _reviewed_figures(Path(graph_dir))
    unreviewed = [reviewed is not None and reviewed.get(row["measure"]) != row["observed"] for row in rows]
    same = [row["observed"] == row["published"] for row in rows]
    if suppress_below is not None:
        from graphkit.suppress import suppress_answer

        _, rows = suppress_answer("profile", columns, rows, suppress_below, standard=True)
    for row, match, resting in zip(rows, same, unreviewed):
        row["unreviewed"] = resting
        row["status"] = "match" if match else "differs"
        if not match and row["observed"] is not None and row["published"] is not None:
            gap = f"observed {row['observed']} where the catalogue publishes {row['published']}"
            row["note"] = f"{row['note']}; {gap}" if row.get("note") else gap
    return rows


def _reviewed_figures(graph_dir: Path) -> dict[str, Any] | None:
    """measure -> the figure the reviewed facts alone give (None for a build without a review list)."""
    from graphkit.review import STATE_FILE
    from graphkit.review.reviewed import answer_reviewed

    if not (graph_dir / STATE_FILE).is_file():
        return None
    return {r["measure"]: r["observed"] for r in answer_reviewed(load_question("profile"), graph_dir)[1]}


def render_markdown(rows: list[dict[str, Any]]) -> str:
    matched = sum(r["status"] == "match" for r in rows)
    lines = [
        "# Reconciliation with the published profile",
        "",
        f"{matched} of {len(rows)} figures match. Observed figures are counted from the extracted graph.",
        "",
        "| measure | published | observed | status | note |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for r in rows:
        note = (r.get("note") or "").replace("|", "\\|")
        published, observed = ("" if r[c] is None else r[c] for c in ("published", "observed"))
        lines.append(f"| {r['measure']} | {published} | {observed} | {r['status']} | {note} |")
    resting = [r["measure"] for r in rows if r.get("unreviewed")]
    if resting:
        lines += ["", f"{len(resting)} figure(s) rest on facts no reviewer has signed off (`graphkit review`): "
                  + ", ".join(resting) + "."]
    return "\n".join(lines) + "\n"


def write_report(graph_dir: Path, *, suppress_below: int | None = None) -> Path:
    path = Path(graph_dir) / "reconcile.md"
    write_text_atomic(path, render_markdown(reconcile(graph_dir, suppress_below=suppress_below)))
    return path
