"""The text extractor on sentences written for these tests, not taken from the devset.

A small registry is built by hand (no descriptor parsing involved) and a few
files in Scots and English vernacular are read: each test says which facts a
passage should give and which it must not (negation, hypotheticals, fears,
questions, a professional's generic talk, ended arrangements).
"""

from __future__ import annotations

import pytest

from graphkit.extract.texts import extract_text_facts
from graphkit.model import DataFile, Entity, Graph

FAMILY = "Parent/Family"
SERVICES = "Services/Professionals"

TEXTS = {
    "TP01_Interview1.txt": (
        "Date: 2022-01-12\nType: Interview\n\n"
        "INT: Who's in the hoose wi' ye?\n"
        "MORAG: Just me and the wean, Ava. Ava's my youngest, she's four. Callum bides wi' ma maw since the summer, "
        "she's got him full time noo.\n"
        "INT: Does Callum come hame at all?\n"
        "MORAG: Aye, every Sunday he comes for his dinner.\n"
        "INT: Has he ever been in foster care?\n"
        "MORAG: Naw, he wis never in foster care, never.\n"
        "MORAG: If the social take Ava I dinnae ken what I'd dae. I thought they'd put her in care when I was in the hospital.\n"
        "MORAG: Dougie's ma keyworker at Riverside, he's sound.\n"
    ),
    "TP02_Interview1.txt": (
        "Date: 2022-02-03\nType: Interview\n\n"
        "INT: Where's Jayden living these days?\n"
        "Darren: With his mum, Kelly, over in [town]. We share care, proper fifty-fifty.\n"
        "Darren: He used to live with my nan when he was little, but not any more.\n"
        "Darren: My sister reckons they'll put him in care if I slip up. They won't.\n"
        "Darren: Sharon's my partner, she's not on anything.\n"
        "INT: Do you see anyone at Riverside?\n"
        "Darren: No, I've never been near Riverside. I get my script from the GP.\n"
    ),
    "TP03_Interview1.txt": (
        "Date: 2022-01-10\nType: Interview\n\n"
        "INT: And Chloe?\n"
        "LISA: Chloe's staying with her auntie at the moment, just till I'm sorted.\n"
        "INT: Is Marcus your boyfriend?\n"
        "LISA: Yeah, three years now.\n"
    ),
    "TP03_Fieldnotes_2022-03-02.txt": (
        "I met Lisa at the cafe. She told me Chloe moved back home last week and now lives with Lisa full-time. "
        "Fiona (TPR3) from Riverside came along for part of the visit.\n"
    ),
    "TP04_Interview1.txt": (
        "Date: 2022-05-20\nType: Interview\n\n"
        "INT: Who's at home?\n"
        "SHONA: It's just me, Gordon and the lassie. Kayleigh's twelve now, she's at the high school.\n"
        "SHONA: My pal Bernadette's forty-one and she's got nae weans.\n"
        "SHONA: Kayleigh was living with me mum and dad for a year before that.\n"
    ),
    "TS1_Interview_TPR2.txt": (
        "Date: 2022-04-01\nType: Interview\n\n"
        "INT: Can you tell me about the families you work with?\n"
        "PAULINE: Speaking generally, you get mums who've lost kids to adoption and never see them again. "
        "Most have partners who also use. The kids end up in foster care.\n"
        "PAULINE: Morag [TP01] is one of mine. I visit her fortnightly at home.\n"
        "PAULINE: I've never worked with Darren, he's not on my caseload.\n"
    ),
}
FILES = {
    "TP01_Interview1.txt": DataFile("TP01_Interview1.txt", FAMILY, "Interview", "2022-01-12", None, ("TP01",)),
    "TP02_Interview1.txt": DataFile("TP02_Interview1.txt", FAMILY, "Interview", "2022-02-03", None, ("TP02",)),
    "TP03_Interview1.txt": DataFile("TP03_Interview1.txt", FAMILY, "Interview", "2022-01-10", None, ("TP03",)),
    "TP03_Fieldnotes_2022-03-02.txt": DataFile("TP03_Fieldnotes_2022-03-02.txt", FAMILY, "Fieldnotes", "2022-03-02", None, ("TP03", "TPR3")),
    "TP04_Interview1.txt": DataFile("TP04_Interview1.txt", FAMILY, "Interview", "2022-05-20", None, ("TP04",)),
    "TS1_Interview_TPR2.txt": DataFile("TS1_Interview_TPR2.txt", SERVICES, "Interview", "2022-04-01", None, ("TS1", "TPR2")),
}


def registry() -> Graph:
    graph = Graph()
    service = graph.add_entity(Entity("TS1", "service", "Riverside Recovery Service"))
    service.set("service_type", "drug-treatment")
    for pid, name, role in (("TP01", "Morag", "mother"), ("TP02", "Darren", "father"), ("TP03", "Lisa", "mother"),
                            ("TP04", "Shona", "mother")):
        parent = graph.add_entity(Entity(pid, "parent", name))
        parent.set("role", role)
    graph.add_entity(Entity("TP04-partner", "person"))  # the registry knows Shona has a partner, not his name
    graph.relate("partner", "TP04", "TP04-partner", origin="descriptor")
    unnamed = graph.add_entity(Entity("TP04-C1", "child"))
    unnamed.set("age", 12)
    unnamed.set("age_group", "0-16")
    graph.relate("parent-of", "TP04", "TP04-C1", origin="descriptor")
    for cid, parent, name, sex, age in (("TP01-C1", "TP01", "Callum", "male", 9), ("TP02-C1", "TP02", "Jayden", "male", 7),
                                        ("TP03-C1", "TP03", "Chloe", "female", 6)):
        child = graph.add_entity(Entity(cid, "child", name))
        child.set("sex", sex)
        child.set("age", age)
        child.set("age_group", "0-16")
        graph.relate("parent-of", parent, cid, origin="descriptor")
    for pid, name, title in (("TPR1", "Dougie", "Recovery worker"), ("TPR2", "Pauline", "Family support worker"),
                             ("TPR3", "Fiona", "Nurse")):
        person = graph.add_entity(Entity(pid, "professional", name))
        person.set("role_title", title)
    graph.relate("works-at", "TPR1", "TS1", origin="descriptor")
    graph.files.update(FILES)
    return graph


@pytest.fixture(scope="module")
def graph() -> Graph:
    graph = registry()
    extract_text_facts(graph, dict(TEXTS), FILES)
    return graph


def care(graph: Graph, child: str, *, current: bool | None = True) -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("care", source=child) if current is None or r.current is current}


def contact(graph: Graph, child: str) -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("contact", target=child) if r.current}


def pairs(graph: Graph, kind: str) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in graph.relations_of(kind) if r.current}


def test_scots_kin_terms_are_read_relative_to_the_speaker(graph: Graph) -> None:
    assert care(graph, "TP01-C1") == {"kinship-care"}
    rel = next(graph.relations_of("care", source="TP01-C1"))
    assert rel.attrs["carer"] == "maternal grandmother" and rel.date == "2022-01-12"


def test_negation_keeps_a_denied_arrangement_out(graph: Graph) -> None:
    assert "foster-care" not in care(graph, "TP01-C1", current=None)


def test_a_child_only_in_the_text_is_minted_once(graph: Graph) -> None:
    kids = [r.target for r in graph.relations_of("parent-of", source="TP01")]
    assert sorted(kids) == ["TP01-C1", "TP01-C2"]
    ava = graph.entities["TP01-C2"]
    assert ava.label == "Ava" and ava.get("age") == 4 and ava.get("age_group") == "0-16" and ava.get("sex") == "female"


def test_hypotheticals_and_fears_give_no_care(graph: Graph) -> None:
    assert not care(graph, "TP01-C2", current=None) - {"with-parent"}
    assert "foster-care" not in care(graph, "TP02-C1", current=None)


def test_contact_answer_is_about_the_child_asked_about(graph: Graph) -> None:
    assert contact(graph, "TP01-C1") == {"regular-contact"}


def test_other_parent_and_shared_care(graph: Graph) -> None:
    assert care(graph, "TP02-C1") == {"with-mother"}
    assert contact(graph, "TP02-C1") == {"coparenting"}


def test_an_ended_arrangement_is_history_with_its_date(graph: Graph) -> None:
    history = [r for r in graph.relations_of("care", source="TP02-C1") if not r.current]
    assert [(r.attrs["arrangement"], r.attrs["carer"], r.date) for r in history] == [("kinship-care", "paternal great-grandmother", "2022-02-03")]


def test_a_later_text_changes_the_arrangement(graph: Graph) -> None:
    assert care(graph, "TP03-C1") == {"with-parent"}
    old = [r for r in graph.relations_of("care", source="TP03-C1") if not r.current]
    assert [(r.attrs["arrangement"], r.date) for r in old] == [("kinship-care", "2022-01-10")]
    now = next(r for r in graph.relations_of("care", source="TP03-C1") if r.current)
    assert now.date == "2022-03-02" and all(ev.speaker == "researcher" for ev in now.evidence)


def test_partners_from_statement_and_confirmed_question(graph: Graph) -> None:
    assert graph.entities["TP02-partner"].label == "Sharon"
    assert graph.entities["TP03-partner"].label == "Marcus"
    quote = next(graph.relations_of("partner", source="TP03")).evidence[0].quote
    assert quote.startswith("Is Marcus your boyfriend?") and quote.endswith("three years now.")


def test_works_with_from_both_sides_but_not_from_denials(graph: Graph) -> None:
    ww = pairs(graph, "works-with")
    assert ("TPR1", "TP01") in ww and ("TPR2", "TP01") in ww
    assert ("TPR2", "TP02") not in ww


def test_engagement_is_first_person_and_not_negated(graph: Graph) -> None:
    engaged = pairs(graph, "engages-with")
    assert ("TP01", "TS1") in engaged and ("TP02", "TS1") not in engaged


def test_works_at_from_a_fieldnote(graph: Graph) -> None:
    assert ("TPR3", "TS1") in pairs(graph, "works-at")


def test_generic_talk_gives_nothing_about_participants(graph: Graph) -> None:
    generic = [ev for r in graph.relations.values() for ev in r.evidence if "Speaking generally" in ev.quote or "Most have" in ev.quote]
    assert generic == []


def test_a_household_list_names_the_partner_and_an_age_names_a_child(graph: Graph) -> None:
    assert graph.entities["TP04-partner"].label == "Gordon"
    assert graph.entities["TP04-C1"].label == "Kayleigh"
    assert [r.target for r in graph.relations_of("parent-of", source="TP04")] == ["TP04-C1"]  # a pal's age mints nobody


def test_me_mum_is_my_mum_not_with_me(graph: Graph) -> None:
    rels = [(r.attrs["arrangement"], r.attrs.get("carer"), r.current) for r in graph.relations_of("care", source="TP04-C1")]
    assert rels == [("kinship-care", "maternal grandmother", False)]


def test_every_text_evidence_is_an_exact_span(graph: Graph) -> None:
    for rel in graph.relations.values():
        for ev in rel.evidence:
            text = TEXTS[ev.file]
            assert text[ev.start : ev.end] == ev.quote
            assert text.count("\n", 0, ev.start) + 1 == ev.line_start
            assert ev.date == FILES[ev.file].date


def test_a_stay_back_then_is_history_and_home_is_now() -> None:
    graph = registry()
    text = "Date: 2022-06-01\nType: Interview\n\nINT: And Jayden?\nDarren: He stayed at my mum's for a few months back in 2019, but he's been home wi' me ever since.\n"
    files = {"TP02_Interview9.txt": DataFile("TP02_Interview9.txt", FAMILY, "Interview", "2022-06-01", None, ("TP02",))}
    extract_text_facts(graph, {"TP02_Interview9.txt": text}, files)
    assert care(graph, "TP02-C1") == {"with-parent"}
    assert care(graph, "TP02-C1", current=False) == {"kinship-care"}
