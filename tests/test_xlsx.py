"""graphkit.readers.xlsx: the first sheet as strings, behind the zip caps."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.errors import CollectionError, UnsafeInputError
from graphkit.readers.xlsx import cell_text, read_xlsx


def write_xlsx(path: Path, rows: list[list[object]], *, second: list[list[object]] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if second is not None:
        other = workbook.create_sheet("Other")
        for row in second:
            other.append(row)
    workbook.save(path)
    return path


def rewrite_entry(path: Path, name: str, change) -> None:
    """Rewrite one part of an existing archive in place."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def test_reads_first_sheet_as_strings(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "participants.xlsx",
        [
            ["ID code", "Pseudonym", "Participant type", "Descriptor", "Count", "Ratio", "Active", "Date"],
            ["SP01", "Kerry", "Mother", "Mother, 30s,\nScotland.", 3, 2.5, True, dt.datetime(2021, 5, 3)],
            [],
            ["SP02", "Dean", "Father", None, 4.0, None, False, dt.datetime(2022, 1, 2, 14, 30)],
        ],
        second=[["ignored"]],
    )
    assert read_xlsx(path) == [
        ["ID code", "Pseudonym", "Participant type", "Descriptor", "Count", "Ratio", "Active", "Date"],
        ["SP01", "Kerry", "Mother", "Mother, 30s,\nScotland.", "3", "2.5", "TRUE", "2021-05-03"],
        [],
        ["SP02", "Dean", "Father", "", "4", "", "FALSE", "2022-01-02 14:30:00"],
    ]


def test_rows_keep_spreadsheet_numbering(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["B3"] = "ID code"
    workbook.active["B4"] = "SP01"
    workbook.save(tmp_path / "a.xlsx")
    assert read_xlsx(tmp_path / "a.xlsx") == [[], [], ["", "ID code"], ["", "SP01"]]


def test_empty_workbook(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "a.xlsx")
    assert read_xlsx(tmp_path / "a.xlsx") == []


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (True, "TRUE"), (3.0, "3"), (0.1, "0.1"), (dt.date(2021, 4, 1), "2021-04-01"),
     (dt.time(9, 30), "09:30:00"), ("a\r\nb", "a\nb")],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def _body(xml: bytes) -> bytes:
    """The part without its XML declaration, so a DOCTYPE can go first."""
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def test_doctype_in_sheet_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "xxe.xlsx", [["hello"]])
    rewrite_entry(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: b'<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _body(xml).replace(b"hello", b"&x;"),
    )
    with pytest.raises(UnsafeInputError, match="DTDForbidden"):
        read_xlsx(path)


def test_billion_laughs_in_sheet_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "laughs.xlsx", [[1]])
    laughs = b'<!DOCTYPE w [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    rewrite_entry(path, "xl/worksheets/sheet1.xml", lambda xml: laughs + _body(xml))


def test_doctype_in_an_unread_part_is_still_refused(tmp_path: Path) -> None:
    """Every XML part is vetted, not only the ones this reader looks at."""
    path = write_xlsx(tmp_path / "props.xlsx", [["x"]])
    rewrite_entry(path, "docProps/core.xml", lambda xml: b"<!DOCTYPE c>" + _body(xml))
    with pytest.raises(UnsafeInputError, match="core.xml"):
        read_xlsx(path)
    with pytest.raises(UnsafeInputError):
        read_xlsx(path)


def test_zip_bomb_xlsx_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", [["x"]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w") as entry:
            for _ in range(80):
                entry.write(b"\0" * (1 << 20))
    with pytest.raises(UnsafeInputError):
        read_xlsx(path)


def test_mislabelled_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "participants.xlsx"
    path.write_text("ID code,Pseudonym\nSP01,Kerry\n")
    with pytest.raises(CollectionError, match="mislabelled"):
        read_xlsx(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<a/>")
    with pytest.raises(CollectionError, match="no workbook"):
        read_xlsx(path)


def test_broken_workbook_part_is_a_collection_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["x"]])
    rewrite_entry(path, "xl/workbook.xml", lambda xml: b"<workbook/>")
    with pytest.raises(CollectionError):
        read_xlsx(path)


_CELL = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs")), max_size=30).filter(
    lambda s: not s.startswith("=")
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=5))
def test_text_cells_round_trip(tmp_path: Path, rows: list[list[str]]) -> None:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append([cell or None for cell in row])
    workbook.save(buffer)
    (tmp_path / "r.xlsx").write_bytes(buffer.getvalue())
    expected = []
    for row in rows:
        while row and row[-1] == "":
            row = row[:-1]
        expected.append(row)
    while expected and not expected[-1]:
        expected.pop()
    assert read_xlsx(tmp_path / "r.xlsx") == expected
