"""What `pip install .` puts on a user's machine: every package and data file of graphkit/ (an editable
install, as in development, would hide a package missing from pyproject.toml)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package(folder: Path) -> str:
    return ".".join(folder.relative_to(ROOT).parts)


def test_every_package_is_installed() -> None:
    found = {_package(p.parent) for p in (ROOT / "graphkit").rglob("__init__.py")}
    assert sorted(found - set(SETUPTOOLS["packages"])) == []


def test_every_data_file_is_installed() -> None:
    data = SETUPTOOLS["package-data"]
    missing = []
    for path in (ROOT / "graphkit").rglob("*"):
        if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        owner = next(p for p in [path.parent, *path.parents] if (p / "__init__.py").is_file())
        rel = path.relative_to(owner).as_posix()
        if not any(fnmatch.fnmatch(rel, glob) for glob in data.get(_package(owner), [])):
            missing.append(path.relative_to(ROOT).as_posix())
    assert missing == []
