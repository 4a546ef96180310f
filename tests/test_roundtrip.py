"""Model -> Turtle -> store is lossless, and two builds of one collection are byte-identical."""

from __future__ import annotations

import string
from pathlib import Path

import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, parse
from rdflib.compare import isomorphic

from graphkit.model import Entity, Evidence, Graph
from graphkit.pipeline import build_graph
from graphkit.projections.rdf import PREFIXES, to_triples
from graphkit.stores.jsonld import dumps_jsonld, turtle_bytes, write_linked_data


def _store_of(data: bytes, fmt: RdfFormat) -> set:
    store = Store()
    store.load(data, format=fmt)
    return {q.triple for q in store}


def test_devset_turtle_into_a_store_gives_back_every_triple(devset_build) -> None:
    triples = to_triples(devset_build.graph)
    assert _store_of(turtle_bytes(triples, PREFIXES), RdfFormat.TURTLE) == set(triples)
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples)
    assert len(store) == len(set(triples))


def test_two_builds_are_byte_identical(devset: Path, tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        outputs = write_linked_data(to_triples(build_graph(devset)), tmp_path / name)
        outs.append({k: p.read_bytes() for k, p in outputs.items()})
    assert outs[0] == outs[1]
    assert set(outs[0]) == {"turtle", "ntriples", "jsonld"}


def test_turtle_and_ntriples_of_a_build_are_isomorphic(devset_build, tmp_path: Path) -> None:
    outputs = write_linked_data(to_triples(devset_build.graph), tmp_path)
    assert isomorphic(rdflib.Graph().parse(outputs["turtle"], format="turtle"),
                      rdflib.Graph().parse(outputs["ntriples"], format="nt"))


text_st = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
ids = st.text(string.ascii_letters + string.digits + "-_ /.é", min_size=1, max_size=12)


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    graph = Graph()
    for n in range(draw(st.integers(1, 4))):
        entity = Entity(f"{draw(ids)}{n}", draw(st.sampled_from(["parent", "child", "service", "person"])), draw(st.none() | text_st))
        quote = draw(text_st)
        start = draw(st.integers(0, 500))
        entity.set("country", draw(st.sampled_from(["Scotland", "England"])),
                   Evidence(draw(ids), start, start + len(quote), quote, 1, draw(st.integers(1, 9)), speaker=draw(st.none() | text_st)))
        graph.add_entity(entity)
    people = sorted(graph.entities)
    if len(people) > 1:
        quote = draw(text_st)
        graph.relate("parent-of", people[0], people[1], Evidence("f.txt", 0, len(quote), quote, 1, 1),
                     date=draw(st.none() | st.sampled_from(["2021-07-14", "2022-03", "2019"])))
    return graph


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_any_model_round_trips_through_turtle_and_jsonld(graph: Graph) -> None:
    triples = set(to_triples(graph))
    assert _store_of(turtle_bytes(sorted(triples, key=str), PREFIXES), RdfFormat.TURTLE) == triples
    assert {q.triple for q in parse(dumps_jsonld(triples), format=RdfFormat.JSON_LD)} == triples
