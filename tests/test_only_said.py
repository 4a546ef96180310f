"""What was only said never becomes a current fact; contact is read in every phrasing.

Each sentence type (a negation with an exception inside it, hypotheticals and
plans, fears, past arrangements, questions, professionals' generic talk,
counterfactuals) is checked against a control: the same words without the cue
give the fact, so each test can fail. The names and phrasings are in no devset.
"""

from __future__ import annotations

import pytest

from graphkit.extract.texts import extract_text_facts
from graphkit.model import DataFile, Entity, Graph

FILE = "TS01_Interview1.txt"


def registry(baseline: str | None = None) -> Graph:
    """Perpetua (a mother) and her son Caspian, 9; Wilfred is a family support worker."""
    graph = Graph()
    graph.add_entity(Entity("TS01", "parent", "Perpetua")).set("role", "mother")
    child = graph.add_entity(Entity("TS01-C1", "child", "Caspian"))
    child.set("sex", "male")
    child.set("age", 9)
    child.set("age_group", "0-16")
    graph.relate("parent-of", "TS01", "TS01-C1", origin="descriptor")
    if baseline:
        graph.relate("care", "TS01-C1", "TS01", arrangement=baseline, origin="descriptor")
    graph.add_entity(Entity("TSP1", "professional", "Wilfred")).set("role_title", "Family support worker")
    return graph


def said(answer: str, *, question: str = "And Caspian?", speaker: str = "Perpetua", baseline: str | None = None,
         ids: tuple[str, ...] = ("TS01",)) -> Graph:
    graph = registry(baseline)
    files = {FILE: DataFile(FILE, "Parent/Family", "Interview", "2023-10-10", None, ids)}
    graph.files.update(files)
    extract_text_facts(graph, {FILE: f"INT: {question}\n{speaker}: {answer}\n"}, files)
    return graph


def care_now(graph: Graph) -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("care", source="TS01-C1") if r.current and r.attrs.get("origin") != "descriptor"}


def contact_now(graph: Graph) -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("contact", target="TS01-C1") if r.current}


# (only said, control: the same fact stated, the arrangement the control gives)
ONLY_SAID = {
    "negation with an exception": ("Caspian's never been away from me, except at my sister's for the odd weekend.",
                                   "Caspian stays at my sister's.", "kinship-care"),
    "exception without a negation": ("He's here all week apart from at his gran's on a Friday.",
                                     "He's at his gran's on a Friday.", "kinship-care"),
    "hypothetical": ("If anything happened to me, Caspian would go to my sister's.", "Caspian went to my sister's.", "kinship-care"),
    "hope": ("I'm hoping he'll come home by the spring.", "He's come home.", "with-parent"),
    "plan": ("The plan is for Caspian to move to my sister's.", "Caspian moved to my sister's.", "kinship-care"),
    "while meaning until": ("Caspian stays in foster care while he's sixteen, the panel says.", "Caspian stays in foster care, the panel says.",
                            "foster-care"),
    "counterfactual": ("Caspian'd still be living with me if I hadn't relapsed.", "Caspian's still living with me.", "with-parent"),
    "fear": ("I'm terrified they'll put Caspian in foster care.", "They put Caspian in foster care.", "foster-care"),
    "Scots fear": ("I was feart they'd take Caspian into care.", "They took Caspian into care.", "foster-care"),
    "question": ("Is Caspian in foster care? Not at all.", "Caspian is in foster care.", "foster-care"),
}


@pytest.mark.parametrize("kind", sorted(ONLY_SAID))
def test_what_was_only_said_is_not_the_current_arrangement(kind: str) -> None:
    sentence, control, arrangement = ONLY_SAID[kind]
    assert arrangement in care_now(said(control)), f"control for {kind} should give {arrangement}"
    assert arrangement not in care_now(said(sentence))


def test_a_past_arrangement_is_history() -> None:
    graph = said("Caspian used to live with my sister, when he was wee.")
    rels = [(r.attrs["arrangement"], r.current) for r in graph.relations_of("care", source="TS01-C1")]
    assert rels == [("kinship-care", False)]


def test_used_to_see_him_but_not_now_is_no_contact_now() -> None:
    graph = said("I used to see him every Saturday but no' now.", question="Do you see Caspian?", baseline="foster-care")
    assert contact_now(graph) == {"no-contact"}
    graph = said("I used to see him every Saturday.", question="Do you see Caspian?", baseline="foster-care")
    assert "no-contact" not in contact_now(graph) and "regular-contact" not in contact_now(graph)


GENERIC = "Say you've got a dad on a script. His son's in foster care and he sees him at the family centre."
NAMED = "Perpetua's been on a script for years. Her son's in foster care and she sees him at the family centre."


def test_a_professionals_worked_example_names_nobody() -> None:
    control = said(NAMED, question="Tell me about the families.", speaker="Wilfred", ids=("TS01", "TSP1"))
    assert "foster-care" in care_now(control) and contact_now(control) == {"supervised-contact"}
    graph = said(GENERIC, question="Tell me about the families.", speaker="Wilfred", ids=("TS01", "TSP1"))
    assert care_now(graph) == set() and contact_now(graph) == set()


def test_caseload_talk_names_nobody() -> None:
    graph = said("Half my families have the weans with a nan. Caspian's one of them, he's in foster care.",
                 question="Tell me about the families.", speaker="Wilfred", ids=("TS01", "TSP1"))
    assert care_now(graph) == {"foster-care"}  # the named child only
    graph = said("Half my families have their kids in foster care.", question="Tell me about the families.", speaker="Wilfred",
                 ids=("TS01", "TSP1"))
    assert care_now(graph) == set()


CONTACT = [
    ("He comes to me every second weekend.", "regular-contact"),
    ("Caspian comes for his tea every Thursday.", "regular-contact"),
    ("I have him every Sat, ten till four.", "regular-contact"),
    ("Twice a month, at the bowling.", "regular-contact"),
    ("We do alternate weeks, me and his dad.", "coparenting"),
    ("He's split between the two houses.", "coparenting"),
    ("It's shared care, his dad and me.", "coparenting"),
    ("He has overnights here, Wednesdays and Saturdays.", "coparenting"),
    ("I see him at the family centre on a Monday.", "supervised-contact"),
    ("Once a fortnight at the contact centre.", "supervised-contact"),
    ("I see him at his gran's, supervised by her.", "supervised-contact"),
    ("An hour a week with a worker present.", "supervised-contact"),
    ("Letterbox, once a year.", "indirect-contact"),
    ("Texts and calls only.", "indirect-contact"),
    ("We do video calls on a Sunday.", "indirect-contact"),
    ("Phone contact, that's all they allow.", "indirect-contact"),
    ("No contact since the court case.", "no-contact"),
    ("He refuses to see me.", "no-contact"),
    ("It stopped when I went back on the gear.", "no-contact"),
    ("I've not seen him for three years.", "no-contact"),
]


@pytest.mark.parametrize("answer, family", CONTACT)
def test_contact_in_every_phrasing(answer: str, family: str) -> None:
    assert contact_now(said(answer, question="Do you see Caspian?", baseline="foster-care")) == {family}


def test_contact_with_a_child_who_lives_here_is_no_row() -> None:
    assert contact_now(said("He comes to me every second weekend.", question="Do you see Caspian?", baseline="with-parent")) == set()


def test_a_home_and_a_visit_in_one_sentence_are_both_read() -> None:
    graph = said("Caspian lives with his dad up the glen, but every second weekend he's here wi' me.", question="Where's Caspian living?")
    assert care_now(graph) == {"with-father"} and contact_now(graph) == {"regular-contact"}


def test_a_workers_own_visits_are_not_contact() -> None:
    answer = "Caspian's in foster care, and I've been going round to Perpetua every Thursday since."
    graph = said(answer, question="Tell me about the families.", speaker="Wilfred", ids=("TS01", "TSP1"))
    assert care_now(graph) == {"foster-care"} and contact_now(graph) == set()
    graph = said("Caspian's in foster care, and Perpetua sees him every Thursday.", question="Tell me about the families.",
                 speaker="Wilfred", ids=("TS01", "TSP1"))
    assert contact_now(graph) == {"regular-contact"}


def test_an_unknown_child_is_not_the_child_talked_about_before() -> None:
    answer = "Caspian's in foster care. Ptolemy's twenty-five, he's in the city somewhere. We've nae contact."
    graph = said(answer, question="Tell me about your children.")
    assert care_now(graph) == {"foster-care"} and contact_now(graph) == set()
    graph = said("Caspian's in foster care. We've nae contact.", question="Tell me about your children.")
    assert contact_now(graph) == {"no-contact"}
