"""``graphkit export``."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.errors import StrictModeError


@click.command()
@click.argument("graph_dir", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["neo4j-csv", "qdpx"]), required=True, help="What to write.")
@click.option("--to", "dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="neo4j-csv: folder to write into (default: GRAPH_DIR/neo4j-import).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="qdpx: the project file to write (default: GRAPH_DIR/project.qdpx).")
@click.option("--strict", is_flag=True, help="qdpx: exit non-zero (5) when a passage could not be coded.")
def export(graph_dir: Path, fmt: str, dest: Path | None, out_file: Path | None, strict: bool) -> None:
    """Export the graph built in GRAPH_DIR.

    \b
    neo4j-csv  CSVs for `neo4j-admin database import`.
    qdpx       a REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder): the texts, a code book
               of graphkit's relations and kinds, every fact's passage coded, one case per
               participant and service with its variables.
    """
    from graphkit.stores.files import require_build

    require_build(graph_dir)
    if fmt == "neo4j-csv":
        if out_file is not None or strict:
            raise click.UsageError("--out and --strict are for --format qdpx; neo4j-csv writes a folder (--to)")
        from graphkit.stores.neo4j_csv import read_rows, write_import_csv

        folder = dest or graph_dir / "neo4j-import"
        written = write_import_csv(read_rows(graph_dir), folder)
        for name in sorted(written):
            click.echo(str(written[name]))
        return
    if dest is not None:
        raise click.UsageError("--to is for --format neo4j-csv; qdpx writes one file (--out)")
    from graphkit.stores.qdpx import export_qdpx

    result = export_qdpx(graph_dir, out_file or graph_dir / "project.qdpx")
    counts = result.counts
    click.echo(str(result.path))
    click.echo(f"{counts['sources']} sources, {counts['selections']} coded passages ({counts['codings']} codings), "
               f"{counts['cases']} cases")
    if counts["table passages"]:
        click.echo(f"{counts['table passages']} passages from tables not coded (tables are not sources)")
    if counts["rejected facts"]:
        click.echo(f"{counts['rejected facts']} facts rejected in review left out")
    for problem in result.problems:
        click.echo(f"{problem.where}: {problem.what}", err=True)
    if strict and result.problems:
        raise StrictModeError(f"--strict: {len(result.problems)} passage(s) could not be coded")
