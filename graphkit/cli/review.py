"""``graphkit review``."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click


@click.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--summary", is_flag=True, help="Print how many facts of each family are unreviewed, accepted, "
              "rejected, corrected or added, and stop.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
def review(out: Path, summary: bool, port: int) -> None:
    """Review the facts of OUT (a folder written by `graphkit build`) in the browser.

    Serves the review page on 127.0.0.1: accept (a), reject (r), correct (c) or add (n) facts; each
    decision is saved at once to the decisions file beside the collection (decisions.jsonl, or the
    --decisions folder the build was given), and the page's rebuild (b) applies them to every output.
    Stop with Ctrl-C.
    """
    from graphkit.review import read_state

    state = read_state(out)
    if summary:
        from graphkit.review.facts import render_summary

        click.echo(render_summary(state["summary"], len(state["orphans"])), nl=False)
        return
    from graphkit.review.server import ReviewServer

    try:
        server = ReviewServer(out, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    click.echo(f"reviewing {out} at {server.url}review.html (decisions: {server.decisions}); Ctrl-C to stop", err=True)
    with server, contextlib.suppress(KeyboardInterrupt):  # leaving the block closes the socket
        server.serve_forever()
