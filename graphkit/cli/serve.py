"""``graphkit serve``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
def serve(out: Path, port: int) -> None:
    """Serve OUT's pages and a read-only SPARQL endpoint at /sparql, on 127.0.0.1 only.

    OUT is a folder written by `graphkit build`. Updates, SERVICE and FROM are
    refused; stop with Ctrl-C.
    """
    from graphkit.serve import make_server
    from graphkit.stores.files import require_build

    require_build(out)
    try:
        server = make_server(out, port=port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    click.echo(f"serving {out} at {server.url}network.html (SPARQL: {server.url}sparql); Ctrl-C to stop", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
