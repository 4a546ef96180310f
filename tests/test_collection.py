"""Bad input: one located problem each, the build goes on, nothing dropped silently."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graphkit.pipeline import build, build_graph
from graphkit.readers.collection import normalise_date, read_collection
from graphkit.errors import StrictModeError

LISTING = "File name,Data set,Data type,ID codes,Date,Country\n"


def _collection(tmp_path: Path, listing_rows: list[str], people: str = "") -> Path:
    root = tmp_path / "c"
    (root / "texts").mkdir(parents=True)
    (root / "meta_metadata.csv").write_text(LISTING + "".join(r + "\n" for r in listing_rows), encoding="utf-8")
    (root / "participants.csv").write_text("ID code,Pseudonym,Participant type,Descriptor\n" + people, encoding="utf-8")
    (root / "services.csv").write_text("Service ID,Service name,Descriptor\nS1,Oak House,NHS drug treatment service in England\n", encoding="utf-8")
    return root


def _problems(root: Path) -> list[str]:
    return [str(p) for p in build_graph(root).problems]


def test_devset_planted_problems_are_located(devset: Path, devset_gold: dict) -> None:
    problems = [str(p) for p in build_graph(devset).problems]
    assert "Relations_DEV_metadata.csv, line 9 (data row 8): listed data file is missing: DP05_Interview2.txt" in problems
    assert any(p.startswith("services_professionals/DS1_Fieldnotes_2021-06-10.txt, line 12:") and "DP77" in p for p in problems)
    assert any(p.startswith("participants.csv:") and "Windows-1252" in p for p in problems)
    assert len(devset_gold["bad_input"]) == 3


def test_unlisted_empty_and_unknown_ids(tmp_path: Path) -> None:
    root = _collection(tmp_path, ["texts/a.txt,Parent/Family,Interview,P1; P404,2021-05-01,England", "texts/empty.txt,Parent/Family,Interview,P1,2021-05-01,England"],
                       "P1,Ann,Mother,\"Mother, 30s, England\"\nP1,Annie,Mother,duplicate\n")
    (root / "texts" / "a.txt").write_text("INT: Hi.\nAnn: Hello.\n", encoding="utf-8")
    (root / "texts" / "empty.txt").write_text("", encoding="utf-8")
    (root / "texts" / "stray.txt").write_text("not listed", encoding="utf-8")
    problems = _problems(root)
    assert "texts/stray.txt: data file is not named in the listing: not read" in problems
    assert "texts/empty.txt: file is empty" in problems
    assert any("P404" in p and "data row 1" in p for p in problems)
    assert any("participants.csv, line 3 (data row 2): duplicate ID P1" in p for p in problems)


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/passwd", "C:\\\\x.txt", "texts/../../outside.txt"])
def test_paths_leaving_the_collection_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    root = _collection(tmp_path, [f'"{name}",Parent/Family,Interview,,2021-05-01,England'])
    problems = _problems(root)
    assert any("refused file path that leaves the collection" in p for p in problems), problems


def test_symlink_out_of_the_collection_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    root = _collection(tmp_path, ["texts/link.txt,Parent/Family,Interview,,2021-05-01,England"])
    os.symlink(tmp_path / "secret.txt", root / "texts" / "link.txt")
    assert any("links outside the collection" in p for p in _problems(root))


def test_strict_fails_and_outputs_still_written(tmp_path: Path, devset: Path) -> None:
    with pytest.raises(StrictModeError):
        build(devset, tmp_path / "out", strict=True)
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_every_listed_file_is_in_the_graph_or_reported(devset: Path) -> None:
    collection = read_collection(devset)
    graph = build_graph(devset)
    listed = {r.fields["file"] for r in collection.tables["listing"].rows}
    in_graph = {Path(p).name for p in graph.files}
    reported = " ".join(str(p) for p in graph.problems)
    assert all(name in in_graph or name in reported for name in listed)


@pytest.mark.parametrize("raw, iso", [("2021-07-14", "2021-07-14"), ("09/11/2021", "2021-11-09"), ("March 2022", "2022-03"), ("Sept 2021", "2021-09"), ("", None)])
def test_dates(raw: str, iso: str | None) -> None:
    assert normalise_date(raw) == iso


def test_build_is_deterministic(tmp_path: Path, devset: Path) -> None:
    build(devset, tmp_path / "a")
    build(devset, tmp_path / "b")
    for name in ("graph.ttl", "graph.nt", "graph.graphml", "problems.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_rebuild_replaces_store_and_leaves_no_temporaries(tmp_path: Path, devset: Path) -> None:
    build(devset, tmp_path / "out")
    build(devset, tmp_path / "out")
    leftovers = [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]
    assert leftovers == []
    shutil.rmtree(tmp_path / "out")
