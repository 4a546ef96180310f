"""``graphkit neo4j``: load a built graph into Neo4j, or run a local dev server."""

from __future__ import annotations

import signal
from pathlib import Path

import click


@click.group()
def neo4j() -> None:
    """Neo4j: load a built graph (`load`) or start a throwaway local server (`dev-server`)."""


@neo4j.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--uri", default="bolt://127.0.0.1:7687", show_default=True, help="Neo4j bolt:// or neo4j:// URI.")
@click.option("--user", default=None, envvar="NEO4J_USER", help="Neo4j user (or $NEO4J_USER); omit for a server without auth.")
@click.option("--password", default=None, envvar="NEO4J_PASSWORD", help="Neo4j password (or $NEO4J_PASSWORD).")
@click.option("--database", default="neo4j", show_default=True, help="Database to load into.")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True, help="Rows per transaction.")
def load(out: Path, uri: str, user: str | None, password: str | None, database: str, batch_size: int) -> None:
    """Load OUT (a folder written by `graphkit build`) into Neo4j.

    Creates uniqueness constraints, then merges nodes and relationships in
    batches. Loading the same graph twice changes nothing.
    """
    from graphkit.stores.files import require_build
    from graphkit.stores.neo4j_csv import read_rows
    from graphkit.stores.neo4j_load import load as load_graph

    auth = (user, password or "") if user else None
    summary = load_graph(uri, auth, read_rows(require_build(out)), database=database, batch_size=batch_size)
    click.echo(f"loaded {summary} into {database} at {uri}")


@neo4j.command("dev-server")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=None,
              help="Bolt port on 127.0.0.1 (default: a free port).")
def dev_server(port: int | None) -> None:
    """Run a local Neo4j Community 5 until Ctrl-C (auth disabled, 127.0.0.1 only).

    The first run builds it with Maven (needs a JDK 17+ and `mvn`, and
    downloads the Neo4j test harness from Maven Central: minutes, with a count
    of the artifacts downloaded on a terminal). Prints the bolt:// URI when ready. The data lives in a temporary folder deleted on exit.
    """
    from graphkit.cli.progress import progress_reporter
    from graphkit.stores.neo4j_server import Neo4jServer

    with progress_reporter("neo4j dev-server") as progress:
        server = Neo4jServer(port=port, progress=progress).start()
    with server:
        click.echo(server.uri)
        click.echo("auth disabled; Ctrl-C to stop", err=True)
        # SIGTERM gets the same clean stop as Ctrl-C: leaving the `with` stops the JVM.
        # SIGINT is set explicitly too: Python leaves it ignored when started in the background.
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, _interrupt)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
