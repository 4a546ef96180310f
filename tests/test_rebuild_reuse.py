"""A rebuild takes over, as hard links, the files of the build before that it would write again byte for byte
(the extraction cache, ``texts.json``, the memos' bases); whatever changed is written anew, and two rebuilds
in a row still give the bytes of a build from scratch. The store's record names ``graph.nt`` rather than
copying it, and the store is changed by exactly the lines that differ; the heap is frozen while writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.pipeline import build
from graphkit.review.decisions import Decision, decisions_path, fact_ref, save_decision
from graphkit.stores.memo import FOLDER

OUTPUTS = ("graph.nt", "graph.ttl", "graph.jsonld", "graph.graphml", "texts.json", "problems.json",
           "neo4j/rows.json", "neo4j/nodes-Evidence.csv", "review.json")


def _inode(path: Path) -> int:
    return path.stat().st_ino


def _reject(collection: Path, graph, n: int) -> None:
    facts = sorted((r for r in graph.relations_of("contact") if r.current and fact_ref(r)), key=lambda r: r.id)
    save_decision(decisions_path(collection), Decision("reject", fact_ref(facts[n]), "AB", f"2026-12-07T23:0{n}:00Z"))


def test_two_rebuilds_link_what_is_unchanged_and_match_a_build_from_scratch(devset: Path, tmp_path: Path) -> None:
    collection = Path(shutil.copytree(devset, tmp_path / "collection"))
    out = tmp_path / "out"
    result = build(collection, out)
    kept = {name: _inode(out / name) for name in ("texts.json", f"{FOLDER}/extract.pickle", f"{FOLDER}/turtle.pickle")}
    for n in range(2):
        _reject(collection, result.graph, n)
        result = build(collection, out)
    assert {name: _inode(out / name) for name in kept} == kept
    fresh = build(collection, tmp_path / "fresh")
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fresh.out / name).read_bytes(), name


def test_a_changed_text_or_a_texts_file_changed_since_is_written_again(devset: Path, tmp_path: Path) -> None:
    collection = Path(shutil.copytree(devset, tmp_path / "collection"))
    out = tmp_path / "out"
    build(collection, out)
    expected = (out / "texts.json").read_bytes()
    (out / "texts.json").write_bytes(b"{}\n")  # changed in place behind the build's back
    build(collection, out)
    assert (out / "texts.json").read_bytes() == expected
    text = next(p for p in sorted(collection.rglob("*.txt")) if p.read_text(encoding="utf-8").strip())
    text.write_text(text.read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    before = _inode(out / "texts.json")
    build(collection, out)
    assert _inode(out / "texts.json") != before
    assert (out / "texts.json").read_bytes() == (build(collection, tmp_path / "fresh").out / "texts.json").read_bytes()
    assert b"A line added later." in (out / "texts.json").read_bytes()


def test_the_store_record_names_graph_nt_and_a_changed_graph_nt_reloads_the_store(
        devset: Path, tmp_path: Path, monkeypatch) -> None:
    from graphkit.stores import oxigraph
    from graphkit.stores.oxigraph import open_store

    collection = Path(shutil.copytree(devset, tmp_path / "collection"))
    out = tmp_path / "out"
    result = build(collection, out)
    nt = (out / "graph.nt").read_bytes()
    assert (out / FOLDER / oxigraph.RECORD).stat().st_size < len(nt) // 10  # not a copy of the N-Triples
    updates = []
    real = oxigraph._updated
    monkeypatch.setattr(oxigraph, "_updated", lambda *a: updates.append(1) or real(*a))
    _reject(collection, result.graph, 0)
    result = build(collection, out)
    assert updates == [1]
    lines = (out / "graph.nt").read_bytes().splitlines(keepends=True)
    (out / "graph.nt").write_bytes(b"".join(lines[1:]))  # one triple fewer than the store holds
    _reject(collection, result.graph, 1)
    build(collection, out)
    assert updates == [1]  # not diffed against the changed file: loaded again
    quads = [sorted(str(q) for q in open_store(folder)) for folder in (out, build(collection, tmp_path / "fresh").out)]
    assert quads[0] == quads[1]


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(0, 60)), st.sets(st.integers(0, 60)), st.sampled_from([4, 16, 64]))
def test_the_changed_lines_are_those_of_comparing_every_line(old: set[int], new: set[int], chunk: int) -> None:
    """What the store removes and adds, found after cutting off the runs both texts begin and end with, is what
    comparing every line finds (chunks as small as a line, so that cuts fall inside lines too)."""
    from graphkit.stores import oxigraph

    def text(numbers: set[int]) -> bytes:
        return b"".join(f"<s{n:02}> <p> <o{n % 7}> .\n".encode() for n in sorted(numbers))

    before, after = text(old), text(new)
    expected = tuple(sorted(a - b - {b""}) for a, b in
                     ((set(before.split(b"\n")), set(after.split(b"\n"))), (set(after.split(b"\n")), set(before.split(b"\n")))))
    real = oxigraph._CHUNK
    try:
        oxigraph._CHUNK = chunk
        assert oxigraph.changed_lines.__wrapped__(before, after) == expected  # not the answer kept for other chunks
    finally:
        oxigraph._CHUNK = real


def test_the_heap_is_frozen_while_the_outputs_are_written_and_only_then(devset: Path, tmp_path: Path, monkeypatch) -> None:
    """The model is left out of the garbage collector's passes while the outputs are written (a full pass over it
    was a twentieth of a rebuild), and the heap is as before once the build is done, or has failed."""
    import gc

    from graphkit import pipeline

    seen = []
    real = pipeline.write_outputs
    monkeypatch.setattr(pipeline, "write_outputs", lambda *a, **k: seen.append(gc.get_freeze_count()) or real(*a, **k))
    build(devset, tmp_path / "out")
    assert seen[0] > 0 and gc.get_freeze_count() == 0

    def fail(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(pipeline, "write_outputs", fail)
    with pytest.raises(OSError):
        build(devset, tmp_path / "out")
    assert gc.get_freeze_count() == 0


def test_the_updated_store_links_the_table_files_it_keeps(devset: Path, tmp_path: Path) -> None:
    collection = Path(shutil.copytree(devset, tmp_path / "collection"))
    result = build(collection, tmp_path / "out")
    tables = {_inode(p) for p in (result.out / "store").glob("*.sst")}
    _reject(collection, result.graph, 0)
    again = build(collection, result.out)
    assert tables & {_inode(p) for p in (again.out / "store").glob("*.sst")}  # RocksDB may compact some away


def test_a_rebuild_after_a_build_takes_every_part_from_the_memos(devset: Path, tmp_path: Path, monkeypatch) -> None:
    """The first build extracts its model, the next reads it back from the cache: the model's objects are
    shared differently (fewer strings are one object), yet the memo keys are the same, so nothing is redone."""
    from graphkit.projections import neo4j_rows, rdf

    build(devset, tmp_path / "out")
    made = []
    triples, rows = rdf._Emitter._part, neo4j_rows._Builder.part
    monkeypatch.setattr(rdf._Emitter, "_part", lambda self, emit, item: made.append(item) or triples(self, emit, item))
    monkeypatch.setattr(neo4j_rows._Builder, "part", lambda self, emit, item: made.append(item) or rows(self, emit, item))
    build(devset, tmp_path / "out")
    assert made == []
