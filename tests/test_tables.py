"""The table reader: every format, both encodings, header aliases, a mapping file, located rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.errors import CollectionError
from graphkit.readers.collection import read_collection
from graphkit.readers.tables import normalise_header, read_table

ALIASES = {"id": ["ID code", "Participant ID"], "pseudonym": ["Pseudonym", "Name"], "descriptor": ["Descriptor", "Description"]}
ROWS = [["ID code", "Pseudonym", "Descriptor"], ["P1", "Zoë", "Mother, 30s, Scotland – single"], ["P2", "Rab", "Father"]]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    return "\n".join(delimiter.join(f'"{c}"' if (delimiter in c or "\n" in c) else c for c in row) for row in rows) + "\n"


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("cp1252", "cp1252")])
def test_csv_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "participants.csv"
    path.write_bytes(_csv(ROWS).encode(encoding))
    table = read_table(path, ALIASES)
    assert table.encoding == expected
    assert table.rows[0].fields == {"id": "P1", "pseudonym": "Zoë", "descriptor": "Mother, 30s, Scotland – single"}


@pytest.mark.parametrize("delimiter, suffix", [(";", ".csv"), ("\t", ".tsv"), ("\t", ".csv")])
def test_delimiters(tmp_path: Path, delimiter: str, suffix: str) -> None:
    path = tmp_path / f"participants{suffix}"
    path.write_text(_csv(ROWS, delimiter), encoding="utf-8")
    assert [r.fields["id"] for r in read_table(path, ALIASES).rows] == ["P1", "P2"]


def test_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    path = tmp_path / "participants.xlsx"
    book.save(path)
    table = read_table(path, ALIASES)
    assert [r.fields["pseudonym"] for r in table.rows] == ["Zoë", "Rab"]
    assert table.rows[1].line == 3


def test_header_aliases_ignore_case_and_punctuation(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text("participant_id,NAME,description\nP9,Kyle,son\n", encoding="utf-8")
    assert read_table(path, ALIASES).rows[0].fields == {"id": "P9", "pseudonym": "Kyle", "descriptor": "son"}
    assert normalise_header(" ID-Code ") == "idcode"


def test_multiline_cell_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text('ID code,Pseudonym,Descriptor\nP1,Ann,"first line\nsecond line"\nP2,Bob,x\n', encoding="utf-8")
    rows = read_table(path, ALIASES).rows
    assert (rows[0].line, rows[1].line) == (2, 4)
    assert rows[0].fields["descriptor"] == "first line\nsecond line"


def test_unknown_and_duplicate_headers_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text("ID code,Pseudonym,Favourite colour,Name\nP1,Ann,blue,Annie\n", encoding="utf-8")
    table = read_table(path, ALIASES)
    assert table.unknown_headers == ["Favourite colour"]
    assert any("duplicate column" in what for _, what in table.problems)
    assert table.rows[0].fields["pseudonym"] == "Ann"


def test_empty_table_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "participants.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CollectionError, match="empty"):
        read_table(path, ALIASES)


def test_mapping_file_adds_aliases(tmp_path: Path) -> None:
    (tmp_path / "mapping.toml").write_text('[headers.participants]\nid = ["Code"]\npseudonym = "Alias"\n', encoding="utf-8")
    (tmp_path / "participants.csv").write_text("Code,Alias,Participant type,Descriptor\nP1,Ann,Mother,Mother (30s)\n", encoding="utf-8")
    collection = read_collection(tmp_path)
    assert collection.tables["participants"].rows[0].fields["id"] == "P1"
    assert collection.tables["participants"].rows[0].fields["pseudonym"] == "Ann"


# ---- tables whose headers are not ours -----------------------------------------------------------------------------

from graphkit.errors import StrictModeError  # noqa: E402
from graphkit.pipeline import build, build_graph  # noqa: E402
from graphkit.readers.dates import normalise_date  # noqa: E402

SERVICES = "Service ID,Service name,Descriptor\nS4,Lowenna Project,Third-sector drug treatment service in England.\n"


def _write(root: Path, people: str, listing: str, services: str = SERVICES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "study_participants.csv").write_text(people, encoding="utf-8")
    (root / "study_services.csv").write_text(services, encoding="utf-8")
    (root / "study_metadata.csv").write_text(listing, encoding="utf-8")
    return root


def test_header_synonyms(tmp_path: Path) -> None:
    root = _write(tmp_path, "Participant code,Alias,Category,Profile\nP7,Kerensa,Mother,\"Mum, 20s, Eng.\"\n",
                  "Document name,Strand,Method,Participant codes,Fieldwork date,Research site,Comments\n")
    collection = read_collection(root)
    assert collection.tables["participants"].rows[0].fields == {"id": "P7", "pseudonym": "Kerensa", "kind": "Mother", "descriptor": "Mum, 20s, Eng."}
    assert set(collection.tables["listing"].header) and not collection.tables["listing"].unknown_headers


def test_unknown_columns_are_judged_by_their_cells(tmp_path: Path) -> None:
    listing = ("Transcript ref,Held on,Place,Who took part,Kind of record,Blurb\n"
               "k1.txt,3 May 2022,England,P7; S4,Interview,\"First talk with a mother, at her flat near the harbour.\"\n"
               "b1.docx,14/06/2022,Scotland,P8 / S4,Field notes,\"Notes written after a home visit with a father and his son.\"\n")
    people = ("Ref no,Known as,Who they are,Write-up\n"
              "P7,Kerensa,Mother,\"Mum in her twenties, England, lives alone in a flat.\"\n"
              "P8,Bram,Father,\"Dad in his thirties, Scotland, lives with his partner.\"\n")
    root = _write(tmp_path, people, listing)
    for name in ("k1.txt", "b1.docx"):
        (root / name).write_text("x", encoding="utf-8")
    collection = read_collection(root)
    guessed = {g.header: g.field for t in collection.tables.values() for g in t.guesses}
    assert guessed == {"Transcript ref": "file", "Held on": "date", "Place": "country", "Who took part": "ids",
                       "Kind of record": "type", "Blurb": "descriptor", "Ref no": "id", "Who they are": "kind",
                       "Write-up": "descriptor", "Known as": "pseudonym"}
    first = collection.files["k1.txt"]
    assert (first.date, first.country, first.ids, first.type) == ("2022-05-03", "England", ("P7", "S4"), "Interview")
    # each guess is said, at the header, so that a researcher can confirm it in mapping.toml
    assert any("'Held on' is read as 'date'" in p.what and p.where == "study_metadata.csv, line 1" for p in collection.problems)


def test_a_column_of_nothing_recognisable_stays_unknown(tmp_path: Path) -> None:
    root = _write(tmp_path, "ID code,Pseudonym,Participant type,Descriptor,Favourite biscuit\nP7,Kerensa,Mother,\"Mum, 20s\",ginger nut\n",
                  "File name,ID codes\n")
    collection = read_collection(root)
    assert collection.tables["participants"].unknown_headers == ["Favourite biscuit"]
    assert any("unknown column 'Favourite biscuit'" in p.what for p in collection.problems)


def test_mapping_wins_over_the_built_in_aliases_and_the_cells(tmp_path: Path) -> None:
    # "Name" is a built-in alias of the pseudonym; this collection uses it for the descriptor
    root = _write(tmp_path, "Code,Called,Name\nP7,Kerensa,\"Mum in her twenties, England, lives alone.\"\n", "File name,ID codes\n")
    (root / "mapping.toml").write_text('[headers.participants]\ndescriptor = "Name"\npseudonym = ["Called"]\n', encoding="utf-8")
    fields = read_collection(root).tables["participants"].rows[0].fields
    assert fields == {"id": "P7", "pseudonym": "Kerensa", "descriptor": "Mum in her twenties, England, lives alone."}


def test_a_title_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    root = _write(tmp_path, "Relations study: who took part\nID code,Pseudonym,Participant type,Descriptor\nP7,Kerensa,Mother,\"Mum, 20s\"\n",
                  "File name,ID codes\n")
    collection = read_collection(root)
    assert collection.tables["participants"].rows[0].fields["id"] == "P7"
    assert any(p.where == "study_participants.csv, line 1" and "above the header" in p.what for p in collection.problems)


def test_a_missing_required_column_is_one_located_problem(tmp_path: Path) -> None:
    people = "Pseudonym,Participant type,Descriptor\n" + "".join(f"Kerensa{i},Mother,\"Mum, 20s\"\n" for i in range(200))
    listing = "File name,ID codes\n" + "".join(f"t{i}.txt,P{i}\n" for i in range(200))
    root = _write(tmp_path / "c", people, listing)
    for i in range(200):
        (root / f"t{i}.txt").write_text("INT: Hello.\n", encoding="utf-8")
    problems = build_graph(root).problems
    about_people = [p for p in problems if "participant" in p.where or "participant" in p.what]
    assert len(about_people) == 1
    assert about_people[0].where == "study_participants.csv, line 1" and "'id'" in about_people[0].what
    assert len(problems) == 1
    with pytest.raises(StrictModeError):
        build(root, tmp_path / "out", strict=True)


def test_a_listing_without_file_names_is_one_problem_not_one_per_file(tmp_path: Path) -> None:
    root = _write(tmp_path, "ID code,Pseudonym,Participant type,Descriptor\nP7,Kerensa,Mother,\"Mum, 20s\"\n",
                  "Remarks,Codes\nsomething,P7\nelse,P7\n")
    for i in range(30):
        (root / f"t{i}.txt").write_text("x", encoding="utf-8")
    problems = read_collection(root).problems
    assert [p.where for p in problems] == ["study_metadata.csv, line 1", "."]  # relative to the collection
    assert "'file'" in problems[0].what and "30 data file(s) are not read" in problems[1].what


@pytest.mark.parametrize("raw, iso", [("3 May 2022", "2022-05-03"), ("May 3rd, 2022", "2022-05-03"), ("Sep 2021", "2021-09"),
                                      ("31/02/2021", None), ("Maypole 2021", None)])
def test_more_date_forms(raw: str, iso: str | None) -> None:
    assert normalise_date(raw) == iso


def test_of_two_columns_for_one_field_the_better_named_one_is_used(tmp_path: Path) -> None:
    # "Notes" is an alias of the descriptor, but a column called "Descriptor" says it outright
    path = tmp_path / "participants.csv"
    path.write_text('ID code,Notes,Descriptor\nP7,"rang twice, no answer","Mum, 20s, Eng."\n', encoding="utf-8")
    table = read_table(path, {"id": ["ID code"], "descriptor": ["Description", "Notes"]})
    assert table.rows[0].fields == {"id": "P7", "descriptor": "Mum, 20s, Eng."}
    assert any("duplicate column 'Notes'" in what and "'Descriptor' is used" in what for _, what in table.problems)


def test_a_missing_participant_table_is_one_problem(tmp_path: Path) -> None:
    root = _write(tmp_path, "", "File name,ID codes\n" + "".join(f"t{i}.txt,P{i}\n" for i in range(20)))
    (root / "study_participants.csv").unlink()
    for i in range(20):
        (root / f"t{i}.txt").write_text("INT: Hello.\n", encoding="utf-8")
    assert [p.what for p in build_graph(root).problems] == ["no participants table (*participant*.csv/.tsv/.xlsx) found"]


@pytest.mark.parametrize("cell, ids", [("P7; S4", ("P7", "S4")), ("P7 / P8,S4", ("P7", "P8", "S4")), ("P7 and P8", ("P7", "P8")),
                                       ("P7 P8", ("P7", "P8")), ("P7 & S4\nP8", ("P7", "S4", "P8")), ("Group 2", ("Group 2",))])
def test_id_codes_in_a_listing_cell(cell: str, ids: tuple[str, ...]) -> None:
    from graphkit.readers.columns import split_ids

    assert split_ids(cell, frozenset({"P7", "P8", "S4"})) == ids


def test_without_a_column_of_id_codes_they_are_read_from_file_names(tmp_path: Path) -> None:
    root = _write(tmp_path, "ID code,Pseudonym,Participant type,Descriptor\nP7,Kerensa,Mother,\"Mum, 20s\"\nP77,Bram,Father,\"Dad\"\n",
                  "File name,Date\nP7_S4 joint visit.txt,2021-05-01\nP77-notes.txt,2021-06-01\n")
    for name in ("P7_S4 joint visit.txt", "P77-notes.txt"):
        (root / name).write_text("x", encoding="utf-8")
    collection = read_collection(root)
    assert [f.ids for f in collection.files.values()] == [("P7", "S4"), ("P77",)]
    assert any("read from its name" in p.what for p in collection.problems)


def test_a_descriptor_spread_over_several_columns_is_read_as_one_text(tmp_path: Path) -> None:
    root = _write(tmp_path, "ID code,Pseudonym,Participant type,Description,Living situation,Children,Partner\n"
                            "P7,Kerensa,Mother,\"Mum, 20s, Eng\",Cohabiting,Jory (5) lives at home.,Tobias (not in treatment)\n"
                            "P8,Bram,Father,\"Dad, 30s, Scot.\",Lives alone,,\n",
                  "File name,ID codes\n")
    rows = read_collection(root).tables["participants"].rows
    assert rows[0].fields["descriptor"] == ("Mum, 20s, Eng. Living situation: Cohabiting. Children: Jory (5) lives at home. "
                                            "Partner: Tobias (not in treatment)")
    assert rows[1].fields["descriptor"] == "Dad, 30s, Scot. Living situation: Lives alone"
    graph = build_graph(root)
    kerensa = graph.entities["P7"]
    assert (kerensa.get("household"), kerensa.get("partner_in_treatment"), graph.entities["P7-partner"].label) == ("cohabiting", False, "Tobias")
    assert graph.entities["P8"].get("household") == "single"
