"""Set every published figure beside what the extracted graph holds, and say where they differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.questions import answer, load_question
from graphkit.stores.files import write_text_atomic


def reconcile(graph_dir: Path) -> list[dict[str, Any]]:
    """The ``profile`` rows, each with a ``status`` (``match`` or ``differs``), an explaining note, and
    ``unreviewed``: whether the figure rests on facts no reviewer has signed off (it changes without them)."""
    _, rows = answer(load_question("profile"), Path(graph_dir))
    reviewed = _reviewed_figures(Path(graph_dir))
    for row in rows:
        row["unreviewed"] = reviewed is not None and reviewed.get(row["measure"]) != row["observed"]
        row["status"] = "match" if row["observed"] == row["published"] else "differs"
        if row["status"] == "differs":
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
        lines.append(f"| {r['measure']} | {r['published']} | {r['observed']} | {r['status']} | {note} |")
    resting = [r["measure"] for r in rows if r.get("unreviewed")]
    if resting:
        lines += ["", f"{len(resting)} figure(s) rest on facts no reviewer has signed off (`graphkit review`): "
                  + ", ".join(resting) + "."]
    return "\n".join(lines) + "\n"


def write_report(graph_dir: Path) -> Path:
    path = Path(graph_dir) / "reconcile.md"
    write_text_atomic(path, render_markdown(reconcile(graph_dir)))
    return path
