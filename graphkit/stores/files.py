"""Atomic file writes: a crash mid-write leaves the previous output intact."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def dumps_records(doc: dict[str, Any], *, sort_keys: bool = False, encoded: tuple[str, ...] = ()) -> str:
    """JSON text of ``doc`` with each item of a top-level list on a line of its own.

    Readable and line-diffable like ``indent=``, but written by json's C
    encoder: any ``indent`` forces the pure-Python one, several times slower.
    The items of the lists named in ``encoded`` are JSON texts already (a caller that keeps them)."""
    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)

    fields = []
    for key in sorted(doc) if sort_keys else doc:
        value = doc[key]
        encode = (lambda item: item) if key in encoded else dumps
        body = "[\n" + ",\n".join(" " + encode(item) for item in value) + "\n]" if isinstance(value, list) and value else dumps(value)
        fields.append(f"{dumps(key)}: {body}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def replace_dir_atomic(fresh: Path, target: Path) -> None:
    """Swap the finished folder ``fresh`` in for ``target``; the old one is removed only after.

    A folder cannot be renamed over a non-empty one, so the swap takes two
    renames: ``target`` -> ``.<target>.old``, then ``fresh`` -> ``target``. If
    the second fails, the old folder is put back. A crash between the two
    leaves only ``.<target>.old``: the next swap puts it back first, so it is
    never deleted while it is the only copy."""
    fresh, target = Path(fresh), Path(target)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        if target.exists():
            shutil.rmtree(old)
        else:  # an earlier swap was interrupted between its two renames
            os.replace(old, target)
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(fresh, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)  # the new folder is in place: a leftover is removed next time
