"""Issue 18.15, the small things a first reader saw (phrasings written for these tests, in no devset)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.model import Graph
from graphkit.pipeline import build_graph

LISTING = "File name,Data set,Data type,ID codes,Date,Country\n"
SERVICES = """Service ID,Service name,Descriptor
QR4,Rowan Lodge,"NHS substance misuse service, Wales."
"""


def _collection(tmp_path: Path, people: str, services: str = SERVICES) -> Graph:
    (tmp_path / "people_participants.csv").write_text("ID code,Pseudonym,Participant type,Descriptor\n" + people, encoding="utf-8")
    (tmp_path / "services.csv").write_text(services, encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(LISTING, encoding="utf-8")
    return build_graph(tmp_path)


@pytest.mark.parametrize("descriptor", [
    "QR4: outreach nurse, Rowan Lodge, Wales.",
    "QR4 - outreach nurse, Wales.",
    "Rowan Lodge: outreach nurse, Wales.",
    "Outreach nurse, QR4, Wales.",
])
def test_a_role_title_headed_by_its_service_is_the_title_alone(tmp_path: Path, descriptor: str) -> None:
    graph = _collection(tmp_path, f'QW9,Fen,Professional,"{descriptor}"\n')
    worker = graph.entities["QW9"]
    assert worker.get("role_title").lower() == "outreach nurse"
    assert [ev.quote.lower() for ev in worker.evidence["role_title"]] == ["outreach nurse"]
    assert [r.target for r in graph.relations.values() if r.kind == "works-at" and r.source == "QW9"] == ["QR4"]


@pytest.mark.parametrize(("kind", "descriptor", "treatment"), [
    ("Family member", "Family member: partner of Rob (QP3), Wales, 40s. Has never used drugs; Rob is on methadone.", None),
    ("Family member", "Partner of Rob (QP3). Rob gets his Espranor from Rowan Lodge (QR4).", None),
    ("Mother", "Mother, 30s, Wales. Lives with her partner Rob; both on methadone.", "methadone"),
    ("Father", "Father, 20s, Wales. On Subutex from QR4. His partner (Jo) is on a methadone script.", "buprenorphine"),
])
def test_the_partners_drug_is_not_the_participants(tmp_path: Path, kind: str, descriptor: str, treatment: str | None) -> None:
    from graphkit.views.pages import render_ecomap_page

    graph = _collection(tmp_path, f'QP9,Sam,{kind},"{descriptor}"\n')
    person = graph.entities["QP9"]
    assert person.get("treatment") == treatment, person.attrs
    header = render_ecomap_page(graph, "QP9", {}).split('<p class="facts">', 1)[1].split("</p>", 1)[0]
    assert ("<span>treatment:" in header) is (treatment is not None), header


def test_a_partner_also_on_a_drug_says_it_is_the_participants_too(tmp_path: Path) -> None:
    graph = _collection(tmp_path, 'QP9,Sam,Mother,"Mother, 30s, Wales. Lives with her boyfriend, who is on methadone as well."\n')
    assert graph.entities["QP9"].get("treatment") == "methadone"


@pytest.mark.parametrize(("said", "expected"), [
    ("I see Juno every Saturday, at the café near the bus station.", {"regular-contact"}),  # the control: contact
    ("I think about Juno every day.", set()),
    ("I think of wee Juno daily, honestly.", set()),
    ("I miss Juno every weekend.", set()),
    ("Juno is in my thoughts every day.", set()),
    ("I worry about Juno every week, what she's doing.", set()),
])
def test_a_thought_or_a_feeling_is_not_contact(said: str, expected: set[str]) -> None:
    from test_text_time import contact, interview, run

    text = f"INT: And Juno, his youngest?\nHamish: {said}\n"
    graph = run({"TR04_Interview1.txt": text}, {"TR04_Interview1.txt": interview("TR04_Interview1.txt", "2023-05-04", ("TR04",))})
    assert contact(graph, "TR04-C2", "TR04") == expected


PARENT = 'QP7,Hamish,Father,"Father, 40s, Wales. Methadone from QR4."\n'


@pytest.mark.parametrize(("descriptor", "quote"), [
    ("Family member, 50s, Wales. Interviewed alongside QP7.", None),
    ("Family member: Hamish's (QP7) sister, 50s, Wales.", "Hamish's (QP7) sister"),
    ("Family member, 60s. Mother of Hamish (QP7).", "Mother of Hamish (QP7)"),
])
def test_kinship_needs_a_word_that_says_it_not_a_code(tmp_path: Path, descriptor: str, quote: str | None) -> None:
    graph = _collection(tmp_path, PARENT + f'QF7,Morag,Family member,"{descriptor}"\n')
    ties = list(graph.relations_of("relative-of", source="QF7", target="QP7"))
    assert [[ev.quote for ev in tie.evidence] for tie in ties] == ([[quote]] if quote else [])


def test_a_text_that_says_how_they_are_kin_is_the_evidence(tmp_path: Path) -> None:
    (tmp_path / "family").mkdir()
    (tmp_path / "family" / "QP7_Interview.txt").write_text(
        "INT: Who else is in the family?\nHamish: Morag is my eldest, she's twenty-two and has her own flat.\n", encoding="utf-8")
    listing = LISTING + "family/QP7_Interview.txt,Parent/Family,Interview,QP7,2023-05-04,Wales\n"
    (tmp_path / "people_participants.csv").write_text(
        "ID code,Pseudonym,Participant type,Descriptor\n" + PARENT
        + 'QF7,Morag,Family member,"Family member, 20s, Wales. Interviewed alongside QP7."\n', encoding="utf-8")
    (tmp_path / "services.csv").write_text(SERVICES, encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(listing, encoding="utf-8")
    graph = build_graph(tmp_path)
    ties = list(graph.relations_of("relative-of", source="QF7", target="QP7"))
    assert [[ev.quote for ev in tie.evidence] for tie in ties] == [["Morag is my eldest, she's twenty-two and has her own flat."]]
