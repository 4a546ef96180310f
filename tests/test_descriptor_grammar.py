"""The descriptor grammar, form by form, in words that are in no devset (names, places and phrasings of our own).

Fenella is a mother participant (initial F), Gordon a father (initial G).
"""

from __future__ import annotations

import pytest

from graphkit.data import load_toml
from graphkit.extract import kin
from graphkit.extract.descriptors import parse_person


def _kids(text: str, role: str = "mother", known_ids: frozenset[str] = frozenset()) -> list:
    name = "Fenella" if role == "mother" else "Gordon"
    return parse_person(text, role=role, name=name, known_ids=known_ids).children


def _one(text: str, role: str = "mother", known_ids: frozenset[str] = frozenset()):
    kids = _kids(text, role, known_ids)
    assert len(kids) == 1, [(k.name, k.age) for k in kids]
    return kids[0]


def _care(child) -> str | None:
    return child.arrangement.value if child.arrangement else None


def _contact(child) -> str | None:
    return child.contact.value if child.contact else None


# ---------------------------------------------------------------- ages


@pytest.mark.parametrize(
    "text, age, group",
    [
        ("Son Hector (7) lives with her.", 7, "0-16"),
        ("Her son, Cormac, 9, lives with his gran.", 9, "0-16"),
        ("A son aged 11 lives at home.", 11, "0-16"),
        ("Jasper 4yo at home w/ F.", 4, "0-16"),
        ("DD Petra 13 y/o w/ her dad in Carlisle.", 13, "0-16"),
        ("Son Wilf (15 yrs) lives with her.", 15, "0-16"),
        ("DS Quentin (c.30) – own flat in Brechin.", 30, "over-16"),
        ("Daughter Una (~3) at home.", 3, "0-16"),
        ("Her daughter, Nadia, approx 20, lives independently.", 20, "over-16"),
        ("Her son, Oisin, nearly six, lives with F.", 6, "0-16"),
        ("Her daughter, Ines, eleven, lives with her.", 11, "0-16"),
        ("Baby Zara (8 mths) at home.", 0, "0-16"),
        ("Her daughter, Zara, 7 months old, lives at home.", 0, "0-16"),
        ("Yusuf, sixteen, lives with his dad (son).", 16, "0-16"),
        ("Son Yusuf (16) lives with his dad.", 16, "0-16"),
    ],
)
def test_age_forms(text: str, age: int, group: str) -> None:
    child = _one(text)
    assert (child.age, child.age_group) == (age, group)


@pytest.mark.parametrize(
    "text, group",
    [
        ("Her son Rowan, a toddler, lives at home.", "0-16"),
        ("Her daughter Zara, a baby, lives at home.", "0-16"),
        ("Daughter Sorcha, in her teens, lives in a children's home.", "0-16"),
        ("Son Torin, late teens, w/ his dad.", "over-16"),
        ("Daughter Elspeth (in her thirties) has her own place.", "over-16"),
        ("Son Hector, mid-teens, lives with his dad.", "0-16"),
        ("One grown-up son in Dundee.", "over-16"),
    ],
)
def test_age_words_give_the_group(text: str, group: str) -> None:
    assert _one(text).age_group == group


def test_a_year_is_not_an_age() -> None:
    child = _one("Son Hector (9) – whereabouts unknown (lost touch when his mum moved away c. 2014).", role="father")
    assert (child.age, _care(child)) == (9, "unknown")


# ---------------------------------------------------------------- sex


@pytest.mark.parametrize(
    "text, role, sex",
    [
        ("DS Hector (7) at home.", "mother", "m"),
        ("DD Bryony (7) at home.", "mother", "f"),
        ("Her eldest, Cormac (12), lives with his nan.", "mother", "m"),
        ("Petra (5), a wee girl, lives at home.", "mother", "f"),
        ("Nadia (9) lives with her mum in Fife.", "father", "f"),
        ("Oisin (9) lives with his dad in Fife.", "mother", "m"),
        ("Her eldest, Una, 15, lives with her dad; she stays with Fenella at weekends.", "mother", "f"),
        ("Torin (9) lives with his mum; he sees Gordon on Sundays.", "father", "m"),
    ],
)
def test_sex(text: str, role: str, sex: str) -> None:
    assert _one(text, role).sex == sex


# ---------------------------------------------------------------- lists


def test_count_then_list_in_clipped_notes() -> None:
    kids = _kids("F, 40s. 3 ch.: Hector 15 – w/ his dad; Bryony 11 – at home; Wilf 2 – at home.")
    assert [(k.name, k.age, _care(k)) for k in kids] == [("Hector", 15, "with-father"), ("Bryony", 11, "with-parent"),
                                                          ("Wilf", 2, "with-parent")]


def test_line_breaks_separate_items() -> None:
    kids = _kids("Mother, 30s.\nTwo children:\nHector (7) - with his dad\nBryony (4) - at home", role="mother")
    assert [(k.name, _care(k)) for k in kids] == [("Hector", "with-father"), ("Bryony", "with-parent")]


def test_coordination_shares_ages_and_predicate() -> None:
    kids = _kids("Hector and Bryony, 10 and 8, both live with their nan, who has a kinship care order.")
    assert [(k.name, k.age, _care(k), k.carer) for k in kids] == [
        ("Hector", 10, "kinship-care", "grandmother"), ("Bryony", 8, "kinship-care", "grandmother")]


def test_one_age_after_a_pair_is_shared() -> None:
    kids = _kids("Twins Petra and Quentin, 5, both with their mum; Gordon has them every Sunday.", role="father")
    assert [(k.name, k.age, _care(k), _contact(k)) for k in kids] == [
        ("Petra", 5, "with-mother", "regular-contact"), ("Quentin", 5, "with-mother", "regular-contact")]


def test_twins_are_two() -> None:
    kids = _kids("Twin boys (6) were adopted in 2021.")
    assert [(k.sex, k.age, _care(k)) for k in kids] == [("m", 6, "adopted"), ("m", 6, "adopted")]


def test_a_count_with_its_ages() -> None:
    kids = _kids("Two sons (8, 5) in foster care.")
    assert [(k.age, _care(k)) for k in kids] == [(8, "foster-care"), (5, "foster-care")]


def test_the_two_youngest_name_the_list_that_follows() -> None:
    kids = _kids("4 kids: Nadia 19 – own flat; Oisin 15 – w/ F; the two youngest Una (6) & Wilf (3) – foster placement.")
    assert [(k.name, _care(k)) for k in kids] == [("Nadia", "independent"), ("Oisin", "with-parent"),
                                                  ("Una", "foster-care"), ("Wilf", "foster-care")]


def test_a_later_sentence_about_the_younger_ones_gives_their_contact() -> None:
    kids = _kids("Three children. Hector, 17, lives with his dad. Bryony and Wilf, 8 and 6, live with Fenella's aunt. "
                 "Fenella sees the two younger ones every Tuesday.")
    assert [(k.name, _contact(k)) for k in kids] == [("Hector", None), ("Bryony", "regular-contact"), ("Wilf", "regular-contact")]


def test_a_number_after_a_name_in_a_list_is_its_age() -> None:
    kids = _kids("Two kids: Bryony 12 – at home; Cormac 10 – w/ his dad.")
    assert [(k.name, k.age, _care(k)) for k in kids] == [("Bryony", 12, "with-parent"), ("Cormac", 10, "with-father")]


def test_a_semicolon_note_goes_on_about_the_same_child() -> None:
    child = _one("Daughter Ines, 12, lives with her father; contact at his flat, supervised by social work, monthly.")
    assert (_care(child), _contact(child)) == ("with-father", "supervised-contact")


def test_a_phrase_about_the_parent_is_not_the_childs() -> None:
    facts = parse_person("Mother, 30s, lives alone in Dumfries. Son Hector (7) lives with his dad, stays with Fenella at weekends.",
                         role="mother", name="Fenella")
    assert facts.facts["household"].value == "single"
    assert [(_care(k), _contact(k)) for k in facts.children] == [("with-father", "regular-contact")]


def test_a_visit_is_not_where_the_child_lives() -> None:
    child = _one("Son Cormac (8) lives with his nan and stays with Gordon every second Saturday.", role="father")
    # "his nan" is the boy's own nan: which side is not said, so the label does not say it either
    assert (_care(child), child.carer, _contact(child)) == ("kinship-care", "grandmother", "regular-contact")


# ---------------------------------------------------------------- kin by composition


@pytest.mark.parametrize(
    "text, role, care, carer",
    [
        ("Son Hector (9) w/ his ex's brother.", "father", "kinship-care", "maternal uncle"),
        ("Daughter Bryony (4) staying with her partner's dad.", "mother", "kinship-care", "paternal grandfather"),
        ("Wilf (6) – SGO to the children's maternal grandad.", "mother", "kinship-care", "maternal grandfather"),
        ("Una (13) – w/ G's aunt.", "father", "kinship-care", "paternal great-aunt"),
        ("Cormac (10) lives with Gordon's sister.", "father", "kinship-care", "paternal aunt"),
        ("Petra (15) lives with her big sister.", "mother", "kinship-care", "sister"),
        ("Quentin (12) lives with a family friend.", "mother", "kinship-care", "family friend"),
        ("Ines (9) lives with her mum in Ayr.", "father", "with-mother", "mother"),
        ("Torin (11) lives with his dad's parents.", "mother", "kinship-care", "paternal grandparents"),
        ("Oisin (7) lives in his father's care.", "mother", "with-father", "father"),
        ("Nadia (8) lives with Tariq, her dad.", "mother", "with-father", "father"),
    ],
)
def test_kin_chains_seen_from_the_child(text: str, role: str, care: str, carer: str) -> None:
    child = _one(text, role)
    assert (_care(child), child.carer) == (care, carer)


def test_apposition_refines_the_carer_and_gives_its_id() -> None:
    kids = _kids("Jasper and Wilf, 8 and 5, live with their nan (Fenella's mother, FM9).", known_ids=frozenset({"FM9"}))
    assert [(k.carer, k.carer_id) for k in kids] == [("maternal grandmother", "FM9")] * 2


@pytest.mark.parametrize(
    "owner, terms, sex, side, label, arrangement",
    [
        ("participant", ["ex", "sister"], "m", "", "maternal aunt", "kinship-care"),
        ("participant", ["partner", "mum"], "f", "", "paternal grandmother", "kinship-care"),
        ("child", ["gran"], "f", "m", "paternal grandmother", "kinship-care"),
        ("participant", ["aunt"], "f", "", "maternal great-aunt", "kinship-care"),
        ("participant", ["mother", "sister"], "m", "", "paternal great-aunt", "kinship-care"),
        ("participant", ["son"], "f", "", "brother", "kinship-care"),
        ("child", ["dad"], "f", "", "father", "with-father"),
        ("child", ["mum"], "f", "", "mother", "with-parent"),
        ("other-parent", ["brother"], "f", "", "paternal uncle", "kinship-care"),
        ("child", ["stepdad"], "m", "", "step-father", "kinship-care"),
        ("child", ["cousin"], "f", "", "cousin", "kinship-care"),
        ("child", ["great-aunt"], "f", "f", "maternal great-aunt", "kinship-care"),
    ],
)
def test_kin_resolve(owner: str, terms: list[str], sex: str, side: str, label: str, arrangement: str) -> None:
    person = kin.resolve(owner, terms, sex, side=side)
    assert (person.label, kin.arrangement(person, sex)) == (label, arrangement)


def test_kin_phrases_found_with_owner_and_side() -> None:
    found = kin.find_phrases("placed with the bairns' paternal granny and her man's sister")
    assert [(p.owner, p.side, p.terms) for p in found] == [("the bairns'", "m", ("granny",)), ("", "", ("sister",))]


# ---------------------------------------------------------------- legal and service shorthand

SHORTHAND_CASES = {
    "looked-after": ("Cormac (9) – LAC, placement not yet named.", "foster-care", None),
    "looked-after-at-home": ("Hector (7) is looked after at home.", "with-parent", None),
    "foster-care": ("Hector (7) has a foster placement in Falkirk.", "foster-care", None),
    "section-20": ("Bryony (4) accommodated under s.20 since the spring.", "foster-care", None),
    "section-25": ("Bryony (4) – section 25, voluntary.", "foster-care", None),
    "care-order": ("Wilf (2) on an interim care order.", "foster-care", None),
    "permanence-order": ("Una (6) – permanence order granted last year.", "foster-care", None),
    "special-guardianship": ("Ines (10) – SGO to her maternal aunt.", "kinship-care", None),
    "kinship-care-order": ("Ines (10) – KCO to Fenella's dad.", "kinship-care", None),
    "kinship-informal": ("Jasper (8) – connected carer placement.", "kinship-care", None),
    "section-11": ("Oisin (12) – s.11 order to his dad.", "with-father", None),
    "compulsory-supervision-order": ("Rowan (3) lives with F, on a CSO.", "with-parent", None),
    "condition-of-residence": ("Rowan (3) – CSO with a condition of residence with his gran.", "kinship-care", None),
    "residential": ("Sorcha (14) in a children's home in Kilmarnock.", "residential-care", None),
    "adoption": ("Wilf (4) placed for adoption in 2020.", "adopted", None),
    "placement-order": ("Wilf (2) – placement order made.", "adopted", None),
    "letterbox": ("Wilf (4) adopted; letterbox twice a year.", "adopted", "indirect-contact"),
    "whereabouts-unknown": ("Hector (19) – address unknown.", "unknown", None),
    "own-tenancy": ("Nadia (21) has her own tenancy in Stirling.", "independent", None),
    "university-halls": ("Nadia (19) in student halls in Aberdeen.", "independent", None),
    "no-contact": ("Petra (12) w/ her dad – NC.", "with-father", "no-contact"),
    "child-protection": ("Hector (7), on the CP register.", None, None),
    "child-in-need": ("Hector (7), child in need plan since June.", None, None),
    "pre-proceedings": ("Hector (7) – PLO since March.", None, None),
    "protection-process": ("Hector (7), case conference next month.", None, None),
}


@pytest.mark.parametrize("key", sorted(SHORTHAND_CASES))
def test_shorthand_entry(key: str) -> None:
    text, care, contact = SHORTHAND_CASES[key]
    child = _one(text, "mother")
    assert (_care(child), _contact(child)) == (care, contact)


def test_every_shorthand_entry_has_a_case() -> None:
    assert set(load_toml("shorthand.toml")) == set(SHORTHAND_CASES)


def test_a_protection_plan_does_not_move_a_child() -> None:
    assert _care(_one("Hector (7) at home with F; CP plan since May.")) == "with-parent"


def test_a_named_placement_beats_a_legal_status() -> None:
    assert _care(_one("Una (6) – LAC, residential unit in Paisley.")) == "residential-care"


# ---------------------------------------------------------------- nothing invented


@pytest.mark.parametrize(
    "text, role",
    [
        ("Mother, 20s. Pregnant with her first baby (20 wks).", "mother"),
        ("Father, 20s; his first child is due in May.", "father"),
        ("Mother, 30s. Expecting a baby in June; no other children.", "mother"),
        ("Father, 40s. Lives with partner Petra and her three children.", "father"),
        ("Mother, 40s. Her partner's two kids stay at weekends.", "mother"),
        ("Father, 50s. Two stepsons, both adults.", "father"),
        ("Father, 50s. Grandad x3.", "father"),
        ("Family member: Fenella's partner. Has no children of her own.", "family-member"),
    ],
)
def test_not_the_participants_children(text: str, role: str) -> None:
    assert _kids(text, role) == []


def test_a_childs_own_children_are_grandchildren() -> None:
    kids = _kids("DS Quentin (30) – own flat, 2 kids of his own; DD Nadia (27) has a baby girl and a flat in Leith.", role="father")
    assert [k.name for k in kids] == ["Quentin", "Nadia"]


def test_an_aside_in_brackets_is_not_a_child() -> None:
    kids = _kids("Son Wilf (4) lives with Fenella (her child with her ex, not Gordon's).")
    assert [k.name for k in kids] == ["Wilf"]


# ---------------------------------------------------------------- other hands


def test_a_predicate_after_a_list_of_names_with_ages_covers_them_all() -> None:
    kids = _kids("Children: Rowan, 9, and Sorcha, 6, live with maternal grandparents; contact weekly.")
    assert [(k.name, k.age, _care(k), k.carer, _contact(k)) for k in kids] == [
        ("Rowan", 9, "kinship-care", "maternal grandparents", "regular-contact"),
        ("Sorcha", 6, "kinship-care", "maternal grandparents", "regular-contact")]


def test_an_age_before_the_noun() -> None:
    child = _one("Has a 6-year-old son who lives with his father in Oban.")
    assert (child.age, child.sex, _care(child)) == (6, "m", "with-father")


def test_names_with_capitals_inside_and_accents() -> None:
    kids = _kids("Two children: McKenzie (7) and Zoë (4), both at home.")
    assert [k.name for k in kids] == ["McKenzie", "Zoë"]


def test_brackets_after_each_name_give_their_own_care() -> None:
    kids = _kids("Children: Wilf 12 (lives with dad), Una 8 (foster care).")
    assert [(k.name, _care(k)) for k in kids] == [("Wilf", "with-father"), ("Una", "foster-care")]


def test_in_the_care_of_the_local_authority() -> None:
    assert _care(_one("Son Hector (13) is in the care of the local authority.")) == "foster-care"


# ---------------------------------------------------------------- doubt is shown


def test_a_count_the_list_does_not_match_is_a_doubt() -> None:
    kids = _kids("Three children: Hector (7) at home; Bryony (4) at home.")
    assert [k.doubts for k in kids] == [["the descriptor announces 3 children and names 2 after it"], []]


def test_nested_counts_that_add_up_are_no_doubt() -> None:
    kids = _kids("3 kids: Wilf, a toddler, at home. Two older girls from before: Una 15 – w/ her dad; Ines 12 – w/ her dad.",
                 role="father")
    assert [k.doubts for k in kids] == [[], [], []]


def test_a_carer_of_no_known_relation_is_a_doubt() -> None:
    child = _one("Son Hector (7) lives with Morwenna's mum.")
    assert (_care(child), child.carer) == ("kinship-care", "Morwenna’s mum".replace("’", "'"))
    assert child.doubts and "Morwenna" in child.doubts[0]


def test_children_are_a_list_introduced_by_a_verb() -> None:
    kids = _kids("Mother. Children are Oisin (10) and Petra (7); they live with her sister, their aunt Moira, under a kinship arrangement.")
    assert [(k.name, _care(k), k.carer) for k in kids] == [("Oisin", "kinship-care", "maternal aunt"), ("Petra", "kinship-care", "maternal aunt")]


def test_a_count_with_an_age_list() -> None:
    kids = _kids("Mother, 35. Three children aged 12, 9 and 4, all in foster care.")
    assert [(k.age, _care(k)) for k in kids] == [(12, "foster-care"), (9, "foster-care"), (4, "foster-care")]


def test_a_later_sentence_about_contact_covers_the_children() -> None:
    kids = _kids("Fenella's children: Yusuf (15) and Zara (13) live with their father. She has no contact.")
    assert [(k.name, _care(k), _contact(k)) for k in kids] == [("Yusuf", "with-father", "no-contact"), ("Zara", "with-father", "no-contact")]


def test_clipped_notes_with_abbreviated_kin_and_placements() -> None:
    kids = _kids("F, 41. Kids: DD (13) w/ paternal gps under SGO; DS (9) LAC - resi unit.")
    assert [(k.sex, k.age, _care(k), k.carer) for k in kids] == [("f", 13, "kinship-care", "paternal grandparents"),
                                                               ("m", 9, "residential-care", "residential care")]


def test_a_plural_with_no_number_is_one_child_and_a_doubt() -> None:
    child = _one("Mother, 30s. Her kids live with her mum.")
    assert (_care(child), child.carer, child.doubts) == ("kinship-care", "maternal grandmother", ["'Her kids' gives no number: read as one child"])


def test_a_past_placement_is_not_the_current_one() -> None:
    child = _one("Son Hector (12) was in foster care until 2020, now lives with his gran in Troon.")
    assert (_care(child), child.carer) == ("kinship-care", "grandmother")
    child = _one("Daughter Una (9) used to live with her dad; back home with F since March.")
    assert _care(child) == "with-parent"


def test_a_bracket_can_hold_the_name_the_sexes_or_the_predicate() -> None:
    assert [(k.name, k.age) for k in _kids("One son (Leo, 5) lives with her.")] == [("Leo", 5)]
    kids = _kids("Two children (son 14, daughter 11) both live with their father.")
    assert [(k.sex, k.age, _care(k)) for k in kids] == [("m", 14, "with-father"), ("f", 11, "with-father")]
    kids = _kids("Children: Leo (5, lives with her), Mia (3, foster care).")
    assert [(k.name, k.age, _care(k)) for k in kids] == [("Leo", 5, "with-parent"), ("Mia", 3, "foster-care")]


def test_mother_of_a_count() -> None:
    kids = _kids("Mother of four, all in foster care since 2019.")
    assert [_care(k) for k in kids] == ["foster-care"] * 4
    kids = _kids("Dad to 2: Wilf (9) and Una (6), both with their mum.", role="father")
    assert [(k.name, _care(k)) for k in kids] == [("Wilf", "with-mother"), ("Una", "with-mother")]


def test_a_grandmother_of_three_has_no_children_here() -> None:
    assert _kids("Mother, 50s; a grandmother of three.") == []


def test_a_regulation_24_placement_is_kinship_care() -> None:
    assert _care(_one("Hector (4) – Reg 24 placement with his aunt.")) == "kinship-care"


@pytest.mark.parametrize(
    "text",
    [
        "Mother, 40s. Stepson Jasper (12) lives with them.",
        "Mother, 40s. Her step-daughter, Petra, 9, stays at weekends.",
        "Father, 60s. Grandson Wilf (2) stays most weekends.",
        "Mother, 50s. Her niece Una (6) lives with her under a kinship care order.",
        "Father, 30s. His partner's daughter Ines (7) lives with them.",
        "Mother, 30s. Her partner has two kids, Torin (8) and Zara (5), who stay at weekends.",
    ],
)
def test_other_peoples_named_children_are_not_the_participants(text: str) -> None:
    assert _kids(text, "father" if text.startswith("Father") else "mother") == []


def test_a_worker_with_a_number_is_no_child() -> None:
    assert _kids("Mother, 30s. Seen by Dr Okafor 3 times; keyworker Wendy 2 days a week.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Children: 1) Orla, 14 – lives with dad; 2) Bram, 9 – foster care.",
        "Kids:\n- Orla (F, 14) with her dad\n- Bram (M, 9) in foster care",
        "Orla – 14 – with her dad. Bram – 9 – foster care.",
    ],
)
def test_numbered_bulleted_and_dashed_lists(text: str) -> None:
    assert [(k.name, k.age, _care(k)) for k in _kids(text)] == [("Orla", 14, "with-father"), ("Bram", 9, "foster-care")]


def test_sex_letters_in_brackets() -> None:
    assert [k.sex for k in _kids("Kids:\n- Orla (F, 14) with her dad\n- Bram (9, m) in foster care")] == ["f", "m"]


def test_ages_in_brackets_count_an_uncounted_plural() -> None:
    kids = _kids("2 x sons (12, 9) both with paternal grandparents.")
    assert [(k.sex, k.age, k.carer) for k in kids] == [("m", 12, "paternal grandparents"), ("m", 9, "paternal grandparents")]


def test_the_next_sentence_about_the_child_by_its_pronoun() -> None:
    child = _one("Mother, 30s. Torin is 12. He lives with his gran in Largs and sees Fenella on Sundays.")
    assert (child.age, _care(child), _contact(child)) == (12, "kinship-care", "regular-contact")
    child = _one("Mother, 30s. Una is 12. She lives with her gran.")  # "she" may be the mother: no care from it
    assert _care(child) is None


def test_children_with_nothing_said_of_them_are_not_minted() -> None:
    assert _kids("Mother. Children: see interview.") == []


def test_a_later_sentence_about_a_child_by_name() -> None:
    kids = _kids("Two children. Una (9) lives with her dad. Bram (6) lives with Fenella. Una sees Fenella every Sunday.")
    assert [(k.name, _care(k), _contact(k)) for k in kids] == [("Una", "with-father", "regular-contact"), ("Bram", "with-parent", None)]


def test_a_partners_mother_is_a_grandmother_only_to_the_partners_child() -> None:
    child = _one("Their son Wilf (4) lives with her partner's mum.")
    assert child.carer == "paternal grandmother"
    child = _one("Son Wilf (9), from a previous relationship, lives with her partner's mum.")
    assert (_care(child), child.carer) == ("kinship-care", "her partner's mum")  # no kin name fits: the words stand


def test_the_participant_quoted() -> None:
    child = _one("Son Cormac (15) lives with 'ma auntie' in Girvan.")
    assert (_care(child), child.carer) == ("kinship-care", "maternal great-aunt")
    assert [p.owner for p in kin.find_phrases("she's with my mum's sister")] == ["my"]


@pytest.mark.parametrize(
    "text, contact",
    [
        ("Son Wilf (14) lives with his dad; not in touch since 2020.", "no-contact"),
        ("Son Wilf (14) lives with his dad, phone calls and texts only.", "indirect-contact"),
        ("Son Wilf (14) lives with his dad; visits F fortnightly, supervised by a worker.", "supervised-contact"),
        ("Son Wilf (14) lives with his dad; shared care, half the week each.", "coparenting"),
        ("Son Wilf (14) lives with his dad and visits Fenella most weekends.", "regular-contact"),
    ],
)
def test_contact_is_composed(text: str, contact: str) -> None:
    assert _contact(_one(text)) == contact
