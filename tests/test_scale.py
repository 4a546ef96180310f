"""Misreadings found on the generated sample at scale 2 and 5, each fixed in its general form.

Every test has a control (the same passage without the trait that misled the
rule gives the fact), so it can fail. Names and phrasings are in no devset and
not in the sample's phrase lists.
"""

from __future__ import annotations

from graphkit.extract.texts import extract_text_facts
from graphkit.model import DataFile, Entity, Graph

FILE = "TX01_Interview1.txt"


def registry() -> Graph:
    """Ottoline (a mother) and her son Barnaby, 12, who lives with his father."""
    graph = Graph()
    graph.add_entity(Entity("TX01", "parent", "Ottoline")).set("role", "mother")
    son = graph.add_entity(Entity("TX01-C1", "child", "Barnaby"))
    son.set("sex", "male")
    son.set("age", 12)
    son.set("age_group", "0-16")
    graph.relate("parent-of", "TX01", "TX01-C1", origin="descriptor")
    return graph


def interview(*turns: tuple[str, str]) -> Graph:
    graph = registry()
    files = {FILE: DataFile(FILE, "Parent/Family", "Interview", "2024-03-05", None, ("TX01",))}
    graph.files.update(files)
    text = "".join(f"INT: {q}\nOttoline: {a}\n" for q, a in turns)
    extract_text_facts(graph, {FILE: text}, files)
    return graph


def contact(graph: Graph, child: str = "TX01-C1") -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("contact", target=child)}


def test_a_medicine_collected_under_supervision_is_not_contact() -> None:
    """"Supervised" and "every morning" in a sentence about a dose are its dispensing, not contact with the child in focus."""
    asked = "And Barnaby?"
    assert "supervised-contact" in contact(interview((asked, "Barnaby's with his dad. I collect him every morning, supervised.")))
    graph = interview((asked, "Barnaby's with his dad. I collect my dose from the pharmacy every morning, supervised."))
    assert contact(graph) == set()


def test_a_medicine_sentence_about_a_child_still_gives_contact() -> None:
    graph = interview(("And Barnaby?", "I see him every Thursday, after the pharmacy."))
    assert contact(graph) == {"regular-contact"}


def test_a_pronoun_of_the_other_sex_does_not_carry_on_about_the_last_child() -> None:
    """"I get her monthly" after a turn about a son is about some daughter the text has not placed, not the son."""
    first = ("And Barnaby?", "Barnaby lives with his dad in Hexham.")
    assert "supervised-contact" in contact(interview(first, ("Anyone else?", "I get him twice a month at the contact centre.")))
    assert contact(interview(first, ("Anyone else?", "I get her twice a month at the contact centre."))) == set()


def self_introduction(answer: str) -> set[tuple[str, str]]:
    """A professional's own interview at Quarrybank Family Trust (no descriptor service): what works-at it gives."""
    graph = Graph()
    graph.add_entity(Entity("TXS1", "service", "Quarrybank Family Trust")).set("service_type", "family-support")
    graph.add_entity(Entity("TXPR1", "professional", "Gwendolen")).set("role_title", "Outreach worker")
    name = "TXS1_Interview_TXPR1.txt"
    files = {name: DataFile(name, "Services/Professionals", "Interview", "2024-01-09", None, ("TXS1", "TXPR1"))}
    graph.files.update(files)
    extract_text_facts(graph, {name: f"INT: What's your job?\nGwendolen: {answer}\n"}, files)
    return {(r.source, r.target) for r in graph.relations_of("works-at")}


def test_a_bracketed_aside_in_a_self_introduction_is_skipped() -> None:
    assert self_introduction("I'm an outreach worker at Quarrybank Family Trust.") == {("TXPR1", "TXS1")}
    assert self_introduction("I'm an outreach worker (the teenage parents strand) at Quarrybank Family Trust.") == {("TXPR1", "TXS1")}
    assert self_introduction("Outreach worker (teenage parents) with Quarrybank Family Trust.") == {("TXPR1", "TXS1")}


def test_a_self_introduction_may_name_a_team_before_the_service() -> None:
    said = "Well, I'm the outreach worker in the post-adoption team at Quarrybank Family Trust."
    assert self_introduction(said) == {("TXPR1", "TXS1")}


def partner_of_ottoline(*, namesake_is: str) -> str | None:
    """Ottoline names her partner Leopold; a child called Leopold is ``namesake_is``: "hers" or "elsewhere"."""
    graph = registry()
    graph.add_entity(Entity("TX02", "parent", "Clementine")).set("role", "mother")
    owner = "TX01" if namesake_is == "hers" else "TX02"
    graph.add_entity(Entity(f"{owner}-C9", "child", "Leopold")).set("sex", "male")
    graph.relate("parent-of", owner, f"{owner}-C9", origin="descriptor")
    files = {FILE: DataFile(FILE, "Parent/Family", "Interview", "2024-03-05", None, ("TX01",))}
    graph.files.update(files)
    extract_text_facts(graph, {FILE: "INT: Who's at home?\nOttoline: I live with my partner, Leopold, in Dunmore.\n"}, files)
    partner = graph.entities.get("TX01-partner")
    return partner.label if partner is not None and graph.relations_of("partner", source="TX01") else None


def test_a_child_of_the_same_name_in_another_family_does_not_block_a_partner() -> None:
    assert partner_of_ottoline(namesake_is="elsewhere") == "Leopold"
    assert partner_of_ottoline(namesake_is="hers") is None


def test_a_child_noun_inside_a_service_name_is_no_child() -> None:
    """"Toddler Time Ashgrove" is a service the descriptor names, not a toddler called Time."""
    from graphkit.extract.descriptors import parse_person

    text = "Mother, forties. Goes to Toddler Time Ashgrove (TXS4) on Mondays. Son Rufus (7) lives with her."
    where = text.index("Toddler Time Ashgrove")
    unaware = parse_person(text, role="mother", name="Imelda")
    assert len(unaware.children) == 2  # the control: without the service's span the name reads as a child
    told = parse_person(text, role="mother", name="Imelda", services=((where, where + len("Toddler Time Ashgrove")),))
    assert [c.name for c in told.children] == ["Rufus"]


def test_a_speaker_label_two_people_share_is_the_one_the_file_lists() -> None:
    """Two professionals called Ignatius: the one the listing gives for the file is the one who speaks in it."""
    from graphkit.extract.speakers import resolve_label

    graph = Graph()
    for pid in ("TXPR1", "TXPR2"):
        graph.add_entity(Entity(pid, "professional", "Ignatius"))
    assert resolve_label("Ignatius", graph, ()).entity is None  # the control: a shared name alone is nobody
    assert resolve_label("Ignatius", graph, ("TXPR2",)).entity == "TXPR2"
    assert resolve_label("Ignatius", graph, ("TXPR1", "TXPR2")).entity is None


def fieldnote(paragraph: str) -> Graph:
    graph = registry()
    name = "TX01_Fieldnotes_2024-04-02.txt"
    files = {name: DataFile(name, "Parent/Family", "Fieldnotes", "2024-04-02", None, ("TX01",))}
    graph.files.update(files)
    extract_text_facts(graph, {name: f"Visit to Ottoline.\n\n{paragraph}\n"}, files)
    return graph


def test_a_sentence_opening_on_an_arrangement_word_goes_on_about_the_child() -> None:
    """"Contact is on Tuesdays": "Contact" opens the clause like a name, but the phrase lists use it as a word."""
    said = "Barnaby is in foster care now. The social worker phoned on Monday. {} is on Tuesdays, with a worker present."
    assert contact(fieldnote(said.format("Contact"))) >= {"supervised-contact"}
    assert contact(fieldnote(said.format("Ramsay"))) == set()  # the control: an unknown name is someone else


def workers_of_ottoline(answer: str) -> set[str]:
    """Two professionals called Ignatius: a recovery worker at Harbourside Recovery, and a pharmacist at no service."""
    graph = registry()
    graph.add_entity(Entity("TXS1", "service", "Harbourside Recovery")).set("service_type", "drug-treatment")
    graph.add_entity(Entity("TXPR1", "professional", "Ignatius")).set("role_title", "Recovery worker")
    graph.add_entity(Entity("TXPR2", "professional", "Ignatius")).set("role_title", "Community pharmacist")
    graph.relate("works-at", "TXPR1", "TXS1", origin="descriptor")
    files = {FILE: DataFile(FILE, "Parent/Family", "Interview", "2024-03-05", None, ("TX01",))}
    graph.files.update(files)
    extract_text_facts(graph, {FILE: f"INT: Who helps you?\nOttoline: {answer}\n"}, files)
    return {r.source for r in graph.relations_of("works-with") if r.target == "TX01"}


def test_a_shared_name_is_the_professional_the_sentence_places() -> None:
    assert workers_of_ottoline("Ignatius, he's my worker at Harbourside Recovery.") == {"TXPR1"}
    assert workers_of_ottoline("Ignatius came round, he's kind.") == set()  # the control: nothing places either


def current_contact(graph: Graph, child: str = "TX01-C1") -> set[str]:
    return {str(r.attrs["arrangement"]) for r in graph.relations_of("contact", target=child) if r.current}


def test_an_answer_about_a_period_that_is_over_is_history() -> None:
    """"What was it like back when you were in the hostel?" is answered about then, not now."""
    answer = "Barnaby? It was the video calls with him, that was it."
    assert current_contact(interview(("And how's Barnaby?", answer))) == {"indirect-contact"}
    graph = interview(("What was life like back when you were in the hostel?", answer))
    assert contact(graph) == {"indirect-contact"} and current_contact(graph) == set()
    now = "Barnaby? Now it's the video calls with him, that's it."
    assert current_contact(interview(("What was life like back when you were in the hostel?", now))) == {"indirect-contact"}


def named_partner(answer: str) -> str | None:
    """Ottoline's descriptor says she has a partner but not who: the interview may name them."""
    graph = registry()
    graph.add_entity(Entity("TX01-partner", "person"))
    graph.relate("partner", "TX01", "TX01-partner", origin="descriptor")
    files = {FILE: DataFile(FILE, "Parent/Family", "Interview", "2024-03-05", None, ("TX01",))}
    graph.files.update(files)
    extract_text_facts(graph, {FILE: f"INT: Who's at home?\nOttoline: {answer}\n"}, files)
    return graph.entities["TX01-partner"].label


def test_it_is_me_and_a_name_names_the_household_partner() -> None:
    assert named_partner("Me and Lysander, that's the house.") == "Lysander"  # the control: the opener already read
    assert named_partner("It's just me and Lysander since the spring.") == "Lysander"
    assert named_partner("It's me and Barnaby at weekends.") is None  # her son is not her partner


def test_an_ordinal_description_is_the_child_in_that_place() -> None:
    """Clemency 15, Barnaby 12, an unnamed son of 9: "my third boy" is the 9-year-old (third child, and a boy)."""
    def asked(answer: str) -> Graph:
        graph = registry()
        for cid, name, sex, age in (("TX01-C2", "Clemency", "female", 15), ("TX01-C3", None, "male", 9)):
            child = graph.add_entity(Entity(cid, "child", name))
            child.set("sex", sex)
            child.set("age", age)
            child.set("age_group", "0-16")
            graph.relate("parent-of", "TX01", cid, origin="descriptor")
        files = {FILE: DataFile(FILE, "Parent/Family", "Interview", "2024-03-05", None, ("TX01",))}
        graph.files.update(files)
        extract_text_facts(graph, {FILE: f"INT: Anyone else?\nOttoline: {answer}\n"}, files)
        return graph

    assert contact(asked("My third boy stays with his dad. I see him every Sunday."), "TX01-C3") == {"regular-contact"}
    # "second boy": the second child (Barnaby) and the second son (the 9-year-old) differ, so neither is taken
    graph = asked("My second boy stays with his dad. I see him every Sunday.")
    assert contact(graph, "TX01-C1") == contact(graph, "TX01-C3") == set()


def test_a_shared_name_is_the_professional_tied_to_the_family() -> None:
    """No service in the sentence: the Ignatius at a service Ottoline uses is hers; a job word decides nothing."""
    def said(answer: str, *, uses: bool) -> set[str]:
        graph = registry()
        graph.add_entity(Entity("TXS1", "service", "Harbourside Recovery")).set("service_type", "drug-treatment")
        graph.add_entity(Entity("TXPR1", "professional", "Ignatius")).set("role_title", "Recovery worker")
        graph.add_entity(Entity("TXPR2", "professional", "Ignatius")).set("role_title", "Community pharmacist")
        graph.relate("works-at", "TXPR1", "TXS1", origin="descriptor")
        if uses:
            graph.relate("engages-with", "TX01", "TXS1", origin="descriptor")
        files = {FILE: DataFile(FILE, "Parent/Family", "Interview", "2024-03-05", None, ("TX01",))}
        graph.files.update(files)
        extract_text_facts(graph, {FILE: f"INT: Who helps you?\nOttoline: {answer}\n"}, files)
        return {r.source for r in graph.relations_of("works-with") if r.target == "TX01"}

    assert said("Ignatius is my worker, he's kind.", uses=False) == set()  # the control: nothing ties either to her
    assert said("Ignatius is my worker, he's kind.", uses=True) == {"TXPR1"}
