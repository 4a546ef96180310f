"""``graphkit reconcile``."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("graph_dir", type=click.Path(path_type=Path))
def reconcile(graph_dir: Path) -> None:
    """Every published profile figure beside what the graph in GRAPH_DIR holds; writes GRAPH_DIR/reconcile.md.

    Exits 0 when every figure matches and 1 when any differs.
    """
    from graphkit.reconcile import reconcile as run, render_markdown, write_report
    from graphkit.stores.files import require_build

    require_build(graph_dir)

    rows = run(graph_dir)
    click.echo(render_markdown(rows), nl=False)
    click.echo(f"report: {write_report(graph_dir)}", err=True)
    sys.exit(0 if all(r["status"] == "match" for r in rows) else 1)
