"""Vocabulary and pattern data (TOML): the packaged files, with one collection's additions during its build.

A collection's ``mapping.toml`` may add phrases and entries to the packaged files
(``graphkit/readers/mapping.py`` reads and checks them). ``collection_data`` puts
them in place for one build; ``load_toml`` then answers with the packaged data
and those additions, and with the packaged data alone outside that build.
"""

from __future__ import annotations

import copy
import json
import sys
import tomllib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterator, TypeVar


@dataclass(frozen=True)
class Additions:
    """A collection's additions, per data file (``vocabulary.toml`` -> its tables as JSON: hashable, comparable)."""

    files: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, by_file: dict[str, dict[str, Any]]) -> Additions:
        return cls(tuple(sorted((name, json.dumps(added, sort_keys=True)) for name, added in by_file.items() if added)))

    def __bool__(self) -> bool:
        return bool(self.files)

    def to(self, name: str) -> str:
        return next((added for file, added in self.files if file == name), "")


_NONE = Additions()
_CURRENT: ContextVar[Additions] = ContextVar("graphkit_data_additions", default=_NONE)
# Packages whose caches are built from the data files (matchers, word classes): their caches hold one build's data.
_DERIVED = ("graphkit.extract.", "graphkit.readers.")
_KEPT: set[Callable[..., Any]] = set()
F = TypeVar("F", bound=Callable[..., Any])


@lru_cache(maxsize=None)
def packaged(name: str) -> dict[str, Any]:
    """``graphkit/data/<name>`` as shipped."""
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def load_toml(name: str) -> dict[str, Any]:
    """``graphkit/data/<name>``, with the additions of the collection being built (do not modify the answer)."""
    added = _CURRENT.get().to(name)
    return _extended(name, added) if added else packaged(name)


@lru_cache(maxsize=16)
def _extended(name: str, added: str) -> dict[str, Any]:
    data = copy.deepcopy(packaged(name))
    _extend(data, json.loads(added))
    return data


def _extend(data: dict[str, Any], added: dict[str, Any]) -> None:
    # Checked beforehand (readers/mapping.py): a table goes into a table, phrases join a list, a new key is a new entry.
    for key, value in added.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            _extend(data[key], value)
        elif isinstance(value, list) and isinstance(data.get(key), list):
            data[key] = data[key] + [v for v in value if v not in data[key]]
        else:
            data[key] = value


def independent_of_data(func: F) -> F:
    """Mark a cache whose answers depend on its arguments only (a compiled phrase list): kept from build to build."""
    _KEPT.add(func)
    return func


def _forget_derived() -> None:
    """Empty every cache the extractors built from the data, so that they are built again from the data now in place.

    A cache is found by what it is (a functools cache defined in an extraction or reader module), not by a list,
    so a module added later is covered too; those marked ``independent_of_data`` are kept.
    """
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.startswith(_DERIVED):
            continue
        for value in list(vars(module).values()):
            if (hasattr(value, "cache_clear") and getattr(value, "__module__", None) == module_name
                    and value not in _KEPT):
                value.cache_clear()


@contextmanager
def collection_data(additions: Additions) -> Iterator[None]:
    """The packaged data with ``additions`` for the duration of one build, the packaged data alone after it.

    A build without additions changes nothing (and costs nothing); one with additions rebuilds the derived caches
    on the way in and again on the way out, so that no other build sees its words. One build at a time: the derived
    caches are the process's.
    """
    if not additions:
        yield
        return
    token = _CURRENT.set(additions)
    _forget_derived()
    try:
        yield
    finally:
        _CURRENT.reset(token)
        _forget_derived()
