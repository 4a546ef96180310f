"""Shared fixtures: the development collection (a copy of ../shared/devset) and one build of it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest_plugins = ["fuseki_fixture", "neo4j_fixture"]

DATA = Path(__file__).parent / "data"
DEVSET = DATA / "devset"


def require_services() -> bool:
    """CI sets GRAPHKIT_REQUIRE_SERVICES: there a missing JDK, Maven or Chromium fails instead of skipping."""
    return bool(os.environ.get("GRAPHKIT_REQUIRE_SERVICES"))


@pytest.fixture(scope="session")
def devset() -> Path:
    return DEVSET / "collection"


@pytest.fixture(scope="session")
def devset_gold() -> dict:
    return json.loads((DEVSET / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def devset_build(tmp_path_factory, devset):
    from graphkit.pipeline import build

    out = tmp_path_factory.mktemp("devset-out")
    return build(devset, out)
