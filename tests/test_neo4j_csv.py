"""neo4j-admin import CSVs: headers, formula-neutralised cells, atomic files, the rows file."""

from __future__ import annotations

import csv
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphkit.projections.neo4j_rows import PropertyGraphRows, rows_from_graph
from graphkit.stores.neo4j_csv import neutralise, read_rows, write_import_csv, write_neo4j_folder
from test_neo4j_rows import small_graph

PAYLOADS = ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\0x"]


@pytest.mark.parametrize("cell", PAYLOADS)
def test_formula_cells_get_a_quote(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@given(st.text())
def test_neutralise_never_leaves_a_formula(cell: str) -> None:
    out = neutralise(cell)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r", "\0"))
    assert out in (cell, "'" + cell)


def _read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_headers(tmp_path) -> None:
    written = write_import_csv(rows_from_graph(small_graph()), tmp_path)
    person = _read(written["nodes-Person.csv"])
    assert person[0][:2] == ["id:ID(Person)", ":LABEL"]
    assert "firstTimeParent:boolean" in person[0]
    labels = {row[0]: row[1] for row in person[1:]}
    assert labels["P01"] == "Person;Participant" and labels["X01"] == "Person"
    rel = _read(written["rels-PARENT_OF-Person-Person.csv"])
    assert rel[0][:3] == [":START_ID(Person)", ":END_ID(Person)", ":TYPE"]
    assert "current:boolean" in rel[0] and "evidenceCount:long" in rel[0] and "evidenceIds:string[]" in rel[0]
    assert rel[1][:3] == ["P01", "C01", "PARENT_OF"]
    assert "--nodes=nodes-Person.csv" in written["IMPORT.txt"].read_text()


def test_every_text_cell_neutralised(tmp_path) -> None:
    written = write_import_csv(rows_from_graph(small_graph("=cmd|' /C calc'!A0")), tmp_path)
    cells = [cell for path in written.values() if path.suffix == ".csv" for row in _read(path) for cell in row]
    assert cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'=cmd|' /C calc'!A0" in cells


def test_no_temp_files_left(tmp_path) -> None:
    write_neo4j_folder(small_graph(), tmp_path)
    assert not [p for p in (tmp_path / "neo4j").iterdir() if p.name.startswith(".")]


def test_rows_file_round_trips(tmp_path) -> None:
    g = small_graph("-1 and \"quotes\"\nnewline")
    write_neo4j_folder(g, tmp_path)
    assert read_rows(tmp_path).to_json() == rows_from_graph(g).to_json()
    assert read_rows(tmp_path / "neo4j" / "rows.json").to_json() == rows_from_graph(g).to_json()
    json.loads((tmp_path / "neo4j" / "rows.json").read_text(encoding="utf-8"))


def test_unknown_label_refused(tmp_path) -> None:
    rows = PropertyGraphRows([{"label": "Person) DETACH DELETE (n", "id": "x", "props": {"id": "x"}}], [])
    with pytest.raises(ValueError):
        write_import_csv(rows, tmp_path)


def _files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "neo4j").iterdir())}


def test_a_folder_written_from_the_memo_is_the_folder_written_without_one(tmp_path) -> None:
    """One participant's household becomes a number: the Person column turns ``:long`` for every row, so
    the rows that did not change are written anew too; the files no row of which changed come from the memo."""
    from graphkit.stores.memo import Memo

    first = Memo(tmp_path / "none", tmp_path / "one", "neo4j", "k")
    write_neo4j_folder(small_graph(), tmp_path / "one", first)
    first.save()
    changed = small_graph()
    changed.entities["P01"].attrs["household"] = 2
    again = Memo(tmp_path / "one", tmp_path / "two", "neo4j", "k")
    write_neo4j_folder(changed, tmp_path / "two", again)
    write_neo4j_folder(changed, tmp_path / "plain")
    assert _files(tmp_path / "two") == _files(tmp_path / "plain")
    assert "household:long" in _read(tmp_path / "two" / "neo4j" / "nodes-Person.csv")[0]
    csvs = [v for v in again.new.values() if isinstance(v, str)]
    assert len(set(again.new) & set(again.old)) >= 5 and csvs  # parts and whole files came from the memo
