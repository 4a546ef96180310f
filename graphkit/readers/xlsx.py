"""Read the first sheet of an .xlsx table as rows of strings.

The archive is vetted by :mod:`graphkit.readers.safezip` first (entry count,
sizes, ratios; every XML part parsed with DOCTYPEs refused) and only then
handed to openpyxl, from the same bytes, so what openpyxl parses is what
was checked. openpyxl still does the part that is easy to get wrong by hand:
shared strings, inline strings, number formats that make a cell a date.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from graphkit.errors import CollectionError, UnsafeInputError
from graphkit.readers import safezip
from graphkit.readers.documents import normalise_newlines
from graphkit.readers.paths import read_capped
from graphkit.readers.safezip import SafeZip

#: Most rows read from a sheet; a listing of a few hundred files is the norm.
MAX_ROWS = 200_000
#: Most columns kept per row (openpyxl can report 16,384 for a styled sheet).
MAX_COLUMNS = 512


def _vet(data: bytes, label: str) -> None:
    with SafeZip(data, label=label) as archive:
        if "xl/workbook.xml" not in archive:
            raise CollectionError(f"{label}: no workbook inside; not an .xlsx file")
        for name in archive.names():
            if name.endswith((".xml", ".rels")):
                archive.check_xml(name)


def cell_text(value: object) -> str:
    """One cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 3.0 typed as 3 in Excel reads back as "3", like a CSV
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return normalise_newlines(str(value))


def read_xlsx(path: Path) -> list[list[str]]:
    """Rows of the first worksheet, each a list of cell strings.

    Empty rows inside the sheet are kept as ``[]`` so row ``i`` (0-based)
    is spreadsheet row ``i + 1``; trailing empty cells and rows are dropped."""
    path = Path(path)
    label = str(path)
    data = read_capped(path, safezip.MAX_ARCHIVE_BYTES, label)
    _vet(data, label)

    import openpyxl  # imported late: only xlsx readers pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises an open set of types on malformed parts
        raise CollectionError(f"{label}: unreadable workbook ({type(exc).__name__}: {exc})") from exc
    try:
        if not workbook.worksheets:
            raise CollectionError(f"{label}: the workbook has no worksheet")
        sheet = workbook.worksheets[0]
        if not hasattr(sheet, "iter_rows"):
            raise CollectionError(f"{label}: the first sheet is a chart, not a table")
        rows: list[list[str]] = []
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    raise UnsafeInputError(f"{label}: more than {MAX_ROWS} rows")
                row = [cell_text(v) for v in values[:MAX_COLUMNS]]
                while row and row[-1] == "":
                    row.pop()
                rows.append(row)
        except (UnsafeInputError, CollectionError):
            raise
        except Exception as exc:  # same reason as above: malformed sheet XML
            raise CollectionError(f"{label}: unreadable sheet ({type(exc).__name__}: {exc})") from exc
    finally:
        workbook.close()
    while rows and not rows[-1]:
        rows.pop()
    return rows
