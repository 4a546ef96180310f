"""graphkit.readers.safezip: hostile and broken archives are refused cleanly."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from graphkit.errors import CollectionError, UnsafeInputError
from graphkit.readers import safezip
from graphkit.readers.safezip import SafeZip

DOC_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>"
)


def make_zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patch_headers(data: bytes, *, flag_bits: int | None = None, file_size: int | None = None) -> bytes:
    """Rewrite the flag bits / declared size of every local and central header (a lying archive)."""
    out = bytearray(data)
    for sig, flag_at, size_at in ((b"PK\x03\x04", 6, 22), (b"PK\x01\x02", 8, 24)):
        at = out.find(sig)
        while at >= 0:
            if flag_bits is not None:
                struct.pack_into("<H", out, at + flag_at, flag_bits)
            if file_size is not None:
                struct.pack_into("<I", out, at + size_at, file_size)
            at = out.find(sig, at + 4)
    return bytes(out)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .docx whose one entry is 200 MB of zeros (about 200 KB compressed)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as entry:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                entry.write(chunk)
    return path


def test_reads_a_normal_archive() -> None:
    with SafeZip(make_zip({"word/document.xml": DOC_XML}), label="ok.docx") as archive:
        assert archive.names() == ["word/document.xml"]
        assert "word/document.xml" in archive
        assert archive.read("word/document.xml") == DOC_XML
        texts = [e.text for ev, e in archive.iterparse("word/document.xml") if ev == "end" and e.text]
    assert texts == ["Hello"]


def test_zip_bomb_refused_in_bounded_memory(bomb: Path) -> None:
    assert bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeInputError, match="bomb|uncompressed"):
            SafeZip(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # the archive itself, never its 200 MB of content


def test_zip_bomb_through_read_document(bomb: Path) -> None:
    from graphkit.readers.documents import read_document

    with pytest.raises(UnsafeInputError):
        read_document(bomb)


def test_header_lying_about_size_cannot_inflate_past_it() -> None:
    """Declared 1,000 bytes (so no declared cap fires), holds 10 MB of zeros."""
    data = patch_headers(make_zip({"word/document.xml": b"\0" * (10 * 1024 * 1024)}), file_size=1000)
    archive = SafeZip(data, label="liar.docx")
    tracemalloc.start()
    try:
        with pytest.raises(CollectionError):
            archive.read("word/document.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024


def test_bytes_actually_read_count_against_the_budget() -> None:
    """Reading the same entry again (as overlapping-entry bombs make a reader do) spends the budget."""
    archive = SafeZip(make_zip({"a.xml": b"x" * 1000}), max_total=1500)
    assert len(archive.read("a.xml")) == 1000
    with pytest.raises(UnsafeInputError, match="beyond 1500"):
        archive.read("a.xml")


def test_declared_total_cap() -> None:
    data = make_zip({"a.xml": b"a" * 800, "b.xml": b"b" * 800}, zipfile.ZIP_STORED)
    with pytest.raises(UnsafeInputError, match="1600 uncompressed"):
        SafeZip(data, max_total=1000)
    assert SafeZip(data, max_total=2000).read("b.xml") == b"b" * 800


def test_compression_ratio_cap() -> None:
    zeros = make_zip({"z.xml": b"\0" * (1024 * 1024)})  # ratio about 1000:1
    with pytest.raises(UnsafeInputError, match="100:1"):
        SafeZip(zeros)
    small = make_zip({"z.xml": b"\0" * 50_000})  # under the grace size: tiny parts compress oddly
    assert len(SafeZip(small).read("z.xml")) == 50_000


def test_entry_count_cap() -> None:
    data = make_zip({f"e{i}.xml": b"" for i in range(6)})
    with pytest.raises(UnsafeInputError, match="6 zip entries"):
        SafeZip(data, max_entries=5)
    assert len(SafeZip(data, max_entries=6).names()) == 6


def test_default_entry_cap_is_enforced_from_the_directory_record() -> None:
    data = make_zip({f"e{i}": b"" for i in range(safezip.MAX_ENTRIES + 1)}, zipfile.ZIP_STORED)
    assert safezip._declared_entry_count(data) == safezip.MAX_ENTRIES + 1
    with pytest.raises(UnsafeInputError, match="zip entries"):
        SafeZip(data)


def test_encrypted_zip_refused() -> None:
    data = patch_headers(make_zip({"word/document.xml": DOC_XML}), flag_bits=0x1)
    with pytest.raises(CollectionError, match="encrypted") as info:
        SafeZip(data, label="locked.docx")
    assert not isinstance(info.value, UnsafeInputError)  # unreadable, not hostile


def test_password_protected_office_file_refused(tmp_path: Path) -> None:
    """Office saves a password-protected .docx as an OLE compound file, not a zip."""
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(CollectionError, match="password-protected"):
        SafeZip(path)


@pytest.mark.parametrize("content", [b"INT: hello\nR: hi\n", b"", b"PK", b"PK\x03\x04garbage"])
def test_not_a_zip_is_a_collection_error(content: bytes) -> None:
    with pytest.raises(CollectionError, match="zip") as info:
        SafeZip(content, label="x.docx")
    assert not isinstance(info.value, UnsafeInputError)


def test_a_damaged_version_field_is_a_collection_error() -> None:
    """zipfile raises NotImplementedError for a "version needed" above 6.3: to a reader, a damaged archive."""
    data = bytearray(make_zip({"word/document.xml": DOC_XML}))
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 6, 64)  # version needed to extract: 6.4
    with pytest.raises(CollectionError, match="not a readable zip archive") as info:
        SafeZip(bytes(data), label="damaged.docx")
    assert not isinstance(info.value, UnsafeInputError)


def test_missing_entry() -> None:
    with pytest.raises(CollectionError, match="no 'word/document.xml'"):
        SafeZip(make_zip({"other.xml": DOC_XML})).read("word/document.xml")


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b']><lolz>&lol9;</lolz>'
)


@pytest.mark.parametrize("xml", [XXE, LAUGHS, b'<?xml version="1.0"?><!DOCTYPE a><a/>'], ids=["xxe", "laughs", "dtd"])
def test_doctype_refused(xml: bytes) -> None:
    archive = SafeZip(make_zip({"word/document.xml": xml}))
    with pytest.raises(UnsafeInputError, match="DTDForbidden"):
        archive.check_xml("word/document.xml")


def test_deep_nesting_refused() -> None:
    depth = safezip.MAX_XML_DEPTH + 1
    archive = SafeZip(make_zip({"a.xml": b"<a>" * depth + b"</a>" * depth}))
    with pytest.raises(UnsafeInputError, match="nests deeper"):
        archive.check_xml("a.xml")


def test_malformed_xml_is_a_collection_error() -> None:
    archive = SafeZip(make_zip({"a.xml": b"<a><b></a>"}))
    with pytest.raises(CollectionError, match="not well-formed") as info:
        archive.check_xml("a.xml")
    assert not isinstance(info.value, UnsafeInputError)


def test_oversized_archive_file_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safezip, "MAX_ARCHIVE_BYTES", 100)
    path = tmp_path / "big.docx"
    path.write_bytes(make_zip({"word/document.xml": DOC_XML * 10}, zipfile.ZIP_STORED))
    with pytest.raises(UnsafeInputError, match="larger than 100"):
        SafeZip(path)
