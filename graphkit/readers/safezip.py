"""Open an OOXML / ODF zip (.docx, .xlsx, .odt) without trusting it.

Such files arrive from outside the project, so every size the archive
declares is checked before anything is inflated, and every byte actually
inflated is counted against a budget: a header that lies about sizes can
waste at most the budget, never the machine's memory. XML is parsed only
through defusedxml with DOCTYPEs refused outright (billion laughs, XXE) and
element nesting capped (deep nesting is the other cheap way to hurt a
parser or a recursive walker).

Errors: a file that is hostile (bomb, DOCTYPE, lying header) raises
:class:`~graphkit.errors.UnsafeInputError`; one that is merely unreadable
(not a zip at all, encrypted, corrupt) raises
:class:`~graphkit.errors.CollectionError`.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO, Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as defused_et
from defusedxml import DefusedXmlException

from graphkit.errors import CollectionError, UnsafeInputError
from graphkit.readers.paths import read_capped

#: Most bytes all entries together may inflate to (declared and actually read).
MAX_TOTAL_BYTES = 64 * 1024 * 1024
#: Most bytes the archive file itself may hold on disk.
MAX_ARCHIVE_BYTES = MAX_TOTAL_BYTES
#: Most entries an archive may list (a real .docx has a few dozen).
MAX_ENTRIES = 2_000
#: Highest uncompressed/compressed ratio an entry may have; ordinary XML stays
#: well under 20, a run of zeros reaches 1000.
MAX_RATIO = 100
#: Entries smaller than this skip the ratio test: tiny files compress oddly.
RATIO_GRACE_BYTES = 100 * 1024
#: Deepest XML element nesting accepted (real documents stay under ~40).
MAX_XML_DEPTH = 256

_CHUNK = 64 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and legacy .doc/.xls
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"


def _declared_entry_count(data: bytes) -> int | None:
    """Entry count from the end-of-central-directory record, read before
    :mod:`zipfile` builds one object per entry (a million tiny entries would
    cost memory before any cap could apply). ``None`` when there is no record."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    (count,) = struct.unpack_from("<H", data, at + 10)
    if count != 0xFFFF:
        return count
    loc = at - 20  # ZIP64: the real count sits in the ZIP64 end record
    if loc < 0 or data[loc : loc + 4] != _ZIP64_LOCATOR:
        return count
    (offset,) = struct.unpack_from("<Q", data, loc + 8)
    if offset + 40 > len(data):
        return None
    (count64,) = struct.unpack_from("<Q", data, offset + 32)
    return count64


class SafeZip:
    """A read-only zip archive with caps on entries, sizes and ratios.

    ``source`` is a path or the archive's bytes; ``label`` names it in errors.
    """

    def __init__(
        self,
        source: Path | str | bytes,
        *,
        label: str | None = None,
        max_entries: int = MAX_ENTRIES,
        max_total: int = MAX_TOTAL_BYTES,
        max_ratio: int = MAX_RATIO,
    ) -> None:
        self.label = label or (str(source) if not isinstance(source, bytes) else "<archive>")
        self.max_total = max_total
        self.max_ratio = max_ratio
        self._read_so_far = 0
        data = source if isinstance(source, bytes) else read_capped(Path(source), MAX_ARCHIVE_BYTES, self.label)
        if data.startswith(_OLE_MAGIC):
            raise CollectionError(
                f"{self.label}: password-protected (or a legacy .doc/.xls), not a zip-based document"
            )
        count = _declared_entry_count(data)
        if count is None or not data.startswith(b"PK"):
            raise CollectionError(f"{self.label}: not a zip archive; is the file mislabelled?")
        if count > max_entries:
            raise UnsafeInputError(f"{self.label}: {count} zip entries (limit {max_entries})")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
            # NotImplementedError: zipfile reads "needs zip version 6.4" (a damaged header) as a feature it lacks
            raise CollectionError(f"{self.label}: not a readable zip archive ({exc})") from exc
        self._check_directory(max_entries)

    def _check_directory(self, max_entries: int) -> None:
        infos = self._zip.infolist()
        if len(infos) > max_entries:
            raise UnsafeInputError(f"{self.label}: {len(infos)} zip entries (limit {max_entries})")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise CollectionError(f"{self.label}: encrypted (password-protected) zip entry {info.filename!r}")
            self._check_ratio(info, info.file_size)
            total += info.file_size
        if total > self.max_total:
            raise UnsafeInputError(
                f"{self.label}: declares {total} uncompressed bytes (limit {self.max_total})"
            )

    def _check_ratio(self, info: zipfile.ZipInfo, size: int) -> None:
        if size > RATIO_GRACE_BYTES and size > self.max_ratio * max(info.compress_size, 1):
            raise UnsafeInputError(
                f"{self.label}: entry {info.filename!r} inflates more than {self.max_ratio}:1 (zip bomb?)"
            )

    # -- reading -----------------------------------------------------------

    def names(self) -> list[str]:
        return self._zip.namelist()

    def __contains__(self, name: str) -> bool:
        return name in self._zip.NameToInfo

    def open(self, name: str) -> IO[bytes]:
        """A stream of the entry that raises as soon as a budget is exceeded."""
        try:
            info = self._zip.getinfo(name)
        except KeyError:
            raise CollectionError(f"{self.label}: no {name!r} inside; not a valid document") from None
        return _BudgetedStream(self, info)  # type: ignore[return-value]

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def iterparse(self, name: str) -> Iterator[tuple[str, Element]]:
        """Stream ``("start"|"end", element)`` events of an XML entry, defused.

        Callers should prune finished elements so memory stays small."""
        depth = 0
        with self.open(name) as stream:
            try:
                for event, elem in defused_et.iterparse(
                    stream, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
                ):
                    depth += 1 if event == "start" else -1
                    if depth > MAX_XML_DEPTH:
                        raise UnsafeInputError(f"{self.label}: {name} nests deeper than {MAX_XML_DEPTH}")
                    yield event, elem
            except DefusedXmlException as exc:
                raise UnsafeInputError(f"{self.label}: {name} refused: {type(exc).__name__} ({exc})") from exc
            except ParseError as exc:
                raise CollectionError(f"{self.label}: {name} is not well-formed XML ({exc})") from exc

    def check_xml(self, name: str) -> None:
        """Parse an entry fully (discarding it) so hostile XML is refused up front."""
        for event, elem in self.iterparse(name):
            if event == "end":
                elem.clear()  # drop content as we go; only well-formedness matters here

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _BudgetedStream(io.RawIOBase):
    """Counts every inflated byte: per entry against its declared size and the
    ratio cap, and across the archive against the total budget."""

    def __init__(self, owner: SafeZip, info: zipfile.ZipInfo) -> None:
        super().__init__()
        self._owner = owner
        self._info = info
        self._seen = 0
        try:
            self._raw = owner._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError) as exc:
            raise CollectionError(f"{owner.label}: cannot open {info.filename!r} ({exc})") from exc

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while chunk := self.read(_CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        try:
            data = self._raw.read(min(size, _CHUNK))
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as exc:
            raise CollectionError(f"{self._owner.label}: {self._info.filename!r} is corrupt ({exc})") from exc
        self._account(len(data))
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _account(self, n: int) -> None:
        owner, info = self._owner, self._info
        self._seen += n
        owner._read_so_far += n
        if self._seen > info.file_size:
            raise UnsafeInputError(f"{owner.label}: {info.filename!r} inflates beyond its declared size")
        owner._check_ratio(info, self._seen)
        if owner._read_so_far > owner.max_total:
            raise UnsafeInputError(f"{owner.label}: inflates beyond {owner.max_total} bytes")

    def close(self) -> None:
        self._raw.close()
        super().close()
