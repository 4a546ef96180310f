"""Make the README's screenshots from the demo sample (never a devset): run from the repository root.

    python docs/screenshots/make.py [--out docs/screenshots]

Writes network.png (the first view), network-ego.png (the neighbourhood of the
service most families use), network-date.png (the date slider before the
sample's first dated move, on the mover's family) and ecomap.png (the ecomap
of a family whose arrangements changed, with its timeline). Needs Chromium;
tests/test_screenshots.py runs it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import chromium, screenshot  # noqa: E402  (tests/browser.py drives Chromium for the tests too)

from graphkit.model import Graph  # noqa: E402
from graphkit.pipeline import build_graph  # noqa: E402
from graphkit.sample import write_sample  # noqa: E402
from graphkit.views import write_views  # noqa: E402
from graphkit.views.history import fieldwork_dates, spans  # noqa: E402
from graphkit.views.network import page_name  # noqa: E402


def busiest_service(graph: Graph) -> str:
    return max(graph.of_kind("service"), key=lambda s: (sum(1 for _ in graph.relations_of("engages-with", target=s.id)), s.id)).id


def first_move(graph: Graph) -> tuple[str, str]:
    """(parent, date) of the earliest dated change of a child's care: the slider is set just before it."""
    found = spans(graph)
    moves = sorted((span["active"][0][0], rel.target) for rel in graph.relations.values()
                   if rel.kind == "care" and rel.current and (span := found.get(rel.id)) and span["active"] and span["active"][0][0])
    if not moves:
        raise SystemExit("the sample has no dated move")
    return moves[0][1], moves[0][0]


def make(out: Path, work: Path) -> list[Path]:
    binary = chromium()
    if not binary:
        raise SystemExit("Chromium not found")
    write_sample(work / "sample", scale=1, seed=0)
    graph = build_graph(work / "sample" / "collection")
    views = work / "views"
    write_views(graph, views)
    network = views.joinpath("network.html").resolve().as_uri()
    parent, moved = first_move(graph)
    before = max(d for d in fieldwork_dates(graph) if d < moved)  # the slider's stop just before the move
    shots = [
        (network, "network.png", "1400,900"),
        (f"{network}#ego={busiest_service(graph)}&depth=1", "network-ego.png", "1400,900"),
        (f"{network}#ego={parent}&depth=1&date={before}", "network-date.png", "1400,900"),
        (views.joinpath("families", page_name(parent)).resolve().as_uri(), "ecomap.png", "1100,1300"),
    ]
    return [screenshot(url, out / name, binary=binary, size=size, budget_ms=6000) for url, name, size in shots]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gk-shots-") as work:
        for path in make(args.out, Path(work)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
