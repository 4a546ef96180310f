"""``graphkit reconcile``."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("graph_dir", type=click.Path(path_type=Path))
@click.option("--suppress-below", "suppress_below", type=click.IntRange(min=1), default=None, metavar="N",
              help="Suppress figures 1..N-1 as `query profile --suppress-below N` does.")
def reconcile(graph_dir: Path, suppress_below: int | None) -> None:
    """Every published profile figure beside what the graph in GRAPH_DIR holds; writes GRAPH_DIR/reconcile.md.

    Exits 0 when every figure matches and 1 when any differs.
    """
    from graphkit.reconcile import reconcile as run, render_markdown, write_report
    from graphkit.stores.files import require_build

    require_build(graph_dir)

    rows = run(graph_dir, suppress_below=suppress_below)
    click.echo(render_markdown(rows), nl=False)
    click.echo(f"report: {write_report(graph_dir, suppress_below=suppress_below)}", err=True)
    sys.exit(0 if all(r["status"] == "match" for r in rows) else 1)
