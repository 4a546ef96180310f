"""Writing a text as .txt, .docx, .odt or .rtf, byte-identically on every run.

python-docx stamps zip entries with the current time (and core properties
with a date); both are normalised here. ODT is written by hand (see _odt).
The same seed gives the same bytes.
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


_ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
             'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
             '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
             "</manifest:manifest>")


def _odt(text: str) -> bytes:
    """A minimal OpenDocument text, written by hand: odfpy's output depends on
    what else the process has written before (namespaces accumulate), which
    would break byte-identical runs."""
    from xml.sax.saxutils import escape

    paras = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODF_NS} office:version="1.2">'
               f"<office:body><office:text>{paras}</office:text></office:body></office:document-content>")
    styles = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_ODF_NS} office:version="1.2">'
              "<office:styles/></office:document-styles>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        # the mimetype entry comes first and uncompressed (ODF 1.2, part 3, 3.3)
        z.writestr(zipfile.ZipInfo("mimetype", date_time=_FIXED), "application/vnd.oasis.opendocument.text",
                   compress_type=zipfile.ZIP_STORED)
        for name, body in (("META-INF/manifest.xml", _MANIFEST), ("content.xml", content), ("styles.xml", styles)):
            z.writestr(zipfile.ZipInfo(name, date_time=_FIXED), body.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


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
