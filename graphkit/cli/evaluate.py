"""``graphkit evaluate``: precision, recall and F1 per relation family against a gold file."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("collection", type=click.Path(path_type=Path))
@click.option("--gold", "gold_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A gold file (gold.json) in the form above.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the build in this folder (default: a temporary folder).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--min-macro-f1", type=float, default=None, help="Exit 1 when the core macro-F1 is below this.")
def evaluate(collection: Path, gold_path: Path, out: Path | None, fmt: str, min_macro_f1: float | None) -> None:
    """Build COLLECTION and score it against --gold, family by family.

    The gold file is one JSON object; a family it leaves out is empty, and a
    file of another shape is refused (exit 9):

    \b
    parents           {"<ID>": {"role", "country", "household", "partner_in_treatment"}}
    children          {"<parent ID>": [{"name", "age_group", "care_arrangement", "carer"}]}
    engagement        [["<parent ID>", "<service ID>", ...]]
    professionals     [["<professional ID>", "<service ID>", ...]]
    works_with        [["<professional ID>", "<parent ID>"]]
    contact           [["<parent ID>", "<child name or null>", "<arrangement>"]]
    kinship_services  [["<parent ID>", "<child name>", "<service ID>"]]
    partners          [["<ID>", "<partner ID or name>"]]

    `graphkit sample` writes one beside its collection.
    """
    from graphkit.evaluate import evaluate as run, render

    result = run(collection, gold_path, out=out)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render(result), nl=False)
    if min_macro_f1 is not None and result.macro_f1 < min_macro_f1:
        raise click.exceptions.Exit(1)
