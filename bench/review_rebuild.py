"""The rebuild after one review decision against a full build of the sample (issue 14, item 5).

Not a test: nothing here asserts a timing. One command writes a markdown report and the raw numbers::

    python bench/review_rebuild.py --out bench/results            # the sample at scale 1, 3 repeats

Each build runs in a fresh child process (``--child``), timed like ``run.py``'s builds (imports apart,
CPU and wall, stages by wrapping the functions the pipeline calls). A *full build* starts from an
empty output folder, so nothing is cached. A *one-decision rebuild* rebuilds that folder after one
more decision was saved (each repeat a different fact rejected), as a reviewer's rebuild does. Then
the same collection and decisions are built from scratch into a fresh folder, and every output file of
the two is compared byte for byte (``cache/`` aside; the Oxigraph store, a RocksDB folder, by its
quads).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from run import STAGES, Clock, _best, _wrap, ensure_sample

#: stages of the review around the pipeline's own (module, attribute), inclusive times
REVIEW_STAGES = {
    "cache": [("graphkit.review.cache", "collection_key"), ("graphkit.review.cache", "_load")],
    "decisions": [("graphkit.review", "apply_review")],
    "review page": [("graphkit.review", "write_review")],
    "neo4j folder": [("graphkit.stores.neo4j_csv", "write_neo4j_folder")],
    "graphml": [("graphkit.projections.property_graph", "write_graphml")],
    "texts.json": [("graphkit.pipeline", "write_source_texts")],
    "memo load+save": [("graphkit.stores.memo", "load_plain"), ("graphkit.stores.memo", "save_plain")],
    "cache write": [("graphkit.review.cache", "write_cache")],
    "swap": [("graphkit.pipeline", "swap_in")],
}


def child(collection: Path, out: Path, decisions: Path) -> dict:
    with Clock() as imports:
        import graphkit.pipeline  # noqa: F401
        import graphkit.projections.property_graph  # noqa: F401
        import graphkit.projections.rdf  # noqa: F401
        import graphkit.review.cache  # noqa: F401
        import graphkit.review.page  # noqa: F401
        import graphkit.stores.jsonld  # noqa: F401
        import graphkit.stores.neo4j_csv  # noqa: F401
        import graphkit.stores.oxigraph  # noqa: F401
        import graphkit.shacl_sparql  # noqa: F401
        import graphkit.validate  # noqa: F401
        import graphkit.views.pages  # noqa: F401
    times: dict[str, list[float]] = {}
    stages = {**STAGES, **REVIEW_STAGES}
    for module, attr in sorted({f for fs in stages.values() for f in fs}):
        _wrap(times, module, attr)
    from graphkit.pipeline import build

    with Clock() as total:
        result = build(collection, out, decisions=decisions)
    found = {name: {"cpu": sum(times.get(f"{m}.{a}", [0, 0])[1] for m, a in fs),
                    "wall": sum(times.get(f"{m}.{a}", [0, 0])[0] for m, a in fs)} for name, fs in stages.items()}
    return {"cpu": total.cpu, "wall": total.wall, "imports": {"cpu": imports.cpu, "wall": imports.wall},
            "stages": found, "relations": len(result.graph.relations), "problems": len(result.problems)}


def run_child(collection: Path, out: Path, decisions: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(collection), str(out), str(decisions)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def reject_one(out: Path, decisions: Path, index: int) -> str:
    """Save one more decision: reject the ``index``-th unreviewed fact of the build in ``out``."""
    from graphkit.review.decisions import Decision, FactRef, save_decision

    facts = [f for f in json.loads((out / "review.json").read_text(encoding="utf-8"))["facts"] if f["state"] == "unreviewed"]
    fact = facts[(index * 37) % len(facts)]
    save_decision(decisions, Decision("reject", FactRef(**fact["ref"]), "bench", f"2026-01-01T00:00:{index:02d}Z"))
    return fact["id"]


def differences(a: Path, b: Path) -> list[str]:
    """Output files of ``a`` and ``b`` that differ (the store compared by its sorted quads)."""
    from graphkit.stores.oxigraph import open_store

    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
                and not str(p.relative_to(root)).startswith(("cache", "store"))}

    found = sorted(n for n in files(a) ^ files(b))
    found += sorted(n for n in files(a) & files(b) if (a / n).read_bytes() != (b / n).read_bytes())
    quads = [sorted(str(q) for q in open_store(x)) for x in (a, b)]
    return found + ([] if quads[0] == quads[1] else ["store (quads)"])


def report(data: dict) -> str:
    full, rebuild = data["full"], data["rebuild"]
    ratio = rebuild["cpu"] / full["cpu"]
    lines = [
        "# Rebuild after one review decision (issue 14)", "",
        f"Sample scale 1, seed {data['seed']}; best of {data['repeat']} (CPU seconds, imports apart).", "",
        "| build | CPU s | wall s | imports CPU s |", "| --- | ---: | ---: | ---: |",
        f"| full (empty output folder) | {full['cpu']:.2f} | {full['wall']:.2f} | {full['imports']['cpu']:.2f} |",
        f"| one-decision rebuild | {rebuild['cpu']:.2f} | {rebuild['wall']:.2f} | {rebuild['imports']['cpu']:.2f} |", "",
        f"**ratio {ratio:.2f}x** (target <= 0.10x: {'met' if ratio <= 0.1 else 'NOT met'}; the first rebuild after "
        f"the full builds alone: {data['rebuild_runs'][0]['cpu'] / full['cpu']:.2f}x); "
        f"outputs byte-identical to a full build: {'yes' if not data['differences'] else 'NO: ' + ', '.join(data['differences'])}", "",
        "Where the time goes (CPU s, inclusive):", "", "| stage | full | rebuild |", "| --- | ---: | ---: |",
    ]
    for name in full["stages"]:
        lines.append(f"| {name} | {full['stages'][name]['cpu']:.2f} | {rebuild['stages'][name]['cpu']:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=Path("bench/results"))
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "graphkit-bench")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--child", nargs=3, metavar=("COLLECTION", "OUT", "DECISIONS"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(*map(Path, args.child))))
        return 0
    collection = ensure_sample(args.work, 1, args.seed)
    work = args.work / "review"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    decisions = work / "decisions.jsonl"
    fulls, rebuilds = [], []
    for i in range(args.repeat):
        shutil.rmtree(work / "out", ignore_errors=True)
        fulls.append(run_child(collection, work / "out", decisions))
        print(f"full build {i + 1}: {fulls[-1]['cpu']:.2f} s CPU", flush=True)
    for i in range(args.repeat):
        reject_one(work / "out", decisions, i)
        rebuilds.append(run_child(collection, work / "out", decisions))
        print(f"one-decision rebuild {i + 1}: {rebuilds[-1]['cpu']:.2f} s CPU", flush=True)
    run_child(collection, work / "fresh", decisions)
    data = {"seed": args.seed, "repeat": args.repeat, "full": _best(fulls), "rebuild": _best(rebuilds),
            "full_runs": fulls, "rebuild_runs": rebuilds, "differences": differences(work / "out", work / "fresh")}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "review-rebuild.json").write_text(json.dumps(data, indent=1))
    (args.out / "review-rebuild.md").write_text(report(data))
    print(report(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
