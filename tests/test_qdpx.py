"""``graphkit export --format qdpx``: a REFI-QDA project that the standard's schema accepts and whose
every coded passage reads back as the quote of the fact it codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as StdET
import zipfile
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner
from lxml import etree

from graphkit.cli import cli
from graphkit.model import CARE_ARRANGEMENTS, CONTACT_ARRANGEMENTS
from graphkit.pipeline import build
from graphkit.sample import write_sample
from graphkit.stores.qdpx import export_qdpx
from graphkit.views.styles import EDGE_STYLES, NODE_STYLES

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
#: ../shared beside the repository (CI, the main checkout), or beside the folder of worktrees
SHARED_XSD = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared") \
    / "standards" / "refi-qda" / "Project.xsd"
PACKAGED_XSD = ROOT / "graphkit" / "data" / "refi-qda" / "Project.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}
PASSAGE = re.compile(r"^Passage (ev-[0-9a-f]+), line \d+", re.MULTILINE)


def schema_path() -> Path:
    """The standard's own file where ../shared is present (CI, the team), else the copy the package ships."""
    return SHARED_XSD if SHARED_XSD.is_file() else PACKAGED_XSD


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Graph folders of the development collection, devset2 and the demo sample."""
    out: dict[str, Path] = {}
    for name in ("devset", "devset2"):
        out[name] = tmp_path_factory.mktemp(name)
        build(DATA / name / "collection", out[name])
    root = tmp_path_factory.mktemp("sample")
    write_sample(root, scale=1, seed=0)
    out["sample"] = root / "graph"
    build(root / "collection", out["sample"])
    return out


@pytest.fixture(scope="module")
def exports(builds: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("qdpx")
    return {name: export_qdpx(graph, folder / f"{name}.qdpx").path for name, graph in builds.items()}


def read_archive(path: Path) -> tuple[bytes, dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[0] == "project.qde"
        assert all(re.fullmatch(r"sources/[0-9a-f-]{36}\.txt", n) for n in names[1:]), names
        return archive.read("project.qde"), {n: archive.read(n).decode("utf-8") for n in names[1:]}


def rows_of(graph: Path) -> dict:
    return json.loads((graph / "neo4j" / "rows.json").read_text(encoding="utf-8"))


def text_evidence(rows: dict) -> dict[str, dict]:
    """Every passage of a text (not a table cell) that some fact rests on: evidence id -> props."""
    evidence = {n["id"]: n["props"] for n in rows["nodes"] if n["label"] == "Evidence"}
    used = {r["end"] for r in rows["relationships"] if r["type"] == "DERIVED_FROM"}
    used |= {e for r in rows["relationships"] for e in r["props"].get("evidenceIds", [])}
    return {i: evidence[i] for i in used if evidence[i].get("row") is None}


@pytest.mark.parametrize("name", ["devset", "devset2", "sample"])
def test_project_validates_against_the_standard_schema(exports: dict[str, Path], name: str) -> None:
    document, _ = read_archive(exports[name])
    schema = xmlschema.XMLSchema(str(schema_path()))
    schema.validate(document.decode("utf-8"))  # raises with the location on the first error
    lxml_schema = etree.XMLSchema(etree.parse(str(schema_path())))
    assert lxml_schema.validate(etree.fromstring(document)), lxml_schema.error_log


def test_the_package_ships_the_standard_schema_unchanged() -> None:
    if not SHARED_XSD.is_file():
        pytest.skip("../shared is not here (a user's machine)")
    assert PACKAGED_XSD.read_bytes() == SHARED_XSD.read_bytes()
    assert "MIT license" in PACKAGED_XSD.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["devset", "devset2", "sample"])
def test_every_selection_reads_back_its_facts_quote(builds: dict[str, Path], exports: dict[str, Path], name: str) -> None:
    document, files = read_archive(exports[name])
    root = StdET.fromstring(document)
    evidence = text_evidence(rows_of(builds[name]))
    seen: set[str] = set()
    for source in root.iterfind("q:Sources/q:TextSource", NS):
        text = files["sources/" + source.get("plainTextPath").removeprefix("internal://")]
        for selection in source.iterfind("q:PlainTextSelection", NS):
            passages = PASSAGE.findall(selection.findtext("q:Description", "", NS))
            assert len(passages) == 1
            quote = evidence[passages[0]]["quote"]
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == quote, (source.get("name"), start, end)
            assert selection.findall("q:Coding", NS), "a selection with no coding"
            seen.add(passages[0])
    assert seen == set(evidence)  # every passage of every fact is coded, none twice
    assert len(seen) > 50


def test_codings_carry_the_relation_and_arrangement_codes(builds: dict[str, Path], exports: dict[str, Path]) -> None:
    document, _ = read_archive(exports["devset"])
    root = StdET.fromstring(document)
    names = {c.get("guid"): c.get("name") for c in root.iter(f"{{{NS['q']}}}Code")}
    coded: dict[str, set[str]] = {}
    for selection in root.iter(f"{{{NS['q']}}}PlainTextSelection"):
        passage = PASSAGE.findall(selection.findtext("q:Description", "", NS))[0]
        coded[passage] = {names[ref.get("targetGUID")] for ref in selection.iterfind("q:Coding/q:CodeRef", NS)}
    rows = rows_of(builds["devset"])
    evidence = text_evidence(rows)
    engagement = [r for r in rows["relationships"] if r["type"] == "ENGAGES_WITH"]
    checked = 0
    for rel in engagement:
        for ev in rel["props"]["evidenceIds"]:
            if ev in evidence:
                assert EDGE_STYLES["engages-with"].label in coded[ev]
                checked += 1
    kinship = {n["id"] for n in rows["nodes"] if n["label"] == "CareArrangement" and n["props"]["arrangement"] == "kinship-care"}
    for rel in rows["relationships"]:
        if rel["type"] == "DERIVED_FROM" and rel["start"] in kinship and rel["end"] in evidence:
            assert "kinship care" in coded[rel["end"]]
            checked += 1
    assert checked > 10


def test_code_book_mirrors_the_ontology_and_the_network_colours(exports: dict[str, Path]) -> None:
    import rdflib

    document, _ = read_archive(exports["devset"])
    root = StdET.fromstring(document)
    top = {c.get("name"): c for c in root.iterfind("q:CodeBook/q:Codes/q:Code", NS)}
    assert set(top) == {"Relations", "People and services"} and all(c.get("isCodable") == "false" for c in top.values())
    families = {c.get("name"): c for c in top["Relations"].iterfind("q:Code", NS)}
    for kind in ("care", "contact", "engages-with", "works-with", "works-at", "partner", "parent-of"):
        assert families[EDGE_STYLES[kind].label].get("color") == EDGE_STYLES[kind].colour
    kinds = {c.get("name"): c for c in top["People and services"].iterfind("q:Code", NS)}
    for kind in ("parent", "family-member", "professional", "child", "service"):
        assert kinds[NODE_STYLES[kind].label].get("color") == NODE_STYLES[kind].colour
    all_names = [c.get("name") for c in root.iter(f"{{{NS['q']}}}Code")]
    assert len(all_names) == len(set(all_names)) == 2 + 30  # QualCoder and others key codes and categories by name
    care = families[EDGE_STYLES["care"].label].findall("q:Code", NS)
    contact = families[EDGE_STYLES["contact"].label].findall("q:Code", NS)
    assert len(care) == len(CARE_ARRANGEMENTS) and len(contact) == len(CONTACT_ARRANGEMENTS)
    # Descriptions come from the ontology: read it with a second RDF parser.
    schemes = rdflib.Graph().parse(ROOT / "ontology" / "schemes.ttl")
    definition = str(schemes.value(rdflib.URIRef("https://w3id.org/graphkit/scheme/care-arrangement/kinship-care"),
                                   rdflib.URIRef("http://www.w3.org/2004/02/skos/core#definition")))
    kinship = next(c for c in care if c.get("name") == "kinship care")
    assert kinship.findtext("q:Description", "", NS) == f"kinship care: {definition}"


def test_cases_carry_the_parents_question(builds: dict[str, Path], exports: dict[str, Path]) -> None:
    from graphkit.questions import answer, load_question

    document, _ = read_archive(exports["devset2"])
    root = StdET.fromstring(document)
    variables = {v.get("guid"): v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)}
    cases = {}
    for case in root.iterfind("q:Cases/q:Case", NS):
        values = {}
        for vv in case.iterfind("q:VariableValue", NS):
            values[variables[vv.find("q:VariableRef", NS).get("targetGUID")]] = vv[1].text
        cases[case.get("name").split(" ", 1)[0]] = (values, case)
    _, parents = answer(load_question("parents"), builds["devset2"])
    assert parents
    for row in parents:
        values, case = cases[row["parent_id"]]
        assert values["role"] == row["role"] and values["household"] == row["household"]
        assert values.get("country") == row["country"]
        assert int(values["number of children"]) == row["n_children"]
        assert case.findall("q:SelectionRef", NS) or not row["n_children"]
    services = [n["id"] for n in rows_of(builds["devset2"])["nodes"] if n["label"] == "Service"]
    assert set(services) <= set(cases)
    selections = {s.get("guid") for s in root.iter(f"{{{NS['q']}}}PlainTextSelection")}
    sources = {s.get("guid") for s in root.iterfind("q:Sources/q:TextSource", NS)}
    for _, case in cases.values():
        assert {r.get("targetGUID") for r in case.iterfind("q:SelectionRef", NS)} <= selections
        assert {r.get("targetGUID") for r in case.iterfind("q:SourceRef", NS)} <= sources


def test_two_builds_export_byte_identical(tmp_path: Path, builds: dict[str, Path], exports: dict[str, Path]) -> None:
    again = tmp_path / "again"
    build(DATA / "devset" / "collection", again)
    assert export_qdpx(again, tmp_path / "again.qdpx").path.read_bytes() == exports["devset"].read_bytes()
    assert export_qdpx(builds["devset"], tmp_path / "same.qdpx").path.read_bytes() == exports["devset"].read_bytes()


def test_a_second_parser_reads_what_xmlschema_decodes(exports: dict[str, Path]) -> None:
    document, _ = read_archive(exports["devset2"])
    schema = xmlschema.XMLSchema(str(schema_path()))
    decoded = schema.to_dict(document.decode("utf-8"))
    round_trip = schema.encode(decoded)  # the decoded project encodes back to a valid document
    schema.validate(round_trip)
    std = StdET.fromstring(document)
    selections = [s for src in decoded["Sources"]["TextSource"] for s in src.get("PlainTextSelection", [])]
    assert len(selections) == len(list(std.iter(f"{{{NS['q']}}}PlainTextSelection")))
    assert {s["@guid"] for s in selections} == {s.get("guid") for s in std.iter(f"{{{NS['q']}}}PlainTextSelection")}


def test_sources_are_the_redacted_texts_with_offsets_carried_over(tmp_path: Path, devset: Path) -> None:
    """A text holding identifiers: the archive has placeholders, never the raw values, and every
    selection after them still reads back its quote (placeholders change lengths)."""
    from test_redaction import EMAIL, NHS_SPACED, PHONE, POSTCODE, leaky_collection

    collection = leaky_collection(devset, tmp_path)
    graph = tmp_path / "graph"
    build(collection, graph)
    _, files = read_archive(export_qdpx(graph, tmp_path / "leaky.qdpx").path)
    everything = "".join(files.values())
    for raw in (EMAIL, NHS_SPACED, PHONE, POSTCODE):
        assert raw not in everything and raw not in (graph / "texts.json").read_text(encoding="utf-8")
    assert "[email]" in everything and "[NHS number]" in everything
    document, files = read_archive(tmp_path / "leaky.qdpx")
    evidence = text_evidence(rows_of(graph))
    after = 0
    for source in StdET.fromstring(document).iterfind("q:Sources/q:TextSource", NS):
        text = files["sources/" + source.get("plainTextPath").removeprefix("internal://")]
        first = text.find("[email]")
        for selection in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            passage = PASSAGE.findall(selection.findtext("q:Description", "", NS))[0]
            assert text[start:end] == evidence[passage]["quote"]
            after += first != -1 and start > first
    assert after > 0  # some passage sits after a placeholder, so the shift was exercised


def test_rejected_facts_are_left_out(tmp_path: Path, builds: dict[str, Path], exports: dict[str, Path]) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(builds["devset"], graph)
    rows = rows_of(graph)
    works_with = [r for r in rows["relationships"] if r["type"] == "WORKS_WITH" and r["props"]["evidenceIds"]]
    rejected = works_with[0]
    rejected["props"]["reviewState"] = "rejected"  # the review's state, as graphkit review writes it (review_state)
    works_with[1]["props"]["reviewState"] = "accepted"
    (graph / "neo4j" / "rows.json").write_text(json.dumps(rows), encoding="utf-8")
    result = export_qdpx(graph, tmp_path / "reviewed.qdpx")
    assert result.counts["rejected facts"] == 1
    document, _ = read_archive(result.path)
    descriptions = [s.findtext("q:Description", "", NS) for s in StdET.fromstring(document).iter(f"{{{NS['q']}}}PlainTextSelection")]
    start, end = rejected["start"], rejected["end"]
    assert not any(f"works with: {start} " in d and f"\u2192 {end}" in d for d in descriptions)
    assert any("review: accepted" in d for d in descriptions)


def test_cli_export_qdpx(tmp_path: Path, builds: dict[str, Path]) -> None:
    runner = CliRunner()
    out = tmp_path / "study.qdpx"
    result = runner.invoke(cli, ["export", str(builds["devset"]), "--format", "qdpx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == str(out) and "coded passages" in result.output
    assert zipfile.is_zipfile(out)
    wrong = runner.invoke(cli, ["export", str(builds["devset"]), "--format", "qdpx", "--to", str(tmp_path / "x")])
    assert wrong.exit_code == 2 and "--to is for --format neo4j-csv" in wrong.output


def test_a_graph_built_without_texts_is_refused_with_the_fix(tmp_path: Path, builds: dict[str, Path]) -> None:
    from graphkit.errors import GraphkitError

    graph = tmp_path / "old-build"
    shutil.copytree(builds["devset"], graph)
    (graph / "texts.json").unlink()
    with pytest.raises(GraphkitError, match="no texts.json here; build the graph again"):
        export_qdpx(graph, tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists()


def test_an_invalid_document_is_never_written(tmp_path: Path, builds: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from graphkit.errors import GraphkitError
    from graphkit.stores import qdpx

    real = qdpx.project_document

    def broken(*args, **kwargs):
        project = real(*args, **kwargs)
        project.xml = project.xml.replace(b'isCodable="true"', b'isCodable="maybe"', 1)
        return project

    monkeypatch.setattr(qdpx, "project_document", broken)
    target = tmp_path / "study.qdpx"
    target.write_bytes(b"previous")
    with pytest.raises(GraphkitError, match="does not validate against Project.xsd"):
        qdpx.export_qdpx(builds["devset"], target)
    assert target.read_bytes() == b"previous"


def _clipped(text: str, start: int, end: int) -> str:
    """The reference: each identifier overlapping [start, end) replaced, clipped part by whole placeholder."""
    from graphkit.scan import PLACEHOLDERS, structured_spans

    out, pos = [], start
    for s, e, kind in structured_spans(text):
        if e <= start or s >= end:
            continue
        out += [text[pos : max(s, start)], PLACEHOLDERS[kind]]
        pos = min(e, end)
    return "".join(out) + text[pos:end]


IDENTIFIED = (
    "Seen at home. E-mail jo.bloggs@example.com, NHS number 943 476 5919, phone 07700 900123.\n"
    "She lives at EH1 1AB with her son; DOB 03/05/1961. Next visit Tuesday."
)


def test_spans_map_onto_the_redacted_text_at_every_boundary() -> None:
    """Every span of a text with identifiers, including those that start or end inside one."""
    from graphkit.redaction import redact_text

    redacted = redact_text(IDENTIFIED)
    assert len(redacted.edits) >= 4 and "jo.bloggs" not in redacted.text
    for start in range(len(IDENTIFIED) + 1):
        for end in range(start, len(IDENTIFIED) + 1):
            a, b = redacted.span(start, end)
            assert redacted.text[a:b] == _clipped(IDENTIFIED, start, end), (start, end)


def test_a_passage_that_cannot_be_coded_is_reported_and_strict_fails(tmp_path: Path, builds: dict[str, Path]) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(builds["devset"], graph)
    doc = json.loads((graph / "texts.json").read_text(encoding="utf-8"))
    evidence = text_evidence(rows_of(graph))
    gone = sorted({e["file"] for e in evidence.values()})[0]
    del doc["texts"][gone]
    (graph / "texts.json").write_text(json.dumps(doc), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(graph), "--format", "qdpx", "--out", str(tmp_path / "a.qdpx")])
    expected = sum(e["file"] == gone for e in evidence.values())
    located = [line for line in result.output.splitlines() if line.startswith(f"{gone}, line ")]
    assert result.exit_code == 0 and len(located) == expected and "not coded" in located[0]
    strict = subprocess.run([sys.executable, "-c", "from graphkit.cli import main; main()", "export", str(graph),
                             "--format", "qdpx", "--out", str(tmp_path / "b.qdpx"), "--strict"], capture_output=True, text=True,
                            cwd=tmp_path)  # not the repo: its graphkit/ lacks the ontology an install maps in
    assert strict.returncode == 5 and f"{expected} passage(s) could not be coded" in strict.stderr


def test_markup_and_control_characters_in_the_data_stay_text(tmp_path: Path, builds: dict[str, Path]) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(builds["devset"], graph)
    rows = rows_of(graph)
    parent = next(n for n in rows["nodes"] if n["props"].get("kind") == "parent")
    parent["props"]["name"] = 'Claire <b>&amp;</b> "C"\x0b\x00'
    (graph / "neo4j" / "rows.json").write_text(json.dumps(rows), encoding="utf-8")
    document, _ = read_archive(export_qdpx(graph, tmp_path / "x.qdpx").path)
    names = {c.get("name") for c in StdET.fromstring(document).iterfind("q:Cases/q:Case", NS)}
    assert f'{parent["id"]} Claire <b>&amp;</b> "C"\ufffd\ufffd' in names
    assert b"<b>" not in document


def test_a_relation_kind_without_a_code_is_reported(tmp_path: Path, builds: dict[str, Path]) -> None:
    graph = tmp_path / "graph"
    shutil.copytree(builds["devset"], graph)
    rows = rows_of(graph)
    linked = next(r for r in rows["relationships"] if r["type"] == "ENGAGES_WITH" and r["props"]["evidenceIds"])
    linked["type"] = "LINKED_TO"  # a kind the model maps to Neo4j but the code book does not list
    (graph / "neo4j" / "rows.json").write_text(json.dumps(rows), encoding="utf-8")
    problems = [str(p) for p in export_qdpx(graph, tmp_path / "x.qdpx").problems]
    assert problems == [f"relation kind linked-to: no code for it in qdpx.toml [relation_codes]: "
                        f"{len(linked['props']['evidenceIds'])} passage(s) not coded with it"]
