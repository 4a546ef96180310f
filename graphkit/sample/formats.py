"""Writing a text as .txt, .docx, .odt or .rtf, byte-identically on every run.

python-docx and odfpy stamp zip entries with the current time (and docx core
properties with a date); both are normalised here so the same seed gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

_FIXED = (2022, 12, 1, 0, 0, 0)


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps, keeping entry order and compression."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _docx(text: str) -> bytes:
    import docx  # imported here: only a few files need it

    doc = docx.Document()
    props = doc.core_properties
    stamp = dt.datetime(2022, 12, 1)
    props.created = props.modified = props.last_printed = stamp
    props.author = props.last_modified_by = "Relations study team"
    props.revision = 1
    for line in text.split("\n"):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def _odt(text: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    for line in text.split("\n"):
        doc.text.addElement(P(text=line))
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def _rtf(text: str) -> bytes:
    def esc(line: str) -> str:
        out = []
        for ch in line:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) > 127:
                code = ord(ch)
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
            else:
                out.append(ch)
        return "".join(out)

    body = "\n".join(esc(line) + "\\par" for line in text.split("\n"))
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\\f0\\fs22\n" + body + "\n}\n").encode("ascii")


def write_text(path: Path, text: str, fmt: str) -> None:
    data = {"txt": lambda t: t.encode("utf-8"), "docx": _docx, "odt": _odt, "rtf": _rtf}[fmt](text)
    path.write_bytes(data)
