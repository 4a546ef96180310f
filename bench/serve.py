"""What the endpoint's protection costs: each standard question answered through ``graphkit serve`` (a worker
process, the parsed read-only check, row/byte caps, a TSV round trip) against the same query on an in-memory
Oxigraph store in this process, serialized to the same JSON. Ratios are from the same run.

    python bench/serve.py <build-folder> [--repeat 10] [--out bench/results/serve.md]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from pyoxigraph import QueryResultsFormat

from graphkit.questions import STANDARD, load_question
from graphkit.serve import make_server
from graphkit.sparql_worker import Limits
from graphkit.stores.oxigraph import open_store


def _median_wall(fn, repeat: int) -> tuple[float, bytes]:
    walls, body = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        body = fn()
        walls.append(time.perf_counter() - start)
    return statistics.median(walls), body


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("build", type=Path)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)

    store = open_store(args.build, in_memory=True)
    start = time.perf_counter()
    server = make_server(args.build, port=0, limits=Limits(max_queries=1))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def over_http(text: str) -> bytes:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                     headers={"Accept": "application/sparql-results+json"})
        body = conn.getresponse().read()
        conn.close()
        return body

    over_http("ASK { ?s ?p ?o }")
    ready = time.perf_counter() - start
    lines = ["# `graphkit serve`: the cost of answering in a locked-down worker", "",
             f"Build: `{args.build}` ({len(store):,} quads). Median wall of {args.repeat} runs per question. "
             f"Server start to first answer: {ready:.2f} s; one worker's RSS: "
             f"{_rss_mb(next(iter(server.pool.pids))):.0f} MB.", "",
             "| question | in process (ms) | through serve (ms) | serve / in process | same JSON |", "|---|---|---|---|---|"]
    for name in STANDARD:
        text = load_question(name).text
        local, expected = _median_wall(lambda: store.query(text).serialize(format=QueryResultsFormat.JSON), args.repeat)
        served, body = _median_wall(lambda: over_http(text), args.repeat)
        lines.append(f"| {name} | {local * 1000:.1f} | {served * 1000:.1f} | {served / local:.1f}x | {body == expected} |")
    server.shutdown()
    server.server_close()
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
