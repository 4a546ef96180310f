"""The ontology and the concept schemes pass a published-vocabulary check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graphkit import model
from graphkit.ontology import ONTOLOGY_IRI, SCHEMES_IRI, text

GK = "https://w3id.org/graphkit/ontology#"
SCHEME = "https://w3id.org/graphkit/scheme/"
EXTERNAL = "https://w3id.org/graphkit/external/"
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
QUERIES = Path(__file__).resolve().parents[1] / "queries"


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(data=text("graphkit.ttl"), format="turtle")


@pytest.fixture(scope="module")
def schemes() -> rdflib.Graph:
    return rdflib.Graph().parse(data=text("schemes.ttl"), format="turtle")


@pytest.mark.parametrize("doc,iri", [("graphkit.ttl", ONTOLOGY_IRI), ("schemes.ttl", SCHEMES_IRI)])
def test_header_is_complete(doc: str, iri: str) -> None:
    g = rdflib.Graph().parse(data=text(doc), format="turtle")
    node = rdflib.URIRef(iri)
    assert (node, RDF.type, OWL.Ontology) in g
    for prop in (OWL.versionIRI, OWL.versionInfo, DCTERMS.title, DCTERMS.description, DCTERMS.license,
                 DCTERMS.creator, DCTERMS.created, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert g.value(node, prop) is not None, f"{doc}: header lacks {prop}"
    assert not list(g.objects(None, OWL.imports)), "no owl:imports (schema.org especially)"


def _local_terms(g: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for s in g.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith((GK, SCHEME, EXTERNAL))}


@pytest.mark.parametrize("doc", ["graphkit.ttl", "schemes.ttl"])
def test_every_local_term_is_labelled_defined_and_defined_by(doc: str) -> None:
    g = rdflib.Graph().parse(data=text(doc), format="turtle")
    terms = _local_terms(g)
    assert terms
    for t in sorted(terms):
        assert g.value(t, RDFS.label) or g.value(t, SKOS.prefLabel), f"{t} has no label"
        assert g.value(t, RDFS.comment) or g.value(t, SKOS.definition), f"{t} has no definition"
        assert g.value(t, RDFS.isDefinedBy), f"{t} has no rdfs:isDefinedBy"


def test_every_gk_term_in_use_is_defined(ontology: rdflib.Graph, devset_build) -> None:
    defined = {str(s) for s in ontology.subjects() if str(s).startswith(GK)}
    used = set()
    for line in (devset_build.out / "graph.nt").read_text(encoding="utf-8").splitlines():
        used.update(re.findall(r"<(https://w3id\.org/graphkit/ontology#[^>]+)>", line))
    for rq in QUERIES.glob("*.rq"):
        used.update(GK + m for m in re.findall(r"\bgk:([A-Za-z]+)", rq.read_text(encoding="utf-8")))
    assert used - defined == set()


def test_terms_are_aligned_to_the_reused_vocabularies(ontology: rdflib.Graph) -> None:
    supers = {str(o) for o in ontology.objects(None, RDFS.subClassOf)} | {str(o) for o in ontology.objects(None, RDFS.subPropertyOf)}
    for namespace in ("http://xmlns.com/foaf/0.1/", "http://schema.org/", "http://www.w3.org/ns/org#",
                      "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#", "http://purl.org/dc/terms/"):
        assert any(s.startswith(namespace) for s in supers), namespace
    unqualified = {str(o) for o in ontology.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#unqualifiedForm"))}
    assert "http://purl.org/vocab/relationship/parentOf" in unqualified


CLOSED = {
    "role": ("mother", "father", "family-member", "professional", "child"),
    "household": model.HOUSEHOLDS,
    "age-group": model.AGE_GROUPS,
    "care-arrangement": model.CARE_ARRANGEMENTS,
    "contact-arrangement": model.CONTACT_ARRANGEMENTS,
    "service-type": model.SERVICE_TYPES,
    "sector": model.SECTORS,
}


@pytest.mark.parametrize("scheme", sorted(CLOSED))
def test_scheme_notations_are_exactly_the_closed_list(schemes: rdflib.Graph, scheme: str) -> None:
    node = rdflib.URIRef(SCHEME + scheme)
    assert (node, RDF.type, SKOS.ConceptScheme) in schemes
    concepts = set(schemes.subjects(SKOS.inScheme, node))
    notations = {str(schemes.value(c, SKOS.notation)) for c in concepts}
    assert notations == set(CLOSED[scheme])
    for c in concepts:
        assert str(c) == f"{SCHEME}{scheme}/{schemes.value(c, SKOS.notation)}"
        assert (c, SKOS.topConceptOf, node) in schemes


def test_care_arrangements_map_to_official_codes(schemes: rdflib.Graph) -> None:
    care = SCHEME + "care-arrangement/"
    mapped = {}
    for prop in (SKOS.closeMatch, SKOS.narrowMatch, SKOS.broadMatch, SKOS.relatedMatch, SKOS.exactMatch):
        for s, o in schemes.subject_objects(prop):
            assert (o, RDF.type, SKOS.Concept) in schemes, f"{o} is mapped to but not described"
            mapped.setdefault(str(s), set()).add(str(schemes.value(o, SKOS.notation)))
    assert {"U1", "U2", "U3"} <= mapped[care + "kinship-care"]
    assert {"U4", "U5", "U6"} <= mapped[care + "foster-care"]
    assert {"E11", "E12"} <= mapped[care + "adopted"]
    assert "P1" in mapped[care + "with-parent"]
    assert {"K1", "K2", "R1"} <= mapped[care + "residential-care"]
    assert "with-friends-relatives" in mapped[care + "kinship-care"]
    assert "with-foster-carers" in mapped[care + "foster-care"]
