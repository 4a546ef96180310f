"""Every descriptor phrase that says a fact is that fact's evidence, and the facts the descriptor coverage needed.

Words of our own, in no devset: Rhona (a mother), Gus (a father), Morven (a family member), services Birchgate
and Heronsyke Family Support.
"""

from __future__ import annotations

from pathlib import Path

from graphkit.extract.descriptors import parse_person
from graphkit.extract.person_role import read_role
from graphkit.model import Graph
from graphkit.pipeline import build_graph

SERVICES = ("Service ID,Service name,Descriptor\n"
            "T1,Birchgate Substance Service,NHS drug treatment service in Wales.\n"
            "T2,Heronsyke Family Support,Local authority family support team in Wales.\n")
LISTING = "File name,Data set,Data type,ID codes,Date,Country\n"


def _graph(tmp_path: Path, *rows: str) -> Graph:
    header = "ID code,Pseudonym,Participant type,Descriptor\n"
    (tmp_path / "people_participants.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "services.csv").write_text(SERVICES, encoding="utf-8")
    (tmp_path / "x_metadata.csv").write_text(LISTING, encoding="utf-8")
    return build_graph(tmp_path)


def _quotes(graph: Graph, entity: str, attr: str) -> list[str]:
    return [ev.quote for ev in graph.entities[entity].evidence.get(attr, [])]


def _relation_quotes(graph: Graph, kind: str, source: str, target: str) -> list[str]:
    return [ev.quote for r in graph.relations_of(kind, source=source, target=target) for ev in r.evidence]


# ---------------------------------------------------------------- the role the descriptor states


def test_a_role_word_at_the_head_echoes_the_type_column() -> None:
    assert read_role("Mother", "Mam in her forties, Wales.").echo == (0, 3)
    assert read_role("Family member", "Family member: Rhona's aunt.").echo == (0, 13)
    assert read_role("Mother", "Rhona is a mother of two.").echo == (11, 17)


def test_a_lone_letter_at_the_head_of_a_parent_is_evidence_once_the_type_says_which() -> None:
    assert read_role("Father", "F, 50s, Wales.").echo == (0, 1)
    assert read_role("Mother", "M, 20s, Wales.").echo == (0, 1)
    assert read_role("Family member", "M, 20s, Wales.").echo is None  # no parent: the letter decides nothing


def test_a_role_word_about_someone_else_is_no_echo() -> None:
    assert read_role("Father", "Gus lives with his mother in Rhyl.").echo is None


def test_the_role_echo_becomes_evidence(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Gus,Father,"Dad, 30s, Wales. Lives alone."')
    assert _quotes(graph, "Q1", "role") == ["Father", "Dad"]


# ---------------------------------------------------------------- every phrase that says it


def test_every_household_phrase_is_evidence(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Rhona,Mother,"Mother, 30s, Wales. Separated; lives on her own in Rhyl."')
    assert graph.entities["Q1"].get("household") == "single"
    assert _quotes(graph, "Q1", "household") == ["Separated", "lives on her own"]


def test_own_treatment_stated_twice_is_two_evidences_and_a_contradiction_a_problem(tmp_path: Path) -> None:
    facts = parse_person("Family member: Rhona's aunt. Has never used substances or been in drug treatment. Not a drug user.",
                         role="family-member")
    assert facts.facts["in_treatment"].value is False and len(facts.facts["in_treatment"].spans) == 2
    mixed = parse_person("Family member: Rhona's aunt. Not a drug user. She is in treatment at T1.", role="family-member")
    assert mixed.facts["in_treatment"].value is False and mixed.doubts


def test_partner_treatment_stated_twice_is_two_evidences() -> None:
    facts = parse_person("Rhona, 30s. Her partner Alun keeps his own flat; he is not in treatment and has never used drugs.",
                         role="mother")
    held = facts.facts["partner_in_treatment"]
    assert held.value is False and len(held.spans) == 2


def test_every_naming_of_the_drug_and_shorthand_for_methadone(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Gus,Father,"Father, 40s, Wales. MMT at T1 since 2015; methadone daily."')
    assert graph.entities["Q1"].get("treatment") == "methadone"
    assert _quotes(graph, "Q1", "treatment") == ["MMT", "methadone"]


def test_the_phrase_that_says_a_service_provides_is_engagement_evidence(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Rhona,Mother,"Mother, 30s, Wales. She is scripted via Birchgate Substance Service (T1)."')
    assert "is scripted via Birchgate Substance Service (T1)" in _relation_quotes(graph, "engages-with", "Q1", "T1")


def test_a_one_word_alias_before_its_own_id_code_names_the_service(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Rhona,Mother,"Mother, 30s, Wales. Supported by the Heronsyke parenting team (T2)."')
    assert "Supported by the Heronsyke parenting team (T2)" in _relation_quotes(graph, "engages-with", "Q1", "T2")


def test_a_one_word_alias_alone_stays_unread(tmp_path: Path) -> None:
    # "Heronsyke" may be a place or a name: with no lead word and no ID code after it, it names no service
    graph = _graph(tmp_path, 'Q1,Rhona,Mother,"Mother, 30s, Wales. Heronsyke is where she grew up."')
    assert not list(graph.relations_of("engages-with", source="Q1"))


def test_a_pregnancy_with_its_detail(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Rhona,Mother,"Mother, 20s, Wales. Pregnant (approx 31 wks, due Mar). Lives alone."')
    assert _quotes(graph, "Q1", "pregnant") == ["Pregnant", "approx 31 wks", "due Mar"]


def test_a_family_members_kin_phrase_and_order_are_evidence(tmp_path: Path) -> None:
    graph = _graph(tmp_path,
                   'Q1,Rhona,Mother,"Mother, 30s, Wales. Two children: Ffion (6) and Idris (4), both with her aunt (Q2)."',
                   'Q2,Morven,Family member,"Family member. Rhona\'s (Q1) aunt; cares for Ffion and Idris, for whom she holds an SGO."')
    assert "Rhona's (Q1) aunt" in _relation_quotes(graph, "relative-of", "Q2", "Q1")
    ffion = next(e for e in graph.of_kind("child") if e.label == "Ffion")
    assert "SGO" in _relation_quotes(graph, "carer-of", "Q2", ffion.id)


# ---------------------------------------------------------------- facts the descriptors needed


def test_a_count_opening_the_children_is_the_stated_number_and_evidence_of_each(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Gus,Father,"Father, 40s, Wales. 2 kids: Ffion (6) w/ her mum; Idris (4) w/ Gus."')
    assert graph.entities["Q1"].get("stated_children") == 2
    for child in graph.of_kind("child"):
        assert "2 kids" in _relation_quotes(graph, "parent-of", "Q1", child.id)


def test_a_stated_number_the_list_disagrees_with_is_a_problem() -> None:
    facts = parse_person("Father, 40s. Three children: Ffion (6) w/ her mum; Idris (4) w/ Gus.", role="father", name="Gus")
    assert facts.facts["stated_children"].value == 3
    assert any("announces 3 children" in d for c in facts.children for d in c.doubts)


def test_a_count_after_a_named_child_is_no_stated_number() -> None:
    facts = parse_person("Mother, 30s. Ffion (12) with her dad. Two with Alun: Idris (4) and Nia (2), at home.", role="mother")
    assert "stated_children" not in facts.facts


def test_grandchildren_are_a_grandparent_fact_with_their_count_never_children() -> None:
    facts = parse_person("Father, 60s, Wales. Grandpa x3. Lives alone.", role="father")
    assert facts.children == [] and facts.facts["grandparent"].span == (20, 30)


def test_housing_kinds(tmp_path: Path) -> None:
    cases = {"lives alone in a housing association house": "social-rented", "in a privately rented flat": "private-rented",
             "single, in supported accommodation": "supported-housing", "lives in a women's refuge": "temporary-accommodation",
             "owns her own house in Rhyl": "owner-occupied"}
    for phrase, kind in cases.items():
        facts = parse_person(f"Mother, 30s, Wales; {phrase}.", role="mother")
        assert facts.facts["housing"].value == kind, phrase


def test_a_past_home_or_the_partners_own_is_not_the_participants_housing() -> None:
    assert "housing" not in parse_person("Father, 30s; lives alone (hostel until 2017).", role="father").facts
    partner = parse_person("Mother, 30s. Her partner Alun keeps his own council flat and stays weekends.", role="mother")
    assert "housing" not in partner.facts


def test_two_kinds_of_home_are_a_doubt() -> None:
    facts = parse_person("Mother, 30s; council flat; also a privately rented room.", role="mother")
    assert facts.facts["housing"].value == "social-rented" and facts.doubts


def test_a_child_protection_plan_is_a_child_fact_not_care(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Rhona,Mother,"Mother, 30s, Wales. Ffion (6) lives with Rhona; on a CP plan (on the register)."')
    ffion = next(e for e in graph.of_kind("child") if e.label == "Ffion")
    assert ffion.get("protection") == "child-protection-plan"
    assert _quotes(graph, ffion.id, "protection") == ["on a CP plan", "on the register"]
    assert [r.attrs.get("arrangement") for r in graph.relations_of("care", source=ffion.id)] == ["with-parent"]


def test_a_past_protection_plan_is_none() -> None:
    kids = parse_person("Mother, 30s. Ffion (6) at home; was on a CP plan until 2019.", role="mother").children
    assert kids[0].protection is None


def test_every_cue_that_supports_the_contact_is_its_evidence() -> None:
    text = "Mother, 30s. Ffion (6) with her dad; Rhona sees her at the family centre, supervised, twice a month."
    contact = parse_person(text, role="mother", name="Rhona").children[0].contact
    assert contact.value == "supervised-contact"
    assert {"family centre", "supervised", "sees her"} <= {text[s:e] for s, e in contact.spans}


def test_a_visiting_verb_is_regular_contact_and_a_denied_one_none() -> None:
    seen = parse_person("Father, 40s. Idris (9) lives with his mum; Gus sees him on Fridays.", role="father", name="Gus")
    assert seen.children[0].contact.value == "regular-contact"
    unseen = parse_person("Father, 40s. Idris (9) lives with his mum; Gus doesn't see him now.", role="father", name="Gus")
    assert unseen.children[0].contact.value == "no-contact"


def test_a_sex_word_at_the_head_agrees_with_the_parents_role() -> None:
    assert read_role("Mother", "Woman in her 30s, Wales.").echo == (0, 5)
    assert read_role("Father", "Woman in her 30s, Wales.").echo is None  # disagrees: no evidence of a father


def test_single_parent_is_one_household_phrase() -> None:
    text = "Father, 40s. Single dad; lives with his son."
    held = parse_person(text, role="father").facts["household"]
    assert held.value == "single" and text[slice(*held.span)] == "Single dad"


def test_what_else_the_person_does_at_the_service_is_engagement_evidence(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Rhona,Mother,"Mother, 30s, Wales. On a methadone script with Birchgate Substance Service (T1) '
                             'and also attends its Friday women\'s group."')
    quotes = _relation_quotes(graph, "engages-with", "Q1", "T1")
    assert "On a methadone script with Birchgate Substance Service (T1)" in quotes
    assert "and also attends its Friday women's group" in quotes


def test_the_housing_phrase_takes_its_lead_words() -> None:
    text = "Mother, 30s; lives in a council house in Rhyl."
    held = parse_person(text, role="mother").facts["housing"]
    assert text[slice(*held.span)] == "lives in a council house"


def test_words_that_say_which_children_follow_are_evidence_of_them() -> None:
    text = "Mother, 30s. Ffion (12) with her dad; the two younger Idris (6) & Nia (4) at home."
    kids = parse_person(text, role="mother").children
    assert [text[slice(*k.announced[0])] for k in kids[1:]] == ["the two younger", "the two younger"]
    assert kids[0].announced == []  # "Ffion" opens its item: nothing before her


def test_where_contact_takes_place_is_evidence_never_a_cue() -> None:
    text = "Mother, 30s. Ffion (6) lives with her dad; Rhona sees her at her sister's on Sundays."
    contact = parse_person(text, role="mother", name="Rhona").children[0].contact
    assert contact.value == "regular-contact" and "at her sister's" in {text[s:e] for s, e in contact.spans}
    alone = parse_person("Mother, 30s. Ffion (6) lives with her dad, at her aunt's.", role="mother", name="Rhona").children[0]
    assert alone.contact is None


def test_whose_children_a_header_announces_goes_with_it() -> None:
    text = "Father, 40s. Two girls from a previous relationship: Ffion (12) and Nia (9), with their mum."
    kids = parse_person(text, role="father", name="Gus").children
    assert {text[slice(*k.announced[0])] for k in kids} == {"Two girls from a previous relationship"}


def test_seen_by_a_worker_at_the_service_is_engagement_evidence(tmp_path: Path) -> None:
    graph = _graph(tmp_path, 'Q1,Rhona,Mother,"Mother, 30s, Wales. Seen by the specialist nurse at T1 monthly."')
    assert "Seen by the specialist nurse at T1" in _relation_quotes(graph, "engages-with", "Q1", "T1")


def test_opioid_replacement_therapy_is_treatment_said_whole() -> None:
    text = "Mother, 30s. Lives with her partner Alun, who is on opioid replacement therapy."
    held = parse_person(text, role="mother").facts["partner_in_treatment"]
    assert held.value is True and text[held.span[0]:held.span[1]].endswith("on opioid replacement therapy")
