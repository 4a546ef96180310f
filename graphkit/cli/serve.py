"""``graphkit serve``."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click



@click.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True,
              help="Seconds one query may run before it is cancelled.")
@click.option("--max-rows", type=click.IntRange(1), default=100_000, show_default=True,
              help="Rows (or triples) one answer may hold; more is an error asking for LIMIT.")
@click.option("--max-bytes", type=click.IntRange(1), default=64 << 20, show_default=True,
              help="Bytes one serialized answer may hold.")
@click.option("--max-queries", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Queries running at once (one worker process each); more wait briefly, then get 503.")
@click.option("--max-memory", type=click.IntRange(256), default=2048, show_default=True,
              help="MiB of memory a query may use beyond the loaded store; a query needing more fails alone.")
def serve(out: Path, port: int, timeout: float, max_rows: int, max_bytes: int, max_queries: int,
          max_memory: int) -> None:
    """Serve OUT's pages and a read-only SPARQL endpoint at /sparql, on 127.0.0.1 only.

    OUT is a folder written by `graphkit build`. Updates, SERVICE and FROM are
    refused, and so is any request a browser makes from another site. Open
    /sparql in a browser for a query form. Stop with Ctrl-C.
    """
    from graphkit.serve import make_server
    from graphkit.sparql_worker import Limits

    limits = Limits(timeout=timeout, max_rows=max_rows, max_bytes=max_bytes, max_queries=max_queries,
                    max_memory=max_memory << 20)
    from graphkit.stores.files import require_build

    require_build(out)
    try:
        server = make_server(out, port=port, limits=limits)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    # SIGTERM ends the server like Ctrl-C, so its query workers are stopped with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    click.echo(f"serving {out} at {server.url}network.html (SPARQL: {server.url}sparql); Ctrl-C to stop", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
