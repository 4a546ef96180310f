"""A hostile collection (safety.md): every attack is refused or neutralised, the build completes.

One collection, built once per module in a temporary folder, holds:
an XXE .docx, a zip-bomb .docx, listing paths out of the collection (``../``,
absolute, ``C:\\``, a symlink), a script in a pseudonym, formulas in a
descriptor and a pseudonym, and direct identifiers in a fieldnote and a
table cell. The build runs in this process under tracemalloc.
"""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from defusedxml import ElementTree as defused_et

from graphkit.cli import cli
from graphkit.formats import neutralise


SCRIPT = "Lee</script><img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://x")'
FORMULA_NAME = "@SUM(1+1)"
NHS_SPACED, NHS = "943 476 5919", "9434765919"
CHI = "0101011237"
POSTCODE, PHONE, EMAIL, DOB = "EH1 1AB", "07700 900123", "lee.smith@example.com", "03/05/1961"
RAW = (NHS_SPACED, NHS, CHI, POSTCODE, PHONE, EMAIL, DOB)
SECRET = "TOP-SECRET-OUTSIDE-FILE"
MEMORY_CAP = 256 * 1024 * 1024  # "well under 1 GB"

FIELDNOTE = f"""File: HP02_Fieldnotes_2021-08-03.txt
Date: 2021-08-03
Type: Fieldnotes
Participants: Dee (HP02)

Dee said his son Sam (6) lives with him full-time now. His NHS number is {NHS_SPACED} and his DOB is {DOB}.
Sam's CHI number is {CHI}. Call Dee on {PHONE} or e-mail {EMAIL}; he lives at {POSTCODE} with Sam.
"""

XXE_DOC = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def _csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def make_hostile(root: Path) -> Path:
    collection = root / "collection"
    (collection / "data").mkdir(parents=True)
    outside = root / "outside.txt"
    outside.write_text(f"{SECRET}\nDee's NHS number {NHS_SPACED}\n", encoding="utf-8")
    _csv(collection / "participants.csv", [
        ["ID code", "Pseudonym", "Participant type", "Descriptor"],
        ["HP01", SCRIPT, "Mother", "Mother, 30s, England. Single parent; lives with her daughter Amy (4)."],
        ["HP02", "Dee", "Father", f"Father, 40s, Scotland. DOB {DOB}, tel {PHONE}. {FORMULA}"],
        ["HP03", FORMULA_NAME, "Mother", FORMULA],
    ])
    _csv(collection / "services.csv", [
        ["Service ID", "Service name", "Descriptor"],
        ["HS1", "Harbour Service", "NHS drug treatment service, England."],
    ])
    (collection / "data" / "HP02_Fieldnotes_2021-08-03.txt").write_text(FIELDNOTE, encoding="utf-8")
    with zipfile.ZipFile(collection / "data" / "HP01_Interview1.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", XXE_DOC)
    with zipfile.ZipFile(collection / "data" / "HP02_Interview1.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:  # 200 MB of zeros, ~200 KB on disk
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                entry.write(chunk)
    (collection / "data" / "HP01_Link.txt").symlink_to(outside)
    (collection / "data" / "HP03_Unlisted.txt").write_text("Not in the listing.\n", encoding="utf-8")
    _csv(collection / "Hostile_metadata.csv", [
        ["File name", "Data set", "Data type", "ID codes", "Date", "Country", "Descriptor"],
        ["data/HP02_Fieldnotes_2021-08-03.txt", "Parent/Family", "Fieldnotes", "HP02", "2021-08-03", "Scotland",
         f"Home visit. {FORMULA}"],
        ["data/HP01_Interview1.docx", "Parent/Family", "Interview", "HP01", "2021-08-04", "England", "XXE"],
        ["data/HP02_Interview1.docx", "Parent/Family", "Interview", "HP02", "2021-08-05", "Scotland", "bomb"],
        ["../../outside.txt", "Parent/Family", "Interview", "HP01", "2021-08-06", "England", "dot-dot"],
        ["/etc/passwd", "Parent/Family", "Interview", "HP01", "2021-08-06", "England", "absolute"],
        ["C:\\Windows\\win.ini", "Parent/Family", "Interview", "HP01", "2021-08-06", "England", "drive"],
        ["data/HP01_Link.txt", "Parent/Family", "Interview", "HP01", "2021-08-06", "England", "symlink"],
        # An unreadable date is quoted in its problem: the identifier must not ride along into problems.json.
        ["data/HP03_Unlisted.txt", "Parent/Family", "Fieldnotes", "HP03", f"DOB {DOB}", "England", "bad date"],
    ])
    return collection


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    collection = make_hostile(root)
    out = root / "out"
    tracemalloc.start()
    try:
        result = CliRunner().invoke(cli, ["build", str(collection), "--out", str(out)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"root": root, "collection": collection, "out": out, "result": result, "peak": peak}


def problems(hostile) -> list[dict]:
    return json.loads((hostile["out"] / "problems.json").read_text(encoding="utf-8"))


def test_build_completes(hostile) -> None:
    result = hostile["result"]
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.nt", "graph.graphml", "problems.json"):
        assert (hostile["out"] / name).is_file()
    assert (hostile["out"] / "store").is_dir()


def test_strict_build_fails_with_problems(hostile, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(hostile["collection"]), "--out", str(tmp_path / "o"), "--strict"])
    assert result.exit_code == 5


def test_memory_stays_bounded(hostile) -> None:
    assert hostile["peak"] < MEMORY_CAP, f"peak {hostile['peak'] / 2**20:.0f} MiB"


@pytest.mark.parametrize(
    ("where", "what"),
    [
        ("data/HP01_Interview1.docx", "refused: DTDForbidden"),
        ("data/HP02_Interview1.docx", ""),  # a bomb: refused (ratio or size), whatever the wording
        ("Hostile_metadata.csv, line 5 (data row 4)", "leaves the collection: '../../outside.txt'"),
        ("Hostile_metadata.csv, line 6 (data row 5)", "leaves the collection: '/etc/passwd'"),
        ("Hostile_metadata.csv, line 7 (data row 6)", "leaves the collection"),
        ("Hostile_metadata.csv, line 8 (data row 7)", "links outside the collection"),
        ("Hostile_metadata.csv, line 9 (data row 8)", "unreadable date"),
    ],
)
def test_each_problem_is_located(hostile, where: str, what: str) -> None:
    found = [p for p in problems(hostile) if p["where"] == where]
    assert found, f"no problem at {where}: {problems(hostile)}"
    assert any(what in p["what"] for p in found), found
    assert f"problem: {where}: " in hostile["result"].output


def test_bomb_and_xxe_are_refused_not_read(hostile) -> None:
    text = {p["where"]: p["what"] for p in problems(hostile)}
    assert "bomb" in text["data/HP02_Interview1.docx"] or "uncompressed" in text["data/HP02_Interview1.docx"]
    everything = b"".join(p.read_bytes() for p in hostile["out"].rglob("*") if p.is_file())
    assert b"root:x:0:0" not in everything  # nothing of /etc/passwd (bare "root:" occurs in vis-network's code)
    assert SECRET.encode() not in everything  # nothing of the file behind the symlink or ../


def test_no_raw_identifier_reaches_an_output(hostile) -> None:
    out = hostile["out"]
    for path in sorted(out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for raw in RAW:
                assert raw.encode() not in data, f"{raw!r} in {path.relative_to(out)}"
    from graphkit.stores.oxigraph import open_store, run_select

    _, rows = run_select(open_store(out), "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")
    literals = [str(r["o"]) for r in rows]
    assert not [v for v in literals for raw in RAW if raw in v]


def test_script_in_a_pseudonym_is_data(hostile) -> None:
    """The script survives as text (escaping is the HTML views' job) and never breaks the XML around it."""
    tree = defused_et.parse(hostile["out"] / "graph.graphml")
    labels = [e.text for e in tree.iter() if e.text and "onerror" in e.text]
    assert SCRIPT in labels
    raw = (hostile["out"] / "graph.graphml").read_text(encoding="utf-8")
    assert "<img" not in raw and "</script>" not in raw
    pages = sorted(hostile["out"].rglob("*.html"))
    for page in pages:  # the views, if the build writes them: escaped in markup and in inline JSON
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "</script><img" not in html, page.name
    if pages:
        assert any("Lee&lt;/script&gt;&lt;img" in p.read_text(encoding="utf-8") for p in pages)
    result = CliRunner().invoke(cli, ["query", "parents", "--graph", str(hostile["out"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert SCRIPT in [row["pseudonym"] for row in json.loads(result.output)]


def test_csv_answers_neutralise_formulas(hostile, tmp_path: Path) -> None:
    everything = tmp_path / "literals.rq"
    everything.write_text("SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }\n", encoding="utf-8")
    seen_formula = False
    for question in ("parents", str(everything)):
        result = CliRunner().invoke(cli, ["query", question, "--graph", str(hostile["out"]), "--format", "csv"])
        assert result.exit_code == 0, result.output
        for row in list(csv.reader(io.StringIO(result.output)))[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\0")), cell
                seen_formula |= cell in (neutralise(FORMULA_NAME), neutralise(FORMULA))
    assert seen_formula, "the formula pseudonym should be in the answers, neutralised"


def test_scan_reports_every_identifier(hostile) -> None:
    result = CliRunner().invoke(cli, ["scan", str(hostile["collection"])])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    fieldnote = [line for line in lines if line.startswith("data/HP02_Fieldnotes_2021-08-03.txt:")]
    kinds = {line.split(": ")[1].split(" (")[0] for line in fieldnote}
    assert {"nhs-number", "chi-number", "date-of-birth", "phone", "email", "postcode"} <= kinds, fieldnote
    table = [line for line in lines if line.startswith("participants.csv: row 3, Descriptor:")]
    assert {"date-of-birth", "phone"} <= {line.split(": ")[2].split(" (")[0] for line in table}, lines
    assert not [line for line in lines for raw in RAW if raw in line]  # excerpts are masked
    assert SECRET not in result.output  # the symlink out was not followed
    assert "HP01_Interview1.docx: cannot scan" in result.output
    assert "HP02_Interview1.docx: cannot scan" in result.output
