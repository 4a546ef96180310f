"""Issue 14, fast rebuilds: what one build leaves in ``<out>/cache`` for the next (the JSON-LD's node objects, the
Oxigraph store and the N-Triples it holds) gives the very bytes and quads of a build from scratch, is refused when
planted or stale, and is safe to delete."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, Store

from graphkit import pipeline
from graphkit.pipeline import build
from graphkit.review.decisions import Decision, decisions_path, fact_ref, save_decision
from graphkit.stores import oxigraph
from graphkit.stores.memo import FOLDER
from graphkit.stores.oxigraph import open_store

OUTPUTS = ("graph.nt", "graph.ttl", "graph.jsonld", "graph.graphml", "validation.json", "problems.json",
           "network.html", "neo4j/rows.json", "neo4j/nodes-Person.csv", "neo4j/nodes-Evidence.csv", "review.json")


def _quads(out: Path) -> list[str]:
    store = open_store(out)
    found = sorted(str(q) for q in store)
    del store
    return found


def _reject(collection: Path, graph, n: int) -> None:
    """Save a decision rejecting the ``n``-th current contact fact of ``graph``."""
    facts = sorted((r for r in graph.relations_of("contact") if r.current and fact_ref(r)), key=lambda r: r.id)
    save_decision(decisions_path(collection), Decision("reject", fact_ref(facts[n]), "AB", f"2026-12-07T21:0{n}:00Z"))


@pytest.fixture
def rebuilt(devset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The devset built, one more decision saved and rebuilt into the same folder; the store updates counted."""
    collection = Path(shutil.copytree(devset, tmp_path / "collection"))
    first = build(collection, tmp_path / "out")
    _reject(collection, first.graph, 0)
    updates = []
    real = oxigraph._updated
    monkeypatch.setattr(oxigraph, "_updated", lambda *a: updates.append(a[0]) or real(*a))
    return collection, build(collection, tmp_path / "out"), updates


def test_a_rebuild_from_the_cache_is_a_build_from_scratch(rebuilt, tmp_path: Path) -> None:
    collection, result, updates = rebuilt
    assert updates == [result.out / "store"]  # the store was changed in place, not loaded again
    fresh = build(collection, tmp_path / "fresh")
    families = [str(p.relative_to(fresh.out)) for p in sorted((fresh.out / "families").iterdir())]
    for name in [*OUTPUTS, "review.html", *families]:
        assert (result.out / name).read_bytes() == (fresh.out / name).read_bytes(), name
    assert _quads(result.out) == _quads(fresh.out)
    assert {p.name for p in (result.out / FOLDER).iterdir()} >= {"jsonld.pickle", "store.pickle", "views.pickle"}
    # the rejected fact left the store as it left graph.nt
    assert len(_quads(result.out)) == len((result.out / "graph.nt").read_bytes().splitlines())


def test_a_store_changed_behind_the_cache_is_loaded_again(rebuilt, tmp_path: Path) -> None:
    collection, result, updates = rebuilt
    stray = Quad(NamedNode("https://example.org/stray"), NamedNode("https://example.org/p"), NamedNode("https://example.org/o"))
    store = Store(str(result.out / "store"))
    store.add(stray)
    store.flush()
    del store
    _reject(collection, result.graph, 1)
    again = build(collection, result.out)
    assert updates == [result.out / "store"]  # the second rebuild did not trust the changed store
    assert str(stray) not in _quads(again.out)
    assert _quads(again.out) == _quads(build(collection, tmp_path / "fresh").out)


def test_a_planted_memo_is_refused_and_the_cache_is_safe_to_delete(rebuilt, tmp_path: Path) -> None:
    collection, result, _ = rebuilt
    expected = {name: (result.out / name).read_bytes() for name in OUTPUTS}

    class Planted:
        def __reduce__(self):
            return (Path.touch, (tmp_path / "pwned",))

    memo = result.out / FOLDER / "jsonld.pickle"
    key = memo.read_bytes().split(b"\n", 1)[0]
    memo.write_bytes(key + b"\n" + pickle.dumps({b"x" * 16: Planted()}))
    build(collection, result.out)
    assert not (tmp_path / "pwned").exists()
    assert {name: (result.out / name).read_bytes() for name in OUTPUTS} == expected
    shutil.rmtree(result.out / FOLDER)
    build(collection, result.out)
    assert {name: (result.out / name).read_bytes() for name in OUTPUTS} == expected


def test_write_outputs_alone_keeps_no_cache(devset: Path, tmp_path: Path) -> None:
    """A library caller that does not ask for reuse gets the outputs and nothing in ``cache``."""
    pipeline.write_outputs(pipeline.build_graph(devset), tmp_path / "out")
    assert not (tmp_path / "out" / FOLDER).exists()


def test_a_changed_blank_node_triple_reloads_the_store(tmp_path: Path) -> None:
    """Oxigraph renames blank nodes as it loads: a changed triple naming one could not be found to remove."""
    from pyoxigraph import BlankNode, Literal, Triple

    from graphkit.stores.oxigraph import write_store

    p = NamedNode("https://example.org/p")
    kept = Triple(NamedNode("https://example.org/s"), p, Literal("kept"))
    gone = Triple(BlankNode("b1"), p, Literal("gone"))
    write_store([kept, gone], tmp_path, previous=tmp_path)
    write_store([kept], tmp_path, previous=tmp_path)
    assert _quads(tmp_path) == [str(Quad(kept.subject, kept.predicate, kept.object))]


def test_the_linked_data_written_from_the_cache_is_the_linked_data_written_whole(rebuilt, tmp_path: Path) -> None:
    """``build`` writes Turtle, N-Triples and JSON-LD subject by subject (each kept for the next build);
    ``write_outputs`` without reuse writes them from the whole triple set: the same bytes."""
    _, result, _ = rebuilt
    pipeline.write_outputs(result.graph, tmp_path / "whole")
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        assert (tmp_path / "whole" / name).read_bytes() == (result.out / name).read_bytes(), name


def test_a_rebuild_of_the_same_triples_keeps_the_report(devset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing changed: the SHACL report of the build before is kept (and is the same bytes); a decision
    changes a few triples, and the checks are run again for the nodes they reach."""
    from graphkit import shacl_sparql

    collection = Path(shutil.copytree(devset, tmp_path / "collection"))
    first = build(collection, tmp_path / "out")
    report, problems = (first.out / "validation.json").read_bytes(), (first.out / "problems.json").read_bytes()
    checks, rechecks = [], []
    whole, part = shacl_sparql.check_rows, shacl_sparql.recheck
    monkeypatch.setattr(shacl_sparql, "check_rows", lambda *a: checks.append(1) or whole(*a))
    monkeypatch.setattr(shacl_sparql, "recheck", lambda *a: rechecks.append(1) or part(*a))
    again = build(collection, tmp_path / "out")
    assert checks == rechecks == [] and (again.out / "validation.json").read_bytes() == report
    assert (again.out / "problems.json").read_bytes() == problems
    _reject(collection, again.graph, 0)
    build(collection, tmp_path / "out")
    assert (checks, rechecks) == ([], [1])  # only the nodes the decision's triples reach were checked again
