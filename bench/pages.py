"""How long the network page and an ecomap take to open in headless Chromium, at sample scales 1 and 10.

    python bench/pages.py --out bench/results                  # scales 1 and 10
    python bench/pages.py --out bench/results --scales 1 --repeat 5

For each scale: the demo sample (``graphkit sample``, cached in ``--work`` like
``run.py`` does), its graph (``build_graph``) and its pages (``write_views``,
timed); then Chromium opens a blank page, ``network.html`` and the largest
ecomap ``--repeat`` times each, with the flags the browser tests use, until
the page's own script says it is ready and has drawn (``--dump-dom`` after a
virtual-time budget: idle time is skipped, so the wall time is the work), in
rounds of blank, network, ecomap. A page's time is the median over the rounds
of its wall time minus the blank page's in the same round (Chromium's own
start-up), so a load that comes and goes shifts both alike. Targets (issue 17): network under 2 s at
scale 1 and under 5 s at scale 10. Writes ``pages.md`` and ``pages.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE), str(HERE.parent / "tests")]

from browser import dump, require_chromium  # noqa: E402  (the browser tests' driver: same flags)
from run import _env, ensure_sample  # noqa: E402

TARGETS = {1: 2.0, 10: 5.0}  # seconds for network.html to open


def _open(url: Path | str, binary: str) -> tuple[float, dict]:
    start = time.perf_counter()
    page = dump(url, binary=binary, budget_ms=30000, timeout=300, size="1400,900")
    return time.perf_counter() - start, page.status


def _rounds(pages: dict[str, Path], binary: str, repeat: int) -> dict[str, dict]:
    """Each round opens every page once, the blank page first: a page's time in a round is its own
    minus the blank page's in the same round, so a load that comes and goes shifts both alike."""
    runs: dict[str, dict] = {name: {"walls": [], "status": {}} for name in pages}
    for _ in range(repeat):
        for name, path in pages.items():
            wall, status = _open(path, binary)
            runs[name]["walls"].append(wall)
            runs[name]["status"] = status
    for run in runs.values():
        run["wall"] = statistics.median(w - b for w, b in zip(run["walls"], runs["blank"]["walls"]))
    return runs


def measure(work: Path, scale: int, seed: int, repeat: int, binary: str) -> dict:
    from graphkit.pipeline import build_graph
    from graphkit.views import write_views

    collection = ensure_sample(work, scale, seed)
    graph = build_graph(collection)
    views = work / f"scale-{scale}" / "pages"
    start = time.perf_counter()
    write_views(graph, views)
    written = time.perf_counter() - start
    blank = views / "blank.html"
    blank.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>", encoding="utf-8")
    ecomap = max((p for p in (views / "families").glob("*.html") if p.name != "index.html"), key=lambda p: (p.stat().st_size, p.name))
    runs = _rounds({"blank": blank, "network": views / "network.html", "ecomap": ecomap}, binary, repeat)
    base, network, family = runs["blank"], runs["network"], runs["ecomap"]
    for name, run in (("network", network), ("ecomap", family)):
        if run["status"].get("data-state") != "ready" or run["status"].get("data-errors", "[]") != "[]":
            raise SystemExit(f"scale {scale}: {name} did not open cleanly: {run['status']}")
    return {
        "scale": scale, "nodes": int(network["status"]["data-nodes"]), "first_view_nodes": int(network["status"]["data-shown"]),
        "html_bytes": (views / "network.html").stat().st_size, "write_views_s": written,
        "blank_s": statistics.median(base["walls"]), "network_s": network["wall"], "ecomap_s": family["wall"],
        "ecomap": ecomap.name, "raw": {"blank": base["walls"], "network": network["walls"], "ecomap": family["walls"]},
    }


def report(rows: list[dict], env: dict) -> str:
    lines = ["# Page open times (bench/pages.py)", "",
             f"{env['when']} · {env['machine']} · {env['cpus']} CPUs · load {env['load']} · git {env['git']}", "",
             "| scale | nodes | first view | network.html | opens in | target | ecomap opens in | write_views |",
             "| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
    for r in rows:
        target = TARGETS.get(r["scale"])
        met = "" if target is None else f"< {target:g} s: {'met' if r['network_s'] < target else 'NOT met'}"
        lines.append(f"| {r['scale']} | {r['nodes']} | {r['first_view_nodes']} | {r['html_bytes'] / 1e6:.1f} MB | "
                     f"{r['network_s']:.2f} s | {met} | {r['ecomap_s']:.2f} s | {r['write_views_s']:.2f} s |")
    blanks = ", ".join(f"{r['blank_s']:.2f} s" for r in rows)
    lines += ["", "Open time: median over the rounds of Chromium's wall time until the page is ready and drawn minus "
              f"a blank page's in the same round (blank page median {blanks}); the load average is in the heading."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True, help="folder for pages.md and pages.json")
    p.add_argument("--scales", default="1,10", help="comma-separated sample scales")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--work", type=Path, default=None, help="samples and pages (default $TMPDIR/graphkit-bench; kept between runs)")
    args = p.parse_args(argv)
    binary = require_chromium()
    work = args.work or Path(tempfile.gettempdir()) / "graphkit-bench"
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for scale in (int(s) for s in args.scales.split(",")):
        print(f"scale {scale}", flush=True)
        rows.append(measure(work, scale, args.seed, args.repeat, binary))
        print(f"  network.html opens in {rows[-1]['network_s']:.2f} s", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    env = _env()
    (args.out / "pages.json").write_text(json.dumps({"env": env, "rows": rows}, indent=2) + "\n", encoding="utf-8")
    (args.out / "pages.md").write_text(report(rows, env), encoding="utf-8")
    print((args.out / "pages.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
