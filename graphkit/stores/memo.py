"""Work one build leaves for the next in ``<out>/cache``: a rebuild after a small change redoes only the parts
of an output whose inputs changed. The folder is safe to delete (the next build does all the work again).

A memo is a dict from a hash of a part's input to the part's output, kept under a key that names everything
else the output rests on (graphkit's code, the shipped context): another key and the memo starts empty. A
build keeps only the entries it used, so the file does not grow with every change. It is a pickle of plain
data: no class may be loaded out of it, so a planted file is refused, not run.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path
from typing import Any

from graphkit.stores.files import write_bytes_atomic

FOLDER = "cache"


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"refused: {module}.{name} in a cache of plain data")


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def value_bytes(value: Any) -> bytes:
    """A pickle of ``value`` that equal values share: written without pickle's memo, which writes an object met
    twice as a reference, so that a model read back from the extraction cache (its strings shared otherwise
    than in a fresh extraction) gives its parts the keys they had. Not for a value that contains itself."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def load_plain(path: Path, key: str) -> Any:
    """What ``save_plain`` wrote at ``path`` under ``key``; None when it is missing, stale or not plain data."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    head, _, body = data.partition(b"\n")
    if head != key.encode("ascii"):
        return None
    try:
        return _PlainUnpickler(io.BytesIO(body)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError, KeyError):
        return None


def save_plain(path: Path, key: str, value: Any) -> None:
    write_bytes_atomic(Path(path), key.encode("ascii") + b"\n" + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class Memo:
    """Parts of one output by the hash of their input, from the build before and for the one after."""

    def __init__(self, previous: Path, out: Path, name: str, key: str):
        """Read from ``<previous>/cache``, saved into ``<out>/cache`` (the build before and this one)."""
        self.path = Path(out) / FOLDER / f"{name}.pickle"
        self.key = key
        old = load_plain(Path(previous) / FOLDER / f"{name}.pickle", key)
        self.old: dict[bytes, Any] = old if isinstance(old, dict) else {}
        self.new: dict[bytes, Any] = {}

    def get(self, part: bytes) -> Any:
        value = self.old.get(part)
        if value is not None:
            self.new[part] = value
        return value

    def put(self, part: bytes, value: Any) -> None:
        self.new[part] = value

    def save(self) -> None:
        save_plain(self.path, self.key, self.new)
