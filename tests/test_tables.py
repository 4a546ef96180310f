"""The table reader: every format, both encodings, header aliases, a mapping file, located rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import CollectionError
from graphkit.readers.collection import read_collection
from graphkit.readers.tables import normalise_header, read_table

ALIASES = {"id": ["ID code", "Participant ID"], "pseudonym": ["Pseudonym", "Name"], "descriptor": ["Descriptor", "Description"]}
ROWS = [["ID code", "Pseudonym", "Descriptor"], ["P1", "Zoë", "Mother, 30s, Scotland – single"], ["P2", "Rab", "Father"]]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    return "\n".join(delimiter.join(f'"{c}"' if (delimiter in c or "\n" in c) else c for c in row) for row in rows) + "\n"


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("cp1252", "cp1252")])
def test_csv_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "participants.csv"
    path.write_bytes(_csv(ROWS).encode(encoding))
    table = read_table(path, ALIASES)
    assert table.encoding == expected
    assert table.rows[0].fields == {"id": "P1", "pseudonym": "Zoë", "descriptor": "Mother, 30s, Scotland – single"}


@pytest.mark.parametrize("delimiter, suffix", [(";", ".csv"), ("\t", ".tsv"), ("\t", ".csv")])
def test_delimiters(tmp_path: Path, delimiter: str, suffix: str) -> None:
    path = tmp_path / f"participants{suffix}"
    path.write_text(_csv(ROWS, delimiter), encoding="utf-8")
    assert [r.fields["id"] for r in read_table(path, ALIASES).rows] == ["P1", "P2"]


def test_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    path = tmp_path / "participants.xlsx"
    book.save(path)
    table = read_table(path, ALIASES)
    assert [r.fields["pseudonym"] for r in table.rows] == ["Zoë", "Rab"]
    assert table.rows[1].line == 3


def test_header_aliases_ignore_case_and_punctuation(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text("participant_id,NAME,description\nP9,Kyle,son\n", encoding="utf-8")
    assert read_table(path, ALIASES).rows[0].fields == {"id": "P9", "pseudonym": "Kyle", "descriptor": "son"}
    assert normalise_header(" ID-Code ") == "idcode"


def test_multiline_cell_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text('ID code,Pseudonym,Descriptor\nP1,Ann,"first line\nsecond line"\nP2,Bob,x\n', encoding="utf-8")
    rows = read_table(path, ALIASES).rows
    assert (rows[0].line, rows[1].line) == (2, 4)
    assert rows[0].fields["descriptor"] == "first line\nsecond line"


def test_unknown_and_duplicate_headers_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text("ID code,Pseudonym,Favourite colour,Name\nP1,Ann,blue,Annie\n", encoding="utf-8")
    table = read_table(path, ALIASES)
    assert table.unknown_headers == ["Favourite colour"]
    assert any("duplicate column" in what for _, what in table.problems)
    assert table.rows[0].fields["pseudonym"] == "Ann"


def test_empty_table_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CollectionError, match="empty"):
        read_table(path, ALIASES)


def test_mapping_file_adds_aliases(tmp_path: Path) -> None:
    (tmp_path / "mapping.toml").write_text('[headers.participants]\nid = ["Code"]\npseudonym = "Alias"\n', encoding="utf-8")
    (tmp_path / "participants.csv").write_text("Code,Alias,Participant type,Descriptor\nP1,Ann,Mother,Mother (30s)\n", encoding="utf-8")
    collection = read_collection(tmp_path)
    assert collection.tables["participants"].rows[0].fields["id"] == "P1"
    assert collection.tables["participants"].rows[0].fields["pseudonym"] == "Ann"
