"""graphkit.readers.documents: every format gives the text a .txt would."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, LineBreak, List, ListItem, P, S, Span, Tab

from graphkit.errors import CollectionError, UnsafeInputError
from graphkit.readers.documents import decode_text, normalise_newlines, read_document, read_document_with_encoding

CONTENT = ["Interviewer: Welcome, and thanks.", "R: Café – “quoted” words", "", "INT: Next question?"]
EXPECTED = "\n".join(CONTENT) + "\n"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def write_odt(path: Path, lines: list[str]) -> Path:
    document = OpenDocumentText()
    for line in lines:
        paragraph = P()
        teletype.addTextToElement(paragraph, line)  # writes runs of spaces as <text:s>, as LibreOffice does
        document.text.addElement(paragraph)
    document.save(str(path))
    return path


def raw_docx(path: Path, body: str) -> Path:
    """A minimal .docx around hand-written body XML (for constructs python-docx cannot make)."""
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" ' \
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">' \
        f"<w:body>{body}</w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return path


# -- plain text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (EXPECTED.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + EXPECTED.encode("utf-8"), "utf-8-sig"),
        (EXPECTED.encode("cp1252"), "cp1252"),
        (EXPECTED.encode("utf-16"), "utf-16"),
    ],
)
def test_txt_encodings(tmp_path: Path, raw: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    assert read_document_with_encoding(path) == (EXPECTED, encoding)
    assert not read_document(path).startswith("\ufeff")


def test_txt_newlines_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\r\ntwo\rthree\nfour\xe2\x80\xa8five")
    text = read_document(path)
    assert text == "one\ntwo\nthree\nfour\nfive"
    assert text.splitlines() == text.split("\n")


def test_cp1252_bytes_that_fit_nothing_raise(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"caf\xe9 \x81")  # 0x81 is undefined in Windows-1252 and invalid UTF-8
    with pytest.raises(CollectionError, match="not valid utf-8 or cp1252"):
        read_document(path)


@pytest.mark.parametrize("raw", [b"PK\x03\x04rest", b"text\x00with nul"])
def test_binary_txt_refused(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    with pytest.raises(CollectionError):
        read_document(path)


def test_decode_text_reports_encoding() -> None:
    assert decode_text("naïve".encode("cp1252")) == ("naïve", "cp1252")
    assert decode_text("naïve".encode("utf-8")) == ("naïve", "utf-8")


# -- docx ----------------------------------------------------------------------------


def test_docx_paragraphs_in_order(tmp_path: Path) -> None:
    assert read_document_with_encoding(write_docx(tmp_path / "a.docx", CONTENT)) == (EXPECTED, "utf-8")


def test_docx_runs_tabs_breaks_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("INT: one ")
    paragraph.add_run("two").bold = True
    paragraph.add_run("\tthree")
    document.add_paragraph("first\nsecond")  # python-docx writes a <w:br/>
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "INT:", "So how was it?"
    table.cell(1, 0).text, table.cell(1, 1).text = "R:", "Fine"
    table.cell(1, 1).add_paragraph("really")
    document.add_paragraph("after")
    document.save(str(tmp_path / "a.docx"))
    assert read_document(tmp_path / "a.docx") == (
        "INT: one two\tthree\nfirst\nsecond\nINT:\tSo how was it?\nR:\tFine really\nafter\n"
    )


def test_docx_skips_deleted_text_fallbacks_and_tab_stops(tmp_path: Path) -> None:
    body = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>kept</w:t></w:r>"
        "<w:del><w:r><w:delText>gone</w:delText></w:r></w:del>"
        '<w:ins><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins></w:p>'
        "<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>choice</w:t></mc:Choice>"
        "<mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    assert read_document(raw_docx(tmp_path / "a.docx", body)) == "kept inserted\nchoice\n"


def test_empty_docx(tmp_path: Path) -> None:
    assert read_document(write_docx(tmp_path / "a.docx", [])) == ""


def test_xxe_docx_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
    )
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    with pytest.raises(UnsafeInputError, match="DTDForbidden"):
        read_document(path)


def test_billion_laughs_docx_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>'
    )
    path = tmp_path / "laughs.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    with pytest.raises(UnsafeInputError):
        read_document(path)


def test_mislabelled_docx(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("INT: this is plain text saved as .docx\n")
    with pytest.raises(CollectionError, match="mislabelled") as info:
        read_document(path)
    assert not isinstance(info.value, UnsafeInputError)


def test_docx_without_document_part(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.xml", "<a/>")
    with pytest.raises(CollectionError, match="word/document.xml"):
        read_document(path)


# -- odt -----------------------------------------------------------------------------


def test_odt_paragraphs_in_order(tmp_path: Path) -> None:
    assert read_document_with_encoding(write_odt(tmp_path / "a.odt", CONTENT)) == (EXPECTED, "utf-8")


def test_odt_headings_spans_spaces_lists_tables(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Interview 3"))
    paragraph = P(text="one ")
    paragraph.addElement(Span(text="two"))
    paragraph.addElement(S(c=3))
    paragraph.addText("three")
    paragraph.addElement(Tab())
    paragraph.addText("four")
    paragraph.addElement(LineBreak())
    paragraph.addText("five")
    document.text.addElement(paragraph)
    items = List()
    for word in ("alpha", "beta"):
        item = ListItem()
        item.addElement(P(text=word))
        items.addElement(item)
    document.text.addElement(items)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for word in ("INT:", "Hello"):
        cell = TableCell()
        cell.addElement(P(text=word))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    document.text.addElement(P(text="end"))
    document.save(str(tmp_path / "a.odt"))
    assert read_document(tmp_path / "a.odt") == (
        "Interview 3\none two   three\tfour\nfive\nalpha\nbeta\nINT:\tHello\nend\n"
    )


def test_encrypted_odt_refused(tmp_path: Path) -> None:
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    path = tmp_path / "locked.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", b"\x8f\x01binary ciphertext")
    with pytest.raises(CollectionError, match="password-protected"):
        read_document(path)


# -- rtf -----------------------------------------------------------------------------

RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}"
    r"\pard Interviewer: Welcome, and thanks.\par "
    r"R: Caf\'e9 \u8211? \u8220?quoted\u8221? words\par "
    r"\par "
    r"INT: Next question?\par}"
)


def test_rtf(tmp_path: Path) -> None:
    path = tmp_path / "a.rtf"
    path.write_bytes(RTF.encode("ascii"))
    assert read_document_with_encoding(path) == (EXPECTED, "cp1252")


def test_not_rtf(tmp_path: Path) -> None:
    path = tmp_path / "a.rtf"
    path.write_text("plain words")
    with pytest.raises(CollectionError, match="not an RTF"):
        read_document(path)


def test_every_format_gives_the_same_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(EXPECTED.replace("\n", "\r\n").encode("cp1252"))
    (tmp_path / "a.rtf").write_bytes(RTF.encode("ascii"))
    write_docx(tmp_path / "a.docx", CONTENT)
    write_odt(tmp_path / "a.odt", CONTENT)
    texts = {name: read_document(tmp_path / name) for name in ("a.txt", "a.rtf", "a.docx", "a.odt")}
    assert set(texts.values()) == {EXPECTED}


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CollectionError, match="unsupported"):
        read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CollectionError, match="cannot read"):
        read_document(tmp_path / "absent.txt")


def test_normalise_newlines() -> None:
    assert normalise_newlines("a\r\nb\rc\x0bd\x0ce\x85f\u2029g") == "a\nb\nc\nd\ne\nf\ng"


# -- properties -----------------------------------------------------------------------

_SUFFIXES = st.sampled_from([".txt", ".docx", ".odt", ".rtf"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), suffix=_SUFFIXES)
def test_arbitrary_bytes_never_crash(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        text = read_document(path)
    except CollectionError:  # UnsafeInputError included
        return
    assert isinstance(text, str)
    assert "\r" not in text


def _valid_archive(kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "docx":
        document = docx.Document()
        for line in CONTENT:
            document.add_paragraph(line)
        document.save(buffer)
    else:
        document = OpenDocumentText()
        for line in CONTENT:
            document.text.addElement(P(text=line))
        document.save(buffer)
    return buffer.getvalue()


_ARCHIVES = {kind: _valid_archive(kind) for kind in ("docx", "odt")}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(sorted(_ARCHIVES)),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_corrupted_archives_never_crash(tmp_path: Path, kind: str, edits: list[tuple[float, int]]) -> None:
    data = bytearray(_ARCHIVES[kind])
    for where, value in edits:
        data[int(where * len(data))] = value
    path = tmp_path / f"fuzz.{kind}"
    path.write_bytes(bytes(data))
    try:
        assert isinstance(read_document(path), str)
    except CollectionError:
        pass


_LINE = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "S", "Zs"), blacklist_characters="\u00a0\u1680"),
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, max_size=6))
def test_docx_and_odt_match_txt(tmp_path: Path, lines: list[str]) -> None:
    (tmp_path / "p.txt").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    expected = read_document(tmp_path / "p.txt")
    assert read_document(write_docx(tmp_path / "p.docx", lines)) == expected
    assert read_document(write_odt(tmp_path / "p.odt", lines)) == expected


def test_odt_whitespace_collapses_as_odf_says(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text="a  b\n c"))  # literal runs: ODF 6.1.2 reads them as one space
    document.save(str(tmp_path / "w.odt"))
    assert read_document(tmp_path / "w.odt") == "a b c\n"
