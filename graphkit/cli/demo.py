"""``graphkit demo``: the README's first command."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.progress import progress_reporter


@click.command()
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the sample and its graph.")
@click.option("--seed", default=0, show_default=True, help="Seed of the sample generator.")
def demo(out: Path, seed: int) -> None:
    """Write the bundled sample collection, build it, reconcile it with the published profile, and print where everything is."""
    from graphkit.pipeline import build
    from graphkit.reconcile import write_report
    from graphkit.sample import write_sample

    with progress_reporter("demo") as progress:
        if progress:
            progress("writing the sample collection", 0, 0)
        write_sample(out / "sample", scale=1, seed=seed)
        result = build(out / "sample" / "collection", out / "graph", progress=progress)
        if progress:
            progress("reconciling with the published profile", 0, 0)
        report = write_report(result.out)
    click.echo(f"collection: {out / 'sample' / 'collection'}")
    click.echo(f"graph: {result.out}")
    click.echo(f"turtle: {result.outputs['turtle']}")
    if "network" in result.outputs:
        click.echo(f"network page: {result.outputs['network']}")
    click.echo(f"reconcile report: {report}")
    click.echo(f"problems: {len(result.problems)} (see {result.outputs['problems']})")
