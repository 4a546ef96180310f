"""A collection's additions to the packaged data: the ``mapping.toml`` tables named after a data file.

``[vocabulary.care] kinship-care = ["looked after by granny"]`` adds a phrase to
the ``kinship-care`` family of ``graphkit/data/vocabulary.toml`` for this
collection's build. What may be added where is data (``graphkit/data/additions.toml``);
anything else (an unknown section or family, a value that is not a phrase list,
a phrase that is not a valid pattern) is a located problem naming the key, and
is left out.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from graphkit.data import Additions, packaged
from graphkit.errors import CollectionError
from graphkit.model import Problem
from graphkit.readers.paths import read_inside

MAPPING = "mapping.toml"
#: Largest mapping.toml read (bytes); a hand-written one is a few KiB.
MAX_MAPPING_BYTES = 1024 * 1024
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[\w-]+)\s*=""")


def _open_tables() -> dict[str, set[str]]:
    return {stem: set(tables) for stem, tables in packaged("additions.toml")["open"].items()}


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(p if re.fullmatch(r"[\w-]+", p) else f'"{p}"' for p in path)


def _unquote(key: str) -> str:
    key = key.strip()
    return key[1:-1] if len(key) > 1 and key[0] == key[-1] and key[0] in "\"'" else key


class _Check:
    """Walks one mapping table beside the packaged data it adds to, keeping what fits and reporting the rest."""

    def __init__(self, lines: list[str], stem: str, open_tables: set[str]):
        self.lines, self.stem, self.open = lines, stem, open_tables
        self.problems: list[Problem] = []

    def line(self, path: tuple[str, ...]) -> int:
        """The line that sets ``path`` (its table header, or its key under its table's header), else the header of
        the nearest table holding it, else 1."""
        table: tuple[str, ...] = ()
        nearest, depth = 1, 0
        for number, text in enumerate(self.lines, 1):
            header = _HEADER.match(text)
            if header:
                table = tuple(_unquote(p) for p in re.findall(r'"[^"]*"|\'[^\']*\'|[^.\s]+', header.group(1)))
                if table == path:
                    return number
                if path[: len(table)] == table and len(table) > depth:
                    nearest, depth = number, len(table)
                continue
            key = _KEY.match(text)
            if key and table + (_unquote(key.group(1)),) == path:
                return number
        return nearest

    def report(self, path: tuple[str, ...], what: str) -> bool:
        self.problems.append(Problem(f"{MAPPING}, line {self.line(path)}", f"[{_dotted(path[:-1])}] {_dotted(path[-1:])}: {what}"))
        return False

    def table(self, given: dict[str, Any], have: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        where = ".".join(path[1:])
        is_open = where in self.open
        for key, value in given.items():
            here = path + (key,)
            if key not in have:
                if is_open:
                    if self.fits(value, list(have.values()), here):
                        kept[key] = value
                else:
                    what = "section" if len(path) == 1 else "family or key"
                    known = ", ".join(sorted(have)[:12]) + (" ..." if len(have) > 12 else "")
                    self.report(here, f"{self.stem}.toml has no {what} {key!r} here (it has: {known})")
                continue
            old = have[key]
            if isinstance(old, dict):
                if isinstance(value, dict):
                    inner = self.table(value, old, here)
                    if inner:
                        kept[key] = inner
                else:
                    self.report(here, f"is a table in {self.stem}.toml: add to it as [{_dotted(here)}]")
            elif is_open or not _phrase_list(old):
                self.report(here, f"is a value in {self.stem}.toml, not a phrase list: a mapping adds entries, it never replaces one")
            else:
                phrases = self.phrases(value, here)
                if phrases:
                    kept[key] = phrases
        return kept

    def phrases(self, value: Any, path: tuple[str, ...]) -> list[str]:
        """``value`` as phrases to add (a string or a list of strings, each a valid pattern), or [] when it is not."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(p, str) and p.strip() for p in items):
            self.report(path, 'expected a phrase or a list of phrases (["...", "..."])')
            return []
        for phrase in items:
            try:
                re.compile(phrase)
            except re.error as exc:
                self.report(path, f"{phrase!r} is not a valid phrase pattern ({exc}); escape ( ) [ ] ? * + with a backslash")
                return []
        return list(items)

    def fits(self, value: Any, examples: list[Any], path: tuple[str, ...]) -> bool:
        """A new entry must be shaped like the entries already there (a sex letter, a kin path, a shorthand entry...)."""
        if isinstance(value, dict) and examples and all(isinstance(e, dict) for e in examples):
            fields = [self.fits(v, [e[k] for e in examples if k in e], path + (k,)) if any(k in e for e in examples)
                      else self.report(path + (k,), f"no entry of [{_dotted(path[:-1])}] has this field") for k, v in value.items()]
            return all(fields)
        lengths = {len(e) for e in examples if isinstance(e, list)}
        fixed = len(examples) > 1 and len(lengths) == 1 and isinstance(value, list) and len(value) not in lengths  # a record: [relation, sex]
        if fixed or not any(_same_shape(value, example) for example in examples):
            self.report(path, f"a new entry here is shaped like the others, e.g. {next(iter(examples), None)!r}")
            return False
        return not _phrase_list(value) or bool(self.phrases(value, path)) or not value


def _phrase_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _same_shape(value: Any, example: Any) -> bool:
    if isinstance(example, dict):
        return isinstance(value, dict)
    if isinstance(example, list):
        if not isinstance(value, list):
            return False
        return all(any(_same_shape(v, e) for e in example) for v in value) if example else True
    return type(value) is type(example)


def mapping_text(root: Path) -> str | None:
    """The text of ``root/mapping.toml``; None when there is none.

    Read under the collection's file policy (readers/paths.py): CollectionError when it refuses the file,
    UnicodeDecodeError when the bytes are not UTF-8. The collection reader reports either; the other readers
    of the file then leave it alone."""
    path = Path(root) / MAPPING
    if not os.path.lexists(path):
        return None
    return read_inside(root, path, MAX_MAPPING_BYTES, MAPPING).decode("utf-8-sig")


def read_additions(root: Path) -> tuple[Additions, list[Problem]]:
    """The additions in ``root/mapping.toml`` that fit the packaged data, and a problem for each one that does not."""
    try:
        text = mapping_text(root)
        given = tomllib.loads(text or "")
    except (CollectionError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return Additions(), []  # the table reader reports an unreadable mapping file
    if text is None:
        return Additions(), []
    lines = text.splitlines()
    by_file: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for stem, open_tables in sorted(_open_tables().items()):
        if stem not in given:
            continue
        check = _Check(lines, stem, open_tables)
        if isinstance(given[stem], dict):
            by_file[f"{stem}.toml"] = check.table(given[stem], packaged(f"{stem}.toml"), (stem,))
        else:
            check.report((stem,), f"expected tables [{stem}.<section>] adding to graphkit/data/{stem}.toml")
        problems += check.problems
    return Additions.of(by_file), sorted(problems, key=lambda p: int(p.where.rsplit(" ", 1)[-1]))
