"""Read a data file (.txt, .docx, .rtf, .odt) into plain text.

Every format yields the text a .txt of the same content would: one line per
paragraph, lines joined with ``\\n`` and ending with one, every newline form
(``\\r\\n``, ``\\r``, U+2028, ...) turned into ``\\n``. Downstream evidence
quotes by line and ``str`` offset, so this sameness is the contract.

A table row becomes one line, its cells separated by a tab (a transcript laid
out as a speaker | words table then reads ``INT:\\tSo ...``), the paragraphs
of one cell joined by a space.

.docx / .odt XML is parsed here, through :mod:`graphkit.readers.safezip`,
never by python-docx / odfpy: those use lxml without entity protection.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator
from xml.etree.ElementTree import Element

from graphkit.errors import CollectionError, UnsafeInputError
from graphkit.readers.paths import read_capped
from graphkit.readers.safezip import SafeZip

#: Largest plain-text or RTF file read (bytes); transcripts are well under 1 MiB.
MAX_TEXT_BYTES = 64 * 1024 * 1024
#: Most characters an office document (.docx, .odt, .rtf) may decode to, the whole document counted: ODF's
#: ``<text:s text:c="10000"/>`` is 25 bytes of XML for 10,000 spaces, and a zip that stores its entries
#: uncompressed passes every ratio check, so the size on disk bounds nothing. The same as a .txt may hold.
MAX_DOCUMENT_CHARS = MAX_TEXT_BYTES

SUFFIXES = (".txt", ".docx", ".rtf", ".odt")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"

# str.splitlines() breaks on all of these; turning them into \n makes
# splitlines() and split("\n") agree, so every consumer counts lines alike.
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def normalise_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text)


def decode_text(data: bytes, *, label: str = "<text>") -> tuple[str, str]:
    """Decode bytes of a text file; return ``(text, encoding)``.

    UTF-8 with BOM (``utf-8-sig``), UTF-16 with BOM, UTF-8, then Windows-1252.
    Never ``errors="replace"``: bytes that fit no encoding raise instead of
    silently turning into U+FFFD."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CollectionError(f"{label}: a zip/Office file, not plain text; is it mislabelled?")
    if data.startswith(b"\xef\xbb\xbf"):
        attempts = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = ("utf-16",)
    else:
        attempts = ("utf-8", "cp1252")
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise CollectionError(f"{label}: holds NUL characters; a binary file, not text")
        return text, encoding
    raise CollectionError(f"{label}: not valid {' or '.join(attempts)} text")


def read_bytes_capped(path: Path) -> bytes:
    """A file's bytes, refusing one larger than :data:`MAX_TEXT_BYTES`."""
    return read_capped(Path(path), MAX_TEXT_BYTES)


def _join(lines: list[str]) -> str:
    return normalise_newlines("".join(line + "\n" for line in lines))


class _Budget:
    """The characters a document may still decode to; each piece is counted before it is made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.left = MAX_DOCUMENT_CHARS

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise UnsafeInputError(f"{self.path}: decodes to more than {MAX_DOCUMENT_CHARS} characters of text "
                                   "(expanded spaces, or a bomb): not read")


# -- .docx / .odt: one streaming walker, two vocabularies -------------------


class _Layout:
    """Routes finished paragraphs to the document or the open table cell."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cells: list[list[str]] = []  # paragraphs of each open cell
        self.rows: list[list[str]] = []  # finished cells of each open table's current row

    def paragraph(self, text: str) -> None:
        (self.cells[-1] if self.cells else self.lines).append(text)

    def start(self, kind: str) -> None:
        if kind == "table":
            self.rows.append([])
        elif kind == "row" and self.rows:
            self.rows[-1] = []
        elif kind == "cell":
            self.cells.append([])

    def end(self, kind: str) -> None:
        if kind == "cell" and self.cells:
            text = " ".join(self.cells.pop())
            if self.rows:
                self.rows[-1].append(text)
        elif kind == "row" and self.rows:
            self.paragraph("\t".join(self.rows[-1]))
            self.rows[-1] = []
        elif kind == "table" and self.rows:
            self.rows.pop()


def _walk(
    events: Iterator[tuple[str, Element]],
    paragraph_tags: frozenset[str],
    structure: dict[str, str],
    skip_tags: frozenset[str],
    paragraph_text: Callable[[Element], str],
) -> list[str]:
    """Stream the XML, turning each paragraph into a line when it closes.

    Finished elements are detached from their parent as soon as they are no
    longer needed, so memory stays that of one paragraph, not the document."""
    layout = _Layout()
    stack: list[Element] = []
    in_paragraph = 0
    skipping = 0
    for event, elem in events:
        tag = elem.tag
        if event == "start":
            stack.append(elem)
            if tag in skip_tags:
                skipping += 1
            elif skipping:
                continue
            elif tag in paragraph_tags:
                in_paragraph += 1
            elif tag in structure:
                layout.start(structure[tag])
            continue
        stack.pop()
        if tag in skip_tags:
            skipping -= 1
        elif skipping:
            pass
        elif tag in paragraph_tags:
            in_paragraph -= 1
            layout.paragraph(paragraph_text(elem))
        elif tag in structure:
            layout.end(structure[tag])
        elif in_paragraph:
            continue  # the enclosing paragraph still needs this run
        if stack:
            stack[-1].remove(elem)  # elem is the parent's only remaining child
    return layout.lines


def _docx_paragraph(p: Element, budget: _Budget) -> str:
    parts: list[str] = []
    skip: set[int] = set()
    for elem in p.iter():
        if elem.tag in (_W + "pPr", _W + "rPr", _MC_FALLBACK):
            skip.update(id(e) for e in elem.iter())  # tab stops, formatting, duplicated fallbacks
        if id(elem) in skip:
            continue
        tag = elem.tag
        if tag == _W + "t":
            parts.append(elem.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
    text = "".join(parts)
    budget.take(len(text))  # nothing here expands: each character came from the XML, so counting after is enough
    return text


def _read_docx(path: Path) -> str:
    budget = _Budget(path)
    with SafeZip(path) as archive:
        lines = _walk(
            archive.iterparse("word/document.xml"),
            frozenset({_W + "p"}),
            {_W + "tbl": "table", _W + "tr": "row", _W + "tc": "cell"},
            frozenset({_MC_FALLBACK, _W + "del", _W + "moveFrom"}),
            lambda p: _docx_paragraph(p, budget),
        )
    return _join(lines)


_ODF_SPACE = re.compile(r"[ \t\r\n]+")


def _odf_text(elem: Element, budget: _Budget) -> str:
    """Mixed content of an ODF paragraph; whitespace collapses as ODF 6.1.2 says,
    runs of spaces and tabs come from text:s / text:tab elements. Every piece
    but a nested element's (counted inside) is counted before it is made."""
    parts = [_ODF_SPACE.sub(" ", elem.text or "")]
    budget.take(len(parts[0]))
    for child in elem:
        tag = child.tag
        if tag == _TEXT + "s":
            spaces = _count(child.get(_TEXT + "c"))
            budget.take(spaces)
            parts.append(" " * spaces)
        elif tag in (_TEXT + "tab", _TEXT + "line-break"):
            budget.take(1)
            parts.append("\t" if tag == _TEXT + "tab" else "\n")
        elif tag not in (_TEXT + "note", _OFFICE + "annotation", _TEXT + "bookmark-ref"):
            parts.append(_odf_text(child, budget))  # depth is capped by safezip
        parts.append(_ODF_SPACE.sub(" ", child.tail or ""))
        budget.take(len(parts[-1]))
    return "".join(parts)


def _count(value: str | None) -> int:
    try:
        return min(max(int(value or "1"), 1), 10_000)  # a hostile c="1e9" must not allocate gigabytes
    except ValueError:
        return 1


def _read_odt(path: Path) -> str:
    budget = _Budget(path)
    with SafeZip(path) as archive:
        if "META-INF/manifest.xml" in archive:
            for _, elem in archive.iterparse("META-INF/manifest.xml"):
                if elem.tag == _MANIFEST + "encryption-data":
                    raise CollectionError(f"{path}: password-protected (encrypted) document")
        lines = _walk(
            archive.iterparse("content.xml"),
            frozenset({_TEXT + "p", _TEXT + "h"}),
            {_TABLE + "table": "table", _TABLE + "table-row": "row", _TABLE + "table-cell": "cell"},
            frozenset({_TEXT + "note", _OFFICE + "annotation", _OFFICE + "automatic-styles"}),
            lambda p: _odf_text(p, budget),
        )
    return _join(lines)


# -- .rtf ----------------------------------------------------------------------

_ANSICPG = re.compile(rb"\\ansicpg(\d{3,5})")


def _read_rtf(path: Path) -> tuple[str, str]:
    from striprtf.striprtf import rtf_to_text

    data = read_bytes_capped(path)
    if not data.lstrip().startswith(b"{\\rtf"):
        raise CollectionError(f"{path}: not an RTF file (no {{\\rtf header); is it mislabelled?")
    match = _ANSICPG.search(data[:4096])
    encoding = f"cp{int(match.group(1))}" if match else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    # RTF is 7-bit with \'xx escapes; stray 8-bit bytes are in the ANSI code page.
    raw = data.decode(encoding, errors="strict") if _decodable(data, encoding) else data.decode("latin-1")
    try:
        text = rtf_to_text(raw, encoding=encoding, errors="strict")
    except Exception as exc:  # a third-party parser on untrusted input: any failure means "unreadable"
        raise CollectionError(f"{path}: unreadable RTF ({type(exc).__name__}: {exc})") from exc
    _Budget(path).take(len(text))  # \'xx and \uN shrink, but the cap holds for every office format alike
    text = normalise_newlines(text)
    return (text if text.endswith("\n") or not text else text + "\n"), encoding


def _decodable(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# -- public ------------------------------------------------------------------


def read_document_with_encoding(path: Path) -> tuple[str, str]:
    """Read a data file; return ``(text, encoding)``.

    ``encoding`` is the one the bytes were decoded with (``utf-8``,
    ``utf-8-sig``, ``utf-16``, ``cp1252``; ``utf-8`` for .docx/.odt XML; the
    ANSI code page for .rtf)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        text, encoding = decode_text(read_bytes_capped(path), label=str(path))
        return normalise_newlines(text), encoding
    if suffix == ".docx":
        return _read_docx(path), "utf-8"
    if suffix == ".odt":
        return _read_odt(path), "utf-8"
    if suffix == ".rtf":
        return _read_rtf(path)
    raise CollectionError(f"{path}: unsupported document type {suffix or '(none)'}; expected {', '.join(SUFFIXES)}")


def read_document(path: Path) -> str:
    """The text of a data file, newlines normalised to ``\\n``."""
    return read_document_with_encoding(path)[0]
