"""``graphkit build``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graphkit.cli.progress import progress_reporter


@click.command()
@click.argument("collection", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for every output.")
@click.option("--strict", is_flag=True, help="Exit non-zero (5) when the collection has any problem.")
@click.option("--decisions", type=click.Path(path_type=Path), default=None,
              help="Folder (or .jsonl file) of the review decisions to apply; default: COLLECTION/decisions.jsonl.")
def build(collection: Path, out: Path, strict: bool, decisions: Path | None) -> None:
    """Extract COLLECTION and write the graph (Turtle, N-Triples, GraphML, Oxigraph store) into --out.

    Problems with the input are reported one per line with their location;
    the build goes on and lists them again in <out>/problems.json.

    The outputs are written into a fresh folder beside --out and swapped in
    whole when done: a killed build leaves the previous build as it was. A
    rebuild removes every file the earlier build (or `reconcile`, `export`)
    wrote; files of your own in --out are kept and named.
    """
    from graphkit.pipeline import build as run_build

    with progress_reporter("building") as progress:
        result = run_build(collection, out, strict=False, progress=progress, decisions=decisions)
    for problem in result.problems:
        click.echo(f"problem: {problem}", err=True)
    graph = result.graph
    click.echo(
        f"built {len(graph.entities)} nodes and {len(graph.relations)} relations from {len(graph.files)} files; "
        f"{len(result.problems)} problem(s)",
        err=True,
    )
    for name in result.kept:
        click.echo(f"kept {out / name}: graphkit did not write it", err=True)
    for name, path in result.outputs.items():
        click.echo(f"{name}: {path}")
    if strict and result.problems:
        click.echo(f"--strict: {len(result.problems)} problem(s)", err=True)
        sys.exit(5)
