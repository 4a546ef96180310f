"""``graphkit query``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("question")
@click.option("--graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="A folder written by `graphkit build`.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "table"]), default="table", show_default=True)
@click.option("--backend", type=click.Choice(["oxigraph", "neo4j"]), default="oxigraph", show_default=True)
@click.option("--uri", help="Neo4j bolt:// or neo4j:// URI (with --backend neo4j).")
@click.option("--user", default=None, help="Neo4j user.")
@click.option("--password", default=None, envvar="NEO4J_PASSWORD", help="Neo4j password (or $NEO4J_PASSWORD).")
@click.option("--database", default=None, help="Neo4j database.")
@click.option("--suppress-below", "suppress_below", type=click.IntRange(min=1), default=None, metavar="N",
              help="Publish counts 1..N-1 (n_children, evidence_count, observed) as null, with secondary suppression.")
def query(question: str, graph_dir: Path, fmt: str, backend: str, uri: str | None, user: str | None,
          password: str | None, database: str | None, suppress_below: int | None) -> None:
    """Answer QUESTION: a standard question's name (parents, children-care, ...) or a .rq / .cypher file."""
    from graphkit.formats import RENDERERS
    from graphkit.questions import answer, answer_neo4j, load_question

    if backend == "neo4j":
        if not uri:
            raise click.UsageError("--backend neo4j needs --uri")
        columns, rows = answer_neo4j(load_question(question, "cypher"), uri, user, password, database)
    elif uri or user or database:
        raise click.UsageError("--uri, --user and --database are for --backend neo4j; the oxigraph backend reads --graph")
    else:
        from graphkit.stores.files import require_build

        columns, rows = answer(load_question(question, "sparql"), require_build(graph_dir))
    if suppress_below is not None:
        from graphkit.suppress import suppress

        columns, rows = suppress(columns, rows, suppress_below)
    click.echo(RENDERERS[fmt](columns, rows), nl=False)
