"""The study's published profile, carried into the graph so queries can set it beside what was observed."""

from __future__ import annotations

from graphkit.data import load_toml
from graphkit.model import Graph


def published_profile() -> list[dict]:
    return list(load_toml("profile.toml")["figure"])


def attach_profile(graph: Graph) -> None:
    graph.study["profile"] = published_profile()
