"""The memo a build keeps for the next (``graphkit.stores.memo``): a rebuild that changed little links the base
file of the build before and writes only the entries it lacks; one that changed much writes the base whole, so
the files never hold much more than a build uses; whole-file reuse (``link_or_write``) links only a file made
from the same input and untouched since."""

from __future__ import annotations

import os
from pathlib import Path

from graphkit.stores.memo import FOLDER, REWRITE, Memo, link_or_write

KEY = "k1"


def _parts(n: int, start: int = 0) -> dict[bytes, bytes]:
    return {i.to_bytes(16, "big"): f"part {i}".encode() for i in range(start, start + n)}


def _build(previous: Path, out: Path, parts: dict[bytes, bytes]) -> Memo:
    """One build's use of the memo: each part taken from it, or made and put."""
    memo = Memo(previous, out, "m", KEY)
    for part, value in parts.items():
        if memo.get(part) is None:
            memo.put(part, value)
    memo.save()
    return memo


def test_a_small_change_links_the_base_and_writes_what_it_lacks(tmp_path: Path) -> None:
    first = _parts(64)
    _build(tmp_path / "none", tmp_path / "a", first)
    second = {**_parts(63), **_parts(1, start=100)}  # one part gone, one new
    _build(tmp_path / "a", tmp_path / "b", second)
    assert os.path.samefile(tmp_path / "a" / FOLDER / "m.pickle", tmp_path / "b" / FOLDER / "m.pickle")
    assert Memo(tmp_path / "a", tmp_path / "x", "m", KEY).old == first
    again = Memo(tmp_path / "b", tmp_path / "c", "m", KEY)
    assert {part: again.get(part) for part in second} == second
    assert set(again.old) - set(second) == set(_parts(1, start=63))  # what the base keeps unused, until rewritten


def test_a_large_change_writes_the_base_whole(tmp_path: Path) -> None:
    _build(tmp_path / "none", tmp_path / "a", _parts(64))
    changed = 64 // REWRITE  # as many parts gone as new: twice the limit
    later = {**_parts(64 - changed), **_parts(changed, start=100)}
    _build(tmp_path / "a", tmp_path / "b", later)
    base = tmp_path / "b" / FOLDER / "m.pickle"
    assert not os.path.samefile(tmp_path / "a" / FOLDER / "m.pickle", base)
    assert not (tmp_path / "b" / FOLDER / "m.delta.pickle").exists()
    assert Memo(tmp_path / "b", tmp_path / "c", "m", KEY).old == later


def test_a_memo_under_another_key_starts_empty(tmp_path: Path) -> None:
    _build(tmp_path / "none", tmp_path / "a", _parts(8))
    _build(tmp_path / "a", tmp_path / "b", {**_parts(8), **_parts(1, start=50)})
    assert Memo(tmp_path / "b", tmp_path / "c", "m", "k2").old == {}


def _write(path: Path, text: str, log: list[str]) -> None:
    log.append(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _reuse(previous: Path, out: Path, source: bytes, text: str, log: list[str]) -> Path:
    memo = Memo(previous, out, "files", KEY)
    link_or_write(memo, out / "texts.json", lambda: source, lambda: _write(out / "texts.json", text, log))
    memo.save()
    return out / "texts.json"


def test_a_file_made_from_the_same_input_is_linked_not_made_again(tmp_path: Path) -> None:
    log: list[str] = []
    first = _reuse(tmp_path / "none", tmp_path / "a", b"input 1", "one", log)
    second = _reuse(tmp_path / "a", tmp_path / "b", b"input 1", "one", log)
    assert log == ["one"] and os.path.samefile(first, second)
    third = _reuse(tmp_path / "b", tmp_path / "c", b"input 2", "two", log)
    assert log == ["one", "two"] and third.read_text(encoding="utf-8") == "two"


def test_a_file_changed_since_it_was_made_is_made_again(tmp_path: Path) -> None:
    log: list[str] = []
    first = _reuse(tmp_path / "none", tmp_path / "a", b"input 1", "one", log)
    first.write_text("tampered", encoding="utf-8")
    again = _reuse(tmp_path / "a", tmp_path / "b", b"input 1", "one", log)
    assert log == ["one", "one"] and again.read_text(encoding="utf-8") == "one"
