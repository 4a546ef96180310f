"""Extraction time against text length on a repeated-phrase document (issue 16, item 8).

Not a test: nothing here asserts a timing. One command writes a markdown
report (and the raw numbers as JSON beside it)::

    python bench/linearity.py --out bench/results                      # 50 KB, 200 KB, 1 MB
    python bench/linearity.py --out /tmp/lin --code /path/to/old/tree  # the same on another checkout

Each document is one interview whose parent's answer repeats one short
passage. Five shapes, because each once hit a different quadratic path:

* ``sentences``: one line of full sentences (the turn grows by a thousand
  mentions of one adult; evidence lists grow by one passage per sentence);
* ``run-on``: one line with no full stop (the rules look back over the whole
  sentence at every match, so the sentence length is capped);
* ``turns``: many short turns of the same sentence;
* ``answers``: answers that name no child ("Contact is supervised"), so the
  rule looks back for the last list of children named;
* ``stranger``: a turn about someone the registry does not know.

Each build runs ``graphkit.pipeline.build_graph`` (read, extract, redact; no
output written) in a fresh child process and reports its CPU time. The
baseline, in the same run, is the same collection with a one-sentence
document: its time is the fixed cost (registry, patterns), and the ratios
are of the time above it. Linear means the 200 KB document costs 4x the
50 KB one and the 1 MB document 20x. A child that exceeds ``--timeout`` is
stopped and its time is reported as a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KB = 1000
SIZES = (50 * KB, 200 * KB, 1000 * KB)
PHRASE = "Brooke lives with Dorothy and Terry lives with his grandmother, and she sees him every week"
SHAPES = ("sentences", "run-on", "turns", "answers", "stranger")
NOISE = 0.05  # CPU seconds: a net time under this is run-to-run noise, not a basis for a ratio

PARTICIPANTS = ('ID code,Pseudonym,Participant type,Descriptor\n'
                'SP01,Dorothy,Mother,"Mother, Scotland, 30s. Children: daughter Brooke (4) lives with Dorothy; '
                'son Terry (11) lives with his grandmother."\n')
SERVICES = "ID code,Service name,Country\nSS01,Thistle Recovery,Scotland\n"
LISTING = ("File name,Data set,Data type,ID codes,Date,Country,Descriptor\n"
           "SP01_Interview1.txt,Parent/Family,Interview,SP01,2021-05-04,Scotland,Interview with a mother.\n")


#: Two more shapes, each once a look-back over the whole text so far at every phrase.
MORE_SHAPES = {
    # "Contact is supervised" names no child: subjects._named_together looks for the last list of names
    "answers": "SP01: Contact is supervised every week.\nINT: And Terry?\n",
    # an unknown name as a subject: subjects.stranger_before looks for a stranger since the last child
    "stranger": "Barry is twenty-five. We have nae contact. The kids live with Brooke and Terry and Jade. They see them weekly. ",
}


def document(shape: str, size: int) -> str:
    """An interview of about ``size`` characters (0: one sentence) repeating the phrase in ``shape``."""
    unit = {"sentences": PHRASE + ". ", "run-on": PHRASE + " and ", "turns": f"SP01: {PHRASE}.\n", **MORE_SHAPES}[shape]
    body = (unit * (max(size, 1) // len(unit) + 1))[: max(size, len(unit))]
    return "INT: Tell me about the children.\nSP01: " + body.rstrip() + "\n"


def write_collection(folder: Path, shape: str, size: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "participants.csv").write_text(PARTICIPANTS, encoding="utf-8")
    (folder / "services.csv").write_text(SERVICES, encoding="utf-8")
    (folder / "Study_metadata.csv").write_text(LISTING, encoding="utf-8")
    (folder / "SP01_Interview1.txt").write_text(document(shape, size), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- child: one build


def child(collection: Path) -> dict:
    from graphkit.pipeline import build_graph

    wall0, cpu0 = time.perf_counter(), time.process_time()
    graph = build_graph(collection)
    return {"cpu": time.process_time() - cpu0, "wall": time.perf_counter() - wall0,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "relations": len(graph.relations), "evidence": sum(len(r.evidence) for r in graph.relations.values()),
            "problems": len(graph.problems)}


def run_child(collection: Path, code: Path, timeout: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(collection)],
                              capture_output=True, text=True, env=env, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"cpu": None, "wall": time.perf_counter() - started, "timeout": timeout}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- report


def _ratio(runs: dict, base: dict, small: int, large: int) -> str:
    """Net time at ``large`` over net time at ``small``; a lower bound when the large build was stopped."""
    lo, hi = runs[str(small)], runs[str(large)]
    if lo.get("cpu") is None or lo["cpu"] - base["cpu"] < NOISE:
        return "-"  # the smaller document costs no more than the baseline: nothing to divide by
    net_lo = lo["cpu"] - base["cpu"]
    if hi.get("cpu") is None:
        return f"> {(hi['timeout'] - base['cpu']) / net_lo:.1f}"
    return f"{(hi['cpu'] - base['cpu']) / net_lo:.1f}"


def _cell(r: dict) -> str:
    return f"> {r['timeout']:.0f} s (stopped)" if r.get("cpu") is None else f"{r['cpu']:.2f} s"


def _mb(r: dict) -> str:
    return "-" if r.get("cpu") is None else f"{r['maxrss_mb']:.0f}"


def report(data: dict) -> str:
    sizes = data["sizes"]
    pairs = [*zip(sizes, sizes[1:]), *([(sizes[0], sizes[-1])] if len(sizes) > 2 else [])]
    lines = ["# Extraction time against text length (bench/linearity.py)", "",
             f"Code: `{data['code']}`. Sizes: {', '.join(f'{s // KB} KB' for s in sizes)}. CPU seconds of "
             "`build_graph` in a fresh child, best of the repeats. The ratios are of the time above the "
             f"one-sentence baseline (- when that is under {NOISE} s); linear is the size ratio, in brackets.", ""]
    head = "| shape | baseline | " + " | ".join(f"{s // KB} KB" for s in sizes) + " | " + \
        " | ".join(f"{b // KB} KB / {a // KB} KB ({b / a:.0f})" for a, b in pairs) + " |"
    lines += [head, "|" + "---|" * (2 + len(sizes) + len(pairs))]
    for shape, runs in data["shapes"].items():
        base = runs["baseline"]
        cells = [_cell(runs[str(s)]) for s in sizes] + [_ratio(runs, base, a, b) for a, b in pairs]
        lines.append(f"| {shape} | {base['cpu']:.2f} s | " + " | ".join(cells) + " |")
    lines += ["", "Peak memory of each child (MB): " + "; ".join(
        f"{shape} " + ", ".join(_mb(runs[str(s)]) for s in sizes) for shape, runs in data["shapes"].items()), ""]
    return "\n".join(lines)


def measure(work: Path, shape: str, sizes: list[int], args: argparse.Namespace) -> dict[str, dict]:
    """The baseline and each size of one shape: the best of ``args.repeat`` children each."""
    runs: dict[str, dict] = {}
    for label, size in [("baseline", 0), *((str(s), s) for s in sizes)]:
        collection = write_collection(work / f"{shape}-{label}", shape, size)
        tries = [run_child(collection, args.code, args.timeout) for _ in range(args.repeat)]
        done = [t for t in tries if t.get("cpu") is not None]
        runs[label] = min(done, key=lambda t: t["cpu"]) if done else tries[0]
        print(f"{shape} {label}: {_cell(runs[label])}", file=sys.stderr)
    return runs


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=HERE / "results", help="where linearity.md and linearity.json go")
    p.add_argument("--sizes", default=",".join(str(s) for s in SIZES), help="document sizes in characters, comma-separated")
    p.add_argument("--shapes", default=",".join(SHAPES), help=f"which of {', '.join(SHAPES)} (default: all)")
    p.add_argument("--repeat", type=int, default=1, help="builds per size (best CPU is kept)")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds before a build is stopped (default 600)")
    p.add_argument("--code", type=Path, default=ROOT, help="the graphkit checkout to measure (default: this one)")
    p.add_argument("--work", type=Path, default=None, help="where the collections go, kept (default: a temporary folder, removed)")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    data: dict = {"code": str(args.code.resolve()), "sizes": sizes, "shapes": {},
                  "env": {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count()}}
    with tempfile.TemporaryDirectory(prefix="graphkit-linearity-") as scratch:  # removed after, unless --work
        work = args.work or Path(scratch)
        for shape in args.shapes.split(","):
            data["shapes"][shape] = measure(work, shape, sizes, args)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "linearity.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (args.out / "linearity.md").write_text(report(data) + "\n", encoding="utf-8")
    print(report(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
