"""Which arrangement is current: dated texts, in date order, replace what was said before.

A small registry is built by hand (no descriptor parsing) and files written
for these tests are read; the names, places and phrasings are in no devset.
Each test says what the later text changes and what stays as dated history.
"""

from __future__ import annotations

import pytest

from graphkit.extract.texts import extract_text_facts
from graphkit.extract.timeline import name_date
from graphkit.model import DataFile, Entity, Graph

FAMILY = "Parent/Family"


def registry() -> Graph:
    """Rosalind and Torquil (a couple, both taking part) share Osian and Ffion; Bronwen has Niamh; Hamish has Rufus and Juno."""
    graph = Graph()
    for pid, name, role in (("TR01", "Rosalind", "mother"), ("TR02", "Torquil", "father"), ("TR03", "Bronwen", "mother"),
                            ("TR04", "Hamish", "father")):
        graph.add_entity(Entity(pid, "parent", name)).set("role", role)
    graph.relate("partner", "TR01", "TR02", origin="descriptor")
    for cid, parents, name, sex, age, group in (("TR01-C1", ("TR01", "TR02"), "Osian", "male", 6, "0-16"),
                                                 ("TR01-C2", ("TR01", "TR02"), "Ffion", "female", 3, "0-16"),
                                                 ("TR03-C1", ("TR03",), "Niamh", "female", 10, "0-16"),
                                                 ("TR04-C1", ("TR04",), "Rufus", "male", 18, "over-16"),
                                                 ("TR04-C2", ("TR04",), "Juno", "female", 7, "0-16")):
        child = graph.add_entity(Entity(cid, "child", name))
        child.set("sex", sex)
        child.set("age", age)
        child.set("age_group", group)
        for parent in parents:
            graph.relate("parent-of", parent, cid, origin="descriptor")
    graph.relate("care", "TR01-C1", "TR01", arrangement="with-parent", carer="TR01", origin="descriptor")
    graph.relate("care", "TR01-C2", "TR01", arrangement="with-parent", carer="TR01", origin="descriptor")
    return graph


def run(texts: dict[str, str], files: dict[str, DataFile], graph: Graph | None = None) -> Graph:
    graph = graph or registry()
    graph.files.update(files)
    extract_text_facts(graph, texts, files)
    return graph


def care(graph: Graph, child: str, parent: str | None = None, *, current: bool = True) -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("care", source=child, target=parent) if r.current is current}


def contact(graph: Graph, child: str, parent: str | None = None) -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("contact", source=parent, target=child) if r.current}


def interview(name: str, date: str | None, ids: tuple[str, ...], kind: str = "Interview") -> DataFile:
    return DataFile(name, FAMILY, kind, date, None, ids)


# The misreading of the issue: a later fieldnote says the children moved to a grandparent under a kinship
# arrangement; that became a contact fact and the children stayed "with-parent".
COUPLE = {
    "TR01_TR02_Joint.txt": (
        "INT: Who lives here?\n"
        "Rosalind: Me, Torquil, and the two bairns, Osian and Ffion. They're both at home with us.\n"
    ),
    "TR01_TR02_Visit.txt": (
        "A changed household since the summer: Osian and Ffion are no longer living in the flat. After a case conference "
        "in November the two of them went to live with Torquil's mum under a kinship arrangement. "
        "Rosalind and Torquil see the children on Tuesdays and Fridays at Torquil's mum's bungalow. "
        "Torquil's mum has to supervise; the panel made it a condition.\n"
    ),
}
COUPLE_FILES = {
    "TR01_TR02_Joint.txt": interview("TR01_TR02_Joint.txt", "2023-06-02", ("TR01", "TR02")),
    "TR01_TR02_Visit.txt": interview("TR01_TR02_Visit.txt", "2024-01-19", ("TR01", "TR02"), "Fieldnotes"),
}


@pytest.fixture(scope="module")
def couple() -> Graph:
    return run(dict(COUPLE), COUPLE_FILES)


@pytest.mark.parametrize("child", ["TR01-C1", "TR01-C2"])
@pytest.mark.parametrize("parent", ["TR01", "TR02"])
def test_a_later_fieldnote_moving_children_to_a_grandparent_changes_their_care(couple: Graph, child: str, parent: str) -> None:
    assert care(couple, child, parent) == {"kinship-care"}
    now = next(r for r in couple.relations_of("care", source=child, target=parent) if r.current)
    assert now.date == "2024-01-19" and now.attrs.get("carer") == "paternal grandmother"


@pytest.mark.parametrize("child", ["TR01-C1", "TR01-C2"])
def test_the_earlier_home_stays_as_dated_history(couple: Graph, child: str) -> None:
    history = [(r.attrs["arrangement"], r.date) for r in couple.relations_of("care", source=child, target="TR01") if not r.current]
    assert ("with-parent", "2023-06-02") in history


@pytest.mark.parametrize("child", ["TR01-C1", "TR01-C2"])
@pytest.mark.parametrize("parent", ["TR01", "TR02"])
def test_visits_at_the_grandparents_are_supervised_contact_not_care(couple: Graph, child: str, parent: str) -> None:
    assert contact(couple, child, parent) == {"supervised-contact"}
    quotes = [ev.quote for r in couple.relations_of("contact", target=child) for ev in r.evidence]
    assert not any("went to live with" in q for q in quotes)


def test_a_return_home_dated_by_its_file_name_replaces_foster_care() -> None:
    texts = {
        "TR03_Interview1.txt": "INT: And Niamh?\nBronwen: Niamh's in foster care, has been since the spring.\n",
        "TR03_Fieldnotes_Nov23.txt": "Big news at the door: Niamh has been hame since the October holidays, and Bronwen has her bedroom painted.\n",
    }
    files = {"TR03_Interview1.txt": interview("TR03_Interview1.txt", "2023-05-04", ("TR03",)),
             "TR03_Fieldnotes_Nov23.txt": interview("TR03_Fieldnotes_Nov23.txt", None, ("TR03",), "Fieldnotes")}
    graph = run(texts, files)
    assert care(graph, "TR03-C1") == {"with-parent"}
    assert care(graph, "TR03-C1", current=False) == {"foster-care"}
    now = next(r for r in graph.relations_of("care", source="TR03-C1") if r.current)
    assert now.date == "2023-11" and all(ev.date == "2023-11" for ev in now.evidence)


def test_texts_are_ordered_by_date_not_by_file_name() -> None:
    texts = {  # "A" sorts first by name but was written last
        "TR04_A_Interview.txt": "INT: Where is Juno now?\nHamish: Juno's back living with me, full time.\n",
        "TR04_B_Interview.txt": "INT: Where is Juno?\nHamish: Juno lives with her mum in the town.\n",
    }
    files = {"TR04_A_Interview.txt": interview("TR04_A_Interview.txt", "2024-02-11", ("TR04",)),
             "TR04_B_Interview.txt": interview("TR04_B_Interview.txt", "2023-03-09", ("TR04",))}
    graph = run(texts, files)
    assert care(graph, "TR04-C2") == {"with-parent"}
    assert care(graph, "TR04-C2", current=False) == {"with-mother"}


def test_an_undated_text_never_overrides_a_dated_one() -> None:
    texts = {
        "TR04_Interview2.txt": "INT: Where is Juno?\nHamish: Juno lives with her mum in the town.\n",
        "TR04_Notes.txt": "INT: And Juno?\nHamish: Juno's in foster care.\n",
    }
    files = {"TR04_Interview2.txt": interview("TR04_Interview2.txt", "2023-03-09", ("TR04",)),
             "TR04_Notes.txt": interview("TR04_Notes.txt", None, ("TR04",))}
    graph = run(texts, files)
    assert care(graph, "TR04-C2") == {"with-mother"}


def test_a_placement_that_broke_down_gives_way_to_the_next_one() -> None:
    texts = {
        "TR03_Interview1.txt": "INT: And Niamh?\nBronwen: Niamh's in foster care out at the coast.\n",
        "TR03_Interview2.txt": "INT: Where's Niamh staying?\nBronwen: Her foster placement broke down. They moved her to a residential unit in the city.\n",
    }
    files = {"TR03_Interview1.txt": interview("TR03_Interview1.txt", "2023-05-04", ("TR03",)),
             "TR03_Interview2.txt": interview("TR03_Interview2.txt", "2023-09-30", ("TR03",))}
    graph = run(texts, files)
    assert care(graph, "TR03-C1") == {"residential-care"}
    assert care(graph, "TR03-C1", current=False) == {"foster-care"}


def test_an_older_child_moving_out_is_independent_now() -> None:
    texts = {
        "TR04_Interview1.txt": "INT: Who's at home?\nHamish: Rufus. He's still living with me, eats me out of house and home.\n",
        "TR04_Fieldnotes_2024-03-01.txt": "Hamish told me Rufus has moved out: he is sharing a flat with a pal near the depot.\n",
    }
    files = {"TR04_Interview1.txt": interview("TR04_Interview1.txt", "2023-11-20", ("TR04",)),
             "TR04_Fieldnotes_2024-03-01.txt": interview("TR04_Fieldnotes_2024-03-01.txt", None, ("TR04",), "Fieldnotes")}
    graph = run(texts, files)
    assert care(graph, "TR04-C1") == {"independent"}
    assert care(graph, "TR04-C1", current=False) == {"with-parent"}


def test_a_birth_in_a_later_note_is_a_child_at_home() -> None:
    graph = registry()
    baby = graph.add_entity(Entity("TR03-C2", "child", "Winifred"))
    baby.set("age_group", "0-16")
    graph.relate("parent-of", "TR03", "TR03-C2", origin="text")
    texts = {"TR03_Fieldnotes.txt": "Winifred was born on 2 March, a week early. She went home with Bronwen after four days on the ward.\n"}
    files = {"TR03_Fieldnotes.txt": interview("TR03_Fieldnotes.txt", "2024-03-20", ("TR03",), "Fieldnotes")}
    graph = run(texts, files, graph)
    assert care(graph, "TR03-C2") == {"with-parent"}


@pytest.mark.parametrize("name, date", [
    ("TR05_Fieldnotes_2023-04-18.txt", "2023-04-18"), ("TR05 Visit 20230418.docx", "2023-04-18"),
    ("TR05_Visit_18.04.2023.txt", "2023-04-18"), ("TR05_Interview_Apr23.txt", "2023-04"), ("TR05 notes Sept 2022.odt", "2022-09"),
    ("TR05_Interview1.txt", None), ("Marigold_2023.txt", None), ("TR05_2023-02-31.txt", None),
])
def test_a_file_name_gives_a_date(name: str, date: str | None) -> None:
    assert name_date(name) == date


def test_an_adult_child_living_with_a_partner_is_independent() -> None:
    texts = {"TR04_Interview3.txt": "INT: And Rufus?\nHamish: Rufus is nineteen now, he's in the city with his girlfriend.\n"}
    files = {"TR04_Interview3.txt": interview("TR04_Interview3.txt", "2024-05-09", ("TR04",))}
    assert care(run(texts, files), "TR04-C1") == {"independent"}


def test_a_placement_said_to_have_broken_down_is_not_current_and_the_gap_is_reported() -> None:
    graph = registry()
    graph.relate("care", "TR03-C1", "TR03", arrangement="kinship-care", carer="maternal aunt", origin="descriptor")
    texts = {"TR03_Debrief.txt": "INT: How are things?\nBronwen: Niamh's placement with her auntie broke down in the spring.\n"}
    files = {"TR03_Debrief.txt": interview("TR03_Debrief.txt", "2024-04-30", ("TR03",))}
    graph = run(texts, files, graph)
    assert care(graph, "TR03-C1") == set() and care(graph, "TR03-C1", current=False) == {"kinship-care"}
    assert any("TR03-C1" in p.what and p.where.startswith("TR03_Debrief.txt") for p in graph.problems)
