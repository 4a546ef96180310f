"""Children met in speech, in words written for these tests (no devset holds these names or phrasings).

The registry holds the parents and no children (as when each descriptor is
one line): every child comes from the way a parent talks about it -- bit by
bit, pronoun before name, an age corrected, a nickname, a brother or sister
of a child already named -- and the children that are someone else's (a
partner's, a pal's, a neighbour's, a grandchild) are never minted.
"""

from __future__ import annotations

import pytest

from graphkit.extract.texts import extract_text_facts
from graphkit.model import DataFile, Entity, Graph

FAMILY = "Parent/Family"
SERVICES = "Services/Professionals"

TEXTS = {
    "QP01_Interview1.txt": (
        "Date: 2022-03-01\nType: Interview\n\n"
        "INT: Who's in the family, then?\n"
        "WILMA: It's three I've got. Our Torin, he's twelve. No, what am I saying, he's thirteen, he was thirteen at Hogmanay. "
        "Then there's the wee yin, she's at the nursery the now.\n"
        "INT: The wee yin?\n"
        "WILMA: Effie. She's four, and she runs the hoose.\n"
        "INT: And the third?\n"
        "WILMA: Struan. Strewie, everybody calls him that. He's sixteen, he bides wi' his faither.\n"
        "INT: Does your man have weans of his own?\n"
        "WILMA: Aye, he's got Kerris fae before. She's seven. She comes every other weekend, but she's no' mine, she's Shug's.\n"
        "INT: So Rowan's ten now?\n"
        "WILMA: My pal Aggie's lassie, Orla, she's six, she's never oot ma hoose. The lad next door, Kacper, he's eleven, he's aye round here.\n"
        "WILMA: And there's my Torin's wee one, Lowrie, he's two, so I'm a granny already.\n"
        "INT: Does Strewie come round?\n"
        "WILMA: Strewie comes every Sunday for his dinner.\n"
    ),
    "QP02_Interview1.txt": (
        "Date: 2022-03-02\nType: Interview\n\n"
        "INT: Tell me about your family.\n"
        "GWILYM: The eldest, he'd be nineteen now. Nineteen, aye, born the year we moved. Aled.\n"
        "GWILYM: Then there's Ffion. She's eleven. Aled's got a little girl himself, Heulwen, she's one, so I'm a grandad.\n"
        "INT: You said three.\n"
        "GWILYM: Bethan's Ffion's sister. She's six.\n"
    ),
    "QP03_QP04_JointInterview.txt": (
        "Date: 2022-03-03\nType: Joint interview\n\n"
        "INT: Who stays here?\n"
        "SENGA: Me, him and the two weans. Innes is five, and the baby's ten month. Peigi.\n"
        "INT: Are Innes and Peigi both yours together?\n"
        "RODDY: Aye, both ours.\n"
        "RODDY: Eh've a laddie fae before an' a'. Calum. He's fourteen, he bides wi' his mam.\n"
    ),
    "QP06_QF01_Interview.txt": (
        "Date: 2022-03-04\nType: Family interview\n\n"
        "INT: Tell me about Sorcha.\n"
        "JINTY: Sorcha's my oldest, she's twenty-four. She has her own flat now, up the toon.\n"
        "INT: And the wean?\n"
        "JINTY: My youngest. Lorcan. He's eight. He stays with Sorcha, she's his kinship carer.\n"
    ),
    "QP07_Fieldnotes_2022-05-20.txt": (
        "Second visit to Carys. Tegwen was born on 2 May, a week early, and is doing well; she was asleep the whole visit. "
        "Her sister's wee boy, Ishaan, was born in the spring too.\n"
    ),
    "QP08_Interview1.txt": (
        "Date: 2022-02-01\nType: Interview\n\n"
        "INT: How is Finlay?\n"
        "NESSA: Finlay's grand. He's at home wi' me.\n"
    ),
    "QP09_Interview1.txt": (
        "Date: 2022-03-05\nType: Interview\n\n"
        "INT: And the weekends?\n"
        "GRAEME: Finlay sees his mum every Saturday at the family centre.\n"
    ),
    "QP10_Interview1.txt": (
        "Date: 2022-03-07\nType: Interview\n\n"
        "INT: Tell me about the boys.\n"
        "DOUGAL: Ewart's ten and Lennox is seven, and the pair o' them never stop.\n"
    ),
    "QP11_Interview1.txt": (
        "Date: 2022-03-08\nType: Interview\n\n"
        "INT: Who lives with you, then?\n"
        "BRYN: Just me and the two kids at home. There's the little one, she's in the juniors. And our Gethin, he's nine.\n"
        "INT: The little one?\n"
        "BRYN: Cadi. She's six, going on forty.\n"
        "BRYN: Then there's Lowri and Dafydd. Different mam, Sian. Lowri's twelve, Dafydd's ten. They live with Sian up the valley.\n"
    ),
    "QP12_Interview1.txt": (
        "Date: 2022-03-09\nType: Interview\n\n"
        "INT: How many children have you got?\n"
        "KENNA: I've got two boys. Brennan's fourteen year old and Keir, aged six, is the baby of the house.\n"
    ),
    "QP13_Interview1.txt": (
        "Date: 2022-03-10\nType: Interview\n\n"
        "INT: Tell me about your family.\n"
        "MOIRA: Just the one, Isla. She's three and she rules the roost.\n"
    ),
    "QP14_Interview1.txt": (
        "Date: 2022-03-11\nType: Interview\n\n"
        "INT: Who lives with you?\n"
        "FERGUS: Me and Moira and the wean. Isla's three, she's the boss.\n"
    ),
    "QP15_Interview1.txt": (
        "Date: 2022-03-12\nType: Interview\n\n"
        "INT: Have you got any kids?\n"
        "HAMISH: I've got three. Marnie's seven. Her brother Torcuil, he's twelve. Then Bram, he's eight -- no, nine, he had his birthday last week.\n"
        "HAMISH: My brother Alec's forty and he's never had weans. Our Fenella's thirty-one, she's the clever one.\n"
    ),
    "QP12_Fieldnotes_2022-04-01.txt": (
        "Back to see Kenna. Brennan and Keir have been staying with Kenna's sister since the end of March, while she is in rehab.\n"
    ),
    "QP16_Interview1.txt": (
        "Date: 2022-03-13\nType: Interview\n\n"
        "INT: Tell me about your children.\n"
        "RHYS: The twins, Osian and Elin. They're seven. Both with their mam in Carmarthen. I have them Saturdays.\n"
    ),
    "QP16_Fieldnotes_2022-06-01.txt": (
        "First visit since the new baby. Iolo arrived at the end of April, two weeks early, and lives here with Rhys and his partner.\n"
    ),
    "QP17_Fieldnotes_2022-05-02.txt": (
        "Tomos and Nia were not at home.\n\n"
        "In April the social worker came round, and the children went to stay with Wynn's mother in the next village.\n"
    ),
    "QS1_Interview_QPR1.txt": (
        "Date: 2022-03-06\nType: Interview\n\n"
        "INT: Tell me about the families you see.\n"
        "JANET: Wilma's one of mine. Kenzie's eleven, she's doing grand at the school.\n"
    ),
}
FILES = {
    "QP01_Interview1.txt": DataFile("QP01_Interview1.txt", FAMILY, "Interview", "2022-03-01", None, ("QP01",)),
    "QP02_Interview1.txt": DataFile("QP02_Interview1.txt", FAMILY, "Interview", "2022-03-02", None, ("QP02",)),
    "QP03_QP04_JointInterview.txt": DataFile("QP03_QP04_JointInterview.txt", FAMILY, "Joint interview", "2022-03-03", None, ("QP03", "QP04")),
    "QP06_QF01_Interview.txt": DataFile("QP06_QF01_Interview.txt", FAMILY, "Family interview", "2022-03-04", None, ("QP06", "QF01")),
    "QP07_Fieldnotes_2022-05-20.txt": DataFile("QP07_Fieldnotes_2022-05-20.txt", FAMILY, "Fieldnotes", "2022-05-20", None, ("QP07",)),
    "QP08_Interview1.txt": DataFile("QP08_Interview1.txt", FAMILY, "Interview", "2022-02-01", None, ("QP08",)),
    "QP09_Interview1.txt": DataFile("QP09_Interview1.txt", FAMILY, "Interview", "2022-03-05", None, ("QP09",)),
    "QP10_Interview1.txt": DataFile("QP10_Interview1.txt", FAMILY, "Interview", "2022-03-07", None, ("QP10",)),
    "QP11_Interview1.txt": DataFile("QP11_Interview1.txt", FAMILY, "Interview", "2022-03-08", None, ("QP11",)),
    "QP12_Interview1.txt": DataFile("QP12_Interview1.txt", FAMILY, "Interview", "2022-03-09", None, ("QP12",)),
    "QP13_Interview1.txt": DataFile("QP13_Interview1.txt", FAMILY, "Interview", "2022-03-10", None, ("QP13",)),
    "QP14_Interview1.txt": DataFile("QP14_Interview1.txt", FAMILY, "Interview", "2022-03-11", None, ("QP14",)),
    "QP15_Interview1.txt": DataFile("QP15_Interview1.txt", FAMILY, "Interview", "2022-03-12", None, ("QP15",)),
    "QP12_Fieldnotes_2022-04-01.txt": DataFile("QP12_Fieldnotes_2022-04-01.txt", FAMILY, "Fieldnotes", "2022-04-01", None, ("QP12",)),
    "QP16_Interview1.txt": DataFile("QP16_Interview1.txt", FAMILY, "Interview", "2022-03-13", None, ("QP16",)),
    "QP16_Fieldnotes_2022-06-01.txt": DataFile("QP16_Fieldnotes_2022-06-01.txt", FAMILY, "Fieldnotes", "2022-06-01", None, ("QP16",)),
    "QP17_Fieldnotes_2022-05-02.txt": DataFile("QP17_Fieldnotes_2022-05-02.txt", FAMILY, "Fieldnotes", "2022-05-02", None, ("QP17",)),
    "QS1_Interview_QPR1.txt": DataFile("QS1_Interview_QPR1.txt", SERVICES, "Interview", "2022-03-06", None, ("QS1", "QPR1", "QP01")),
}


def registry() -> Graph:
    graph = Graph()
    graph.add_entity(Entity("QS1", "service", "Glenbervie Recovery Service"))
    for pid, name, role in (("QP01", "Wilma", "mother"), ("QP02", "Gwilym", "father"), ("QP03", "Senga", "mother"),
                            ("QP04", "Roddy", "father"), ("QP06", "Jinty", "mother"), ("QP07", "Carys", "mother"),
                            ("QP08", "Nessa", "mother"), ("QP09", "Graeme", "father"), ("QP10", "Dougal", "father"),
                            ("QP11", "Bryn", "father"), ("QP12", "Kenna", "mother"),
                            ("QP13", "Moira", "mother"), ("QP14", "Fergus", "father"),
                            ("QP15", "Hamish", "father"), ("QP16", "Rhys", "father"),
                            ("QP17", "Wynn", "father")):
        parent = graph.add_entity(Entity(pid, "parent", name))
        parent.set("role", role)
        parent.set("age_band", "30s")
    graph.add_entity(Entity("QF01", "family-member", "Sorcha"))
    graph.relate("relative-of", "QF01", "QP06", origin="descriptor")
    finlay = graph.add_entity(Entity("QP08-C1", "child", "Finlay"))
    finlay.set("age_group", "0-16")
    graph.relate("parent-of", "QP08", "QP08-C1", origin="descriptor")
    for number in (1, 2):  # "two sons" in a descriptor: nothing tells them apart
        boy = graph.add_entity(Entity(f"QP10-C{number}", "child"))
        boy.set("sex", "male")
        graph.relate("parent-of", "QP10", boy.id, origin="descriptor")
    graph.relate("partner", "QP13", "QP14", origin="descriptor")
    for number, name in ((1, "Tomos"), (2, "Nia")):  # a descriptor that names them
        child = graph.add_entity(Entity(f"QP17-C{number}", "child", name))
        child.set("age_group", "0-16")
        graph.relate("parent-of", "QP17", child.id, origin="descriptor")
    graph.add_entity(Entity("QPR1", "professional", "Janet"))
    graph.files.update(FILES)
    return graph


@pytest.fixture(scope="module")
def graph() -> Graph:
    graph = registry()
    extract_text_facts(graph, dict(TEXTS), FILES)
    return graph


def kids(graph: Graph, parent: str) -> dict[str, Entity]:
    return {graph.entities[r.target].label: graph.entities[r.target] for r in graph.relations_of("parent-of", source=parent)}


def care(graph: Graph, child: Entity) -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("care", source=child.id) if r.current}


def names_anywhere(graph: Graph) -> set[str]:
    return {e.label for e in graph.entities.values() if e.kind == "child"}


def test_a_corrected_age_is_the_age(graph: Graph) -> None:
    torin = kids(graph, "QP01")["Torin"]
    assert torin.get("age") == 13 and torin.get("sex") == "male"
    assert any("thirteen" in ev.quote for ev in torin.evidence["age"])


def test_a_description_is_named_a_turn_later(graph: Graph) -> None:
    effie = kids(graph, "QP01")["Effie"]
    assert effie.get("age") == 4 and effie.get("sex") == "female"


def test_a_nickname_is_the_same_child_and_later_mentions_find_it(graph: Graph) -> None:
    family = kids(graph, "QP01")
    assert set(family) == {"Torin", "Effie", "Struan"}
    struan = family["Struan"]
    assert struan.get("aliases") == ["Strewie"] and struan.get("age") == 16 and struan.get("age_group") == "0-16"
    assert {str(r.attrs["arrangement"]) for r in graph.relations_of("contact", target=struan.id)} == {"regular-contact"}


def test_a_partners_a_pals_a_neighbours_and_a_grandchild_are_not_minted(graph: Graph) -> None:
    assert not {"Kerris", "Orla", "Kacper", "Lowrie", "Heulwen", "Ishaan", "Rowan", "Kenzie"} & (names_anywhere(graph) - {"Lorcan"})
    assert "Lowrie" not in names_anywhere(graph)


def test_she_after_someone_elses_child_is_not_the_participants_child(graph: Graph) -> None:
    effie = kids(graph, "QP01")["Effie"]
    assert list(graph.relations_of("contact", target=effie.id)) == []


def test_pronoun_before_name_and_a_sibling_of_a_child_already_named(graph: Graph) -> None:
    family = kids(graph, "QP02")
    assert set(family) == {"Aled", "Ffion", "Bethan"}
    assert family["Aled"].get("age") == 19 and family["Aled"].get("age_group") == "over-16" and family["Aled"].get("sex") == "male"
    assert family["Bethan"].get("age") == 6


def test_a_child_both_partners_call_theirs_is_one_node(graph: Graph) -> None:
    senga, roddy = kids(graph, "QP03"), kids(graph, "QP04")
    assert set(senga) == {"Innes", "Peigi"} and set(roddy) == {"Innes", "Peigi", "Calum"}
    assert senga["Innes"].id == roddy["Innes"].id and senga["Peigi"].id == roddy["Peigi"].id
    assert senga["Peigi"].get("age") == 0 and roddy["Calum"].get("age") == 14


def test_a_participant_called_the_parents_child_is_that_child(graph: Graph) -> None:
    family = kids(graph, "QP06")
    sorcha = family["Sorcha"]
    assert sorcha.get("participant") == "QF01" and sorcha.get("age_group") == "over-16"
    assert care(graph, sorcha) == {"independent"}
    lorcan = next(r for r in graph.relations_of("care", source=family["Lorcan"].id) if r.current)
    assert lorcan.attrs["arrangement"] == "kinship-care" and lorcan.attrs["carer_id"] == "QF01"


def test_a_birth_in_a_familys_fieldnote_is_a_new_child(graph: Graph) -> None:
    tegwen = kids(graph, "QP07")["Tegwen"]
    assert tegwen.get("age") == 0 and tegwen.get("sex") == "female"
    assert set(kids(graph, "QP07")) == {"Tegwen"}


def test_no_child_from_a_workers_or_the_interviewers_words(graph: Graph) -> None:
    assert "Kenzie" not in names_anywhere(graph) and "Rowan" not in names_anywhere(graph)


def test_a_same_name_child_in_another_family_is_never_the_one_meant(graph: Graph) -> None:
    finlay = graph.entities["QP08-C1"]
    assert list(graph.relations_of("contact", target=finlay.id)) == []
    assert any(p.where.startswith("QP09_Interview1.txt") and "QP08-C1" in p.what for p in graph.problems)
    assert all(ev.file == "QP08_Interview1.txt" for r in graph.relations_of("care", source=finlay.id) for ev in r.evidence)


def test_children_nothing_tells_apart_take_the_names_in_turn(graph: Graph) -> None:
    family = kids(graph, "QP10")
    assert set(family) == {"Ewart", "Lennox"} and {c.id for c in family.values()} == {"QP10-C1", "QP10-C2"}
    assert family["Ewart"].get("age") == 10 and family["Lennox"].get("age") == 7


def test_the_children_counted_at_home_live_with_the_speaker(graph: Graph) -> None:
    family = kids(graph, "QP11")
    assert set(family) == {"Gethin", "Cadi", "Lowri", "Dafydd"}
    assert care(graph, family["Gethin"]) == {"with-parent"} and care(graph, family["Cadi"]) == {"with-parent"}


def test_a_child_living_with_the_other_parent_named_in_passing(graph: Graph) -> None:
    family = kids(graph, "QP11")
    assert care(graph, family["Lowri"]) == {"with-mother"} and care(graph, family["Dafydd"]) == {"with-mother"}
    assert "Sian" not in names_anywhere(graph)


def test_ages_in_years_old_and_aged(graph: Graph) -> None:
    family = kids(graph, "QP12")
    assert {name: child.get("age") for name, child in family.items()} == {"Brennan": 14, "Keir": 6}


def test_a_child_each_partner_names_in_their_own_interview_is_one_node(graph: Graph) -> None:
    moira, fergus = kids(graph, "QP13"), kids(graph, "QP14")
    assert set(moira) == set(fergus) == {"Isla"} and moira["Isla"].id == fergus["Isla"].id


def test_a_brother_of_a_child_is_a_child_and_a_bare_corrected_age_counts(graph: Graph) -> None:
    family = kids(graph, "QP15")
    assert {name: child.get("age") for name, child in family.items()} == {"Marnie": 7, "Torcuil": 12, "Bram": 9}  # not Fenella, 31
    assert family["Torcuil"].get("sex") == "male"


def test_a_fact_about_two_children_named_together_holds_for_each(graph: Graph) -> None:
    family = kids(graph, "QP12")
    assert care(graph, family["Brennan"]) == {"kinship-care"} and care(graph, family["Keir"]) == {"kinship-care"}


def test_they_after_two_names_is_both_children(graph: Graph) -> None:
    family = kids(graph, "QP16")
    assert family["Osian"].get("age") == 7 and family["Elin"].get("age") == 7
    assert care(graph, family["Osian"]) == {"with-mother"} and care(graph, family["Elin"]) == {"with-mother"}


def test_a_baby_that_arrived_is_a_birth_but_a_worker_who_arrived_is_not(graph: Graph) -> None:
    iolo = kids(graph, "QP16")["Iolo"]
    assert iolo.get("age") == 0 and iolo.get("age_group") == "0-16"
    assert "Janet" not in names_anywhere(graph)


def test_the_children_after_two_names_are_both_of_them(graph: Graph) -> None:
    family = kids(graph, "QP17")
    assert care(graph, family["Tomos"]) == {"kinship-care"} and care(graph, family["Nia"]) == {"kinship-care"}
