"""``graphkit evidence``: the passages behind a node or a relation, read from a built store.

IDs are passed to SPARQL as substitutions, never pasted into the query text,
so an ID code with quotes or braces cannot change the query.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

PREFIXES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
PASSAGES = PREFIXES + """
SELECT DISTINCT ?id ?file ?start ?end ?quote ?line_start ?line_end ?speaker ?date ?row ?column WHERE {
  ?n dcterms:identifier ?id ; prov:wasDerivedFrom ?ev .
  ?ev oa:hasSource/dcterms:title ?file ;
      oa:hasSelector ?q , ?p ; gk:lineStart ?line_start ; gk:lineEnd ?line_end .
  ?q a oa:TextQuoteSelector ; oa:exact ?quote .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?ev gk:speaker ?speaker }
  OPTIONAL { ?ev dcterms:date ?date }
  OPTIONAL { ?ev gk:row ?row }
  OPTIONAL { ?ev gk:column ?column }
}
ORDER BY ?file ?start ?row
"""
NODE = PREFIXES + """
SELECT ?id ?name (GROUP_CONCAT(DISTINCT STR(?cls); separator=" ") AS ?classes) WHERE {
  ?n dcterms:identifier ?id ; rdf:type ?cls .
  OPTIONAL { ?n foaf:name ?name }
} GROUP BY ?id ?name
"""
RELATIONS = PREFIXES + """
SELECT DISTINCT ?id ?rid ?cls ?current ?as_at ?arrangement ?r1 ?source_id ?r2 ?target_id WHERE {
  ?n dcterms:identifier ?id .
  ?r gk:current ?current ; dcterms:identifier ?rid ; rdf:type ?cls ; ?role ?n .
  FILTER(?role != gk:carer)
  OPTIONAL { ?r gk:asAt ?as_at }
  OPTIONAL { ?r gk:arrangement/skos:notation ?arrangement }
  ?r ?r1 ?s . ?s dcterms:identifier ?source_id .
  ?r ?r2 ?t . ?t dcterms:identifier ?target_id .
  FILTER(?r1 != gk:carer && ?r2 != gk:carer && ?r1 != prov:wasDerivedFrom && ?r2 != prov:wasDerivedFrom)
  FILTER(STR(?r1) < STR(?r2) && ?s != ?t && ?s != ?r && ?t != ?r)
}
ORDER BY ?cls ?rid
"""


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def lookup(out: Path, entity_or_relation: str, *, with_relations: bool = True) -> dict[str, Any]:
    """What a built graph holds about one ID: its passages and those of the relations it takes part in."""
    from graphkit.stores.oxigraph import open_store, run_select

    store = open_store(out)
    _, node = run_select(store, NODE, {"id": entity_or_relation})
    found: dict[str, Any] = {"id": entity_or_relation, "found": bool(node), "name": None, "kind": None, "passages": [], "relations": []}
    if not node:
        return found
    found["name"] = next((r["name"] for r in node if r["name"]), None)
    found["kind"] = " ".join(sorted({_short(c) for r in node for c in (r["classes"] or "").split()}))
    found["passages"] = run_select(store, PASSAGES, {"id": entity_or_relation})[1]
    if with_relations:
        seen: set[str] = set()
        for row in run_select(store, RELATIONS, {"id": entity_or_relation})[1]:
            if row["rid"] in seen or row["rid"] == entity_or_relation:
                continue
            seen.add(row["rid"])
            row["kind"] = _short(row.pop("cls"))
            row["source_role"], row["target_role"] = _short(row.pop("r1")), _short(row.pop("r2"))
            row["passages"] = run_select(store, PASSAGES, {"id": row["rid"]})[1]
            found["relations"].append(row)
    return found


def _passage_lines(passages: list[dict[str, Any]], indent: str) -> list[str]:
    lines = []
    for p in passages:
        span = f"{p['line_start']}" if p["line_end"] == p["line_start"] else f"{p['line_start']}-{p['line_end']}"
        where = f"{p['file']}, line {span}" + (f" (data row {p['row']}, {p['column']})" if p.get("row") is not None else "")
        meta = ", ".join(str(x) for x in (p.get("speaker"), p.get("date")) if x)
        lines.append(f"{indent}{where}, chars {p['start']}-{p['end']}" + (f" [{meta}]" if meta else ""))
        lines.append(f"{indent}  \u201c{p['quote']}\u201d")
    return lines


def render(found: dict[str, Any]) -> str:
    if not found["found"]:
        return f"{found['id']}: not in this graph\n"
    lines = [f"{found['id']}" + (f" {found['name']}" if found["name"] else "") + f" ({found['kind']})"]
    if not found.get("pair"):
        lines += _passage_lines(found["passages"], "  ") or ["  (no passages)"]
    for rel in found["relations"]:
        state = "current" if rel["current"] else f"history, as at {rel.get('as_at') or 'unknown'}"
        arrangement = f" {rel['arrangement']}" if rel.get("arrangement") else ""
        ends = f"{rel['source_role']} {rel['source_id']}, {rel['target_role']} {rel['target_id']}"
        lines.append(f"\n  {rel['kind']}{arrangement}: {ends} [{state}] {rel['rid']}")
        lines += _passage_lines(rel["passages"], "    ") or ["    (no passages)"]
    return "\n".join(lines) + "\n"


@click.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="A folder written by `graphkit build`.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--no-relations", is_flag=True, help="Only the node's own passages, not those of its relations.")
def evidence(ids: tuple[str, ...], graph_dir: Path, fmt: str, no_relations: bool) -> None:
    """Print the passages behind IDS: an ID code, a child id, or a relation id.

    Two IDs (e.g. `DPR02 DP01`) print only the relations between them.
    """
    from graphkit.stores.files import require_build

    found = lookup(require_build(graph_dir), ids[0], with_relations=not no_relations or len(ids) > 1)
    if len(ids) > 1:
        others = set(ids[1:])
        found["passages"], found["pair"] = [], True
        found["relations"] = [r for r in found["relations"] if {r["source_id"], r["target_id"]} & others]
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
    else:
        click.echo(render(found), nl=False)
    if not found["found"]:
        raise click.exceptions.Exit(1)
