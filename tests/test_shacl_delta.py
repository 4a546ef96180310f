"""Validation after a small change: each check is rerun only for the nodes the changed triples can reach, and the
report is the one validating the whole graph gives, on changes that break and mend every kind of shape."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Triple, serialize

from graphkit import shacl_sparql
from graphkit.projections.rdf import to_triples
from graphkit.shacl_delta import Pattern, rule_locality
from graphkit.stores.memo import Memo
from graphkit.validate import validate_ntriples

EX = "http://example.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIX = f"PREFIX ex: <{EX}>\n"
STUDY = "http://rdf-vocabulary.ddialliance.org/discovery#Study"


def _ex(name: str) -> NamedNode:
    return NamedNode(EX + name)


# --- reading a rule's patterns ---------------------------------------------------------------------------------

def test_a_rule_is_read_as_the_patterns_joined_to_its_value() -> None:
    locality = rule_locality(PREFIX + """SELECT $this ?value WHERE {
        ?value ex:owns ?thing ; a ex:Owner .
        OPTIONAL { ?thing ex:madeBy ?maker }
        FILTER (!BOUND(?maker) || ?maker != ?value)
    }""")
    assert locality is not None and locality.key == "?value"
    assert set(locality.alternatives[0]) == {
        Pattern("?value", _ex("owns"), "?thing"), Pattern("?value", NamedNode(RDF_TYPE), _ex("Owner")),
        Pattern("?thing", _ex("madeBy"), "?maker")}


def test_each_union_branch_is_an_alternative_and_a_negated_groups_own_variables_stay_apart() -> None:
    locality = rule_locality(PREFIX + """SELECT ?value WHERE {
        { ?value ex:lends ?item } UNION { ?value ex:borrows ?item . FILTER (?item != ex:nothing) }
        FILTER NOT EXISTS { ?item ex:lostBy ?who }
        FILTER NOT EXISTS { ?value ex:trusts ?who }
    }""")
    assert locality is not None and len(locality.alternatives) == 2
    first = locality.alternatives[0]
    assert Pattern("?value", _ex("lends"), "?item") in first and Pattern("?value", _ex("borrows"), "?item") not in first
    lost = next(p for p in first if p.predicate == _ex("lostBy"))
    trusts = next(p for p in first if p.predicate == _ex("trusts"))
    assert lost.object != trusts.object  # two NOT EXISTS, each its own ?who


@pytest.mark.parametrize("select", [
    "SELECT ?value WHERE { ?value ex:a/ex:b ?x }",                               # a property path
    "SELECT ?value WHERE { ?value ex:a ?x . ?other ex:b ?y }",                   # a pattern apart from the value
    "SELECT ?value WHERE { ?x ex:a ?y OPTIONAL { ?x ex:b ?value } }",            # a row may lack its value
    "SELECT ?value WHERE { ?value ex:a ?x . BIND (ex:b AS ?y) ?y ex:c ?z }",     # a computed value joins patterns
    "SELECT ?value WHERE { VALUES ?value { ex:one } ?value ex:a ?x }",
    "SELECT ?value WHERE { ?value ex:a ?x } GROUP BY ?value",
    "SELECT ?value WHERE { ?value ex:a [ ex:b ?x ] }",
    "SELECT ?value WHERE { ?value ?p ?x . ?p ex:b ?y }",                         # a predicate that is also a node
    "SELECT ?value WHERE { { SELECT ?value WHERE { ?value ex:a ?x } } }",
])
def test_what_cannot_be_read_as_one_nodes_rule_has_no_locality(select: str) -> None:
    assert rule_locality(PREFIX + select) is None


def test_every_rule_of_the_shipped_shapes_is_read() -> None:
    from graphkit.ontology import text

    compiled = shacl_sparql.compile_shapes(text("shapes.ttl"))
    assert compiled.sparql and all(rule.locality is not None for rule in compiled.sparql)


# --- rechecking gives the whole graph's report ------------------------------------------------------------------

def _store(tmp_path: Path, triples: list[Triple], name: str) -> Path:
    folder = tmp_path / name
    store = Store(str(folder))
    store.bulk_load(serialize(triples, format=RdfFormat.N_TRIPLES), format=RdfFormat.N_TRIPLES)
    store.flush()
    del store
    return folder


def _nt(triples: list[Triple]) -> bytes:
    return serialize(sorted(set(triples), key=str), format=RdfFormat.N_TRIPLES)


def _mutated(triples: list[Triple], rng: random.Random) -> list[Triple]:
    """The graph with a few random changes of the kinds a review or an edit makes, and of the kinds that break shapes."""
    data = list(triples)
    nodes = sorted({t.subject for t in data}, key=str)
    # not the study: a new focus node of the rules for the whole graph is validated whole (tested below)
    classes = sorted({t.object for t in data if t.predicate.value == RDF_TYPE and t.object.value != STUDY}, key=str)
    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(["drop-line", "drop-node", "second-value", "retype", "rewire", "bad-literal", "self-loop"])
        pick = rng.choice(data)
        if kind == "drop-line":
            data.remove(pick)
        elif kind == "drop-node":
            data = [t for t in data if t.subject != pick.subject]
        elif kind == "second-value" and isinstance(pick.object, Literal):
            value = pick.object.value + "0"
            other = Literal(value, language=pick.object.language) if pick.object.language else Literal(value, datatype=pick.object.datatype)
            data.append(Triple(pick.subject, pick.predicate, other))
        elif kind == "retype":
            data.append(Triple(rng.choice(nodes), NamedNode(RDF_TYPE), rng.choice(classes)))
        elif kind == "rewire" and isinstance(pick.object, NamedNode):
            data.remove(pick)
            data.append(Triple(pick.subject, pick.predicate, rng.choice(nodes)))
        elif kind == "bad-literal" and isinstance(pick.object, Literal):
            data.remove(pick)
            data.append(Triple(pick.subject, pick.predicate, Literal("x", datatype=NamedNode(XSD + "integer"))))
        elif kind == "self-loop":
            person = rng.choice(nodes)
            data.append(Triple(person, NamedNode("http://purl.org/vocab/relationship/parentOf"), person))
    return data


@pytest.fixture(scope="module")
def triples(devset_build) -> list[Triple]:
    return list(to_triples(devset_build.graph))


def _chain(tmp_path: Path, graphs: list[list[Triple]], monkeypatch) -> list[tuple[str, str]]:
    """Each graph validated after the one before it, rechecked from its memo (the whole graph never run again),
    and validated whole: the two reports of each."""
    reports = []
    memo = Memo(tmp_path / "none", tmp_path / "m0", "validation", "k")
    validate_ntriples(_nt(graphs[0]), memo)
    memo.save()
    for i, graph in enumerate(graphs[1:], 1):
        whole = validate_ntriples(_nt(graph)).to_json()
        with monkeypatch.context() as m:
            m.setattr(shacl_sparql, "check_rows", lambda *a: pytest.fail("the whole graph was validated again"))
            memo = Memo(tmp_path / f"m{i - 1}", tmp_path / f"m{i}", "validation", "k")
            again = validate_ntriples(_nt(graph), memo, _store(tmp_path, graph, f"store{i}")).to_json()
        memo.save()
        reports.append((again, whole))
    return reports


@pytest.mark.parametrize("seed", range(12))
def test_a_recheck_reports_what_validating_the_whole_graph_reports(triples, tmp_path, monkeypatch, seed: int) -> None:
    rng = random.Random(seed)
    first = _mutated(triples, rng)
    graphs = [triples, first, _mutated(first, rng), triples]  # changed, changed again, then put back
    for again, whole in _chain(tmp_path, graphs, monkeypatch):
        assert again == whole


def test_violations_appear_and_go_with_the_change(triples, tmp_path, monkeypatch) -> None:
    from tests.test_shapes import _broken

    broken = _broken(triples)
    reports = _chain(tmp_path, [triples, broken, triples], monkeypatch)
    assert [again == whole for again, whole in reports] == [True, True]
    assert '"violations": 0' not in reports[0][0] and '"violations": 0' in reports[1][0]


def test_a_large_change_or_a_blank_node_is_validated_whole(triples, tmp_path, monkeypatch) -> None:
    memo = Memo(tmp_path / "none", tmp_path / "m0", "validation", "k")
    validate_ntriples(_nt(triples), memo)
    memo.save()
    calls = []
    real = shacl_sparql.check_rows
    monkeypatch.setattr(shacl_sparql, "check_rows", lambda *a: calls.append(1) or real(*a))
    half = triples[: len(triples) // 2]
    blank = _nt(triples) + f'_:b1 <{EX}note> "x" .\n'.encode()
    study = [*triples, Triple(triples[0].subject, NamedNode(RDF_TYPE), NamedNode(STUDY))]
    for name, data, graph in (("half", _nt(half), half), ("blank", blank, triples), ("study", _nt(study), study)):
        report = validate_ntriples(data, Memo(tmp_path / "m0", tmp_path / name, "validation", "k"), _store(tmp_path, graph, name))
        assert report.to_json() == validate_ntriples(data).to_json()
    assert len(calls) == 6  # each validated whole twice: from the memo, and without one
