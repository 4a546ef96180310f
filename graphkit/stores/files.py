"""Atomic file writes: a crash mid-write leaves the previous output intact."""

from __future__ import annotations

import glob
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from graphkit.errors import GraphFolderError


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


def dumps_record(value: Any, *, sort_keys: bool = False) -> str:
    """One item of :func:`dumps_records`' lists as JSON text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)


def dumps_records(doc: dict[str, Any], *, sort_keys: bool = False, encoded: tuple[str, ...] = ()) -> str:
    """JSON text of ``doc`` with each item of a top-level list on a line of its own.

    Readable and line-diffable like ``indent=``, but written by json's C
    encoder: any ``indent`` forces the pure-Python one, several times slower.
    The items of the lists named in ``encoded`` are JSON texts already, as :func:`dumps_record` writes them
    (a caller that keeps them)."""
    def dumps(value: Any) -> str:
        return dumps_record(value, sort_keys=sort_keys)

    fields = []
    for key in sorted(doc) if sort_keys else doc:
        value = doc[key]
        if isinstance(value, list) and value:  # one join over the texts: a rebuild's two files hold 15k items
            body = "[\n " + ",\n ".join(value if key in encoded else map(dumps, value)) + "\n]"
        else:
            body = dumps(value)
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
    _set_aside_and_swap(fresh, target, old)
    shutil.rmtree(old, ignore_errors=True)  # the new folder is in place: a leftover is removed next time


def _set_aside_and_swap(fresh: Path, target: Path, old: Path) -> None:
    """``target`` -> ``old`` (when there is one), then ``fresh`` -> ``target``; the old one is put back if the second fails."""
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(fresh, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise


#: The list of what a build wrote, written last: a folder without it is not a finished build.
MANIFEST = "manifest.json"


def _beside(target: Path, what: str) -> Path:
    return target.with_name(f".{target.name}.{what}")


def _is_ours(name: str, known: set[str]) -> bool:
    """An entry graphkit wrote: a known output, or a temporary one named after it (``.graph.ttl.x1y.tmp``,
    ``.store-x1y``, ``.families.old``) that an interrupted write of an earlier version left."""
    if name in known:
        return True
    return name.startswith(".") and any(name[1:].startswith(k) and name[1 + len(k):2 + len(k)] in (".", "-") for k in known)


def _listed(folder: Path) -> set[str]:
    """The outputs a folder's manifest names (none when it has no readable manifest)."""
    try:
        return set(json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["outputs"])
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _carry_unknown(old: Path, new: Path, known: set[str]) -> list[str]:
    """Move the entries of ``old`` that graphkit did not write into ``new``, as they are; return their names."""
    known = known | _listed(old) | _listed(new) | {MANIFEST}
    kept = []
    for entry in sorted(os.listdir(old)):
        if not _is_ours(entry, known) and not (new / entry).exists():
            os.replace(old / entry, new / entry)
            kept.append(entry)
    return kept


def clear_leftovers(target: Path, known: set[str]) -> list[str]:
    """Undo what an interrupted swap of ``target`` left beside it; return the unknown entries carried over.

    A ``.<target>.building-*`` folder is a build that never finished: removed.
    A ``.<target>.old`` folder is the previous build, set aside: put back when
    ``target`` is missing, otherwise emptied of the user's own files (moved into
    ``target``) and removed."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)
    old = _beside(target, "old")
    if not old.exists():
        return []
    if not target.exists():
        os.replace(old, target)
        return []
    kept = _carry_unknown(old, target, known)
    shutil.rmtree(old)
    return kept


def stage_folder(target: Path, known: set[str]) -> Path:
    """A fresh private folder beside ``target`` to build into, after clearing what an interrupted build left."""
    clear_leftovers(target, known)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))


def make_private(folder: Path) -> None:
    """Every output is its owner's alone: folders 0700, files 0600 (the data are about people in treatment)."""
    folder.chmod(0o700)
    for root, dirs, names in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o700)
        for name in names:
            os.chmod(os.path.join(root, name), 0o600)


def swap_in(fresh: Path, target: Path, known: set[str]) -> list[str]:
    """Finish the staged folder ``fresh`` (manifest, permissions) and put it in place of ``target`` whole.

    The entries of the old ``target`` that graphkit did not write (not in its
    manifest, not in ``known``) are moved into the new one untouched; their
    names are returned so that the caller can say so. Everything else of the
    old folder goes: a rebuild leaves nothing stale. A ``target`` that holds
    files of its own and no earlier build (no manifest) is refused: it is the
    user's folder, not graphkit's."""
    outputs = sorted(os.listdir(fresh))
    if target.is_dir() and not (target / MANIFEST).exists():
        foreign = [e for e in sorted(os.listdir(target)) if not _is_ours(e, known | set(outputs))]
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise GraphFolderError(f"{target} holds files graphkit did not write ({shown}) and no earlier build: "
                                   "choose a new or empty folder for --out")
    write_text_atomic(fresh / MANIFEST, json.dumps({"outputs": outputs}, indent=1) + "\n")
    make_private(fresh)
    old = _beside(target, "old")
    _set_aside_and_swap(fresh, target, old)
    if not old.exists():
        return []
    kept = _carry_unknown(old, target, known)
    shutil.rmtree(old, ignore_errors=True)  # a leftover is removed by the next build's clear_leftovers
    return kept


def require_build(folder: Path) -> Path:
    """``folder`` if it holds a finished build (its manifest, written last), else a one-line GraphFolderError."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GraphFolderError(f"{folder}: no such folder (build one with `graphkit build <collection> --out {folder}`)")
    if not (folder / MANIFEST).is_file():
        raise GraphFolderError(f"{folder}: not a finished graphkit build (no {MANIFEST}); run `graphkit build <collection> --out {folder}`")
    return folder
