"""One policy for every file the build opens (issue 16, items 4-6): tables found by the folder walk, listed
data files and mapping.toml are read only inside the collection, only as regular files, only up to a cap.

A FIFO or /dev/zero would hang the build (or exhaust memory) on code without the policy, so those builds run
in a child process with a timeout: a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import graphkit
from graphkit.errors import CollectionError, UnsafeInputError
from graphkit.pipeline import build, build_graph
from graphkit.readers import tables
from graphkit.readers.paths import read_capped

SECRET = "Zebedee"  # a pseudonym only the file outside the collection holds
LISTING = "File name,Data set,Data type,ID codes,Date,Country,Descriptor\n"
PARTICIPANTS = 'ID code,Pseudonym,Participant type,Descriptor\nSP01,Dorothy,Mother,"Mother, Scotland, 30s."\n'
TEXT = "INT: Tell me about the children.\nSP01: Brooke lives with me.\n"


def _collection(root: Path, *, participants: str | None = PARTICIPANTS, listing: str | None = None) -> Path:
    (root / "texts").mkdir(parents=True)
    if participants is not None:
        (root / "participants.csv").write_text(participants, encoding="utf-8")
    (root / "services.csv").write_text("ID code,Service name,Country\nSS01,Thistle Recovery,Scotland\n", encoding="utf-8")
    if listing is not None:
        (root / "Study_metadata.csv").write_text(listing, encoding="utf-8")
    (root / "texts" / "SP01_Interview1.txt").write_text(TEXT, encoding="utf-8")
    return root


def _listing(*names: str) -> str:
    return LISTING + "".join(f"{n},Parent/Family,Interview,SP01,2021-05-04,Scotland,Interview.\n" for n in names)


def _problems_in_child(collection: Path, timeout: float = 60.0) -> list[str]:
    """build_graph in a fresh interpreter, stopped after ``timeout`` seconds: its problems."""
    code = ("import json, sys; from pathlib import Path; from graphkit.pipeline import build_graph; "
            "print(json.dumps([str(p) for p in build_graph(Path(sys.argv[1])).problems]))")
    env = {**os.environ, "PYTHONPATH": str(Path(graphkit.__file__).resolve().parents[1])}
    try:
        done = subprocess.run([sys.executable, "-c", code, str(collection)], capture_output=True, text=True,
                              env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build did not finish in {timeout:.0f} s: it is blocked on a file it should not open")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- item 4: symlinks out of the collection ------------------------------------------------------------------


def test_a_participants_table_symlinked_outside_is_refused_and_never_reaches_an_output(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "participants.csv"
    outside.parent.mkdir()
    outside.write_text(f'ID code,Pseudonym,Participant type,Descriptor\nSP01,{SECRET},Mother,"Mother, 30s."\n', encoding="utf-8")
    root = _collection(tmp_path / "c", participants=None, listing=_listing("texts/SP01_Interview1.txt"))
    (root / "participants.csv").symlink_to(outside)
    result = build(root, tmp_path / "out")
    problems = [str(p) for p in result.graph.problems]
    assert "participants.csv: links outside the collection: not read" in problems
    everything = b"".join(p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert SECRET.encode() not in everything


def test_a_mapping_file_symlinked_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "mapping.toml"
    outside.write_text(f'[aliases]\nSS01 = ["{SECRET}"]\n', encoding="utf-8")
    root = _collection(tmp_path / "c", listing=_listing("texts/SP01_Interview1.txt"))
    (root / "mapping.toml").symlink_to(outside)
    graph = build_graph(root)
    assert "mapping.toml: links outside the collection: not read" in [str(p) for p in graph.problems]
    assert SECRET not in repr(graph.entities)


def test_a_symlink_that_stays_inside_the_collection_is_read(tmp_path: Path) -> None:
    root = _collection(tmp_path / "c", listing=_listing("texts/link.txt"))
    (root / "texts" / "link.txt").symlink_to(root / "texts" / "SP01_Interview1.txt")
    graph = build_graph(root)
    assert "texts/link.txt" in graph.files
    assert not [p for p in graph.problems if p.where.startswith(("texts/link.txt", "Study_metadata.csv"))]


def test_a_symlink_loop_as_a_table_or_a_listed_file_is_reported_not_raised(tmp_path: Path) -> None:
    root = _collection(tmp_path / "c", participants=None, listing=_listing("texts/SP01_Interview1.txt", "texts/loop.txt"))
    (root / "participants.csv").symlink_to(root / "people.csv")
    (root / "people.csv").symlink_to(root / "participants.csv")
    (root / "texts" / "loop.txt").symlink_to(root / "texts" / "loop.txt")
    problems = [str(p) for p in build_graph(root).problems]
    assert "participants.csv: a symlink loop: not read" in problems
    assert any(p.startswith("Study_metadata.csv, line 3 (data row 2): refused") for p in problems), problems


def test_scan_skips_a_symlink_loop_instead_of_crashing(tmp_path: Path) -> None:
    from graphkit.cli.scan import collection_files

    root = _collection(tmp_path / "c")
    (root / "texts" / "loop.txt").symlink_to(root / "texts" / "loop.txt")
    files, skipped = collection_files(root)
    assert skipped == ["texts/loop.txt: points outside the collection; not read"]
    assert "SP01_Interview1.txt" in [p.name for p in files]


# -- item 5: size caps -----------------------------------------------------------------------------------------


def test_a_table_over_the_cap_is_a_located_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 4096)
    rows = "".join(f'SP{i:02d},Name{i},Mother,"Mother, 30s."\n' for i in range(1, 200))
    root = _collection(tmp_path / "c", participants="ID code,Pseudonym,Participant type,Descriptor\n" + rows,
                       listing=_listing("texts/SP01_Interview1.txt"))
    problems = [str(p) for p in build_graph(root).problems]
    size = (root / "participants.csv").stat().st_size
    assert f"participants.csv: larger than 4096 bytes ({size}): not read" in problems
    assert "Name1" not in " ".join(problems)


def test_the_table_cap_is_read_from_the_size_before_any_byte(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(tables.MAX_TABLE_BYTES + 1)  # sparse: no disk used, and nothing is read
    with pytest.raises(UnsafeInputError, match=f"larger than {tables.MAX_TABLE_BYTES} bytes"):
        read_capped(big, tables.MAX_TABLE_BYTES)


def test_a_listing_symlinked_to_dev_zero_is_refused(tmp_path: Path) -> None:
    root = _collection(tmp_path / "c")
    (root / "Study_metadata.csv").symlink_to("/dev/zero")
    problems = _problems_in_child(root)
    assert "Study_metadata.csv: links outside the collection: not read" in problems


# -- item 6: regular files only ----------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_as_a_table_or_a_listed_file_is_reported_and_the_build_finishes(tmp_path: Path) -> None:
    root = _collection(tmp_path / "c", participants=None,
                       listing=_listing("texts/SP01_Interview1.txt", "texts/SP01_Interview2.txt"))
    os.mkfifo(root / "participants.csv")
    os.mkfifo(root / "texts" / "SP01_Interview2.txt")
    problems = _problems_in_child(root)
    assert "participants.csv: a FIFO (named pipe), not a regular file: not read" in problems
    assert "texts/SP01_Interview2.txt: a FIFO (named pipe), not a regular file: not read" in problems


def test_a_device_or_a_folder_is_not_read(tmp_path: Path) -> None:
    with pytest.raises(CollectionError, match="a character device, not a regular file"):
        read_capped(Path("/dev/null"), 100)
    with pytest.raises(CollectionError, match="a folder, not a regular file"):
        read_capped(tmp_path, 100)
