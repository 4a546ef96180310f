"""``graphkit evidence``."""

from __future__ import annotations

from pathlib import Path

import click

# The node or relation is bound through a substitution, never pasted into the text.
EVIDENCE_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?id ?file ?line_start ?line_end ?speaker ?quote WHERE {
  ?thing dcterms:identifier ?id .
  ?thing prov:wasDerivedFrom ?ev .
  ?ev oa:hasSource/dcterms:title ?file ; gk:lineStart ?line_start ; gk:lineEnd ?line_end ;
      oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?ev gk:speaker ?speaker }
}
ORDER BY ?file ?line_start ?quote
"""


@click.command()
@click.argument("identifier")
@click.option("--graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="A folder written by `graphkit build`.")
def evidence(identifier: str, graph_dir: Path) -> None:
    """Print the passages behind IDENTIFIER: an ID code, a child id (DP04-C1) or a relation id (rel-...).

    Exits 1 when nothing is recorded for it.
    """
    from graphkit.stores.oxigraph import open_store, run_select

    _, rows = run_select(open_store(graph_dir), EVIDENCE_QUERY, {"id": identifier})
    for row in rows:
        who = f" ({row['speaker']})" if row.get("speaker") else ""
        lines = f"{row['line_start']}" if row["line_start"] == row["line_end"] else f"{row['line_start']}-{row['line_end']}"
        click.echo(f"{row['file']}, line {lines}{who}: {row['quote']}")
    if not rows:
        click.echo(f"no evidence recorded for {identifier!r}", err=True)
        raise click.exceptions.Exit(1)
