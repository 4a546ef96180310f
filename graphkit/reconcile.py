"""Set every published figure beside what the extracted graph holds, and say where they differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.questions import answer, load_question
from graphkit.stores.files import write_text_atomic


def reconcile(graph_dir: Path) -> list[dict[str, Any]]:
    """The ``profile`` rows, each with a ``status`` (``match`` or ``differs``) and an explaining note."""
    _, rows = answer(load_question("profile"), Path(graph_dir))
    for row in rows:
        row["status"] = "match" if row["observed"] == row["published"] else "differs"
        if row["status"] == "differs":
            gap = f"observed {row['observed']} where the catalogue publishes {row['published']}"
            row["note"] = f"{row['note']}; {gap}" if row.get("note") else gap
    return rows


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
    return "\n".join(lines) + "\n"


def write_report(graph_dir: Path) -> Path:
    path = Path(graph_dir) / "reconcile.md"
    write_text_atomic(path, render_markdown(reconcile(graph_dir)))
    return path
