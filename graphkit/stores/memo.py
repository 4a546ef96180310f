"""Work one build leaves for the next in ``<out>/cache``: a rebuild after a small change redoes only the parts
of an output whose inputs changed. The folder is safe to delete (the next build does all the work again).

A memo is a dict from a hash of a part's input to the part's output, kept under a key that names everything
else the output rests on (graphkit's code, the shipped context): another key and the memo starts empty. A
build keeps the entries it used. Pickling and writing a whole memo again costs a rebuild after a small
change more than the change: so the memo is a base file, taken over from the build before as a hard link
while it still holds nearly all of them, and beside it the entries the base lacks (``<name>.delta.pickle``);
the base is written whole again once what it lacks or no longer needs passes an eighth of the entries, so
the files stay within about that of what a build uses. Both are pickles of plain data: no class may be
loaded out of them, so a planted file is refused, not run.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path
from typing import Any, Callable

from graphkit.stores.files import write_bytes_atomic

FOLDER = "cache"
#: the base is written whole again when what it lacks or keeps unused passes 1/REWRITE of the entries used
REWRITE = 8


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"refused: {module}.{name} in a cache of plain data")


def digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()[:16]  # with SHA extensions, faster than blake2b on small parts


def canonical(value: Any) -> bytes:
    """``value`` pickled without back-references, for a memo key: equal values give equal bytes however their
    objects are shared (a model read back from the cache shares fewer strings than the one just extracted,
    and with plain pickles a rebuild after a build missed 142 of the sample's parts). Fast mode is what
    turns the references off; the values keyed are trees, which is all it handles."""
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


def _dict(path: Path, key: str) -> dict[bytes, Any]:
    found = load_plain(path, key)
    return found if isinstance(found, dict) else {}


def link(source: Path, target: Path) -> bool:
    """Whether ``target`` is (now) the file ``source``: a hard link costs no copy, and the file is never
    written in place (a build writes a new one and renames it), so the two builds cannot disturb each other."""
    try:
        if target.exists():
            return os.path.samefile(source, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
        return True
    except OSError:
        return False


class Memo:
    """Parts of one output by the hash of their input, from the build before and for the one after."""

    def __init__(self, previous: Path, out: Path, name: str, key: str):
        """Read from ``<previous>/cache``, saved into ``<out>/cache`` (the build before and this one)."""
        self.path = Path(out) / FOLDER / f"{name}.pickle"
        self.delta = self.path.with_name(f"{name}.delta.pickle")
        self.key = key
        self.previous = Path(previous)
        self.base_path = self.previous / FOLDER / self.path.name
        self.base = _dict(self.base_path, key)
        self.old: dict[bytes, Any] = {**self.base, **_dict(self.base_path.with_name(self.delta.name), key)}
        self.new: dict[bytes, Any] = {}

    def get(self, part: bytes) -> Any:
        value = self.old.get(part)
        if value is not None:
            self.new[part] = value
        return value

    def put(self, part: bytes, value: Any) -> None:
        self.new[part] = value

    def save(self) -> None:
        """The base of the build before (linked) and the entries it lacks, or, when it differs by more than
        an eighth from the entries used, those entries as the new base."""
        lacking = {part: value for part, value in self.new.items() if part not in self.base}
        unused = len(self.base) - (len(self.new) - len(lacking))
        if self.base and (len(lacking) + unused) * REWRITE <= len(self.new) and link(self.base_path, self.path):
            save_plain(self.delta, self.key, lacking)
            return
        save_plain(self.path, self.key, self.new)
        self.delta.unlink(missing_ok=True)


def stamp(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time: a write to it changes one of them."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def link_or_write(memo: Memo | None, path: Path, source: Callable[[], bytes], write: Callable[[], None]) -> None:
    """``write()`` writes ``path`` from an input whose digest is ``source()``; when the build before (``memo``'s)
    wrote the file of that name from the same input and it is untouched since (the size and time ``memo``
    holds), it is linked instead: the same bytes, not made again."""
    if memo is None:
        write()
        return
    part = digest(b"file\0" + path.name.encode("utf-8") + b"\0" + source())
    old = memo.previous / path.name
    held = memo.get(part)
    if held is None or held != stamp(old) or not link(old, path):
        write()
        held = stamp(path)
    memo.put(part, held)
