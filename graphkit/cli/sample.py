"""``graphkit sample``: write a full-size sample collection and its gold truth."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("sample")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into: the collection goes to OUT/collection, the truth to OUT/gold.json.")
@click.option("--scale", default=1, show_default=True, type=click.IntRange(1, 1000),
              help="Independent copies of the study population (copy 2 uses S2P01, S2PR001, ...).")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Random seed; the same seed gives byte-identical files.")
def sample(out: Path, scale: int, seed: int) -> None:
    """Write a sample collection shaped like the Relations Study deposit.

    \b
    OUT/collection/   what `graphkit build` reads: Relations_Sample_metadata.csv,
                      participants.csv, services.csv, parent_family/,
                      services_professionals/, study_materials/
    OUT/gold.json     the truth, in the form `graphkit evaluate --help` describes;
                      kept outside the collection so the pipeline never reads it

    Each copy holds 26 parents, 1 family member, 75 children, 10 services,
    97 professionals and 122 + 183 + 25 data files, matching every figure of
    the published profile. An existing OUT/collection written by this
    command is replaced.
    """
    from graphkit.sample import write_sample  # imported here so --help stays fast

    summary = write_sample(out, scale=scale, seed=seed)
    files = ", ".join(f"{n} {k}" for k, n in summary.files_by_dataset.items())
    click.echo(f"wrote {summary.collection} ({files})")
    click.echo(f"  {summary.parents} parents, {summary.family_members} family member(s), "
               f"{summary.distinct_children} children, {summary.services} services, "
               f"{summary.professionals} professionals")
    click.echo(f"wrote {summary.gold}")
