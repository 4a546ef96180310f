"""The devset conforms to the shapes; each cross-node rule catches what it is for."""

from __future__ import annotations

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Triple

from graphkit.ontology import text
from graphkit.projections.rdf import to_triples
from graphkit.validate import Report, validate

GK = "https://w3id.org/graphkit/ontology#"
ID = "https://w3id.org/graphkit/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(scope="module")
def triples(devset_build) -> list[Triple]:
    return to_triples(devset_build.graph)


def test_devset_conforms(triples: list[Triple]) -> None:
    report = validate(triples)
    assert report.conforms, report.text()
    assert report.violations == []


def test_validate_accepts_a_file_and_an_rdflib_graph(devset_build) -> None:
    nt = devset_build.out / "graph.nt"
    assert validate(nt).conforms
    assert validate(rdflib.Graph().parse(nt, format="nt")).conforms


def test_one_node_shape_per_class() -> None:
    ontology = rdflib.Graph().parse(data=text("graphkit.ttl"), format="turtle")
    shapes = rdflib.Graph().parse(data=text("shapes.ttl"), format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targeted = set(shapes.objects(None, sh.targetClass))
    classes = set(ontology.subjects(rdflib.RDF.type, rdflib.OWL.Class))
    assert classes and classes <= targeted, classes - targeted


def _of_type(triples: list[Triple], cls: str) -> list[NamedNode]:
    return sorted({t.subject for t in triples if t.predicate.value == RDF_TYPE and t.object.value == cls}, key=str)


def _broken(triples: list[Triple]) -> list[Triple]:
    data = list(triples)
    parent = NamedNode(ID + "person/DP01")
    data.append(Triple(parent, NamedNode("http://purl.org/vocab/relationship/parentOf"), parent))
    data.append(Triple(NamedNode(ID + "person/DP02"), NamedNode(GK + "engagesWith"), NamedNode(ID + "service/DS2")))
    exact = next(t for t in data if t.predicate.value == OA + "exact")
    data.remove(exact)
    data.append(Triple(exact.subject, exact.predicate, Literal(exact.object.value + "!")))
    care = _of_type(data, GK + "CareArrangement")[0]
    data = [t for t in data if not (t.subject == care and t.predicate.value in (GK + "arrangement", GK + "child"))]
    evidence = _of_type(data, GK + "Evidence")[0]
    data = [t for t in data if not (t.subject == evidence and t.predicate.value == OA + "hasSource")]
    relation = _of_type(data, GK + "Engagement")[0]
    return [t for t in data if not (t.subject == relation and t.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom")]


@pytest.fixture(scope="module")
def broken_report(triples: list[Triple]) -> Report:
    return validate(_broken(triples))


@pytest.mark.parametrize("message", [
    "nobody is their own parent",
    "an asserted link has no current qualified relation node with prov:wasDerivedFrom evidence",
    "quote length differs from its position span",
    "a care arrangement has exactly one arrangement type",
    "a care arrangement has exactly one child",
    "evidence has exactly one source",
    "an asserted relation needs prov:wasDerivedFrom evidence",
])
def test_each_rule_catches_its_case(broken_report: Report, message: str) -> None:
    assert not broken_report.conforms
    assert any(message in r.message for r in broken_report.violations), broken_report.text()


def test_fast_engine_agrees_with_pyshacl(triples: list[Triple], broken_report: Report) -> None:
    full = validate(_broken(triples), engine="pyshacl")
    key = lambda r: (r.severity, r.focus, r.path, r.value, r.message)  # noqa: E731
    assert set(map(key, full.results)) == set(map(key, broken_report.results))


def test_violations_become_located_problems(broken_report: Report) -> None:
    problems = broken_report.as_problems()
    assert len(problems) == len(broken_report.violations)
    assert all(p.severity == "error" and p.what.startswith("SHACL violation") for p in problems)
    assert any(p.where.startswith("person/DP01") for p in problems)
    assert broken_report.to_json().startswith("{")
