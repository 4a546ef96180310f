"""The README's commands, run as written against the demo it tells a new user to make (issue 18.16).

Every line that starts with ``graphkit `` in a plain code block runs, in the
order written, in a folder where ``graphkit demo --out demo-out`` ran first.
Placeholders stand for the demo's parts, as the README says. A command that
needs more set-up than the demo says so in its comment as ``(needs ...)``:
when that is a service the tests can start (a running Neo4j, a SPARQL 1.1
store) it runs against the real one, optional ``[...]`` left out; otherwise
(a terminal to stop it) it is skipped with that reason. A comment that says
``exits 1`` allows exit code 1.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.cli import COMMANDS, cli

README = Path(__file__).resolve().parent.parent / "README.md"
PLACEHOLDERS = {
    "<collection>": "demo-out/sample/collection",
    "<dir>": "demo-out/graph",
    "<gold.json>": "demo-out/sample/gold.json",
    "<sample>": "sample-out",
}
MY_QUESTION = """PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?id WHERE { ?p a <https://w3id.org/graphkit/ontology#Participant> ; dcterms:identifier ?id } ORDER BY ?id LIMIT 3
"""


#: what a "(needs ...)" names -> the fixture that provides it, and the README's stand-in for its address
SERVICES = {"needs a running Neo4j": ("neo4j_db", "bolt://127.0.0.1:7687"), "needs a SPARQL 1.1 store": ("fuseki", "<url>")}


def readme_commands() -> list[tuple[str, str]]:
    """(command, comment) for every ``graphkit`` line of the README's plain code blocks, in order."""
    found, language = [], None
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            language = None if language is not None else line[3:].strip()
            continue
        if language == "" and line.startswith("graphkit "):
            command, _, comment = line.partition("#")
            found.append((command.strip(), comment.strip()))
    return found


COMMAND_LINES = readme_commands()


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    assert argv[0] == "graphkit"
    code = "import sys; from graphkit.cli import main; sys.argv[0] = 'graphkit'; main()"
    return subprocess.run([sys.executable, "-c", code, *argv[1:]], capture_output=True, text=True, cwd=cwd, timeout=600,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where the README's own demo command ran, with the query file the README names."""
    folder = tmp_path_factory.mktemp("readme")
    demo = next(c for c, _ in COMMAND_LINES if c.startswith("graphkit demo "))
    done = run(demo, folder)
    assert done.returncode == 0, done.stderr
    (folder / "my-question.rq").write_text(MY_QUESTION, encoding="utf-8")
    return folder


def test_the_readme_has_commands() -> None:
    assert len(COMMAND_LINES) >= 10 and COMMAND_LINES[0][0].startswith("graphkit demo ")


@pytest.mark.parametrize(("command", "comment"), COMMAND_LINES, ids=[c for c, _ in COMMAND_LINES])
def test_a_readme_command_runs_on_the_demo(request: pytest.FixtureRequest, demo_folder: Path, command: str, comment: str) -> None:
    needs = re.search(r"\((needs [^)]*)\)", comment)
    if needs and needs.group(1) not in SERVICES:
        pytest.skip(f"the README says it {needs.group(1)}")
    if needs:
        fixture, stand_in = SERVICES[needs.group(1)]
        service = request.getfixturevalue(fixture)
        address = service if isinstance(service, str) else service.dataset
        command = re.sub(r"\s*\[[^\]]*\]", "", command).replace(stand_in, address)
    for placeholder, value in PLACEHOLDERS.items():
        command = command.replace(placeholder, value)
    assert "<" not in command, f"a placeholder this test does not know: {command} (add it to PLACEHOLDERS)"
    done = run(command, demo_folder)
    allowed = (0, 1) if "exits 1" in comment else (0,)
    assert done.returncode in allowed, (command, done.returncode, done.stderr[-2000:])
    assert "error:" not in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.stdout.strip() or done.stderr.strip(), f"{command} printed nothing"
    if command.startswith("graphkit evidence "):
        assert "not in this graph" not in done.stdout and "\u201c" in done.stdout  # a passage, quoted


def test_every_command_is_in_the_readme() -> None:
    shown = {shlex.split(c)[1] for c, _ in COMMAND_LINES if len(shlex.split(c)) > 1}
    assert sorted(set(COMMANDS) - shown) == []


def test_the_readme_names_everything_a_build_folder_holds(demo_folder: Path) -> None:
    from graphkit.pipeline import DERIVED_OUTPUTS
    from graphkit.stores.files import MANIFEST

    text = README.read_text(encoding="utf-8")
    paragraph = text[text.index("`<dir>` then holds"):].split("\n\n")[0]
    outputs = json.loads((demo_folder / "demo-out" / "graph" / MANIFEST).read_text())["outputs"]
    named = {name.rstrip("/") for name in re.findall(r"`([^`]+)`", paragraph)}
    assert sorted({*outputs, MANIFEST, *DERIVED_OUTPUTS} - named) == []


def _helps() -> list[tuple[str, str]]:
    from click.testing import CliRunner

    runner, found = CliRunner(), []
    for name in sorted(COMMANDS):
        found.append((name, runner.invoke(cli, [name, "--help"]).output))
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        for sub in getattr(command, "commands", {}):
            found.append((f"{name} {sub}", runner.invoke(cli, [name, sub, "--help"]).output))
    return found


def test_help_cites_no_document_that_is_not_installed() -> None:
    package = Path(__import__("graphkit").__file__).parent
    installed = {p.name for p in package.rglob("*.md")}
    cited = {(name, doc) for name, text in _helps() for doc in re.findall(r"\b[A-Z][A-Z0-9_-]+\.md\b", text)}
    assert sorted((name, doc) for name, doc in cited if doc not in installed) == []


def test_the_readme_gives_every_exit_code() -> None:
    import graphkit.errors as errors

    text = README.read_text(encoding="utf-8")
    codes = {cls.exit_code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.GraphkitError)}
    assert sorted(c for c in codes | {0, 2, 130} if f"\n| {c} | " not in text) == []
