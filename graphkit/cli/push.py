"""``graphkit push``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("out", type=click.Path(exists=True, path_type=Path))
@click.option("--sparql-endpoint", "endpoint", required=True, metavar="URL",
              help="Graph Store Protocol endpoint, e.g. http://localhost:3030/ds (Fuseki) or .../ds/data.")
@click.option("--graph", "graph_iri", default=None, metavar="IRI", help="Named graph to write (default: the default graph).")
@click.option("--user", default=None, help="User name for HTTP basic authentication.")
@click.option("--password", default=None, envvar="GRAPHKIT_SPARQL_PASSWORD", show_envvar=True,
              help="Password for HTTP basic authentication.")
@click.option("--append", is_flag=True, help="POST (add to the graph) instead of PUT (replace it).")
@click.option("--timeout", default=300.0, show_default=True, help="Seconds to wait for the store.")
def push(out: Path, endpoint: str, graph_iri: str | None, user: str | None, password: str | None,
         append: bool, timeout: float) -> None:
    """Send the graph built in OUT (graph.nt, else graph.ttl; or that file itself) to a triple store.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol: PUT replaces the target
    graph, --append POSTs into it. Exits 7 when the store refuses or cannot be reached.
    """
    from graphkit.stores.push import push as run_push

    if user is not None and password is None:
        password = click.prompt("Password", hide_input=True, default="", show_default=False)
    result = run_push(out, endpoint, graph=graph_iri, user=user, password=password, replace=not append, timeout=timeout)
    count = f"{result.triples} triples" if result.triples is not None else f"{result.bytes_sent} bytes"
    click.echo(f"{result.method} {result.source.name} ({count}) -> {result.url}: HTTP {result.status}")
