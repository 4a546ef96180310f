"""Kin chains in running text are resolved by composition (graphkit/extract/kin.py), named from the child's side.

"he's at my ex's sister's" said by a mother is the child's paternal aunt; the same words said by a father
name the maternal aunt, so each test can fail on the side as well as the arrangement. The flat kin table the
text rules once read had no chains: none of these phrasings gave an arrangement. Names are in no devset.
"""

from __future__ import annotations

import pytest

from graphkit.extract.texts import extract_text_facts
from graphkit.model import DataFile, Entity, Graph

FILE = "TK01_Interview1.txt"


def said(answer: str, role: str) -> Graph:
    """Ottoline/Barnaby (a mother or a father) telling where their son Peregrine, 7, lives."""
    graph = Graph()
    speaker = "Ottoline" if role == "mother" else "Barnaby"
    graph.add_entity(Entity("TK01", "parent", speaker)).set("role", role)
    child = graph.add_entity(Entity("TK01-C1", "child", "Peregrine"))
    child.set("sex", "male")
    child.set("age", 7)
    child.set("age_group", "0-16")
    graph.relate("parent-of", "TK01", "TK01-C1", origin="descriptor")
    files = {FILE: DataFile(FILE, "Parent/Family", "Interview", "2024-02-14", None, ("TK01",))}
    graph.files.update(files)
    extract_text_facts(graph, {FILE: f"INT: Where's Peregrine living now?\n{speaker}: {answer}\n"}, files)
    return graph


def care_now(graph: Graph) -> set[tuple[str, str]]:
    return {(str(r.attrs["arrangement"]), str(r.attrs.get("carer"))) for r in graph.relations_of("care", source="TK01-C1")
            if r.current and r.attrs.get("origin") != "descriptor"}


@pytest.mark.parametrize("role, answer, expected", [
    # the speaker's ex is the child's other parent: the ex's sister is an aunt on that parent's side
    ("mother", "Peregrine's at my ex's sister's in Kettering these days.", ("kinship-care", "paternal aunt")),
    ("father", "Peregrine's at my ex's sister's in Kettering these days.", ("kinship-care", "maternal aunt")),
    # owned by the child: "his dad's mum" is the father's mother, whoever is speaking
    ("mother", "Peregrine stays with his dad's mum in Ripon.", ("kinship-care", "paternal grandmother")),
    # owned by the speaker, two steps: a mother's mother's brother is the child's maternal great-uncle
    ("mother", "Peregrine lives with my mum's brother out past Ripon.", ("kinship-care", "maternal great-uncle")),
])
def test_a_kin_chain_in_speech_is_named_from_the_child(role: str, answer: str, expected: tuple[str, str]) -> None:
    assert care_now(said(answer, role)) == {expected}


def test_a_chain_ending_in_a_parents_partner_gives_no_arrangement() -> None:
    # "his dad's girlfriend" is a step-parent kin.py names but no care family says: nothing is guessed;
    # the control, "his dad's", is the father
    assert care_now(said("Peregrine stays with his dad's girlfriend in Ripon.", "mother")) == set()
    assert care_now(said("Peregrine stays at his dad's in Ripon.", "mother")) == {("with-father", "father")}
