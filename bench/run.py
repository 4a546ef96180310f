"""Build throughput, peak memory, stage times, question latency and start-up time (issue 9).

Not a test: nothing here asserts a timing. One command writes a markdown
report (and the raw numbers as JSON beside it)::

    python bench/run.py --out bench/results                 # scales 1 and 10
    python bench/run.py --out bench/results --scales 1      # quick (~2 min)
    python bench/run.py --out bench/results --scales 1,10,100 --work /tmp/gk-bench

What it measures (see bench/README.md for how to read it):

* the floor: read every listed text of the sample collection with graphkit's
  own readers and tokenise it with one regular expression, in this process;
* each build in a fresh child process (``python bench/run.py --child ...``),
  so its ``ru_maxrss`` is the peak of that build alone; the child times the
  pipeline's stages by wrapping the functions ``graphkit.pipeline`` calls
  (pipeline.py itself is not changed);
* every standard question (``queries/*.rq``) on the embedded Oxigraph store
  of the scale-1 build and on an rdflib in-memory ``Graph`` of its N-Triples;
* ``graphkit --help`` start-up (a fresh interpreter each time) and which heavy
  modules it imports (``python -X importtime``).

Every timing is taken as wall time AND CPU time (the machine is shared):
ratios and targets use CPU time, the lower of the repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"\w+(?:['’-]\w+)*")
#: modules that must not load for ``graphkit --help`` (each costs 10-500 ms)
HEAVY = ("rdflib", "pyoxigraph", "pyshacl", "networkx", "spacy", "neo4j", "pyvis", "jinja2", "numpy",
         "docx", "odf", "striprtf", "openpyxl", "lxml", "graphkit.pipeline", "graphkit.extract", "graphkit.sample")

# --------------------------------------------------------------------------- timing helpers


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> "Clock":
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def _best(runs: list[dict], key: str = "cpu") -> dict:
    return min(runs, key=lambda r: r[key])


# --------------------------------------------------------------------------- child: one build


#: stage -> functions (module, attribute) whose inclusive time is the stage's; every one is called
#: from graphkit.pipeline through a module attribute, so wrapping the attribute is enough.
STAGES = {
    "read": [("graphkit.pipeline", "read_collection"), ("graphkit.pipeline", "read_texts")],
    "model": [("graphkit.pipeline", "build_registry"), ("graphkit.pipeline", "_link_files"),
              ("graphkit.pipeline", "_finish"), ("graphkit.study", "attach_profile"),
              ("graphkit.redaction", "redact_graph"), ("graphkit.redaction", "redact_text")],
    "extract": [("graphkit.pipeline", "_ids_in_texts"), ("graphkit.extract.texts", "extract_texts")],
    "rdf": [("graphkit.projections.rdf", "to_triples"), ("graphkit.projections.rdf", "ntriples_lines")],
    "exports": [("graphkit.stores.jsonld", "write_linked_data"), ("graphkit.stores.jsonld", "write_linked_data_memo"),
                ("graphkit.projections.property_graph", "write_graphml"), ("graphkit.pipeline", "write_source_texts")],
    "store": [("graphkit.stores.oxigraph", "write_store")],
    "validation": [("graphkit.validate", "validate_ntriples")],
    "views": [("graphkit.views", "write_views")],
}
#: finer parts shown under their stage (inclusive times, already inside the stage's figure)
PARTS = {
    "model": [("graphkit.pipeline", "build_registry"), ("graphkit.redaction", "redact_graph"), ("graphkit.redaction", "redact_text")],
    "extract": [("graphkit.pipeline", "_ids_in_texts")],
    "exports": [("graphkit.stores.jsonld", "turtle_bytes"), ("graphkit.stores.jsonld", "dumps_jsonld"),
                ("graphkit.projections.property_graph", "write_graphml"), ("graphkit.pipeline", "write_source_texts")],
    "validation": [("graphkit.validate", "_data_store"), ("graphkit.shacl_sparql", "run_checks")],
    "views": [("graphkit.views.pages", "render_network"), ("graphkit.views.pages", "render_ecomap_page")],
}


def _wrap(times: dict[str, list[float]], module: str, attr: str) -> None:
    import importlib

    mod = importlib.import_module(module)
    fn = getattr(mod, attr)
    name = f"{module}.{attr}"

    def timed(*args, **kwargs):
        w, c = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            t = times.setdefault(name, [0.0, 0.0])
            t[0] += time.perf_counter() - w
            t[1] += time.process_time() - c

    setattr(mod, attr, timed)


def child_build(collection: Path, out: Path) -> dict:
    """Build ``collection`` into ``out`` in this (fresh) process; the numbers as a dict."""
    with Clock() as imports:
        import graphkit.pipeline  # noqa: F401  (imports are part of a real run; counted apart)
        import graphkit.extract.texts  # noqa: F401
        import graphkit.projections.property_graph  # noqa: F401
        import graphkit.projections.rdf  # noqa: F401
        import graphkit.redaction  # noqa: F401
        import graphkit.stores.jsonld  # noqa: F401
        import graphkit.stores.oxigraph  # noqa: F401
        import graphkit.study  # noqa: F401
        import graphkit.validate  # noqa: F401
        import graphkit.views  # noqa: F401
        import graphkit.views.pages  # noqa: F401
    times: dict[str, list[float]] = {}
    wrapped = {f for fs in list(STAGES.values()) + list(PARTS.values()) for f in fs}
    for module, attr in sorted(wrapped):
        _wrap(times, module, attr)
    from graphkit.pipeline import build

    shutil.rmtree(out / "cache", ignore_errors=True)  # a full build: not the review's cached extraction
    with Clock() as total:
        result = build(collection, out)
    graph = result.graph

    def stage(fs):
        return {"wall": sum(times.get(f"{m}.{a}", [0, 0])[0] for m, a in fs),
                "cpu": sum(times.get(f"{m}.{a}", [0, 0])[1] for m, a in fs)}

    stages = {name: stage(fs) for name, fs in STAGES.items()}
    stages["other"] = {k: getattr(total, k) - sum(s[k] for s in stages.values()) for k in ("wall", "cpu")}
    parts = {f"{name}: {a}": stage([(m, a)]) for name, fs in PARTS.items() for m, a in fs}
    return {
        "wall": total.wall, "cpu": total.cpu, "imports": {"wall": imports.wall, "cpu": imports.cpu},
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "stages": stages, "parts": parts,
        "entities": len(graph.entities), "relations": len(graph.relations), "files": len(graph.files),
        "problems": len(graph.problems),
        "triples": sum(1 for line in (out / "graph.nt").open("rb") if line.strip()),
    }


# --------------------------------------------------------------------------- parent: scales


def ensure_sample(work: Path, scale: int, seed: int) -> Path:
    folder = work / f"scale-{scale}"
    stamp = folder / "bench-sample.json"
    want = {"scale": scale, "seed": seed}
    if not (stamp.is_file() and json.loads(stamp.read_text()) == want and (folder / "collection").is_dir()):
        from graphkit.sample import write_sample

        print(f"  writing sample scale {scale} -> {folder}", flush=True)
        write_sample(folder, scale=scale, seed=seed)
        stamp.write_text(json.dumps(want))
    return folder / "collection"


def floor(collection: Path, repeat: int) -> dict:
    """Read every listed text with graphkit's readers and tokenise it with one regex."""
    from graphkit.readers.collection import read_collection

    runs = []
    for _ in range(repeat):
        with Clock() as c:
            coll = read_collection(collection)
            words = 0
            for rel in sorted(coll.files):
                text = coll.read_text(rel)
                if text is not None:
                    words += len(WORD.findall(text))
        runs.append({"wall": c.wall, "cpu": c.cpu, "words": words, "files": len(coll.files)})
    best = _best(runs)
    return {**best, "runs": runs}


def run_build(collection: Path, out: Path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(collection), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- questions


def _median_time(fn, repeat: int, budget: float = 5.0) -> dict:
    """Median of up to ``repeat`` runs; stops repeating once ``budget`` CPU seconds are spent (one run at least)."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        if sum(cpus) > budget:
            break
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "min_cpu": min(cpus),
            "min_wall": min(walls), "rows": len(result), "runs": len(cpus)}


def rdflib_child(build_dir: Path, name: str, repeat: int) -> dict:
    """One question on an rdflib ``Graph`` parsed from ``graph.nt``, in this (fresh) process."""
    import rdflib

    from graphkit.questions import load_question

    with Clock() as load:
        g = rdflib.Graph()
        g.parse(str(build_dir / "graph.nt"), format="nt")
    text = load_question(name).text
    return {"load": {"wall": load.wall, "cpu": load.cpu}, "triples": len(g),
            **_median_time(lambda: list(g.query(text)), repeat, budget=10.0)}


def _rdflib_run(build_dir: Path, name: str, repeat: int, timeout: float) -> dict:
    """``rdflib_child`` in a child process, stopped after ``timeout`` seconds: a lower bound then."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--rdflib-child", str(build_dir), name, str(repeat)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    return json.loads(done.stdout)


def questions(build_dir: Path, repeat_ox: int, repeat_rdflib: int, timeout: float) -> dict:
    from pyoxigraph import Store

    from graphkit.questions import STANDARD, load_question
    from graphkit.stores.oxigraph import open_store, run_select

    disk: Store = open_store(build_dir)
    with Clock() as copy:
        memory: Store = open_store(build_dir, in_memory=True)
    out: dict = {"timeout": timeout, "memory_load": {"wall": copy.wall, "cpu": copy.cpu}, "questions": {}}
    for name in STANDARD:
        text = load_question(name).text
        print(f"  {name}", flush=True)
        ox = _median_time(lambda: list(memory.query(text)), repeat_ox)
        on_disk = _median_time(lambda: list(disk.query(text)), repeat_ox)
        api = _median_time(lambda: run_select(disk, text)[1], repeat_ox)
        rd = _rdflib_run(build_dir, name, repeat_rdflib, timeout)
        if "load" in rd:
            out.update(rdflib_load=rd.pop("load"), triples=rd.pop("triples"))
        out["questions"][name] = {"oxigraph": ox, "oxigraph_disk": on_disk, "run_select": api, "rdflib": rd}
    return out


def _question_ratio(r: dict, engine: str = "oxigraph") -> float:
    """rdflib / Oxigraph CPU; for an rdflib run stopped at the timeout, the lower bound timeout / Oxigraph."""
    return r["rdflib"].get("cpu", r["rdflib"].get("timeout", 0.0)) / max(r[engine]["cpu"], 1e-9)


# --------------------------------------------------------------------------- start-up


def startup(repeat: int) -> dict:
    exe = Path(sys.executable).with_name("graphkit")
    cmd = [str(exe)] if exe.is_file() else [sys.executable, "-c", "from graphkit.cli import main; main()"]
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        subprocess.run(cmd + ["--help"], capture_output=True, check=True)
        wall = time.perf_counter() - w
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append({"wall": wall, "cpu": cpu})
    probe = "import sys; sys.argv = ['graphkit', '--help']\nfrom graphkit.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", probe], capture_output=True, text=True)
    modules = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            modules[m.group(4)] = int(m.group(2))
    heavy = sorted(n for n in modules if any(n == h or n.startswith(h + ".") for h in HEAVY))
    top = sorted(((n, us) for n, us in modules.items() if n.count(".") == 0 or n.startswith("graphkit")),
                 key=lambda x: -x[1])[:8]
    return {"runs": runs, "best_wall": min(r["wall"] for r in runs), "median_wall": statistics.median(r["wall"] for r in runs),
            "best_cpu": min(r["cpu"] for r in runs), "median_cpu": statistics.median(r["cpu"] for r in runs),
            "modules": len(modules), "heavy": heavy, "top": top}


# --------------------------------------------------------------------------- report


def _s(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def _ok(flag: bool) -> str:
    return "yes" if flag else "**NO**"


def report(data: dict) -> str:
    lines = ["# graphkit benchmark", ""]
    env = data["env"]
    lines += [f"{env['when']} on {env['machine']} ({env['cpus']} CPUs, load average {env['load']} at start), "
              f"Python {env['python']}, git {env['git']}. Times are CPU seconds of the process unless marked wall; "
              "the best of the repeats. The machine is shared, so wall times are noisy.", ""]
    builds = data["builds"]
    one = builds.get("1")
    lines += ["## Targets", "", "| target | measured | met |", "|---|---|---|"]
    if one:
        ratio = one["build"]["cpu"] / one["floor"]["cpu"]
        lines.append(f"| build at scale 1 within 10x the floor | {ratio:.0f}x ({_s(one['build']['cpu'])} vs {_s(one['floor']['cpu'])}) | {_ok(ratio <= 10)} |")
    for scale, b in builds.items():
        if scale == "1" or not one:
            continue
        r = b["build"]["cpu"] / one["build"]["cpu"]
        lines.append(f"| scale {scale} within {int(scale) * 1.05:g}x the time of scale 1 | {r:.2f}x | {_ok(r <= int(scale) * 1.05)} |")
        lines.append(f"| scale {scale} peak memory within 1 GB | {b['build']['maxrss_mb']:.0f} MB | {_ok(b['build']['maxrss_mb'] <= 1024)} |")
    if data.get("questions"):
        worst = min(data["questions"]["questions"].values(), key=_question_ratio)
        bound = "at least " if "timeout" in worst["rdflib"] else ""
        disk = min(_question_ratio(r, "oxigraph_disk") for r in data["questions"]["questions"].values())
        lines.append(f"| every question >= 20x faster on Oxigraph than rdflib (both in memory) | slowest ratio {bound}{_question_ratio(worst):.0f}x "
                     f"(on-disk store: slowest {disk:.0f}x) | {_ok(_question_ratio(worst) >= 20)} |")
    if data.get("startup"):
        st = data["startup"]
        lines.append(f"| `graphkit --help` under 150 ms | {_s(st['median_wall'])} wall median, {_s(st['best_wall'])} best, {_s(st['median_cpu'])} CPU | {_ok(st['median_wall'] < 0.150)} |")
        lines.append(f"| `graphkit --help` imports no heavy module | {', '.join(st['heavy']) or 'none'} | {_ok(not st['heavy'])} |")
    lines += ["", "## Build throughput", "",
              "| scale | files | words | floor | build (CPU) | build (wall) | words/s (CPU) | x floor | peak RSS | entities | relations | triples |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for scale, b in builds.items():
        f, bd = b["floor"], b["build"]
        lines.append(
            f"| {scale} | {f['files']} | {f['words']:,} | {_s(f['cpu'])} ({f['words'] / f['cpu']:,.0f} w/s) | {_s(bd['cpu'])} | {_s(bd['wall'])} | "
            f"{f['words'] / bd['cpu']:,.0f} | {bd['cpu'] / f['cpu']:.0f}x | {bd['maxrss_mb']:.0f} MB | {bd['entities']:,} | {bd['relations']:,} | {bd['triples']:,} |")
    lines += ["", "Floor: read every listed text with graphkit's readers (docx/odt/rtf included) and count "
              f"`{WORD.pattern}` matches. Build: `graphkit.pipeline.build` in a fresh child process "
              "(imports not counted; peak RSS is the child's `ru_maxrss`).", ""]
    lines += ["## Stage times", ""]
    names = list(next(iter(builds.values()))["build"]["stages"])
    lines += ["| stage | " + " | ".join(f"scale {s} CPU | share" for s in builds) + " |",
              "|---|" + "---|---|" * len(builds)]
    for name in names:
        row = [name]
        for b in builds.values():
            st = b["build"]["stages"][name]
            row += [_s(st["cpu"]), f"{100 * st['cpu'] / b['build']['cpu']:.0f}%"]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Of which:", ""]
    parts = list(next(iter(builds.values()))["build"]["parts"])
    lines += ["| part | " + " | ".join(f"scale {s} CPU" for s in builds) + " |", "|---|" + "---|" * len(builds)]
    for name in parts:
        lines.append(f"| {name} | " + " | ".join(_s(b["build"]["parts"][name]["cpu"]) for b in builds.values()) + " |")
    lines += ["", "Stages: read = `read_collection` + `read_texts`; model = registry and descriptor parser "
              "(`build_registry`), `_link_files`, `_finish`, `attach_profile`, `redact_graph`, `redact_text` (whole texts, for texts.json); extract = "
              "`_ids_in_texts` + `extract_texts`; rdf = `to_triples`; exports = Turtle, N-Triples, JSON-LD, GraphML, texts.json; "
              "store = Oxigraph bulk load; validation = SHACL compiled to SPARQL on an in-memory Oxigraph store; views = HTML pages; "
              "other = the rest of `build` (the Neo4j folder, problems.json).", ""]
    if data.get("questions"):
        q = data["questions"]
        loaded = f"{q['triples']:,} triples; rdflib parses graph.nt in {_s(q['rdflib_load']['cpu'])}" if "triples" in q else "rdflib never finished"
        lines += ["## Standard questions: Oxigraph vs rdflib", "",
                  f"On the scale-{q['scale']} build ({loaded}). Median CPU of the repeats, results materialised as lists. "
                  "Like for like, the target compares rdflib's in-memory graph with Oxigraph's in-memory store "
                  f"(what `graphkit serve` queries; copied from the build's store in {_s(q['memory_load']['cpu'])}). "
                  "The build's on-disk store (what a one-off `graphkit query` opens, `run_select` adds the conversion "
                  "to Python values) is shown beside it. "
                  f"Each rdflib question runs in a child process stopped after {q['timeout']:.0f} s wall: "
                  "a stopped run gives a lower bound on the ratio.", "",
                  "| question | rows | Oxigraph (memory) | Oxigraph (disk) | `run_select` (disk) | rdflib | rdflib / Oxigraph memory | rdflib / Oxigraph disk | >= 20x |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for name, r in q["questions"].items():
            ratio, rd = _question_ratio(r), r["rdflib"]
            bound = ">= " if "timeout" in rd else ""
            rows = f"{r['oxigraph']['rows']}" + ("" if rd.get("rows", r["oxigraph"]["rows"]) == r["oxigraph"]["rows"] else f" (rdflib {rd['rows']})")
            rd_time = _s(rd["cpu"]) if "cpu" in rd else f"> {_s(rd['timeout'])} (stopped)"
            lines.append(f"| {name} | {rows} | {_s(r['oxigraph']['cpu'])} | {_s(r['oxigraph_disk']['cpu'])} | {_s(r['run_select']['cpu'])} | {rd_time} | "
                         f"{bound}{ratio:.0f}x | {bound}{_question_ratio(r, 'oxigraph_disk'):.0f}x | {_ok(ratio >= 20)} |")
        lines.append("")
    if data.get("startup"):
        st = data["startup"]
        lines += ["## `graphkit --help`", "",
                  f"{len(st['runs'])} fresh runs: wall median {_s(st['median_wall'])} (best {_s(st['best_wall'])}), "
                  f"CPU median {_s(st['median_cpu'])}; {st['modules']} modules imported; heavy modules: "
                  f"{', '.join(st['heavy']) or 'none'}.", "", "Largest imports (cumulative, `-X importtime`):", ""]
        lines += [f"- `{n}` {us / 1000:.1f} ms" for n, us in st["top"]]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def _env() -> dict:
    try:
        git = subprocess.run(["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    except OSError:
        git = "?"
    return {"when": time.strftime("%Y-%m-%d %H:%M"), "machine": platform.platform(), "cpus": os.cpu_count(),
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg()), "python": platform.python_version(), "git": git}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=HERE / "results", help="where report.md and results.json go")
    p.add_argument("--scales", default="1,10", help="sample scales to build, comma-separated (default 1,10)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--work", type=Path, default=None, help="samples and builds (default $TMPDIR/graphkit-bench; kept between runs)")
    p.add_argument("--repeat", type=int, default=3, help="builds at scale 1 and floor runs (best CPU is kept)")
    p.add_argument("--repeat-large", type=int, default=1, help="builds at scales above 1")
    p.add_argument("--query-repeat", type=int, default=20, help="Oxigraph runs per question (rdflib: a fifth)")
    p.add_argument("--skip-questions", action="store_true")
    p.add_argument("--skip-startup", action="store_true")
    p.add_argument("--rdflib-timeout", type=float, default=600.0, help="seconds before an rdflib question is stopped (default 600)")
    p.add_argument("--child", nargs=2, metavar=("COLLECTION", "OUT"), help=argparse.SUPPRESS)
    p.add_argument("--rdflib-child", nargs=3, metavar=("BUILD", "QUESTION", "REPEAT"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child_build(Path(args.child[0]), Path(args.child[1]))))
        return 0
    if args.rdflib_child:
        print(json.dumps(rdflib_child(Path(args.rdflib_child[0]), args.rdflib_child[1], int(args.rdflib_child[2]))))
        return 0

    out = args.out
    work = args.work or Path(tempfile.gettempdir()) / "graphkit-bench"
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    data: dict = {"env": _env(), "builds": {}}
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    for scale in scales:
        collection = ensure_sample(work, scale, args.seed)
        print(f"scale {scale}: floor", flush=True)
        fl = floor(collection, args.repeat)
        runs = []
        for i in range(args.repeat if scale == 1 else args.repeat_large):
            print(f"scale {scale}: build {i + 1}", flush=True)
            runs.append(run_build(collection, work / f"scale-{scale}" / "build"))
            print(f"  {runs[-1]['cpu']:.1f} s CPU, {runs[-1]['wall']:.1f} s wall, {runs[-1]['maxrss_mb']:.0f} MB", flush=True)
        best = _best(runs)
        data["builds"][str(scale)] = {"floor": fl, "build": best, "build_runs": [{k: r[k] for k in ("wall", "cpu", "maxrss_mb")} for r in runs]}
        (out / "results.json").write_text(json.dumps(data, indent=1))
    if not args.skip_questions and scales:
        qscale = min(scales)
        print(f"questions on scale {qscale}", flush=True)
        data["questions"] = {"scale": qscale, **questions(work / f"scale-{qscale}" / "build", args.query_repeat, max(3, args.query_repeat // 5), args.rdflib_timeout)}
    if not args.skip_startup:
        print("graphkit --help", flush=True)
        data["startup"] = startup(10)
    (out / "results.json").write_text(json.dumps(data, indent=1))
    (out / "report.md").write_text(report(data))
    print(f"wrote {out / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
