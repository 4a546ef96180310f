"""Header blocks and speaker turns, with offsets that quote exactly."""

from graphkit.readers.transcript import is_interviewer, parse_transcript

TEXT = "File: a.txt\nDate: 2021-07-14\nType: Interview\n\nINT: Who's at home?\nRab: Me and Jackie.\nShe's my partner.\nINT: Thanks.\n"


def test_header_and_turns() -> None:
    t = parse_transcript(TEXT)
    assert t.header == {"File": "a.txt", "Date": "2021-07-14", "Type": "Interview"}
    assert [turn.speaker for turn in t.turns] == ["INT", "Rab", "INT"]
    rab = t.turns[1]
    assert TEXT[rab.start : rab.end] == "Me and Jackie.\nShe's my partner.\n"
    assert rab.line == 6
    assert t.line_of(TEXT.index("She's")) == 7
    assert t.speaker_at(TEXT.index("Jackie")) == "Rab"


def test_no_header_when_first_key_is_a_speaker() -> None:
    t = parse_transcript("INT: Hello.\nAnn: Hi.\n")
    assert t.header == {} and [x.speaker for x in t.turns] == ["INT", "Ann"]


def test_interviewer_labels() -> None:
    assert is_interviewer("INT") and is_interviewer("Interviewer") and not is_interviewer("Rab")
