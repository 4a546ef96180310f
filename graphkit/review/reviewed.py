"""``graphkit query --reviewed-only``: the standard questions answered from reviewed facts alone.

The graph of a build is made again (from the extraction cache, so in a second or two) with the
decisions applied and every reviewable fact no reviewer accepted, corrected or added left out; the
question runs on its triples in an in-memory store. Facts of the tables that are not reviewed one by
one (who took part, their roles) stay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.model import Graph
from graphkit.questions import Question, answer_from
from graphkit.review import apply_review, extract_for_review, source_paths
from graphkit.review.decisions import REVIEWABLE


def reviewed_graph(out: Path) -> Graph:
    """The graph of the build in ``out`` holding only the reviewable facts a reviewer signed off."""
    from graphkit.pipeline import build_graph_with_texts

    collection, decisions = source_paths(out)
    graph = extract_for_review(collection, out, lambda: build_graph_with_texts(collection)).graph
    apply_review(graph, collection, decisions)
    for relation in list(graph.relations.values()):
        if relation.kind in REVIEWABLE and relation.review == "unreviewed":
            graph.drop_relation(relation)
    return graph


def answer_reviewed(question: Question, out: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """A SPARQL question answered from the reviewed facts of the build in ``out``."""
    from pyoxigraph import RdfFormat, Store, serialize

    from graphkit.projections.rdf import to_triples

    store = Store()
    store.bulk_load(serialize(to_triples(reviewed_graph(out)), format=RdfFormat.N_TRIPLES), format=RdfFormat.N_TRIPLES)
    return answer_from(question, store)
