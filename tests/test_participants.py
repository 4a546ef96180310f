"""The participant's own facts: role, country, household, partner in treatment, and a partner who took part.

Every phrasing here is written for these tests (names, places and wordings in no devset).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.extract.descriptor_facts import DescriptorFacts
from graphkit.extract.descriptor_person import read_person
from graphkit.extract.person_role import read_role
from graphkit.model import Entity, Evidence, Graph
from graphkit.pipeline import _finish, build_graph


def _facts(text: str, role: str = "mother", child_spans: list[tuple[int, int]] | None = None) -> DescriptorFacts:
    facts = DescriptorFacts()
    read_person(text, facts, child_spans or [], role)
    return facts


def _value(facts: DescriptorFacts, name: str) -> object:
    fact = facts.facts.get(name)
    return None if fact is None else fact.value


# ---- role ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, descriptor, sex, role, source",
    [
        ("Parent", "Dad in his forties, Eng. On a script.", "", "father", "descriptor"),
        ("Parent", "Woman, 30s, lives in Truro.", "", "mother", "descriptor"),
        ("Parent participant", "30s, near Penzance. He picks up daily.", "", "father", "descriptor"),
        ("Parent", "30s, Scot.", "F", "mother", "sex"),
        ("Mother", "F, 20s, Scot. Subutex.", "", "mother", "kind"),  # lone F: female here, not father
        ("Father", "M, 40s, Eng.", "", "father", "kind"),  # lone M: male here, not mother
        ("", "Family member: Wren's (P7) sister.", "", "family-member", "descriptor"),
        ("", "Outreach worker, Lowenna Project (S4).", "", "professional", "descriptor"),
        ("Grandmother", "Kinship carer for Jory, 60s, Scot.", "", "family-member", "kind"),
        ("Family member (mother of P7)", "60s, Scot.", "", "family-member", "kind"),
        ("Female parent", "30s, Eng.", "", "mother", "descriptor"),
        ("Partner", "Partner of Wren (P7).", "", "family-member", "kind"),
    ],
)
def test_role_from_type_and_descriptor(kind: str, descriptor: str, sex: str, role: str, source: str) -> None:
    reading = read_role(kind, descriptor, sex)
    assert (reading.role, reading.source, reading.doubt) == (role, source, None)


def test_someone_elses_role_word_does_not_decide() -> None:
    # "her mother", "Bram's dad": not the participant's own role; nothing else decides, so it is a doubt
    reading = read_role("Parent", "30s. Lives near her mother; Bram's dad visits.")
    assert reading.role is None and reading.doubt


def test_lone_m_decides_nothing_by_itself() -> None:
    reading = read_role("Parent", "M, 30s, Eng. Methadone.")
    assert reading.role is None and "mother or father" in reading.doubt


def test_a_descriptor_contradicting_the_type_is_a_doubt_and_the_type_wins() -> None:
    reading = read_role("Father", "Mum of two, 30s, Scot.")
    assert reading.role == "father" and "descriptor says mother" in reading.doubt


# ---- country -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, country",
    [
        ("Dad, 50s, Scot; bup.", "Scotland"),
        ("Mum, 20s, Eng. Cohab.", "England"),
        ("A Scottish mother in her thirties.", "Scotland"),
        ("Father, 40s, Engl., single.", "England"),
        ("Father, 40s. Son Scott (12) lives with him.", None),  # a name is not an abbreviation
        ("Mum (eng), 30s.", None),  # abbreviations are matched as written
    ],
)
def test_country_words_and_abbreviations(text: str, country: str | None) -> None:
    assert _value(_facts(text), "country") == country


def test_a_country_in_a_childs_clause_is_the_childs() -> None:
    text = "Mother, 30s. Her son (15) lives with his dad in England."
    start = text.index("Her son")
    assert _value(_facts(text, child_spans=[(start, len(text))]), "country") is None


def test_two_countries_is_a_doubt() -> None:
    facts = _facts("Mother, 30s, Eng; moved from Scotland last year.")
    assert _value(facts, "country") == "England"
    assert facts.doubts and "Scotland" in facts.doubts[0][0]


# ---- household -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, role, household",
    [
        ("Lone dad, lives alone in a bedsit.", "father", "single"),
        ("Father, 40s; living on his own since the split.", "father", "single"),
        ("Mum, 20s. Cohab w/ boyfriend Tobias.", "mother", "cohabiting"),
        ("Dad (30s), cohabits with P8.", "father", "cohabiting"),
        ("Mum, 30s, lives w/ partner and baby.", "mother", "cohabiting"),
        ("Dad, 30s. He and Ottilie live together in Hexham.", "father", "cohabiting"),
        ("Mum, 30s. Her boyfriend Tobias keeps his own house and stays two or three nights a week.", "mother", "part-time-cohabiting"),
        ("Dad, 40s. Girlfriend stays over at weekends.", "father", "part-time-cohabiting"),
        ("Cohabiting, though her partner keeps his own tenancy.", "mother", "part-time-cohabiting"),
        ("Mum, 30s. Her partner stays 2-3 nights a week.", "mother", "part-time-cohabiting"),
        ("Father, 50s, in supported accommodation.", "father", "single"),
        ("Mother, 30s. Lives in a hostel with her partner Tobias.", "mother", "cohabiting"),
        ("Mother, 30s. Works part-time in a cafe.", "mother", None),  # a part-time job is not a household
        ("Dad, 40s. No longer cohabiting.", "father", "single"),  # living apart now
        ("Mum, 20s. Seeing Tobias but not living together.", "mother", "single"),
        ("Single mum; her ex keeps his own flat and stays some nights with the kids.", "mother", "single"),
        ("Mum, 30s. Lives with her three kids in Truro.", "mother", "single"),
        ("Mum, 30s. Lives with her three kids and her boyfriend.", "mother", "cohabiting"),
        ("Mum, 30s. Her eldest lives with his sons in Truro.", "mother", None),
        ("Dad, 20s. Lives with his mum and her partner in Hexham.", "father", None),
    ],
)
def test_household_in_every_phrasing(text: str, role: str, household: str | None) -> None:
    assert _value(_facts(text, role), "household") == household


def test_household_phrase_in_a_childs_clause_is_the_childs() -> None:
    text = "Mother, 30s, single. Eldest (19) lives with his girlfriend."
    start = text.index("Eldest")
    assert _value(_facts(text, child_spans=[(start, len(text))]), "household") == "single"


# ---- partner in treatment ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, role, in_treatment",
    [
        ("Mum, 20s. Lives with partner Tobias; both on buprenorphine.", "mother", True),
        ("Dad, 30s, lives with his wife Ottilie. Ottilie is also prescribed Subutex.", "father", True),
        ("Mum, 30s. Cohab w/ Tobias. Both Kerensa and Tobias are on a script via their GP.", "mother", True),
        ("Dad, 40s. Cohabits with his girlfriend, who isn't on a script and never has been.", "father", False),
        ("Mum, 30s. Her husband Tobias does not use drugs.", "mother", False),
        ("Mum, 30s. Lives with partner. On methadone via GP.", "mother", None),  # her own treatment, not his
        ("Dad, 40s, single. On methadone.", "father", None),
        ("Mum, 30s. Her boyfriend keeps his own place. He is on a methadone script too.", "mother", True),
        ("Dad, 30s. Cohab w/ gf (not in tx).", "father", False),
        ("Mum, 20s. Lives w/ partner Tobias, also on MMT.", "mother", True),
    ],
)
def test_partner_in_treatment_said_directly_or_not(text: str, role: str, in_treatment: bool | None) -> None:
    assert _value(_facts(text, role), "partner_in_treatment") == in_treatment


@pytest.mark.parametrize(
    "text, refs, name",
    [
        ("Mum, 30s. Cohab w/ P8 (Bram).", ["P8", "Bram"], "Bram"),
        ("Dad, 30s. Lives with his partner Wren (F3).", ["Wren", "F3"], "Wren"),
        ("Family member: Bram's (P8) partner, 30s.", ["Bram", "P8"], "Bram"),
        ("Family member, partner of Wren (P7).", ["Wren", "P7"], "Wren"),
        ("Mum, 30s. Lives with her partner (not in treatment).", [], None),
    ],
)
def test_who_the_partner_is(text: str, refs: list[str], name: str | None) -> None:
    facts = _facts(text, "family-member" if text.startswith("Family") else "mother")
    assert (facts.partner_refs, facts.partner_name) == (refs, name)


def test_a_family_members_own_use_is_hers_not_her_partners() -> None:
    facts = _facts("Family member: Bram's (P8) partner. They live together. She does not use drugs and is not in treatment.",
                   "family-member")
    assert _value(facts, "in_treatment") is False
    assert _value(facts, "partner_in_treatment") is None


# ---- partners who took part ----------------------------------------------------------------------------------------

SERVICES = "Service ID,Service name,Descriptor\nS4,Lowenna Project,Third-sector drug treatment service in England.\n"
LISTING = "File name,Data set,Data type,ID codes,Date,Country\n"


def _build(tmp_path: Path, people: str, listing_rows: str = "", listing: str = LISTING) -> Graph:
    (tmp_path / "people_participants.csv").write_text("ID code,Pseudonym,Participant type,Descriptor\n" + people, encoding="utf-8")
    (tmp_path / "services.csv").write_text(SERVICES, encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(listing + listing_rows, encoding="utf-8")
    for line in listing_rows.splitlines():
        (tmp_path / line.split(",")[0]).write_text("INT: Hello.\n", encoding="utf-8")
    return build_graph(tmp_path)


def _partners(graph: Graph) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in graph.relations_of("partner")}


def test_two_parents_named_by_id_are_one_couple(tmp_path: Path) -> None:
    graph = _build(tmp_path, (
        'P7,Kerensa,Mother,"Mum, 20s, Eng. Cohab w/ P8 (Bram). Son Jory (5) lives at home."\n'
        'P8,Bram,Father,"Dad, 30s, Eng. Cohab w/ P7. Son Jory (5) lives at home."\n'))
    assert _partners(graph) == {("P7", "P8")}
    assert not [e for e in graph.entities.values() if e.kind == "person"]
    assert graph.entities["P7"].get("partner_in_treatment") is True and graph.entities["P8"].get("partner_in_treatment") is True
    assert len([e for e in graph.of_kind("child") if e.label == "Jory"]) == 1


def test_a_partner_named_by_pseudonym_joins_when_named_back(tmp_path: Path) -> None:
    graph = _build(tmp_path, (
        'P7,Kerensa,Mother,"Mum, 20s, Eng. Lives with her partner Bram."\n'
        'F3,Bram,Family member,"Family member, partner of Kerensa. He does not use drugs."\n'))
    assert _partners(graph) == {("P7", "F3")}
    assert graph.entities["P7"].get("partner_in_treatment") is False  # from his own descriptor
    assert graph.entities["F3"].get("partner_in_treatment") is True  # she is a parent participant


def test_a_shared_first_name_alone_does_not_join(tmp_path: Path) -> None:
    graph = _build(tmp_path, (
        'P7,Kerensa,Mother,"Mum, 20s, Eng. Lives with her partner Bram."\n'
        'P9,Bram,Father,"Dad, 50s, Scot, lives alone."\n'))
    assert _partners(graph) == {("P7", "P7-partner")}
    assert graph.entities["P7-partner"].label == "Bram"
    assert any("P9" in p.what and "kept apart" in p.what for p in graph.problems)


def test_a_family_member_named_as_partner_by_id(tmp_path: Path) -> None:
    graph = _build(tmp_path, (
        'P8,Bram,Father,"Dad, 30s, Eng. Lives with his partner Wren (F3)."\n'
        'F3,Wren,Family member,"Family member: Bram\'s (P8) partner. Not in treatment."\n'))
    assert _partners(graph) == {("P8", "F3")}
    assert graph.entities["P8"].get("household") == "cohabiting"
    assert graph.entities["P8"].get("partner_in_treatment") is False
    assert not list(graph.relations_of("relative-of"))


def test_country_from_the_listing_then_the_services(tmp_path: Path) -> None:
    graph = _build(tmp_path, (
        'P7,Kerensa,Mother,"Mum, 20s, single."\n'
        'P8,Bram,Father,"Dad, 30s, single. Goes to the Lowenna Project (S4)."\n'),
        "k1.txt,Parent/Family,Interview,P7,2021-05-01,Scotland\nb1.txt,Parent/Family,Interview,P8,2021-05-01,\n")
    kerensa, bram = graph.entities["P7"], graph.entities["P8"]
    assert kerensa.get("country") == "Scotland" and kerensa.evidence["country"][0].file == "x_metadata.csv"
    assert bram.get("country") == "England"


def test_listing_rows_that_disagree_give_no_country(tmp_path: Path) -> None:
    graph = _build(tmp_path, 'P7,Kerensa,Mother,"Mum, 20s, single."\n',
                   "k1.txt,Parent/Family,Interview,P7,2021-05-01,Scotland\nk2.txt,Parent/Family,Interview,P7,2021-06-01,England\n")
    assert graph.entities["P7"].get("country") is None


def test_a_country_column_wins_and_a_disagreeing_descriptor_is_reported(tmp_path: Path) -> None:
    (tmp_path / "people_participants.csv").write_text(
        'ID code,Pseudonym,Participant type,Nation,Descriptor\nP7,Kerensa,Mother,Scotland,"Mum, 20s, Eng."\n', encoding="utf-8")
    (tmp_path / "services.csv").write_text(SERVICES, encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(LISTING, encoding="utf-8")
    graph = build_graph(tmp_path)
    assert graph.entities["P7"].get("country") == "Scotland"
    assert any("country column says Scotland" in p.what for p in graph.problems)


def test_a_partner_who_took_part_is_in_treatment_whatever_made_the_couple() -> None:
    graph = Graph()
    for pid, kind in (("P7", "parent"), ("P8", "parent"), ("F3", "family-member"), ("P9", "parent")):
        graph.add_entity(Entity(pid, kind))
    graph.entities["F3"].set("in_treatment", False)
    ev = Evidence("t.txt", 0, 4, "text", 1, 1)
    graph.relate("partner", "P7", "P8", ev, origin="text")
    graph.relate("partner", "P9", "F3", ev, origin="text")
    _finish(graph)
    assert [graph.entities[p].get("partner_in_treatment") for p in ("P7", "P8", "P9", "F3")] == [True, True, False, True]


@pytest.mark.parametrize("text, band", [("Mum in her thirties, Truro.", "30s"), ("Father, forties, Eng.", "40s"),
                                        ("Dad (mid-fifties).", "50s"), ("Mum, late 20s.", "20s")])
def test_age_band_in_digits_and_words(text: str, band: str) -> None:
    assert _value(_facts(text), "age_band") == band


def test_age_band_in_a_childs_clause_is_not_the_parents() -> None:
    text = "Mother. Her eldest, in his twenties, lives in Inverness."
    assert _value(_facts(text, child_spans=[(text.index("Her eldest"), len(text))]), "age_band") is None


def test_a_place_after_cohabiting_is_not_a_partner() -> None:
    facts = _facts("Mum, 30s. Cohabiting, Glasgow.")
    assert (facts.partner_refs, facts.partner_name, _value(facts, "country")) == ([], None, "Scotland")


def test_someone_elses_partner_is_not_the_participants() -> None:
    facts = _facts("Dad, 20s, single. Lives with his mum and her partner, who is on a script.", "father")
    assert "has_partner" not in facts.facts and "partner_in_treatment" not in facts.facts


@pytest.mark.parametrize("text", ["Mum, 40s, Eng. Separated from her partner in 2019; lives alone.", "Dad, 60s. His late wife was Kerensa."])
def test_a_past_partner_is_no_partner(text: str) -> None:
    assert "has_partner" not in _facts(text, "mother" if text.startswith("Mum") else "father").facts


def test_a_professional_without_a_country_takes_the_listings(tmp_path: Path) -> None:
    graph = _build(tmp_path, 'PR4,Perran,Professional,"Outreach worker, third sector."\n',
                   "f1.txt,Services/Professionals,Focus group,PR4,2021-05-01,Scotland\n")
    assert graph.entities["PR4"].get("country") == "Scotland"


def test_the_listing_says_mother_or_father_when_the_participant_list_does_not(tmp_path: Path) -> None:
    graph = _build(tmp_path, 'P7,Kerensa,Parent,"M, 20s, Eng."\nP8,Bram,Parent,"F, 30s, Eng."\n',
                   "k1.txt,Parent/Family,Interview,P7; S4,2021-05-01,England,First talk with a young mother at her flat.\n"
                   "b1.txt,Parent/Family,Interview,P7; P8,2021-05-01,England,Joint interview with a father and his partner.\n",
                   LISTING.strip() + ",Descriptor\n")
    kerensa = graph.entities["P7"]
    assert (kerensa.get("role"), kerensa.evidence["role"][0].file) == ("mother", "x_metadata.csv")
    # a file with two people says nothing of either: Bram stays undecided, and that is reported
    assert graph.entities["P8"].kind == "person"
    assert any("P8" in p.what and "mother or father" in p.what for p in graph.problems)


def test_the_participants_own_name_before_partner_is_not_the_partners(tmp_path: Path) -> None:
    graph = _build(tmp_path, 'P7,Kerensa,Mother,"Mum, 20s, Eng. Cohabiting. Kerensa\'s partner is on a script too."\n')
    assert graph.entities["P7-partner"].label is None
    assert graph.entities["P7"].get("partner_in_treatment") is True
