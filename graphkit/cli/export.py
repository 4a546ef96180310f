"""``graphkit export``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("graph_dir", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["neo4j-csv"]), required=True, help="What to write.")
@click.option("--to", "dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write into (default: GRAPH_DIR/neo4j-import).")
def export(graph_dir: Path, fmt: str, dest: Path | None) -> None:
    """Export the graph built in GRAPH_DIR: CSVs for `neo4j-admin database import` (neo4j-csv)."""
    from graphkit.stores.files import require_build
    from graphkit.stores.neo4j_csv import read_rows, write_import_csv

    require_build(graph_dir)

    folder = dest or graph_dir / "neo4j-import"
    written = write_import_csv(read_rows(graph_dir), folder)
    for name in sorted(written):
        click.echo(str(written[name]))
