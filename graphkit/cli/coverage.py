"""``graphkit coverage``: which characters of the descriptors the graph explains, and which it does not."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("collection", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--explain", is_flag=True,
              help="Print every descriptor with the fact or context class behind each span, not only what is unexplained.")
@click.option("--min-share", type=click.FloatRange(0.0, 1.0), default=None,
              help="Exit 1 when the share of descriptor characters explained (0-1) is below this: a floor for CI.")
def coverage(collection: Path, fmt: str, explain: bool, min_share: float | None) -> None:
    """Build COLLECTION in memory and sort every descriptor character into three classes.

    Participant descriptors (professionals' included) and service descriptors
    are read character by character. A character is EXPLAINED BY A FACT when
    the evidence of a fact in the graph covers it; RECOGNISED CONTEXT when the
    tool knows what it is although the model holds no fact for it (dates,
    durations, frequencies, redaction markers such as [town], ID codes and
    names the tables define, function words and punctuation between understood
    words; see graphkit/data/coverage.toml); otherwise UNEXPLAINED.

    The report gives the share explained overall, then per descriptor (file,
    data row, ID code) each span not understood: for a researcher, the words
    to add to the vocabulary; for a developer, what the grammar misses. No
    gold is needed and nothing is written.
    """
    from graphkit.coverage import coverage as measure, render

    report = measure(collection)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render(report, explain=explain), nl=False)
    if min_share is not None and report.share < min_share:
        raise click.exceptions.Exit(1)
