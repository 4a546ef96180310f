"""The command line and the output folder as a new user meets them (issues 16.12-13, 18.7-12, 18.15).

Commands run as a user runs them: ``graphkit`` in a child process, its exit
code and its stderr read as they are.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphkit import pipeline
from graphkit.stores.files import MANIFEST

MAIN = "import sys; from graphkit.cli import main; sys.argv[0] = 'graphkit'; main()"


def graphkit(*args: str | Path, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    # Never from the repo's root: its graphkit/ would shadow the installed one (which maps the ontology in).
    return subprocess.run([sys.executable, "-c", MAIN, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or Path(__file__).parent,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The stderr of a failed command: one line that starts with ``error:``."""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


def changed_copy(devset: Path, root: Path) -> Path:
    """The development collection with one pseudonym changed, so that every output of a build of it differs."""
    copy = root / "changed"
    shutil.copytree(devset, copy)
    participants = copy / "participants.csv"
    participants.write_bytes(participants.read_bytes().replace(b"DP01,Claire,", b"DP01,Clarissa,", 1))
    return copy


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file of a build but the store (whose files are the database's own), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != "store"}


# -- 16.12 a killed build --------------------------------------------------------------


def test_a_build_killed_midway_leaves_the_previous_build_whole(tmp_path: Path, devset: Path) -> None:
    out = tmp_path / "out"
    assert graphkit("build", devset, "--out", out).returncode == 0
    before = files_of(out)
    changed = changed_copy(devset, tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", MAIN, "build", str(changed), "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        deadline = time.monotonic() + 240
        # kill it once the new Turtle is on disk, wherever the build writes it, before the pages are
        while not any(b"Clarissa" in p.read_bytes() for p in tmp_path.rglob("graph.ttl") if p.is_file()):
            assert proc.poll() is None and time.monotonic() < deadline, "the build ended before it wrote graph.ttl"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert files_of(out) == before  # the old build, every file of it: no new Turtle beside old pages
    assert (out / MANIFEST).is_file()
    assert graphkit("build", changed, "--out", out).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changed", "out"]  # the killed build's folder is gone
    assert b"Clarissa" in (out / "network.html").read_bytes() and b"Clarissa" in (out / "graph.ttl").read_bytes()


def test_a_build_that_fails_while_writing_changes_nothing(tmp_path: Path, devset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    pipeline.build(devset, out)
    before = files_of(out)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("graphkit.views.write_views", fail)  # after the RDF, the store and the Neo4j rows
    with pytest.raises(OSError):
        pipeline.build(changed_copy(devset, tmp_path), out)
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changed", "out"]


def test_a_build_killed_between_its_two_renames_is_recovered_by_the_next(tmp_path: Path, devset: Path) -> None:
    out = tmp_path / "out"
    pipeline.build(devset, out)
    (out / "my notes.txt").write_text("mine\n")
    os.replace(out, tmp_path / ".out.old")  # what a kill leaves after setting the old build aside
    (tmp_path / ".out.building-x1y2").mkdir()  # and the fresh one it never swapped in
    result = pipeline.build(devset, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (out / "my notes.txt").read_text() == "mine\n" and result.kept == ["my notes.txt"]


# -- 18.11 stale files, the user's own files --------------------------------------------


def test_a_rebuild_removes_what_graphkit_wrote_and_keeps_the_users_files(tmp_path: Path, devset: Path) -> None:
    out = tmp_path / "out"
    assert graphkit("build", devset, "--out", out).returncode == 0
    assert graphkit("reconcile", out).returncode in (0, 1)
    assert graphkit("export", out, "--format", "neo4j-csv").returncode == 0
    assert (out / "reconcile.md").is_file() and (out / "neo4j-import").is_dir()
    (out / "my notes.txt").write_text("mine\n")
    (out / ".graph.ttl.x1y2.tmp").write_text("a temporary file an older version left\n")
    rebuilt = graphkit("build", devset, "--out", out)
    assert rebuilt.returncode == 0, rebuilt.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(json.loads((out / MANIFEST).read_text())["outputs"] + [MANIFEST, "my notes.txt"])
    assert (out / "my notes.txt").read_text() == "mine\n"
    assert f"kept {out / 'my notes.txt'}: graphkit did not write it" in rebuilt.stderr


def test_a_folder_of_the_users_own_is_not_built_into(tmp_path: Path, devset: Path) -> None:
    out = tmp_path / "analysis"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"not graphkit's")
    proc = graphkit("build", devset, "--out", out)
    assert proc.returncode == 8 and "thesis.docx" in one_line_error(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analysis"] and os.listdir(out) == ["thesis.docx"]


# -- 16.13 one permission rule; paths relative to the collection -------------------------


def test_every_output_is_readable_by_its_owner_alone(devset_build) -> None:
    out = Path(devset_build.out)
    modes = {str(p.relative_to(out)): stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    wrong = {name: oct(mode) for name, mode in modes.items()
             if mode != (0o700 if (out / name).is_dir() else 0o600)}
    assert any(name.startswith("families/") for name in modes) and not wrong


def test_what_other_commands_write_is_private_too(tmp_path: Path, devset_build) -> None:
    assert graphkit("export", devset_build.out, "--format", "neo4j-csv", "--to", tmp_path / "csv").returncode == 0
    assert graphkit("sample", "--out", tmp_path / "sample").returncode == 0
    written = [tmp_path / "csv", *(tmp_path / "csv").rglob("*"), *(tmp_path / "sample").rglob("*")]
    wrong = [str(p) for p in written if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)]
    assert len(written) > 20 and wrong == []


def test_problems_name_no_folder_of_the_users_machine(tmp_path: Path, devset: Path) -> None:
    collection = tmp_path / "my study" / "collection"
    shutil.copytree(devset, collection)
    (collection / "services.csv").unlink()
    result = pipeline.build(collection, tmp_path / "out")
    text = (tmp_path / "out" / "problems.json").read_text()
    assert str(tmp_path) not in text
    assert {"where": ".", "what": "no services table (*service*.csv/.tsv/.xlsx) found", "severity": "warning"} in json.loads(text)
    assert all(str(tmp_path) not in p.where + p.what for p in result.problems)


# -- 18.7 a missing required column ------------------------------------------------------


def test_a_missing_type_column_is_one_problem_at_the_header(tmp_path: Path, devset: Path) -> None:
    collection = tmp_path / "collection"
    shutil.copytree(devset, collection)
    table = collection / "participants.csv"  # the copy's table is in Windows-1252, as some deposits are
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="cp1252"))))
    assert rows[0][:3] == ["ID code", "Pseudonym", "Participant type"]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([row[:2] + row[3:] for row in rows])
    table.write_text(buffer.getvalue(), encoding="cp1252")
    before = pipeline.build_graph(devset).problems
    problems = [p for p in pipeline.build_graph(collection).problems if p not in before]
    about = [p for p in problems if "type column" in p.what]
    assert len(about) == 1 and about[0].where == "participants.csv, line 1", problems
    assert len(problems) <= 2, problems  # the column's problem, not one per row of those it leaves undecided
    proc = graphkit("build", collection, "--out", tmp_path / "out", "--strict")
    assert proc.returncode == 5 and "no participant type column" in proc.stderr


# -- 18.8 / 18.9 user errors: one line and a documented exit code ------------------------


@pytest.fixture()
def gold_files(tmp_path: Path) -> dict[str, Path]:
    files = {"not-json": "{ this is not json", "wrong-shape": '{"a": 1}', "wrong-family": '{"parents": [["DP01"]]}'}
    for name, text in files.items():
        (tmp_path / f"{name}.json").write_text(text)
    return {name: tmp_path / f"{name}.json" for name in [*files, "missing"]}


@pytest.mark.parametrize("gold", ["not-json", "wrong-shape", "wrong-family", "missing"])
def test_a_bad_gold_file_is_exit_9_before_any_build(tmp_path: Path, devset: Path, gold_files, gold: str) -> None:
    proc = graphkit("evaluate", devset, "--gold", gold_files[gold], "--out", tmp_path / "out")
    assert proc.returncode == 9 and str(gold_files[gold]) in one_line_error(proc)
    assert not (tmp_path / "out").exists()


def test_user_errors_are_one_line_with_their_exit_code(tmp_path: Path, devset: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [
        (("build", devset, "--out", "/proc/graphkit-out"), 8, "/proc/graphkit-out"),
        (("build", tmp_path / "nowhere", "--out", tmp_path / "o"), 3, "no such folder"),
        (("build", empty, "--out", tmp_path / "o"), 3, "no tables and no data files"),
        (("build", devset, "--out", devset / "out"), 8, "inside the collection"),
        (("build", devset, "--out", "."), 8, "the folder you are in"),
        (("query", "parents", "--graph", tmp_path / "nowhere"), 8, "no such folder"),
        (("query", "parents", "--graph", empty), 8, "not a finished graphkit build"),
        (("evidence", "DP01", "--graph", empty), 8, "not a finished graphkit build"),
        (("coverage", tmp_path / "nowhere"), 3, "no such folder"),
        (("scan", tmp_path / "nowhere"), 3, "no such folder"),
    ]
    for args, code, said in cases:
        proc = graphkit(*args, cwd=empty)
        assert (proc.returncode, said in one_line_error(proc)) == (code, True), (args, proc.stderr)
    assert not (tmp_path / "o").exists() and not (devset / "out").exists()


def test_a_neo4j_option_without_the_neo4j_backend_is_a_usage_error(devset_build) -> None:
    proc = graphkit("query", "parents", "--graph", devset_build.out, "--uri", "bolt://127.0.0.1:7687")
    assert proc.returncode == 2 and "--backend neo4j" in one_line_error(proc) and not proc.stdout
    proc = graphkit("query", "parents", "--format", "xml")
    assert proc.returncode == 2 and "graphkit query --help" in one_line_error(proc)


def test_an_unknown_question_suggests_the_near_one(devset_build) -> None:
    proc = graphkit("query", "parent", "--graph", devset_build.out)
    assert proc.returncode == 6 and "did you mean parents?" in one_line_error(proc)


@pytest.mark.parametrize("text", ["SELECT * WHERE { ?s ?p ?o . ?s", "SELECT * WHERE { ?s ?p ?o FILTER( }", "SELEC * WHERE { ?s ?p ?o }"])
def test_a_sparql_syntax_error_is_one_short_line(tmp_path: Path, devset_build, text: str) -> None:
    query = tmp_path / "mine.rq"
    query.write_text(text + "\n")
    proc = graphkit("query", query, "--graph", devset_build.out)
    line = one_line_error(proc)
    assert proc.returncode == 6 and line.startswith("error: SPARQL syntax error") and len(line) < 160, line


# -- 18.10 an unreachable Neo4j ----------------------------------------------------------


def _closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", ["load", "query"])
def test_an_unreachable_neo4j_is_one_line_naming_the_uri(devset_build, command: str) -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    args = (("neo4j", "load", devset_build.out, "--uri", uri) if command == "load"
            else ("query", "parents", "--backend", "neo4j", "--uri", uri))
    proc = graphkit(*args, timeout=25)  # the driver's own retries took 30 s and more
    assert proc.returncode == 7 and f"Neo4j is not reachable at {uri}" in one_line_error(proc)


# -- 18.12 progress that tells the truth --------------------------------------------------


def test_progress_names_each_stage_with_a_count(tmp_path: Path, devset: Path) -> None:
    heard: list[tuple[str, int, int]] = []
    pipeline.build(devset, tmp_path / "out", progress=lambda stage, done, total: heard.append((stage, done, total)))
    stages = list(dict.fromkeys(stage.split(" ")[0] for stage, _, _ in heard))
    assert stages == ["reading", "extracting", "writing", "validating", "written"], stages
    reads = [(done, total) for stage, done, total in heard if stage.startswith("reading")]
    assert reads[0] == (0, reads[0][1]) and reads[-1] == (reads[0][1] - 1, reads[0][1]) and reads[0][1] > 10
    assert heard[-1] == ("written", 6, 6)


def test_a_terminal_sees_every_stage_and_a_pipe_sees_none(tmp_path: Path, devset: Path) -> None:
    import pty

    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", MAIN, "build", str(devset), "--out", str(tmp_path / "out")],
                            stdout=subprocess.DEVNULL, stderr=secondary, cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
                                                                              "TERM": "xterm", "COLUMNS": "200"})
    os.close(secondary)
    screen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    assert proc.wait(timeout=300) == 0
    os.close(primary)
    text = screen.decode("utf-8", "replace")
    for stage in ("building: reading files", "building: extracting people and relations from", "building: writing RDF",
                  "building: validating", "building: writing the network page"):
        assert stage in text, (stage, text[-3000:])
    piped = graphkit("build", devset, "--out", tmp_path / "out")
    assert piped.returncode == 0 and "building:" not in piped.stderr and "\x1b[" not in piped.stderr


def test_the_dev_server_counts_what_maven_downloads(tmp_path: Path) -> None:
    from graphkit.stores.neo4j_server import _run_maven

    maven = tmp_path / "mvn"  # a stand-in that prints what Maven prints while it downloads
    maven.write_text("#!/bin/sh\nfor a in one two three; do echo \"Downloading from central: $a\"; "
                     "echo \"Downloaded from central: $a (1 kB)\"; done\necho BUILD FAILURE\nexit 1\n")
    maven.chmod(0o700)
    heard: list[tuple[str, int, int]] = []
    code, tail = _run_maven([str(maven)], tmp_path, lambda *a: heard.append(a))
    assert code == 1 and tail[-1] == "BUILD FAILURE"
    assert [done for _, done, _ in heard] == [1, 2, 3] and "Maven" in heard[0][0]
