"""graphkit.scan and ``graphkit scan``: direct identifiers are found, masked, redacted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.cli.scan import collection_files, scan
from graphkit.scan import chi_date_ok, find, mask, nhs_checksum_ok, redact, scan_rows, scan_text

NHS = "9434765919"
CHI = "0101011237"


def kinds(text: str, known: set[str] | None = None) -> list[tuple[str, str]]:
    """(kind, matched text) of every identifier found."""
    return [(kind, text[s:e]) for s, e, kind, _ in find(text, known_names=known or set())]


# -- checksums -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "ok"),
    [(NHS, True), ("9434765918", False), (CHI, True), ("4000000020", True), ("4000000021", False),
     ("1234567890", False), ("1234567891", False), ("943476591", False), ("94347659190", False), ("943476591x", False)],
)
def test_nhs_checksum(digits: str, ok: bool) -> None:
    # 400000002 leaves remainder 0, so its check digit is 0 (11 -> 0); 123456789 needs 10: no valid number.
    assert nhs_checksum_ok(digits) is ok


@pytest.mark.parametrize(("digits", "ok"), [(CHI, True), ("2902001234", True), ("3102011234", False), ("0013011234", False)])
def test_chi_date(digits: str, ok: bool) -> None:
    assert chi_date_ok(digits) is ok


# -- structured identifiers ---------------------------------------------------------------


def test_nhs_and_chi_numbers_with_and_without_context() -> None:
    text = f"NHS number {NHS[:3]} {NHS[3:6]} {NHS[6:]}; CHI {CHI}.\nA reference, {NHS}, alone; 1234567890 fails"
    found = find(text)
    assert [(k, text[s:e], c) for s, e, k, c in found] == [
        ("nhs-number", "943 476 5919", "high"),
        ("chi-number", CHI, "high"),
        ("nhs-number", NHS, "review"),
    ]


def test_chi_shaped_number_named_as_nhs_is_nhs() -> None:
    assert kinds(f"her NHS no. {CHI}") == [("nhs-number", CHI)]
    assert kinds(f"ref {CHI}") == [("chi-number", CHI)]
    assert find(f"ref {CHI}")[0][3] == "review"


@pytest.mark.parametrize("postcode", ["EH1 1AB", "SW1A 1AA", "M1 1AE", "G2 3QT", "eh11ab", "B33 8TH"])
def test_full_postcodes_found(postcode: str) -> None:
    assert kinds(f"she lives at {postcode} now") == [("postcode", postcode)]


@pytest.mark.parametrize("text", ["the EH1 1 sector", "area EH1", "ID SP03 and ES2", "in 2021 1AB"])
def test_sectors_and_codes_are_not_postcodes(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "phone",
    ["07700 900123", "07700900123", "+44 7700 900123", "+44 (0)131 496 0000", "(0131) 496 0000", "0131-496-0000",
     "020 7946 0000", "0044 20 7946 0000"],
)
def test_phone_numbers_found(phone: str) -> None:
    assert kinds(f"ring {phone} today") == [("phone", phone)]


@pytest.mark.parametrize("text", ["on 01/02/2021", "in 2021-2022", "12345", "call 999", "ID 0131"])
def test_not_phone_numbers(text: str) -> None:
    assert kinds(text) == []


def test_email() -> None:
    assert kinds("write to jane.doe+x@mail.example.co.uk, or not@all") == [("email", "jane.doe+x@mail.example.co.uk")]


@pytest.mark.parametrize(
    ("text", "date"),
    [("born on 3rd May 1985 in", "3rd May 1985"), ("DOB: 03/05/1985.", "03/05/1985"),
     ("date of birth 1985-05-03", "1985-05-03"), ("1.2.19 (DOB)", "1.2.19"), ("born May 3, 1985", "May 3, 1985")],
)
def test_dates_of_birth(text: str, date: str) -> None:
    assert kinds(text) == [("date-of-birth", date)]


def test_other_dates_are_not_dates_of_birth() -> None:
    assert kinds("Interviewed 03/05/2021 at home.") == []
    assert kinds("DOB 03/05/1985, interviewed 03/05/2021") == [("date-of-birth", "03/05/1985")]
    assert kinds("interviewed 03/05/2021, born 3 May 1985") == [("date-of-birth", "3 May 1985")]


# -- names ------------------------------------------------------------------------------


def test_names_that_are_not_pseudonyms_places_or_common_words() -> None:
    text = (
        "INT: So Kerry, you went to Glasgow with Dean Smith?\n"
        "R: Yeah. Mrs Okafor came. Honestly it was fine. [Town] was busy, Monday.\n"
        "R: Then Dean's mum rang. Christmas was hard. Smith never called.\n"
    )
    assert kinds(text, {"Kerry", "Dean"}) == [("name", "Smith"), ("name", "Okafor"), ("name", "Smith")]
    confidence = {text[s:e]: c for s, e, k, c in find(text, known_names={"Kerry", "Dean"})}
    assert confidence == {"Smith": "review", "Okafor": "high"}


def test_adjacent_name_tokens_are_one_finding() -> None:
    assert kinds("we met Siobhán O'Neill-Barr there") == [("name", "Siobhán O'Neill-Barr")]


def test_sentence_start_words_are_not_names_unless_seen_mid_sentence() -> None:
    assert kinds("Brilliant. Absolutely brilliant.\nGutted it was.") == []
    assert kinds("Gemma came. I told Gemma.") == [("name", "Gemma"), ("name", "Gemma")]


def test_contractions_are_not_names() -> None:
    assert kinds("she said I Don't and Can't, you know") == []


# -- findings, masking -------------------------------------------------------------------


def test_scan_text_locates_and_masks() -> None:
    text = "Header: x\n\nR: my NHS number is 943 476 5919 and email jo@example.com\n"
    findings = scan_text(text, file="int01.txt", known_names=set())
    assert [(f.file, f.line, f.column, f.kind, f.confidence) for f in findings] == [
        ("int01.txt", 3, 21, "nhs-number", "high"),
        ("int01.txt", 3, 44, "email", "high"),
    ]
    for f in findings:
        assert "476 5919" not in f.masked_excerpt and "jo@example" not in f.masked_excerpt
        assert "\n" not in f.masked_excerpt
    assert findings[0].masked_excerpt == "R: my NHS number is 94* *** **** and email jo@*******.***"


def test_mask_keeps_length_and_separators() -> None:
    assert mask("EH1 1AB") == "EH* ***"
    assert mask("Kerry") == "K****"
    assert len(mask("jane.doe@example.com")) == len("jane.doe@example.com")


def test_excerpt_has_no_control_characters() -> None:
    (finding,) = scan_text("\x1b[2J NHS 9434765919 \x07", file="f", known_names=set())
    assert "\x1b" not in finding.masked_excerpt and "\x07" not in finding.masked_excerpt


def test_scan_rows_names_the_column() -> None:
    rows = [["ID code", "Pseudonym", "Descriptor"], ["SP01", "Kerry", "Mother, 30s. Lives at EH1 1AB."]]
    findings = scan_rows(rows, file="participants.csv", known_names={"Kerry"})
    assert [(f.line, f.column, f.field, f.kind) for f in findings] == [(2, 3, "Descriptor", "postcode")]


# -- redaction ---------------------------------------------------------------------------


def test_redact_every_kind() -> None:
    text = (
        f"NHS {NHS}, CHI {CHI}, EH1 1AB (sector EH1 1 stays), 07700 900123, jo@example.com, "
        "born 3 May 1985, seen 4 May 2021 by Dean Smith."
    )
    assert redact(text) == (
        "NHS [NHS number], CHI [CHI number], [postcode] (sector EH1 1 stays), [phone number], [email], "
        "born [date of birth], seen 4 May 2021 by Dean Smith."
    )
    assert redact("seen by Dean Smith and Dean.", names=["Dean Smith"]) == "seen by [name] and Dean."


_VALID = st.integers(0, 10**9 - 1).map(lambda n: f"{n:09d}").filter(
    lambda p: (11 - sum(int(d) * w for d, w in zip(p, range(10, 1, -1))) % 11) % 11 != 10
).map(lambda p: p + str((11 - sum(int(d) * w for d, w in zip(p, range(10, 1, -1))) % 11) % 11))
_FORMATTED = st.builds(
    lambda digits, style: {
        0: digits, 1: f"{digits[:3]} {digits[3:6]} {digits[6:]}", 2: f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
        3: f"{digits[:6]} {digits[6:]}",
    }[style],
    _VALID,
    st.integers(0, 3),
)
_FILLER = st.text(st.sampled_from("0123456789 -\n.@abcNHSchi[]()+"), max_size=30)


def _valid_numbers_left(text: str) -> list[str]:
    """Independent oracle: every 10-digit number with non-digit neighbours, in the
    layouts people write them (contiguous, 3-3-4 with one separator, 6-4)."""
    left = []
    for width, shape in ((10, r"\d{10}"), (12, r"\d{3} \d{3} \d{4}"), (12, r"\d{3}-\d{3}-\d{4}"), (11, r"\d{6}[ -]\d{4}")):
        for i in range(len(text) - width + 1):
            window = text[i : i + width]
            outside = text[i - 1 : i] + text[i + width : i + width + 1]
            if re.fullmatch(shape, window) and not any(c.isdigit() for c in outside):
                digits = re.sub(r"\D", "", window)
                if nhs_checksum_ok(digits):
                    left.append(window)
    return left


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_FORMATTED, _FILLER), max_size=8))
def test_redact_never_leaves_a_valid_nhs_number(parts: list[str]) -> None:
    text = "".join(parts)
    assert _valid_numbers_left(redact(text)) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), _FORMATTED)
def test_scan_never_crashes_and_never_prints_the_number(prefix: str, number: str) -> None:
    text = prefix + " NHS " + number + " x"
    findings = scan_text(text, file="f.txt", known_names=set())
    assert any(f.kind in ("nhs-number", "chi-number") for f in findings)
    assert all(number not in f.masked_excerpt for f in findings)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_scans_and_redacts(text: str) -> None:
    for f in scan_text(text, file="f", known_names={"Kerry"}):
        assert 1 <= f.line <= text.count("\n") + 1 and f.column >= 1
    assert isinstance(redact(text), str)


# -- the command ---------------------------------------------------------------------------


def _collection(root: Path, transcript: str) -> Path:
    (root / "texts").mkdir(parents=True)
    (root / "participants.csv").write_text(
        "ID code,Pseudonym,Participant type,Descriptor\nSP01,Kerry,Mother,\"Mother, 30s, Scotland.\"\n"
        "PR02,Aileen Baird,Professional,Health visitor\n",
        encoding="utf-8",
    )
    (root / "services.csv").write_text("Service ID;Service name;Descriptor\nS1;Riverside Recovery;NHS drug treatment\n")
    (root / "texts" / "SP01_int.txt").write_text(transcript, encoding="utf-8")
    return root


def test_cli_reports_and_fails_when_something_is_found(tmp_path: Path) -> None:
    root = _collection(
        tmp_path / "c",
        "INT: Kerry, tell me about Riverside Recovery.\nR: Aileen Baird came. My NHS number is 9434765919.\n",
    )
    result = CliRunner().invoke(scan, [str(root)])
    assert result.exit_code == 1, result.output
    assert "texts/SP01_int.txt:2:40: nhs-number (high): … Baird came. My NHS number is 94********." in result.output
    assert "9434765919" not in result.output
    assert "name" not in result.stdout  # Kerry, Aileen Baird and the service are registry names


def test_cli_clean_collection_exits_zero(tmp_path: Path) -> None:
    root = _collection(tmp_path / "c", "INT: Kerry, how was Riverside Recovery?\nR: Fine. Aileen helped.\n")
    result = CliRunner().invoke(scan, [str(root)])
    assert result.exit_code == 0, result.output
    assert "0 finding(s) in 3 file(s), 0 for review (0 distinct)" in result.output


def test_cli_reports_tables_and_unreadable_files(tmp_path: Path) -> None:
    root = _collection(tmp_path / "c", "INT: hello\n")
    (root / "participants.csv").write_text("ID code,Pseudonym,Descriptor\nSP01,Kerry,Lives at G2 3QT\n")
    (root / "broken.docx").write_text("not a zip")
    result = CliRunner().invoke(scan, [str(root)])
    assert result.exit_code == 1
    assert "participants.csv: row 2, Descriptor: postcode (high): Lives at G* ***" in result.output
    assert "broken.docx: cannot scan" in result.output


def test_cli_names_from_descriptors_are_pseudonyms_everywhere(tmp_path: Path) -> None:
    """A child's pseudonym that only a descriptor gives is a pseudonym from the tables: never a finding (issue 18.13)."""
    root = _collection(tmp_path / "c", "INT: How is Skye?\nR: Skye is fine. Skye and Poppy play.\n")
    (root / "participants.csv").write_text(
        'ID code,Pseudonym,Descriptor\nSP01,Kerry,"Mother. Skye (9) lives with her; her ex, Ronan, has Jude."\n'
    )
    result = CliRunner().invoke(scan, [str(root)])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "name (review)" in line]
    assert lines == ["texts/SP01_int.txt:2:27: name (review): R: Skye is fine. Skye and P**** play."]
    assert "3 name(s) the participant and service tables give taken as pseudonyms" in result.output


def test_cli_kin_words_and_table_headings_are_never_names(tmp_path: Path) -> None:
    """Words of graphkit's own vocabulary (kin.toml, headers.toml, ...) mid-sentence (issue 18.13)."""
    transcript = (
        "INT: And your Nan?\nR: My Nan and my Stepdad and Grandad took the Bairns to the Foster Carers.\n"
        "INT: The Pseudonym and Descriptor columns and the Participant Type, Data Set and ID Codes.\n"
        "R: Then Poppy came.\n"
    )
    root = _collection(tmp_path / "c", transcript)
    result = CliRunner().invoke(scan, [str(root)])
    lines = [line for line in result.stdout.splitlines() if "name (" in line]
    assert lines == ["texts/SP01_int.txt:4:9: name (review): R: Then P**** came."]


def test_cli_ranks_sure_findings_first_then_the_most_repeated_names(tmp_path: Path) -> None:
    transcript = (
        "INT: Did Poppy come?\nR: With Mrs Okafor, yes.\nR: And Poppy and Zara and Poppy again.\n"
        "R: Call 07700 900123.\n"
    )
    root = _collection(tmp_path / "c", transcript)
    result = CliRunner().invoke(scan, [str(root)])
    found = [line.split(": ", 2)[:2] for line in result.stdout.splitlines()]
    assert found == [
        ["texts/SP01_int.txt:2:13", "name (high)"],
        ["texts/SP01_int.txt:4:9", "phone (high)"],
        ["texts/SP01_int.txt:1:10", "name (review)"],  # Poppy, three times
        ["texts/SP01_int.txt:3:8", "name (review)"],
        ["texts/SP01_int.txt:3:27", "name (review)"],
        ["texts/SP01_int.txt:3:18", "name (review)"],  # Zara, once
    ]
    assert "6 finding(s) in 3 file(s), 4 for review (2 distinct)" in result.output


def test_cli_unreadable_only_exits_three(tmp_path: Path) -> None:
    root = _collection(tmp_path / "c", "INT: hello\n")
    (root / "broken.docx").write_text("not a zip")
    assert CliRunner().invoke(scan, [str(root)]).exit_code == 3


def test_walk_skips_symlinks_out_of_the_collection(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("NHS 9434765919")
    root = _collection(tmp_path / "c", "INT: hello\n")
    (root / "texts" / "link.txt").symlink_to(outside)
    files, skipped = collection_files(root)
    assert [p.name for p in files] == ["participants.csv", "services.csv", "SP01_int.txt"]
    assert skipped == ["texts/link.txt: points outside the collection; not read"]


# -- written another way (issue 16.9) -------------------------------------------------------

NBSP, NNBSP, EN_DASH = "\u00a0", "\u202f", "\u2013"


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        (f"943{NBSP}476{NBSP}5919", "nhs-number"),
        (f"943{NNBSP}476{NNBSP}5919", "nhs-number"),
        ("943 4765 919", "nhs-number"),
        ("943/476/5919", "nhs-number"),
        ("9 4 3 4 7 6 5 9 1 9", "nhs-number"),
        ("９４３ ４７６ ５９１９", "nhs-number"),
        (f"943{EN_DASH}476{EN_DASH}5919", "nhs-number"),
        ("943\u200b476\u200b5919", "nhs-number"),
        ("EH1  1AB", "postcode"),
        ("EH1-1AB", "postcode"),
        (f"EH1{NBSP}1AB", "postcode"),
        ("E H 1 1 A B", "postcode"),
        ("S W 1 A 1 A A", "postcode"),
        (f"07700{NBSP}900123", "phone"),
        ("0 7 7 0 0 9 0 0 1 2 3", "phone"),
        (f"0131{EN_DASH}496{EN_DASH}0000", "phone"),
        ("+44\u00a07700\u00a0900123", "phone"),
        ("jo.bloggs[at]example.com", "email"),
        ("jo.bloggs [at] example [dot] com", "email"),
        ("jo.bloggs (at) example.com", "email"),
        ("jo.bloggs＠example.com", "email"),
        ("ｊｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "email"),
    ],
)
def test_identifier_variants_found_at_their_original_offsets(written: str, kind: str) -> None:
    context = "NHS number" if kind == "nhs-number" else "details"
    text = f"her {context}: {written} (as given)"
    assert kinds(text) == [(kind, written)]
    assert redact(text) == f"her {context}: {PLACEHOLDER[kind]} (as given)"


PLACEHOLDER = {"nhs-number": "[NHS number]", "postcode": "[postcode]", "phone": "[phone number]", "email": "[email]",
               "date-of-birth": "[date of birth]"}


@pytest.mark.parametrize(
    ("text", "date"),
    [("she was born on the third of May 1985 in", "the third of May 1985"),
     ("born May the twenty-first, 1985.", "May the twenty-first, 1985"),
     ("DOB: twenty first of June 1990", "twenty first of June 1990"),
     (f"DOB{NBSP}03{EN_DASH}05{EN_DASH}1985", f"03{EN_DASH}05{EN_DASH}1985")],
)
def test_dates_of_birth_written_in_words_or_with_odd_characters(text: str, date: str) -> None:
    assert kinds(text) == [("date-of-birth", date)]


@pytest.mark.parametrize(
    "text",
    ["he came at 2 (at) the clinic", "b 1 2 as well", "scores 1 2 3 4 5", "E H 1 1 A B C D", "tel ext. 12 34"],
)
def test_variants_do_not_make_new_false_identifiers(text: str) -> None:
    assert kinds(text) == []


def test_a_phone_number_is_not_cut_into_a_guessed_health_number() -> None:
    # the last ten digits pass the NHS check: still one phone number, redacted whole
    text = "ring +44 9434 765919 today"
    assert kinds(text) == [("phone", "+44 9434 765919")]
    assert redact(text) == "ring [phone number] today"


def test_offsets_after_folding_are_those_of_the_original() -> None:
    # characters that fold to nothing, to several, or several to one, before the identifier
    text = "ﬁle … x\u200b,  \u00a0 NHS  9434765919 ok"
    ((start, end, kind, _),) = find(text)
    assert (kind, text[start:end]) == ("nhs-number", "9434765919")
    findings = scan_text(text, file="f.txt", known_names=set())
    assert findings[0].column == start + 1


_ODD = st.text(st.sampled_from("0123456789 -/.\n@abEHAB[]()at\u00a0\u202f\u2013\u200b０９＠ﬁ…"), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_FORMATTED, _ODD), max_size=6))
def test_spans_found_through_folding_are_spans_of_the_original(parts: list[str]) -> None:
    from graphkit.scan import normalise, structured_spans

    text = "NHS " + " ".join(parts)
    spans = structured_spans(text)
    for (s, e, _), following in zip(spans, spans[1:] + [(len(text), len(text), "")]):
        assert 0 <= s < e <= following[0]
        # the stretch of the original, folded, is what the patterns matched: it starts and ends with a pattern character
        folded = normalise(text[s:e]).text
        assert folded[:1].strip() and folded[-1:].strip()
    assert redact(redact(text)) == redact(text)
