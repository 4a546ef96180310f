"""Fault injection: a write that fails mid-build leaves the previous ``<out>`` intact and no temp files."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from graphkit import pipeline
from graphkit.model import Graph
from graphkit.stores import files
from graphkit.stores.files import replace_dir_atomic, write_bytes_atomic

OUTPUT_FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "neo4j/rows.json", "validation.json",
                "problems.json", "network.html", "families/index.html")
#: os.replace calls of one write_outputs over an earlier one, in order (a folder swap takes two).
REPLACES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "store: old aside", "store: new in",
            "neo4j: old aside", "neo4j: new in", "validation.json", "network.html", "families: old aside", "families: new in",
            "problems.json")
SWAP_IN = {"store": 6, "neo4j": 8, "families": 12}  # 1-based call that puts the new folder in place


class Boom(OSError):
    pass


def fail_on_call(monkeypatch: pytest.MonkeyPatch, n: int) -> list[tuple[str, str]]:
    """Make the ``n``-th os.replace (1-based) raise; return the calls seen."""
    real, calls = os.replace, []

    def replace(src, dst, *args, **kwargs):
        calls.append((str(src), str(dst)))
        if len(calls) == n:
            raise Boom(errno.EIO, "injected failure", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return calls


def strays(folder: Path) -> list[str]:
    """Temporary leftovers: .name.*.tmp files, .store-* build folders, .store.old."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*") if p.name != ".lock")


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def store_names(out: Path) -> set[str]:
    from graphkit.stores.oxigraph import open_store, run_select

    store = open_store(out)
    _, rows = run_select(store, "SELECT ?n WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?n }")
    names = {r["n"] for r in rows}
    del store
    return names


# -- single files --------------------------------------------------------------------


def test_replace_fails_previous_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"previous")
    fail_on_call(monkeypatch, 1)
    with pytest.raises(Boom):
        write_bytes_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_first_write_fails_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_on_call(monkeypatch, 1)
    with pytest.raises(Boom):
        write_bytes_atomic(tmp_path / "graph.nt", b"new")
    assert os.listdir(tmp_path) == []


class _DiskFull:
    """A file handle that writes half of what it is given, then fails as a full disk does."""

    def __init__(self, handle):
        self._handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._handle, name)


@pytest.mark.parametrize("fault", ["disk-full", "fsync"])
def test_write_or_fsync_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    target = tmp_path / "problems.json"
    target.write_bytes(b"[]\n")
    if fault == "disk-full":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _DiskFull(real_fdopen(fd, *a, **k)))
    else:
        def fsync(fd):
            raise OSError(errno.EIO, "I/O error")

        monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"x" * 100_000)
    assert target.read_bytes() == b"[]\n"
    assert os.listdir(tmp_path) == ["problems.json"]


def test_interrupt_mid_write_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C (KeyboardInterrupt, a BaseException) mid-write is cleaned up as well."""
    target = tmp_path / "graph.graphml"
    target.write_bytes(b"<graphml/>")

    def fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"<graphml>new</graphml>")
    assert target.read_bytes() == b"<graphml/>" and os.listdir(tmp_path) == ["graph.graphml"]


# -- the store folder swap -------------------------------------------------------------


def _folder(path: Path, marker: str) -> Path:
    path.mkdir()
    (path / "marker").write_text(marker)
    return path


@pytest.mark.parametrize("call", [1, 2])
def test_store_swap_fails_either_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: int) -> None:
    target = _folder(tmp_path / "store", "old")
    fresh = _folder(tmp_path / ".store-new", "new")
    fail_on_call(monkeypatch, call)
    with pytest.raises(Boom):
        replace_dir_atomic(fresh, target)
    assert (target / "marker").read_text() == "old"
    assert not (tmp_path / ".store.old").exists()
    assert fresh.exists()  # the caller (write_store) removes its build folder


def test_store_swap_recovers_after_a_crash_between_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A crash after "store -> .store.old" and before ".store-new -> store": only .store.old is left.
    _folder(tmp_path / ".store.old", "old")
    fresh = _folder(tmp_path / ".store-new", "new")
    real = os.replace

    def replace(src, dst):
        if Path(src) == fresh:
            raise Boom(errno.EIO, "injected failure")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Boom):
        replace_dir_atomic(fresh, tmp_path / "store")
    assert (tmp_path / "store" / "marker").read_text() == "old"  # put back, not deleted
    monkeypatch.undo()
    replace_dir_atomic(fresh, tmp_path / "store")
    assert (tmp_path / "store" / "marker").read_text() == "new"
    assert sorted(os.listdir(tmp_path)) == ["store"]


def test_removing_the_old_store_fails_after_the_swap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _folder(tmp_path / "store", "old")
    fresh = _folder(tmp_path / ".store-new", "new")
    real = shutil.rmtree

    def rmtree(path, ignore_errors=False, **kwargs):
        if ignore_errors:
            return None  # the folder stays: as if every removal failed
        return real(path, **kwargs)

    monkeypatch.setattr(files.shutil, "rmtree", rmtree)
    replace_dir_atomic(fresh, target)  # the swap is done: a leftover is not an error
    assert (target / "marker").read_text() == "new"
    monkeypatch.undo()
    replace_dir_atomic(_folder(tmp_path / ".store-newer", "newer"), target)
    assert sorted(os.listdir(tmp_path)) == ["store"]  # the leftover went with the next swap


# -- whole builds ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory, devset: Path) -> tuple[Graph, Graph]:
    """The development collection's graph, and one of a changed copy (so old and new outputs differ)."""
    copy = tmp_path_factory.mktemp("changed") / "collection"
    shutil.copytree(devset, copy)
    participants = copy / "participants.csv"
    participants.write_bytes(participants.read_bytes().replace(b"DP01,Claire,", b"DP01,Clarissa,", 1))
    return pipeline.build_graph(devset), pipeline.build_graph(copy)


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory, graphs) -> tuple[dict, dict, set, set]:
    old_out, new_out = tmp_path_factory.mktemp("old"), tmp_path_factory.mktemp("new")
    pipeline.write_outputs(graphs[0], old_out)
    pipeline.write_outputs(graphs[1], new_out)
    old, new = snapshot(old_out), snapshot(new_out)
    assert all(old[n] != new[n] for n in OUTPUT_FILES if n not in ("problems.json", "validation.json"))
    return old, new, store_names(old_out), store_names(new_out)


@pytest.mark.parametrize("call", range(1, len(REPLACES) + 1), ids=REPLACES)
def test_failure_mid_build_keeps_previous_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, graphs, expected, call: int) -> None:
    old, new, old_names, new_names = expected
    out = tmp_path / "out"
    pipeline.write_outputs(graphs[0], out)
    calls = fail_on_call(monkeypatch, call)
    with pytest.raises(Boom):
        pipeline.write_outputs(graphs[1], out)
    monkeypatch.undo()
    assert len(calls) == call + (call in SWAP_IN.values())  # a failed swap-in renames the old folder back
    assert strays(out) == []
    done = {name for name in REPLACES[: call - 1] if name in OUTPUT_FILES}
    done |= {name for name in OUTPUT_FILES for folder, swap in SWAP_IN.items() if name.startswith(f"{folder}/") and call > swap}
    now = snapshot(out)
    for name in OUTPUT_FILES:  # each file whole: the new one if its rename ran, else the old one
        assert now[name] == (new[name] if name in done else old[name]), name
    assert store_names(out) == (new_names if call > SWAP_IN["store"] else old_names)
    # A rerun after the fault finishes the job.
    pipeline.write_outputs(graphs[1], out)
    assert snapshot(out) == new and store_names(out) == new_names and strays(out) == []


def test_store_bulk_load_fails_midway(tmp_path: Path, graphs, expected) -> None:
    from graphkit.projections.rdf import to_triples
    from graphkit.stores.oxigraph import write_store

    out = tmp_path / "out"
    pipeline.write_outputs(graphs[0], out)
    triples = to_triples(graphs[1])

    def failing():
        for i, triple in enumerate(triples):
            if i == len(triples) // 2:
                raise Boom(errno.EIO, "injected failure mid-load")
            yield triple

    with pytest.raises(Boom):
        write_store(failing(), out)  # type: ignore[arg-type]
    assert store_names(out) == expected[2] and strays(out) == []


def test_failing_build_through_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, devset: Path, expected) -> None:
    out = tmp_path / "out"
    pipeline.write_outputs(pipeline.build_graph(devset), out)
    fail_on_call(monkeypatch, 3)  # graph.graphml
    with pytest.raises(Boom):
        pipeline.build(devset, out)
    assert snapshot(out) == expected[0] and strays(out) == []
