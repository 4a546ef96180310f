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
              help="Publish counts 1..N-1 as null, with secondary suppression; refuse row-level answers that would "
                   "rebuild a suppressed count (README: Sensitive data).")
@click.option("--count-columns", "count_columns", default=None, metavar="A,B",
              help="With --suppress-below: the answer's count columns (required for a query file; '' for none).")
@click.option("--reviewed-only", "reviewed_only", is_flag=True,
              help="Answer from the facts a reviewer accepted, corrected or added (`graphkit review`) alone.")
def query(question: str, graph_dir: Path, fmt: str, backend: str, uri: str | None, user: str | None,
          password: str | None, database: str | None, suppress_below: int | None, count_columns: str | None,
          reviewed_only: bool) -> None:
    """Answer QUESTION: a standard question's name (parents, children-care, ...) or a .rq / .cypher file."""
    from graphkit.formats import RENDERERS
    from graphkit.questions import answer, answer_neo4j, load_question

    neo4j_only = {"uri": uri, "user": user, "database": database}
    context = click.get_current_context()
    if context.get_parameter_source("password") == click.core.ParameterSource.COMMANDLINE:
        neo4j_only["password"] = password
    given = [f"--{name}" for name, value in neo4j_only.items() if value is not None]
    if backend != "neo4j" and given:  # silently ignored, they would answer from another graph than the one meant
        raise click.UsageError(f"{', '.join(given)} {'is' if len(given) == 1 else 'are'} for --backend neo4j; "
                               f"the {backend} back end reads the build folder given by --graph")
    if count_columns is not None and suppress_below is None:
        raise click.UsageError("--count-columns goes with --suppress-below")
    if reviewed_only:
        if backend != "oxigraph":
            raise click.UsageError("--reviewed-only answers from the build folder (the oxigraph backend)")
        from graphkit.review.reviewed import answer_reviewed

        columns, rows = answer_reviewed(load_question(question, "sparql"), graph_dir)
    elif backend == "neo4j":
        if not uri:
            raise click.UsageError("--backend neo4j needs --uri")
        columns, rows = answer_neo4j(load_question(question, "cypher"), uri, user, password, database)
    elif uri or user or database:
        raise click.UsageError("--uri, --user and --database are for --backend neo4j; the oxigraph backend reads --graph")
    else:
        from graphkit.stores.files import require_build

        columns, rows = answer(load_question(question, "sparql"), require_build(graph_dir))
    if suppress_below is not None:
        from graphkit.questions import STANDARD
        from graphkit.suppress import suppress_answer

        named = None if count_columns is None else [c.strip() for c in count_columns.split(",") if c.strip()]
        columns, rows = suppress_answer(question, columns, rows, suppress_below, standard=question in STANDARD,
                                        named_counts=named)
    click.echo(RENDERERS[fmt](columns, rows), nl=False)
