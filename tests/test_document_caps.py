"""The decoded text of an office document is capped as a whole (issue 16, item 7).

ODF's ``<text:s text:c="10000"/>`` is capped per element, but ten thousand of them in a zip stored without
compression (which passes every ratio check) decoded to gigabytes. The cap is on the whole document, for
.odt, .docx and .rtf alike, and a document over it is a located problem while the build goes on.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from graphkit.errors import UnsafeInputError
from graphkit.pipeline import build_graph
from graphkit.readers import documents
from graphkit.readers.documents import MAX_DOCUMENT_CHARS, read_document

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def stored_odt(path: Path, paragraphs: int, spaces_per_paragraph: int) -> Path:
    """An .odt whose content.xml is stored uncompressed: each paragraph a few words and runs of 10,000 spaces."""
    runs = '<text:s text:c="10000"/>' * (spaces_per_paragraph // 10_000)
    body = f"<text:p>SP01: words{runs}end</text:p>" * paragraphs
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               f'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="{TEXT_NS}">'
               f"<office:body><office:text>{body}</office:text></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return path


def test_odt_space_expansion_over_the_whole_document_is_refused(tmp_path: Path) -> None:
    # 7,000 elements of 10,000 spaces: 175 KB on disk, 70 million characters decoded
    path = stored_odt(tmp_path / "spaces.odt", paragraphs=70, spaces_per_paragraph=1_000_000)
    assert path.stat().st_size < 200_000
    with pytest.raises(UnsafeInputError, match=f"decodes to more than {MAX_DOCUMENT_CHARS} characters"):
        read_document(path)


def test_a_document_under_the_cap_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_CHARS", 100_000)
    text = read_document(stored_odt(tmp_path / "ok.odt", paragraphs=4, spaces_per_paragraph=20_000))
    assert text == ("SP01: words" + " " * 20_000 + "end\n") * 4


@pytest.mark.parametrize("suffix", [".odt", ".docx", ".rtf"])
def test_every_office_format_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_CHARS", 50_000)
    path = tmp_path / f"long{suffix}"
    if suffix == ".odt":
        stored_odt(path, paragraphs=6, spaces_per_paragraph=10_000)
    elif suffix == ".docx":
        body = f"<w:p><w:r><w:t>{'word ' * 2_000}</w:t></w:r></w:p>" * 6  # 60,000 characters in six paragraphs
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    else:
        path.write_bytes(("{\\rtf1\\ansi " + "words and more words\\par " * 3_000 + "}").encode("ascii"))
    with pytest.raises(UnsafeInputError, match="decodes to more than 50000 characters"):
        read_document(path)


def test_a_refused_document_is_a_located_problem_and_the_build_goes_on(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_CHARS", 50_000)
    root = tmp_path / "c"
    root.mkdir()
    (root / "participants.csv").write_text('ID code,Pseudonym,Participant type,Descriptor\nSP01,Dorothy,Mother,"Mother, 30s."\n',
                                           encoding="utf-8")
    (root / "services.csv").write_text("ID code,Service name,Country\nSS01,Thistle Recovery,Scotland\n", encoding="utf-8")
    (root / "Study_metadata.csv").write_text(
        "File name,Data set,Data type,ID codes,Date,Country,Descriptor\n"
        "big.odt,Parent/Family,Interview,SP01,2021-05-04,Scotland,Interview.\n"
        "ok.txt,Parent/Family,Interview,SP01,2021-05-05,Scotland,Interview.\n", encoding="utf-8")
    stored_odt(root / "big.odt", paragraphs=6, spaces_per_paragraph=10_000)
    (root / "ok.txt").write_text("INT: Hello.\nSP01: Hello.\n", encoding="utf-8")
    graph = build_graph(root)
    assert "big.odt: decodes to more than 50000 characters of text (expanded spaces, or a bomb): not read" in \
        [str(p) for p in graph.problems]
    assert "ok.txt" in graph.files and "big.odt" in graph.files
