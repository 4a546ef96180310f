"""Vocabulary and pattern data (TOML), loaded once and cached."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict[str, Any]:
    """Load ``graphkit/data/<name>``."""
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))
