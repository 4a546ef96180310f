"""The participant's own household, partner and partner's treatment, read from their own account.

Each reading has a control where it matters (the same words without the cue
give the fact), so a test can fail. Names and phrasings are in no devset.
"""

from __future__ import annotations

import pytest

from graphkit.extract.texts import extract_text_facts
from graphkit.model import DataFile, Entity, Evidence, Graph

FILE = "BR01 Interview 2023-03-02.txt"


def registry() -> Graph:
    """Bronagh (a mother) and Tobias (a father), both in treatment; Saoirse (a family member)."""
    graph = Graph()
    graph.add_entity(Entity("BR01", "parent", "Bronagh")).set("role", "mother")
    graph.add_entity(Entity("BR02", "parent", "Tobias")).set("role", "father")
    graph.add_entity(Entity("BRF1", "family-member", "Saoirse")).set("role", "family-member")
    for pid in ("BR01", "BR02", "BRF1"):
        graph.entities[pid].set("household", "unknown")
    return graph


def said(*turns: tuple[str, str], graph: Graph | None = None, path: str = FILE, date: str | None = "2023-03-02",
         ids: tuple[str, ...] = ("BR01",)) -> Graph:
    """``turns``: (speaker, words) pairs of one interview."""
    graph = graph or registry()
    files = {path: DataFile(path, "Parent/Family", "Interview", date, None, ids)}
    graph.files.update(files)
    extract_text_facts(graph, {path: "".join(f"{who}: {words}\n" for who, words in turns)}, files)
    return graph


def answer(question: str, words: str, speaker: str = "Bronagh", **kw) -> Graph:
    return said(("INT", question), (speaker, words), **kw)


def household(graph: Graph, pid: str = "BR01") -> str:
    return str(graph.entities[pid].get("household"))


def partner_in_treatment(graph: Graph, pid: str = "BR01") -> bool | None:
    return graph.entities[pid].get("partner_in_treatment")


def partner_names(graph: Graph, pid: str = "BR01") -> set[str]:
    return {graph.entities[r.target].label or r.target for r in graph.relations_of("partner", source=pid)}


# ---- single ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question, words", [
    ("Tell me about yourself.", "I'm from the Glens. I live alone since the flat came through."),
    ("Tell me about yourself.", "I live here by meself, in the wee flat above the chippy."),
    ("Do you live with anybody?", "No, only myself."),
    ("Have you got a partner just now?", "No. Naw, I'm on me own."),
    ("And at home?", "It's only me in there, since the hostel."),
])
def test_the_speaker_living_without_a_partner_is_single(question: str, words: str) -> None:
    graph = answer(question, words)
    assert household(graph) == "single"
    assert graph.entities["BR01"].evidence["household"][0].file == FILE


@pytest.mark.parametrize("question, words", [
    ("Do you go to the group?", "I'd rather go on my own, to be honest."),  # "on my own" about something else
    ("Tell me about your week.", "I'm on my own with the weans all week."),  # not an answer about the household
    ("Do you live with anybody?", "I don't live alone, no."),  # a denial
    ("How do you manage?", "I'm single-handed with the three of them, most days."),  # a compound word
])
def test_on_my_own_about_something_else_says_nothing(question: str, words: str) -> None:
    assert household(answer(question, words)) == "unknown"


# ---- cohabiting and the partner's name -------------------------------------------------------------------------------

def test_a_who_lives_here_answer_listing_the_partner_is_cohabiting() -> None:
    graph = answer("Can we start with who lives here?", "Och. Right. It's me, it's Cillian, that's my partner, and our wee fella.")
    assert household(graph) == "cohabiting"
    assert partner_names(graph) == {"Cillian"}


def test_the_same_listing_as_a_story_is_not_a_household() -> None:
    graph = answer("What did you do at the weekend?", "Och. Right. It's me, it's Cillian, that's my partner, and our wee fella.")
    assert household(graph) == "unknown"
    assert partner_names(graph) == {"Cillian"}


def test_living_with_a_named_partner_is_cohabiting() -> None:
    graph = answer("Tell me about yourself.", "I live here with my husband, Ferdia, and the dog.")
    assert household(graph) == "cohabiting"
    assert partner_names(graph) == {"Ferdia"}


def test_a_bare_name_then_my_partner_names_the_partner() -> None:
    graph = answer("Anyone else at home?", "Marisol. My girlfriend. She's brilliant with the baby.", speaker="Tobias", ids=("BR02",))
    assert partner_names(graph, "BR02") == {"Marisol"}
    control = answer("Anyone else at home?", "Marisol. She's brilliant with the baby.", speaker="Tobias", ids=("BR02",))
    assert partner_names(control, "BR02") == set()


def test_an_ex_is_not_a_partner() -> None:
    graph = answer("And the children's father?", "My ex-partner, Declan, he's in the prison at Maghaberry.")
    assert partner_names(graph) == set()


@pytest.mark.parametrize("words", [
    "We'll never live together, me and Cillian, not in a month of Sundays.",
    "If Cillian moved in with me they'd stop my money.",
])
def test_a_denied_or_imagined_move_is_not_cohabiting(words: str) -> None:
    graph = said(("INT", "Is Cillian your partner?"), ("Bronagh", "Aye. Cillian's my partner."), ("INT", "Will that change?"),
                 ("Bronagh", words))
    assert household(graph) == "unknown"


# ---- part-time cohabiting ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "Not really. He has his own place out past the quarry, and he stays here two or three nights a week.",
    "Half the time. He's kept a flat on for his granny's sake; he sleeps over at weekends.",
])
def test_a_partner_with_a_home_of_their_own_is_part_time(words: str) -> None:
    graph = said(("INT", "Who's Cillian?"), ("Bronagh", "Cillian's my partner."), ("INT", "Does Cillian live here with you?"),
                 ("Bronagh", words))
    assert household(graph) == "part-time-cohabiting"


def test_a_bare_name_partner_who_keeps_her_own_house_is_part_time() -> None:
    graph = answer("Do you live with anybody else?", "Marisol. My girlfriend. She keeps her own house in the town, and she's here at weekends.",
                   speaker="Tobias", ids=("BR02",))
    assert household(graph, "BR02") == "part-time-cohabiting"


@pytest.mark.parametrize("words", ["Cillian's auntie has her own house in Larne.", "He lives here, wi' me, me and Cillian.",
                                   "He's got a flat, Oisin, since he left school."])
def test_somebody_else_said_with_the_partner_is_not_the_partner(words: str) -> None:
    graph = said(("INT", "Who's Cillian?"), ("Bronagh", "Cillian's my partner."), ("INT", "And Oisin?"), ("Bronagh", words))
    assert household(graph) == "unknown"


def test_a_sons_flat_is_not_the_partners() -> None:
    graph = said(("INT", "Who's Cillian?"), ("Bronagh", "Cillian's my partner."), ("INT", "And your eldest?"),
                 ("Bronagh", "My son's nineteen. He has his own place in Larne now."))
    assert household(graph) == "unknown"


# ---- the partner's treatment -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("words, value", [
    ("He's on methadone as well, Cillian.", True),
    ("He's on a script too, same chemist.", True),
    ("Cillian's never touched drugs in his life.", False),
    ("He's never taken anything, Cillian. Not even a puff.", False),
    ("He's not on a script, Cillian, never has been.", False),
])
def test_what_is_said_of_the_partner_gives_their_treatment(words: str, value: bool) -> None:
    graph = said(("INT", "Is Cillian your partner?"), ("Bronagh", "Aye, Cillian's my partner."), ("INT", "What about Cillian?"),
                 ("Bronagh", words))
    assert partner_in_treatment(graph) is value
    assert graph.entities["BR01-partner"].get("in_treatment") is value


@pytest.mark.parametrize("words", [
    "If he went on a script they'd have him on the waiting list for months.",  # hypothetical
    "My son's nineteen. He's on a script now.",  # somebody else in between
    "Is he on a script? I wouldn't know.",  # a question
])
def test_what_is_not_said_of_the_partner_gives_nothing(words: str) -> None:
    graph = said(("INT", "Is Cillian your partner?"), ("Bronagh", "Aye, Cillian's my partner."), ("INT", "What about Cillian?"),
                 ("Bronagh", words))
    assert partner_in_treatment(graph) is None


# ---- a couple who both took part ---------------------------------------------------------------------------------------

def test_two_parents_who_list_each_other_at_home_are_one_couple() -> None:
    graph = answer("So, who all lives here?", "Me, him, and the three wee ones.", ids=("BR01", "BR02"),
                   path="BR01 BR02 Joint Interview 2023-03-02.txt")
    couple = [r for r in graph.relations_of("partner") if {r.source, r.target} == {"BR01", "BR02"}]
    assert len(couple) == 1
    assert household(graph, "BR01") == household(graph, "BR02") == "cohabiting"
    assert partner_in_treatment(graph, "BR01") is True and partner_in_treatment(graph, "BR02") is True


def test_a_parent_and_a_family_member_listed_together_are_not_joined() -> None:
    graph = answer("So, who all lives here?", "Me, her, and the three wee ones.", ids=("BR01", "BRF1"),
                   path="BR01 BRF1 Joint Interview 2023-03-02.txt")
    assert not list(graph.relations_of("partner"))


# ---- precedence and time -------------------------------------------------------------------------------------------

def test_the_descriptor_household_wins_over_speech() -> None:
    graph = registry()
    cell = Evidence(file="participants.csv", start=0, end=6, quote="single", line_start=2, line_end=2, row=1, column="descriptor")
    graph.entities["BR01"].set("household", "single", cell)
    said(("INT", "Tell me about yourself."), ("Bronagh", "I live here with my husband, Ferdia."), graph=graph)
    assert household(graph) == "single"


def test_a_later_text_updates_the_household() -> None:
    graph = said(("INT", "Is Cillian your partner?"), ("Bronagh", "Aye, Cillian's my partner."), ("INT", "Does he live here?"),
                 ("Bronagh", "No, he keeps his own flat, he stays here at weekends."))
    assert household(graph) == "part-time-cohabiting"
    later = "BR01 Fieldnotes 2023-09-14.txt"
    said(("INT", "Anything new?"), ("Bronagh", "Cillian's moved in with me now, since the summer."), graph=graph, path=later, date="2023-09-14")
    assert household(graph) == "cohabiting"
    assert [ev.file for ev in graph.entities["BR01"].evidence["household"]] == [later]


def test_an_undated_text_does_not_override_a_dated_one() -> None:
    graph = said(("INT", "Tell me about yourself."), ("Bronagh", "I live here with my husband, Ferdia."))
    said(("INT", "Tell me about yourself."), ("Bronagh", "I live alone."), graph=graph, path="BR01 notes.txt", date=None)
    assert household(graph) == "cohabiting"


# ---- more phrasings --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question, words, value", [
    ("Tell me about yourself.", "Cillian's my partner. I live with Cillian and the boys, out past the quarry.", "cohabiting"),
    ("Tell me about yourself.", "Cillian's my partner. We got a flat together in the spring.", "cohabiting"),
    ("Tell me about yourself.", "Cillian's my partner. We've been courting four year, living together since the autumn.", "cohabiting"),
    ("Tell me about yourself.", "I'm in a hostel out by the ring road, since the spring.", "single"),
    ("Have you got a partner?", "No. Not for a long while now.", "single"),
])
def test_more_ways_of_saying_the_household(question: str, words: str, value: str) -> None:
    assert household(answer(question, words)) == value


@pytest.mark.parametrize("words", [
    "Cillian's my partner. I live with my sister and the boys; he comes round.",  # lives with somebody else
    "Cillian's my partner. I'm in supported housing with my partner, they let couples in.",  # housing shared with the partner
    "Have they got a partner? No.",  # a question of the speaker's own
])
def test_what_does_not_say_the_household(words: str) -> None:
    graph = answer("Tell me about yourself.", words)
    assert household(graph) == "unknown"


def test_we_are_both_on_a_script_is_the_partner_in_treatment() -> None:
    graph = said(("INT", "Who's Cillian?"), ("Bronagh", "Cillian's my partner."), ("INT", "Is Cillian in treatment as well?"),
                 ("Bronagh", "Aye, we're both on the wafer, same chemist."))
    assert partner_in_treatment(graph) is True
    control = said(("INT", "Who's Cillian?"), ("Bronagh", "Cillian's my partner."), ("INT", "And your sister?"),
                   ("Bronagh", "My sister Nuala and me, we're both on the wafer, same chemist."))
    assert partner_in_treatment(control) is None


def test_two_parents_of_a_joint_interview_saying_us_are_one_couple() -> None:
    graph = said(("INT", "Could you say who's who and who lives here?"), ("Bronagh", "I'm Bronagh. This is Tobias."),
                 ("Tobias", "Aye, hello there."), ("Bronagh", "And it's us and the three wee ones."),
                 ids=("BR01", "BR02"), path="BR01 BR02 Joint Interview 2023-03-02.txt")
    assert [(r.source, r.target) for r in graph.relations_of("partner")] == [("BR01", "BR02")]
    assert household(graph, "BR02") == "cohabiting"


def test_my_partner_naming_a_participant_joins_them_only_when_interviewed_together() -> None:
    joint = answer("Who's here today?", "This is Saoirse, my partner. We've been living together since June.", ids=("BR01", "BRF1"),
                   path="BR01 BRF1 Interview 2023-03-02.txt")
    assert [(r.source, r.target) for r in joint.relations_of("partner")] == [("BR01", "BRF1")]
    assert household(joint, "BRF1") == "cohabiting"
    apart = answer("Who's important to you?", "Saoirse, my partner. She's brilliant.")
    assert not list(apart.relations_of("partner"))
    assert any("calls participant BRF1 their partner" in str(p) for p in apart.problems)


def test_a_fieldnote_about_one_participant_gives_their_household() -> None:
    graph = registry()
    graph.entities["BR01"].set("sex", "female")
    path = "BR01 Fieldnotes 2023-05-01.txt"
    files = {path: DataFile(path, "Parent/Family", "Fieldnotes", "2023-05-01", None, ("BR01",))}
    graph.files.update(files)
    text = ("Visit to Bronagh at home. Bronagh lives alone now, in the flat over the chippy.\n\n"
            "Her sister Nuala lives with her husband round the corner.\n")
    extract_text_facts(graph, {path: text}, files)
    assert household(graph) == "single"
    assert graph.entities["BR01"].evidence["household"][0].quote.startswith("Bronagh lives alone")


def test_a_text_saying_both_single_and_cohabiting_is_reported() -> None:
    graph = said(("INT", "Tell me about yourself."), ("Bronagh", "I live alone."), ("INT", "And Cillian?"),
                 ("Bronagh", "Cillian's my partner. I live with Cillian, aye."))
    assert household(graph) == "cohabiting"
    assert any("says both" in str(p) for p in graph.problems)


def test_a_later_text_that_calls_the_partner_an_ex_ends_the_partnership() -> None:
    graph = said(("INT", "Is Cillian your partner?"), ("Bronagh", "Aye, Cillian's my partner."), ("INT", "Does he live here?"),
                 ("Bronagh", "No, he keeps his own flat, he stays here at weekends. He's on a script too."))
    assert partner_names(graph) == {"Cillian"} and partner_in_treatment(graph) is True
    later = "BR01 Interview 2023-11-20.txt"
    said(("INT", "What's changed?"), ("Bronagh", "Me and Cillian split up in the October."), graph=graph, path=later, date="2023-11-20")
    rel = next(graph.relations_of("partner", source="BR01"))
    assert (rel.current, rel.date) == (False, "2023-11-20")
    assert household(graph) == "single" and partner_in_treatment(graph) is None


@pytest.mark.parametrize("words", ["It's not as if me and Cillian split up, we just needed space.", "If me and Cillian split up I'd be lost."])
def test_an_imagined_split_ends_nothing(words: str) -> None:
    graph = said(("INT", "Is Cillian your partner?"), ("Bronagh", "Aye, Cillian's my partner."))
    said(("INT", "What's changed?"), ("Bronagh", words), graph=graph, path="BR01 Interview 2023-11-20.txt", date="2023-11-20")
    assert next(graph.relations_of("partner", source="BR01")).current


@pytest.mark.parametrize("question, words", [
    ("Is there anyone else who helps you?", "No, just me."),
    ("How did you meet your partner?", "Just me being daft at a party."),
])
def test_a_short_answer_to_another_question_is_not_the_household(question: str, words: str) -> None:
    assert household(answer(question, words)) == "unknown"


def test_my_man_and_my_fella_name_a_partner_but_your_man_does_not() -> None:
    graph = answer("Who's at home?", "It's me, it's Padraig, my man, and the dog.")
    assert partner_names(graph) == {"Padraig"} and household(graph) == "cohabiting"
    fella = answer("Tell me about yourself.", "I live with my fella, Eamonn, above the bakery.")
    assert partner_names(fella) == {"Eamonn"} and household(fella) == "cohabiting"
    other = said(("INT", "Did your man from the housing come out?"), ("Bronagh", "No, just me."))
    assert household(other) == "unknown"


def test_a_file_naming_the_home_of_its_two_parents_makes_them_a_couple_at_home() -> None:
    path = "BR01 BR02 Joint Interview 2023-03-02.txt"
    files = {path: DataFile(path, "Parent/Family", "Joint interview", "2023-03-02", None, ("BR01", "BR02"))}
    text = "Location: Tobias and Bronagh's flat, [town]\n\nINT: How are things?\nBronagh: Grand, aye.\n"
    graph = registry()
    graph.files.update(files)
    extract_text_facts(graph, {path: text}, files)
    assert [(r.source, r.target) for r in graph.relations_of("partner")] == [("BR01", "BR02")]
    assert household(graph, "BR01") == household(graph, "BR02") == "cohabiting"
    assert graph.entities["BR01"].evidence["household"][0].quote == "Tobias and Bronagh's flat"
    control = registry()
    control.files.update(files)
    extract_text_facts(control, {path: text.replace("Tobias and Bronagh's flat", "Bronagh's sister's flat")}, files)
    assert not list(control.relations_of("partner"))
