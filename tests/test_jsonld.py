"""graph.jsonld: the shipped context embedded, never fetched; the same graph as the Turtle."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import RdfFormat, parse
from rdflib.compare import isomorphic

from graphkit.ontology import text
from graphkit.projections.rdf import PREFIXES, to_triples
from graphkit.stores.jsonld import compact_iri, write_linked_data


@pytest.fixture(scope="module")
def linked(devset_build, tmp_path_factory) -> dict[str, Path]:
    return write_linked_data(to_triples(devset_build.graph), tmp_path_factory.mktemp("ld"))


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the JSON-LD reader tried to fetch a document")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)


def test_context_is_shipped_versioned_and_protected() -> None:
    ctx = json.loads(text("context.jsonld"))["@context"]
    assert ctx["@version"] == 1.1 and ctx["@protected"] is True
    assert {k: v for k, v in ctx.items() if not k.startswith("@")} == PREFIXES


def test_output_embeds_the_context_and_names_no_remote_one(linked: dict[str, Path]) -> None:
    doc = json.loads(linked["jsonld"].read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict), "the context is embedded, not a URL"
    assert doc["@context"] == json.loads(text("context.jsonld"))["@context"]
    ids = [node["@id"] for node in doc["@graph"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))


def test_jsonld_and_turtle_are_isomorphic(linked: dict[str, Path], no_network: None) -> None:
    from_jsonld = rdflib.Graph().parse(linked["jsonld"], format="json-ld")
    from_turtle = rdflib.Graph().parse(linked["turtle"], format="turtle")
    assert len(from_jsonld) == len(from_turtle) > 1000
    assert isomorphic(from_jsonld, from_turtle)


def test_oxigraph_reads_the_same_triples(linked: dict[str, Path]) -> None:
    from_jsonld = {q.triple for q in parse(path=str(linked["jsonld"]), format=RdfFormat.JSON_LD)}
    from_nt = {q.triple for q in parse(path=str(linked["ntriples"]), format=RdfFormat.N_TRIPLES)}
    assert from_jsonld == from_nt


def test_turtle_prefixes_are_sorted(linked: dict[str, Path]) -> None:
    lines = [line for line in linked["turtle"].read_text(encoding="utf-8").splitlines() if line.startswith("@prefix")]
    assert lines == sorted(lines) and len(lines) == len(PREFIXES)


@pytest.mark.parametrize("iri,expected", [
    ("https://w3id.org/graphkit/id/person/DP01", "gkid:person/DP01"),
    ("https://w3id.org/graphkit/ontology#Child", "gk:Child"),
    ("https://w3id.org/graphkit/id/", "https://w3id.org/graphkit/id/"),
    ("http://example.org/x", "http://example.org/x"),
])
def test_compact_iri(iri: str, expected: str) -> None:
    assert compact_iri(iri) == expected
