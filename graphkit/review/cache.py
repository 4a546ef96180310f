"""The extraction cache: the model extracted from a collection, kept in ``<out>/cache`` for the next build.

A review decision changes no collection file, so the rebuild that applies it skips reading and
extraction. The key is a hash of every file of the collection (path and bytes; the decisions file
left out), of graphkit's own code and data files and of its version: any change to any of them is a
miss, and the model is extracted again. The folder is safe to delete.

The model is a pickle, and a pickle can run code: only the model's own classes and plain containers
are let out of it, so a planted cache file is refused, not run.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import graphkit
from graphkit.model import Graph
from graphkit.redaction import RedactedText
from graphkit.stores.files import write_bytes_atomic
from graphkit.stores.memo import link

FOLDER = "cache"
FILE = "extract.pickle"
_MODEL_CLASSES = frozenset({"Graph", "Entity", "Relation", "Evidence", "DataFile", "Problem", "Revision", "_Index"})


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if module == "graphkit.model" and name in _MODEL_CLASSES:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused: {module}.{name} is not part of the model")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of graphkit's version and every one of its code and data files."""
    root = Path(graphkit.__file__).parent
    digest = hashlib.sha256(graphkit.__version__.encode())
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".toml", ".ttl") and p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def collection_key(collection: Path, skip: frozenset[str] = frozenset({"decisions.jsonl"})) -> str:
    """A hash of every file of ``collection`` (relative path and bytes) and of graphkit's code.

    Hidden files are left out, as the reader leaves them out. Only regular files are read: a symlink
    counts by where it points (never followed: it may lead out of the collection, or to a device), a
    FIFO or device by its path, an unreadable file by its error; the reader reports each of them.
    """
    root = Path(collection)
    digest = hashlib.sha256(code_fingerprint().encode())
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".") and n not in skip):
            path = Path(folder) / name
            digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
            digest.update(_content(path))
    return digest.hexdigest()


def _content(path: Path) -> bytes:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return b"link:" + os.fsencode(os.readlink(path))
        if not stat.S_ISREG(info.st_mode):
            return b"special:" + str(stat.S_IFMT(info.st_mode)).encode()
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError as exc:
        return f"error:{exc.errno}".encode()


@dataclass(frozen=True)
class Cached:
    """An extracted model, its redacted texts, and what ``<out>/cache`` holds for them (the key line, then
    the pickled model and texts); ``source``, the cache file they were read from (none: extracted)."""

    graph: Graph
    texts: dict[str, RedactedText]
    payload: bytes
    source: Path | None = None


Extracted = tuple[Graph, dict[str, RedactedText]]


def _load(data: bytes, key: str) -> Extracted | None:
    head, _, body = data.partition(b"\n")
    if head.decode("ascii", "replace") != key:
        return None
    try:
        graph, texts = _ModelUnpickler(io.BytesIO(body)).load()
        texts = {str(rel): RedactedText(str(text), tuple(tuple(e) for e in edits)) for rel, (text, edits) in texts.items()}
    except (pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    return (graph, texts) if isinstance(graph, Graph) else None


def cached_extract(collection: Path, out: Path, extract: Callable[[], Extracted]) -> Cached:
    """The model and texts of ``collection``: from ``<out>/cache`` when nothing changed, else ``extract()``.

    Nothing is written here: the build puts the cache into the folder it swaps in (:func:`write_cache`)."""
    key = collection_key(collection)
    source = Path(out) / FOLDER / FILE
    try:
        data = source.read_bytes()
    except OSError:
        data = b""
    found = _load(data, key)
    if found is not None:
        return Cached(found[0], found[1], data, source)
    graph, texts = extract()
    plain = {rel: (t.text, t.edits) for rel, t in texts.items()}  # plain data: no class but the model's
    return Cached(graph, texts, key.encode("ascii") + b"\n" + pickle.dumps((graph, plain), protocol=pickle.HIGHEST_PROTOCOL))


def write_cache(folder: Path, cached: Cached) -> dict[str, Path]:
    """The cache into ``folder``: the file it was read from, linked (a file is replaced, never written in
    place, so it still holds ``payload``; the key line checks it anyway), or else ``payload`` written."""
    path = Path(folder) / FOLDER / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if cached.source is None or not link(cached.source, path):
        write_bytes_atomic(path, cached.payload)
    return {"cache": path.parent}
