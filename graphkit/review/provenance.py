"""The review's decisions as PROV-O, beside the triples of the facts (called by graphkit.projections.rdf).

Each decision is a ``prov:Activity`` and ``gk:ReviewDecision``, ``prov:wasAssociatedWith`` its reviewer
(a ``prov:Person``), ``prov:endedAtTime`` its time from the decisions file (never the clock), with
``gk:reviewState`` what it decided and ``rdfs:comment`` why. It ``prov:used`` the fact as extracted and
``prov:generated`` the fact the graph now holds: the same node for an accepted fact; a new node that
``prov:wasRevisionOf`` the old for a correction; only the new one for a fact the reviewer added; only
the old for a rejected fact, which is kept as a bare ``prov:Entity`` (its identifier, what it said,
``prov:wasInvalidatedBy`` the decision) and leaves the classes the questions read.
"""

from __future__ import annotations

from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Triple

from graphkit.model import Graph, Relation, Revision, stable_hash
from graphkit.projections.rdf import ID, PREFIXES, RDF_TYPE, concept, literal, relation_iri, term

XSD_DATETIME = NamedNode(PREFIXES["xsd"] + "dateTime")
SCHEMES = {"care": "care-arrangement", "contact": "contact-arrangement"}


def decision_iri(revision: Revision) -> NamedNode:
    return NamedNode(f"{ID}review/{stable_hash(revision.action, revision.before, revision.after, revision.reviewer, revision.at)}")


def reviewer_iri(name: str) -> NamedNode:
    return NamedNode(f"{ID}agent/reviewer/{quote(name, safe='')}")


def _withdrawn(relation: Relation, decision: NamedNode) -> list[Triple]:
    """What a fact taken out of the graph said, kept as the entity the decision used."""
    node = relation_iri(relation)
    triples = [Triple(node, RDF_TYPE, term("prov:Entity")), Triple(node, term("dcterms:identifier"), literal(relation.id)),
               Triple(node, term("gk:reviewState"), literal("superseded" if relation.review == "corrected" else relation.review)),
               Triple(node, term("prov:wasInvalidatedBy"), decision)]
    arrangement = relation.attrs.get("arrangement")
    if arrangement and relation.kind in SCHEMES:
        triples.append(Triple(node, term("gk:arrangement"), concept(SCHEMES[relation.kind], arrangement)))
    if relation.attrs.get("carer") is not None:
        triples.append(Triple(node, term("gk:carerLabel"), literal(relation.attrs["carer"])))
    return triples


def review_triples(graph: Graph, software_agent: NamedNode) -> set[Triple]:
    """The PROV-O of every decision in ``graph.revisions`` (and the software agent typed ``prov:Agent``)."""
    triples = {Triple(software_agent, RDF_TYPE, term("prov:Agent"))}
    for revision in graph.revisions:
        decision, reviewer = decision_iri(revision), reviewer_iri(revision.reviewer)
        triples.update({
            Triple(decision, RDF_TYPE, term("prov:Activity")), Triple(decision, RDF_TYPE, term("gk:ReviewDecision")),
            Triple(decision, term("rdfs:label"), literal(f"review decision: {revision.action}")),
            Triple(decision, term("gk:reviewState"), literal(revision.action)),
            Triple(decision, term("prov:wasAssociatedWith"), reviewer),
            Triple(decision, term("prov:endedAtTime"), Literal(revision.at, datatype=XSD_DATETIME)),
            Triple(reviewer, RDF_TYPE, term("prov:Person")), Triple(reviewer, RDF_TYPE, term("prov:Agent")),
            Triple(reviewer, term("rdfs:label"), literal(revision.reviewer)),
        })
        if revision.note:
            triples.add(Triple(decision, term("rdfs:comment"), literal(revision.note)))
        before = graph.withdrawn.get(revision.before or "") or graph.relations.get(revision.before or "")
        after = graph.relations.get(revision.after or "")
        if before is not None:
            triples.add(Triple(decision, term("prov:used"), relation_iri(before)))
            triples.add(Triple(relation_iri(before), RDF_TYPE, term("prov:Entity")))
            if before.id in graph.withdrawn:
                triples.update(_withdrawn(before, decision))
        if after is not None:
            node = relation_iri(after)
            triples.update({Triple(decision, term("prov:generated"), node), Triple(node, RDF_TYPE, term("prov:Entity")),
                            Triple(node, term("gk:reviewState"), literal(after.review))})
            if before is not None and before.id != after.id:
                triples.add(Triple(node, term("prov:wasRevisionOf"), relation_iri(before)))
    return triples
